/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_PCRSRC_H
#define IMALOG_PCRSRC_H

#include "report.h"

#define PCRS_BAD	(-1)	/* malformed content */
#define PCRS_IO		(-2)	/* cannot be opened or read */

/*
 * Fill rep->banks from a directory laid out like /sys/class/tpm/tpm0
 * (pcr-<alg>/<N>) or from a text file (see --help). On error return
 * PCRS_BAD or PCRS_IO with a message in err.
 */
int pcrs_from_tpm_dir(struct report *rep, const char *dir,
		      char *err, size_t errlen);
int pcrs_from_file(struct report *rep, const char *path,
		   char *err, size_t errlen);

/* The bank named alg, added if new (kept in sha1..sha512 order). */
struct bank *pcrs_bank(struct report *rep, const char *alg,
		       char *err, size_t errlen);

/* Parse a hex digest of exactly len bytes, optional 0x and whitespace. */
int parse_hex(const char *s, uint8_t *out, int len);

#endif
