// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "hash.h"

static const char *const bank_names[] = { "sha1", "sha256", "sha384", "sha512" };

/*
 * Fetch each algorithm once: an EVP_MD from EVP_get_digestbyname() is
 * looked up in the provider again at every EVP_DigestInit_ex(), which
 * costs more than hashing a record.
 */
static const EVP_MD *fetch(const char *name)
{
	static struct {
		char name[32];
		EVP_MD *md;
	} cache[16];
	static int n;
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(cache[i].name, name) == 0)
			return cache[i].md;
	if (n == (int)ARRAY_SIZE(cache) || strlen(name) >= sizeof(cache[0].name))
		return EVP_get_digestbyname(name);
	cache[n].md = EVP_MD_fetch(NULL, name, NULL);
	if (!cache[n].md)
		return NULL;
	strcpy(cache[n].name, name);
	return cache[n++].md;
}

const EVP_MD *bank_md(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bank_names); i++)
		if (strcmp(name, bank_names[i]) == 0)
			return fetch(name);
	return NULL;
}

const EVP_MD *algo_md(const char *name)
{
	const EVP_MD *md;

	if (!EVP_get_digestbyname(name))
		return NULL;
	md = fetch(name);
	if (!md || EVP_MD_size(md) <= 0 || EVP_MD_size(md) > MAX_DIGEST)
		return NULL;
	return md;
}

int hash_buf(const EVP_MD *md, const void *a, size_t alen,
	     const void *b, size_t blen, uint8_t *out)
{
	static EVP_MD_CTX *ctx;
	unsigned int len = 0;

	if (!ctx)
		ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -1;
	if (!EVP_DigestInit_ex(ctx, md, NULL) ||
	    !EVP_DigestUpdate(ctx, a, alen) ||
	    (blen && !EVP_DigestUpdate(ctx, b, blen)) ||
	    !EVP_DigestFinal_ex(ctx, out, &len))
		return -1;
	return len;
}

/*
 * The legacy 'ima' template hashes the 20-byte digest followed by the
 * name NUL-padded to IMA_EVENT_NAME_LEN_MAX + 1 bytes, without any
 * length prefixes. Every other template hashes each field as
 * u32 length + data, which is exactly its serialized template data.
 */
int template_digest(const struct ima_log *log, const struct ima_record *r,
		    const EVP_MD *md, uint8_t *out)
{
	uint8_t name[IMA_EVENT_NAME_LEN_MAX + 1];

	if (!log->tmpls[r->tmpl].legacy)
		return hash_buf(md, r->data, r->data_len, NULL, 0, out);
	memset(name, 0, sizeof(name));
	memcpy(name, r->ename, r->ename_len);
	return hash_buf(md, r->data, IMA_SHA1_LEN, name, sizeof(name), out);
}
