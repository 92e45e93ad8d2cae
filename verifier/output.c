// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "output.h"

static const char *const sev_names[] = {
	[SEV_NOTE] = "note",
	[SEV_UNPROVEN] = "unproven",
	[SEV_FAIL] = "fail",
	[SEV_BAD] = "error",
};
static const char *const verdicts[] = {
	[SEV_NOTE] = "ok",
	[SEV_UNPROVEN] = "unproven",
	[SEV_FAIL] = "fail",
	[SEV_BAD] = "error",
};
static const char *const verdicts_human[] = {
	[SEV_NOTE] = "OK",
	[SEV_UNPROVEN] = "UNPROVEN",
	[SEV_FAIL] = "FAIL",
	[SEV_BAD] = "ERROR",
};
static const char *const ba_names[] = {
	[BA_NONE] = "none",
	[BA_UNCHECKED] = "unchecked",
	[BA_MATCH] = "match",
	[BA_MISMATCH] = "mismatch",
};

static void print_hex(FILE *out, const uint8_t *p, int len)
{
	int i;

	for (i = 0; i < len; i++)
		fprintf(out, "%02x", p[i]);
}

static size_t template_count(const struct ima_log *log, int t)
{
	size_t i, n = 0;

	for (i = 0; i < log->nrecs; i++)
		if (log->recs[i].tmpl == t)
			n++;
	return n;
}

static const char *event_name(enum kexec_type t)
{
	return t == KEXEC_LOAD ? "kexec_load" : "kexec_execute";
}

static void human_templates(FILE *out, const struct ima_log *log)
{
	int t;

	for (t = 0; t < log->ntmpls; t++) {
		const struct ima_template *tp = &log->tmpls[t];
		size_t n = template_count(log, t);

		fprintf(out, "  template %s: %zu record%s%s\n", tp->name,
			n, n == 1 ? "" : "s",
			tp->generic ? " (unknown template: data parsed as generic u32-length-prefixed fields)" : "");
	}
}

static void human_event(FILE *out, const struct kexec_event *ev)
{
	fprintf(out, "  record %zu: %s", ev->record, event_name(ev->type));
	if (!ev->valid) {
		fprintf(out, " (malformed)\n");
		return;
	}
	fprintf(out, " kexec_segment_size=%llu ima_binary_runtime_size=%llu ima_runtime_measurements_count=%llu (%s)\n",
		(unsigned long long)ev->segment_size,
		(unsigned long long)ev->runtime_size,
		(unsigned long long)ev->count,
		ev->exact ? "exact" : "lower bound");
}

static void human_handover(FILE *out, const struct handover *h)
{
	fprintf(out, "  kernel %zu -> %zu at record %zu: %s, ", h->from,
		h->from + 1, h->record, handover_kind_name(h->kind));
	switch (h->kind) {
	case HO_EXACT:
		fprintf(out, "kexec_execute (record %ld) is the last record carried and its figures are exact: nothing lost (proven)\n",
			h->execute);
		break;
	case HO_MAINLINE:
		fprintf(out, "kexec_execute (record %ld), %zu record%s after it, figures %s: every record up to it was carried (proven); after it only the PCR replay checks (lower bound)\n",
			h->execute, h->after, h->after == 1 ? "" : "s",
			h->exact ? "exact" : "a lower bound");
		break;
	case HO_TRUNCATED:
		fprintf(out, "kexec_load (record %ld) but its kexec_execute was not carried: the tail of the list was lost (proven)\n",
			h->load);
		break;
	case HO_NO_EVENTS:
		fprintf(out, "the kernel recorded no kexec events: completeness cannot be proven from the list (PCR replay only)\n");
		break;
	case HO_UNKNOWN:
		fprintf(out, "its kexec event is malformed: not judged\n");
		break;
	}
}

static void human_kexec(FILE *out, const struct report *rep)
{
	size_t i;

	fprintf(out, "kernels: %zu\n", rep->nkernels);
	for (i = 0; i < rep->nkernels; i++)
		fprintf(out, "  kernel %zu: records %zu-%zu, boot_aggregate %s\n",
			i, rep->kernels[i].first, rep->kernels[i].last,
			ba_names[rep->kernels[i].ba]);
	fprintf(out, "kexec events: %zu\n", rep->nevents);
	for (i = 0; i < rep->nevents; i++)
		human_event(out, &rep->events[i]);
	fprintf(out, "hand-over: %s\n", handover_summary(rep));
	for (i = 0; i < rep->nhandovers; i++)
		human_handover(out, &rep->handovers[i]);
}

static void human_banks(FILE *out, const struct report *rep)
{
	int k, p;

	fprintf(out, "PCRs from %s:\n", rep->pcr_source);
	for (k = 0; k < rep->nbanks; k++) {
		const struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			int match;

			if (!(rep->pcrs & (1ull << p)))
				continue;
			if (!(b->have & (1ull << p))) {
				fprintf(out, "  %-6s PCR %2d: UNREADABLE\n",
					b->name, p);
				continue;
			}
			match = memcmp(b->tpm[p], b->calc[p], b->size) == 0;
			fprintf(out, "  %-6s PCR %2d: %s\n", b->name, p,
				match ? "match" : "MISMATCH");
			fprintf(out, "      expected (TPM): ");
			print_hex(out, b->tpm[p], b->size);
			fprintf(out, "\n      computed (log): ");
			print_hex(out, b->calc[p], b->size);
			fputc('\n', out);
		}
	}
}

void print_human(FILE *out, const struct ima_log *log,
		 const struct report *rep)
{
	size_t i;

	fprintf(out, "log: %s\n", rep->source);
	fprintf(out, "records: %zu (%zu violations), %zu bytes%s\n",
		log->nrecs, rep->violations, log->len,
		rep->incomplete ? " (parsing stopped at an error)" : "");
	human_templates(out, log);
	human_kexec(out, rep);
	if (rep->nbanks)
		human_banks(out, rep);
	if (rep->nfindings)
		fprintf(out, "findings:\n");
	for (i = 0; i < rep->nfindings; i++)
		fprintf(out, "  %s: %s\n", sev_names[rep->findings[i].sev],
			rep->findings[i].msg);
	if (rep->dropped)
		fprintf(out, "  (%zu more findings not shown)\n", rep->dropped);
	fprintf(out, "verdict: %s (exit %d)\n", verdicts_human[rep->worst],
		report_exit_code(rep));
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_hex(FILE *out, const uint8_t *p, int len)
{
	fputc('"', out);
	print_hex(out, p, len);
	fputc('"', out);
}

static void json_templates(FILE *out, const struct ima_log *log)
{
	int t;

	fprintf(out, "\"templates\":[");
	for (t = 0; t < log->ntmpls; t++) {
		fprintf(out, "%s{\"name\":", t ? "," : "");
		json_str(out, log->tmpls[t].name);
		fprintf(out, ",\"records\":%zu,\"generic\":%s}",
			template_count(log, t),
			log->tmpls[t].generic ? "true" : "false");
	}
	fprintf(out, "]");
}

static void json_long(FILE *out, long v)
{
	if (v >= 0)
		fprintf(out, "%ld", v);
	else
		fprintf(out, "null");
}

static void json_kexec(FILE *out, const struct report *rep)
{
	size_t i;

	fprintf(out, ",\"kernels\":[");
	for (i = 0; i < rep->nkernels; i++)
		fprintf(out, "%s{\"first\":%zu,\"last\":%zu,\"boot_aggregate\":\"%s\"}",
			i ? "," : "", rep->kernels[i].first,
			rep->kernels[i].last, ba_names[rep->kernels[i].ba]);
	fprintf(out, "],\"kexec_events\":[");
	for (i = 0; i < rep->nevents; i++) {
		const struct kexec_event *ev = &rep->events[i];

		fprintf(out, "%s{\"record\":%zu,\"event\":\"%s\",\"valid\":%s",
			i ? "," : "", ev->record, event_name(ev->type),
			ev->valid ? "true" : "false");
		if (ev->valid)
			fprintf(out, ",\"kexec_segment_size\":%llu,\"ima_binary_runtime_size\":%llu,\"ima_runtime_measurements_count\":%llu,\"exact\":%s",
				(unsigned long long)ev->segment_size,
				(unsigned long long)ev->runtime_size,
				(unsigned long long)ev->count,
				ev->exact ? "true" : "false");
		fputc('}', out);
	}
	fprintf(out, "],\"handover\":\"%s\",\"handovers\":[",
		handover_summary(rep));
	for (i = 0; i < rep->nhandovers; i++) {
		const struct handover *h = &rep->handovers[i];

		fprintf(out, "%s{\"from_kernel\":%zu,\"record\":%zu,\"kind\":\"%s\",\"certainty\":\"%s\",\"kexec_execute\":",
			i ? "," : "", h->from, h->record,
			handover_kind_name(h->kind),
			handover_certainty(h->kind));
		json_long(out, h->execute);
		fprintf(out, ",\"kexec_load\":");
		json_long(out, h->load);
		fprintf(out, ",\"records_after_execute\":%zu,\"execute_exact\":%s}",
			h->after, h->exact ? "true" : "false");
	}
	fputc(']', out);
}

static void json_bank(FILE *out, const struct report *rep,
		      const struct bank *b)
{
	int p, first = 1;

	fprintf(out, "{\"bank\":\"%s\",\"pcrs\":[", b->name);
	for (p = 0; p < IMA_MAX_PCR; p++) {
		int have = !!(b->have & (1ull << p));

		if (!(rep->pcrs & (1ull << p)))
			continue;
		fprintf(out, "%s{\"pcr\":%d,\"expected\":", first ? "" : ",", p);
		if (have)
			json_hex(out, b->tpm[p], b->size);
		else
			fprintf(out, "null");
		fprintf(out, ",\"computed\":");
		json_hex(out, b->calc[p], b->size);
		fprintf(out, ",\"match\":%s}",
			have && !memcmp(b->tpm[p], b->calc[p], b->size) ?
			"true" : "false");
		first = 0;
	}
	fprintf(out, "]}");
}

static void json_findings(FILE *out, const struct report *rep)
{
	size_t i;

	fprintf(out, ",\"findings\":[");
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = &rep->findings[i];

		fprintf(out, "%s{\"severity\":\"%s\",\"kind\":\"%s\",\"record\":",
			i ? "," : "", sev_names[f->sev], f->kind);
		if (f->record >= 0)
			fprintf(out, "%ld", f->record);
		else
			fprintf(out, "null");
		fprintf(out, ",\"message\":");
		json_str(out, f->msg);
		fputc('}', out);
	}
	fprintf(out, "],\"findings_dropped\":%zu", rep->dropped);
}

void print_json(FILE *out, const struct ima_log *log,
		const struct report *rep)
{
	int k, code = report_exit_code(rep);

	fprintf(out, "{\"log\":");
	json_str(out, rep->source);
	fprintf(out, ",\"records\":%zu,\"bytes\":%zu,\"violations\":%zu,\"complete\":%s,",
		log->nrecs, log->len, rep->violations,
		rep->incomplete ? "false" : "true");
	json_templates(out, log);
	json_kexec(out, rep);
	fprintf(out, ",\"pcr_source\":");
	json_str(out, rep->pcr_source ? rep->pcr_source : "");
	fprintf(out, ",\"banks\":[");
	for (k = 0; k < rep->nbanks; k++) {
		if (k)
			fputc(',', out);
		json_bank(out, rep, &rep->banks[k]);
	}
	fputc(']', out);
	json_findings(out, rep);
	fprintf(out, ",\"verdict\":\"%s\",\"exit_code\":%d}\n",
		verdicts[rep->worst], code);
}
