# overflow: set ima.kexec_extra_memory_kb to ikx.extra_kb (default 0) before
# the load, then measure ikx.m files after it, far more than the segment
# holds. The base has no such parameter and loses them all anyway.
#
# Default policy: kexec -e goes ahead; the next kernel gets the complete
# records that fit and no kexec_execute event (host/check-run: truncated).
#
# ikx.strict=1 sets ima.kexec_require_complete: kexec -e must fail with
# ENOSPC and leave the image loaded; measurement must resume (a file read
# afterwards is in the list), the list must still replay (report
# "refused"); then the default headroom is restored (ikx.reload_kb, 256),
# the kernel loaded again and executed, and everything is carried.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local strict=${IKX_STRICT:-0}
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	if has_series; then
		say "ima.kexec_extra_memory_kb=$(ima_param kexec_extra_memory_kb "${IKX_EXTRA_KB:-0}")"
		[ "$strict" = 1 ] && say "ima.kexec_require_complete=$(ima_param kexec_require_complete 1)"
	else
		say "unpatched kernel: no ima.kexec_extra_memory_kb, no ima.kexec_require_complete"
		strict=0
	fi
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	[ "$strict" = 1 ] || kexec_exec

	kexec_exec_refused
	dmesg | grep -q "ima: kexec: refused, the measurement list" ||
		fail "no 'ima: kexec: refused' message in the kernel log"
	measure_one "hop$IKX_HOP-after-refusal"
	report refused
	say "ima.kexec_extra_memory_kb=$(ima_param kexec_extra_memory_kb "${IKX_RELOAD_KB:-256}")"
	kexec_load_next
	measure_files "hop$IKX_HOP-post2" "$IKX_PRE"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_PRE"
	kexec_exec
}
