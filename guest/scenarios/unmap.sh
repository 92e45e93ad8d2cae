# unmap: kexec -s -l, unload it (kexec -s -u), load with the kexec_load
# syscall (kexec -c -l). The unloaded image's pages are freed with it, so no
# mapping of its IMA segment may outlive it: kexec -e of the kexec_load
# image would write the list through it into memory that belongs to someone
# else by then. The pre-exec report counts the kimage_map_segment() areas
# /proc/vmallocinfo still lists after the unload (host/check-run:
# no-stale-map, or stale-map on an unpatched kernel).
#
# What that write hits is chance: on unpatched 7.2.13 the next kernel
# booted in some runs and hung after "Starting new kernel" in others. So
# the kexec_load image is unloaded again and a kexec_file_load() image
# executed (the list carried); legacy.sh executes a kexec_load image.
segment_maps() { grep -c ' kimage_map_segment+' /proc/vmallocinfo; }

scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local loaded unloaded
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	payload_kexec -s -l || fail "kexec -s -l failed"
	note_load "kexec_file_load, to be unloaded"
	loaded=$(segment_maps)
	[ "$loaded" -ge 1 ] || fail "no kimage_map_segment area after kexec -s -l: nothing to check"
	measure_files "hop$IKX_HOP-mid" "$IKX_M"
	kexec -s -u || fail "kexec -s -u failed"
	expect_loaded 0 "after kexec -s -u"
	unloaded=$(segment_maps)
	say "kimage_map_segment areas: $loaded loaded, $unloaded after the unload"
	payload_kexec -c -l || fail "kexec -c -l failed"
	note_load "kexec_load syscall"
	kexec -u || fail "kexec -u of the kexec_load image failed"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M" \
		stale_segment_maps="$unloaded"
	kexec_exec
}
