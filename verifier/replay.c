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

/*
 * PC Client TPMs reset PCRs 17-22 to all ones (until a DRTM event);
 * the rest start at zero.
 */
static void init_pcrs(struct bank *b)
{
	int i;

	for (i = 0; i < IMA_MAX_PCR; i++)
		memset(b->calc[i], (i >= 17 && i <= 22) ? 0xff : 0, b->size);
}

static int extend(struct bank *b, uint32_t pcr, const uint8_t *digest)
{
	uint8_t out[MAX_DIGEST];

	if (hash_buf(b->md, b->calc[pcr], b->size, digest, b->size, out) < 0)
		return -1;
	memcpy(b->calc[pcr], out, b->size);
	return 0;
}

static void check_sha1(const struct ima_log *log, const struct ima_record *r,
		       size_t i, struct report *rep)
{
	uint8_t d[MAX_DIGEST];
	char want[2 * IMA_SHA1_LEN + 1], got[2 * IMA_SHA1_LEN + 1];

	if (template_digest(log, r, EVP_sha1(), d) < 0) {
		report_add(rep, SEV_BAD, "crypto", i, "sha1 failed");
		return;
	}
	if (memcmp(d, r->digest, IMA_SHA1_LEN) == 0)
		return;
	hex(want, r->digest, IMA_SHA1_LEN);
	hex(got, d, IMA_SHA1_LEN);
	report_add(rep, SEV_FAIL, "template-digest", i,
		   "record %zu (offset %zu): stored sha1 template digest %s, template data hashes to %s",
		   i, r->offset, want, got);
}

static void replay_record(const struct ima_log *log,
			  const struct ima_record *r, size_t i,
			  struct report *rep)
{
	uint8_t d[MAX_DIGEST];
	int k;

	if (r->flags & IMA_REC_VIOLATION)
		rep->violations++;
	else
		check_sha1(log, r, i, rep);
	rep->pcrs |= 1ull << r->pcr;
	for (k = 0; k < rep->nbanks; k++) {
		struct bank *b = &rep->banks[k];

		/* violations invalidate the PCR: extend with all ones */
		if (r->flags & IMA_REC_VIOLATION)
			memset(d, 0xff, b->size);
		else if (template_digest(log, r, b->md, d) < 0)
			goto fail;
		if (extend(b, r->pcr, d) < 0)
			goto fail;
	}
	return;
fail:
	report_add(rep, SEV_BAD, "crypto", i, "hashing failed");
}

static void compare(struct report *rep)
{
	char want[2 * MAX_DIGEST + 1], got[2 * MAX_DIGEST + 1];
	int k, p;

	for (k = 0; k < rep->nbanks; k++) {
		struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			if (!(rep->pcrs & (1ull << p)))
				continue;
			if (!(b->have & (1ull << p))) {
				report_add(rep, SEV_BAD, "pcr-unreadable", -1,
					   "PCR %d of bank %s is named in the log but not readable",
					   p, b->name);
				continue;
			}
			if (memcmp(b->tpm[p], b->calc[p], b->size) == 0)
				continue;
			hex(want, b->tpm[p], b->size);
			hex(got, b->calc[p], b->size);
			report_add(rep, SEV_FAIL, "pcr-mismatch", -1,
				   "%s PCR %d: TPM %s, log replays to %s",
				   b->name, p, want, got);
		}
	}
}

void replay(const struct ima_log *log, struct report *rep)
{
	size_t i;
	int k;

	for (k = 0; k < rep->nbanks; k++)
		init_pcrs(&rep->banks[k]);
	for (i = 0; i < log->nrecs; i++)
		replay_record(log, &log->recs[i], i, rep);
	compare(rep);
}
