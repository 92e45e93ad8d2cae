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
static void check_buf_digest(const struct ima_field *f, int n, size_t i,
			     struct report *rep)
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
			   "record %zu: malformed d-ng field", i);
		return;
	}
	md = algo_md(algo);
	if (!md) {
		report_add(rep, SEV_BAD, "buf-digest", i,
			   "record %zu: unsupported digest algorithm '%s'",
			   i, algo);
		return;
	}
	if ((int)dlen != EVP_MD_size(md) ||
	    hash_buf(md, buf->data, buf->len, NULL, 0, d) < 0 ||
	    memcmp(d, dig, dlen) != 0)
		report_add(rep, SEV_FAIL, "buf-digest", i,
			   "record %zu: d-ng (%s) is not the hash of the buf field",
			   i, algo);
}

static int add_event(struct report *rep, const struct kexec_event *ev)
{
	struct kexec_event *n;

	n = realloc(rep->events, (rep->nevents + 1) * sizeof(*n));
	if (!n)
		return -1;
	rep->events = n;
	rep->events[rep->nevents++] = *ev;
	return 0;
}

static int add_kernel(struct report *rep, size_t first)
{
	struct kernel *n;

	if (rep->nkernels)
		rep->kernels[rep->nkernels - 1].last = first - 1;
	n = realloc(rep->kernels, (rep->nkernels + 1) * sizeof(*n));
	if (!n)
		return -1;
	rep->kernels = n;
	rep->kernels[rep->nkernels].first = first;
	rep->kernels[rep->nkernels].last = first;
	rep->nkernels++;
	return 0;
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
static void check_event(const struct ima_log *log, struct kexec_event *ev,
			size_t legacy, struct report *rep)
{
	size_t i = ev->record, off = log->recs[i].offset;
	const char *name = event_name(ev->type);

	if (ev->count > i)
		report_add(rep, SEV_FAIL, "kexec-measurements-count", i,
			   "record %zu: %s says ima_runtime_measurements_count=%llu, but %zu records precede it",
			   i, name, (unsigned long long)ev->count, i);
	if (ev->runtime_size < IMA_KEXEC_HDR_SIZE)
		report_add(rep, SEV_FAIL, "kexec-runtime-size", i,
			   "record %zu: %s says ima_binary_runtime_size=%llu, less than the %d-byte header it includes",
			   i, name, (unsigned long long)ev->runtime_size,
			   IMA_KEXEC_HDR_SIZE);
	else if (!legacy && ev->runtime_size - IMA_KEXEC_HDR_SIZE > off)
		report_add(rep, SEV_FAIL, "kexec-runtime-size", i,
			   "record %zu: %s says ima_binary_runtime_size=%llu (header + %llu bytes), but it starts at byte %zu",
			   i, name, (unsigned long long)ev->runtime_size,
			   (unsigned long long)ev->runtime_size - IMA_KEXEC_HDR_SIZE,
			   off);
	ev->exact = ev->count == i &&
		    (legacy || ev->runtime_size == off + IMA_KEXEC_HDR_SIZE);
	if (ev->runtime_size > ev->segment_size)
		report_add(rep, SEV_NOTE, "kexec-segment", i,
			   "record %zu: %s ima_binary_runtime_size=%llu exceeds kexec_segment_size=%llu",
			   i, name, (unsigned long long)ev->runtime_size,
			   (unsigned long long)ev->segment_size);
	if (legacy && ev->type == KEXEC_EXECUTE)
		report_add(rep, SEV_NOTE, "kexec-runtime-size", i,
			   "record %zu: %zu legacy 'ima' template record(s) before %s: ima_binary_runtime_size not compared",
			   i, legacy, name);
	if (rep->require_exact && ev->type == KEXEC_EXECUTE && !ev->exact)
		report_add(rep, SEV_FAIL, "handover-not-exact", i,
			   "record %zu: kexec_execute figures (ima_runtime_measurements_count=%llu, ima_binary_runtime_size=%llu) are not exact: %zu records, %zu + %d bytes precede it",
			   i, (unsigned long long)ev->count,
			   (unsigned long long)ev->runtime_size, i, off,
			   IMA_KEXEC_HDR_SIZE);
}

static int kexec_event(const struct ima_log *log, const struct ima_field *f,
		       int n, size_t i, size_t legacy, struct kexec_event *ev,
		       struct report *rep)
{
	const struct ima_field *buf = ima_find_field(f, n, F_BUF);
	char why[128];

	memset(ev, 0, sizeof(*ev));
	ev->record = i;
	ev->type = ima_ename_is(&log->recs[i], "kexec_load") ?
		   KEXEC_LOAD : KEXEC_EXECUTE;
	if (!buf) {
		report_add(rep, SEV_BAD, "kexec-event", i,
			   "record %zu: %s event has no buf field",
			   i, event_name(ev->type));
		return add_event(rep, ev);
	}
	if (kexec_parse_buf(buf->data, buf->len, ev, why, sizeof(why))) {
		report_add(rep, SEV_BAD, "kexec-event", i,
			   "record %zu: malformed %s buffer: %s",
			   i, event_name(ev->type), why);
		return add_event(rep, ev);
	}
	ev->valid = 1;
	check_event(log, ev, legacy, rep);
	return add_event(rep, ev);
}

static int add_handover(struct report *rep, const struct handover *h)
{
	struct handover *n;

	n = realloc(rep->handovers, (rep->nhandovers + 1) * sizeof(*n));
	if (!n)
		return -1;
	rep->handovers = n;
	rep->handovers[rep->nhandovers++] = *h;
	return 0;
}

/*
 * The hand-over from kernel k to the kernel whose boot_aggregate is record
 * i. A kernel that records kexec events measures kexec_execute before it
 * copies its list, and a copy that runs out of room loses the tail: so a
 * carried kexec_execute proves every record before it was carried, and a
 * missing one proves the tail was lost. Exact figures with nothing after
 * it (our series: measured with every other task stopped) prove the whole
 * list; records after it (mainline: other tasks measure until the copy)
 * are only checked by the replay. A kernel without events says nothing.
 */
static int check_hop(size_t k, size_t i, long load, long exec,
		     struct report *rep)
{
	const struct kexec_event *ev = exec >= 0 ? &rep->events[exec] : NULL;
	const struct kexec_event *ld = load >= 0 ? &rep->events[load] : NULL;
	struct handover h;

	memset(&h, 0, sizeof(h));
	h.from = k;
	h.record = i;
	h.execute = ev ? (long)ev->record : -1;
	h.load = ld ? (long)ld->record : -1;
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
				   "hand-over to kernel %zu: %zu record(s) follow kexec_execute (record %zu) before the boot_aggregate at record %zu",
				   k + 1, h.after, ev->record, i);
	} else if (ld && ld->valid) {
		h.kind = HO_TRUNCATED;
		report_add(rep, SEV_FAIL, "truncated-carry-over", i,
			   "truncated carry-over: records missing before record %zu (kernel %zu recorded kexec_load at record %zu, kexec_segment_size=%llu ima_binary_runtime_size=%llu ima_runtime_measurements_count=%llu, but its kexec_execute was not carried)",
			   i, k, ld->record,
			   (unsigned long long)ld->segment_size,
			   (unsigned long long)ld->runtime_size,
			   (unsigned long long)ld->count);
	} else if (ld) {
		h.kind = HO_UNKNOWN;
	} else {
		h.kind = HO_NO_EVENTS;
		report_add(rep, SEV_UNPROVEN, "carry-over-unproven", i,
			   "carry-over unproven: kernel %zu (records %zu-%zu) recorded no kexec events, so whether it handed over its whole list before record %zu cannot be proven from the list (only the PCR replay checks it)",
			   k, rep->kernels[k].first, i - 1, i);
	}
	return add_handover(rep, &h);
}

int kexec_check(const struct ima_log *log, struct report *rep)
{
	struct ima_field f[IMA_MAX_GENERIC_FIELDS];
	struct kexec_event ev;
	long load = -1, exec = -1;	/* index into rep->events */
	size_t i, legacy = 0;
	int n;

	if (log->nrecs && !ima_is_boot_aggregate(&log->recs[0]))
		report_add(rep, SEV_FAIL, "no-boot-aggregate", 0,
			   "record 0 is not a boot_aggregate");
	for (i = 0; i < log->nrecs; i++) {
		const struct ima_record *r = &log->recs[i];

		if (i == 0 || ima_is_boot_aggregate(r)) {
			if (i > 0 && check_hop(rep->nkernels - 1, i, load,
					       exec, rep))
				return -1;
			if (add_kernel(rep, i))
				return -1;
			load = -1;
			exec = -1;
		}
		n = ima_record_fields(log, r, f, IMA_MAX_GENERIC_FIELDS);
		if (n >= 0 && !(r->flags & IMA_REC_VIOLATION))
			check_buf_digest(f, n, i, rep);
		if (n >= 0 && (ima_ename_is(r, "kexec_load") ||
			       ima_ename_is(r, "kexec_execute"))) {
			if (kexec_event(log, f, n, i, legacy, &ev, rep))
				return -1;
			if (ev.type == KEXEC_LOAD)
				load = rep->nevents - 1;
			else
				exec = rep->nevents - 1;
		}
		if (log->tmpls[r->tmpl].legacy)
			legacy++;
	}
	if (rep->nkernels)
		rep->kernels[rep->nkernels - 1].last = log->nrecs - 1;
	return 0;
}
