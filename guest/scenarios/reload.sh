# reload: load, measure, load again (the second image replaces the first),
# measure, execute. The second load's segment is the one carried; the first
# image and its mapping are released. The base copies at the second load, so
# it loses what is measured after it.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local n0
	n0=$(count_events kexec_load)
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	payload_kexec -s -l || fail "first kexec -s -l failed"
	note_load first
	measure_files "hop$IKX_HOP-mid" "$IKX_M"
	payload_kexec -s -l || fail "second kexec -s -l failed"
	note_load second
	expect_loaded 1 "after the second load"
	expect_events kexec_load $((n0 + 2)) "two loads"
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
