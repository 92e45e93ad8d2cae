#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Scenario tests for imalog. Prints TAP and 'N passed, N failed'."""
import argparse
import json
import os
import random
import shutil
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
    j = check("multi-hop kexec", multi_hop(), 0,
              expect=["kernels: 3", "kexec_execute segment_size="])
    if j and (len(j["kernels"]) != 3 or len(j["kexec_events"]) != 4 or
              j["kernels"][1]["first"] != 8 or
              any(k["boot_aggregate"] != "match" for k in j["kernels"])):
        results[-1] = (results[-1][0], False, "json kernels/events wrong",
                       json.dumps(j))


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


def t_truncated_carry_over():
    full = multi_hop()
    log = multi_hop()
    # drop everything from the first kexec_load's successor up to and
    # including the kexec_execute: the carried list lost its tail
    del log.recs[6:8]
    check("truncated carry-over (TPM has all)", log, 1, pcrs=full.replay(),
          expect=["truncated carry-over", "kexec_load at record 5"])
    check("truncated carry-over (PCRs consistent)", log, 1,
          expect=["truncated carry-over: records missing before record 6"])
    log = base_log()
    log.add(g.boot_aggregate(), g.ng("/y"))
    check("second boot without kexec events", log, 1,
          expect=["no kexec_load seen"])


def t_bad_buf_digest():
    log = base_log()
    r = g.buf("kexec-cmdline", b"abc")
    r.data = g.dng("sha256", g.H("sha256", b"abd")) + g.nng("kexec-cmdline") \
        + g.field(b"abc")
    log.add(r)
    check("bad ima-buf digest", log, 1, expect=["not the hash of the buf"])
    log = multi_hop()
    r = log.recs[5]
    r.data = r.data.replace(b"records=5;", b"records=6;")
    check("kexec_load lies about records (digest stale)", log, 1)


def t_kexec_rules():
    log = base_log()
    log.kexec("kexec_execute", records=3)
    log.add(g.boot_aggregate())
    check("kexec_execute wrong records", log, 1, expect=["records=3"])
    log = base_log()
    log.kexec("kexec_execute", log_size=12)
    log.add(g.boot_aggregate())
    check("kexec_execute wrong log_size", log, 1, expect=["log_size=12"])
    log = base_log()
    log.kexec("kexec_load", records=1, log_size=12)
    check("kexec_load figures may lag (others measured meanwhile)", log, 0)
    log = base_log()
    log.kexec("kexec_load", records=99)
    check("kexec_load records ahead of its index", log, 1, expect=["records=99"])
    log = base_log()
    log.kexec("kexec_execute")
    log.add(g.ng("/z"), g.boot_aggregate())
    check("kexec_execute not followed by boot_aggregate", log, 1,
          expect=["not followed by a boot_aggregate"])
    log = base_log()
    log.kexec("kexec_load", extra=b"future_key=abc;")
    check("unknown kexec key ignored", log, 0)
    log = base_log()
    log.kexec("kexec_execute")
    check("kexec_execute as last record", log, 0)
    for bad in (b"segment_size=1;log_size=2;", b"segment_size=1;log_size=2;records=3",
                b"segment_size=1;log_size=2;records=x;",
                b"segment_size=1;log_size=2;records=3;records=3;",
                b"segment_size=1;log_size=2;records=3;=4;",
                b"segment_size=1;log_size=2;records=3;\0",
                b"segment_size=99999999999999999999999;log_size=2;records=3;"):
        log = base_log()
        log.add(g.buf("kexec_load", bad))
        check("malformed kexec buffer %r" % bad, log, 2)


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
    results.append(("nonexistent tpm dir", code == 2, "exit %d" % code, out))


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
    code, out, _ = run(["--tpm", TMP, os.path.join(TMP, "missing-log")])
    results.append(("missing log file", code == 2, "exit %d" % code, out))
    code, out, _ = run(["--help"])
    results.append(("--help", code == 0 and "exit codes" in out,
                    "exit %d" % code, out))
    code, out, _ = run(["--bogus"])
    results.append(("bad option", code == 2, "exit %d" % code, out))


def t_real_logs():
    """Lists written by the real 6.1 base kernel (tests/data/README)."""
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    for name, want, expect in (
            ("single", 0, ["verdict: OK"]),
            ("carry3", 1, ["kernels: 3", "sha256 PCR 10: match",
                           "truncated carry-over: records missing before record 22",
                           "records missing before record 44"])):
        d = os.path.join(data, name)
        code, out, err = run(["--tpm", os.path.join(d, "tpm"),
                              os.path.join(d, "binary_runtime_measurements")])
        ok = code == want and all(e in out for e in expect)
        results.append(("real 6.1 log: " + name, ok, "exit %d" % code,
                        out + err))


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
              t_bad_buf_digest, t_kexec_rules, t_banks, t_pcrs_file, t_misc,
              t_real_logs, t_garbage):
        t()
    if args.fuzz:
        t_fuzz(args.fuzz, args.fuzz_time)
    print("1..%d" % len(results))
    failed = 0
    for i, (name, ok, why, out) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            print("# " + why)
            for line in out.splitlines()[:40]:
                print("#   " + line)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
