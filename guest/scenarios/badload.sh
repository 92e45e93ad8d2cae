# badload: load a good kernel, measure, then try loads that fail: a kernel
# image whose size no RAM hole can hold and (x86) a command line longer than
# the kernel accepts (both fail after IMA reserved its segment), a directory
# as initrd and a missing kernel (both fail before). Each must leave the good
# image loaded and measure no kexec_load event. Hop 1 then loads again and
# executes; hop 2 executes the image that survived the failed loads.
BAD=/tmp/ikx-bad

# try_bad_load WHAT ARGS...: kexec ARGS must fail and change nothing.
try_bad_load() {
	local what=$1 n
	shift
	n=$(count_events kexec_load)
	if kexec "$@" >"$BAD/out" 2>&1; then
		fail "kexec $what: loaded, expected a failure"
	fi
	say "kexec $what failed as expected: $(tail -n 1 "$BAD/out")"
	expect_loaded 1 "after the failed load ($what)"
	expect_events kexec_load "$n" "failed load ($what)"
}

scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local n0 long i
	n0=$(count_events kexec_load)
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	payload_kexec -s -l || fail "kexec -s -l failed"
	note_load good
	measure_files "hop$IKX_HOP-mid" "$IKX_M"

	mkdir -p "$BAD/dir"
	oversized_kernel "$BAD/kernel"
	try_bad_load "-s -l (image size 0xf0000000)" -s -l "$BAD/kernel" --initrd=/boot/initrd --append="$(next_cmdline)"
	# arm64's loader copies the command line into the device tree whatever
	# its length; only x86's bzImage loader refuses a long one.
	if [ "$(uname -m)" = x86_64 ]; then
		long=ikx.pad=
		i=0
		while [ $i -lt 300 ]; do long="${long}0123456789"; i=$((i + 1)); done
		try_bad_load "-s -l (3 KiB command line)" -s -l /boot/kernel --initrd=/boot/initrd --append="$(next_cmdline) $long"
		dmesg | grep -q 'kexec-bzImage64: Kernel command line too long' ||
			fail "the 3 KiB command line did not fail in the kernel's bzImage loader"
	fi
	try_bad_load "-s -l (initrd is a directory)" -s -l /boot/kernel --initrd="$BAD/dir" --append="$(next_cmdline)"
	try_bad_load "-s -l (no such kernel)" -s -l "$BAD/missing" --initrd=/boot/initrd --append="$(next_cmdline)"
	measure_files "hop$IKX_HOP-failed" "$IKX_M"

	if [ $((IKX_HOP % 2)) = 1 ]; then
		payload_kexec -s -l || fail "kexec -s -l after the failed loads failed"
		note_load "good, after the failed loads"
		expect_events kexec_load $((n0 + 2)) "good load, failed loads, good load"
	else
		say "executing the image loaded before the failed loads"
		expect_events kexec_load $((n0 + 1)) "good load, failed loads"
	fi
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
