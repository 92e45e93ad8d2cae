// SPDX-License-Identifier: GPL-2.0
/*
 * ikxbench: the guest side of bench/run, a small static program because
 * busybox has no sub-second clock and a shell loop is too slow to make
 * 100,000 IMA records under TCG.
 *
 *   ikxbench grow DIR TARGET [WORKERS]
 *       create, measure (open for read as root) and unlink new files of
 *       unique content until the IMA list holds TARGET records; WORKERS
 *       processes (default 2) share the work
 *   ikxbench hot DIR N
 *       create N new files, then time opening each for read (IMA measures
 *       it on open: hash, new record, PCR extend); prints the median and
 *       the mean time per file
 *   ikxbench list FILE [STATE [MAX]]
 *       read the binary measurement list once: records, bytes, and the data
 *       of the last kexec_load event (the patched kernel's); with STATE,
 *       FILE is - (an open list read to its end before) and only the new
 *       records are read, the totals kept in STATE; more than MAX new
 *       records: only the list's tail is read (skip_to_tail())
 *   ikxbench read FILE
 *       time reading FILE to the end (the binary measurement list: IMA
 *       serializes it record by record, as at kexec)
 *   ikxbench load CMD [ARG...]
 *       run CMD (kexec -s -l ...), print its wall time and how much memory
 *       it left allocated: free pages (MemFree plus the pages parked on the
 *       per-CPU free lists, from /proc/zoneinfo) and VmallocUsed, before
 *       minus after
 *   ikxbench memcpy BYTES [REPS]
 *       time a userspace memcpy() of BYTES between two pre-faulted buffers,
 *       REPS times (default 7); prints the median and the minimum
 *   ikxbench kcopy BYTES [REPS]
 *       time the kernel copying BYTES: a pread() of a memfd holding them
 *       into a pre-faulted buffer, the same rep-move copy the kernel's
 *       memcpy() does (under TCG a userspace memcpy() uses vector moves
 *       and is several times faster than any kernel copy)
 *
 * Output is one line of KEY=VALUE words on stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define COUNT_FILE "/sys/kernel/security/ima/runtime_measurements_count"

static void die(const char *what)
{
	fprintf(stderr, "ikxbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long record_count(void)
{
	char buf[32] = "";
	int fd = open(COUNT_FILE, O_RDONLY);

	if (fd < 0)
		die(COUNT_FILE);
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		die(COUNT_FILE);
	close(fd);
	return atol(buf);
}

static unsigned long long seed(void)
{
	return (unsigned long long)now_ns() ^ ((unsigned long long)getpid() << 40);
}

/* One new file of unique content, measured when opened for read. */
static void make_file(const char *path, const char *tag, unsigned long long s, long i)
{
	char data[96];
	int fd, len;

	len = snprintf(data, sizeof(data), "ikxbench %s %llx %ld\n", tag, s, i);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die(path);
	if (write(fd, data, len) != len)
		die(path);
	close(fd);
}

static void measure_file(const char *path)
{
	char c;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(path);
	if (read(fd, &c, 1) < 0)
		die(path);
	close(fd);
}

static int cmd_grow(const char *dir, long target, int workers)
{
	long start = record_count(), todo = target - start, step;
	long long t0 = now_ns();
	int w, status, rc = 0;

	if (todo <= 0) {
		printf("grow records=%ld files=0 ns=0\n", start);
		return 0;
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		die(dir);
	for (w = 0; w < workers; w++) {
		long n = todo / workers + (w < todo % workers);

		if (fork() == 0) {
			unsigned long long s = seed();
			char path[256], tag[16];
			long i;

			snprintf(tag, sizeof(tag), "g%d", w);
			for (i = 0; i < n; i++) {
				snprintf(path, sizeof(path), "%s/%d-%ld", dir, w, i);
				make_file(path, tag, s, i);
				measure_file(path);
				/* The record stays; the file's memory does not. */
				unlink(path);
			}
			_exit(0);
		}
	}
	/*
	 * Wait for the workers, polling every 0.1 s; progress on stderr (the
	 * guest's console) at every 10% or 20 s.
	 */
	step = todo / 10 > 0 ? todo / 10 : 1;
	{
		long next = step;
		long long last = t0;
		struct timespec ts = { 0, 100000000L };

		while (workers > 0) {
			long done = record_count() - start;
			long long t = now_ns();

			if (waitpid(-1, &status, WNOHANG) > 0) {
				if (!WIFEXITED(status) || WEXITSTATUS(status))
					rc = 1;
				workers--;
				continue;
			}
			if (done >= next || t - last > 20000000000LL) {
				fprintf(stderr, "IKX: grow %ld/%ld records, %.0f files/s\n",
					start + done, target, done * 1e9 / (t - t0));
				while (next <= done)
					next += step;
				last = t;
			}
			nanosleep(&ts, NULL);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	printf("grow records=%ld files=%ld ns=%lld\n", record_count(), todo, now_ns() - t0);
	return rc;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int cmd_hot(const char *dir, long n)
{
	unsigned long long s = seed();
	long before = record_count(), i;
	long long *t = calloc(n > 0 ? n : 1, sizeof(*t)), t0, sum = 0;
	char path[256];

	if (!t)
		die("calloc");
	if (mkdir(dir, 0700) && errno != EEXIST)
		die(dir);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		make_file(path, "hot", s, i);
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		t0 = now_ns();
		measure_file(path);
		t[i] = now_ns() - t0;
		sum += t[i];
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%ld", dir, i);
		unlink(path);
	}
	qsort(t, n, sizeof(t[0]), cmp_ll);
	printf("hot files=%ld new_records=%ld median_ns=%lld mean_ns=%lld\n",
	       n, record_count() - before, n ? t[n / 2] : 0, sum / (n ? n : 1));
	free(t);
	return 0;
}

static unsigned int le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (unsigned int)p[3] << 24;
}

/*
 * What the binary list held so far: its records and bytes, the data of the
 * last kexec_load event (ima-buf template: d-ng, n-ng, buf fields, each
 * behind its length), carried = the index of the last boot_aggregate (the
 * records the running kernel was handed) and handed_last = the name of the
 * record before it.
 */
struct list_state {
	long records, carried;
	unsigned long long bytes;
	char last[256], prev[64], handed_last[64];
};

static void parse_records(struct list_state *st, const unsigned char *buf, size_t len)
{
	size_t off = 0;

	while (off + 32 <= len) {
		unsigned int nlen = le32(buf + off + 24), dlen, f, flen;
		const unsigned char *name = buf + off + 28, *d, *field[3];
		size_t dlen_off = off + 28 + nlen;

		if (dlen_off + 4 > len)
			break;
		dlen = le32(buf + dlen_off);
		d = buf + dlen_off + 4;
		/* ima-ng, ima-buf: d-ng then n-ng, the event name */
		if (dlen >= 8 && 4 + (size_t)le32(d) + 4 <= dlen) {
			const unsigned char *n = d + 4 + le32(d) + 4;
			size_t nl = le32(n - 4);

			if (n + nl <= d + dlen) {
				if (nl >= 14 && !memcmp(n, "boot_aggregate", 14)) {
					st->carried = st->records;
					strcpy(st->handed_last, st->prev);
				}
				nl = strnlen((const char *)n, nl < sizeof(st->prev) ? nl : sizeof(st->prev) - 1);
				memcpy(st->prev, n, nl);
				st->prev[nl] = 0;
			}
		}
		if (nlen == 7 && !memcmp(name, "ima-buf", 7)) {
			size_t p = 0;

			for (f = 0; f < 3 && p + 4 <= dlen; f++) {
				flen = le32(d + p);
				field[f] = d + p + 4;
				p += 4 + flen;
				if (f == 1 && !(flen == 11 && !memcmp(field[1], "kexec_load", 11)))
					break;
				if (f == 2 && flen < sizeof(st->last)) {
					memcpy(st->last, field[2], flen);
					st->last[flen] = 0;
				}
			}
		}
		st->records++;
		off = dlen_off + 4 + dlen;
	}
	st->bytes += len;
}

/* Is there a byte at OFF? seq_lseek() walks the list once, from its head. */
static int has_byte(int fd, off_t off)
{
	char c;

	if (lseek(fd, off, SEEK_SET) != off)
		die("lseek");
	return read(fd, &c, 1) == 1;
}

/* Where a run of whole records ends exactly at LEN, the first one's offset. */
static size_t first_record(const unsigned char *buf, size_t len)
{
	size_t o, p;

	for (o = 0; o + 32 <= len; o++) {
		for (p = o; p + 32 <= len;) {
			size_t dl = p + 28 + le32(buf + p + 24);

			if (le32(buf + p) > 23 || le32(buf + p + 24) > 255 || dl + 4 > len)
				break;
			p = dl + 4 + le32(buf + dl);
		}
		if (p == len)
			return o;
	}
	return len;
}

/*
 * A list too long to read (every read() walks it from its head: hours for
 * 1M records on 7.2 under TCG): find its end by bisection (each probe walks
 * it once), then read only its last 256 KiB, which hold the last kexec_load
 * event and the running kernel's boot_aggregate. The count of records comes
 * from runtime_measurements_count, read before and after (the guest is
 * quiet; try again if anything was measured meanwhile).
 */
static void skip_to_tail(int fd, struct list_state *st)
{
	static unsigned char tail[256 << 10];
	struct list_state t = { .carried = -1, .last = "none", .prev = "none", .handed_last = "none" };
	off_t lo, hi, from;
	size_t len, o;
	ssize_t got;
	long before;
	int tries = 0;

	do {
		if (++tries > 5)
			die("the list keeps growing");
		before = record_count();
		for (lo = 0, hi = 1 << 20; has_byte(fd, hi - 1); lo = hi, hi *= 2)
			;
		while (hi - lo > 1) {	/* byte lo - 1 exists, byte hi - 1 does not */
			off_t mid = lo + (hi - lo) / 2;

			if (has_byte(fd, mid - 1))
				lo = mid;
			else
				hi = mid;
		}
		from = lo > (off_t)sizeof(tail) ? lo - (off_t)sizeof(tail) : 0;
		if (lseek(fd, from, SEEK_SET) != from)
			die("lseek");
		for (len = 0; (got = read(fd, tail + len, sizeof(tail) - len)) > 0;)
			len += got;
	} while (got < 0 || len != (size_t)(lo - from) || record_count() != before);
	o = first_record(tail, len);
	parse_records(&t, tail + o, len - o);
	st->records = before;
	st->bytes = lo;
	if (t.carried >= 0) {
		st->carried = before - t.records + t.carried;
		strcpy(st->handed_last, t.handed_last);
	}
	if (strcmp(t.last, "none"))
		strcpy(st->last, t.last);
	strcpy(st->prev, t.prev);
}

/*
 * Read the binary list to its end once. Every read() of it walks the list
 * from its head to the record it resumes at, so reading a list of n records
 * costs O(n^2) (3 minutes for 1M records under TCG). With STATE, FILE is
 * "-", standard input, an open file that earlier calls read up to the end:
 * only the records added since are read (each read() still walks the list
 * once), added to the totals kept in STATE.
 */
static int cmd_list(const char *path, const char *state, long max)
{
	struct list_state st = { .last = "none", .prev = "none", .handed_last = "none" };
	size_t cap = 1 << 20, len = 0;
	unsigned char *buf = malloc(cap);
	ssize_t got;
	FILE *f;
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;

	if (fd < 0 || !buf)
		die(path);
	if (state && (f = fopen(state, "r"))) {
		if (fread(&st, sizeof(st), 1, f) != 1)
			die(state);
		fclose(f);
	}
	if (max && record_count() - st.records > max)
		skip_to_tail(fd, &st);
	for (;;) {
		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			die("realloc");
		got = read(fd, buf + len, cap - len);
		if (got < 0)
			die(path);
		if (!got)
			break;
		len += got;
	}
	if (fd)
		close(fd);
	parse_records(&st, buf, len);
	if (state) {
		f = fopen(state, "w");
		if (!f || fwrite(&st, sizeof(st), 1, f) != 1 || fclose(f))
			die(state);
	}
	printf("list records=%ld bytes=%llu carried=%ld handed_last=%s kexec_load=%s\n",
	       st.records, st.bytes, st.carried, st.handed_last, st.last);
	free(buf);
	return 0;
}

/* Time reading FILE (the binary list: IMA serializes it record by record). */
static int cmd_read(const char *path)
{
	/* seq_file walks the list from its start at every read() */
	static char buf[8 << 20];
	long long t0 = now_ns(), bytes = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(path);
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		bytes += got;
	close(fd);
	printf("read bytes=%lld ns=%lld\n", bytes, now_ns() - t0);
	return 0;
}

/* Read a whole /proc file into a static buffer (no allocation meanwhile). */
static char procbuf[1 << 16];

static const char *slurp(const char *path)
{
	ssize_t got, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die(path);
	while ((got = read(fd, procbuf + len, sizeof(procbuf) - 1 - len)) > 0)
		len += got;
	close(fd);
	procbuf[len] = 0;
	return procbuf;
}

static long meminfo_kb(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? atol(p + strlen(key)) : -1;
}

/*
 * Fold the per-CPU vmstat deltas into the global counters first (root can
 * write /proc/sys/vm/stat_refresh), or MemFree lags by up to a few dozen
 * pages per CPU.
 */
static void stat_refresh(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "1\n", 2) < 0)
			perror("ikxbench: /proc/sys/vm/stat_refresh");
		close(fd);
	}
}

/* Free memory in KiB: the buddy allocator's free pages + per-CPU lists. */
static long free_kb(void)
{
	const char *p;
	long kb;

	stat_refresh();
	kb = meminfo_kb(slurp("/proc/meminfo"), "MemFree:");
	p = slurp("/proc/zoneinfo");

	while ((p = strstr(p, "\n    cpu: "))) {
		p = strstr(p, "count: ");
		if (!p)
			break;
		kb += atol(p + 7) * (sysconf(_SC_PAGESIZE) / 1024);
	}
	return kb;
}

static long vmalloc_kb(void)
{
	return meminfo_kb(slurp("/proc/meminfo"), "VmallocUsed:");
}

/* Let deferred frees (RCU callbacks: the reaped child's stack) happen. */
static void settle(void)
{
	struct timespec ts = { 0, 300000000L };

	nanosleep(&ts, NULL);
}

static int cmd_load(char **argv)
{
	long free0, vm0, free1, vm1;
	long long t0, t;
	int status;
	pid_t pid;

	sync();
	settle();
	free0 = free_kb();
	vm0 = vmalloc_kb();
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	t = now_ns() - t0;
	settle();
	free1 = free_kb();
	vm1 = vmalloc_kb();
	printf("load rc=%d ns=%lld held_kb=%ld vmalloc_kb=%ld\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128, t,
	       free0 - free1, vm1 - vm0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int cmd_memcpy(long bytes, int reps)
{
	char *src = malloc(bytes + 64), *dst = malloc(bytes + 64);
	long long t[64], t0;
	int i;

	if (!src || !dst)
		die("malloc");
	if (reps < 1 || reps > 64)
		reps = 7;
	memset(src, 0x5a, bytes);
	memset(dst, 0, bytes);
	memcpy(dst, src, bytes);	/* warm-up */
	for (i = 0; i < reps; i++) {
		src[i] = (char)i;	/* keep the copies from being merged */
		t0 = now_ns();
		memcpy(dst, src, bytes);
		t[i] = now_ns() - t0;
		if (dst[i] != (char)i)
			return 1;
	}
	qsort(t, reps, sizeof(t[0]), cmp_ll);
	printf("memcpy bytes=%ld reps=%d median_ns=%lld min_ns=%lld\n",
	       bytes, reps, t[reps / 2], t[0]);
	return 0;
}

static int cmd_kcopy(long bytes, int reps)
{
	char *buf = malloc(bytes + 64);
	long long t[64], t0;
	int fd, i;

	if (!buf)
		die("malloc");
	if (reps < 1 || reps > 64)
		reps = 7;
	fd = memfd_create("ikxbench", 0);
	if (fd < 0)
		die("memfd_create");
	memset(buf, 0x5a, bytes);
	if (write(fd, buf, bytes) != bytes)
		die("write");
	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		if (pread(fd, buf, bytes, 0) != bytes)
			die("pread");
		t[i] = now_ns() - t0;
	}
	close(fd);
	qsort(t, reps, sizeof(t[0]), cmp_ll);
	printf("kcopy bytes=%ld reps=%d median_ns=%lld min_ns=%lld\n",
	       bytes, reps, t[reps / 2], t[0]);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 4 && !strcmp(argv[1], "grow"))
		return cmd_grow(argv[2], atol(argv[3]), argc > 4 ? atoi(argv[4]) : 2);
	if (argc == 4 && !strcmp(argv[1], "hot"))
		return cmd_hot(argv[2], atol(argv[3]));
	if (argc >= 3 && argc <= 5 && !strcmp(argv[1], "list"))
		return cmd_list(argv[2], argc >= 4 ? argv[3] : NULL, argc == 5 ? atol(argv[4]) : 0);
	if (argc == 3 && !strcmp(argv[1], "read"))
		return cmd_read(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "load"))
		return cmd_load(argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "memcpy"))
		return cmd_memcpy(atol(argv[2]), argc > 3 ? atoi(argv[3]) : 7);
	if (argc >= 3 && !strcmp(argv[1], "kcopy"))
		return cmd_kcopy(atol(argv[2]), argc > 3 ? atoi(argv[3]) : 7);
	fprintf(stderr, "usage: ikxbench grow DIR TARGET [WORKERS] | hot DIR N | list FILE [STATE [MAX]] | read FILE | load CMD... | memcpy BYTES [REPS] | kcopy BYTES [REPS]\n");
	return 2;
}
