# kselftest: the series' tools/testing/selftests/kexec/test_kexec_ima.sh, in
# place (run-scenario puts the series tree's copy and kexec_common_lib.sh on
# the payload disk, whichever kernel runs). Its exit code and TAP counts go
# into hop 1's boot report (host/check-run: kselftest-pass, or
# kselftest-fail for an unpatched kernel); then a plain load and kexec -e
# show that the test left the kernel able to hand its list over.
scenario_main() {
	local rc=0
	if [ "$IKX_HOP" -gt 1 ]; then
		report boot
		finish
	fi
	unpack_payload
	[ -r /boot/kselftest-kexec/test_kexec_ima.sh ] ||
		fail "no test_kexec_ima.sh on the payload disk (series tree without it?)"
	(cd /boot/kselftest-kexec && KEXEC_KERNEL=/boot/kernel sh ./test_kexec_ima.sh) >/tmp/kselftest.tap 2>&1 || rc=$?
	sed 's/^/IKX: test_kexec_ima.sh: /' /tmp/kselftest.tap
	report boot kselftest_rc="$rc" kselftest_not_ok="$(grep -c '^not ok' /tmp/kselftest.tap)" \
		kselftest_ok="$(grep -c '^ok ' /tmp/kselftest.tap)"
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	kexec_load_next
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report pre-exec loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	kexec_exec
}
