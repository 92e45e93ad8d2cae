// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "replay.h"

static void hex(char *out, const uint8_t *p, int len)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

/* until a DRTM event, PC Client TPMs hold PCRs 17-22 at all ones */
int pcr_reset_byte(int pcr)
{
	return pcr >= 17 && pcr <= 22 ? 0xff : 0;
}

/* After L records: note where PCR p of bank b starts or stops matching. */
static void track(struct bank *b, int p, int64_t len)
{
	if (!(b->have & (1ull << p)))
		return;
	if (memcmp(b->tpm[p], b->calc[p], b->size) == 0) {
		if (b->from[p] < 0) {
			b->from[p] = len;
			b->until[p] = UNTIL_END;
		}
	} else if (b->from[p] >= 0 && b->until[p] == UNTIL_END) {
		b->until[p] = len;
	}
}

/* every PCR named so far matches in every bank: a place to continue from */
static void take_snapshot(struct report *rep, uint64_t records,
			  uint64_t bytes)
{
	uint64_t named = 0;
	int k, p;

	if (rep->snap.valid)
		return;
	for (k = 0; k < rep->nbanks; k++) {
		const struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			if (!(rep->pcrs & b->have & (1ull << p)))
				continue;
			if (b->until[p] != UNTIL_END || b->from[p] < 0)
				return;
			named |= 1ull << p;
		}
	}
	if (!named)
		return;
	rep->snap.valid = 1;
	rep->snap.records = records;
	rep->snap.bytes = bytes;
	rep->snap.pcrs = rep->pcrs;
	rep->snap.nkernels = rep->nkernels;
	rep->snap.cur = rep->cur;
}

void replay_begin(struct report *rep, int from_state)
{
	int k, p;

	for (k = 0; k < rep->nbanks; k++) {
		struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			if (!from_state)
				memset(b->calc[p], pcr_reset_byte(p), b->size);
			b->from[p] = -1;
			b->until[p] = UNTIL_END;
			track(b, p, rep->first);
		}
	}
	take_snapshot(rep, rep->first, rep->bytes);
}

static void check_sha1(const struct ima_record *r, const uint8_t *d,
		       struct report *rep)
{
	char want[2 * IMA_SHA1_LEN + 1], got[2 * IMA_SHA1_LEN + 1];

	if (memcmp(d, r->digest, IMA_SHA1_LEN) == 0)
		return;
	hex(want, r->digest, IMA_SHA1_LEN);
	hex(got, d, IMA_SHA1_LEN);
	report_add(rep, SEV_FAIL, "template-digest", r->index,
		   "record %llu (byte %llu): stored sha1 template digest %s, template data hashes to %s",
		   (unsigned long long)r->index, (unsigned long long)r->at,
		   want, got);
}

void replay_record(const struct ima_log *log, const struct ima_record *r,
		   struct report *rep)
{
	uint8_t sha1[MAX_DIGEST], d[MAX_DIGEST], out[MAX_DIGEST];
	const uint8_t *ext;
	int k, violation = r->flags & IMA_REC_VIOLATION;

	if (violation) {
		rep->violations++;
	} else {
		if (template_digest(log, r, EVP_sha1(), sha1) < 0)
			goto fail;
		check_sha1(r, sha1, rep);
	}
	if (!(rep->pcrs & (1ull << r->pcr)))
		rep->pcr_first[r->pcr] = r->index;
	rep->pcrs |= 1ull << r->pcr;
	for (k = 0; k < rep->nbanks; k++) {
		struct bank *b = &rep->banks[k];

		/* violations invalidate the PCR: extend with all ones */
		if (violation) {
			memset(d, 0xff, b->size);
			ext = d;
		} else if (b->size == IMA_SHA1_LEN) {
			ext = sha1;
		} else {
			if (template_digest(log, r, b->md, d) < 0)
				goto fail;
			ext = d;
		}
		if (hash_buf(b->md, b->calc[r->pcr], b->size, ext, b->size,
			     out) < 0)
			goto fail;
		memcpy(b->calc[r->pcr], out, b->size);
		track(b, r->pcr, r->index + 1);
	}
	/* only a record that brings its own PCR to the TPM's value can be one */
	if (rep->nbanks && rep->banks[0].from[r->pcr] == (int64_t)r->index + 1)
		take_snapshot(rep, r->index + 1, r->offset + r->size);
	return;
fail:
	report_add(rep, SEV_UNEVAL, "crypto", r->index, "hashing failed");
}

/*
 * The shortest prefix after which every PCR named in the log matches in
 * every bank: a hash chain passes a value once, so the intervals of all
 * PCRs meet in at most one such prefix.
 */
static int64_t matching_prefix(const struct report *rep)
{
	int64_t lo = 0, hi = UNTIL_END;
	int k, p, any = 0;

	for (k = 0; k < rep->nbanks; k++) {
		const struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			if (!(rep->pcrs & b->have & (1ull << p)))
				continue;
			if (b->from[p] < 0)
				return -1;
			any = 1;
			if (b->from[p] > lo)
				lo = b->from[p];
			if (b->until[p] < hi)
				hi = b->until[p];
		}
	}
	return any && lo < hi ? lo : -1;
}

static void mismatch(struct report *rep, const struct bank *b, int p)
{
	char want[2 * MAX_DIGEST + 1], got[2 * MAX_DIGEST + 1], why[200];
	int64_t from = b->from[p];

	hex(want, b->tpm[p], b->size);
	hex(got, b->calc[p], b->size);
	if (from < 0)
		snprintf(why, sizeof(why),
			 "no prefix of the list replays to the TPM's value: records are missing or altered");
	else if (from == 0)
		snprintf(why, sizeof(why),
			 "the TPM holds the reset value: the %llu record(s) for it are extra",
			 (unsigned long long)rep->nrecs);
	else
		snprintf(why, sizeof(why),
			 "the TPM matched after record %lld: the %llu record(s) after it are extra",
			 (long long)from - 1,
			 (unsigned long long)(rep->nrecs - from));
	report_add_pcr(rep, SEV_FAIL, "pcr-mismatch", b, p,
		       "%s PCR %d: TPM %s, log replays to %s; %s",
		       b->name, p, want, got, why);
}

static void compare(struct report *rep)
{
	int k, p;

	for (k = 0; k < rep->nbanks; k++) {
		struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			uint64_t bit = 1ull << p;

			if (!(rep->pcrs & bit))
				continue;
			if (!(b->have & bit)) {
				/* with growth, only the verified part counts */
				if ((uint64_t)rep->pcr_first[p] < rep->verified)
					report_add_pcr(rep, SEV_BAD, "pcr-unreadable", b, p,
						       "PCR %d of bank %s is named in the log but not in the PCR source",
						       p, b->name);
				continue;
			}
			if (rep->full || (rep->allow_growth && rep->prefix >= 0))
				continue;
			if (b->from[p] < 0 || b->until[p] != UNTIL_END)
				mismatch(rep, b, p);
		}
	}
}

void replay_end(struct report *rep)
{
	int k, p, readable = 0;

	rep->prefix = matching_prefix(rep);
	rep->full = rep->prefix >= 0;
	for (k = 0; k < rep->nbanks; k++)
		for (p = 0; p < IMA_MAX_PCR; p++)
			if (rep->pcrs & rep->banks[k].have & (1ull << p)) {
				readable = 1;
				if (rep->banks[k].until[p] != UNTIL_END)
					rep->full = 0;
			}
	if (!readable)
		rep->full = 0;
	rep->verified = rep->nrecs;
	if (!rep->full && rep->allow_growth && rep->prefix >= 0)
		rep->verified = rep->prefix;
	compare(rep);
	if (rep->full || !readable || rep->incomplete)
		return;
	if (rep->allow_growth && rep->prefix >= 0)
		report_add(rep, SEV_NOTE, "growth", NO_RECORD,
			   "the PCRs match after record %lld: the %llu record(s) after it were measured after the PCRs were read and are not verified",
			   (long long)rep->prefix - 1,
			   (unsigned long long)(rep->nrecs - rep->prefix));
	else if (rep->prefix >= 0)
		report_add(rep, SEV_NOTE, "extra-records", NO_RECORD,
			   "every bank matches the first %lld record(s) (through record %lld): the %llu after it are extra (measured after the PCRs were read: --allow-growth accepts that)",
			   (long long)rep->prefix, (long long)rep->prefix - 1,
			   (unsigned long long)(rep->nrecs - rep->prefix));
	else
		report_add(rep, SEV_NOTE, "missing-records", NO_RECORD,
			   "no prefix of the list replays to the PCRs in every bank: records are missing or altered");
}
