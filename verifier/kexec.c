// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec.h"

#define KEY_SEGMENT	0x1
#define KEY_SIZE	0x2
#define KEY_COUNT	0x4
#define KEY_ALL		(KEY_SEGMENT | KEY_SIZE | KEY_COUNT)

static int is_key_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int is_value_char(uint8_t c)
{
	return c >= 0x21 && c <= 0x7e && c != '=' && c != ';';
}

static int parse_u64(const uint8_t *p, size_t len, uint64_t *v)
{
	size_t i;

	*v = 0;
	if (len == 0 || len > 20)
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		if (*v > (UINT64_MAX - (p[i] - '0')) / 10)
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

static int key_is(const uint8_t *k, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(k, s, len) == 0;
}

static int set_key(const uint8_t *k, size_t klen, const uint8_t *v,
		   size_t vlen, struct kexec_event *ev, int *seen)
{
	uint64_t *dst = NULL;
	int bit = 0;

	if (key_is(k, klen, "kexec_segment_size")) {
		dst = &ev->segment_size;
		bit = KEY_SEGMENT;
	} else if (key_is(k, klen, "ima_binary_runtime_size")) {
		dst = &ev->runtime_size;
		bit = KEY_SIZE;
	} else if (key_is(k, klen, "ima_runtime_measurements_count")) {
		dst = &ev->count;
		bit = KEY_COUNT;
	}
	if (!dst)
		return 0;	/* unknown key: ignored */
	if (*seen & bit)
		return -1;
	*seen |= bit;
	return parse_u64(v, vlen, dst);
}

int kexec_parse_buf(const uint8_t *p, uint32_t len, struct kexec_event *ev,
		    char *why, size_t whylen)
{
	uint32_t pos = 0;
	int seen = 0;

	while (pos < len) {
		uint32_t k = pos, klen, v, vlen;

		while (pos < len && is_key_char(p[pos]))
			pos++;
		klen = pos - k;
		if (klen == 0 || pos == len || p[pos] != '=') {
			snprintf(why, whylen, "bad key at byte %u", k);
			return -1;
		}
		v = ++pos;
		while (pos < len && is_value_char(p[pos]))
			pos++;
		vlen = pos - v;
		if (vlen == 0 || pos == len || p[pos] != ';') {
			snprintf(why, whylen, "bad value at byte %u", v);
			return -1;
		}
		pos++;
		if (set_key(p + k, klen, p + v, vlen, ev, &seen)) {
			snprintf(why, whylen,
				 "bad or duplicate '%.*s' at byte %u",
				 (int)klen, (const char *)p + k, k);
			return -1;
		}
	}
	if (seen != KEY_ALL) {
		snprintf(why, whylen, "missing %s%s%s",
			 seen & KEY_SEGMENT ? "" : "kexec_segment_size ",
			 seen & KEY_SIZE ? "" : "ima_binary_runtime_size ",
			 seen & KEY_COUNT ? "" : "ima_runtime_measurements_count ");
		return -1;
	}
	return 0;
}

/* An ima-buf digest is the hash of its buffer. */
static void check_buf_digest(const struct ima_field *f, int n,
			     uint64_t i, struct report *rep)
{
	const struct ima_field *dng = ima_find_field(f, n, F_D_NG);
	const struct ima_field *buf = ima_find_field(f, n, F_BUF);
	uint8_t d[MAX_DIGEST];
	const uint8_t *dig;
	uint32_t dlen;
	char algo[32];
	const EVP_MD *md;

	if (!dng || !buf)
		return;
	if (ima_split_digest(dng, algo, sizeof(algo), &dig, &dlen)) {
		report_add(rep, SEV_BAD, "buf-digest", i,
			   "record %llu: malformed d-ng field",
			   (unsigned long long)i);
		return;
	}
	md = algo_md(algo);
	if (!md) {
		report_add(rep, SEV_BAD, "buf-digest", i,
			   "record %llu: unsupported digest algorithm '%s'",
			   (unsigned long long)i, algo);
		return;
	}
	if ((int)dlen != EVP_MD_size(md) ||
	    hash_buf(md, buf->data, buf->len, NULL, 0, d) < 0 ||
	    memcmp(d, dig, dlen) != 0)
		report_add(rep, SEV_FAIL, "buf-digest", i,
			   "record %llu: d-ng (%s) is not the hash of the buf field",
			   (unsigned long long)i, algo);
}

static void add_event(struct report *rep, const struct kexec_event *ev)
{
	if (rep->nevents < MAX_LISTED)
		rep->events[rep->nevents] = *ev;
	rep->nevents++;
}

static void add_handover(struct report *rep, const struct handover *h)
{
	if (rep->nhandovers < MAX_LISTED)
		rep->handovers[rep->nhandovers] = *h;
	rep->nhandovers++;
}

/* A new kernel starts at record first; the previous one ended before it. */
static void add_kernel(struct report *rep, uint64_t first)
{
	uint64_t slot = rep->nkernels - rep->kernel_base;

	if (slot && slot <= MAX_LISTED)
		rep->kernels[slot - 1].last = first - 1;
	if (slot < MAX_LISTED) {
		rep->kernels[slot].first = first;
		rep->kernels[slot].last = first;
		rep->kernels[slot].ba = BA_NONE;
	}
	memset(&rep->cur, 0, sizeof(rep->cur));
	rep->cur.index = rep->nkernels++;
	rep->cur.first = first;
}

static const char *event_name(enum kexec_type t)
{
	return t == KEXEC_LOAD ? "kexec_load" : "kexec_execute";
}

/*
 * Figures against the event's position. Both kinds of event may lag (a
 * lower bound: records measured while the event was prepared land before
 * it; mainline measures kexec_execute without stopping other tasks) but
 * never lead. exact: they equal the position, as our series' kexec_execute
 * (every other task stopped) must. legacy: 'ima' template records before
 * the event, which the kernel counts with a template data length that
 * binary_runtime_measurements leaves out: the size is not comparable.
 */
static void check_event(const struct ima_record *r, struct kexec_event *ev,
			uint64_t legacy, struct report *rep)
{
	unsigned long long i = r->index, off = r->offset;
	const char *name = event_name(ev->type);

	if (ev->count > i)
		report_add(rep, SEV_FAIL, "kexec-measurements-count", i,
			   "record %llu: %s says ima_runtime_measurements_count=%llu, but %llu records precede it",
			   i, name, (unsigned long long)ev->count, i);
	if (ev->runtime_size < IMA_KEXEC_HDR_SIZE)
		report_add(rep, SEV_FAIL, "kexec-runtime-size", i,
			   "record %llu: %s says ima_binary_runtime_size=%llu, less than the %d-byte header it includes",
			   i, name, (unsigned long long)ev->runtime_size,
			   IMA_KEXEC_HDR_SIZE);
	else if (!legacy && ev->runtime_size - IMA_KEXEC_HDR_SIZE > off)
		report_add(rep, SEV_FAIL, "kexec-runtime-size", i,
			   "record %llu: %s says ima_binary_runtime_size=%llu (header + %llu bytes), but it starts at byte %llu",
			   i, name, (unsigned long long)ev->runtime_size,
			   (unsigned long long)ev->runtime_size - IMA_KEXEC_HDR_SIZE,
			   off);
	ev->exact = ev->count == i &&
		    (legacy || ev->runtime_size == off + IMA_KEXEC_HDR_SIZE);
	if (ev->runtime_size > ev->segment_size)
		report_add(rep, SEV_NOTE, "kexec-segment", i,
			   "record %llu: %s ima_binary_runtime_size=%llu exceeds kexec_segment_size=%llu",
			   i, name, (unsigned long long)ev->runtime_size,
			   (unsigned long long)ev->segment_size);
	if (legacy && ev->type == KEXEC_EXECUTE)
		report_add(rep, SEV_NOTE, "kexec-runtime-size", i,
			   "record %llu: %llu legacy 'ima' template record(s) before %s: ima_binary_runtime_size not compared",
			   i, (unsigned long long)legacy, name);
	if (rep->require_exact && ev->type == KEXEC_EXECUTE && !ev->exact)
		report_add(rep, SEV_FAIL, "handover-not-exact", i,
			   "record %llu: kexec_execute figures (ima_runtime_measurements_count=%llu, ima_binary_runtime_size=%llu) are not exact: %llu records, %llu + %d bytes precede it",
			   i, (unsigned long long)ev->count,
			   (unsigned long long)ev->runtime_size, i, off,
			   IMA_KEXEC_HDR_SIZE);
}

static void kexec_event(const struct ima_record *r, const struct ima_field *f,
			int n, struct report *rep)
{
	const struct ima_field *buf = ima_find_field(f, n, F_BUF);
	struct kexec_event ev;
	unsigned long long i = r->index;
	char why[128];

	memset(&ev, 0, sizeof(ev));
	ev.record = i;
	ev.type = ima_ename_is(r, "kexec_load") ? KEXEC_LOAD : KEXEC_EXECUTE;
	if (!buf)
		report_add(rep, SEV_BAD, "kexec-event", i,
			   "record %llu: %s event has no buf field",
			   i, event_name(ev.type));
	else if (kexec_parse_buf(buf->data, buf->len, &ev, why, sizeof(why)))
		report_add(rep, SEV_BAD, "kexec-event", i,
			   "record %llu: malformed %s buffer: %s",
			   i, event_name(ev.type), why);
	else
		ev.valid = 1;
	if (ev.valid)
		check_event(r, &ev, rep->cur.legacy, rep);
	add_event(rep, &ev);
	if (ev.type == KEXEC_LOAD) {
		rep->cur.load = ev;
		rep->cur.have_load = 1;
	} else {
		rep->cur.exec = ev;
		rep->cur.have_exec = 1;
	}
}

/*
 * The hand-over from the current kernel to the one whose boot_aggregate is
 * record i. A kernel that records kexec events measures kexec_execute
 * before it copies its list, and a copy that runs out of room loses the
 * tail: so a carried kexec_execute proves every record before it was
 * carried, and a missing one proves the tail was lost. Exact figures with
 * nothing after it (our series: measured with every other task stopped)
 * prove the whole list; records after it (mainline: other tasks measure
 * until the copy) are only checked by the replay. A kernel without events
 * says nothing: --require-exact fails it.
 */
static void check_hop(uint64_t i, struct report *rep)
{
	const struct kernel_ctx *k = &rep->cur;
	const struct kexec_event *ev = k->have_exec ? &k->exec : NULL;
	const struct kexec_event *ld = k->have_load ? &k->load : NULL;
	unsigned long long from = k->index;
	struct handover h;

	memset(&h, 0, sizeof(h));
	h.from = k->index;
	h.record = i;
	h.execute = ev ? (long long)ev->record : -1;
	h.load = ld ? (long long)ld->record : -1;
	if (ev) {
		h.after = i - 1 - ev->record;
		h.exact = ev->valid && ev->exact;
		if (!ev->valid)
			h.kind = HO_UNKNOWN;
		else if (ev->exact && !h.after)
			h.kind = HO_EXACT;
		else
			h.kind = HO_MAINLINE;
		if (h.kind == HO_MAINLINE && rep->require_exact && h.after)
			report_add(rep, SEV_FAIL, "handover-not-exact", i,
				   "hand-over to kernel %llu: %llu record(s) follow kexec_execute (record %llu) before the boot_aggregate at record %llu",
				   from + 1, (unsigned long long)h.after,
				   (unsigned long long)ev->record,
				   (unsigned long long)i);
	} else if (ld && ld->valid) {
		h.kind = HO_TRUNCATED;
		report_add(rep, SEV_FAIL, "truncated-carry-over", i,
			   "truncated carry-over: records missing before record %llu (kernel %llu recorded kexec_load at record %llu, kexec_segment_size=%llu ima_binary_runtime_size=%llu ima_runtime_measurements_count=%llu, but its kexec_execute was not carried)",
			   (unsigned long long)i, from,
			   (unsigned long long)ld->record,
			   (unsigned long long)ld->segment_size,
			   (unsigned long long)ld->runtime_size,
			   (unsigned long long)ld->count);
	} else if (ld) {
		h.kind = HO_UNKNOWN;
	} else if (rep->require_exact) {
		h.kind = HO_NO_EVENTS;
		report_add(rep, SEV_FAIL, "handover-not-exact", i,
			   "hand-over to kernel %llu at record %llu: kernel %llu (records %llu-%llu) recorded no kexec events, so nothing proves it handed over its whole list (--require-exact)",
			   from + 1, (unsigned long long)i, from,
			   (unsigned long long)k->first,
			   (unsigned long long)i - 1);
	} else {
		h.kind = HO_NO_EVENTS;
		report_add(rep, SEV_UNPROVEN, "carry-over-unproven", i,
			   "carry-over unproven: kernel %llu (records %llu-%llu) recorded no kexec events, so whether it handed over its whole list before record %llu cannot be proven from the list (only the PCR replay checks it)",
			   from, (unsigned long long)k->first,
			   (unsigned long long)i - 1, (unsigned long long)i);
	}
	add_handover(rep, &h);
}

void kexec_record(const struct ima_log *log, const struct ima_record *r,
		  struct report *rep)
{
	struct ima_field f[IMA_MAX_GENERIC_FIELDS];
	uint64_t i = r->index;
	int n;

	if (i == 0 && !ima_is_boot_aggregate(r))
		report_add(rep, SEV_FAIL, "no-boot-aggregate", 0,
			   "record 0 is not a boot_aggregate");
	if (i == 0 || (ima_is_boot_aggregate(r) && i > rep->cur.first)) {
		if (i > 0)
			check_hop(i, rep);
		add_kernel(rep, i);
	}
	n = ima_record_fields(log, r, f, IMA_MAX_GENERIC_FIELDS);
	if (n >= 0 && !(r->flags & IMA_REC_VIOLATION))
		check_buf_digest(f, n, i, rep);
	if (n >= 0 && (ima_ename_is(r, "kexec_load") ||
		       ima_ename_is(r, "kexec_execute")))
		kexec_event(r, f, n, rep);
	if (log->tmpls[r->tmpl].legacy)
		rep->cur.legacy++;
}

void kexec_end(struct report *rep)
{
	uint64_t slot = rep->nkernels - rep->kernel_base;

	if (slot && slot <= MAX_LISTED && rep->nrecs)
		rep->kernels[slot - 1].last = rep->nrecs - 1;
	if (rep->nkernels > MAX_LISTED || rep->nevents > MAX_LISTED)
		report_add(rep, SEV_NOTE, "listing", NO_RECORD,
			   "%llu kernels, %llu kexec events: only the first %d of each are listed",
			   (unsigned long long)rep->nkernels,
			   (unsigned long long)rep->nevents, MAX_LISTED);
}
