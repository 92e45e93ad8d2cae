# trim: records leave the list between kexec load and execute, as mainline
# 7.2's staging lets an agent do once it has stored them. After the load,
# ikx.trim=delete deletes the list's first ikx.trim_n (5) records through
# binary_runtime_measurements; ikx.trim=stage stages the whole list
# (binary_runtime_measurements_staged, CONFIG_IMA_STAGING), which keeps
# every record. Then more files are measured and the next kernel must get
# the list as it is at kexec -e: the pre-exec snapshot, then kexec_execute.
# A kernel that wrote the list at load and missed the deletion would hand
# the deleted records over too. The pre-exec report says what was deleted
# (deleted=, deleted_bytes=) for host/check-run's trim-exact.
scenario_main() {
	report boot
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	local size n="${IKX_TRIM_N:-5}" deleted_bytes
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-mid" 10
	size=$(measurement_list binary | wc -c)
	case ${IKX_TRIM:-delete} in
	delete)
		echo "$n" >"$IMA/binary_runtime_measurements" || fail "deleting $n records failed"
		say "deleted the first $n records" ;;
	stage)
		echo A >"$IMA/binary_runtime_measurements_staged" || fail "staging the list failed"
		n=0
		say "staged the list" ;;
	*) fail "ikx.trim=$IKX_TRIM: delete or stage" ;;
	esac
	deleted_bytes=$((size - $(measurement_list binary | wc -c)))
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records=$((IKX_LOADED_RECORDS - n)) post_load_files="$IKX_M" \
		deleted="$n" deleted_bytes="$deleted_bytes"
	kexec_exec
}
