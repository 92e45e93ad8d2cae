# bench: the guest side of bench/run (figures, not a test). Hop k of
# ikx.sizes (default 10000,100000,1000000) grows the list to the k-th size with
# /boot/ikxbench (payload disk), then ikx.rounds times: time new
# measurements with no kexec image loaded, time `kexec -s -l` and the memory
# it leaves allocated, time new measurements with the image loaded, unload
# (not after the last round). Then it times reading the binary list, a
# userspace memcpy and a kernel copy of its size, and runs kexec -e (the
# patched kernel logs what it wrote of the list at load in its log, what it
# wrote at execute on the console). The hop after the last size says
# what it was handed and powers off. Hop 1 first loads the kernel with the
# boot-time list (a few records): the reference for a load without the IMA
# part. Results are "IKX: BENCH ..." console lines, read by bench/report.
#   ikx.sizes=A,B,C  ikx.rounds=N (5; bench/run passes 6)  ikx.hot=N (30 new files per round
#   and state)  ikx.workers=N (2)  ikx.extra_kb=N (64, patched only)
#   ikx.warmup=N (6 loads per hop before anything is measured)
#   ikx.read_max=N (read the whole list only up to N records, 200000)
bench_count() { cat "$IMA/runtime_measurements_count"; }
# bench_list: "records=N bytes=N kexec_load=DATA|none" of the binary list;
# DATA is the last kexec_load event's buffer, mainline's grammar
# (kexec_segment_size=N;ima_binary_runtime_size=N;ima_runtime_measurements_count=N;).
# Every read() of the list walks it from the head, so reading 1M records
# takes minutes under TCG (6.1) or hours (7.2): the list stays open on fd 5
# for the whole boot, each call reads only the records added since the last
# one, and more than ikx.read_max of them only the list's tail.
bench_list() {
	local out
	out=$($BENCH_BIN list - /tmp/bench-list.state "${IKX_READ_MAX:-200000}" <&5) ||
		fail "bench: cannot read the list"
	echo "${out#* }"
}

# bench_boot: what this kernel's log says of its boot: how long init_ima
# took (it restores the list; initcall_debug; none on 7.2, where the LSM
# framework's initcall calls it), when /init started, stall and lockup
# warnings (the warnings themselves: with initcall_debug, 7.2 logs
# "hung_task" and "stall" in its boot lines), whether the list was restored.
bench_boot() {
	dmesg >/tmp/dmesg
	echo "init_ima_us=$(sed -n 's/.*initcall init_ima+.* returned .* after \([0-9]*\) usecs.*/\1/p' /tmp/dmesg | head -n1)" \
		"kernel_s=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' /tmp/dmesg | head -n1)" \
		"stalls=$(grep -c -e 'detected stall' -e 'soft lockup - CPU' -e 'blocked for more than' /tmp/dmesg)" \
		"restore_failed=$(grep -c 'Failed to restore the measurement list' /tmp/dmesg)"
}

# bench_say WHAT OUTPUT-OF-IKXBENCH: one result line (drop ikxbench's own tag)
bench_say() {
	local rest=$2
	say "BENCH hop=$IKX_HOP $1 ${rest#* }"
}

# bench_wrote: "wrote=N wrote_ns=T" when the kernel wrote the list into the
# segment at this load (the patched kernel's pr_debug), else nothing
bench_wrote() {
	dmesg | sed -n 's/.*ima: kexec: \([0-9]*\) records written at load in \([0-9]*\) ns.*/wrote=\1 wrote_ns=\2/p' | tail -n1
}

# bench_load WHAT: time one kexec -s -l and report what it left allocated,
# the list right after it, the patched kernel's kexec_load event data and
# what it wrote of the list at load.
bench_load() {
	local out
	out=$($BENCH_BIN load kexec -s -l /boot/kernel --initrd=/boot/initrd --append="$(next_cmdline)") ||
		fail "bench: kexec -s -l failed ($out)"
	bench_say "$1" "$out $(bench_list) $(bench_wrote)"
}

bench_unload() { kexec -s -u || fail "bench: kexec -s -u failed"; }

# bench_hot WHAT N: time measuring N new files
bench_hot() {
	local out
	out=$($BENCH_BIN hot "/tmp/bench-$1" "$2") || fail "bench: hot path ($1) failed"
	bench_say "$1" "$out"
}

scenario_main() {
	local sizes target hot rounds extra i=1 out bytes
	unpack_payload
	BENCH_BIN=/boot/ikxbench
	exec 5<"$IMA/binary_runtime_measurements"
	[ -x "$BENCH_BIN" ] || fail "bench: no /boot/ikxbench on the payload disk (run bench/run)"
	sizes=$(echo "${IKX_SIZES:-10000,100000,1000000}" | tr , ' ')
	rounds=${IKX_ROUNDS:-5}
	hot=${IKX_HOT:-30}
	extra=${IKX_EXTRA_KB:-64}
	target=
	for s in $sizes; do
		[ "$i" = "$IKX_HOP" ] && target=$s
		i=$((i + 1))
	done
	say "BENCH hop=$IKX_HOP boot $(bench_list) series=$(has_series && echo 1 || echo 0) uptime=$(cut -d' ' -f1 /proc/uptime) $(bench_boot)"
	[ -n "$target" ] || finish
	[ "$target" -gt $((2 * hot * rounds)) ] || fail "bench: size $target too small for $rounds rounds of $hot files"

	# Warm-up loads: the first load of a boot hashes the kernel and initrd
	# (KEXEC_KERNEL_CHECK), and the first few allocate page tables for the
	# vmalloc area they read the files into, which stay (vfree is lazy and
	# the vmalloc area's page tables are never freed) and would count as
	# memory the load keeps. After ikx.warmup (6) loads (~70 MiB of vmalloc,
	# one lazy purge) the area is mapped and every load needs the same.
	ima_param kexec_extra_memory_kb 0 >/dev/null || true
	i=1
	while [ "$i" -le "${IKX_WARMUP:-6}" ]; do
		kexec -s -l /boot/kernel --initrd=/boot/initrd --append="$(next_cmdline)" || fail "bench: warm-up load failed"
		bench_unload
		i=$((i + 1))
	done
	if [ "$IKX_HOP" = 1 ]; then
		# Reference: a load with the short boot-time list (and, patched,
		# no headroom): its IMA segment is a page.
		i=1
		while [ "$i" -le "$rounds" ]; do
			bench_load ref
			bench_unload
			i=$((i + 1))
		done
	fi

	# The loads see the list at exactly $target records (+ the patched
	# kernel's kexec_load events).
	out=$($BENCH_BIN grow /tmp/bench-grow "$((target - hot))" "${IKX_WORKERS:-2}") || fail "bench: grow failed"
	bench_say grow "$out target=$target"
	ima_param kexec_extra_memory_kb "$extra" >/dev/null || true
	i=1
	while [ "$i" -le "$rounds" ]; do
		[ "$i" = 1 ] || bench_unload
		bench_hot hot-unloaded "$hot"
		bench_load load
		bench_hot hot-loaded "$hot"
		i=$((i + 1))
	done

	# Timing a whole read of the list (quadratic, see bench_list) only up
	# to ikx.read_max records (200000).
	if [ "$(bench_count)" -le "${IKX_READ_MAX:-200000}" ]; then
		out=$($BENCH_BIN read "$IMA/binary_runtime_measurements") || fail "bench: reading the list failed"
		bench_say read "$out"
	fi
	out=$(bench_list)
	bytes=${out#*bytes=}
	bytes=${bytes%% *}
	out=$($BENCH_BIN memcpy "$bytes") || fail "bench: memcpy failed"
	bench_say memcpy "$out"
	out=$($BENCH_BIN kcopy "$bytes") || fail "bench: kcopy failed"
	bench_say kcopy "$out"
	say "BENCH hop=$IKX_HOP exec records=$(bench_count) bytes=$bytes"
	# From here the console shows KERN_DEBUG too: the patched kernel's
	# "N records written in T ns" at kexec -e.
	echo 8 >/proc/sys/kernel/printk
	kexec_exec
}
