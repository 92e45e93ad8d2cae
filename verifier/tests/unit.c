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

static void test_parse(void)
{
	uint8_t buf[1024];
	struct ima_log log;
	struct ima_err err;
	size_t n = make_ng(buf, 10), i;
	int bad = 0;

	n += make_ng(buf + n, 11);
	ok(ima_log_parse(&log, buf, n, IMA_ORDER_AUTO, &err) == 0 &&
	   log.nrecs == 2 && log.recs[1].pcr == 11 &&
	   log.recs[1].offset == n / 2 && ima_is_boot_aggregate(&log.recs[0]),
	   "two records parse");
	ima_log_free(&log);
	for (i = 1; i < n; i++) {
		if (i == n / 2)
			continue;
		if (ima_log_parse(&log, buf, i, IMA_ORDER_AUTO, &err) == 0)
			bad++;
		ima_log_free(&log);
	}
	ok(!bad, "every truncation is an error");
	ok(ima_log_parse(&log, buf, n / 2 + 3, IMA_ORDER_AUTO, &err) &&
	   err.record == 1 && err.offset == n / 2,
	   "error names record and offset");
	ima_log_free(&log);
	put32(buf + 24, 0);
	ok(ima_log_parse(&log, buf, n, IMA_ORDER_AUTO, &err),
	   "zero template name length rejected");
	ima_log_free(&log);
}

static void test_legacy_digest(void)
{
	/* 'ima' record: digest of (d[20] || name padded to 256) */
	uint8_t buf[256], pad[256] = { 0 }, want[20], got[64];
	struct ima_log log;
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
	ok(ima_log_parse(&log, buf, n, IMA_ORDER_AUTO, &err) == 0 &&
	   log.nrecs == 1 &&
	   template_digest(&log, &log.recs[0], EVP_sha1(), got) == 20 &&
	   memcmp(got, want, 20) == 0, "legacy template digest");
	ima_log_free(&log);
}

static void test_exit_codes(void)
{
	static struct report rep;
	static const enum handover_kind k[] = { HO_EXACT, HO_MAINLINE };
	struct handover h[2];

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
	ok(report_exit_code(&rep) == EXIT_ERROR, "malformed input beats all: exit 2");
	ok(!strcmp(handover_summary(&rep), "none"), "no hand-over: none");
	memset(h, 0, sizeof(h));
	h[0].kind = k[0];
	h[1].kind = k[0];
	rep.handovers = h;
	rep.nhandovers = 2;
	ok(!strcmp(handover_summary(&rep), "exact"), "two exact: exact");
	h[1].kind = k[1];
	ok(!strcmp(handover_summary(&rep), "mixed") &&
	   !strcmp(handover_certainty(HO_MAINLINE), "lower-bound") &&
	   !strcmp(handover_certainty(HO_EXACT), "proven") &&
	   !strcmp(handover_certainty(HO_NO_EVENTS), "unprovable"),
	   "mixed kinds, certainties");
	rep.handovers = NULL;
	report_free(&rep);
}

int main(void)
{
	test_kexec_buf();
	test_exit_codes();
	test_hex();
	test_split_digest();
	test_parse();
	test_legacy_digest();
	printf("1..%d\n", n_pass + n_fail);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
