# systemctl-kexec: the operator's soft reboot on the Debian guest with
# systemd (GUEST=debian; guest/debian/rootfs/usr/lib/ikx/agent runs it).
# Every hop but the last: attest at boot, measure ikx.pre files, kexec -s -l
# the next kernel, measure ikx.m more, report (stage loaded), then
# `systemctl kexec`. systemd stops every service (ikx-stop-reader.service
# reads ikx.stop_files files in its ExecStop), unmounts, and runs its
# shutdown hooks: the agent's takes the hop's last report (pre-exec) right
# before systemd-shutdown runs kexec -e. The last hop attests and powers off.
#
# ikx.strict=1 (the series; the base has no such knob): no headroom and
# ima.kexec_require_complete=1, so the list outgrows its segment and
# kexec -e is refused. systemd-shutdown then falls back to a firmware
# reboot: the next boot starts with fresh PCRs and a fresh list (boot=firmware
# in its report).
. /usr/lib/ikx/scenarios/attest.sh

scenario_main() {
	setup_ak
	report boot boot="$IKX_BOOT"
	[ "$IKX_HOP" -lt "$IKX_HOPS" ] || finish
	measure_files "hop$IKX_HOP-pre" "$IKX_PRE"
	if [ "${IKX_STRICT:-0}" = 1 ] && has_series; then
		say "ima.kexec_extra_memory_kb=$(ima_param kexec_extra_memory_kb 0)"
		say "ima.kexec_require_complete=$(ima_param kexec_require_complete 1)"
	fi
	kexec_load_next
	echo "$IKX_LOADED_RECORDS" >"$RUNSTATE/loaded_records"
	measure_files "hop$IKX_HOP-post" "$IKX_M"
	report loaded loaded_records="$IKX_LOADED_RECORDS" post_load_files="$IKX_M"
	echo $((IKX_HOP + 1)) >"$STATE/next-hop"
	sync
	say "systemctl kexec from hop $IKX_HOP at uptime $(cut -d' ' -f1 /proc/uptime)s"
	systemctl kexec || fail "systemctl kexec failed"
}

# systemd-shutdown's hook: the last report, with what the stop measured.
scenario_pre_exec() {
	report pre-exec loaded_records="$(cat "$RUNSTATE/loaded_records")" post_load_files="$IKX_M" \
		stop_files="$(cat "$RUNSTATE/stop_files")" \
		stop_reads="$(grep -c ' /var/lib/ikx/stop/' "$IMA/ascii_runtime_measurements")"
	say "kexec -e from hop $IKX_HOP at uptime $(cut -d' ' -f1 /proc/uptime)s (systemd-shutdown)"
}
