# selftest: the series' kselftest tools/testing/selftests/ima/kexec_carry.sh
# (run-scenario puts the tested tree's copy on the payload disk).
# Hop 1: in-place mode (no arguments), then "prepare DIR" and kexec -e.
# Hop 2: "verify DIR". DIR is on ramfs (not measured) and travels in the
# hop 1 pre-exec report; hop 2 reads it back from the report disk (the slot
# number is passed on the command line as ikx.st_slot). Any exit but 0, or
# any "not ok", fails the hop.
ST=/boot/kexec_carry.sh
ST_DIR=/report/selftest

# run_selftest NAME ARGS...: TAP to the console and to /report/selftest-NAME.tap
run_selftest() {
	local name=$1 rc=0
	shift
	mkdir -p /report/tap
	sh "$ST" "$@" >"/report/tap/$name.tap" 2>&1 || rc=$?
	sed "s/^/IKX: kexec_carry.sh $name: /" "/report/tap/$name.tap"
	echo "$rc" >"/report/tap/$name.rc"
	[ "$rc" = 0 ] || fail "kexec_carry.sh $* exited $rc (TAP above)"
	! grep -q '^not ok' "/report/tap/$name.tap" || fail "kexec_carry.sh $*: a test failed but it exited 0"
	grep -q '^ok ' "/report/tap/$name.tap" || fail "kexec_carry.sh $*: no test ran"
}

report_hook() {
	[ -d /report/tap ] && cp -r /report/tap "$1/selftest-tap"
	[ -d "$ST_DIR" ] && cp -r "$ST_DIR" "$1/selftest-dir"
	return 0
}

scenario_main() {
	unpack_payload
	[ -r "$ST" ] || fail "no kexec_carry.sh on the payload disk (tree without the selftest?)"
	export KEXEC_KERNEL=/boot/kernel KEXEC_INITRD=/boot/initrd
	if [ "$IKX_HOP" -gt 1 ]; then
		mkdir -p /report/prev
		dd if="$REPORT_DISK" bs=1M skip=$((IKX_ST_SLOT * IKX_SLOT_MB)) count="$IKX_SLOT_MB" 2>/dev/null |
			tar -x -f - -C /report/prev || fail "cannot read report slot $IKX_ST_SLOT back"
		[ -r /report/prev/selftest-dir/list ] || fail "slot $IKX_ST_SLOT holds no selftest-dir/list"
		run_selftest verify verify /report/prev/selftest-dir
		report boot
		[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	else
		report boot
	fi
	rm -rf /report/tap "$ST_DIR"
	IKX_NEXT_EXTRA="ikx.st_slot=$IKX_SLOT"
	KEXEC_APPEND=$(next_cmdline)
	export KEXEC_APPEND
	run_selftest in-place
	run_selftest prepare prepare "$ST_DIR"
	expect_loaded 1 "after kexec_carry.sh prepare"
	IKX_LOADED_RECORDS=$(record_count)
	report pre-exec loaded_records="$IKX_LOADED_RECORDS"
	kexec_exec
}
