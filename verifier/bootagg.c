// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "bootagg.h"

static struct bank *find_bank(struct report *rep, const char *algo)
{
	int k;

	for (k = 0; k < rep->nbanks; k++)
		if (strcmp(rep->banks[k].name, algo) == 0)
			return &rep->banks[k];
	return NULL;
}

/* The boot_aggregate digest and its algorithm; -1 if there is none. */
static int record_digest(const struct ima_log *log, const struct ima_record *r,
			 char *algo, size_t algo_len, const uint8_t **dig,
			 uint32_t *dig_len)
{
	struct ima_field f[IMA_MAX_GENERIC_FIELDS];
	const struct ima_field *d;
	int n = ima_record_fields(log, r, f, IMA_MAX_GENERIC_FIELDS);

	if (n < 0)
		return -1;
	d = ima_find_field(f, n, F_D_NG);
	if (!d)
		d = ima_find_field(f, n, F_D_NGV2);
	if (d)
		return ima_split_digest(d, algo, algo_len, dig, dig_len);
	d = ima_find_field(f, n, F_D);
	if (!d)
		return -1;
	snprintf(algo, algo_len, "sha1");
	*dig = d->data;
	*dig_len = d->len;
	return 0;
}

static enum ba_state check_one(const struct ima_log *log, struct report *rep,
			       const struct ima_record *r)
{
	const uint8_t *dig;
	uint8_t calc[MAX_DIGEST];
	char algo[32];
	uint32_t dlen;
	struct bank *b;
	uint64_t need;
	EVP_MD_CTX *ctx;
	unsigned int len = 0;
	int p, ok;

	if (record_digest(log, r, algo, sizeof(algo), &dig, &dlen))
		return BA_UNCHECKED;
	b = find_bank(rep, algo);
	/* sha1 covers PCRs 0-7, other banks 0-9 */
	need = strcmp(algo, "sha1") ? 0x3ff : 0xff;
	if (!b || (b->have & need) != need || (int)dlen != b->size)
		return BA_UNCHECKED;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return BA_UNCHECKED;
	ok = EVP_DigestInit_ex(ctx, b->md, NULL);
	for (p = 0; ok && p < 10; p++)
		if (need & (1u << p))
			ok = EVP_DigestUpdate(ctx, b->tpm[p], b->size);
	ok = ok && EVP_DigestFinal_ex(ctx, calc, &len);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return BA_UNCHECKED;
	return memcmp(calc, dig, dlen) ? BA_MISMATCH : BA_MATCH;
}

void boot_aggregate_record(const struct ima_log *log,
			   const struct ima_record *r, struct report *rep)
{
	unsigned long long i = r->index, k = rep->cur.index;
	enum ba_state ba = BA_NONE;

	if (ima_is_boot_aggregate(r))
		ba = check_one(log, rep, r);
	if (k - rep->kernel_base < MAX_LISTED)
		rep->kernels[k - rep->kernel_base].ba = ba;
	if (ba == BA_NONE)
		return;
	if (ba == BA_MISMATCH)
		report_add(rep, SEV_NOTE, "boot-aggregate", i,
			   "record %llu: boot_aggregate of kernel %llu does not match the TPM's PCRs 0-9",
			   i, k);
	if (!rep->ba_first_len) {
		if (r->data_len <= sizeof(rep->ba_first)) {
			memcpy(rep->ba_first, r->data, r->data_len);
			rep->ba_first_len = r->data_len;
		}
		return;
	}
	if (r->data_len != rep->ba_first_len ||
	    memcmp(r->data, rep->ba_first, r->data_len))
		report_add(rep, SEV_NOTE, "boot-aggregate", i,
			   "record %llu: boot_aggregate of kernel %llu differs from the first kernel's",
			   i, k);
}
