# Guest helpers shared by init and the scenarios (busybox sh).
#
# Reports: each report is a tar written to a slot of the report disk
# (/dev/vdb, $IKX_SLOT_MB MiB per slot). Hop k owns slots
# (k-1)*IKX_SLOTS_PER_HOP onwards, so a hop knows its slots before it reports.
# The host reads every written slot back in order after QEMU exits.
# The Debian guest (guest/debian/agent) sends its reports over a
# virtio-serial port instead: it redefines say, fail, report_send, ask_nonce.

IMA=/sys/kernel/security/ima
TPM=/sys/class/tpm/tpm0
PAYLOAD_DISK=${PAYLOAD_DISK:-/dev/vda}
REPORT_DISK=/dev/vdb
REPORT_DIR=${REPORT_DIR:-/report}
IKX_SLOT_MB=64
IKX_SLOTS_PER_HOP=8
# The payload disk's tar has an initrd for the next kernel (not so for the
# Debian guest, whose kernels boot from the root disk).
PAYLOAD_INITRD=${PAYLOAD_INITRD-1}
export TPM2TOOLS_TCTI=device:/dev/tpmrm0

say() { echo "IKX: $*"; }
fail() {
	echo "IKX: FAIL: $*"
	sync
	poweroff -f
}

ikx_parse_cmdline() {
	IKX_SCENARIO=none IKX_HOP=1 IKX_HOPS=1 IKX_M=20 IKX_PRE=5
	for arg in $(cat /proc/cmdline); do
		case $arg in
		ikx.scenario=*) IKX_SCENARIO=${arg#*=} ;;
		ikx.hop=*) IKX_HOP=${arg#*=} ;;
		ikx.hops=*) IKX_HOPS=${arg#*=} ;;
		ikx.m=*) IKX_M=${arg#*=} ;;
		ikx.pre=*) IKX_PRE=${arg#*=} ;;
		ikx.*=*) eval "IKX_$(echo "${arg%%=*}" | cut -c5- | tr a-z. A-Z_)=\${arg#*=}" ;;
		esac
	done
	IKX_SLOT=$(((IKX_HOP - 1) * IKX_SLOTS_PER_HOP))
}

pcr_banks() { for d in "$TPM"/pcr-*; do [ -d "$d" ] && echo "${d##*/pcr-}"; done; }

# measure_files TAG COUNT: create COUNT files of unique content and read them
# as root, so the FILE_CHECK rule measures each one. Shell builtins write the
# files and one cat per batch reads them: fast enough for 100k files.
measure_files() {
	local tag=$1 n=$2 i=1 seed
	seed="$(cat /proc/sys/kernel/random/boot_id) $(cat /proc/sys/kernel/random/uuid)"
	mkdir -p "/tmp/ikx/$tag"
	while [ "$i" -le "$n" ]; do
		echo "ikx $tag $i $seed" >"/tmp/ikx/$tag/$i"
		i=$((i + 1))
	done
	[ "$n" -gt 0 ] || return 0
	(cd "/tmp/ikx/$tag" && ls | xargs cat) >/dev/null || fail "cannot read back /tmp/ikx/$tag"
}

# measurement_list binary|ascii: the whole list, staged records first (7.2's
# CONFIG_IMA_STAGING keeps them in *_runtime_measurements_staged).
measurement_list() {
	[ ! -e "$IMA/$1_runtime_measurements_staged" ] || cat "$IMA/$1_runtime_measurements_staged"
	cat "$IMA/$1_runtime_measurements"
}
record_count() { measurement_list ascii | wc -l; }

# snapshot DIR: the logs and PCR 10 of every bank, taken in the same instant.
# Only securityfs and sysfs are read (excluded by the policy), and the log
# length is compared before and after to make sure no record slipped in.
snapshot() {
	local dir=$1 b before after tries=0
	mkdir -p "$dir/tpm"
	while :; do
		before=$(record_count)
		measurement_list binary >"$dir/binary_runtime_measurements"
		measurement_list ascii >"$dir/ascii_runtime_measurements"
		for b in $(pcr_banks); do
			mkdir -p "$dir/tpm/pcr-$b"
			cat "$TPM/pcr-$b/10" >"$dir/tpm/pcr-$b/10"
		done
		after=$(record_count)
		[ "$before" = "$after" ] && break
		tries=$((tries + 1))
		[ "$tries" -lt 5 ] || fail "measurement list keeps growing while snapshotting"
	done
}

# evmctl_pcrs PCR10FILE: evmctl's --pcrs format wants PCR-00 to PCR-23 in
# order; only PCR 10 matters here, the others are zero.
evmctl_pcrs() {
	local v zero i=0
	v=$(cat "$1")
	zero=$(echo "$v" | tr 0-9A-Fa-f 0)
	while [ "$i" -lt 24 ]; do
		if [ "$i" = 10 ]; then printf 'PCR-%02d: %s\n' "$i" "$v"; else printf 'PCR-%02d: %s\n' "$i" "$zero"; fi
		i=$((i + 1))
	done
}

# guest_verdicts DIR: what the guest's own tools think of the snapshot.
guest_verdicts() {
	local dir=$1 b rc
	if [ -x /usr/bin/imalog ]; then
		rc=0; imalog --tpm "$dir/tpm" "$dir/binary_runtime_measurements" >"$dir/guest-imalog.txt" 2>&1 || rc=$?
		echo "$rc" >"$dir/guest-imalog.rc"
	fi
	for b in $(pcr_banks); do
		evmctl_pcrs "$dir/tpm/pcr-$b/10" >"$dir/tpm/evmctl-$b"
		rc=0; evmctl ima_measurement --pcrs "$b,$dir/tpm/evmctl-$b" --verify-bank="$b" \
			"$dir/binary_runtime_measurements" >"$dir/guest-evmctl-$b.txt" 2>&1 || rc=$?
		echo "$rc" >"$dir/guest-evmctl-$b.rc"
	done
}

# dt_ima_buffer: on a device-tree machine, the IMA buffer the previous
# kernel's kexec put in the device tree this kernel booted with, as cells
# (/sys/firmware/fdt is that blob, unmodified): dt_cells=ADDRESS SIZE,
# dt_ima_buffer=CELL... or none.
dt_ima_buffer() {
	local fdt=/sys/firmware/fdt
	[ -e $fdt ] || return 0
	echo "dt_cells=$(fdtget -t u $fdt / '#address-cells') $(fdtget -t u $fdt / '#size-cells')"
	echo "dt_ima_buffer=$(fdtget -t x $fdt /chosen linux,ima-kexec-buffer 2>/dev/null || echo none)"
}

# report STAGE [KEY=VALUE...]: snapshot + metadata into the next report slot.
report() {
	local stage=$1 dir=$REPORT_DIR/$IKX_SLOT kv dt tries=0
	shift
	[ "$IKX_SLOT" -lt $((IKX_HOP * IKX_SLOTS_PER_HOP)) ] || fail "more than $IKX_SLOTS_PER_HOP reports in hop $IKX_HOP"
	# Before the snapshot: running fdtget the first time measures it.
	dt=$(dt_ima_buffer)
	# The snapshot again if anything was measured before the hook was done
	# (a quote must be of the PCRs the snapshot's list replays to): on the
	# Debian guest, a unit still starting as the agent reports.
	while :; do
		rm -rf "$dir"
		snapshot "$dir"
		{
			echo "slot=$IKX_SLOT"
			echo "hop=$IKX_HOP"
			echo "hops=$IKX_HOPS"
			echo "stage=$stage"
			echo "scenario=$IKX_SCENARIO"
			echo "records=$(wc -l <"$dir/ascii_runtime_measurements")"
			echo "banks=$(pcr_banks | tr '\n' ' ')"
			echo "uptime=$(cut -d' ' -f1 /proc/uptime)"
			[ -z "$dt" ] || echo "$dt"
			for kv in "$@"; do echo "$kv"; done
		} >"$dir/meta"
		# A scenario may add to the report right after the snapshot, or
		# fail to ask for another one.
		if ! command -v report_hook >/dev/null || report_hook "$dir"; then
			[ "$(record_count)" != "$(wc -l <"$dir/ascii_runtime_measurements")" ] || break
		fi
		tries=$((tries + 1))
		[ "$tries" -lt 5 ] || fail "the list grew between the snapshot and the report hook $tries times"
	done
	guest_verdicts "$dir"
	report_send "$dir"
	say "report slot=$IKX_SLOT hop=$IKX_HOP stage=$stage records=$(grep ^records= "$dir/meta" | cut -d= -f2)"
	rm -rf "$dir"
	IKX_SLOT=$((IKX_SLOT + 1))
}

# report_send DIR: the report's files as a tar in its slot of the report disk.
report_send() {
	tar -c -f - -C "$1" . | dd of="$REPORT_DISK" bs=1M seek=$((IKX_SLOT * IKX_SLOT_MB)) conv=fsync 2>/dev/null ||
		fail "cannot write report slot $IKX_SLOT"
	sync
}

# ask_nonce: ask the host (the remote verifier) for a fresh nonce for this
# report slot; the answer, hex, in $NONCE. The console is the channel.
ask_nonce() {
	NONCE=
	say "NONCE? slot=$IKX_SLOT"
	read -r -t 60 NONCE || fail "no nonce from the host for slot $IKX_SLOT"
}

# The kernel and initrd for the next hop come from the read-only payload disk
# (a tar of the kernel image + initrd), byte-identical to what the host booted.
unpack_payload() {
	[ -f /boot/kernel ] && return 0
	mkdir -p /boot
	tar -x -f "$PAYLOAD_DISK" -C /boot || fail "cannot unpack the payload disk"
}

# next_cmdline: this kernel's command line for hop+1, next report slot, plus
# $IKX_NEXT_EXTRA (words a scenario wants on the next kernel only, e.g. mem=).
next_cmdline() {
	local out='' arg
	for arg in $(cat /proc/cmdline); do
		case $arg in
		ikx.hop=*) ;;
		*) out="$out $arg" ;;
		esac
	done
	echo "${out# } ikx.hop=$((IKX_HOP + 1))${IKX_NEXT_EXTRA:+ $IKX_NEXT_EXTRA}"
}

# vmap_count: vmap()ed areas now in use (not vmalloc, not ioremap).
vmap_count() { grep -c ' vmap$' /proc/vmallocinfo; }

kexec_load_next() {
	local vmaps
	unpack_payload
	vmaps=$(vmap_count)
	kexec -s -l /boot/kernel ${PAYLOAD_INITRD:+--initrd=/boot/initrd} --append="$(next_cmdline)" ||
		fail "kexec -s -l failed"
	IKX_LOADED_RECORDS=$(record_count)
	say "kexec loaded, records at load=$IKX_LOADED_RECORDS"
	# The series writes the IMA segment page by page through the direct map
	# (with AMD SME, a vmap of kexec pages is an encrypted alias): a load
	# must not leave a new vmap behind. 6.12 and mainline do vmap it.
	# ikx.vmap_check=0 skips it (to show another defect of the same kernel).
	[ "${IKX_VMAP_CHECK:-1}" = 0 ] || ! has_series || [ "$(vmap_count)" -le "$vmaps" ] ||
		fail "kexec -s -l left $(($(vmap_count) - vmaps)) new vmap area(s): $(grep ' vmap$' /proc/vmallocinfo | tr '\n' ' ')"
}

kexec_exec() {
	say "kexec -e from hop $IKX_HOP at uptime $(cut -d' ' -f1 /proc/uptime)s"
	sync
	kexec -e
	fail "kexec -e returned"
}

# kexec_exec_refused: strict mode must refuse kexec -e with ENOSPC and leave
# the image loaded.
kexec_exec_refused() {
	local rc=0
	say "kexec -e attempt from hop $IKX_HOP (expect a refusal)"
	sync
	kexec -e >/tmp/kexec-e.out 2>&1 || rc=$?
	say "kexec -e returned $rc: $(tr '\n' ' ' </tmp/kexec-e.out)"
	[ "$rc" != 0 ] || fail "kexec -e returned 0 without rebooting"
	grep -qi "no space left on device" /tmp/kexec-e.out ||
		fail "kexec -e did not fail with ENOSPC: $(cat /tmp/kexec-e.out)"
	expect_loaded 1 "after the refused kexec -e"
}

finish() {
	say "DONE hop=$IKX_HOP at uptime $(cut -d' ' -f1 /proc/uptime)s"
	sync
	poweroff -f
}

# --- Helpers for the fault/load/bad-input scenarios (guest/scenarios/) ---

IMA_PARAMS=/sys/module/ima/parameters

# has_series: the running kernel carries the list at execute (the patched
# tree exposes ima.kexec_extra_memory_kb; the unpatched base does not).
has_series() { [ -e "$IMA_PARAMS/kexec_extra_memory_kb" ]; }

# check_kernel: with ikx.kernels=K1,K2,... (host/run-scenario --next-tree),
# hop N must run kernel KN: "series" (has_series) or "base", optionally
# with @RELEASE, the start of its uname -r (base@7.2: mainline 7.2).
check_kernel() {
	local want got release
	want=$(echo "${IKX_KERNELS:-}," | cut -d, -f"$IKX_HOP")
	[ -n "$want" ] || return 0
	release=
	case $want in *@*) release=${want#*@} want=${want%%@*} ;; esac
	if has_series; then got=series; else got=base; fi
	say "hop $IKX_HOP runs a $got kernel, $(uname -r) (expected: $want${release:+ $release})"
	[ "$want" = "$got" ] || fail "hop $IKX_HOP runs a $got kernel, expected $want"
	case $(uname -r) in
	"$release"*) ;;
	*) fail "hop $IKX_HOP runs $(uname -r), expected $release" ;;
	esac
}

# ima_param NAME [VALUE]: set the IMA parameter NAME to VALUE if given, then
# print it; false (and silent) when this kernel has no such parameter.
ima_param() {
	[ -e "$IMA_PARAMS/$1" ] || return 1
	if [ $# -ge 2 ]; then
		echo "$2" >"$IMA_PARAMS/$1" || fail "cannot set ima.$1=$2"
	fi
	cat "$IMA_PARAMS/$1"
}

# count_events NAME: ima-buf records named NAME (kexec_load, kexec_execute).
count_events() { grep -c "^[0-9]* [0-9a-f]* ima-buf [^ ]* $1 " "$IMA/ascii_runtime_measurements"; }

# expect_events NAME COUNT WHY: on a kernel with the series, exactly COUNT
# NAME events must be in the list (the base measures none).
expect_events() {
	has_series || return 0
	local got
	got=$(count_events "$1")
	[ "$got" = "$2" ] || fail "$3: expected $2 $1 event(s) in the list, found $got"
}

# handover_size: the bytes the list takes in a kexec segment now, with its
# 24-byte header (binary_runtime_measurements has the sha1 template digest,
# as the hand-over does).
handover_size() { echo $(($(wc -c <"$IMA/binary_runtime_measurements") + 24)); }

# kexec_event_field NAME KEY: KEY's value in the data of the last NAME event
# (kexec_load, kexec_execute): kexec_segment_size=N;ima_binary_runtime_size=N;...
kexec_event_field() {
	grep "^[0-9]* [0-9a-f]* ima-buf [^ ]* $1 " "$IMA/ascii_runtime_measurements" | tail -n 1 |
		awk -v key="$2" '{
			h = "0123456789abcdef"; s = ""
			for (i = 1; i < length($6); i += 2)
				s = s sprintf("%c", (index(h, substr($6, i, 1)) - 1) * 16 + index(h, substr($6, i + 1, 1)) - 1)
			n = split(s, kv, ";")
			for (i = 1; i <= n; i++) if (kv[i] ~ "^" key "=") { sub(/^[^=]*=/, "", kv[i]); print kv[i] }
		}'
}

# ima_setup_data: "ADDR SIZE" (0x...) of the IMA buffer this kernel was
# handed in the x86 setup_data (type SETUP_IMA, 8); nothing elsewhere.
ima_setup_data() {
	local d
	for d in /sys/kernel/boot_params/setup_data/*; do
		[ "$(cat "$d/type" 2>/dev/null)" = 0x8 ] || continue
		od -A n -t x8 "$d/data" | awk '{ printf "0x%s 0x%s\n", $1, $2 }'
	done
}

# oversized_kernel FILE: FILE is a copy of the payload kernel whose header
# asks for more memory than any hole of 2 GiB of RAM holds: the arch's image
# loader rejects it after kexec_file_load() has added IMA's segment. The
# size is the bzImage setup header's init_size (offset 0x260, le32) or the
# arm64 Image header's image_size (offset 16, le64; the real one is < 4 GiB).
oversized_kernel() {
	local at
	unpack_payload
	case $(uname -m) in
	x86_64) at=$((0x260)) ;;
	aarch64) at=16 ;;
	*) fail "no oversized kernel image for $(uname -m)" ;;
	esac
	cp /boot/kernel "$1" &&
		printf '\000\000\000\360' | dd of="$1" bs=1 seek=$at conv=notrunc 2>/dev/null ||
		fail "cannot write an oversized copy of the kernel image"
}

# payload_kexec ARGS...: kexec ARGS with the payload kernel and initrd and
# the next hop's command line, e.g. payload_kexec -s -p (crash image).
payload_kexec() {
	unpack_payload
	kexec "$@" /boot/kernel ${PAYLOAD_INITRD:+--initrd=/boot/initrd} --append="$(next_cmdline)"
}

kexec_loaded() { cat /sys/kernel/kexec_loaded; }
expect_loaded() {
	[ "$(kexec_loaded)" = "$1" ] || fail "$2: /sys/kernel/kexec_loaded is $(kexec_loaded), expected $1"
}

# note_load: remember the record count right after a (re)load, for the
# report's loaded_records (what the base kernel copied).
note_load() {
	IKX_LOADED_RECORDS=$(record_count)
	say "kexec loaded ($*), records at load=$IKX_LOADED_RECORDS"
}

# measure_one TAG: measure one new file and check its record is in the list.
measure_one() {
	local f=/tmp/ikx/$1 before
	mkdir -p /tmp/ikx
	before=$(record_count)
	echo "ikx $1 $(cat /proc/sys/kernel/random/uuid)" >"$f"
	cat "$f" >/dev/null
	grep -q " $f\$" "$IMA/ascii_runtime_measurements" ||
		fail "$f was read but is not in the measurement list (records: $before -> $(record_count))"
}

# storm_worker TAG: create and read new files with shell builtins only, as
# fast as possible, until killed (or the kernel goes away under it).
storm_worker() {
	local i=0 seed
	seed=$(cat /proc/sys/kernel/random/uuid)
	mkdir -p "/tmp/ikx/$1"
	while :; do
		i=$((i + 1))
		echo "ikx $1 $i $seed" >"/tmp/ikx/$1/$i"
		: <"/tmp/ikx/$1/$i"
	done
}
