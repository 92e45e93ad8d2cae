// SPDX-License-Identifier: GPL-2.0
/*
 * imalog - strict IMA measurement list verifier.
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
#include "replay.h"
#include "report.h"

#define DEFAULT_LOG	"/sys/kernel/security/ima/binary_runtime_measurements"
#define DEFAULT_TPM	"/sys/class/tpm/tpm0"
#define MAX_LOG_BYTES	(1ul << 30)

static void usage(FILE *out)
{
	fprintf(out,
"usage: imalog [--json] [--tpm DIR | --pcrs FILE] [--require-exact]\n"
"              [--canonical | --native] [LOG]\n"
"\n"
"Verify an IMA binary measurement list against the TPM: the whole log must\n"
"replay to the PCR value in every bank, stored sha1 template digests must\n"
"match the template data, ima-buf digests must match their buffers, and\n"
"the kexec_load / kexec_execute events (label ima_kexec) must account for\n"
"every record carried across a kexec soft reboot. Each hand-over is shown\n"
"as exact (kexec_execute last, exact figures: proven complete), mainline\n"
"(records may follow kexec_execute: lower bound, the rest replay-based),\n"
"truncated (kexec_execute not carried: records lost) or no-events (the\n"
"kernel records no kexec events: completeness not provable).\n"
"\n"
"  LOG            binary measurement list\n"
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
"  --json         print one JSON object instead of the text summary\n"
"  --require-exact  every kexec_execute must be exact (its figures equal its\n"
"                 position, nothing after it before the next boot_aggregate),\n"
"                 as this project's series guarantees; a mainline-style\n"
"                 hand-over is then a failure\n"
"  --canonical    log uses the canonical (little-endian) format\n"
"  --native       log uses host byte order (default: detect; the same on\n"
"                 little-endian hosts)\n"
"  --help         show this help\n"
"\n"
"exit codes (the first that applies):\n"
"  2  unreadable or malformed input: bad log, no readable bank, a PCR named\n"
"     in the log not readable, unknown bank, malformed kexec event\n"
"  1  verification failure: PCR mismatch (missing, extra or reordered\n"
"     records), bad template or ima-buf digest, inconsistent kexec event,\n"
"     truncated carry-over, first record not a boot_aggregate,\n"
"     hand-over not exact with --require-exact\n"
"  3  the whole log replays, but a kernel without kexec events handed it\n"
"     over: carry-over completeness cannot be proven from the list\n"
"  0  every bank matches the whole log, every hand-over exact or mainline\n");
}

static uint8_t *read_all(const char *path, size_t *len, char *err,
			 size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *n;
	size_t cap = 0, got;

	*len = 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_LOG_BYTES + 1)
				cap = MAX_LOG_BYTES + 1;
			n = realloc(buf, cap);
			if (!n) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto fail;
			}
			buf = n;
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
		if (*len > MAX_LOG_BYTES) {
			snprintf(err, errlen, "%s: larger than %lu bytes", path,
				 MAX_LOG_BYTES);
			goto fail;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	return buf ? buf : malloc(1);
fail:
	fclose(f);
	free(buf);
	return NULL;
}

struct opts {
	int json;
	int require_exact;
	const char *tpm;
	const char *pcrs;
	const char *log;
	enum ima_byteorder order;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "require-exact", no_argument, NULL, 'x' },
		{ "tpm", required_argument, NULL, 't' },
		{ "pcrs", required_argument, NULL, 'p' },
		{ "canonical", no_argument, NULL, 'c' },
		{ "native", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->log = DEFAULT_LOG;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = 1;
			break;
		case 'x':
			o->require_exact = 1;
			break;
		case 't':
			o->tpm = optarg;
			break;
		case 'p':
			o->pcrs = optarg;
			break;
		case 'c':
			o->order = IMA_ORDER_CANONICAL;
			break;
		case 'n':
			o->order = IMA_ORDER_NATIVE;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (o->tpm && o->pcrs) {
		fprintf(stderr, "imalog: --tpm and --pcrs are exclusive\n");
		return -1;
	}
	if (optind < argc)
		o->log = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "imalog: too many arguments\n");
		return -1;
	}
	return 0;
}

static int load_pcrs(const struct opts *o, struct report *rep,
		     char *err, size_t errlen)
{
	int k;

	rep->nbanks = 0;
	if (o->pcrs) {
		rep->pcr_source = o->pcrs;
		if (pcrs_from_file(rep, o->pcrs, err, errlen))
			return -1;
	} else {
		rep->pcr_source = o->tpm ? o->tpm : DEFAULT_TPM;
		if (pcrs_from_tpm_dir(rep, rep->pcr_source, err, errlen))
			return -1;
	}
	for (k = 0; k < rep->nbanks; k++)
		if (rep->banks[k].have)
			return 0;
	snprintf(err, errlen, "%s: no PCR bank readable", rep->pcr_source);
	return -1;
}

/*
 * The kernel appends to the list and then extends the TPM, so a live log
 * may change between reading it and reading the PCRs. Read log, PCRs,
 * log again, and retry until the two log reads agree.
 */
static uint8_t *snapshot(const struct opts *o, struct report *rep,
			 size_t *len)
{
	char err[4400], perr[4400];
	uint8_t *buf, *again;
	size_t len2;
	int try, pret;

	for (try = 0;; try++) {
		buf = read_all(o->log, len, err, sizeof(err));
		if (!buf)
			goto fail;
		pret = load_pcrs(o, rep, perr, sizeof(perr));
		again = read_all(o->log, &len2, err, sizeof(err));
		if (!again) {
			free(buf);
			goto fail;
		}
		if (len2 == *len && memcmp(buf, again, len2) == 0) {
			free(again);
			break;
		}
		free(buf);
		if (try == 2) {
			report_add(rep, SEV_NOTE, "snapshot", -1,
				   "log kept changing while reading the PCRs");
			buf = again;
			*len = len2;
			break;
		}
		free(again);
	}
	if (pret) {
		report_add(rep, SEV_BAD, "pcr-source", -1, "%s", perr);
		rep->nbanks = 0;
	}
	return buf;
fail:
	fprintf(stderr, "imalog: %s\n", err);
	return NULL;
}

int main(int argc, char **argv)
{
	static struct report rep;
	struct ima_log log;
	struct ima_err perr;
	struct opts o;
	uint8_t *buf;
	size_t len;
	int code;

	if (parse_opts(argc, argv, &o)) {
		usage(stderr);
		return EXIT_ERROR;
	}
	rep.source = o.log;
	rep.require_exact = o.require_exact;
	buf = snapshot(&o, &rep, &len);
	if (!buf)
		return EXIT_ERROR;
	if (ima_log_parse(&log, buf, len, o.order, &perr)) {
		report_add(&rep, SEV_BAD, "parse", perr.record,
			   "record %zu at byte offset %zu: %s",
			   perr.record, perr.offset, perr.msg);
		rep.nbanks = 0;
		rep.incomplete = 1;
	} else if (log.nrecs == 0) {
		report_add(&rep, SEV_BAD, "parse", -1, "empty log");
	} else {
		if (kexec_check(&log, &rep))
			report_add(&rep, SEV_BAD, "internal", -1, "out of memory");
		replay(&log, &rep);
		boot_aggregate_check(&log, &rep);
	}
	if (o.json)
		print_json(stdout, &log, &rep);
	else
		print_human(stdout, &log, &rep);
	code = report_exit_code(&rep);
	report_free(&rep);
	ima_log_free(&log);
	free(buf);
	return code;
}
