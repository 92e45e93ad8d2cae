#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Scenario tests for imalog. Prints TAP and 'N passed, N failed'."""
import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import imagen as g  # noqa: E402

IMALOG = None
TMP = None
results = []


def run(args):
    p = subprocess.run([IMALOG] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode(errors="replace"), \
        p.stderr.decode(errors="replace")


def setup(name, log, pcrs=None, banks=("sha1", "sha256")):
    """Write log bytes and a TPM dir; return (logpath, tpmdir)."""
    d = os.path.join(TMP, name)
    os.makedirs(d)
    lp = os.path.join(d, "log")
    data = log.bytes() if isinstance(log, g.Log) else log
    with open(lp, "wb") as f:
        f.write(data)
    tpm = os.path.join(d, "tpm")
    os.makedirs(tpm)
    if pcrs is None and isinstance(log, g.Log):
        pcrs = log.replay(banks)
    if pcrs is not None:
        g.write_tpm(tpm, pcrs)
    return lp, tpm


def check(name, log, want, pcrs=None, extra=(), expect=(), banks=None,
          tpm=None):
    kw = {} if banks is None else {"banks": banks}
    lp, tpmdir = setup(name, log, pcrs, **kw)
    args = ["--tpm", tpm if tpm else tpmdir] + list(extra) + [lp]
    code, out, err = run(args)
    ok = code == want
    why = "exit %d, want %d" % (code, want)
    for s in expect:
        if s not in out:
            ok = False
            why += "; missing %r" % s
    jcode, jout, _ = run(["--json"] + args)
    try:
        j = json.loads(jout)
        if j["exit_code"] != code or jcode != code:
            ok = False
            why += "; json exit code differs"
    except (ValueError, KeyError) as e:
        ok = False
        why += "; bad json: %s" % e
        j = None
    results.append((name, ok, why, out + err))
    return j


def base_log(ba="sha256"):
    log = g.Log()
    log.add(g.boot_aggregate(ba),
            g.ng("/usr/bin/bash"),
            g.ng("/usr/lib/libc.so.6"),
            g.sig("/usr/bin/kexec"),
            g.buf("kexec-cmdline", b"root=/dev/vda console=ttyS0"))
    return log


def multi_hop(ba="sha256"):
    log = base_log(ba)
    log.kexec("kexec_load")
    log.add(g.ng("/etc/passwd"))
    log.kexec("kexec_execute")
    log.add(g.boot_aggregate(ba), g.ng("/usr/sbin/init"))
    log.kexec("kexec_load", segment_size=2 << 20)
    log.kexec("kexec_execute", segment_size=2 << 20)
    log.add(g.boot_aggregate(ba), g.ng("/usr/bin/ls"))
    return log


def t_basic():
    j = check("single boot", base_log(), 0, expect=["verdict: OK"])
    if j and (len(j["kernels"]) != 1 or j["verdict"] != "ok"):
        results[-1] = (results[-1][0], False, "json kernels/verdict", "")


def t_multi_hop():
    j = check("multi-hop kexec (exact hand-over)", multi_hop(), 0,
              expect=["kernels: 3", "kexec_execute kexec_segment_size=",
                      "hand-over: exact", "nothing lost (proven)"])
    if j and (len(j["kernels"]) != 3 or len(j["kexec_events"]) != 4 or
              j["kernels"][1]["first"] != 8 or
              any(k["boot_aggregate"] != "match" for k in j["kernels"]) or
              j["handover"] != "exact" or
              [(h["kind"], h["certainty"], h["kexec_execute"])
               for h in j["handovers"]] != [("exact", "proven", 7),
                                            ("exact", "proven", 11)]):
        results[-1] = (results[-1][0], False, "json kernels/events wrong",
                       json.dumps(j))
    ev = j["kexec_events"][1] if j else {}
    # ima_binary_runtime_size = 24-byte header + the records before it
    log = multi_hop()
    want = 24 + sum(len(r.serialize()) for r in log.recs[:7])
    ok = ev.get("ima_binary_runtime_size") == want and \
        ev.get("ima_runtime_measurements_count") == 7 and \
        ev.get("kexec_segment_size") == 1 << 20 and ev.get("exact") is True \
        and not any(k in ev for k in ("segment_size", "log_size", "records"))
    results.append(("json kexec event fields mirror mainline's keys", ok,
                    json.dumps(ev), ""))


def t_truncated():
    data = multi_hop().bytes()
    check("truncated mid-record", data[:-7], 2,
          pcrs=multi_hop().replay(), expect=["truncated record"])
    check("truncated in header", data[:len(data) - 1], 2,
          pcrs=multi_hop().replay())


def t_lying_lengths():
    log = base_log()
    good = log.bytes()
    r = log.recs[1].serialize()
    off = len(log.recs[0].serialize())
    # data length larger than what is left
    bad = bytearray(good)
    name_len = len(log.recs[1].tname)
    dl_off = off + 4 + 20 + 4 + name_len
    bad[dl_off:dl_off + 4] = g.u32(len(good))
    check("lying data length", bytes(bad), 2, pcrs=log.replay())
    bad = bytearray(good)
    bad[off + 24:off + 28] = g.u32(0x7fffffff)
    check("lying name length", bytes(bad), 2, pcrs=log.replay())
    # field length inside template data lies
    bad = bytearray(good)
    bad[dl_off + 4:dl_off + 8] = g.u32(len(r))
    check("lying field length", bytes(bad), 2, pcrs=log.replay())
    bad = bytearray(good)
    bad[off:off + 4] = g.u32(1000)
    check("pcr index out of range", bytes(bad), 2, pcrs=log.replay())


def t_unknown_template():
    log = base_log()
    log.add(g.generic("my-tmpl", [b"abc", b"", b"\x01\x02"]))
    check("unknown template", log, 0, expect=["generic"])
    log = base_log()
    log.add(g.generic("d-ng|n-ng|iuid", [b"sha256:\0" + b"\1" * 32,
                                          b"/x\0", b"\0\0\0\0"]))
    j = check("custom template format", log, 0)
    if j and any(t["generic"] for t in j["templates"]):
        results[-1] = (results[-1][0], False, "custom fmt parsed generic", "")
    log = base_log()
    log.add(g.generic("ima-ng", [b"sha256:\0" + b"\1" * 32]))
    check("ima-ng with wrong field count", log, 2)


def t_boot_aggregate():
    log = multi_hop()
    log.recs[8] = g.boot_aggregate(value=b"\x05" * 32)
    j = check("boot_aggregate mismatch is a note", log, 0,
              expect=["does not match the TPM's PCRs 0-9",
                      "differs from the first kernel's"])
    if j and [k["boot_aggregate"] for k in j["kernels"]] != \
            ["match", "mismatch", "match"]:
        results[-1] = (results[-1][0], False, "json boot_aggregate states",
                       json.dumps(j["kernels"]))
    j = check("sha1 boot_aggregate (PCRs 0-7)", multi_hop("sha1"), 0)
    if j and any(k["boot_aggregate"] != "match" for k in j["kernels"]):
        results[-1] = (results[-1][0], False, "sha1 boot_aggregate",
                       json.dumps(j["kernels"]))


def t_violations():
    log = base_log()
    log.add(g.violation("/var/log/open-writers"), g.ng("/x"),
            g.violation("/tmp/tomtou", algo="sha1"))
    check("violations", log, 0, expect=["2 violations"])


def t_missing_extra_reordered():
    full = multi_hop()
    pcrs = full.replay()
    log = multi_hop()
    del log.recs[2]
    check("missing record", log, 1, pcrs=pcrs, expect=["MISMATCH"])
    log = multi_hop()
    log.add(g.ng("/extra"))
    check("extra record", log, 1, pcrs=pcrs, expect=["MISMATCH"])
    log = multi_hop()
    log.recs[1], log.recs[2] = log.recs[2], log.recs[1]
    check("reordered records", log, 1, pcrs=pcrs, expect=["MISMATCH"])


def truncated_multi_hop():
    """multi_hop() whose first hand-over lost the record after kexec_load
    and the kexec_execute: the carried list lost its tail."""
    log = base_log()
    log.kexec("kexec_load")
    log.lose(g.ng("/etc/passwd"))
    log.kexec("kexec_execute")
    log.recs[-1].lost = True
    log.add(g.boot_aggregate(), g.ng("/usr/sbin/init"))
    log.kexec("kexec_load", segment_size=2 << 20)
    log.kexec("kexec_execute", segment_size=2 << 20)
    log.add(g.boot_aggregate(), g.ng("/usr/bin/ls"))
    return log


def t_truncated_carry_over():
    log = truncated_multi_hop()
    check("truncated carry-over (TPM has all)", log, 1,
          expect=["truncated carry-over", "kexec_load at record 5",
                  "MISMATCH"])
    j = check("truncated carry-over (PCRs consistent)", log, 1,
              pcrs=log.replay(include_lost=False),
              expect=["truncated carry-over: records missing before record 6",
                      "hand-over: mixed", "the tail of the list was lost"])
    if j and [h["kind"] for h in j["handovers"]] != ["truncated", "exact"]:
        results[-1] = (results[-1][0], False, "handover kinds",
                       json.dumps(j["handovers"]))
    log = base_log()
    log.add(g.boot_aggregate(), g.ng("/y"))
    j = check("second boot without kexec events: unproven (exit 3)", log, 3,
              expect=["carry-over unproven", "hand-over: no-events",
                      "verdict: UNPROVEN (exit 3)"])
    if j and (j["verdict"] != "unproven" or
              [(f["severity"], f["kind"], f["record"]) for f in j["findings"]]
              != [("unproven", "carry-over-unproven", 5)] or
              j["handovers"][0]["certainty"] != "unprovable"):
        results[-1] = (results[-1][0], False, "json unproven",
                       json.dumps(j))
    full = g.sample_no_events()
    log = g.sample_no_events()
    del log.recs[2]
    check("no events, record lost: replay fails (exit 1)", log, 1,
          pcrs=full.replay(), expect=["MISMATCH", "carry-over unproven"])
    log = g.sample_no_events()
    log.add(g.buf("kexec_load", b"kexec_segment_size=1;"))
    check("no events before, malformed event after: exit 2", log, 2)


def t_bad_buf_digest():
    log = base_log()
    r = g.buf("kexec-cmdline", b"abc")
    r.data = g.dng("sha256", g.H("sha256", b"abd")) + g.nng("kexec-cmdline") \
        + g.field(b"abc")
    log.add(r)
    check("bad ima-buf digest", log, 1, expect=["not the hash of the buf"])
    log = multi_hop()
    r = log.recs[5]
    r.data = r.data.replace(b"measurements_count=5;",
                            b"measurements_count=6;")
    check("kexec_load lies about its count (digest stale)", log, 1)


def t_kexec_rules():
    log = base_log()
    log.kexec("kexec_execute", count=9)
    log.add(g.boot_aggregate())
    check("kexec_execute count ahead of its index", log, 1,
          expect=["ima_runtime_measurements_count=9"])
    log = base_log()
    log.kexec("kexec_execute", size=24 + log.size() + 1)
    log.add(g.boot_aggregate())
    check("kexec_execute size ahead of its offset", log, 1,
          expect=["ima_binary_runtime_size="])
    log = base_log()
    log.kexec("kexec_execute", size=12)
    log.add(g.boot_aggregate())
    check("ima_binary_runtime_size below the 24-byte header", log, 1,
          expect=["less than the 24-byte header"])
    log = base_log()
    log.kexec("kexec_execute", size=log.size())
    log.add(g.boot_aggregate())
    j = check("size without the header is a lower bound (mainline)", log, 0,
              expect=["hand-over: mainline"])
    check("... and not exact with --require-exact", log, 1,
          extra=["--require-exact"], expect=["not exact"])
    log = base_log()
    log.kexec("kexec_execute", count=3)
    log.add(g.boot_aggregate())
    check("kexec_execute count behind its index: mainline, exit 0", log, 0,
          expect=["hand-over: mainline", "figures a lower bound"])
    check("kexec_execute count behind its index, --require-exact", log, 1,
          extra=["--require-exact"], expect=["not exact"])
    log = base_log()
    log.kexec("kexec_load", count=1, size=60)
    check("kexec_load figures may lag (others measured meanwhile)", log, 0)
    log = base_log()
    log.kexec("kexec_load", count=99)
    check("kexec_load count ahead of its index", log, 1,
          expect=["ima_runtime_measurements_count=99"])
    log = base_log()
    log.kexec("kexec_execute")
    log.add(g.ng("/z"), g.boot_aggregate())
    j = check("records after kexec_execute: mainline hand-over", log, 0,
              expect=["hand-over: mainline", "1 record after it"])
    if j and (j["handovers"][0]["records_after_execute"] != 1 or
              j["handovers"][0]["certainty"] != "lower-bound"):
        results[-1] = (results[-1][0], False, "json mainline hand-over",
                       json.dumps(j["handovers"]))
    check("records after kexec_execute, --require-exact", log, 1,
          extra=["--require-exact"], expect=["follow kexec_execute"])
    check("exact hand-over passes --require-exact", multi_hop(), 0,
          extra=["--require-exact"])
    log = base_log()
    log.kexec("kexec_load", extra=b"future_key=abc;")
    check("unknown kexec key ignored", log, 0)
    log = base_log()
    log.kexec("kexec_execute")
    check("kexec_execute as last record", log, 0)
    ok3 = b"kexec_segment_size=1;ima_binary_runtime_size=24;"
    for bad in (ok3,
                ok3 + b"ima_runtime_measurements_count=0",
                ok3 + b"ima_runtime_measurements_count=x;",
                ok3 + b"ima_runtime_measurements_count=-1;",
                ok3 + b"ima_runtime_measurements_count=0;"
                b"ima_runtime_measurements_count=0;",
                ok3 + b"ima_runtime_measurements_count=0;=4;",
                ok3 + b"ima_runtime_measurements_count=0;\0",
                b"segment_size=1;log_size=2;records=3;",
                b"kexec_segment_size=99999999999999999999999;"
                b"ima_binary_runtime_size=24;"
                b"ima_runtime_measurements_count=0;"):
        log = base_log()
        log.add(g.buf("kexec_load", bad))
        check("malformed kexec buffer %r" % bad, log, 2)


def t_mixed_kinds():
    """A kernel without events kexec'd into the series: one hand-over of
    each kind; --require-exact does not turn no-events into a failure."""
    log = g.Log()
    log.add(g.boot_aggregate(), g.ng("/deb612/init"))
    log.add(g.boot_aggregate(), g.ng("/series/init"))
    log.kexec("kexec_load")
    log.add(g.ng("/after-load"))
    log.kexec("kexec_execute")
    log.add(g.boot_aggregate(), g.ng("/last"))
    j = check("no-events then exact: mixed, exit 3", log, 3,
              expect=["hand-over: mixed", "no-events", "exact"])
    if j and ([(h["kind"], h["certainty"]) for h in j["handovers"]] !=
              [("no-events", "unprovable"), ("exact", "proven")] or
              j["handover"] != "mixed"):
        results[-1] = (results[-1][0], False, "json mixed",
                       json.dumps(j["handovers"]))
    j = check("no-events then exact, --require-exact: exit 1", log, 1,
              extra=["--require-exact"], expect=["recorded no kexec events"])
    if j and [(f["severity"], f["kind"], f["record"]) for f in j["findings"]] \
            != [("fail", "handover-not-exact", 2)]:
        results[-1] = (results[-1][0], False, "json findings",
                       json.dumps(j["findings"]))
    log = g.Log()
    log.add(g.legacy("boot_aggregate", b"agg"), g.legacy("/bin/sh"))
    log.kexec("kexec_load")
    log.kexec("kexec_execute", size=24)
    log.add(g.legacy("boot_aggregate", b"agg"))
    j = check("legacy 'ima' records before the events: size not compared",
              log, 0, expect=["ima_binary_runtime_size not compared",
                              "hand-over: exact"])


def t_mainline():
    """Mainline (6.16+) hand-overs: kexec_execute figures a lower bound,
    records carried after it. Complete lists pass; lost, extra, reordered
    and truncated records still fail."""
    j = check("mainline 3-kernel list: exit 0", g.sample_mainline(), 0,
              expect=["hand-over: mainline", "verdict: OK"])
    if j and ([(h["kind"], h["certainty"], h["records_after_execute"])
               for h in j["handovers"]] !=
              [("mainline", "lower-bound", 2), ("mainline", "lower-bound", 1)]
              or j["findings"]):
        results[-1] = (results[-1][0], False, "json mainline",
                       json.dumps(j))
    check("mainline list with --require-exact: exit 1", g.sample_mainline(),
          1, extra=["--require-exact"])
    full = g.sample_mainline()
    pcrs = full.replay()
    log = g.sample_mainline()
    del log.recs[3]
    check("mainline: lost record before kexec_execute", log, 1, pcrs=pcrs,
          expect=["MISMATCH"])
    log = g.sample_mainline()
    del log.recs[9]
    check("mainline: lost record after kexec_execute", log, 1, pcrs=pcrs,
          expect=["MISMATCH"])
    log = g.sample_mainline()
    log.recs.insert(10, g.ng("/extra"))
    check("mainline: extra record", log, 1, pcrs=pcrs, expect=["MISMATCH"])
    log = g.sample_mainline()
    log.recs[9], log.recs[10] = log.recs[10], log.recs[9]
    check("mainline: reordered records", log, 1, pcrs=pcrs,
          expect=["MISMATCH"])
    # the copy ran out of room: kexec_execute and what follows are lost
    log = g.sample_mainline(lose="execute")
    j = check("mainline: truncated at kexec_execute (TPM has all)", log, 1,
              expect=["truncated carry-over", "MISMATCH"])
    if j and [h["kind"] for h in j["handovers"]] != ["truncated",
                                                     "mainline"]:
        results[-1] = (results[-1][0], False, "handover kinds",
                       json.dumps(j["handovers"]))
    check("mainline: truncated at kexec_execute (PCRs consistent)",
          log, 1, pcrs=log.replay(include_lost=False),
          expect=["truncated carry-over: records missing before record 8"])
    # lost after kexec_execute: only the TPM knows
    log = g.sample_mainline(lose="tail")
    check("mainline: tail after kexec_execute lost (TPM has all)", log, 1,
          expect=["MISMATCH"])
    check("mainline: tail after kexec_execute lost, PCRs consistent: "
          "lower bound, not detectable", log, 0,
          pcrs=log.replay(include_lost=False),
          expect=["after it only the PCR replay checks (lower bound)"])


def t_banks():
    log = multi_hop()
    pcrs = log.replay(("sha1", "sha256", "sha384", "sha512"))
    check("four banks", log, 0, pcrs=pcrs)
    pcrs = log.replay()
    pcrs["sha256"][10] = b"\x11" * 32
    j = check("one bank mismatching", log, 1, pcrs=pcrs,
              expect=["sha1   PCR 10: match", "sha256 PCR 10: MISMATCH"])
    if j:
        m = {b["bank"]: b["pcrs"][0]["match"] for b in j["banks"]}
        if m != {"sha1": True, "sha256": False}:
            results[-1] = (results[-1][0], False, "json bank match %r" % m, "")
    lp, tpm = setup("no bank readable", log, pcrs={})
    code, out, _ = run(["--tpm", tpm, lp])
    results.append(("no bank readable", code == 2, "exit %d" % code, out))
    os.makedirs(os.path.join(tpm, "pcr-sha256"))
    code, out, _ = run(["--tpm", tpm, lp])
    results.append(("empty bank dir", code == 2, "exit %d" % code, out))
    lp, tpm = setup("unknown bank", log)
    os.makedirs(os.path.join(tpm, "pcr-sm3_256"))
    code, out, _ = run(["--tpm", tpm, lp])
    results.append(("unknown bank dir", code == 2 and "pcr-sm3_256" in out,
                    "exit %d" % code, out))
    log = base_log()
    log.add(g.ng("/pcr11", pcr=11))
    pcrs = log.replay()
    del pcrs["sha256"][11]
    lp, tpm = setup("pcr not readable", log, pcrs=pcrs)
    os.remove(os.path.join(tpm, "pcr-sha256", "11"))
    code, out, _ = run(["--tpm", tpm, lp])
    results.append(("PCR named in log not readable", code == 2,
                    "exit %d" % code, out))
    lp, tpm = setup("nonexistent tpm", log)
    code, out, _ = run(["--tpm", tpm + "/nope", lp])
    results.append(("nonexistent tpm dir: not evaluated (exit 4)", code == 4,
                    "exit %d" % code, out))


def t_pcrs_file():
    log = multi_hop()
    log.add(g.ng("/pcr11", pcr=11))
    pcrs = log.replay(("sha1", "sha256", "sha384"))
    for style in ("simple", "tpm2"):
        lp, _ = setup("pcrs file " + style, log)
        pf = lp + ".pcrs"
        g.write_pcrs_file(pf, pcrs, style)
        code, out, _ = run(["--pcrs", pf, lp])
        results.append(("--pcrs %s format" % style, code == 0,
                        "exit %d" % code, out))
    with open(pf, "a") as f:
        f.write("bogus line\n")
    code, out, _ = run(["--pcrs", pf, lp])
    results.append(("--pcrs bad line", code == 2, "exit %d" % code, out))


def t_misc():
    log = g.Log()
    log.add(g.legacy("boot_aggregate", b"agg"), g.legacy("/bin/sh"),
            g.legacy("/" + "x" * 254))
    check("legacy ima template", log, 0)
    log = base_log()
    log.add(g.ng("/a", pcr=11), g.ng("/b", pcr=11))
    check("two PCRs", log, 0, expect=["PCR 11: match"])
    check("--canonical", base_log(), 0, extra=["--canonical"])
    check("--native", base_log(), 0, extra=["--native"])
    log = base_log()
    log.recs[2].digest_override = b"\x42" * 20
    check("stored sha1 digest disagrees", log, 1,
          expect=["stored sha1 template digest"])
    log = base_log()
    del log.recs[0]
    check("first record not boot_aggregate", log, 1)
    lp, tpm = setup("missing log", base_log())
    code, out, _ = run(["--tpm", tpm, os.path.join(TMP, "missing-log")])
    results.append(("missing log file: not evaluated (exit 4)", code == 4,
                    "exit %d" % code, out))
    code, out, _ = run(["--help"])
    results.append(("--help", code == 0 and "exit codes" in out,
                    "exit %d" % code, out))
    code, out, err = run(["--bogus"])
    results.append(("bad option: exit 4", code == 4 and "--bogus" in err,
                    "exit %d" % code, out + err))


def subset_of(j, keys=("records", "bytes", "violations", "complete",
                       "handover", "handovers", "kexec_events", "kernels",
                       "verdict", "exit_code")):
    return {k: j.get(k) for k in keys}


def t_input():
    """One read of the list: a pipe, process substitution, ASCII, and
    big-endian lists give the same answer as the binary file."""
    log = multi_hop()
    log.add(g.legacy("/bin/legacy"), g.sig("/usr/bin/signed"),
            g.violation("/tmp/violated"), g.ng("/pcr11", pcr=11))
    lp, tpm = setup("stream", log)
    code, out, _ = run(["--json", "--tpm", tpm, lp])
    want = subset_of(json.loads(out))
    results.append(("stream: reference run exits 0", code == 0,
                    "exit %d" % code, out))
    code, out = run_stdin(["--json", "--tpm", tpm, "-"], lp)
    j = json.loads(out)
    results.append(("stream: - reads standard input (a pipe)",
                    code == 0 and subset_of(j) == want and j["log"] == "-",
                    "exit %d" % code, out))
    r, w = os.pipe()
    p = subprocess.Popen([IMALOG, "--json", "--tpm", tpm, "/dev/fd/%d" % r],
                         pass_fds=(r,), stdout=subprocess.PIPE)
    os.close(r)
    with os.fdopen(w, "wb") as f:
        f.write(log.bytes())
    out = p.communicate(timeout=60)[0].decode()
    results.append(("stream: process substitution (/dev/fd/N)",
                    p.returncode == 0 and subset_of(json.loads(out)) == want,
                    "exit %d" % p.returncode, out))
    ap = lp + ".ascii"
    with open(ap, "wb") as f:
        f.write(log.ascii())
    code, out, _ = run(["--json", "--tpm", tpm, ap])
    j = json.loads(out)
    results.append(("ASCII list: same records, bytes, hand-overs, verdict",
                    subset_of(j) == want and j["format"] == "ascii",
                    "exit %d" % code, out))
    code, out, _ = run(["--tpm", tpm, "--format", "binary", ap])
    results.append(("ASCII list read as --format binary: exit 2", code == 2,
                    "exit %d" % code, out))
    bad = log.ascii().replace(b"ima-ng sha256:", b"ima-ng sha256:zz", 1)
    with open(ap, "wb") as f:
        f.write(bad)
    code, out, _ = run(["--tpm", tpm, ap])
    results.append(("ASCII list with a bad hex digest: exit 2, line named",
                    code == 2 and "(line 1, byte 0)" in out,
                    "exit %d" % code, out))
    bp, btpm = setup("big-endian", log.bytes(big=True),
                     pcrs=log.replay(big=True))
    code, out, _ = run(["--json", "--tpm", btpm, bp])
    j = json.loads(out)
    results.append(("big-endian list detected",
                    code == 0 and j["byteorder"] == "big" and
                    j["records"] == want["records"], "exit %d" % code, out))
    code, out, _ = run(["--tpm", btpm, "--endian", "big", bp])
    results.append(("big-endian list, --endian big", code == 0,
                    "exit %d" % code, out))
    code, out, _ = run(["--tpm", btpm, "--endian", "little", bp])
    results.append(("big-endian list read as --endian little: exit 2",
                    code == 2 and "pcr index" in out, "exit %d" % code, out))
    code, out, _ = run(["--tpm", tpm, "--endian", "middle", lp])
    results.append(("--endian middle: usage, exit 4", code == 4,
                    "exit %d" % code, out))


def t_growth():
    """--allow-growth: the PCRs were read when the list had 9 records."""
    log = g.sample_mainline()
    listed = log.listed()
    at = 9
    pcrs = g.Log().add(*listed[:at]).replay()
    j = check("grown list without --allow-growth: exit 1", log, 1,
              pcrs=pcrs, expect=["the TPM matched after record 8",
                                 "the %d after it are extra"
                                 % (len(listed) - at)])
    if j and (j["replay"]["match"] != "prefix" or
              j["replay"]["matched_after"] != at or
              [(f["kind"], f.get("bank"), f.get("pcr"))
               for f in j["findings"]] !=
              [("pcr-mismatch", "sha1", 10), ("pcr-mismatch", "sha256", 10),
               ("extra-records", None, None)]):
        results[-1] = (results[-1][0], False, "json", json.dumps(j))
    j = check("grown list with --allow-growth: exit 0", log, 0, pcrs=pcrs,
              extra=["--allow-growth"],
              expect=["every bank matches after record 8; %d records "
                      "after it not verified" % (len(listed) - at),
                      "after the PCRs were read: listed, not judged"])
    if j and (j["replay"]["verified_records"] != at or
              j["replay"]["unverified_records"] != len(listed) - at or
              [h["verified"] for h in j["handovers"]] != [False, False] or
              [e["verified"] for e in j["kexec_events"]] !=
              [True, True, False, False] or j["handover"] != "none" or
              [f["kind"] for f in j["findings"]] != ["growth"]):
        results[-1] = (results[-1][0], False, "json", json.dumps(j))
    bad = g.sample_mainline()
    bad.recs[12].digest_override = b"\x42" * 20
    j = check("growth: a bad record after the match is not judged", bad, 0,
              pcrs=g.Log().add(*bad.listed()[:at]).replay(),
              extra=["--allow-growth"])
    if j and j["findings_unjudged"] != 1:
        results[-1] = (results[-1][0], False, "json", json.dumps(j))
    bad = g.sample_mainline()
    bad.recs[3].digest_override = b"\x42" * 20
    check("growth: a bad record before the match fails", bad, 1,
          pcrs=g.Log().add(*bad.listed()[:at]).replay(),
          extra=["--allow-growth"], expect=["stored sha1 template digest"])
    log2 = g.sample_mainline()
    del log2.recs[2]
    check("growth: no prefix matches: exit 1", log2, 1, pcrs=pcrs,
          extra=["--allow-growth"],
          expect=["no prefix of the list replays to the TPM's value"])
    check("growth: the whole list matches: exit 0", log, 0,
          extra=["--allow-growth"],
          expect=["every bank matches after the last record"])
    j = check("growth: --require-exact judges only the verified prefix",
              g.sample_multi_hop(), 0, extra=["--allow-growth",
                                              "--require-exact"])


def t_diagnosis():
    log = multi_hop()
    full = log.replay()
    del log.recs[3]
    j = check("missing record: never matched, records missing", log, 1,
              pcrs=full, expect=["records are missing or altered"])
    if j and [f["kind"] for f in j["findings"]][-1] != "missing-records":
        results[-1] = (results[-1][0], False, "json", json.dumps(j))
    log = multi_hop()
    data = log.bytes()
    at = len(log.recs[:13] and g.Log().add(*log.recs[:13]).bytes())
    j = check("parse error: the part read is replayed, record and offset "
              "named", data[:-7], 2, pcrs=log.replay(),
              expect=["record 13 at byte %d: truncated record" % at,
                      "the 13 record(s) read before the error"])
    if j and (j["complete"] or j["findings"][0]["offset"] != at or
              j["records"] != 13):
        results[-1] = (results[-1][0], False, "json", json.dumps(j))
    check("parse error after a prefix that matches: said so", data[:-7], 2,
          pcrs=log.replay(upto=13),
          expect=["replay to the PCRs in every bank"])


def t_json_always():
    """--json prints JSON whatever happens, with the exit code."""
    lp, tpm = setup("json always", base_log())
    for what, args, want in (
            ("bad option", ["--bogus"], 4),
            ("missing log", ["--tpm", tpm, lp + ".missing"], 4),
            ("missing PCR source", ["--tpm", tpm + ".missing", lp], 4),
            ("exclusive options", ["--tpm", tpm, "--pcrs", lp, lp], 4),
            ("too many arguments", ["--tpm", tpm, lp, lp], 4),
            ("ok", ["--tpm", tpm, lp], 0)):
        code, out, _ = run(["--json"] + args)
        try:
            j = json.loads(out)
            ok = code == want and j["exit_code"] == want and \
                j["schema"] == "imalog/1" and \
                (want == 0 or j["verdict"] == "unevaluated")
        except (ValueError, KeyError) as e:
            ok, j = False, str(e)
        results.append(("--json on %s: JSON, exit %d" % (what, want), ok,
                        "exit %d" % code, out))


def t_require_exact_real():
    """--require-exact on real lists of kernels without kexec events."""
    for name in ("base61-carry3", "deb612-carry", "deb612-carry-3hop"):
        d = os.path.join(FIXTURES, name)
        code, out, _ = run(["--json", "--require-exact", "--tpm",
                            os.path.join(d, "tpm"),
                            os.path.join(d, "binary_runtime_measurements")])
        j = json.loads(out)
        kinds = {f["kind"] for f in j["findings"]}
        results.append(("--require-exact fails %s (no kexec events): exit 1"
                        % name, code == 1 and kinds == {"handover-not-exact"},
                        "exit %d, %s" % (code, kinds), out))


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "fixtures")


def json_subset(want, got, where="$"):
    """None if every key of want is in got with the same value (lists:
    same length, element by element), else where they differ."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return where
        for k, v in want.items():
            if k not in got:
                return "%s.%s missing" % (where, k)
            d = json_subset(v, got[k], "%s.%s" % (where, k))
            if d:
                return d
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return "%s: %d items, want %d" % (
                where, len(got) if isinstance(got, list) else -1, len(want))
        for i, (w, g) in enumerate(zip(want, got)):
            d = json_subset(w, g, "%s[%d]" % (where, i))
            if d:
                return d
        return None
    return None if want == got else "%s: %r, want %r" % (where, got, want)


def fixture_args(d, args):
    """As tests/fixtures/regen: {dir} is the fixture, tpm/ the PCR source
    unless the arguments name one."""
    args = [a.replace("{dir}", d) for a in args]
    if not any(a in ("--pcrs", "--quote-pcrs", "--tpm") for a in args):
        args += ["--tpm", os.path.join(d, "tpm")]
    return args


def run_stdin(args, path):
    with open(path, "rb") as f:
        p = subprocess.run([IMALOG] + args, stdin=f, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode(errors="replace")


def have_quotes():
    """imalog was built with libtss2-mu (libtss2-dev)."""
    _, out, _ = run(["--json", "--quote", "m", "--quote-sig", "s",
                     "--quote-key", "k", "--nonce", "00", "l"])
    return "without libtss2-mu" not in out


def check_fixture(d, label):
    """imalog on a fixture dir: exit code and JSON subset of expected.json,
    the text output's exit code too; the same list read from a pipe, and
    its ASCII twin when the fixture has one, must give the same answer."""
    with open(os.path.join(d, "expected.json")) as f:
        exp = json.load(f)
    if "--quote" in exp.get("args", []) and not have_quotes():
        results.append(("%s: %s" % (label, os.path.basename(d)), None,
                        "imalog built without libtss2-mu (libtss2-dev)", ""))
        return
    args = fixture_args(d, exp.get("args", []))
    lp = os.path.join(d, "binary_runtime_measurements")
    code, out, err = run(["--json"] + args + [lp])
    why, ok = "exit %d, want %d" % (code, exp["exit_code"]), \
        code == exp["exit_code"]
    try:
        diff = json_subset(exp.get("json", {}), json.loads(out))
    except ValueError as e:
        diff = "bad json: %s" % e
    if diff:
        ok = False
        why += "; " + diff
    tcode, tout, terr = run(args + [lp])
    if tcode != code:
        ok = False
        why += "; text output exits %d" % tcode
    name = "%s: %s (%s), exit %d" % (label, os.path.basename(d),
                                     exp.get("kernel", "?"), exp["exit_code"])
    results.append((name, ok, why, tout + terr))
    variants = [("read once from a pipe", "-", lp, "binary")]
    ascii_list = os.path.join(d, "ascii_runtime_measurements")
    if os.path.isfile(ascii_list):
        variants.append(("its ASCII list", ascii_list, None, "ascii"))
    for what, arg, stdin, fmt in variants:
        want = dict(exp.get("json", {}))
        if "format" in want:
            want["format"] = fmt
        if stdin:
            vcode, vout = run_stdin(["--json"] + args + [arg], stdin)
        else:
            vcode, vout, _ = run(["--json"] + args + [arg])
        try:
            diff = json_subset(want, json.loads(vout))
        except ValueError as e:
            diff = "bad json: %s" % e
        results.append(("%s: %s" % (name, what),
                        vcode == code and not diff,
                        "exit %d; %s" % (vcode, diff), vout))


QUOTE_FIXTURES = ("mainline72-attest", "base61-attest-lost", "series61-attest",
                  "deb612-attest")


def quote_args(d, ak=None, nonce=None, pcrs=None):
    if nonce is None:
        with open(os.path.join(d, "quote.nonce")) as f:
            nonce = f.read().strip()
    return ["--quote", os.path.join(d, "quote.msg"),
            "--quote-sig", os.path.join(d, "quote.sig"),
            "--quote-key", ak or os.path.join(d, "ak.pem"),
            "--nonce", nonce,
            "--quote-pcrs", pcrs or os.path.join(d, "quote.pcrs")]


def checkquote(args):
    """tpm2_checkquote on imalog's quote arguments: True if it verifies."""
    a = dict(zip(args[::2], args[1::2]))
    p = subprocess.run(["tpm2_checkquote", "-u", a["--quote-key"],
                        "-m", a["--quote"], "-s", a["--quote-sig"],
                        "-f", a["--quote-pcrs"], "-q", a["--nonce"],
                        "-g", "sha256"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode == 0


def openssl_pss(d):
    """openssl's own answer on an RSAPSS quote's signature."""
    with open(os.path.join(d, "quote.sig"), "rb") as f:
        sig = f.read()
    raw = os.path.join(TMP, "pss-" + os.path.basename(d))
    with open(raw, "wb") as f:
        f.write(sig[6:6 + int.from_bytes(sig[4:6], "big")])
    p = subprocess.run(["openssl", "dgst", "-sha256", "-sigopt",
                        "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:-2",
                        "-verify", os.path.join(d, "ak.pem"), "-signature", raw,
                        os.path.join(d, "quote.msg")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode == 0


def quote_sets():
    """(label, quote directory, list): the attest fixtures' real quotes,
    and mainline72-quotes' ECDSA and RSAPSS quotes of a real list that
    tests/fixtures/quote-swtpm extended into a fresh swtpm."""
    for name in QUOTE_FIXTURES:
        d = os.path.join(FIXTURES, name)
        yield name, d, os.path.join(d, "binary_runtime_measurements")
    q = os.path.join(FIXTURES, "mainline72-quotes")
    for scheme in ("ecdsa", "rsapss"):
        yield "swtpm " + scheme, os.path.join(q, scheme), os.path.join(
            q, "list", "binary_runtime_measurements")


def t_quotes():
    """Quotes: imalog against tpm2_checkquote on the same inputs, genuine
    and spoiled. The expected verdicts are fixed, so the test runs without
    tpm2-tools. tpm2_checkquote rejects every RSAPSS quote (tpm2-tools
    issue 3283): there, openssl dgst checks the signature instead."""
    have_cq = shutil.which("tpm2_checkquote") is not None
    if not have_cq:
        results.append(("quotes: tpm2_checkquote cross-check", None,
                        "tpm2_checkquote not installed (tpm2-tools)", ""))
    if not have_quotes():
        results.append(("quotes", None, "imalog built without libtss2-mu "
                        "(libtss2-dev)", ""))
        return
    sets = list(quote_sets())
    for i, (name, d, lp) in enumerate(sets):
        other = sets[(i + 1) % len(sets)][1]
        pss = name.endswith("rsapss")
        with open(os.path.join(d, "quote.nonce")) as f:
            nonce = f.read().strip()
        with open(os.path.join(d, "quote.pcrs"), "rb") as f:
            pcrs = bytearray(f.read())
        pcrs[142] ^= 1    # serialized: the first digest's first byte
        tampered = os.path.join(TMP, name.replace(" ", "-") + ".pcrs")
        with open(tampered, "wb") as f:
            f.write(pcrs)
        wrong_nonce = ("%02x" % (int(nonce[:2], 16) ^ 1)) + nonce[2:]
        for case, args, want, field in (
                ("genuine", quote_args(d), True, None),
                ("wrong nonce", quote_args(d, nonce=wrong_nonce), False,
                 "nonce"),
                ("another attestation key",
                 quote_args(d, ak=os.path.join(other, "ak.pem")), False,
                 "signature"),
                ("tampered PCR value", quote_args(d, pcrs=tampered), False,
                 "pcr_digest")):
            code, out, _ = run(["--json"] + args + [lp])
            try:
                q = json.loads(out)["quote"]
            except (ValueError, KeyError, TypeError):
                q = None
            verified = bool(q) and all(q[k] for k in (
                "signature", "nonce", "pcr_digest"))
            ok = verified == want and (want or not q[field]) and \
                (want or code == 1)
            why = "imalog quote %r, exit %d" % (q, code)
            ref = ""
            if pss and case == "genuine" and shutil.which("openssl"):
                ref = " like openssl"
                ok = ok and openssl_pss(d) == verified
            elif have_cq and not pss:
                ref = " like tpm2_checkquote"
                cq = checkquote(args)
                ok = ok and cq == verified
                why += ", tpm2_checkquote %s" % ("verifies" if cq else
                                                 "rejects")
            results.append(("quote %s, %s: imalog %s%s" % (
                name, case, "verifies" if want else "rejects", ref),
                ok, why, out))
        if name not in QUOTE_FIXTURES:
            continue
        if have_cq:
            # host/analyze-run's check: the quote against the replayed log
            code, out, _ = run(["--json"] + quote_args(d) + [
                os.path.join(d, "binary_runtime_measurements")])
            j = json.loads(out)
            pcr10 = j["banks"][0]["pcrs"][0]
            replayed = os.path.join(TMP, name + ".replayed")
            with open(replayed, "wb") as f:
                f.write(bytes.fromhex(pcr10["computed"]))
            p = subprocess.run(["tpm2_checkquote", "-u",
                                os.path.join(d, "ak.pem"), "-m",
                                os.path.join(d, "quote.msg"), "-s",
                                os.path.join(d, "quote.sig"), "-f", replayed,
                                "-l", "sha256:10", "-q", nonce, "-g",
                                "sha256"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
            results.append((
                "quote %s against the replayed log: imalog %s like "
                "tpm2_checkquote" % (name, "verifies" if pcr10["match"]
                                     else "rejects"),
                (p.returncode == 0) == pcr10["match"] ==
                (j["exit_code"] in (0, 3)), "checkquote rc %d, imalog %r"
                % (p.returncode, pcr10), out))


def first_record_size(data):
    """Size of the first record of a binary list (not the 'ima' template)."""
    nlen = struct.unpack("<I", data[24:28])[0]
    dlen = struct.unpack("<I", data[28 + nlen:32 + nlen])[0]
    return 32 + nlen + dlen


def run_step(d, state, step):
    """One step of a stepped fixture: imalog on one report's list (or only
    the records after an earlier report's, read from a pipe)."""
    args = []
    for a in step.get("args", []):
        if a.startswith("{quote:"):
            args += quote_args(os.path.join(d, a[7:-1]))
        else:
            args.append(a.replace("{state}", state).replace("{dir}", d))
    if not any(a in ("--pcrs", "--quote-pcrs", "--tpm") for a in args):
        args += ["--tpm", os.path.join(d, step["log"], "tpm")]
    with open(os.path.join(d, step["log"], "%s_runtime_measurements"
                           % step.get("list", "binary")), "rb") as f:
        data = f.read()
    if "after" in step:
        data = data[os.path.getsize(os.path.join(
            d, step["after"], "binary_runtime_measurements")):]
    if step.get("drop_first"):
        data = data[first_record_size(data):]
    p = subprocess.run([IMALOG, "--json"] + args + ["-"], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stdout.decode(errors="replace")


def t_steps():
    """Fixtures replayed in steps (tests/fixtures/*/steps.json): several
    reports of one real run, a list that grew after the quote, a verified
    state continued with only the new records."""
    for name in sorted(os.listdir(FIXTURES)):
        d = os.path.join(FIXTURES, name)
        if not os.path.isfile(os.path.join(d, "steps.json")):
            continue
        with open(os.path.join(d, "steps.json")) as f:
            fx = json.load(f)
        quotes = any(a.startswith("{quote:") for s in fx["steps"]
                     for a in s.get("args", []))
        if quotes and not have_quotes():
            results.append(("%s: steps" % name, None,
                            "imalog built without libtss2-mu", ""))
            continue
        state = os.path.join(TMP, "state-" + name)
        os.makedirs(state)
        for i, step in enumerate(fx["steps"], 1):
            code, out = run_step(d, state, step)
            try:
                diff = json_subset(step.get("json", {}), json.loads(out))
            except ValueError as e:
                diff = "bad json: %s" % e
            results.append(("%s step %d: %s: exit %d" % (
                name, i, step["name"], step["exit_code"]),
                code == step["exit_code"] and not diff,
                "exit %d; %s" % (code, diff), out))


def t_state():
    """--state/--save-state on synthetic lists: a list split in two
    verifies like the whole; bad state files are refused."""
    log = multi_hop()
    recs = log.listed()
    first = g.Log().add(*recs[:6])
    lp, tpm = setup("state first", first)
    st = os.path.join(TMP, "state")
    code, out, _ = run(["--tpm", tpm, "--save-state", st, lp])
    rest = g.Log().add(*recs[6:]).bytes()
    lp2, tpm2 = setup("state rest", rest, pcrs=log.replay())
    code2, out2, _ = run(["--tpm", tpm2, "--state", st, lp2])
    results.append(("--state: the list in two parts verifies (exit 0, 0)",
                    code == 0 and code2 == 0, "exit %d, %d" % (code, code2),
                    out + out2))
    for what, text, want in (
            ("not a state file", "hello\n", 2),
            ("a state without PCR values",
             "imalog-state 1\nrecords 6\nbytes 100\nkernels 1\n"
             "kernel 0 0\n", 2),
            ("a state whose kernel starts after it",
             "imalog-state 1\nrecords 6\nbytes 100\nkernels 1\n"
             "kernel 9 0\npcr sha1 10 %s\n" % ("00" * 20), 2)):
        bad = os.path.join(TMP, "bad-state")
        with open(bad, "w") as f:
            f.write(text)
        code, out, _ = run(["--tpm", tpm2, "--state", bad, lp2])
        results.append(("--state with %s: exit %d" % (what, want),
                        code == want, "exit %d" % code, out))
    code, out, _ = run(["--tpm", tpm2, "--state", st + ".missing", lp2])
    results.append(("--state FILE missing: exit 4", code == 4,
                    "exit %d" % code, out))
    code, out, _ = run(["--tpm", tpm2, "--save-state", st + ".fail", lp2])
    results.append(("--save-state after a failure writes nothing",
                    code == 1 and not os.path.exists(st + ".fail"),
                    "exit %d" % code, out))


def t_fixtures():
    """Every committed fixture (tests/fixtures/*/expected.json)."""
    n = 0
    for name in sorted(os.listdir(FIXTURES)):
        d = os.path.join(FIXTURES, name)
        if os.path.isfile(os.path.join(d, "expected.json")):
            check_fixture(d, "fixture")
            n += 1
    results.append(("fixtures found: %d" % n, n > 0, "none", ""))


def fake_run(path, log, slot=5, banks=("sha1", "sha256")):
    """A host/run-scenario output directory with one extracted report."""
    rep = os.path.join(path, "reports", "%02d" % slot)
    os.makedirs(os.path.join(rep, "tpm"))
    with open(os.path.join(rep, "binary_runtime_measurements"), "wb") as f:
        f.write(log.bytes())
    pcrs = log.replay(banks)
    for bank, vals in pcrs.items():
        os.makedirs(os.path.join(rep, "tpm", "pcr-" + bank))
        with open(os.path.join(rep, "tpm", "pcr-" + bank, "10"), "w") as f:
            f.write(vals[10].hex().upper() + "\n")
    with open(os.path.join(rep, "meta"), "w") as f:
        f.write("slot=%d\nhop=3\nhops=3\nstage=first\nscenario=carry\n"
                % slot)
    with open(os.path.join(path, "console.log"), "w") as f:
        f.write("[    0.000000] Linux version 6.1.0-synthetic (imagen)\n")


def t_regen():
    """tests/fixtures/regen on synthetic runs of each kernel kind: the
    fixture it writes passes, and --expect-exit refuses a wrong verdict."""
    regen = os.path.join(FIXTURES, "regen")
    out = os.path.join(TMP, "fixtures")
    os.makedirs(out)
    for name, log, code in (("series-3hop", g.sample_multi_hop(), 0),
                            ("mainline-3hop", g.sample_mainline(), 0),
                            ("no-events-3hop", g.sample_no_events(), 3)):
        run_dir = os.path.join(TMP, "run-" + name)
        fake_run(run_dir, log)
        p = subprocess.run([sys.executable, regen, "--dir", out,
                            "--imalog", IMALOG, "--expect-exit", str(code),
                            run_dir, "5", name],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        results.append(("regen records synthetic %s" % name,
                        p.returncode == 0, "exit %d" % p.returncode,
                        p.stdout.decode(errors="replace")))
        if p.returncode == 0:
            check_fixture(os.path.join(out, name), "regen fixture")
    run_dir = os.path.join(TMP, "run-series-3hop")
    p = subprocess.run([sys.executable, regen, "--dir", out, "--imalog",
                        IMALOG, "--expect-exit", "1", run_dir, "5", "wrong"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    results.append(("regen --expect-exit refuses a different verdict",
                    p.returncode != 0 and
                    not os.path.exists(os.path.join(out, "wrong")),
                    "exit %d" % p.returncode,
                    p.stdout.decode(errors="replace")))
    p = subprocess.run([sys.executable, regen, "--dir", out, "--imalog",
                        IMALOG, "--refresh"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    results.append(("regen --refresh keeps the recorded verdicts",
                    p.returncode == 0, "exit %d" % p.returncode,
                    p.stdout.decode(errors="replace")))


def t_garbage():
    rnd = random.Random(1234)
    pcrs = base_log().replay()
    check("empty log", b"", 2, pcrs=pcrs)
    check("garbage", bytes(rnd.getrandbits(8) for _ in range(4096)), 2,
          pcrs=pcrs)
    good = multi_hop().bytes()
    crashed = 0
    for i in range(200):
        bad = bytearray(good)
        for _ in range(rnd.randint(1, 8)):
            bad[rnd.randrange(len(bad))] = rnd.getrandbits(8)
        lp, tpm = os.path.join(TMP, "mut"), os.path.join(TMP, "mut-tpm")
        if i == 0:
            g.write_tpm(tpm, pcrs)
        with open(lp, "wb") as f:
            f.write(bytes(bad[:rnd.randrange(len(bad) + 1)]))
        code, _, _ = run(["--tpm", tpm, lp])
        if code not in (1, 2):
            crashed += 1
    results.append(("200 mutated logs exit 1 or 2", crashed == 0,
                    "%d bad exits" % crashed, ""))


def t_unit(path):
    """Fold the C unit tests' TAP lines into this stream."""
    p = subprocess.run([path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=120)
    out = p.stdout.decode(errors="replace")
    n = 0
    for line in out.splitlines():
        for prefix, ok in (("ok ", True), ("not ok ", False)):
            if line.startswith(prefix):
                name = line[len(prefix):].split(" - ", 1)[-1]
                results.append(("unit: " + name, ok, "", ""))
                n += 1
    results.append(("unit tests ran and exited 0", p.returncode == 0 and n > 0,
                    "exit %d, %d tests" % (p.returncode, n), out))


def t_fuzz(fuzzer, seconds):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = os.path.join(here, "fuzz", "corpus")
    work = os.path.join(here, "fuzz", "work")
    os.makedirs(work, exist_ok=True)
    p = subprocess.run([fuzzer, "-runs=0", corpus], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=600)
    out = p.stdout.decode(errors="replace")
    results.append(("fuzz: regression corpus replays cleanly",
                    p.returncode == 0, "exit %d" % p.returncode,
                    "\n".join(out.splitlines()[-30:])))
    p = subprocess.run([fuzzer, "-max_total_time=%d" % seconds,
                        "-max_len=4096",
                        "-artifact_prefix=" + os.path.join(corpus, "crash-"),
                        work, corpus], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=seconds + 600)
    out = p.stdout.decode(errors="replace")
    with open(os.path.join(work, "fuzz.log"), "w") as f:
        f.write(out)
    results.append(("fuzz: %d s without a crash (crashes are saved in "
                    "fuzz/corpus/crash-*)" % seconds, p.returncode == 0,
                    "exit %d" % p.returncode,
                    "\n".join(out.splitlines()[-30:])))


def main():
    global IMALOG, TMP
    ap = argparse.ArgumentParser()
    ap.add_argument("imalog", nargs="?", default="./imalog")
    ap.add_argument("--unit", help="C unit test binary")
    ap.add_argument("--fuzz", help="libFuzzer binary")
    ap.add_argument("--fuzz-time", type=int, default=20)
    args = ap.parse_args()
    IMALOG = os.path.abspath(args.imalog)
    TMP = tempfile.mkdtemp(prefix="imalog-test-")
    if args.unit:
        t_unit(args.unit)
    for t in (t_basic, t_multi_hop, t_truncated, t_lying_lengths,
              t_unknown_template, t_boot_aggregate, t_violations,
              t_missing_extra_reordered, t_truncated_carry_over,
              t_bad_buf_digest, t_kexec_rules, t_mixed_kinds, t_mainline, t_banks, t_pcrs_file, t_misc,
              t_input, t_growth, t_diagnosis, t_json_always,
              t_state, t_fixtures, t_require_exact_real, t_quotes,
              t_steps, t_regen,
              t_garbage):
        t()
    if args.fuzz:
        t_fuzz(args.fuzz, args.fuzz_time)
    print("1..%d" % len(results))
    failed = skipped = 0
    for i, (name, ok, why, out) in enumerate(results, 1):
        if ok is None:
            skipped += 1
            print("ok %d - %s # SKIP %s" % (i, name, why))
            print("SKIP: %s: %s" % (name, why))
            continue
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            print("# " + why)
            for line in out.splitlines()[:40]:
                print("#   " + line)
    print("%d passed, %d failed%s" % (
        len(results) - failed - skipped, failed,
        ", %d skipped" % skipped if skipped else ""))
    shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
