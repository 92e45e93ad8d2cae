# Shared helpers for host/ scripts. Source it; do not execute it.
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${IMA_KEXEC_WORK:-/var/tmp/ima-kexec}
ARCH=${ARCH:-x86_64}
# The kernel the trees start from: base/$BASE.pin (6.1, 6.12, 7.2).
BASE=${BASE:-6.1}
export BASE
# $WORK/dev belongs to a human; nothing here ever touches it.
# The guest's userspace: busybox in an initramfs (guest/init), or a Debian 12
# root file system with systemd on a virtio disk (GUEST=debian, guest/debian/).
GUEST=${GUEST:-busybox}
export GUEST
case $GUEST in busybox | debian) ;; *) echo "unknown GUEST=$GUEST (busybox, debian)" >&2; exit 2 ;; esac
# Per base: $WORK/$BASE/{src,trees,build}. Runs of every base share $WORK/runs.
BASEWORK=$WORK/$BASE
# Until host/migrate-work has moved it, 6.1's area is the old $WORK/{src,trees,build}.
if [ "$BASE" = 6.1 ] && [ ! -e "$BASEWORK" ] && [ -e "$WORK/src" ]; then
	BASEWORK=$WORK
fi
SRC=$BASEWORK/src
TREES=$BASEWORK/trees
BUILDS=$BASEWORK/build
RUNS=$WORK/runs
# One kernel build at a time on this machine, whatever the work area.
KBUILD_LOCK=${IMA_KEXEC_KBUILD_LOCK:-$WORK/kbuild.lock}

# Pinned build metadata: the same sources give the same kernel image. Must be
# a date that date(1) parses: kbuild and scripts/kernel-doc both hand it to it.
export KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00 UTC" KBUILD_BUILD_USER=ima-kexec KBUILD_BUILD_HOST=ima-kexec

# Exit codes (documented in docs/developing.md).
EXIT_TEST=1      # a test ran and its verdict is "fail"
EXIT_USAGE=2     # bad arguments
EXIT_DEPS=3      # missing package, wrong base tarball, no disk space
EXIT_SERIES=4    # a patch does not apply
EXIT_CONFIG=5    # a requested config option did not survive olddefconfig
EXIT_BUILD=6     # kernel, verifier or initramfs build failed
EXIT_INFRA=7     # swtpm/QEMU failure, timeout, guest never reported

_ts() { date +%H:%M:%S; }
log() { printf '[%s] %s\n' "$(_ts)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(_ts)" "$*" >&2; }
# die CODE MESSAGE: one clear line, then exit with CODE.
die() {
	local code=$1; shift
	printf '[%s] FAILED: %s\n' "$(_ts)" "$*" >&2
	exit "$code"
}

PIN=$REPO/base/$BASE.pin
[ -f "$PIN" ] || die "$EXIT_USAGE" "unknown BASE=$BASE (pins: $(cd "$REPO/base" && ls -- *.pin | sed 's/\.pin$//' | paste -sd' '))"
# shellcheck source=../base/6.1.pin
. "$PIN"
# The base's patch queue (quilt series + patches), named by its pin.
PATCHES=$REPO/${BASE_QUEUE:?$PIN sets no BASE_QUEUE}
# The quilt series file of the queue to apply: "series", or a subset such as
# patches/series-fixes (the queue without its optional patches).
SERIES=${SERIES:-series}
[ -f "$PATCHES/$SERIES" ] || [ "$SERIES" = series ] || die "$EXIT_USAGE" "no $PATCHES/$SERIES"
# A base fetched with host/install-deps' own apt configuration (BASE_FETCH)
# is unpacked under $BASEWORK/deb; an installed one is at its own path.
if [ -n "${BASE_FETCH:-}" ] || { [ ! -f "$BASE_TARBALL" ] && [ -f "$BASEWORK/deb$BASE_TARBALL" ]; }; then
	BASE_TARBALL=$BASEWORK/deb$BASE_TARBALL
fi

# run_logged NAME LOGFILE CMD...: run CMD with all output in LOGFILE, printing
# "NAME: Ns" every ~15 s so a long build under TCG-era hardware is visibly alive.
run_logged() {
	local name=$1 logfile=$2; shift 2
	mkdir -p "$(dirname "$logfile")"
	local start=$SECONDS rc=0
	log "$name: started (log: $logfile)"
	"$@" >"$logfile" 2>&1 &
	local pid=$!
	while ! wait_timeout "$pid" 15; do
		log "$name: $((SECONDS - start))s ($(tail -n1 "$logfile" | cut -c1-100))"
	done
	wait "$pid" || rc=$?
	if [ "$rc" -eq 0 ]; then
		log "$name: done in $((SECONDS - start))s"
	else
		log "$name: failed after $((SECONDS - start))s (exit $rc); last lines of $logfile:"
		tail -n 15 "$logfile" >&2
	fi
	return "$rc"
}

# wait_timeout PID SECONDS: true once PID has exited, false if still alive.
wait_timeout() {
	local pid=$1 i
	for ((i = 0; i < $2 * 2; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.5
	done
	! kill -0 "$pid" 2>/dev/null
}

# Trees are git worktrees of $SRC: "base" (unpatched) and "series" (patched).
tree_dir() { echo "$TREES/$1"; }
# A tree's kernels build in a directory right inside it, where kbuild names
# the sources "../" rather than by their absolute path: the compiler sees the
# same command lines in every tree, so the trees of a base share ccache
# objects. DEBUG=1 (config/debug.config), BENCH=1 (config/bench.config) and
# GUEST=debian (config/debian.config) kernels get their own build directory.
build_dir() { echo "$(tree_dir "$1")/.build-$ARCH$([ "$GUEST" = debian ] && echo -debian)$([ "${DEBUG:-0}" = 1 ] && echo -debug)$([ "${BENCH:-0}" = 1 ] && echo -bench)"; }

series_is_empty() { ! grep -qv '^\s*\(#\|$\)' "$PATCHES/$SERIES" 2>/dev/null; }

need_free_space() {
	local dir=$1 need_mb=$2 have_mb
	mkdir -p "$dir"
	have_mb=$(df -Pm "$dir" | awk 'NR==2 {print $4}')
	[ "$have_mb" -ge "$need_mb" ] ||
		die "$EXIT_DEPS" "only ${have_mb} MiB free in $dir, need ${need_mb} MiB (set IMA_KEXEC_WORK to a bigger disk)"
}

# DEB_ARCH: the Debian architecture of the guest's userspace.
case $ARCH in
x86_64) KARCH=x86; KIMAGE=arch/x86/boot/bzImage; QEMU=qemu-system-x86_64; CROSS_COMPILE=; DEB_ARCH=amd64 ;;
arm64) KARCH=arm64; KIMAGE=arch/arm64/boot/Image; QEMU=qemu-system-aarch64; CROSS_COMPILE=aarch64-linux-gnu-; DEB_ARCH=arm64 ;;
*) die "$EXIT_USAGE" "unsupported ARCH=$ARCH (x86_64, arm64)" ;;
esac
[ "$DEB_ARCH" = "$(dpkg --print-architecture)" ] || [ -n "$CROSS_COMPILE" ] ||
	die "$EXIT_USAGE" "ARCH=$ARCH on a $(dpkg --print-architecture) host: no cross compiler known"
# The guest machine: QEMU_MACHINE, the TPM device the emulator's swtpm is
# attached as, the serial console. On arm64 QEMU's virt board hands the
# kernel a device tree (the one kexec rewrites for the next kernel).
case $ARCH in
x86_64) QEMU_MACHINE=(-machine q35); QEMU_TPM=tpm-tis; CONSOLE=ttyS0 ;;
arm64) QEMU_MACHINE=(-machine virt -cpu cortex-a57); QEMU_TPM=tpm-tis-device; CONSOLE=ttyAMA0 ;;
esac
# A foreign guest's userspace: Debian packages unpacked by host/install-deps.
USERLAND=$WORK/userland-$DEB_ARCH
# The Debian guest's root disk (host/make-debian-image), a link to the
# current image.
DEBIAN_IMAGE=$WORK/debian-$DEB_ARCH/disk.ext4
# What every make of a kernel tree is given: configure, build and
# check-series must agree, or kbuild regenerates the config.
KMAKE=(ARCH="$ARCH" CROSS_COMPILE="$CROSS_COMPILE" CC="ccache ${CROSS_COMPILE}gcc")

# ensure_worktree NAME: $TREES/NAME as a git worktree of $SRC on branch
# ikx/NAME, created at tag base if missing.
ensure_worktree() {
	local name=$1 dir
	dir=$(tree_dir "$name")
	git -C "$SRC" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 ||
		die "$EXIT_DEPS" "no base repo at $SRC; run host/prepare-base"
	if [ ! -e "$dir/.git" ]; then
		mkdir -p "$TREES"
		git -C "$SRC" worktree prune
		git -C "$SRC" worktree add -q -B "ikx/$name" "$dir" base
		log "tree: created $dir at base"
	fi
}

# debian_mirror ARCHIVE: the machine's own URI for ARCHIVE (debian, debian-security).
debian_mirror() {
	{ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
		sed -e 's/#.*//' | grep -oE "https?://[^[:space:]]+/$1/?([[:space:]]|\$)" | head -n1 | sed -e 's/[[:space:]]*$//' -e 's:/$::' || true
}

# quote_words WORD...: one shell-pasteable line, quoting only where needed.
quote_words() {
	local w out=()
	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./:,=+@%-]+$ ]]; then out+=("$w"); else out+=("'${w//\'/\'\\\'\'}'"); fi
	done
	echo "${out[*]}"
}
