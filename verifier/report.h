/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IMALOG_REPORT_H
#define IMALOG_REPORT_H

#include <stdint.h>
#include <stddef.h>

#include "hash.h"
#include "log.h"

#define MAX_BANKS	4
#define MAX_FINDINGS	100	/* stored; the rest are only counted */
#define MAX_LISTED	1024	/* kernels, kexec events, hand-overs listed */
#define NO_RECORD	(-1LL)
#define UNTIL_END	INT64_MAX

/* exit codes */
#define EXIT_OK		0	/* the evidence verifies */
#define EXIT_FAIL	1	/* the evidence fails */
#define EXIT_ERROR	2	/* the evidence is malformed */
#define EXIT_UNPROVEN	3	/* replays, but a hand-over cannot be proven complete */
#define EXIT_UNEVAL	4	/* could not evaluate: usage, I/O */

/* in increasing order: the worst one decides the exit code */
enum severity {
	SEV_NOTE = 0,		/* reported, does not change the verdict */
	SEV_UNPROVEN,		/* completeness not provable from the list: exit 3 */
	SEV_FAIL,		/* the evidence fails: exit 1 */
	SEV_BAD,		/* the evidence is malformed: exit 2 */
	SEV_UNEVAL,		/* could not evaluate (usage, I/O): exit 4 */
	SEV__COUNT
};

struct bank {
	char name[16];
	const EVP_MD *md;
	int size;
	uint64_t have;		/* PCRs read from the PCR source */
	uint8_t tpm[IMA_MAX_PCR][MAX_DIGEST];
	uint8_t calc[IMA_MAX_PCR][MAX_DIGEST];
	/*
	 * The prefix lengths L (records replayed) for which calc equals
	 * tpm: from <= L < until; from -1 if never.
	 */
	int64_t from[IMA_MAX_PCR];
	int64_t until[IMA_MAX_PCR];
};

struct finding {
	enum severity sev;
	const char *kind;
	long long record;	/* NO_RECORD: not tied to a record */
	long long at;		/* input byte offset of that record, or -1 */
	const char *bank;	/* pcr-mismatch, pcr-unreadable */
	int pcr;		/* likewise; -1 otherwise */
	char msg[360];
};

enum kexec_type { KEXEC_LOAD, KEXEC_EXECUTE };

/*
 * An ima_kexec critical-data event, mainline's grammar:
 * kexec_segment_size=N;ima_binary_runtime_size=N;ima_runtime_measurements_count=N;
 */
struct kexec_event {
	uint64_t record;
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
	uint64_t from;		/* kernel index; the next one is from + 1 */
	uint64_t record;	/* the next kernel's boot_aggregate */
	long long execute;	/* last kexec_execute of kernel from, or -1 */
	long long load;		/* last kexec_load of kernel from, or -1 */
	uint64_t after;		/* records between kexec_execute and record */
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
	uint64_t first;
	uint64_t last;
	enum ba_state ba;
};

/* The kernel whose records are being read: what its hand-over needs. */
struct kernel_ctx {
	uint64_t index;		/* kernels before it */
	uint64_t first;		/* its first record */
	int have_load, have_exec;
	struct kexec_event load, exec;	/* its last ones */
	uint64_t legacy;	/* 'ima' template records so far in the list */
};

/*
 * Where a later run continues (--save-state): after the last record when
 * every bank matches it, else after the prefix that every bank matches.
 */
struct snapshot {
	int valid;
	uint64_t records;	/* records verified */
	uint64_t bytes;		/* their size in the binary list */
	uint64_t pcrs;		/* PCRs named in them */
	uint64_t nkernels;
	struct kernel_ctx cur;
};

/* A quote checked against the PCR values (--quote). */
struct quote_result {
	int given;
	int signature;		/* 1 verified, 0 not, -1 not checked */
	int nonce;
	int digest;
	char hash[16];		/* the signature's (and pcrDigest's) hash */
	char pcrs[256];		/* the quoted selection, "sha256:10,11" */
};

struct report {
	const char *source;	/* log path */
	const char *pcr_source;
	const char *format;	/* "binary", "ascii" */
	const char *byteorder;	/* "little", "big" */
	struct finding findings[MAX_FINDINGS];
	size_t nfindings;
	size_t dropped;		/* findings beyond MAX_FINDINGS */
	long long dropped_min[SEV__COUNT];	/* their lowest record */
	size_t unjudged;	/* findings on records after the match */
	int worst;		/* highest severity that counts */
	struct bank banks[MAX_BANKS];
	int nbanks;
	uint64_t pcrs;		/* PCRs named in the log */
	int64_t pcr_first[IMA_MAX_PCR];	/* the first record naming each */
	uint64_t first;		/* index of the first record read (--state) */
	uint64_t nrecs;		/* records in the list, counting --state's */
	uint64_t bytes;		/* bytes of the binary list, likewise */
	uint64_t violations;
	int incomplete;		/* reading stopped at an error */
	int evaluated;		/* the list was read (usage and I/O aside) */
	/* the replay */
	int allow_growth;	/* --allow-growth */
	int full;		/* every bank matches after the last record */
	int64_t prefix;		/* shortest prefix that matches, -1 none */
	uint64_t verified;	/* records judged: all, or the matching prefix */
	/* the kexec structure */
	struct kernel kernels[MAX_LISTED];
	uint64_t nkernels;	/* all of them; kernels[] holds the first */
	uint64_t kernel_base;	/* kernels[0]'s index (--state) */
	struct kexec_event events[MAX_LISTED];
	uint64_t nevents;
	struct handover handovers[MAX_LISTED];
	uint64_t nhandovers;
	struct kernel_ctx cur;
	uint8_t ba_first[256];	/* the first kernel's boot_aggregate data */
	uint32_t ba_first_len;	/* 0: none seen yet */
	int require_exact;	/* --require-exact */
	struct quote_result quote;
	struct snapshot snap;	/* the first point where every bank matched */
	/* the record being checked, to place its findings */
	long long cur_record;
	long long cur_at;
};

void report_init(struct report *rep);
void report_add(struct report *rep, enum severity sev, const char *kind,
		long long record, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* a finding about one PCR of one bank */
void report_add_pcr(struct report *rep, enum severity sev, const char *kind,
		    const struct bank *b, int pcr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/*
 * The verdict: findings on records past the verified prefix (with
 * --allow-growth) are dropped, the worst of the rest decides.
 */
void report_finish(struct report *rep);
int report_exit_code(const struct report *rep);
const char *severity_name(enum severity sev);
const char *verdict_name(enum severity sev);
const char *handover_kind_name(enum handover_kind k);
/* how sure the completeness verdict of a hand-over of this kind is */
const char *handover_certainty(enum handover_kind k);
/* one kind for the whole list: "none", a kind, or "mixed" */
const char *handover_summary(const struct report *rep);

#endif
