// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcrsrc.h"

static const char *const bank_order[] = { "sha1", "sha256", "sha384", "sha512" };

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int parse_hex(const char *s, uint8_t *out, int len)
{
	int i;

	while (isspace((unsigned char)*s))
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (i = 0; i < len; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hi < 0 ? -1 : hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	s += 2 * len;
	while (isspace((unsigned char)*s))
		s++;
	return *s ? -1 : 0;
}

static int bank_rank(const char *name)
{
	int i;

	for (i = 0; i < MAX_BANKS; i++)
		if (strcmp(name, bank_order[i]) == 0)
			return i;
	return MAX_BANKS;
}

struct bank *pcrs_bank(struct report *rep, const char *alg,
			     char *err, size_t errlen)
{
	const EVP_MD *md = bank_md(alg);
	struct bank *b;
	int i;

	for (i = 0; i < rep->nbanks; i++)
		if (strcmp(rep->banks[i].name, alg) == 0)
			return &rep->banks[i];
	if (!md) {
		snprintf(err, errlen, "unknown PCR bank '%s'", alg);
		return NULL;
	}
	/* keep banks in a fixed order: insert sorted */
	for (i = rep->nbanks; i > 0; i--) {
		if (bank_rank(rep->banks[i - 1].name) < bank_rank(alg))
			break;
		rep->banks[i] = rep->banks[i - 1];
	}
	b = &rep->banks[i];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", alg);
	b->md = md;
	b->size = EVP_MD_size(md);
	rep->nbanks++;
	return b;
}

static int set_pcr(struct bank *b, long pcr, const char *hex,
		   char *err, size_t errlen, const char *where)
{
	if (pcr < 0 || pcr >= IMA_MAX_PCR) {
		snprintf(err, errlen, "%s: PCR index out of range", where);
		return -1;
	}
	if (b->have & (1ull << pcr)) {
		snprintf(err, errlen, "%s: %s PCR %ld given twice", where,
			 b->name, pcr);
		return -1;
	}
	if (parse_hex(hex, b->tpm[pcr], b->size)) {
		snprintf(err, errlen, "%s: not a %d-byte hex value", where,
			 b->size);
		return -1;
	}
	b->have |= 1ull << pcr;
	return 0;
}

static int read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	if (ferror(f) || n == 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	return 0;
}

static int read_bank_dir(struct bank *b, const char *dir,
			 char *err, size_t errlen)
{
	char path[4096], buf[512];
	int p;

	for (p = 0; p < IMA_MAX_PCR; p++) {
		if (snprintf(path, sizeof(path), "%s/%d", dir, p) >=
		    (int)sizeof(path)) {
			snprintf(err, errlen, "path too long");
			return -1;
		}
		if (read_small(path, buf, sizeof(buf)))
			continue;	/* missing or unreadable */
		if (set_pcr(b, p, buf, err, errlen, path))
			return -1;
	}
	return 0;
}

int pcrs_from_tpm_dir(struct report *rep, const char *dir,
		      char *err, size_t errlen)
{
	char path[4096];
	struct dirent *de;
	struct bank *b;
	DIR *d = opendir(dir);
	int ret = 0;

	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return PCRS_IO;
	}
	while (!ret && (de = readdir(d))) {
		if (strncmp(de->d_name, "pcr-", 4) != 0)
			continue;
		b = pcrs_bank(rep, de->d_name + 4, err, errlen);
		if (!b) {
			snprintf(err, errlen, "unknown PCR bank directory %s/%s",
				 dir, de->d_name);
			ret = -1;
			break;
		}
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path)) {
			snprintf(err, errlen, "path too long");
			ret = -1;
			break;
		}
		ret = read_bank_dir(b, path, err, errlen);
	}
	closedir(d);
	return ret;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* One line: "alg:", "N : hex" (after "alg:"), or "alg:PCR-N: hex". */
static int pcrs_line(struct report *rep, char *line, struct bank **cur,
		     char *err, size_t errlen, const char *where)
{
	char *colon = strchr(line, ':');
	char *head, *rest, *num;

	if (!colon)
		goto bad;
	*colon = '\0';
	head = trim(line);
	rest = trim(colon + 1);
	if (all_digits(head)) {
		if (!*cur) {
			snprintf(err, errlen, "%s: PCR value before any bank", where);
			return -1;
		}
		return set_pcr(*cur, strlen(head) > 2 ? -1 : atol(head), rest,
			       err, errlen, where);
	}
	*cur = pcrs_bank(rep, head, err, errlen);
	if (!*cur)
		return -1;
	if (!*rest)
		return 0;
	if (strncmp(rest, "PCR-", 4) != 0)
		goto bad;
	num = rest + 4;
	colon = strchr(num, ':');
	if (!colon)
		goto bad;
	*colon = '\0';
	num = trim(num);
	if (!all_digits(num) || strlen(num) > 2)
		goto bad;
	return set_pcr(*cur, atol(num), colon + 1, err, errlen, where);
bad:
	snprintf(err, errlen, "%s: cannot parse line", where);
	return -1;
}

int pcrs_from_file(struct report *rep, const char *path,
		   char *err, size_t errlen)
{
	char line[1024], where[4200];
	struct bank *cur = NULL;
	FILE *f = fopen(path, "r");
	int lineno = 0, ret = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return PCRS_IO;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		char *s = trim(line);

		lineno++;
		if (!*s || *s == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%d", path, lineno);
		ret = pcrs_line(rep, s, &cur, err, errlen, where);
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		ret = PCRS_IO;
	}
	fclose(f);
	return ret;
}
