# legacy: the kexec_load syscall (kexec -c -l) carries no list, with or
# without the series: the next kernel starts a fresh log (host/check-run:
# fresh). Odd hops load with kexec -c -l only; even hops load with kexec -s -l
# first and replace that image with kexec -c -l.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	if [ $((IKX_HOP % 2)) = 0 ]; then
		payload_kexec -s -l || fail "kexec -s -l failed"
		note_load "kexec_file_load, to be replaced"
		measure_files "hop$IKX_HOP-mid" "$IKX_M"
	fi
	payload_kexec -c -l || fail "kexec -c -l failed"
	note_load "kexec_load syscall"
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
