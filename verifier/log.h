/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for the IMA measurement list, binary (binary_runtime_measurements)
 * or ASCII (ascii_runtime_measurements), one record at a time from a
 * stream: only the current record is held.
 */
#ifndef IMALOG_LOG_H
#define IMALOG_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define IMA_SHA1_LEN		20
#define IMA_EVENT_NAME_LEN_MAX	255	/* kernel's limit for the 'n' field */
#define IMA_TNAME_MAX		255	/* template name length cap */
#define IMA_DATA_MAX		(1u << 20)	/* template data cap per record */
#define IMA_MAX_RECORDS		10000000u
#define IMA_MAX_FIELDS		15	/* IMA_TEMPLATE_NUM_FIELDS_MAX */
#define IMA_MAX_GENERIC_FIELDS	64
#define IMA_MAX_TEMPLATES	64
#define IMA_MAX_PCR		32

enum ima_byteorder {
	IMA_ORDER_AUTO,		/* detect from the first record */
	IMA_ORDER_LITTLE,	/* canonical (ima_canonical_fmt) */
	IMA_ORDER_BIG,
	IMA_ORDER_NATIVE,	/* this host's */
};

enum ima_format {
	IMA_FMT_AUTO,		/* detect from the first byte */
	IMA_FMT_BINARY,		/* binary_runtime_measurements */
	IMA_FMT_ASCII,		/* ascii_runtime_measurements */
};

enum ima_field_id {
	F_UNKNOWN = 0,	/* generic length-prefixed field */
	F_D, F_N, F_D_NG, F_D_NGV2, F_N_NG, F_SIG, F_BUF, F_D_MODSIG,
	F_MODSIG, F_EVMSIG, F_IUID, F_IGID, F_IMODE, F_XATTRNAMES,
	F_XATTRLENGTHS, F_XATTRVALUES,
	F__LAST
};

const char *ima_field_name(enum ima_field_id id);

struct ima_template {
	char name[IMA_TNAME_MAX + 1];
	int legacy;		/* the 'ima' template (d|n, no lengths) */
	int generic;		/* unknown name: fields parsed generically */
	int nfields;		/* 0 for generic */
	uint8_t fields[IMA_MAX_FIELDS];
};

struct ima_field {
	enum ima_field_id id;
	const uint8_t *data;
	uint32_t len;
};

#define IMA_REC_VIOLATION	0x01	/* stored template digest is zero */

/* One record; the pointers are valid until the next ima_log_next(). */
struct ima_record {
	uint64_t index;		/* 0-based, counting records before --state */
	uint64_t offset;	/* byte offset in the binary list, likewise */
	uint64_t at;		/* byte offset in the input (ASCII: line start) */
	uint32_t size;		/* serialized size in bytes (binary form) */
	uint32_t pcr;
	const uint8_t *digest;	/* IMA_SHA1_LEN bytes */
	const uint8_t *data;	/* template data (legacy: d and n parts) */
	uint32_t data_len;
	const uint8_t *ename;	/* event name from n / n-ng, no NUL */
	uint32_t ename_len;
	uint16_t tmpl;		/* index into ima_log.tmpls */
	uint8_t flags;
	uint8_t nfields;
};

struct ima_log {
	struct input *in;
	enum ima_format format;
	int swap;		/* byte-swap u32 values */
	int big;		/* the list is big-endian */
	enum ima_byteorder order;	/* as asked; AUTO until the first record */
	uint64_t nrecs;		/* records read so far */
	uint64_t first;		/* index of the first record (--state) */
	uint64_t offset;	/* binary offset of the next record */
	size_t line;		/* ASCII: line number of the last record */
	struct ima_template tmpls[IMA_MAX_TEMPLATES];
	uint64_t tmpl_records[IMA_MAX_TEMPLATES];
	int ntmpls;
	uint8_t *scratch;	/* ASCII: the record in its binary form */
	size_t scratch_cap;
};

struct ima_err {
	uint64_t offset;	/* input offset of the record's start */
	uint64_t record;
	size_t line;		/* ASCII only */
	int io;			/* a read error, not malformed input */
	char msg[256];
};

/*
 * Start reading a list from in. first and offset: index and binary offset
 * of its first record (0 unless it continues a verified state).
 */
void ima_log_init(struct ima_log *log, struct input *in,
		  enum ima_format format, enum ima_byteorder order,
		  uint64_t first, uint64_t offset);
void ima_log_free(struct ima_log *log);

/* The next record: 1, 0 at the end of the list, -1 on error (err). */
int ima_log_next(struct ima_log *log, struct ima_record *r,
		 struct ima_err *err);

/*
 * Split a record's template data into fields. Returns the number of
 * fields or -1 when they do not fit (cannot happen for a parsed record).
 */
int ima_record_fields(const struct ima_log *log, const struct ima_record *r,
		      struct ima_field *out, int max);

/* The first field with the given id, or NULL. */
const struct ima_field *ima_find_field(const struct ima_field *f, int n,
				       enum ima_field_id id);

int ima_is_boot_aggregate(const struct ima_record *r);
int ima_ename_is(const struct ima_record *r, const char *s);

/*
 * Split a d-ng style digest field ("algo:\0digest" or
 * "type:algo:\0digest") into algorithm name and digest.
 */
int ima_split_digest(const struct ima_field *f, char *algo, size_t algo_len,
		     const uint8_t **dig, uint32_t *dig_len);

#endif
