# stage: 7.2's staging used as an attestation agent would (CONFIG_IMA_STAGING).
# The agent reads the list, stages it and deletes the staged records once the
# verifier has them: the kernel's list then holds only the records after
# them, and kexec hands that over with kexec_execute, whose figures count
# the deleted records too. Reports, hop 1: warmup (every tool report() runs
# is measured once, so nothing lands between the next snapshot and the
# staging), read (what the agent hands over), pre-exec (after the deletion,
# $IKX_M more files and kexec -s -l); hop 2: boot. The verifier's side is
# verifier/tests/fixtures/mainline72-stage: imalog --state continues from
# the read report with only the records left in the kernel's list.
scenario_main() {
	local read staged
	if [ "$IKX_HOP" -gt 1 ]; then
		report boot
		finish
	fi
	[ -e "$IMA/binary_runtime_measurements_staged" ] || fail "no $IMA/binary_runtime_measurements_staged (CONFIG_IMA_STAGING)"
	report warmup
	report read
	read=$(record_count)
	echo A >"$IMA/binary_runtime_measurements_staged" || fail "staging the list failed"
	staged=$(wc -l <"$IMA/ascii_runtime_measurements_staged")
	[ "$staged" = "$read" ] || fail "staged $staged records, the read report has $read: something was measured in between"
	echo D >"$IMA/binary_runtime_measurements_staged" || fail "deleting the staged records failed"
	say "staged and deleted the $staged records read"
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	kexec_load_next
	report pre-exec staged="$staged" loaded_records="$IKX_LOADED_RECORDS" post_load_files=0
	kexec_exec
}
