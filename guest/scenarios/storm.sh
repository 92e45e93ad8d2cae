# storm: like carry, then ikx.workers (default 4) background loops create
# and read new files as fast as they can for the last ikx.storm_s (default 1)
# seconds before kexec -e and while it runs. The pre-exec snapshot is taken
# before the storm; the next kernel's log has to replay to PCR 10, so every
# record that reached the PCR was carried, storm records included.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local w=1 snap
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	snap=$(record_count)
	while [ "$w" -le "${IKX_WORKERS:-4}" ]; do
		storm_worker "hop$IKX_HOP-storm$w" &
		w=$((w + 1))
	done
	sleep "${IKX_STORM_S:-1}"
	say "storm: $(($(record_count) - snap)) records since the snapshot, still running"
	kexec_exec
}
