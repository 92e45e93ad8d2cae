// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* keep a flood of one kind from hiding the others */
#define MAX_PER_KIND	10

void report_init(struct report *rep)
{
	int s, p;

	memset(rep, 0, sizeof(*rep));
	for (s = 0; s < SEV__COUNT; s++)
		rep->dropped_min[s] = INT64_MAX;
	for (p = 0; p < IMA_MAX_PCR; p++)
		rep->pcr_first[p] = -1;
	rep->prefix = -1;
	rep->cur_record = NO_RECORD;
	rep->cur_at = -1;
}

static size_t kind_count(const struct report *rep, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].kind, kind) == 0)
			n++;
	return n;
}

static struct finding *add(struct report *rep, enum severity sev,
			   const char *kind, long long record)
{
	struct finding *f;

	if ((int)sev > rep->worst)
		rep->worst = sev;
	if (rep->nfindings == MAX_FINDINGS ||
	    kind_count(rep, kind) >= MAX_PER_KIND) {
		rep->dropped++;
		if (record < rep->dropped_min[sev])
			rep->dropped_min[sev] = record;
		return NULL;
	}
	f = &rep->findings[rep->nfindings++];
	memset(f, 0, sizeof(*f));
	f->sev = sev;
	f->kind = kind;
	f->record = record;
	f->at = record != NO_RECORD && record == rep->cur_record ?
		rep->cur_at : -1;
	f->pcr = -1;
	return f;
}

void report_add(struct report *rep, enum severity sev, const char *kind,
		long long record, const char *fmt, ...)
{
	struct finding *f = add(rep, sev, kind, record);
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

void report_add_pcr(struct report *rep, enum severity sev, const char *kind,
		    const struct bank *b, int pcr, const char *fmt, ...)
{
	struct finding *f = add(rep, sev, kind, NO_RECORD);
	va_list ap;

	if (!f)
		return;
	f->bank = b->name;
	f->pcr = pcr;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

/* Reading errors concern the list as a whole, wherever they stopped it. */
static int whole_list(const struct finding *f)
{
	return !strcmp(f->kind, "parse") || !strcmp(f->kind, "io");
}

void report_finish(struct report *rep)
{
	long long limit = rep->verified < rep->nrecs ? (long long)rep->verified :
			  INT64_MAX;
	size_t i, n = 0;
	int s;

	rep->worst = SEV_NOTE;
	for (i = 0; i < rep->nfindings; i++) {
		struct finding *f = &rep->findings[i];

		if (f->record != NO_RECORD && f->record >= limit &&
		    !whole_list(f)) {
			rep->unjudged++;
			continue;
		}
		if ((int)f->sev > rep->worst)
			rep->worst = f->sev;
		rep->findings[n++] = *f;
	}
	rep->nfindings = n;
	for (s = 0; s < SEV__COUNT; s++)
		if (rep->dropped_min[s] < limit && s > rep->worst)
			rep->worst = s;
}

int report_exit_code(const struct report *rep)
{
	static const int code[] = {
		[SEV_NOTE] = EXIT_OK,
		[SEV_UNPROVEN] = EXIT_UNPROVEN,
		[SEV_FAIL] = EXIT_FAIL,
		[SEV_BAD] = EXIT_ERROR,
		[SEV_UNEVAL] = EXIT_UNEVAL,
	};

	return code[rep->worst];
}

const char *severity_name(enum severity sev)
{
	static const char *const names[] = {
		[SEV_NOTE] = "note",
		[SEV_UNPROVEN] = "unproven",
		[SEV_FAIL] = "fail",
		[SEV_BAD] = "error",
		[SEV_UNEVAL] = "unevaluated",
	};

	return names[sev];
}

/* The verdict a worst severity gives: its name, but "ok" for notes only. */
const char *verdict_name(enum severity sev)
{
	return sev == SEV_NOTE ? "ok" : severity_name(sev);
}

const char *handover_kind_name(enum handover_kind k)
{
	static const char *const names[] = {
		[HO_EXACT] = "exact",
		[HO_MAINLINE] = "mainline",
		[HO_TRUNCATED] = "truncated",
		[HO_NO_EVENTS] = "no-events",
		[HO_UNKNOWN] = "unknown",
	};

	return names[k];
}

const char *handover_certainty(enum handover_kind k)
{
	static const char *const names[] = {
		[HO_EXACT] = "proven",
		[HO_MAINLINE] = "lower-bound",
		[HO_TRUNCATED] = "proven",
		[HO_NO_EVENTS] = "unprovable",
		[HO_UNKNOWN] = "none",
	};

	return names[k];
}

/* over the hand-overs judged: those before the verified prefix's end */
const char *handover_summary(const struct report *rep)
{
	const struct handover *first = NULL;
	uint64_t i, n = rep->nhandovers < MAX_LISTED ? rep->nhandovers : MAX_LISTED;

	for (i = 0; i < n; i++) {
		const struct handover *h = &rep->handovers[i];

		if (h->record >= rep->verified)
			break;
		if (!first)
			first = h;
		else if (h->kind != first->kind)
			return "mixed";
	}
	return first ? handover_kind_name(first->kind) : "none";
}
