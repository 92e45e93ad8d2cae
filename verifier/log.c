// SPDX-License-Identifier: GPL-2.0
/*
 * Parser for the IMA binary measurement list, as written by
 * ima_measurements_show() in security/integrity/ima/ima_fs.c:
 *
 *	u32 pcr
 *	u8  template digest[20]		(sha1 bank)
 *	u32 template name length
 *	    template name
 *	u32 template data length	(absent for the 'ima' template)
 *	    template data		(u32-length-prefixed fields,
 *					 'ima': d[20] u32 len n[len])
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char *const field_names[F__LAST] = {
	[F_UNKNOWN] = "?",
	[F_D] = "d",
	[F_N] = "n",
	[F_D_NG] = "d-ng",
	[F_D_NGV2] = "d-ngv2",
	[F_N_NG] = "n-ng",
	[F_SIG] = "sig",
	[F_BUF] = "buf",
	[F_D_MODSIG] = "d-modsig",
	[F_MODSIG] = "modsig",
	[F_EVMSIG] = "evmsig",
	[F_IUID] = "iuid",
	[F_IGID] = "igid",
	[F_IMODE] = "imode",
	[F_XATTRNAMES] = "xattrnames",
	[F_XATTRLENGTHS] = "xattrlengths",
	[F_XATTRVALUES] = "xattrvalues",
};

static const struct {
	const char *name;
	const char *fmt;
} builtin_templates[] = {
	{ "ima-ng", "d-ng|n-ng" },
	{ "ima-sig", "d-ng|n-ng|sig" },
	{ "ima-ngv2", "d-ngv2|n-ng" },
	{ "ima-sigv2", "d-ngv2|n-ng|sig" },
	{ "ima-buf", "d-ng|n-ng|buf" },
	{ "ima-modsig", "d-ng|n-ng|sig|d-modsig|modsig" },
	{ "evm-sig", "d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|igid|imode" },
};

const char *ima_field_name(enum ima_field_id id)
{
	if (id >= F__LAST)
		return "?";
	return field_names[id];
}

static void set_err(struct ima_err *err, size_t off, size_t rec,
		    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->offset = off;
	err->record = rec;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

static uint32_t get32(const struct ima_log *log, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return log->swap ? __builtin_bswap32(v) : v;
}

static int host_is_le(void)
{
	uint16_t one = 1;

	return *(uint8_t *)&one == 1;
}

static enum ima_field_id field_by_name(const char *s, size_t len)
{
	int i;

	for (i = 1; i < F__LAST; i++)
		if (strlen(field_names[i]) == len &&
		    memcmp(field_names[i], s, len) == 0)
			return i;
	return F_UNKNOWN;
}

/* Parse "a|b|c" into field ids; 0 on success. */
static int parse_fmt(const char *fmt, struct ima_template *t)
{
	const char *p = fmt;

	t->nfields = 0;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		enum ima_field_id id = field_by_name(p, len);

		if (id == F_UNKNOWN || t->nfields == IMA_MAX_FIELDS)
			return -1;
		t->fields[t->nfields++] = id;
		if (!bar)
			return 0;
		p = bar + 1;
	}
}

static int template_init(struct ima_template *t, const char *name)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	if (strcmp(name, "ima") == 0) {
		t->legacy = 1;
		t->nfields = 2;
		t->fields[0] = F_D;
		t->fields[1] = F_N;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(builtin_templates); i++)
		if (strcmp(name, builtin_templates[i].name) == 0)
			return parse_fmt(builtin_templates[i].fmt, t);
	/* custom templates show their format string as the name */
	if (parse_fmt(name, t) == 0)
		return 0;
	t->nfields = 0;
	t->generic = 1;
	return 0;
}

static int template_lookup(struct ima_log *log, const uint8_t *name,
			   uint32_t len)
{
	char buf[IMA_TNAME_MAX + 1];
	int i;

	memcpy(buf, name, len);
	buf[len] = '\0';
	for (i = 0; i < log->ntmpls; i++)
		if (strcmp(log->tmpls[i].name, buf) == 0)
			return i;
	if (log->ntmpls == IMA_MAX_TEMPLATES)
		return -1;
	template_init(&log->tmpls[log->ntmpls], buf);
	return log->ntmpls++;
}

static int split_fields(const struct ima_log *log, const uint8_t *data,
			uint32_t len, const struct ima_template *t,
			struct ima_field *out, int max)
{
	uint32_t pos = 0;
	int n = 0;

	while (pos < len) {
		uint32_t flen;

		if (n == max)
			return -1;
		if (!t->generic && n == t->nfields)
			return -1;
		if (len - pos < 4)
			return -1;
		flen = get32(log, data + pos);
		pos += 4;
		if (flen > len - pos)
			return -1;
		out[n].id = t->generic ? F_UNKNOWN : t->fields[n];
		out[n].data = data + pos;
		out[n].len = flen;
		pos += flen;
		n++;
	}
	if (!t->generic && n != t->nfields)
		return -1;
	return n;
}

int ima_record_fields(const struct ima_log *log, const struct ima_record *r,
		      struct ima_field *out, int max)
{
	const struct ima_template *t = &log->tmpls[r->tmpl];

	if (t->legacy) {
		if (max < 2)
			return -1;
		out[0].id = F_D;
		out[0].data = r->data;
		out[0].len = IMA_SHA1_LEN;
		out[1].id = F_N;
		out[1].data = r->ename;
		out[1].len = r->ename_len;
		return 2;
	}
	return split_fields(log, r->data, r->data_len, t, out, max);
}

const struct ima_field *ima_find_field(const struct ima_field *f, int n,
				       enum ima_field_id id)
{
	int i;

	for (i = 0; i < n; i++)
		if (f[i].id == id)
			return &f[i];
	return NULL;
}

static int printable_name(const uint8_t *s, uint32_t len)
{
	uint32_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return 0;
	return 1;
}

static int all_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Set the event name from the n / n-ng field; strings carry a NUL. */
static void set_ename(struct ima_record *r, const struct ima_field *f, int n)
{
	const struct ima_field *name = ima_find_field(f, n, F_N_NG);

	if (!name)
		name = ima_find_field(f, n, F_N);
	if (!name)
		return;
	r->ename = name->data;
	r->ename_len = name->len;
	if (r->ename_len && r->ename[r->ename_len - 1] == '\0')
		r->ename_len--;
}

struct cursor {
	struct ima_log *log;
	size_t pos;
	size_t rec;
	size_t start;
	struct ima_err *err;
};

static int need(struct cursor *c, size_t n, const char *what)
{
	if (c->log->len - c->pos < n) {
		set_err(c->err, c->pos, c->rec,
			"truncated record: %s needs %zu bytes, %zu left",
			what, n, c->log->len - c->pos);
		return -1;
	}
	return 0;
}

static int read32(struct cursor *c, uint32_t *v, const char *what)
{
	if (need(c, 4, what))
		return -1;
	*v = get32(c->log, c->log->buf + c->pos);
	c->pos += 4;
	return 0;
}

static int parse_legacy_data(struct cursor *c, struct ima_record *r)
{
	uint32_t nlen;

	r->data = c->log->buf + c->pos;
	if (need(c, IMA_SHA1_LEN, "'ima' template digest"))
		return -1;
	c->pos += IMA_SHA1_LEN;
	if (read32(c, &nlen, "'ima' event name length"))
		return -1;
	if (nlen > IMA_EVENT_NAME_LEN_MAX) {
		set_err(c->err, c->pos - 4, c->rec,
			"'ima' event name length %u exceeds %d", nlen,
			IMA_EVENT_NAME_LEN_MAX);
		return -1;
	}
	if (need(c, nlen, "'ima' event name"))
		return -1;
	r->ename = c->log->buf + c->pos;
	r->ename_len = nlen;
	c->pos += nlen;
	r->data_len = IMA_SHA1_LEN + 4 + nlen;
	r->nfields = 2;
	return 0;
}

static int parse_data(struct cursor *c, struct ima_record *r)
{
	const struct ima_template *t = &c->log->tmpls[r->tmpl];
	struct ima_field f[IMA_MAX_GENERIC_FIELDS];
	size_t at;
	int n;

	if (read32(c, &r->data_len, "template data length"))
		return -1;
	if (r->data_len > IMA_DATA_MAX) {
		set_err(c->err, c->pos - 4, c->rec,
			"template data length %u exceeds cap %u",
			r->data_len, IMA_DATA_MAX);
		return -1;
	}
	at = c->pos;
	if (need(c, r->data_len, "template data"))
		return -1;
	r->data = c->log->buf + c->pos;
	c->pos += r->data_len;
	n = split_fields(c->log, r->data, r->data_len, t, f,
			 IMA_MAX_GENERIC_FIELDS);
	if (n < 0) {
		if (t->generic)
			set_err(c->err, at, c->rec,
				"template data of '%s' is not a sequence of length-prefixed fields",
				t->name);
		else
			set_err(c->err, at, c->rec,
				"template data does not match template '%s' (%d fields expected)",
				t->name, t->nfields);
		return -1;
	}
	r->nfields = n;
	if (!t->generic)
		set_ename(r, f, n);
	return 0;
}

static int parse_record(struct cursor *c, struct ima_record *r)
{
	uint32_t nlen;
	int t;

	memset(r, 0, sizeof(*r));
	r->offset = c->pos;
	if (read32(c, &r->pcr, "pcr"))
		return -1;
	if (r->pcr >= IMA_MAX_PCR) {
		set_err(c->err, r->offset, c->rec, "pcr index %u out of range",
			r->pcr);
		return -1;
	}
	if (need(c, IMA_SHA1_LEN, "template digest"))
		return -1;
	r->digest = c->log->buf + c->pos;
	c->pos += IMA_SHA1_LEN;
	if (read32(c, &nlen, "template name length"))
		return -1;
	if (nlen == 0 || nlen > IMA_TNAME_MAX) {
		set_err(c->err, c->pos - 4, c->rec,
			"template name length %u out of range 1..%d", nlen,
			IMA_TNAME_MAX);
		return -1;
	}
	if (need(c, nlen, "template name"))
		return -1;
	if (!printable_name(c->log->buf + c->pos, nlen)) {
		set_err(c->err, c->pos, c->rec,
			"template name contains non-printable bytes");
		return -1;
	}
	t = template_lookup(c->log, c->log->buf + c->pos, nlen);
	if (t < 0) {
		set_err(c->err, c->pos, c->rec,
			"more than %d distinct templates", IMA_MAX_TEMPLATES);
		return -1;
	}
	r->tmpl = t;
	c->pos += nlen;
	if (c->log->tmpls[t].legacy) {
		if (parse_legacy_data(c, r))
			return -1;
	} else if (parse_data(c, r)) {
		return -1;
	}
	if (all_zero(r->digest, IMA_SHA1_LEN))
		r->flags |= IMA_REC_VIOLATION;
	r->size = c->pos - r->offset;
	return 0;
}

static int grow(struct ima_log *log, size_t *cap)
{
	struct ima_record *n;
	size_t ncap = *cap ? *cap * 2 : 256;

	if (ncap > IMA_MAX_RECORDS)
		ncap = IMA_MAX_RECORDS;
	n = realloc(log->recs, ncap * sizeof(*n));
	if (!n)
		return -1;
	log->recs = n;
	*cap = ncap;
	return 0;
}

static void pick_order(struct ima_log *log, enum ima_byteorder order)
{
	uint32_t v;

	log->swap = 0;
	if (order == IMA_ORDER_CANONICAL)
		log->swap = !host_is_le();
	if (order != IMA_ORDER_AUTO || host_is_le() || log->len < 4)
		return;
	/* big-endian host: a plausible native pcr index wins */
	memcpy(&v, log->buf, 4);
	if (v >= IMA_MAX_PCR && __builtin_bswap32(v) < IMA_MAX_PCR)
		log->swap = 1;
}

int ima_log_parse(struct ima_log *log, const uint8_t *buf, size_t len,
		  enum ima_byteorder order, struct ima_err *err)
{
	struct cursor c = { .log = log, .err = err };
	size_t cap = 0;

	memset(log, 0, sizeof(*log));
	log->buf = buf;
	log->len = len;
	pick_order(log, order);
	while (c.pos < len) {
		if (log->nrecs == IMA_MAX_RECORDS) {
			set_err(err, c.pos, c.rec, "more than %u records",
				IMA_MAX_RECORDS);
			return -1;
		}
		if (log->nrecs == cap && grow(log, &cap)) {
			set_err(err, c.pos, c.rec, "out of memory");
			return -1;
		}
		if (parse_record(&c, &log->recs[log->nrecs]))
			return -1;
		log->nrecs++;
		c.rec++;
	}
	return 0;
}

void ima_log_free(struct ima_log *log)
{
	free(log->recs);
	log->recs = NULL;
	log->nrecs = 0;
}

int ima_ename_is(const struct ima_record *r, const char *s)
{
	size_t len = strlen(s);

	return r->ename && r->ename_len == len && memcmp(r->ename, s, len) == 0;
}

int ima_is_boot_aggregate(const struct ima_record *r)
{
	return ima_ename_is(r, "boot_aggregate");
}

int ima_split_digest(const struct ima_field *f, char *algo, size_t algo_len,
		     const uint8_t **dig, uint32_t *dig_len)
{
	const uint8_t *nul = memchr(f->data, '\0', f->len);
	const uint8_t *end, *p;
	size_t alen;

	/* "[type:]algo:\0digest" */
	if (!nul || nul == f->data || nul[-1] != ':')
		return -1;
	end = nul - 1;
	p = end;
	while (p > f->data && p[-1] != ':')
		p--;
	alen = end - p;
	if (alen == 0 || alen >= algo_len)
		return -1;
	memcpy(algo, p, alen);
	algo[alen] = '\0';
	*dig = nul + 1;
	*dig_len = f->len - (nul + 1 - f->data);
	return 0;
}
