/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_REPORT_H
#define IMALOG_REPORT_H

#include <stdint.h>
#include <stddef.h>

#include "hash.h"
#include "log.h"

#define MAX_BANKS	4
#define MAX_FINDINGS	100	/* stored; the rest are only counted */

enum severity {
	SEV_NOTE = 0,		/* reported, does not change the verdict */
	SEV_FAIL = 1,		/* verification failure: exit 1 */
	SEV_BAD = 2,		/* unreadable or malformed input: exit 2 */
};

struct bank {
	char name[16];
	const EVP_MD *md;
	int size;
	uint64_t have;		/* PCRs read from the TPM source */
	uint8_t tpm[IMA_MAX_PCR][MAX_DIGEST];
	uint8_t calc[IMA_MAX_PCR][MAX_DIGEST];
};

struct finding {
	enum severity sev;
	const char *kind;
	long record;		/* -1: not tied to a record */
	char msg[320];
};

enum kexec_type { KEXEC_LOAD, KEXEC_EXECUTE };

struct kexec_event {
	size_t record;
	enum kexec_type type;
	int valid;		/* buffer parsed */
	uint64_t segment_size;
	uint64_t log_size;
	uint64_t records;
};

enum ba_state {
	BA_NONE,		/* kernel does not start with a boot_aggregate */
	BA_UNCHECKED,		/* PCRs 0-9 of its bank not available */
	BA_MATCH,
	BA_MISMATCH,
};

struct kernel {
	size_t first;
	size_t last;
	enum ba_state ba;
};

struct report {
	const char *source;	/* log path */
	const char *pcr_source;
	struct finding findings[MAX_FINDINGS];
	size_t nfindings;
	size_t dropped;		/* findings beyond MAX_FINDINGS */
	int worst;		/* highest severity seen */
	struct bank banks[MAX_BANKS];
	int nbanks;
	uint64_t pcrs;		/* PCRs named in the log */
	size_t violations;
	int incomplete;		/* parsing stopped at an error */
	struct kernel *kernels;
	size_t nkernels;
	struct kexec_event *events;
	size_t nevents;
};

void report_add(struct report *rep, enum severity sev, const char *kind,
		long record, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void report_free(struct report *rep);
int report_exit_code(const struct report *rep);

#endif
