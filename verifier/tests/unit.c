// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the parser and helpers. Prints TAP. */
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "kexec.h"
#include "log.h"
#include "pcrsrc.h"
#include "report.h"

static int n_pass, n_fail;

static void ok(int cond, const char *name)
{
	int n = n_pass + n_fail + 1;

	if (cond)
		n_pass++;
	else
		n_fail++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, name);
}

static size_t put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
	return 4;
}

static size_t put(uint8_t *p, const void *s, size_t len)
{
	memcpy(p, s, len);
	return len;
}

/* One ima-ng record with an n-ng of "boot_aggregate". */
static size_t make_ng(uint8_t *p, uint32_t pcr)
{
	static const char dg[] = "sha1:";
	static const char name[] = "boot_aggregate";
	uint8_t d[20] = { 1 };
	size_t n = 0, dlen_at;

	n += put32(p + n, pcr);
	n += put(p + n, d, 20);
	n += put32(p + n, 6);
	n += put(p + n, "ima-ng", 6);
	dlen_at = n;
	n += 4;
	n += put32(p + n, sizeof(dg) + 20);
	n += put(p + n, dg, sizeof(dg));
	n += put(p + n, d, 20);
	n += put32(p + n, sizeof(name));
	n += put(p + n, name, sizeof(name));
	put32(p + dlen_at, n - dlen_at - 4);
	return n;
}

static int kbuf(const char *s, struct kexec_event *ev)
{
	char why[128];

	return kexec_parse_buf((const uint8_t *)s, strlen(s), ev, why,
			       sizeof(why));
}

#define K3(s, c)	"kexec_segment_size=" s ";ima_binary_runtime_size=24;" \
			"ima_runtime_measurements_count=" c ";"

static void test_kexec_buf(void)
{
	struct kexec_event ev;

	ok(kbuf("kexec_segment_size=4096;ima_binary_runtime_size=124;ima_runtime_measurements_count=7;", &ev) == 0 &&
	   ev.segment_size == 4096 && ev.runtime_size == 124 && ev.count == 7,
	   "kexec buffer parses (mainline's grammar)");
	ok(kbuf("a=1;kexec_segment_size=1;new_key=x-y;ima_binary_runtime_size=2;ima_runtime_measurements_count=3;", &ev) == 0 &&
	   ev.count == 3, "kexec buffer ignores unknown keys");
	ok(kbuf("ima_runtime_measurements_count=3;ima_binary_runtime_size=2;kexec_segment_size=1;", &ev) == 0 &&
	   ev.segment_size == 1 && ev.runtime_size == 2,
	   "kexec buffer keys in any order");
	ok(kbuf("", &ev), "empty kexec buffer rejected");
	ok(kbuf("segment_size=4096;log_size=100;records=7;", &ev),
	   "the old private keys are not accepted");
	ok(kbuf("kexec_segment_size=4096;ima_binary_runtime_size=100;ima_runtime_measurements_count=7", &ev),
	   "missing final ; rejected");
	ok(kbuf(K3("1", "-3"), &ev), "negative value rejected");
	ok(kbuf(K3("1", "18446744073709551616"), &ev), "u64 overflow rejected");
	ok(kbuf(K3("1", "18446744073709551615"), &ev) == 0 &&
	   ev.count == UINT64_MAX, "u64 max accepted");
	ok(kbuf("x;" K3("1", "3"), &ev), "pair without = rejected");
	ok(kbuf(K3("1", "3") "Kexec_segment_size=4;", &ev),
	   "upper-case key rejected");
	ok(kbuf(K3("1", "3") "kexec_segment_size=4;", &ev),
	   "duplicate key rejected");
	ok(kbuf(K3("1", "3") ";", &ev), "empty pair rejected");
}

static void test_hex(void)
{
	uint8_t out[4];

	ok(parse_hex("DEADbeef\n", out, 4) == 0 && out[0] == 0xde &&
	   out[3] == 0xef, "hex parses mixed case");
	ok(parse_hex("0xdeadbeef", out, 4) == 0, "hex accepts 0x");
	ok(parse_hex("deadbe", out, 4), "short hex rejected");
	ok(parse_hex("deadbeef00", out, 4), "long hex rejected");
	ok(parse_hex("deadbeeg", out, 4), "non-hex rejected");
}

static void test_split_digest(void)
{
	static const uint8_t ng[] = "sha256:\0\x01\x02";
	static const uint8_t ngv2[] = "ima:sha512:\0\x07";
	struct ima_field f = { F_D_NG, ng, sizeof(ng) - 1 };
	const uint8_t *d;
	uint32_t len;
	char algo[16];

	ok(ima_split_digest(&f, algo, sizeof(algo), &d, &len) == 0 &&
	   !strcmp(algo, "sha256") && len == 2 && d[1] == 2, "d-ng splits");
	f.data = ngv2;
	f.len = sizeof(ngv2) - 1;
	ok(ima_split_digest(&f, algo, sizeof(algo), &d, &len) == 0 &&
	   !strcmp(algo, "sha512") && len == 1, "d-ngv2 splits");
	f.data = (const uint8_t *)"sha256";
	f.len = 6;
	ok(ima_split_digest(&f, algo, sizeof(algo), &d, &len),
	   "digest without NUL rejected");
}

/* Read every record of buf: how many, or -1 with err set. */
static long parse_all(const uint8_t *buf, size_t len, struct ima_log *log,
		      struct ima_record *last, struct ima_err *err)
{
	static struct input in;
	struct ima_record r;
	long n = 0;
	int ret;

	input_from_mem(&in, buf, len);
	ima_log_init(log, &in, IMA_FMT_AUTO, IMA_ORDER_AUTO, 0, 0);
	while ((ret = ima_log_next(log, &r, err)) > 0) {
		*last = r;
		n++;
	}
	return ret < 0 ? -1 : n;
}

static void test_parse(void)
{
	static struct ima_log log;
	uint8_t buf[1024];
	struct ima_record r;
	struct ima_err err;
	size_t n = make_ng(buf, 10), i;
	int bad = 0;

	n += make_ng(buf + n, 11);
	ok(parse_all(buf, n, &log, &r, &err) == 2 && r.pcr == 11 &&
	   r.offset == n / 2 && r.index == 1, "two records parse");
	ima_log_free(&log);
	for (i = 1; i < n; i++) {
		if (i == n / 2)
			continue;
		if (parse_all(buf, i, &log, &r, &err) >= 0)
			bad++;
		ima_log_free(&log);
	}
	ok(!bad, "every truncation is an error");
	ok(parse_all(buf, n / 2 + 3, &log, &r, &err) < 0 &&
	   err.record == 1 && err.offset == n / 2,
	   "error names the record and its start offset");
	ima_log_free(&log);
	put32(buf + 24, 0);
	ok(parse_all(buf, n, &log, &r, &err) < 0,
	   "zero template name length rejected");
	ima_log_free(&log);
}

/* The same records big-endian: detected, and forced with --endian. */
static void test_big_endian(void)
{
	static struct ima_log log;
	static struct input in;
	uint8_t buf[1024];
	struct ima_record r;
	struct ima_err err;
	size_t n = make_ng(buf, 10), i;
	int ret;

	/* every u32 of make_ng's record: pcr, name length, data length, fields */
	static const size_t at[] = { 0, 24, 34, 38, 68 };

	for (i = 0; i < ARRAY_SIZE(at); i++) {
		uint32_t v;

		memcpy(&v, buf + at[i], 4);
		v = __builtin_bswap32(v);
		memcpy(buf + at[i], &v, 4);
	}
	ok(parse_all(buf, n, &log, &r, &err) == 1 && log.big && r.pcr == 10 &&
	   ima_is_boot_aggregate(&r), "big-endian list detected");
	ima_log_free(&log);
	input_from_mem(&in, buf, n);
	ima_log_init(&log, &in, IMA_FMT_BINARY, IMA_ORDER_LITTLE, 0, 0);
	ret = ima_log_next(&log, &r, &err);
	ok(ret < 0, "big-endian list read as little-endian is an error");
	ima_log_free(&log);
}

static void test_ascii(void)
{
	static const char good[] =
		"10 0000000000000000000000000000000000000000 ima-ng sha256:00 /a\n"
		" 9 0000000000000000000000000000000000000000 ima-sig sha1:01 /b_c \n";
	static struct ima_log log;
	struct ima_record r;
	struct ima_err err;

	ok(parse_all((const uint8_t *)good, sizeof(good) - 1, &log, &r,
		     &err) == 2 && log.format == IMA_FMT_ASCII && r.pcr == 9 &&
	   r.ename_len == 4 && !memcmp(r.ename, "/b_c", 4),
	   "ASCII list: PCR below 10, empty signature");
	ima_log_free(&log);
	ok(parse_all((const uint8_t *)good, sizeof(good) - 2, &log, &r,
		     &err) < 0 && err.line == 2, "ASCII line without newline");
	ima_log_free(&log);
}

static void test_legacy_digest(void)
{
	/* 'ima' record: digest of (d[20] || name padded to 256) */
	uint8_t buf[256], pad[256] = { 0 }, want[20], got[64];
	static struct ima_log log;
	struct ima_record r;
	struct ima_err err;
	uint8_t d[20];
	size_t n = 0;

	memset(d, 0xab, sizeof(d));
	memcpy(pad, "/bin/sh", 7);
	hash_buf(EVP_sha1(), d, 20, pad, 256, want);
	n += put32(buf + n, 10);
	n += put(buf + n, want, 20);
	n += put32(buf + n, 3);
	n += put(buf + n, "ima", 3);
	n += put(buf + n, d, 20);
	n += put32(buf + n, 7);
	n += put(buf + n, "/bin/sh", 7);
	ok(parse_all(buf, n, &log, &r, &err) == 1 &&
	   template_digest(&log, &r, EVP_sha1(), got) == 20 &&
	   memcmp(got, want, 20) == 0, "legacy template digest");
	ima_log_free(&log);
}

static void test_exit_codes(void)
{
	static struct report rep;

	report_init(&rep);
	report_finish(&rep);
	ok(report_exit_code(&rep) == EXIT_OK, "no findings: exit 0");
	report_add(&rep, SEV_NOTE, "x", -1, "note");
	ok(report_exit_code(&rep) == EXIT_OK, "a note: exit 0");
	report_add(&rep, SEV_UNPROVEN, "carry-over-unproven", 3, "unproven");
	ok(report_exit_code(&rep) == EXIT_UNPROVEN, "unproven: exit 3");
	report_add(&rep, SEV_FAIL, "pcr-mismatch", -1, "fail");
	ok(report_exit_code(&rep) == EXIT_FAIL, "a failure beats unproven: exit 1");
	report_add(&rep, SEV_UNPROVEN, "carry-over-unproven", 5, "unproven");
	ok(report_exit_code(&rep) == EXIT_FAIL, "unproven after a failure: exit 1");
	report_add(&rep, SEV_BAD, "parse", -1, "bad");
	ok(report_exit_code(&rep) == EXIT_ERROR, "malformed input beats a failure: exit 2");
	report_add(&rep, SEV_UNEVAL, "io", -1, "bad");
	ok(report_exit_code(&rep) == EXIT_UNEVAL, "not evaluated beats all: exit 4");
	ok(!strcmp(handover_summary(&rep), "none"), "no hand-over: none");
	rep.nrecs = rep.verified = 20;
	rep.nhandovers = 2;
	rep.handovers[0].kind = HO_EXACT;
	rep.handovers[0].record = 5;
	rep.handovers[1].kind = HO_EXACT;
	rep.handovers[1].record = 10;
	ok(!strcmp(handover_summary(&rep), "exact"), "two exact: exact");
	rep.handovers[1].kind = HO_MAINLINE;
	ok(!strcmp(handover_summary(&rep), "mixed") &&
	   !strcmp(handover_certainty(HO_MAINLINE), "lower-bound") &&
	   !strcmp(handover_certainty(HO_EXACT), "proven") &&
	   !strcmp(handover_certainty(HO_NO_EVENTS), "unprovable"),
	   "mixed kinds, certainties");
	rep.verified = 8;
	ok(!strcmp(handover_summary(&rep), "exact"),
	   "a hand-over after the verified prefix is not judged");
}

/* --allow-growth: findings after the verified prefix do not count */
static void test_growth_findings(void)
{
	static struct report rep;

	report_init(&rep);
	rep.nrecs = 10;
	rep.verified = 6;
	report_add(&rep, SEV_FAIL, "template-digest", 7, "after the match");
	report_add(&rep, SEV_UNPROVEN, "carry-over-unproven", 2, "before");
	report_finish(&rep);
	ok(report_exit_code(&rep) == EXIT_UNPROVEN && rep.unjudged == 1 &&
	   rep.nfindings == 1, "findings past the prefix are not judged");
	report_init(&rep);
	rep.nrecs = 10;
	rep.verified = 6;
	report_add(&rep, SEV_BAD, "parse", 8, "malformed tail");
	report_finish(&rep);
	ok(report_exit_code(&rep) == EXIT_ERROR,
	   "a malformed tail still counts");
}

int main(void)
{
	test_kexec_buf();
	test_exit_codes();
	test_hex();
	test_split_digest();
	test_growth_findings();
	test_parse();
	test_big_endian();
	test_ascii();
	test_legacy_digest();
	printf("1..%d\n", n_pass + n_fail);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
