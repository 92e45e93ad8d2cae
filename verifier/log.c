// SPDX-License-Identifier: GPL-2.0
/*
 * Reader for the IMA measurement list, as written by
 * ima_measurements_show() in security/integrity/ima/ima_fs.c:
 *
 *	u32 pcr
 *	u8  template digest[20]		(sha1 bank)
 *	u32 template name length
 *	    template name
 *	u32 template data length	(absent for the 'ima' template)
 *	    template data		(u32-length-prefixed fields,
 *					 'ima': d[20] u32 len n[len])
 *
 * u32 values are in the kernel's byte order, or little endian with
 * ima_canonical_fmt. The ASCII list (ima_ascii_measurements_show()) holds
 * the same record as "pcr sha1-digest name field field...": each line is
 * turned back into its binary form and checked like a binary record.
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

static size_t put32(const struct ima_log *log, uint8_t *p, uint32_t v)
{
	if (log->swap)
		v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
	return sizeof(v);
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

/* The bytes of one record: from the input, or the ASCII line's rebuild. */
struct cursor {
	struct ima_log *log;
	const uint8_t *p;	/* the record's first byte */
	size_t pos;		/* bytes of the record parsed so far */
	const uint8_t *mem;	/* the whole record is here (ASCII) */
	size_t mem_len;
	struct ima_record *r;
	struct ima_err *err;
};

static void rec_err(struct ima_log *log, const struct ima_record *r,
		    struct ima_err *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void rec_err(struct ima_log *log, const struct ima_record *r,
		    struct ima_err *err, const char *fmt, ...)
{
	va_list ap;

	err->offset = r->at;
	err->record = r->index;
	err->line = log->format == IMA_FMT_ASCII ? log->line : 0;
	err->io = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

static int io_err(struct ima_log *log, const struct ima_record *r,
		  struct ima_err *err)
{
	rec_err(log, r, err, "%s: read error: %s", log->in->name,
		strerror(log->in->err));
	err->io = 1;
	return -1;
}

/* Have n more bytes of the record from c->pos on, or say what is short. */
static int need(struct cursor *c, size_t n, const char *what)
{
	size_t got;

	if (c->mem) {
		c->p = c->mem;
		got = c->mem_len;
	} else {
		got = input_peek(c->log->in, c->pos + n, &c->p);
		if (got < c->pos + n && c->log->in->err)
			return io_err(c->log, c->r, c->err);
	}
	if (got - c->pos < n) {
		rec_err(c->log, c->r, c->err,
			"truncated record: %s at byte %llu needs %zu bytes, %zu left",
			what, (unsigned long long)(c->r->at + c->pos), n,
			got - c->pos);
		return -1;
	}
	return 0;
}

static int read32(struct cursor *c, uint32_t *v, const char *what)
{
	if (need(c, 4, what))
		return -1;
	*v = get32(c->log, c->p + c->pos);
	c->pos += 4;
	return 0;
}

/* 'ima': d[20], u32 length, name (no NUL); no template data length */
static int parse_legacy_data(struct cursor *c, size_t *data, size_t *name)
{
	struct ima_record *r = c->r;
	uint32_t nlen;

	*data = c->pos;
	if (need(c, IMA_SHA1_LEN, "'ima' template digest"))
		return -1;
	c->pos += IMA_SHA1_LEN;
	if (read32(c, &nlen, "'ima' event name length"))
		return -1;
	if (nlen > IMA_EVENT_NAME_LEN_MAX) {
		rec_err(c->log, r, c->err,
			"'ima' event name length %u at byte %llu exceeds %d",
			nlen, (unsigned long long)(r->at + c->pos - 4),
			IMA_EVENT_NAME_LEN_MAX);
		return -1;
	}
	if (need(c, nlen, "'ima' event name"))
		return -1;
	*name = c->pos;
	r->ename_len = nlen;
	c->pos += nlen;
	r->data_len = IMA_SHA1_LEN + 4 + nlen;
	r->nfields = 2;
	return 0;
}

static int parse_data(struct cursor *c, size_t *data)
{
	struct ima_record *r = c->r;

	if (read32(c, &r->data_len, "template data length"))
		return -1;
	if (r->data_len > IMA_DATA_MAX) {
		rec_err(c->log, r, c->err,
			"template data length %u at byte %llu exceeds cap %u",
			r->data_len, (unsigned long long)(r->at + c->pos - 4),
			IMA_DATA_MAX);
		return -1;
	}
	if (need(c, r->data_len, "template data"))
		return -1;
	*data = c->pos;
	c->pos += r->data_len;
	return 0;
}

/* The template data's fields, now that the whole record is at c->p. */
static int check_fields(struct cursor *c)
{
	struct ima_record *r = c->r;
	const struct ima_template *t = &c->log->tmpls[r->tmpl];
	struct ima_field f[IMA_MAX_GENERIC_FIELDS];
	unsigned long long at = r->at + (r->data - c->p);
	int n;

	n = split_fields(c->log, r->data, r->data_len, t, f,
			 IMA_MAX_GENERIC_FIELDS);
	if (n < 0) {
		if (t->generic)
			rec_err(c->log, r, c->err,
				"template data at byte %llu of '%s' is not a sequence of length-prefixed fields",
				at, t->name);
		else
			rec_err(c->log, r, c->err,
				"template data at byte %llu does not match template '%s' (%d fields expected)",
				at, t->name, t->nfields);
		return -1;
	}
	r->nfields = n;
	if (!t->generic)
		set_ename(r, f, n);
	return 0;
}

static int parse_record(struct cursor *c)
{
	struct ima_record *r = c->r;
	size_t digest, data, name = 0;
	uint32_t nlen;
	int t;

	if (read32(c, &r->pcr, "pcr"))
		return -1;
	if (r->pcr >= IMA_MAX_PCR) {
		rec_err(c->log, r, c->err, "pcr index %u out of range",
			r->pcr);
		return -1;
	}
	if (need(c, IMA_SHA1_LEN, "template digest"))
		return -1;
	digest = c->pos;
	c->pos += IMA_SHA1_LEN;
	if (read32(c, &nlen, "template name length"))
		return -1;
	if (nlen == 0 || nlen > IMA_TNAME_MAX) {
		rec_err(c->log, r, c->err,
			"template name length %u at byte %llu out of range 1..%d",
			nlen, (unsigned long long)(r->at + c->pos - 4),
			IMA_TNAME_MAX);
		return -1;
	}
	if (need(c, nlen, "template name"))
		return -1;
	if (!printable_name(c->p + c->pos, nlen)) {
		rec_err(c->log, r, c->err,
			"template name at byte %llu contains non-printable bytes",
			(unsigned long long)(r->at + c->pos));
		return -1;
	}
	t = template_lookup(c->log, c->p + c->pos, nlen);
	if (t < 0) {
		rec_err(c->log, r, c->err, "more than %d distinct templates",
			IMA_MAX_TEMPLATES);
		return -1;
	}
	r->tmpl = t;
	c->pos += nlen;
	if (c->log->tmpls[t].legacy ? parse_legacy_data(c, &data, &name) :
				      parse_data(c, &data))
		return -1;
	/* every byte is in now: c->p no longer moves */
	r->digest = c->p + digest;
	r->data = c->p + data;
	if (c->log->tmpls[t].legacy)
		r->ename = c->p + name;
	else if (check_fields(c))
		return -1;
	if (all_zero(r->digest, IMA_SHA1_LEN))
		r->flags |= IMA_REC_VIOLATION;
	r->size = c->pos;
	return 0;
}

/* ASCII list (ascii_runtime_measurements) */

#define ASCII_LINE_MAX	(2 * IMA_DATA_MAX + 4096)
#define ASCII_TOKENS	(IMA_MAX_FIELDS + 3)

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex to bytes at out; the byte count or -1. */
static long unhex(const uint8_t *s, size_t len, uint8_t *out)
{
	size_t i;

	if (len % 2)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	return len / 2;
}

struct token {
	const uint8_t *s;
	size_t len;
};

/*
 * One field as the kernel's field_show() printed it, back in its binary
 * form (u32 length, data) at out. The kernel turns spaces in strings into
 * '_', so a single space separates the fields. Returns the bytes written
 * or -1.
 */
static long ascii_field(const struct ima_log *log, enum ima_field_id id,
			const struct token *t, uint8_t *out)
{
	const uint8_t *colon;
	long n;

	switch (id) {
	case F_D_NG:
	case F_D_NGV2:
	case F_D_MODSIG:
		/* "[type:]algo:" NUL digest; empty when there is none */
		if (!t->len) {
			n = 0;
			break;
		}
		colon = t->s + t->len;
		while (colon > t->s && colon[-1] != ':')
			colon--;
		if (colon == t->s)
			return -1;
		memcpy(out + 4, t->s, colon - t->s);
		out[4 + (colon - t->s)] = '\0';
		n = unhex(colon, t->s + t->len - colon,
			  out + 5 + (colon - t->s));
		if (n < 0)
			return -1;
		n += colon - t->s + 1;
		break;
	case F_N:
	case F_N_NG:
	case F_XATTRNAMES:
		memcpy(out + 4, t->s, t->len);
		out[4 + t->len] = '\0';
		n = t->len + 1;
		break;
	case F_D:
	case F_SIG:
	case F_BUF:
	case F_MODSIG:
	case F_EVMSIG:
	case F_XATTRLENGTHS:
	case F_XATTRVALUES:
		n = unhex(t->s, t->len, out + 4);
		if (n < 0)
			return -1;
		break;
	default:
		return -1;	/* numbers: their width is not in the list */
	}
	put32(log, out, n);
	return n + 4;
}

/* The next line, without its newline: 1, 0 at the end, -1 on error. */
static int ascii_line(struct ima_log *log, struct ima_record *r,
		      struct ima_err *err, const uint8_t **line, size_t *len)
{
	size_t want = 512, got;
	const uint8_t *nl;

	for (;;) {
		got = input_peek(log->in, want, line);
		nl = memchr(*line, '\n', got);
		if (nl)
			break;
		if (got < want) {
			if (log->in->err)
				return io_err(log, r, err);
			rec_err(log, r, err, "truncated record: line without a newline at the end of the list");
			return -1;
		}
		if (want >= ASCII_LINE_MAX) {
			rec_err(log, r, err, "line longer than %u bytes",
				ASCII_LINE_MAX);
			return -1;
		}
		want *= 2;
	}
	*len = nl - *line;
	return 1;
}

static int ascii_split(const uint8_t *s, size_t len, struct token *tok)
{
	size_t i = 0;
	int n = 0;

	while (i < len && s[i] == ' ')	/* "%2d" pads PCRs below 10 */
		i++;
	tok[0].s = s + i;
	for (; i <= len; i++) {
		if (i < len && s[i] != ' ')
			continue;
		tok[n].len = s + i - tok[n].s;
		if (++n == ASCII_TOKENS && i < len)
			return -1;
		if (i < len)
			tok[n].s = s + i + 1;
	}
	return n;
}

static int grow_scratch(struct ima_log *log, size_t len)
{
	uint8_t *p;

	if (len <= log->scratch_cap)
		return 0;
	p = realloc(log->scratch, len);
	if (!p)
		return -1;
	log->scratch = p;
	log->scratch_cap = len;
	return 0;
}

/*
 * Rebuild the binary record from one line of the ASCII list into
 * log->scratch, so that the binary parser checks it. Returns its size,
 * 0 at the end of the list, -1 on error; *line_len: the bytes to skip.
 */
static int ascii_record(struct ima_log *log, struct ima_record *r,
			struct ima_err *err, size_t *line_len)
{
	struct token tok[ASCII_TOKENS];
	const struct ima_template *t;
	const uint8_t *line;
	uint8_t *out;
	size_t len, pos = 0, dlen_at = 0, i;
	unsigned long pcr = 0;
	int ntok, tn, ret;
	long n;

	ret = ascii_line(log, r, err, &line, &len);
	if (ret <= 0)
		return ret;
	*line_len = len + 1;
	ntok = ascii_split(line, len, tok);
	if (ntok < 0) {
		rec_err(log, r, err, "more than %d fields", IMA_MAX_FIELDS);
		return -1;
	}
	if (ntok < 3) {
		rec_err(log, r, err, "want PCR, template digest, template name and fields");
		return -1;
	}
	for (i = 0; i < tok[0].len && pcr < IMA_MAX_PCR; i++) {
		if (tok[0].s[i] < '0' || tok[0].s[i] > '9')
			break;
		pcr = pcr * 10 + tok[0].s[i] - '0';
	}
	if (!tok[0].len || i < tok[0].len || pcr >= IMA_MAX_PCR) {
		rec_err(log, r, err, "bad PCR index '%.*s'",
			(int)(tok[0].len > 16 ? 16 : tok[0].len), tok[0].s);
		return -1;
	}
	if (tok[1].len != 2 * IMA_SHA1_LEN) {
		rec_err(log, r, err, "template digest of %zu hex digits, want %d (the sha1 list, ascii_runtime_measurements)",
			tok[1].len, 2 * IMA_SHA1_LEN);
		return -1;
	}
	if (!tok[2].len || tok[2].len > IMA_TNAME_MAX ||
	    !printable_name(tok[2].s, tok[2].len)) {
		rec_err(log, r, err, "bad template name");
		return -1;
	}
	tn = template_lookup(log, tok[2].s, tok[2].len);
	if (tn < 0) {
		rec_err(log, r, err, "more than %d distinct templates",
			IMA_MAX_TEMPLATES);
		return -1;
	}
	t = &log->tmpls[tn];
	if (t->generic || ntok - 3 != t->nfields) {
		rec_err(log, r, err, t->generic ?
			"template '%s' has unknown fields: use the binary list" :
			"template '%s' wants %d fields", t->name, t->nfields);
		return -1;
	}
	if (grow_scratch(log, 64 + tok[2].len + 2 * len + 8 * t->nfields)) {
		rec_err(log, r, err, "out of memory");
		return -1;
	}
	out = log->scratch;
	pos += put32(log, out, pcr);
	if (unhex(tok[1].s, tok[1].len, out + pos) < 0)
		goto bad;
	pos += IMA_SHA1_LEN;
	pos += put32(log, out + pos, tok[2].len);
	memcpy(out + pos, tok[2].s, tok[2].len);
	pos += tok[2].len;
	if (t->legacy) {
		/* d[20], then the name with a length but no NUL */
		if (tok[3].len != 2 * IMA_SHA1_LEN ||
		    unhex(tok[3].s, tok[3].len, out + pos) < 0)
			goto bad;
		pos += IMA_SHA1_LEN;
		pos += put32(log, out + pos, tok[4].len);
		memcpy(out + pos, tok[4].s, tok[4].len);
		return pos + tok[4].len;
	}
	dlen_at = pos;
	pos += 4;
	for (i = 0; i < (size_t)t->nfields; i++) {
		n = ascii_field(log, t->fields[i], &tok[3 + i], out + pos);
		if (n < 0) {
			rec_err(log, r, err, "field %zu (%s) cannot be read: %s",
				i + 1, ima_field_name(t->fields[i]),
				t->fields[i] >= F_IUID && t->fields[i] <= F_IMODE ?
				"numbers are printed without their width, use the binary list" :
				"bad hex or digest");
			return -1;
		}
		pos += n;
	}
	put32(log, out + dlen_at, pos - dlen_at - 4);
	return pos;
bad:
	rec_err(log, r, err, "bad hex digest");
	return -1;
}


void ima_log_init(struct ima_log *log, struct input *in,
		  enum ima_format format, enum ima_byteorder order,
		  uint64_t first, uint64_t offset)
{
	memset(log, 0, sizeof(*log));
	log->in = in;
	log->format = format;
	log->order = order;
	log->first = first;
	log->offset = offset;
}

void ima_log_free(struct ima_log *log)
{
	free(log->scratch);
	log->scratch = NULL;
	log->scratch_cap = 0;
}

/*
 * The format and byte order, from the first bytes. An ASCII list starts
 * with a PCR number in decimal ("%2d "), a binary one with a u32 PCR
 * index below 32: its first byte is below ' ' in either byte order.
 */
static void detect(struct ima_log *log, const uint8_t *p, size_t n)
{
	uint32_t le, be;

	if (log->format == IMA_FMT_AUTO)
		log->format = n && (p[0] == ' ' || (p[0] >= '0' && p[0] <= '9')) ?
			      IMA_FMT_ASCII : IMA_FMT_BINARY;
	switch (log->order) {
	case IMA_ORDER_LITTLE:
		log->big = 0;
		break;
	case IMA_ORDER_BIG:
		log->big = 1;
		break;
	case IMA_ORDER_NATIVE:
		log->big = !host_is_le();
		break;
	case IMA_ORDER_AUTO:
		log->big = 0;
		if (log->format == IMA_FMT_ASCII || n < 4)
			break;
		le = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
		be = p[3] | p[2] << 8 | p[1] << 16 | (uint32_t)p[0] << 24;
		log->big = le >= IMA_MAX_PCR && be < IMA_MAX_PCR;
		break;
	}
	log->order = log->big ? IMA_ORDER_BIG : IMA_ORDER_LITTLE;
	log->swap = log->big == host_is_le();
}

int ima_log_next(struct ima_log *log, struct ima_record *r,
		 struct ima_err *err)
{
	struct cursor c = { .log = log, .r = r, .err = err };
	const uint8_t *p;
	size_t got, line_len = 0;
	int ret;

	memset(r, 0, sizeof(*r));
	r->index = log->first + log->nrecs;
	r->offset = log->offset;
	r->at = input_offset(log->in);
	got = input_peek(log->in, 4, &p);
	if (!got)
		return log->in->err ? io_err(log, r, err) : 0;
	if (log->nrecs == 0)
		detect(log, p, got);
	if (log->nrecs == IMA_MAX_RECORDS) {
		rec_err(log, r, err, "more than %u records", IMA_MAX_RECORDS);
		return -1;
	}
	if (log->format == IMA_FMT_ASCII) {
		log->line++;
		ret = ascii_record(log, r, err, &line_len);
		if (ret <= 0)
			return ret;
		c.mem = log->scratch;
		c.mem_len = ret;
	}
	if (parse_record(&c))
		return -1;
	if (c.mem && r->size != c.mem_len) {
		rec_err(log, r, err, "internal: ASCII record rebuilt wrong");
		return -1;
	}
	input_skip(log->in, c.mem ? line_len : r->size);
	log->nrecs++;
	log->offset += r->size;
	log->tmpl_records[r->tmpl]++;
	return 1;
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
