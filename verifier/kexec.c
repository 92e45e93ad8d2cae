// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kexec.h"

#define KEY_SEGMENT	0x1
#define KEY_LOG		0x2
#define KEY_RECORDS	0x4
#define KEY_ALL		(KEY_SEGMENT | KEY_LOG | KEY_RECORDS)

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

	if (key_is(k, klen, "segment_size")) {
		dst = &ev->segment_size;
		bit = KEY_SEGMENT;
	} else if (key_is(k, klen, "log_size")) {
		dst = &ev->log_size;
		bit = KEY_LOG;
	} else if (key_is(k, klen, "records")) {
		dst = &ev->records;
		bit = KEY_RECORDS;
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
			 seen & KEY_SEGMENT ? "" : "segment_size ",
			 seen & KEY_LOG ? "" : "log_size ",
			 seen & KEY_RECORDS ? "" : "records ");
		return -1;
	}
	return 0;
}

/* Rule (a): an ima-buf digest is the hash of its buffer. */
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
 * Rules (b) and (d) for one event. kexec_execute is measured with every other
 * task stopped, so its figures are exact. kexec_load is not: records measured
 * at the same time may precede it, so its figures may lag but never lead.
 */
static bool figures_wrong(const struct kexec_event *ev, unsigned long long said,
			  unsigned long long real)
{
	return ev->type == KEXEC_EXECUTE ? said != real : said > real;
}

static void check_event(const struct ima_log *log, const struct kexec_event *ev,
			struct report *rep)
{
	size_t i = ev->record;

	if (figures_wrong(ev, ev->records, i))
		report_add(rep, SEV_FAIL, "kexec-records", i,
			   "record %zu: %s says records=%llu, but %zu records precede it",
			   i, event_name(ev->type),
			   (unsigned long long)ev->records, i);
	if (figures_wrong(ev, ev->log_size, log->recs[i].offset))
		report_add(rep, SEV_FAIL, "kexec-log-size", i,
			   "record %zu: %s says log_size=%llu, but it starts at byte %zu",
			   i, event_name(ev->type),
			   (unsigned long long)ev->log_size, log->recs[i].offset);
	if (ev->log_size > ev->segment_size)
		report_add(rep, SEV_NOTE, "kexec-segment", i,
			   "record %zu: %s log_size=%llu exceeds segment_size=%llu",
			   i, event_name(ev->type),
			   (unsigned long long)ev->log_size,
			   (unsigned long long)ev->segment_size);
	if (ev->type != KEXEC_EXECUTE || i + 1 >= log->nrecs)
		return;
	if (!ima_is_boot_aggregate(&log->recs[i + 1]))
		report_add(rep, SEV_FAIL, "kexec-execute-not-last", i,
			   "record %zu: kexec_execute is not followed by a boot_aggregate",
			   i);
}

static int kexec_event(const struct ima_log *log, const struct ima_field *f,
		       int n, size_t i, struct kexec_event *ev,
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
	check_event(log, ev, rep);
	return add_event(rep, ev);
}

/* Rule (c): a later boot_aggregate must follow a kexec_execute. */
static void check_hop(const struct ima_log *log, size_t i,
		      const struct kexec_event *load, struct report *rep)
{
	const struct ima_record *prev = &log->recs[i - 1];

	if (ima_ename_is(prev, "kexec_execute"))
		return;
	if (load && load->valid)
		report_add(rep, SEV_FAIL, "truncated-carry-over", i,
			   "truncated carry-over: records missing before record %zu (boot_aggregate not preceded by kexec_execute); kexec_load at record %zu had segment_size=%llu log_size=%llu records=%llu",
			   i, load->record,
			   (unsigned long long)load->segment_size,
			   (unsigned long long)load->log_size,
			   (unsigned long long)load->records);
	else
		report_add(rep, SEV_FAIL, "truncated-carry-over", i,
			   "truncated carry-over: records missing before record %zu (boot_aggregate not preceded by kexec_execute); no kexec_load seen in the previous kernel",
			   i);
}

int kexec_check(const struct ima_log *log, struct report *rep)
{
	struct ima_field f[IMA_MAX_GENERIC_FIELDS];
	struct kexec_event ev;
	long load = -1;		/* index into rep->events */
	size_t i;
	int n;

	if (log->nrecs && !ima_is_boot_aggregate(&log->recs[0]))
		report_add(rep, SEV_FAIL, "no-boot-aggregate", 0,
			   "record 0 is not a boot_aggregate");
	for (i = 0; i < log->nrecs; i++) {
		const struct ima_record *r = &log->recs[i];

		if (i == 0 || ima_is_boot_aggregate(r)) {
			if (i > 0)
				check_hop(log, i, load >= 0 ?
					  &rep->events[load] : NULL, rep);
			if (add_kernel(rep, i))
				return -1;
			load = -1;
		}
		n = ima_record_fields(log, r, f, IMA_MAX_GENERIC_FIELDS);
		if (n < 0)
			continue;
		if (!(r->flags & IMA_REC_VIOLATION))
			check_buf_digest(f, n, i, rep);
		if (!ima_ename_is(r, "kexec_load") &&
		    !ima_ename_is(r, "kexec_execute"))
			continue;
		if (kexec_event(log, f, n, i, &ev, rep))
			return -1;
		if (ev.type == KEXEC_LOAD)
			load = rep->nevents - 1;
	}
	if (rep->nkernels)
		rep->kernels[rep->nkernels - 1].last = log->nrecs - 1;
	return 0;
}
