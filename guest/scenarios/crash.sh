# crash: needs crashkernel= on the first kernel's command line. Load a crash
# kernel with kexec -s -p before and after a normal kexec -s -l, and with the
# kexec_load syscall (kexec -p) too where kexec-tools can (it needs
# /proc/kcore, i.e. CONFIG_PROC_KCORE); crash images get no IMA segment (no
# kexec_load event), the normal image stays loaded, and its soft reboot
# carries everything.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local n0
	[ "$(cat /sys/kernel/kexec_crash_size)" -gt 0 ] || fail "no crash kernel memory reserved (crashkernel=)"
	n0=$(count_events kexec_load)
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	payload_kexec -s -p || fail "kexec -s -p (before the normal load) failed"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "kexec -s -p: no crash image loaded"
	expect_events kexec_load "$n0" "crash image loaded with kexec -s -p"
	measure_files "hop$IKX_HOP-crash1" "$IKX_PRE"
	payload_kexec -s -l || fail "kexec -s -l failed"
	note_load normal
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	payload_kexec -s -p || fail "kexec -s -p (after the normal load) failed"
	if [ -e /proc/kcore ]; then
		payload_kexec -p || fail "kexec -p (kexec_load syscall) failed"
	else
		say "kexec -p (kexec_load syscall) skipped: kexec-tools needs /proc/kcore (CONFIG_PROC_KCORE)"
	fi
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "no crash image loaded"
	expect_loaded 1 "after the crash loads"
	expect_events kexec_load $((n0 + 1)) "one normal load, crash loads"
	measure_files "hop$IKX_HOP-post2" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$((IKX_M * 2))"
	kexec_exec
}
