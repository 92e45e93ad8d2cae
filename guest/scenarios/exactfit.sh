# exactfit: the list handed over fills the segment to its last byte, the
# last record being kexec_execute. After the load, files are measured until
# a last one, whose path length is chosen, leaves exactly the room that
# kexec_execute's record takes (host/check-run: exact-fit). A record that
# ends at the end of the segment fits; dropping it is the bug of a fix that
# takes a full buffer for an overflow (seq_has_overflowed()).
#
# Record sizes in the binary list (sha1 template digest): an ima-ng record
# of a file is 87 bytes + the length of its path (sha256 file digest); the
# ima-buf record of kexec_execute is 105 bytes + the length of its data,
# kexec_segment_size=S;ima_binary_runtime_size=B;ima_runtime_measurements_count=C;
# where B is the list's size with the 24-byte header and C its record count.

# kexec_execute_size B C: the size of the kexec_execute record then.
kexec_execute_size() {
	local data="kexec_segment_size=$SEG;ima_binary_runtime_size=$1;ima_runtime_measurements_count=$2;"
	echo $((105 + ${#data}))
}

scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local size n i path fills=0
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	SEG=$(kexec_event_field kexec_load kexec_segment_size)
	[ -n "$SEG" ] || fail "no kexec_load event: cannot size the list to the segment"
	# Fill with short records until one last file can close the gap: its
	# path takes 20 to 200 bytes.
	while :; do
		size=$(handover_size)
		n=$((SEG - size - 87 - $(kexec_execute_size "$((SEG - 300))" $(($(record_count) + 1)))))
		[ "$n" -gt 200 ] || break
		fills=$((fills + 1))
		measure_one "hop$IKX_HOP-fill-$fills"
	done
	[ "$n" -ge 20 ] || fail "exactfit: a gap of $n bytes left, cannot close it with one file"
	# The path's length changes B's digits only if it crosses a power of
	# ten; solve once more with the exact B.
	n=$((SEG - size - 87 - $(kexec_execute_size $((size + 87 + n)) $(($(record_count) + 1)))))
	path=/tmp/ikx/x
	i=${#path}
	while [ "$i" -lt "$n" ]; do path="${path}y"; i=$((i + 1)); done
	fills=$((fills + 1))
	echo "ikx exactfit $(cat /proc/sys/kernel/random/uuid)" >"$path"
	cat "$path" >/dev/null
	size=$(handover_size)
	say "the list is $size bytes; kexec_execute ($(kexec_execute_size "$size" "$(record_count)") bytes) makes it $SEG, the segment's size"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$fills" \
		segment_size="$SEG" exact_fit=1
	kexec_exec
}
