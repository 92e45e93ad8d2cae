# storm: like carry, then ikx.workers (default 4) background loops create
# and read new files as fast as they can for the last ikx.storm_s (default 1)
# seconds before kexec -e and while it runs. The pre-exec snapshot is taken
# before the storm; the next kernel's log has to replay to PCR 10, so every
# record that reached the PCR was carried, storm records included.
# ikx.storm_at=load also storms during kexec -s -l, stopped before the
# snapshot: records are added while the patched kernel writes the list into
# the segment at load.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local snap
	STORM_PIDS=
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	if [ "${IKX_STORM_AT:-exec}" = load ]; then
		storm_start load
		kexec_load_next
		storm_stop
	else
		kexec_load_next
	fi
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	snap=$(record_count)
	storm_start
	sleep "${IKX_STORM_S:-1}"
	say "storm: $(($(record_count) - snap)) records since the snapshot, still running"
	kexec_exec
}

# storm_start [TAG]: start the workers, their files named hopK-stormTAGn
storm_start() {
	local w=1
	while [ "$w" -le "${IKX_WORKERS:-4}" ]; do
		storm_worker "hop$IKX_HOP-storm$1$w" &
		STORM_PIDS="$STORM_PIDS $!"
		w=$((w + 1))
	done
}

storm_stop() {
	# shellcheck disable=SC2086 # a list of pids
	kill $STORM_PIDS
	wait $STORM_PIDS 2>/dev/null
	STORM_PIDS=
	say "storm: stopped at $(record_count) records"
}
