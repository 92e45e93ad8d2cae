# noseg: a kexec_file_load() for which IMA cannot reserve a segment (the
# headroom, ikx.extra_kb, is more than half the RAM, given with mem= on
# the command line). The load succeeds and says once that the new kernel
# gets no list; with ima.kexec_require_complete=1 kexec -e must fail with
# ENOSPC and measurement resume. Then the default headroom is restored, the
# kernel loaded again and executed, and everything is carried.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	has_series || fail "noseg needs the series (ima.kexec_require_complete)"
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	say "ima.kexec_extra_memory_kb=$(ima_param kexec_extra_memory_kb "${IKX_EXTRA_KB:-262144}")"
	say "ima.kexec_require_complete=$(ima_param kexec_require_complete 1)"
	kexec_load_next
	dmesg | grep -q "ima: kexec: the kernel being loaded will get no measurement list" ||
		fail "the load did not say that the new kernel gets no list"

	kexec_exec_refused
	dmesg | grep -q "ima: kexec: refused, the loaded kernel has no room" ||
		fail "no 'ima: kexec: refused' message in the kernel log"
	measure_one "hop$IKX_HOP-after-refusal"
	report refused
	say "ima.kexec_extra_memory_kb=$(ima_param kexec_extra_memory_kb 256)"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
