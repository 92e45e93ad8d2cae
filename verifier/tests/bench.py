#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""imalog next to evmctl ima_measurement on one generated list.

    bench.py [--records N] [--dir DIR] [--keep] IMALOG

Writes a list of N ima-ng records (a boot_aggregate, then files) with the
sha1 and sha256 PCR 10 values it replays to, then runs imalog and evmctl
on it and prints the wall time and peak RSS of each (GNU time's figures,
best of three runs). Not a test: make check does not run it.
"""
import argparse
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile


def record(path, content):
    d = hashlib.sha256(content).digest()
    dng = b"sha256:\0" + d
    nng = path + b"\0"
    data = struct.pack("<I", len(dng)) + dng + struct.pack("<I", len(nng)) + nng
    return data


def write_list(path, n):
    pcr = {"sha1": b"\0" * 20, "sha256": b"\0" * 32}
    sha1, sha256 = hashlib.sha1, hashlib.sha256
    with open(path, "wb") as f:
        buf = []
        for i in range(n):
            if i == 0:
                name, content = b"boot_aggregate", b"\0" * 320
            else:
                name = b"/usr/lib/bench/%07d/file-%d.so" % (i // 1000, i)
                content = name
            data = record(name, content)
            t1 = sha1(data).digest()
            t256 = sha256(data).digest()
            pcr["sha1"] = sha1(pcr["sha1"] + t1).digest()
            pcr["sha256"] = sha256(pcr["sha256"] + t256).digest()
            buf.append(struct.pack("<I", 10) + t1 + struct.pack("<I", 6) +
                       b"ima-ng" + struct.pack("<I", len(data)) + data)
            if len(buf) == 10000:
                f.write(b"".join(buf))
                buf = []
        f.write(b"".join(buf))
    return pcr


def write_pcrs(d, pcr):
    """imalog's --tpm tree and evmctl's --pcrs files (PCR-00..PCR-23)."""
    files = {}
    for bank, v in pcr.items():
        os.makedirs(os.path.join(d, "tpm", "pcr-" + bank))
        with open(os.path.join(d, "tpm", "pcr-" + bank, "10"), "w") as f:
            f.write(v.hex() + "\n")
        files[bank] = os.path.join(d, "evmctl-" + bank)
        with open(files[bank], "w") as f:
            for i in range(24):
                f.write("PCR-%02d: %s\n" % (
                    i, v.hex() if i == 10 else "00" * len(v)))
    return files


def timed(cmd):
    """(seconds, peak RSS in KiB, output) of one run under GNU time."""
    p = subprocess.run(["/usr/bin/time", "-f", "@@ %e %M"] + cmd,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    m = re.findall(r"^@@ ([0-9.]+) ([0-9]+)$", out, re.M)
    if not m:
        sys.exit("bench: no figures from /usr/bin/time for %s:\n%s"
                 % (cmd, out[-2000:]))
    return float(m[-1][0]), int(m[-1][1]), p.returncode, out


def best(cmd, runs=3):
    res = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in res), max(r[1] for r in res), res[0][2], res[0][3]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("imalog")
    ap.add_argument("--records", type=int, default=1000000)
    ap.add_argument("--dir")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    for tool in ("/usr/bin/time", "evmctl"):
        if not shutil.which(tool):
            sys.exit("bench: %s is missing (apt-get install time ima-evm-utils)"
                     % tool)
    d = a.dir or tempfile.mkdtemp(prefix="imalog-bench-", dir="/var/tmp")
    os.makedirs(d, exist_ok=True)
    lp = os.path.join(d, "binary_runtime_measurements")
    try:
        print("bench: writing %d records to %s" % (a.records, lp))
        pcr = write_list(lp, a.records)
        files = write_pcrs(d, pcr)
        size = os.path.getsize(lp)
        imalog = [os.path.abspath(a.imalog), "--tpm", os.path.join(d, "tpm"),
                  lp]
        evmctl = ["evmctl", "ima_measurement", "--pcrs",
                  "sha1," + files["sha1"], "--pcrs", "sha256," + files["sha256"],
                  lp]
        t1, r1, c1, o1 = best(imalog)
        t2, r2, c2, o2 = best(evmctl)
        t3, r3, c3, _ = best(["sh", "-c", "cat \"$0\" | \"$1\" --tpm \"$2\" -",
                              lp, imalog[0], imalog[2]])
        if c1 != 0 or "Matched per TPM bank" not in o2:
            sys.exit("bench: a tool rejected the list (imalog exit %d):\n%s\n%s"
                     % (c1, o1[-1500:], o2[-1500:]))
        print("bench: %d records, %.0f MiB, sha1 and sha256 banks, best of 3"
              % (a.records, size / 2**20))
        print("  %-36s %7.2f s  %7.1f MiB peak RSS" % (
            "imalog (file)", t1, r1 / 1024))
        print("  %-36s %7.2f s  %7.1f MiB peak RSS" % (
            "imalog (from a pipe)", t3, r3 / 1024))
        print("  %-36s %7.2f s  %7.1f MiB peak RSS" % (
            "evmctl ima_measurement", t2, r2 / 1024))
        print("  imalog / evmctl time: %.2f" % (t1 / t2))
    finally:
        if not a.keep and not a.dir:
            shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
