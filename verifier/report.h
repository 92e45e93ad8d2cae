/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_REPORT_H
#define IMALOG_REPORT_H

#include <stdint.h>
#include <stddef.h>

#include "hash.h"
#include "log.h"

#define MAX_BANKS	4
#define MAX_FINDINGS	100	/* stored; the rest are only counted */

/* exit codes */
#define EXIT_OK		0	/* whole log replays, no findings */
#define EXIT_FAIL	1	/* verification failure */
#define EXIT_ERROR	2	/* unreadable or malformed input */
#define EXIT_UNPROVEN	3	/* replays, but a hand-over cannot be proven complete */

/* in increasing order: the worst one decides the exit code */
enum severity {
	SEV_NOTE = 0,		/* reported, does not change the verdict */
	SEV_UNPROVEN,		/* completeness not provable from the list: exit 3 */
	SEV_FAIL,		/* verification failure: exit 1 */
	SEV_BAD,		/* unreadable or malformed input: exit 2 */
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

/*
 * An ima_kexec critical-data event, mainline's grammar:
 * kexec_segment_size=N;ima_binary_runtime_size=N;ima_runtime_measurements_count=N;
 */
struct kexec_event {
	size_t record;
	enum kexec_type type;
	int valid;		/* buffer parsed */
	int exact;		/* figures equal the event's index and offset */
	uint64_t segment_size;	/* kexec_segment_size */
	uint64_t runtime_size;	/* ima_binary_runtime_size: header + records */
	uint64_t count;		/* ima_runtime_measurements_count */
};

/* struct ima_kexec_hdr, counted in ima_binary_runtime_size */
#define IMA_KEXEC_HDR_SIZE	24

/* What one kernel's hand-over to the next looks like in the list. */
enum handover_kind {
	HO_EXACT,		/* kexec_execute last, figures exact: proven */
	HO_MAINLINE,		/* kexec_execute, lower bound: records may follow */
	HO_TRUNCATED,		/* events, but no kexec_execute carried: lost */
	HO_NO_EVENTS,		/* no kexec events: not provable from the list */
	HO_UNKNOWN,		/* kexec_execute malformed */
};

struct handover {
	size_t from;		/* kernel index; the next one is from + 1 */
	size_t record;		/* the next kernel's boot_aggregate */
	long execute;		/* last kexec_execute of kernel from, or -1 */
	long load;		/* last kexec_load of kernel from, or -1 */
	size_t after;		/* records between kexec_execute and record */
	int exact;		/* kexec_execute's figures are exact */
	enum handover_kind kind;
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
	struct handover *handovers;
	size_t nhandovers;
	int require_exact;	/* --require-exact */
};

void report_add(struct report *rep, enum severity sev, const char *kind,
		long record, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void report_free(struct report *rep);
int report_exit_code(const struct report *rep);
const char *handover_kind_name(enum handover_kind k);
/* how sure the completeness verdict of a hand-over of this kind is */
const char *handover_certainty(enum handover_kind k);
/* one kind for the whole list: "none", a kind, or "mixed" */
const char *handover_summary(const struct report *rep);

#endif
