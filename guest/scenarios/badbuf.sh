# badbuf: the next kernel gets mem=ikx.next_mem (default 1G), so that the
# buffer handed over lies outside its memory: it must say so once, boot, and
# start a fresh log (host/check-run: bad-buffer).
#
# Where the segment goes: kexec_file_load() takes the first System RAM range
# (lowest first) with a hole and places it top-down there. A segment that
# fits in the 640 KiB below 0xa0000 lands there, which any kernel maps; so
# ima.kexec_extra_memory_kb is set to ikx.extra_kb (default 1024) first, and
# the segment goes to the top of the main RAM range, near 2 GiB. Every hop
# prints the IMA setup_data it was handed (address and size).

scenario_main() {
	say "IMA setup_data handed to this kernel: $(ima_setup_data)"
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	IKX_NEXT_EXTRA="mem=${IKX_NEXT_MEM:-1G}"
	ima_param kexec_extra_memory_kb "${IKX_EXTRA_KB:-1024}" >/dev/null || say "unpatched kernel: default segment size"
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
