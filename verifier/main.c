// SPDX-License-Identifier: GPL-2.0
/*
 * imalog - strict IMA measurement list verifier.
 *
 * The PCRs are read first, then the list, once, front to back: records
 * appended in between are the ones after the point where the PCRs match.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootagg.h"
#include "kexec.h"
#include "log.h"
#include "output.h"
#include "pcrsrc.h"
#include "quote.h"
#include "replay.h"
#include "report.h"
#include "state.h"

#define DEFAULT_LOG	"/sys/kernel/security/ima/binary_runtime_measurements"
#define DEFAULT_TPM	"/sys/class/tpm/tpm0"

static void usage(FILE *out)
{
	fprintf(out,
"usage: imalog [--json] [--tpm DIR | --pcrs FILE | --quote-pcrs FILE]\n"
"              [--allow-growth] [--require-exact]\n"
"              [--quote MSG --quote-sig SIG --quote-key PEM --nonce HEX]\n"
"              [--state FILE] [--save-state FILE]\n"
"              [--format binary|ascii] [--endian little|big|native] [LOG]\n"
"\n"
"Verify an IMA measurement list against the TPM's PCRs: the list must\n"
"replay to the PCR value in every bank, stored sha1 template digests must\n"
"match the template data, ima-buf digests must match their buffers, and\n"
"the kexec_load / kexec_execute events (label ima_kexec) must account for\n"
"every record carried across a kexec soft reboot. Each hand-over is shown\n"
"as exact (kexec_execute last, exact figures: proven complete), mainline\n"
"(records may follow kexec_execute: lower bound, the rest replay-based),\n"
"truncated (kexec_execute not carried: records lost) or no-events (the\n"
"kernel records no kexec events: completeness not provable).\n"
"The PCRs are read first, then the list, once.\n"
"\n"
"  LOG            the measurement list, binary or ASCII; - is standard input\n"
"                 (default " DEFAULT_LOG ")\n"
"  --tpm DIR      directory laid out like " DEFAULT_TPM ":\n"
"                 DIR/pcr-<alg>/<N> holds the hex value of PCR N; the banks\n"
"                 are the pcr-* directories (sha1, sha256, sha384, sha512)\n"
"                 (default " DEFAULT_TPM ")\n"
"  --pcrs FILE    read PCR values from FILE instead; lines are either\n"
"                   <alg>:PCR-<N>: <hex>        e.g. sha256:PCR-10: 1a2b...\n"
"                 or the tpm2_pcrread layout:\n"
"                   <alg>:\n"
"                     <N> : 0x<hex>\n"
"                 blank lines and lines starting with # are ignored\n"
"  --allow-growth the list may have grown after the PCRs were read: the\n"
"                 shortest prefix that every bank matches is verified, the\n"
"                 records after it are listed, not judged\n"
"  --require-exact  every hand-over must be exact (kexec_execute last, its\n"
"                 figures equal its position), as this project's series\n"
"                 guarantees: a mainline-style hand-over or one from a kernel\n"
"                 without kexec events is a failure\n"
"  --quote MSG --quote-sig SIG --quote-key PEM --nonce HEX\n"
"                 a tpm2_quote (-m MSG -s SIG, -q HEX) by the attestation key\n"
"                 PEM: the signature, the nonce and the digest of the PCR\n"
"                 values must match; only the quoted PCRs are used\n"
"  --quote-pcrs FILE  the PCR values tpm2_quote -o wrote (serialized or\n"
"                 marshaled), as the PCR source\n"
"  --state FILE   continue a verified state (--save-state): LOG holds only\n"
"                 the records after it (an agent's new records, or what is\n"
"                 left after the kernel deleted the records read)\n"
"  --save-state FILE  after a verdict of 0 or 3, write the verified state\n"
"  --format F     binary or ascii (default: detect)\n"
"  --endian E     byte order of a binary list: little (ima_canonical_fmt),\n"
"                 big or native (default: detect); --canonical, --native\n"
"  --json         print one JSON object, whatever happens\n"
"  --help         show this help\n"
"\n"
"exit codes (the first that applies, from the bottom):\n"
"  0  ok: every bank matches, every hand-over exact or mainline\n"
"  1  the evidence fails: PCR mismatch (missing, extra or reordered\n"
"     records), bad template or ima-buf digest, inconsistent kexec event,\n"
"     truncated carry-over, first record not a boot_aggregate, a hand-over\n"
"     not exact with --require-exact, a quote that does not verify\n"
"  2  the evidence is malformed: bad list, no readable bank, a PCR named\n"
"     in the log not in the PCR source, unknown bank, malformed kexec event,\n"
"     malformed quote\n"
"  3  unproven: the list replays, but a kernel without kexec events handed\n"
"     it over: completeness cannot be proven from the list\n"
"  4  could not evaluate: bad usage, a file that cannot be read\n");
}

struct opts {
	int json;
	int require_exact;
	int allow_growth;
	const char *tpm;
	const char *pcrs;
	const char *log;
	const char *state;
	const char *save_state;
	struct quote_opts quote;
	enum ima_byteorder order;
	enum ima_format format;
};

static int bad_usage(struct report *rep, const char *fmt, const char *arg)
{
	report_add(rep, SEV_UNEVAL, "usage", NO_RECORD, fmt, arg);
	return -1;
}

static int parse_opts(int argc, char **argv, struct opts *o,
		      struct report *rep)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "require-exact", no_argument, NULL, 'x' },
		{ "allow-growth", no_argument, NULL, 'g' },
		{ "tpm", required_argument, NULL, 't' },
		{ "pcrs", required_argument, NULL, 'p' },
		{ "quote", required_argument, NULL, 'Q' },
		{ "quote-sig", required_argument, NULL, 'S' },
		{ "quote-key", required_argument, NULL, 'K' },
		{ "quote-pcrs", required_argument, NULL, 'P' },
		{ "nonce", required_argument, NULL, 'N' },
		{ "state", required_argument, NULL, 's' },
		{ "save-state", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, 'f' },
		{ "endian", required_argument, NULL, 'e' },
		{ "canonical", no_argument, NULL, 'c' },
		{ "native", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->log = DEFAULT_LOG;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = 1;
			break;
		case 'x':
			o->require_exact = 1;
			break;
		case 'g':
			o->allow_growth = 1;
			break;
		case 't':
			o->tpm = optarg;
			break;
		case 'p':
			o->pcrs = optarg;
			break;
		case 'Q':
			o->quote.msg = optarg;
			break;
		case 'S':
			o->quote.sig = optarg;
			break;
		case 'K':
			o->quote.key = optarg;
			break;
		case 'P':
			o->quote.pcrs = optarg;
			break;
		case 'N':
			o->quote.nonce = optarg;
			break;
		case 's':
			o->state = optarg;
			break;
		case 'w':
			o->save_state = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "binary"))
				o->format = IMA_FMT_BINARY;
			else if (!strcmp(optarg, "ascii"))
				o->format = IMA_FMT_ASCII;
			else
				return bad_usage(rep, "--format %s: binary or ascii", optarg);
			break;
		case 'e':
			if (!strcmp(optarg, "little"))
				o->order = IMA_ORDER_LITTLE;
			else if (!strcmp(optarg, "big"))
				o->order = IMA_ORDER_BIG;
			else if (!strcmp(optarg, "native"))
				o->order = IMA_ORDER_NATIVE;
			else
				return bad_usage(rep, "--endian %s: little, big or native", optarg);
			break;
		case 'c':
			o->order = IMA_ORDER_LITTLE;
			break;
		case 'n':
			o->order = IMA_ORDER_NATIVE;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return bad_usage(rep, "bad option '%s' (see --help)",
					 argv[optind - 1]);
		}
	}
	if (!!o->tpm + !!o->pcrs + !!o->quote.pcrs > 1)
		return bad_usage(rep, "%s", "--tpm, --pcrs and --quote-pcrs are exclusive");
	if (quote_opts_check(&o->quote, rep))
		return -1;
	if (optind < argc)
		o->log = argv[optind++];
	if (optind < argc)
		return bad_usage(rep, "too many arguments, from '%s'", argv[optind]);
	return 0;
}

static void load_pcrs(const struct opts *o, struct report *rep)
{
	char err[4400];
	int k, ret;

	if (o->quote.pcrs) {
		rep->pcr_source = o->quote.pcrs;
		ret = quote_read_pcrs(rep, o->quote.pcrs, err, sizeof(err));
	} else if (o->pcrs) {
		rep->pcr_source = o->pcrs;
		ret = pcrs_from_file(rep, o->pcrs, err, sizeof(err));
	} else {
		rep->pcr_source = o->tpm ? o->tpm : DEFAULT_TPM;
		ret = pcrs_from_tpm_dir(rep, rep->pcr_source, err, sizeof(err));
	}
	for (k = 0; !ret && k < rep->nbanks; k++)
		if (rep->banks[k].have)
			return;
	if (!ret) {
		snprintf(err, sizeof(err), "%s: no PCR bank readable",
			 rep->pcr_source);
		ret = PCRS_BAD;
	}
	report_add(rep, ret == PCRS_IO ? SEV_UNEVAL : SEV_BAD,
		   ret == PCRS_IO ? "io" : "pcr-source", NO_RECORD, "%s", err);
	rep->nbanks = 0;
}

static void read_error(struct report *rep, const struct ima_err *err)
{
	unsigned long long r = err->record, at = err->offset;

	rep->cur_record = r;
	rep->cur_at = at;
	if (err->io)
		report_add(rep, SEV_UNEVAL, "io", r, "record %llu: %s",
			   r, err->msg);
	else if (err->line)
		report_add(rep, SEV_BAD, "parse", r,
			   "record %llu (line %zu, byte %llu): %s",
			   r, err->line, at, err->msg);
	else
		report_add(rep, SEV_BAD, "parse", r,
			   "record %llu at byte %llu: %s", r, at, err->msg);
	rep->cur_record = NO_RECORD;
}

/* The list, once, front to back: every check takes each record in turn. */
static void verify_list(struct ima_log *log, struct report *rep)
{
	struct ima_record r;
	struct ima_err err;
	int ret;

	rep->evaluated = 1;
	replay_begin(rep, rep->first > 0);
	while ((ret = ima_log_next(log, &r, &err)) > 0) {
		rep->cur_record = r.index;
		rep->cur_at = r.at;
		kexec_record(log, &r, rep);
		if (r.index == rep->cur.first)
			boot_aggregate_record(log, &r, rep);
		replay_record(log, &r, rep);
	}
	rep->cur_record = NO_RECORD;
	rep->nrecs = rep->first + log->nrecs;
	rep->bytes = log->offset;
	rep->format = log->format == IMA_FMT_ASCII ? "ascii" : "binary";
	rep->byteorder = log->big ? "big" : "little";
	if (ret < 0) {
		rep->incomplete = 1;
		read_error(rep, &err);
	} else if (!rep->nrecs) {
		report_add(rep, SEV_BAD, "parse", NO_RECORD, "empty log");
	}
	kexec_end(rep);
	if (!rep->nbanks) {
		rep->verified = rep->nrecs;
		return;
	}
	replay_end(rep);
	if (rep->incomplete && log->nrecs)
		report_add(rep, SEV_NOTE, "partial-replay", NO_RECORD,
			   "the %llu record(s) read before the error %s",
			   (unsigned long long)log->nrecs,
			   rep->full ? "replay to the PCRs in every bank" :
			   rep->prefix >= 0 ? "hold a prefix that replays to the PCRs: the rest are extra" :
			   "do not replay to the PCRs: records are missing or altered");
}

int main(int argc, char **argv)
{
	static struct report rep;
	static struct ima_log log;
	struct input in;
	struct opts o;
	int i, code, json = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			json = 1;
	report_init(&rep);
	if (parse_opts(argc, argv, &o, &rep)) {
		report_finish(&rep);
		if (json) {
			print_json(stdout, NULL, &rep);
		} else {
			fprintf(stderr, "imalog: %s (imalog --help shows the usage)\n",
				rep.findings[0].msg);
		}
		return EXIT_UNEVAL;
	}
	rep.source = o.log;
	rep.require_exact = o.require_exact;
	rep.allow_growth = o.allow_growth;
	load_pcrs(&o, &rep);
	if (o.quote.msg)
		quote_check(&o.quote, &rep);
	if (o.state)
		state_load(o.state, &rep);
	ima_log_init(&log, &in, o.format, o.order, rep.first, rep.bytes);
	if (rep.worst >= SEV_UNEVAL || (o.state && !rep.first)) {
		/* nothing to judge the list against, or nowhere to start */
	} else if (input_open(&in, o.log)) {
		report_add(&rep, SEV_UNEVAL, "io", NO_RECORD, "%s: %s", o.log,
			   strerror(errno));
	} else {
		verify_list(&log, &rep);
		input_close(&in);
	}
	report_finish(&rep);
	code = report_exit_code(&rep);
	if (o.save_state && (code == EXIT_OK || code == EXIT_UNPROVEN))
		state_save(o.save_state, &rep);
	code = report_exit_code(&rep);
	if (o.json)
		print_json(stdout, &log, &rep);
	else
		print_human(stdout, &log, &rep);
	ima_log_free(&log);
	return code;
}
