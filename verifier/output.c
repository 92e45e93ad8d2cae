// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "output.h"

#define SCHEMA	"imalog/1"

static const char *const verdicts_human[] = {
	[SEV_NOTE] = "OK",
	[SEV_UNPROVEN] = "UNPROVEN",
	[SEV_FAIL] = "FAIL",
	[SEV_BAD] = "ERROR",
	[SEV_UNEVAL] = "NOT EVALUATED",
};
static const char *const ba_names[] = {
	[BA_NONE] = "none",
	[BA_UNCHECKED] = "unchecked",
	[BA_MATCH] = "match",
	[BA_MISMATCH] = "mismatch",
};

static uint64_t listed(uint64_t n)
{
	return n < MAX_LISTED ? n : MAX_LISTED;
}

static void print_hex(FILE *out, const uint8_t *p, int len)
{
	int i;

	for (i = 0; i < len; i++)
		fprintf(out, "%02x", p[i]);
}

static const char *event_name(enum kexec_type t)
{
	return t == KEXEC_LOAD ? "kexec_load" : "kexec_execute";
}

static int pcr_matches(const struct bank *b, int p)
{
	return (b->have & (1ull << p)) &&
	       !memcmp(b->tpm[p], b->calc[p], b->size);
}

/* "full", "prefix" (--allow-growth) or "none" */
static const char *match_kind(const struct report *rep)
{
	if (rep->full)
		return "full";
	return rep->prefix >= 0 ? "prefix" : "none";
}

static void human_templates(FILE *out, const struct ima_log *log)
{
	int t;

	for (t = 0; t < log->ntmpls; t++) {
		const struct ima_template *tp = &log->tmpls[t];
		unsigned long long n = log->tmpl_records[t];

		fprintf(out, "  template %s: %llu record%s%s\n", tp->name,
			n, n == 1 ? "" : "s",
			tp->generic ? " (unknown template: data parsed as generic u32-length-prefixed fields)" : "");
	}
}

static void human_event(FILE *out, const struct kexec_event *ev)
{
	fprintf(out, "  record %llu: %s", (unsigned long long)ev->record,
		event_name(ev->type));
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

static void human_handover(FILE *out, const struct report *rep,
			   const struct handover *h)
{
	fprintf(out, "  kernel %llu -> %llu at record %llu: %s, ",
		(unsigned long long)h->from, (unsigned long long)h->from + 1,
		(unsigned long long)h->record, handover_kind_name(h->kind));
	if (h->record >= rep->verified) {
		fprintf(out, "after the PCRs were read: listed, not judged\n");
		return;
	}
	switch (h->kind) {
	case HO_EXACT:
		fprintf(out, "kexec_execute (record %lld) is the last record carried and its figures are exact: nothing lost (proven)\n",
			h->execute);
		break;
	case HO_MAINLINE:
		fprintf(out, "kexec_execute (record %lld), %llu record%s after it, figures %s: every record up to it was carried (proven); after it only the PCR replay checks (lower bound)\n",
			h->execute, (unsigned long long)h->after,
			h->after == 1 ? "" : "s",
			h->exact ? "exact" : "a lower bound");
		break;
	case HO_TRUNCATED:
		fprintf(out, "kexec_load (record %lld) but its kexec_execute was not carried: the tail of the list was lost (proven)\n",
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
	uint64_t i;

	fprintf(out, "kernels: %llu\n", (unsigned long long)rep->nkernels);
	for (i = 0; i < listed(rep->nkernels - rep->kernel_base); i++)
		fprintf(out, "  kernel %llu: records %llu-%llu, boot_aggregate %s\n",
			(unsigned long long)(i + rep->kernel_base),
			(unsigned long long)rep->kernels[i].first,
			(unsigned long long)rep->kernels[i].last,
			ba_names[rep->kernels[i].ba]);
	fprintf(out, "kexec events: %llu\n", (unsigned long long)rep->nevents);
	for (i = 0; i < listed(rep->nevents); i++)
		human_event(out, &rep->events[i]);
	fprintf(out, "hand-over: %s\n", handover_summary(rep));
	for (i = 0; i < listed(rep->nhandovers); i++)
		human_handover(out, rep, &rep->handovers[i]);
}

static void human_banks(FILE *out, const struct report *rep)
{
	int k, p;

	fprintf(out, "PCRs from %s:\n", rep->pcr_source);
	for (k = 0; k < rep->nbanks; k++) {
		const struct bank *b = &rep->banks[k];

		for (p = 0; p < IMA_MAX_PCR; p++) {
			if (!(rep->pcrs & (1ull << p)))
				continue;
			if (!(b->have & (1ull << p))) {
				fprintf(out, "  %-6s PCR %2d: UNREADABLE\n",
					b->name, p);
				continue;
			}
			fprintf(out, "  %-6s PCR %2d: %s", b->name, p,
				pcr_matches(b, p) ? "match" : "MISMATCH");
			if (!pcr_matches(b, p) && b->from[p] >= 0)
				fprintf(out, " (matched after %lld records)",
					(long long)b->from[p]);
			fprintf(out, "\n      expected (TPM): ");
			print_hex(out, b->tpm[p], b->size);
			fprintf(out, "\n      computed (log): ");
			print_hex(out, b->calc[p], b->size);
			fputc('\n', out);
		}
	}
}

static void human_replay(FILE *out, const struct report *rep)
{
	unsigned long long after = rep->nrecs - rep->verified;

	if (rep->full)
		fprintf(out, "replay: every bank matches after the last record\n");
	else if (rep->prefix >= 0 && rep->allow_growth)
		fprintf(out, "replay: every bank matches after record %lld; %llu record%s after it not verified (--allow-growth)\n",
			(long long)rep->prefix - 1, after, after == 1 ? "" : "s");
	else if (rep->prefix >= 0)
		fprintf(out, "replay: every bank matches after record %lld, not after the last\n",
			(long long)rep->prefix - 1);
	else
		fprintf(out, "replay: no prefix of the list matches the PCRs\n");
}

static void human_quote(FILE *out, const struct quote_result *q)
{
	static const char *const v[] = { "FAILED", "verified" };

	fprintf(out, "quote of %s (%s): signature %s, nonce %s, PCR digest %s\n",
		*q->pcrs ? q->pcrs : "?", *q->hash ? q->hash : "?",
		q->signature < 0 ? "not checked" : v[q->signature],
		q->nonce < 0 ? "not checked" : v[q->nonce],
		q->digest < 0 ? "not checked" : v[q->digest]);
}

void print_human(FILE *out, const struct ima_log *log,
		 const struct report *rep)
{
	size_t i;

	if (rep->evaluated) {
		fprintf(out, "log: %s (%s, %s-endian)\n", rep->source,
			rep->format, rep->byteorder);
		fprintf(out, "records: %llu (%llu violations), %llu bytes%s\n",
			(unsigned long long)rep->nrecs,
			(unsigned long long)rep->violations,
			(unsigned long long)rep->bytes,
			rep->incomplete ? " (reading stopped at an error)" : "");
		if (rep->first)
			fprintf(out, "  continuing a verified state: records 0-%llu were verified before\n",
				(unsigned long long)rep->first - 1);
		human_templates(out, log);
		human_kexec(out, rep);
		if (rep->quote.given)
			human_quote(out, &rep->quote);
		if (rep->nbanks) {
			human_banks(out, rep);
			human_replay(out, rep);
		}
	}
	if (rep->nfindings)
		fprintf(out, "findings:\n");
	for (i = 0; i < rep->nfindings; i++)
		fprintf(out, "  %s: %s\n", severity_name(rep->findings[i].sev),
			rep->findings[i].msg);
	if (rep->dropped)
		fprintf(out, "  (%zu more findings not shown)\n", rep->dropped);
	if (rep->unjudged)
		fprintf(out, "  (%zu findings on records after the match not judged)\n",
			rep->unjudged);
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

static void json_num(FILE *out, long long v)
{
	if (v >= 0)
		fprintf(out, "%lld", v);
	else
		fprintf(out, "null");
}

static const char *json_bool(int v)
{
	return v ? "true" : "false";
}

static void json_templates(FILE *out, const struct ima_log *log)
{
	int t;

	fprintf(out, ",\"templates\":[");
	for (t = 0; log && t < log->ntmpls; t++) {
		fprintf(out, "%s{\"name\":", t ? "," : "");
		json_str(out, log->tmpls[t].name);
		fprintf(out, ",\"records\":%llu,\"generic\":%s}",
			(unsigned long long)log->tmpl_records[t],
			json_bool(log->tmpls[t].generic));
	}
	fprintf(out, "]");
}

static void json_kexec(FILE *out, const struct report *rep)
{
	uint64_t i;

	fprintf(out, ",\"kernels\":[");
	for (i = 0; i < listed(rep->nkernels - rep->kernel_base); i++)
		fprintf(out, "%s{\"kernel\":%llu,\"first\":%llu,\"last\":%llu,\"boot_aggregate\":\"%s\"}",
			i ? "," : "", (unsigned long long)(i + rep->kernel_base),
			(unsigned long long)rep->kernels[i].first,
			(unsigned long long)rep->kernels[i].last,
			ba_names[rep->kernels[i].ba]);
	fprintf(out, "],\"kexec_events\":[");
	for (i = 0; i < listed(rep->nevents); i++) {
		const struct kexec_event *ev = &rep->events[i];

		fprintf(out, "%s{\"record\":%llu,\"event\":\"%s\",\"verified\":%s,\"valid\":%s",
			i ? "," : "", (unsigned long long)ev->record,
			event_name(ev->type),
			json_bool(ev->record < rep->verified),
			json_bool(ev->valid));
		if (ev->valid)
			fprintf(out, ",\"kexec_segment_size\":%llu,\"ima_binary_runtime_size\":%llu,\"ima_runtime_measurements_count\":%llu,\"exact\":%s",
				(unsigned long long)ev->segment_size,
				(unsigned long long)ev->runtime_size,
				(unsigned long long)ev->count,
				json_bool(ev->exact));
		fputc('}', out);
	}
	fprintf(out, "],\"handover\":\"%s\",\"handovers\":[",
		handover_summary(rep));
	for (i = 0; i < listed(rep->nhandovers); i++) {
		const struct handover *h = &rep->handovers[i];

		fprintf(out, "%s{\"from_kernel\":%llu,\"record\":%llu,\"verified\":%s,\"kind\":\"%s\",\"certainty\":\"%s\",\"kexec_execute\":",
			i ? "," : "", (unsigned long long)h->from,
			(unsigned long long)h->record,
			json_bool(h->record < rep->verified),
			handover_kind_name(h->kind),
			handover_certainty(h->kind));
		json_num(out, h->execute);
		fprintf(out, ",\"kexec_load\":");
		json_num(out, h->load);
		fprintf(out, ",\"records_after_execute\":%llu,\"execute_exact\":%s}",
			(unsigned long long)h->after, json_bool(h->exact));
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
		fprintf(out, ",\"match\":%s,\"matched_after\":",
			json_bool(pcr_matches(b, p)));
		json_num(out, have ? b->from[p] : -1);
		fputc('}', out);
		first = 0;
	}
	fprintf(out, "]}");
}

static void json_replay(FILE *out, const struct report *rep)
{
	fprintf(out, ",\"replay\":{\"match\":\"%s\",\"allow_growth\":%s,\"matched_after\":",
		match_kind(rep), json_bool(rep->allow_growth));
	json_num(out, rep->full ? (long long)rep->nrecs : rep->prefix);
	fprintf(out, ",\"verified_records\":%llu,\"unverified_records\":%llu}",
		(unsigned long long)rep->verified,
		(unsigned long long)(rep->nrecs - rep->verified));
}

static void json_quote(FILE *out, const struct quote_result *q)
{
	fprintf(out, ",\"quote\":");
	if (!q->given) {
		fprintf(out, "null");
		return;
	}
	fprintf(out, "{\"pcrs\":");
	json_str(out, q->pcrs);
	fprintf(out, ",\"hash\":");
	json_str(out, q->hash);
	fprintf(out, ",\"signature\":%s,\"nonce\":%s,\"pcr_digest\":%s}",
		q->signature < 0 ? "null" : json_bool(q->signature),
		q->nonce < 0 ? "null" : json_bool(q->nonce),
		q->digest < 0 ? "null" : json_bool(q->digest));
}

static void json_findings(FILE *out, const struct report *rep)
{
	size_t i;

	fprintf(out, ",\"findings\":[");
	for (i = 0; i < rep->nfindings; i++) {
		const struct finding *f = &rep->findings[i];

		fprintf(out, "%s{\"severity\":\"%s\",\"kind\":\"%s\",\"record\":",
			i ? "," : "", severity_name(f->sev), f->kind);
		json_num(out, f->record);
		fprintf(out, ",\"offset\":");
		json_num(out, f->at);
		if (f->bank) {
			fprintf(out, ",\"bank\":\"%s\",\"pcr\":%d", f->bank,
				f->pcr);
		}
		fprintf(out, ",\"message\":");
		json_str(out, f->msg);
		fputc('}', out);
	}
	fprintf(out, "],\"findings_dropped\":%zu,\"findings_unjudged\":%zu",
		rep->dropped, rep->unjudged);
}

void print_json(FILE *out, const struct ima_log *log,
		const struct report *rep)
{
	int k;

	fprintf(out, "{\"schema\":\"" SCHEMA "\",\"log\":");
	json_str(out, rep->source ? rep->source : "");
	fprintf(out, ",\"format\":");
	json_str(out, rep->format ? rep->format : "");
	fprintf(out, ",\"byteorder\":");
	json_str(out, rep->byteorder ? rep->byteorder : "");
	fprintf(out, ",\"records\":%llu,\"first_record\":%llu,\"bytes\":%llu,\"violations\":%llu,\"complete\":%s",
		(unsigned long long)rep->nrecs,
		(unsigned long long)rep->first,
		(unsigned long long)rep->bytes,
		(unsigned long long)rep->violations,
		json_bool(rep->evaluated && !rep->incomplete));
	json_templates(out, rep->evaluated ? log : NULL);
	json_kexec(out, rep);
	fprintf(out, ",\"pcr_source\":");
	json_str(out, rep->pcr_source ? rep->pcr_source : "");
	json_replay(out, rep);
	json_quote(out, &rep->quote);
	fprintf(out, ",\"banks\":[");
	for (k = 0; k < rep->nbanks; k++) {
		if (k)
			fputc(',', out);
		json_bank(out, rep, &rep->banks[k]);
	}
	fputc(']', out);
	json_findings(out, rep);
	fprintf(out, ",\"verdict\":\"%s\",\"exit_code\":%d}\n",
		verdict_name(rep->worst), report_exit_code(rep));
}
