// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcrsrc.h"
#include "state.h"

#define STATE_MAGIC	"imalog-state 1"

static struct bank *find_bank(struct report *rep, const char *name)
{
	int k;

	for (k = 0; k < rep->nbanks; k++)
		if (!strcmp(rep->banks[k].name, name))
			return &rep->banks[k];
	return NULL;
}

static int event_line(const char *line, struct kexec_event *ev, int *have)
{
	char name[32];
	unsigned long long rec, seg, size, count;
	int valid, exact;

	if (sscanf(line, "%31s %llu %d %d %llu %llu %llu", name, &rec, &valid,
		   &exact, &seg, &size, &count) != 7)
		return -1;
	memset(ev, 0, sizeof(*ev));
	ev->type = strcmp(name, "kexec_load") ? KEXEC_EXECUTE : KEXEC_LOAD;
	ev->record = rec;
	ev->valid = !!valid;
	ev->exact = !!exact;
	ev->segment_size = seg;
	ev->runtime_size = size;
	ev->count = count;
	*have = 1;
	return 0;
}

static int hexbytes(const char *s, uint8_t *out, size_t max, uint32_t *len)
{
	size_t n = strspn(s, "0123456789abcdef");

	if (n % 2 || n / 2 > max || (s[n] && s[n] != '\n'))
		return -1;
	*len = n / 2;
	return parse_hex(s, out, n / 2);
}

/* One line of the state file; 0 or -1. */
static int state_line(char *line, struct report *rep, uint64_t *loaded)
{
	struct kernel_ctx *cur = &rep->cur;
	unsigned long long a, b;
	char bank[16], hex[2 * MAX_DIGEST + 2];
	struct bank *bk;
	uint32_t len;
	int p;

	if (sscanf(line, "records %llu", &a) == 1)
		rep->first = a;
	else if (sscanf(line, "bytes %llu", &a) == 1)
		rep->bytes = a;
	else if (sscanf(line, "kernels %llu", &a) == 1 && a)
		rep->nkernels = a;
	else if (sscanf(line, "kernel %llu %llu", &a, &b) == 2)
		cur->first = a, cur->legacy = b;
	else if (!strncmp(line, "kexec_load ", 11))
		return event_line(line, &cur->load, &cur->have_load);
	else if (!strncmp(line, "kexec_execute ", 14))
		return event_line(line, &cur->exec, &cur->have_exec);
	else if (!strncmp(line, "boot_aggregate ", 15))
		return hexbytes(line + 15, rep->ba_first, sizeof(rep->ba_first),
				&rep->ba_first_len);
	else if (sscanf(line, "pcr %15s %d %129s", bank, &p, hex) == 3) {
		if (p < 0 || p >= IMA_MAX_PCR)
			return -1;
		rep->pcrs |= 1ull << p;
		rep->pcr_first[p] = 0;
		bk = find_bank(rep, bank);
		if (!bk)
			return 0;	/* a bank the PCR source lacks */
		if (hexbytes(hex, bk->calc[p], bk->size, &len) || len != (uint32_t)bk->size)
			return -1;
		loaded[bk - rep->banks] |= 1ull << p;
	} else
		return -1;
	return 0;
}

/* A state that cannot be used leaves nothing behind. */
static int unusable(struct report *rep)
{
	int p;

	rep->first = rep->bytes = rep->nkernels = rep->pcrs = 0;
	rep->ba_first_len = 0;
	memset(&rep->cur, 0, sizeof(rep->cur));
	for (p = 0; p < IMA_MAX_PCR; p++)
		rep->pcr_first[p] = -1;
	return -1;
}

int state_load(const char *path, struct report *rep)
{
	uint64_t loaded[MAX_BANKS] = { 0 };
	char line[4096];
	FILE *f = fopen(path, "r");
	int lineno = 1, k, bad = 0;

	if (!f) {
		report_add(rep, SEV_UNEVAL, "io", NO_RECORD, "%s: %s", path,
			   strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof(line), f) || strncmp(line, STATE_MAGIC "\n",
						     sizeof(STATE_MAGIC))) {
		bad = 1;
	}
	while (!bad && fgets(line, sizeof(line), f)) {
		lineno++;
		bad = state_line(line, rep, loaded);
	}
	fclose(f);
	if (bad || !rep->first || !rep->nkernels || !rep->pcrs ||
	    rep->cur.first >= rep->first) {
		report_add(rep, SEV_BAD, "state", NO_RECORD,
			   "%s:%d: not an imalog state file (--save-state)",
			   path, lineno);
		return unusable(rep);
	}
	for (k = 0; k < rep->nbanks; k++) {
		if (rep->banks[k].have && loaded[k] != rep->pcrs) {
			report_add(rep, SEV_BAD, "state", NO_RECORD,
				   "%s: no %s values for every PCR it names",
				   path, rep->banks[k].name);
			return unusable(rep);
		}
	}
	rep->kernel_base = rep->nkernels - 1;
	rep->cur.index = rep->kernel_base;
	rep->kernels[0].first = rep->cur.first;
	rep->kernels[0].last = rep->first - 1;
	rep->kernels[0].ba = BA_UNCHECKED;
	return 0;
}

static void write_event(FILE *f, const char *name, const struct kexec_event *ev)
{
	fprintf(f, "%s %llu %d %d %llu %llu %llu\n", name,
		(unsigned long long)ev->record, ev->valid, ev->exact,
		(unsigned long long)ev->segment_size,
		(unsigned long long)ev->runtime_size,
		(unsigned long long)ev->count);
}

static void write_state(FILE *f, const struct report *rep,
			const struct snapshot *s, int at_end)
{
	uint32_t i;
	int k, p;

	fprintf(f, STATE_MAGIC "\nrecords %llu\nbytes %llu\nkernels %llu\n",
		(unsigned long long)s->records, (unsigned long long)s->bytes,
		(unsigned long long)s->nkernels);
	fprintf(f, "kernel %llu %llu\n", (unsigned long long)s->cur.first,
		(unsigned long long)s->cur.legacy);
	if (s->cur.have_load)
		write_event(f, "kexec_load", &s->cur.load);
	if (s->cur.have_exec)
		write_event(f, "kexec_execute", &s->cur.exec);
	if (rep->ba_first_len) {
		fprintf(f, "boot_aggregate ");
		for (i = 0; i < rep->ba_first_len; i++)
			fprintf(f, "%02x", rep->ba_first[i]);
		fputc('\n', f);
	}
	for (k = 0; k < rep->nbanks; k++) {
		const struct bank *b = &rep->banks[k];

		if ((b->have & s->pcrs) != s->pcrs)
			continue;
		for (p = 0; p < IMA_MAX_PCR; p++) {
			/* at the prefix, the replayed values are the PCRs' */
			const uint8_t *v = at_end ? b->calc[p] : b->tpm[p];

			if (!(s->pcrs & (1ull << p)))
				continue;
			fprintf(f, "pcr %s %d ", b->name, p);
			for (i = 0; i < (uint32_t)b->size; i++)
				fprintf(f, "%02x", v[i]);
			fputc('\n', f);
		}
	}
}

void state_save(const char *path, struct report *rep)
{
	struct snapshot end = {
		.valid = 1, .records = rep->nrecs, .bytes = rep->bytes,
		.pcrs = rep->pcrs, .nkernels = rep->nkernels, .cur = rep->cur,
	};
	const struct snapshot *s = &end;
	char tmp[4200];
	FILE *f;

	if (!rep->full) {
		s = &rep->snap;
		if (!rep->allow_growth || !s->valid ||
		    s->records != (uint64_t)rep->prefix) {
			report_add(rep, SEV_NOTE, "state", NO_RECORD,
				   "%s: not written: no point of the list where every bank matches",
				   path);
			return;
		}
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f) {
		write_state(f, rep, s, s == &end);
		if (fclose(f) == 0 && rename(tmp, path) == 0)
			return;
	}
	report_add(rep, SEV_UNEVAL, "io", NO_RECORD, "%s: %s", path,
		   strerror(errno));
	remove(tmp);
}
