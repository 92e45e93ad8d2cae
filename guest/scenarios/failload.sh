# failload: a kexec_file_load() that fails after IMA added its segment must
# not be measured as a load. Load, try an image the arch's loader rejects
# (oversized_kernel), load again, execute. The pre-exec report says how many
# kexec_load events the failed load added (host/check-run:
# failed-load-unmeasured; unpatched mainline 7.2.13 records one).
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local before after
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	payload_kexec -s -l || fail "kexec -s -l failed"
	note_load good
	oversized_kernel /tmp/ikx-oversized
	before=$(count_events kexec_load)
	if kexec -s -l /tmp/ikx-oversized --initrd=/boot/initrd --append="$(next_cmdline)" >/tmp/kexec.out 2>&1; then
		fail "kexec -s -l of an oversized image succeeded"
	fi
	after=$(count_events kexec_load)
	say "the oversized image failed to load ($(tail -n 1 /tmp/kexec.out)); kexec_load events: $before -> $after"
	expect_loaded 1 "after the failed load"
	payload_kexec -s -l || fail "kexec -s -l after the failed load failed"
	note_load "good, after the failed load"
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M" \
		failed_load_events=$((after - before))
	kexec_exec
}
