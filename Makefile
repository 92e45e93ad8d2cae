# Entry points. The work happens in host/ scripts; see README.md.
#   make demo    soft-reboot attestation demo, patched vs unpatched
#                (GUEST=debian: on Debian 12 with systemd, systemctl kexec)
#   make check   all tests (what CI runs)
#   make bench   figures, patched vs unpatched (not a test; see README.md)
ARCH ?= x86_64
export ARCH
# The base kernel: base/$(BASE).pin, e.g. make demo BASE=6.12 (6.1, 6.12, 7.2).
BASE ?= 6.1
export BASE
# The guest: busybox (an initramfs, the test guest) or debian (Debian 12 with
# systemd, soft-rebooted by `systemctl kexec`), e.g. make demo GUEST=debian.
GUEST ?= busybox
export GUEST

.PHONY: demo check check-debug check-long bench deps base series export-series kernels initramfs run-base run-series clean

demo:
	host/demo

check:
	tests/run --ci

# The carry-over tests on KASAN/lockdep kernels (config/debug.config,
# built in $IMA_KEXEC_WORK/$(BASE)/trees/<tree>/.build-$(ARCH)-debug).
check-debug:
	DEBUG=1 tests/run carry-base carry-series

# The long target before every release of the queue (tests/matrix.md): the
# matrix on debug kernels and 100,000+ records over three hops.
check-long:
	tests/run-long

# Benchmark kernels (config/bench.config, built in
# $IMA_KEXEC_WORK/$(BASE)/trees/<tree>/.build-$(ARCH)-bench);
# BENCH_ARGS passes options to bench/run (bench/run --help).
bench: deps
	bench/run $(BENCH_ARGS)

deps:
	host/install-deps

base: deps
	host/prepare-base

series: base
	host/apply-series series

export-series:
	host/export-series series

kernels: series
	host/build-kernel base
	host/build-kernel series

initramfs: deps
	host/make-initramfs

run-base: deps initramfs
	host/build-kernel base
	host/run-scenario --tree base --scenario carry --hops 2 --expect lost

run-series: series initramfs
	host/build-kernel series
	host/run-scenario --tree series --scenario carry --hops 2 --expect carried

# Removes builds and run outputs under $IMA_KEXEC_WORK; keeps the base repo,
# the trees and anything else there.
clean:
	host/clean
