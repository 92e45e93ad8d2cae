/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_HASH_H
#define IMALOG_HASH_H

#include <openssl/evp.h>
#include "log.h"

#define MAX_DIGEST	64

/* PCR bank algorithms we replay. NULL if name is not one of them. */
const EVP_MD *bank_md(const char *name);

/* Any digest OpenSSL knows by the kernel's hash_algo_name, or NULL. */
const EVP_MD *algo_md(const char *name);

int hash_buf(const EVP_MD *md, const void *a, size_t alen,
	     const void *b, size_t blen, uint8_t *out);

/*
 * Template digest of a record in the given algorithm, as computed by
 * ima_calc_field_array_hash_tfm(). Returns the digest size or -1.
 */
int template_digest(const struct ima_log *log, const struct ima_record *r,
		    const EVP_MD *md, uint8_t *out);

#endif
