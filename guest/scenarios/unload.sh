# unload: load, measure, unload (kexec -s -u), measure, kexec -e with nothing
# loaded (must fail and change nothing), load, measure, execute.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local n0
	n0=$(count_events kexec_load)
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	payload_kexec -s -l || fail "kexec -s -l failed"
	note_load first
	measure_files "hop$IKX_HOP-mid" "$IKX_M"
	kexec -s -u || fail "kexec -s -u failed"
	expect_loaded 0 "after kexec -s -u"
	if kexec -e >/tmp/kexec-e.out 2>&1; then
		fail "kexec -e with nothing loaded returned success"
	fi
	say "kexec -e with nothing loaded: $(tr '\n' ' ' </tmp/kexec-e.out)"
	measure_files "hop$IKX_HOP-unloaded" "$IKX_M"
	payload_kexec -s -l || fail "kexec -s -l after unload failed"
	note_load reload
	expect_events kexec_load $((n0 + 2)) "load, unload, load"
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
