// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* keep a flood of one kind from hiding the others */
#define MAX_PER_KIND	10

static size_t kind_count(const struct report *rep, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < rep->nfindings; i++)
		if (strcmp(rep->findings[i].kind, kind) == 0)
			n++;
	return n;
}

void report_add(struct report *rep, enum severity sev, const char *kind,
		long record, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	if ((int)sev > rep->worst)
		rep->worst = sev;
	if (rep->nfindings == MAX_FINDINGS ||
	    kind_count(rep, kind) >= MAX_PER_KIND) {
		rep->dropped++;
		return;
	}
	f = &rep->findings[rep->nfindings++];
	f->sev = sev;
	f->kind = kind;
	f->record = record;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

void report_free(struct report *rep)
{
	free(rep->kernels);
	free(rep->events);
	free(rep->handovers);
	rep->kernels = NULL;
	rep->events = NULL;
	rep->handovers = NULL;
}

int report_exit_code(const struct report *rep)
{
	static const int code[] = {
		[SEV_NOTE] = EXIT_OK,
		[SEV_UNPROVEN] = EXIT_UNPROVEN,
		[SEV_FAIL] = EXIT_FAIL,
		[SEV_BAD] = EXIT_ERROR,
	};

	return code[rep->worst];
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

const char *handover_summary(const struct report *rep)
{
	size_t i;

	if (!rep->nhandovers)
		return "none";
	for (i = 1; i < rep->nhandovers; i++)
		if (rep->handovers[i].kind != rep->handovers[0].kind)
			return "mixed";
	return handover_kind_name(rep->handovers[0].kind);
}
