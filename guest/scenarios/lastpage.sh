# lastpage: the next kernel gets mem= ikx.overhang pages (default 1) below
# the end of the IMA segment, so that the buffer it is handed over ends
# beyond its memory. kexec_file_load() adds IMA's segment first and places
# it top-down in the highest System RAM range, so the segment ends where that
# range ends; the pre-exec report says where that is. The list is made to
# reach into the segment's last page, which a kernel that accepts the
# buffer then reads. The next kernel must reject the buffer (host/check-run:
# bad-buffer) and give back the pages of it that it maps (released); its
# boot report says how the buffer lies against mem= (overhang) and how
# many of those pages are still reserved (/proc/kpageflags).

# buffer_pages: "overhang=BYTES mapped=PAGES reserved=PAGES" for the buffer
# handed over and this kernel's mem= (its pages below mem= that are mapped,
# and how many of them the page allocator does not have: KPF_RESERVED).
buffer_pages() {
	local addr size mem pfn end flags mapped=0 reserved=0
	# shellcheck disable=SC2046 # two numbers
	set -- $(ima_setup_data)
	[ $# = 2 ] || { echo "overhang=none"; return; }
	addr=$(($1)) size=$(($2))
	mem=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^mem=//p')
	pfn=$((addr / 4096)) end=$((mem / 4096))
	while [ "$pfn" -lt "$end" ]; do
		flags=$(dd if=/proc/kpageflags bs=8 skip="$pfn" count=1 2>/dev/null | od -A n -t u8 | tr -d ' ')
		mapped=$((mapped + 1))
		[ $(((flags >> 32) & 1)) = 0 ] || reserved=$((reserved + 1))
		pfn=$((pfn + 1))
	done
	echo "overhang=$((addr + size - mem)) mapped=$mapped reserved=$reserved"
}

# ram_top: the end (exclusive) of the highest System RAM range.
ram_top() {
	awk -F '[- :]+' '/^[0-9a-f]+-[0-9a-f]+ : System RAM$/ { top = $2 } END { print top }' /proc/iomem |
		{ read -r hex; echo $((0x$hex + 1)); }
}

scenario_main() {
	local bp seg top fills=0
	if [ "$IKX_HOP" -gt 1 ]; then
		bp=$(buffer_pages)
		say "IMA buffer handed over against mem=: $bp"
	fi
	report boot ${bp:+$bp}
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	top=$(ram_top)
	IKX_NEXT_EXTRA="mem=$((top - ${IKX_OVERHANG:-1} * 4096))"
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	seg=$(kexec_event_field kexec_load kexec_segment_size)
	[ -n "$seg" ] || fail "no kexec_load event: cannot size the list to the segment"
	# Reach into the last page: the list with its 24-byte header must pass
	# the start of the segment's last page (kexec_execute, ~250 bytes, and
	# a record or two of headroom still fit before its end).
	while [ "$(handover_size)" -le $((seg - 4096 + 64)) ]; do
		fills=$((fills + 1))
		measure_one "hop$IKX_HOP-fill-$fills"
	done
	say "segment of $seg bytes ends at RAM top $top; the list takes $(handover_size) bytes"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$fills" \
		ram_top="$top" segment_size="$seg" overhang_expected=$((${IKX_OVERHANG:-1} * 4096))
	kexec_exec
}
