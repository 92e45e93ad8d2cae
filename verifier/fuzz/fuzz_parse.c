// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: read an arbitrary buffer as a measurement list, binary
 * or ASCII (detected from the first byte, as imalog does), through every
 * per-record check and the replay, then print both output formats.
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
	static struct ima_log log;
	struct kexec_event ev;
	struct ima_record r;
	struct ima_err err;
	struct input in;
	char why[128];
	int ret;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	kexec_parse_buf(data, size > 4096 ? 4096 : size, &ev, why, sizeof(why));
	report_init(&rep);
	rep.source = "fuzz";
	rep.pcr_source = "fuzz";
	rep.require_exact = size & 1;
	rep.allow_growth = size & 2;
	add_bank(&rep, "sha1");
	add_bank(&rep, "sha256");
	input_from_mem(&in, data, size);
	ima_log_init(&log, &in, IMA_FMT_AUTO,
		     size & 4 ? IMA_ORDER_AUTO : IMA_ORDER_BIG, 0, 0);
	replay_begin(&rep, 0);
	rep.evaluated = 1;
	while ((ret = ima_log_next(&log, &r, &err)) > 0) {
		rep.cur_record = r.index;
		rep.cur_at = r.at;
		kexec_record(&log, &r, &rep);
		if (r.index == rep.cur.first)
			boot_aggregate_record(&log, &r, &rep);
		replay_record(&log, &r, &rep);
	}
	rep.nrecs = log.nrecs;
	rep.bytes = log.offset;
	rep.format = "fuzz";
	rep.byteorder = "fuzz";
	rep.incomplete = ret < 0;
	kexec_end(&rep);
	replay_end(&rep);
	report_finish(&rep);
	if (devnull) {
		print_human(devnull, &log, &rep);
		print_json(devnull, &log, &rep);
	}
	ima_log_free(&log);
	return 0;
}
