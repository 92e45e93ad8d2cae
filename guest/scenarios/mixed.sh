# mixed: carry between kernels of different trees (host/run-scenario
# --next-tree puts the other tree's kernel on the payload disk).
# ikx.kernels=T1,T2,... names the tree hop N must run ("series": the kernel
# has ima.kexec_extra_memory_kb; "base": it does not); then as carry.
scenario_main() {
	local want got
	want=$(echo "${IKX_KERNELS:-}," | cut -d, -f"$IKX_HOP")
	if has_series; then got=series; else got=base; fi
	say "hop $IKX_HOP runs a $got kernel${want:+ (expected: $want)}"
	[ -z "$want" ] || [ "$want" = "$got" ] || fail "hop $IKX_HOP runs a $got kernel, expected $want"
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
