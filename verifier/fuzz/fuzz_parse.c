// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: parse an arbitrary buffer as a measurement list,
 * then run the kexec checks, the replay and both output formats on it.
 */
#include <stdio.h>
#include <string.h>

#include "bootagg.h"
#include "kexec.h"
#include "log.h"
#include "output.h"
#include "replay.h"
#include "report.h"

static FILE *devnull;

static void add_bank(struct report *rep, const char *name)
{
	struct bank *b = &rep->banks[rep->nbanks++];

	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	b->md = bank_md(name);
	b->size = EVP_MD_size(b->md);
	b->have = 0x7ff;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct report rep;
	struct kexec_event ev;
	struct ima_log log;
	struct ima_err err;
	char why[128];

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	kexec_parse_buf(data, size > 4096 ? 4096 : size, &ev, why, sizeof(why));
	memset(&rep, 0, sizeof(rep));
	rep.source = "fuzz";
	rep.pcr_source = "fuzz";
	rep.require_exact = size & 1;
	add_bank(&rep, "sha1");
	add_bank(&rep, "sha256");
	if (ima_log_parse(&log, data, size, IMA_ORDER_AUTO, &err) == 0) {
		kexec_check(&log, &rep);
		replay(&log, &rep);
		boot_aggregate_check(&log, &rep);
	}
	if (devnull) {
		print_human(devnull, &log, &rep);
		print_json(devnull, &log, &rep);
	}
	report_free(&rep);
	ima_log_free(&log);
	return 0;
}
