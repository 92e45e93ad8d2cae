// SPDX-License-Identifier: GPL-2.0
/*
 * A TPM2_Quote checked on the verifier's side: the structures are
 * unmarshaled by the TSS's libtss2-mu, the signature checked by OpenSSL.
 * Built without libtss2-mu (make HAVE_TSS2=0), the options say so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcrsrc.h"
#include "quote.h"

int quote_opts_check(const struct quote_opts *q, struct report *rep)
{
	int n = !!q->msg + !!q->sig + !!q->key + !!q->nonce;

	if (n && n != 4) {
		report_add(rep, SEV_UNEVAL, "usage", NO_RECORD,
			   "--quote, --quote-sig, --quote-key and --nonce go together");
		return -1;
	}
#ifndef HAVE_TSS2
	if (n || q->pcrs) {
		report_add(rep, SEV_UNEVAL, "usage", NO_RECORD,
			   "this imalog was built without libtss2-mu: no quotes (install libtss2-dev and rebuild)");
		return -1;
	}
#endif
	return 0;
}

#ifndef HAVE_TSS2

int quote_read_pcrs(struct report *rep, const char *path, char *err,
		    size_t errlen)
{
	(void)rep;
	snprintf(err, errlen, "%s: built without libtss2-mu", path);
	return PCRS_IO;
}

void quote_check(const struct quote_opts *q, struct report *rep)
{
	(void)q;
	(void)rep;
}

#else

#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <tss2/tss2_mu.h>

#define QUOTE_FILE_MAX	(64u << 10)

/* libtss2-mu logs failed unmarshals to stderr; our findings say it */
static void quiet_tss(void)
{
	setenv("TSS2_LOG", "all+none", 0);
}

static const struct {
	TPM2_ALG_ID alg;
	const char *name;
} hash_algs[] = {
	{ TPM2_ALG_SHA1, "sha1" },
	{ TPM2_ALG_SHA256, "sha256" },
	{ TPM2_ALG_SHA384, "sha384" },
	{ TPM2_ALG_SHA512, "sha512" },
};

static const char *hash_name(TPM2_ALG_ID alg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hash_algs); i++)
		if (hash_algs[i].alg == alg)
			return hash_algs[i].name;
	return NULL;
}

/* A small file, whole. NULL with errno set (EFBIG: too large). */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f)
		return NULL;
	buf = malloc(QUOTE_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	*len = fread(buf, 1, QUOTE_FILE_MAX + 1, f);
	if (ferror(f) || *len > QUOTE_FILE_MAX) {
		errno = ferror(f) ? EIO : EFBIG;
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

/*
 * tpm2-tools' "serialized" layout: the C structs TPML_PCR_SELECTION,
 * UINT32 count, count TPML_DIGEST, each integer little endian.
 */
static int unserialize(const uint8_t *p, size_t len, TPML_PCR_SELECTION *sel,
		       TPML_DIGEST *dig, uint32_t *ndig)
{
	const size_t ssel = sizeof(TPMS_PCR_SELECTION), sdig = sizeof(TPML_DIGEST);
	const size_t s2b = sizeof(TPM2B_DIGEST);
	size_t head = sizeof(TPML_PCR_SELECTION) + 4, at;
	uint32_t i, j;

	if (len < head)
		return -1;
	*ndig = le32(p + head - 4);
	sel->count = le32(p);
	if (*ndig > TPM2_NUM_PCR_BANKS || len != head + *ndig * sdig ||
	    sel->count > TPM2_NUM_PCR_BANKS)
		return -1;
	for (i = 0; i < sel->count; i++) {
		at = offsetof(TPML_PCR_SELECTION, pcrSelections) + i * ssel;
		sel->pcrSelections[i].hash = le16(p + at);
		sel->pcrSelections[i].sizeofSelect =
			p[at + offsetof(TPMS_PCR_SELECTION, sizeofSelect)];
		memcpy(sel->pcrSelections[i].pcrSelect,
		       p + at + offsetof(TPMS_PCR_SELECTION, pcrSelect),
		       TPM2_PCR_SELECT_MAX);
		if (sel->pcrSelections[i].sizeofSelect > TPM2_PCR_SELECT_MAX)
			return -1;
	}
	for (i = 0; i < *ndig; i++) {
		const uint8_t *d = p + head + i * sdig;

		dig[i].count = le32(d);
		if (dig[i].count > ARRAY_SIZE(dig[i].digests))
			return -1;
		for (j = 0; j < dig[i].count; j++) {
			at = offsetof(TPML_DIGEST, digests) + j * s2b;
			dig[i].digests[j].size = le16(d + at);
			if (dig[i].digests[j].size > sizeof(dig[i].digests[j].buffer))
				return -1;
			memcpy(dig[i].digests[j].buffer,
			       d + at + offsetof(TPM2B_DIGEST, buffer),
			       dig[i].digests[j].size);
		}
	}
	return 0;
}

/* "marshaled": TPML_PCR_SELECTION, UINT32 count, TPML_DIGEST... */
static int unmarshal_pcrs(const uint8_t *p, size_t len, TPML_PCR_SELECTION *sel,
			  TPML_DIGEST *dig, uint32_t *ndig)
{
	size_t off = 0;
	uint32_t i;

	if (Tss2_MU_TPML_PCR_SELECTION_Unmarshal(p, len, &off, sel) ||
	    Tss2_MU_UINT32_Unmarshal(p, len, &off, ndig) ||
	    *ndig > TPM2_NUM_PCR_BANKS)
		return -1;
	for (i = 0; i < *ndig; i++)
		if (Tss2_MU_TPML_DIGEST_Unmarshal(p, len, &off, &dig[i]))
			return -1;
	return off == len ? 0 : -1;
}

static int selected(const TPMS_PCR_SELECTION *s, int pcr)
{
	return pcr / 8 < s->sizeofSelect && (s->pcrSelect[pcr / 8] & (1 << (pcr % 8)));
}

int quote_read_pcrs(struct report *rep, const char *path, char *err,
		    size_t errlen)
{
	TPML_PCR_SELECTION sel;
	TPML_DIGEST dig[TPM2_NUM_PCR_BANKS];
	uint32_t ndig, i, d = 0, j = 0;
	size_t len;
	uint8_t *buf = slurp(path, &len);
	int p, ret = PCRS_BAD;

	if (!buf) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return PCRS_IO;
	}
	quiet_tss();
	memset(&sel, 0, sizeof(sel));
	memset(dig, 0, sizeof(dig));
	if (unserialize(buf, len, &sel, dig, &ndig) &&
	    unmarshal_pcrs(buf, len, &sel, dig, &ndig)) {
		snprintf(err, errlen, "%s: not a tpm2_quote -o PCR file (serialized or marshaled)", path);
		goto out;
	}
	for (i = 0; i < sel.count; i++) {
		const TPMS_PCR_SELECTION *s = &sel.pcrSelections[i];
		const char *name = hash_name(s->hash);
		struct bank *b;

		if (!name) {
			snprintf(err, errlen, "%s: unknown PCR bank 0x%04x", path,
				 s->hash);
			goto out;
		}
		b = pcrs_bank(rep, name, err, errlen);
		if (!b)
			goto out;
		for (p = 0; p < IMA_MAX_PCR; p++) {
			const TPM2B_DIGEST *v;

			if (!selected(s, p))
				continue;
			if (j == (d < ndig ? dig[d].count : 0)) {
				d++;
				j = 0;
			}
			if (d >= ndig || j >= dig[d].count) {
				snprintf(err, errlen, "%s: fewer values than PCRs selected", path);
				goto out;
			}
			v = &dig[d].digests[j++];
			if (v->size != b->size) {
				snprintf(err, errlen, "%s: %s PCR %d: %u bytes, want %d",
					 path, name, p, v->size, b->size);
				goto out;
			}
			memcpy(b->tpm[p], v->buffer, b->size);
			b->have |= 1ull << p;
		}
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

static void quote_bad(struct report *rep, enum severity sev, const char *kind,
		      const char *path, const char *what)
{
	report_add(rep, sev, kind, NO_RECORD, "%s: %s", path, what);
}

static uint8_t *read_quote_file(struct report *rep, const char *path,
				size_t *len)
{
	uint8_t *buf = slurp(path, len);

	if (!buf)
		quote_bad(rep, SEV_UNEVAL, "io", path, strerror(errno));
	return buf;
}

/* The signature in the form OpenSSL verifies, and its hash. */
static int signature_der(const TPMT_SIGNATURE *s, uint8_t **der, size_t *len,
			 TPM2_ALG_ID *hash)
{
	ECDSA_SIG *es;
	BIGNUM *r, *sv;
	unsigned char *p = NULL;
	int n;

	switch (s->sigAlg) {
	case TPM2_ALG_RSASSA:
	case TPM2_ALG_RSAPSS:
		*hash = s->signature.rsassa.hash;
		*len = s->signature.rsassa.sig.size;
		*der = OPENSSL_malloc(*len ? *len : 1);
		if (!*der)
			return -1;
		memcpy(*der, s->signature.rsassa.sig.buffer, *len);
		return 0;
	case TPM2_ALG_ECDSA:
		*hash = s->signature.ecdsa.hash;
		es = ECDSA_SIG_new();
		r = BN_bin2bn(s->signature.ecdsa.signatureR.buffer,
			      s->signature.ecdsa.signatureR.size, NULL);
		sv = BN_bin2bn(s->signature.ecdsa.signatureS.buffer,
			       s->signature.ecdsa.signatureS.size, NULL);
		if (!es || !r || !sv || !ECDSA_SIG_set0(es, r, sv)) {
			ECDSA_SIG_free(es);
			BN_free(r);
			BN_free(sv);
			return -1;
		}
		n = i2d_ECDSA_SIG(es, &p);
		ECDSA_SIG_free(es);
		if (n <= 0)
			return -1;
		*der = p;
		*len = n;
		return 0;
	default:
		return -1;
	}
}

static int verify_signature(EVP_PKEY *key, const TPMT_SIGNATURE *s,
			    const EVP_MD *md, const uint8_t *sig,
			    size_t siglen, const uint8_t *msg, size_t msglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok, rsa = EVP_PKEY_base_id(key) == EVP_PKEY_RSA;

	if (!ctx)
		return 0;
	ok = rsa == (s->sigAlg != TPM2_ALG_ECDSA) &&
	     EVP_DigestVerifyInit(ctx, &pctx, md, NULL, key) == 1;
	if (ok && s->sigAlg == TPM2_ALG_RSASSA)
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
	if (ok && s->sigAlg == TPM2_ALG_RSAPSS)
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) > 0;
	ok = ok && EVP_DigestVerify(ctx, sig, siglen, msg, msglen) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

static EVP_PKEY *read_key(struct report *rep, const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *key;

	if (!f) {
		quote_bad(rep, SEV_UNEVAL, "io", path, strerror(errno));
		return NULL;
	}
	key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!key)
		quote_bad(rep, SEV_BAD, "quote", path, "not a PEM public key");
	return key;
}

static void check_nonce(const struct quote_opts *q, const TPMS_ATTEST *a,
			struct report *rep)
{
	const char *s = q->nonce;
	uint8_t want[sizeof(a->extraData.buffer)];
	size_t n;

	if (!strncmp(s, "0x", 2))
		s += 2;
	n = strlen(s) / 2;
	if (strlen(s) % 2 || n > sizeof(want) || parse_hex(s, want, n)) {
		report_add(rep, SEV_UNEVAL, "usage", NO_RECORD,
			   "--nonce %s: not hex of at most %zu bytes", q->nonce,
			   sizeof(want));
		return;
	}
	rep->quote.nonce = a->extraData.size == n &&
			   !memcmp(a->extraData.buffer, want, n);
	if (!rep->quote.nonce)
		report_add(rep, SEV_FAIL, "quote-nonce", NO_RECORD,
			   "%s: the quote's qualifying data is not the nonce %s (a replayed or foreign quote)",
			   q->msg, q->nonce);
}

/* Hash the PCR values the quote selects, in its order; then keep only those. */
static void check_digest(const struct quote_opts *q, const TPMS_ATTEST *a,
			 const EVP_MD *md, struct report *rep)
{
	const TPML_PCR_SELECTION *sel = &a->attested.quote.pcrSelect;
	uint64_t quoted[MAX_BANKS] = { 0 };
	uint8_t d[MAX_DIGEST];
	char *at = rep->quote.pcrs;
	EVP_MD_CTX *ctx;
	unsigned int len = 0;
	uint32_t i;
	int k, p, ok;

	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestInit_ex(ctx, md, NULL);
	for (i = 0; ok && i < sel->count; i++) {
		const TPMS_PCR_SELECTION *s = &sel->pcrSelections[i];
		const char *name = hash_name(s->hash);
		struct bank *b = NULL;

		for (k = 0; name && k < rep->nbanks; k++)
			if (!strcmp(rep->banks[k].name, name))
				b = &rep->banks[k];
		at += snprintf(at, rep->quote.pcrs + sizeof(rep->quote.pcrs) - at,
			       "%s%s:", i ? "+" : "", name ? name : "?");
		for (p = 0; p < TPM2_PCR_SELECT_MAX * 8; p++) {
			if (!selected(s, p))
				continue;
			if (!b || p >= IMA_MAX_PCR || !(b->have & (1ull << p))) {
				report_add(rep, SEV_BAD, "quote", NO_RECORD,
					   "%s: the quote covers %s PCR %d, which the PCR source %s lacks",
					   q->msg, name ? name : "an unknown bank's", p,
					   rep->pcr_source);
				ok = 0;
				break;
			}
			at += snprintf(at, rep->quote.pcrs + sizeof(rep->quote.pcrs) - at,
				       "%s%d", at[-1] == ':' ? "" : ",", p);
			ok = EVP_DigestUpdate(ctx, b->tpm[p], b->size);
			quoted[b - rep->banks] |= 1ull << p;
		}
	}
	ok = ok && EVP_DigestFinal_ex(ctx, d, &len);
	EVP_MD_CTX_free(ctx);
	for (k = 0; k < rep->nbanks; k++)
		rep->banks[k].have &= quoted[k];
	if (!ok)
		return;
	rep->quote.digest = a->attested.quote.pcrDigest.size == len &&
			    !memcmp(a->attested.quote.pcrDigest.buffer, d, len);
	if (!rep->quote.digest)
		report_add(rep, SEV_FAIL, "quote-pcr-digest", NO_RECORD,
			   "%s: the quote's PCR digest is not the %s of the PCR values in %s",
			   q->msg, rep->quote.hash, rep->pcr_source);
}

void quote_check(const struct quote_opts *q, struct report *rep)
{
	TPMS_ATTEST a;
	TPMT_SIGNATURE s;
	TPM2_ALG_ID halg = 0;
	EVP_PKEY *key = NULL;
	const EVP_MD *md;
	uint8_t *msg, *sigbuf = NULL, *der = NULL;
	size_t msglen, siglen, derlen, off = 0;

	quiet_tss();
	rep->quote.given = 1;
	rep->quote.signature = rep->quote.nonce = rep->quote.digest = -1;
	msg = read_quote_file(rep, q->msg, &msglen);
	if (!msg)
		goto out;
	memset(&a, 0, sizeof(a));
	if (Tss2_MU_TPMS_ATTEST_Unmarshal(msg, msglen, &off, &a) ||
	    off != msglen) {
		quote_bad(rep, SEV_BAD, "quote", q->msg, "not a TPMS_ATTEST");
		goto out;
	}
	if (a.magic != TPM2_GENERATED_VALUE || a.type != TPM2_ST_ATTEST_QUOTE) {
		quote_bad(rep, SEV_FAIL, "quote", q->msg,
			  "not a quote generated by a TPM (magic or type)");
		goto out;
	}
	sigbuf = read_quote_file(rep, q->sig, &siglen);
	if (!sigbuf)
		goto out;
	off = 0;
	memset(&s, 0, sizeof(s));
	if (Tss2_MU_TPMT_SIGNATURE_Unmarshal(sigbuf, siglen, &off, &s) ||
	    off != siglen || signature_der(&s, &der, &derlen, &halg) ||
	    !hash_name(halg)) {
		quote_bad(rep, SEV_BAD, "quote", q->sig,
			  "not a TPMT_SIGNATURE (RSASSA, RSAPSS or ECDSA with SHA-1/2)");
		goto out;
	}
	snprintf(rep->quote.hash, sizeof(rep->quote.hash), "%s", hash_name(halg));
	md = bank_md(rep->quote.hash);
	key = read_key(rep, q->key);
	if (!key)
		goto out;
	rep->quote.signature = verify_signature(key, &s, md, der, derlen, msg,
						msglen);
	if (!rep->quote.signature)
		report_add(rep, SEV_FAIL, "quote-signature", NO_RECORD,
			   "%s: the signature %s does not verify with the key %s",
			   q->msg, q->sig, q->key);
	check_nonce(q, &a, rep);
	if (rep->nbanks)
		check_digest(q, &a, md, rep);
out:
	EVP_PKEY_free(key);
	OPENSSL_free(der);
	free(sigbuf);
	free(msg);
}

#endif
