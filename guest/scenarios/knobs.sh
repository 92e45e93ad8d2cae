# knobs: root cannot weaken at run time what the kernel booted with. The
# headroom can be raised and lowered again, but not to less room than at
# boot: booted with --cmdline ima.kexec_extra_memory_kb=64, 32 and 0 are
# refused; booted with the default 0 (half a page, 2 KiB with 4 KiB
# pages), 1 is refused and 2 allowed. Strict mode can be switched on, not
# off. Each refused write must fail with EPERM and leave the value as it
# was. Then a load, a few files and execute: all carried.

# try_param NAME VALUE: "ok" if writing VALUE to ima.NAME succeeds, else the
# error the write gave
try_param() {
	local err
	if err=$(sh -c "echo $2 >$IMA_PARAMS/$1" 2>&1); then echo ok; else echo "${err##*: }"; fi
}

# expect_param NAME VALUE WANT AFTER: writing VALUE gives WANT and leaves AFTER
expect_param() {
	local got
	got=$(try_param "$1" "$2")
	say "ima.$1=$2: $got, now $(ima_param "$1")"
	[ "$got" = "$3" ] || fail "ima.$1=$2: expected '$3', got '$got'"
	[ "$(ima_param "$1")" = "$4" ] || fail "ima.$1=$2 left $(ima_param "$1"), expected $4"
}

scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	has_series || fail "knobs needs the series' parameters"
	case $(ima_param kexec_extra_memory_kb) in
	64)
		expect_param kexec_extra_memory_kb 32 "Operation not permitted" 64
		expect_param kexec_extra_memory_kb 0 "Operation not permitted" 64
		expect_param kexec_extra_memory_kb 128 ok 128
		expect_param kexec_extra_memory_kb 64 ok 64
		;;
	0)
		expect_param kexec_extra_memory_kb 1 "Operation not permitted" 0
		expect_param kexec_extra_memory_kb 2 ok 2
		expect_param kexec_extra_memory_kb 0 ok 0
		;;
	*) fail "boot with ima.kexec_extra_memory_kb=64 or 0 (got $(ima_param kexec_extra_memory_kb))" ;;
	esac
	[ "$(ima_param kexec_require_complete)" = N ] || fail "strict mode is on at boot"
	expect_param kexec_require_complete 1 ok Y
	expect_param kexec_require_complete 0 "Operation not permitted" Y
	expect_param kexec_require_complete N "Operation not permitted" Y
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
