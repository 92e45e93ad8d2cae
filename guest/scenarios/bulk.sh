# bulk: large logs. On every hop but the last, set ima.kexec_extra_memory_kb
# to ikx.extra_kb (default 8192), load, measure ikx.m files (tests/cases-long:
# 34000 per hop, 100k+ records in the last kernel over 3 kexec hops), report,
# kexec -e. An ima-ng record of these files takes ~112 bytes, so 34000 of
# them need ~3.7 MiB of headroom after the load; 8 MiB leaves room.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	ima_param kexec_extra_memory_kb "${IKX_EXTRA_KB:-8192}" >/dev/null || say "unpatched kernel: default segment size"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	say "measured $IKX_M files after the load, $(record_count) records"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
