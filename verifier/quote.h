/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_QUOTE_H
#define IMALOG_QUOTE_H

#include "report.h"

/* tpm2_quote's outputs */
struct quote_opts {
	const char *msg;	/* -m: TPMS_ATTEST */
	const char *sig;	/* -s: TPMT_SIGNATURE */
	const char *key;	/* the attestation key's public PEM */
	const char *nonce;	/* -q: qualifying data, hex */
	const char *pcrs;	/* -o: the quoted PCR values */
};

/* The options go together; 0 if they do (or none is given). */
int quote_opts_check(const struct quote_opts *q, struct report *rep);

/*
 * Fill rep->banks from the PCR values tpm2_quote -o wrote, in
 * tpm2-tools' "serialized" (its default) or "marshaled" format. Returns 0,
 * PCRS_BAD or PCRS_IO with a message in err.
 */
int quote_read_pcrs(struct report *rep, const char *path, char *err,
		    size_t errlen);

/*
 * Check the quote: its signature by the key, its qualifying data against
 * the nonce, its PCR digest against the PCR values in rep->banks. Then
 * keep only the quoted PCRs in rep->banks. Findings go to rep.
 */
void quote_check(const struct quote_opts *q, struct report *rep);

#endif
