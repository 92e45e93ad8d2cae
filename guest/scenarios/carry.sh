# carry: on every hop but the last, measure files, load the next kernel with
# kexec_file_load, measure ikx.m more files (the records the base kernel
# loses), report, kexec -e. The last hop reports and powers off.
scenario_main() {
	report boot
	if [ "$IKX_HOP" -ge "$IKX_HOPS" ]; then
		finish
	fi
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
