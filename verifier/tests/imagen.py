# SPDX-License-Identifier: GPL-2.0
"""Generate IMA binary measurement lists and matching TPM PCR trees.

Python 3 stdlib only. Mirrors ima_measurements_show() and
ima_calc_field_array_hash_tfm() for the test suite of imalog.
"""
import hashlib
import os
import struct

BANK_SIZES = {"sha1": 20, "sha256": 32, "sha384": 48, "sha512": 64}
KEXEC_HDR = 24  # struct ima_kexec_hdr, counted in ima_binary_runtime_size


def u32(v, big=False):
    return struct.pack(">I" if big else "<I", v)


def split_fields(data):
    """Template data (little-endian lengths) into its fields."""
    out, pos = [], 0
    while pos < len(data):
        n = struct.unpack("<I", data[pos:pos + 4])[0]
        out.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    return out


TEMPLATE_FIELDS = {"ima-ng": ["d-ng", "n-ng"], "ima-sig": ["d-ng", "n-ng", "sig"],
                   "ima-buf": ["d-ng", "n-ng", "buf"]}


def show_field(kind, f):
    """A field as ima_ascii_measurements_show() prints it."""
    if kind in ("d-ng", "d-ngv2", "d-modsig"):
        if not f:
            return ""
        head, _, dig = f.partition(b"\0")
        return head.decode() + dig.hex()
    if kind in ("n-ng", "n"):
        return f.rstrip(b"\0").decode()
    return f.hex()


def field(b):
    return u32(len(b)) + b


def H(alg, *parts):
    h = hashlib.new(alg)
    for p in parts:
        h.update(p)
    return h.digest()


def dng(algo, digest):
    return field(algo.encode() + b":\0" + digest)


def nng(name):
    return field(name.encode() + b"\0")


class Rec:
    def __init__(self, tname, data, pcr=10, legacy_name=None,
                 violation=False):
        self.tname = tname
        self.data = data
        self.pcr = pcr
        self.legacy_name = legacy_name  # bytes for the 'ima' template
        self.violation = violation
        self.digest_override = None
        self.lost = False   # extended into the TPM, missing from the list

    def data_in(self, big=False):
        """The template data with its field lengths in the list's order."""
        if not big or self.legacy_name is not None:
            return self.data
        return b"".join(u32(len(f), True) + f for f in split_fields(self.data))

    def tdigest(self, alg, big=False):
        if self.legacy_name is not None:
            name = self.legacy_name.ljust(256, b"\0")
            return H(alg, self.data[:20], name)
        return H(alg, self.data_in(big))

    def stored_digest(self, big=False):
        if self.digest_override is not None:
            return self.digest_override
        if self.violation:
            return b"\0" * 20
        return self.tdigest("sha1", big)

    def serialize(self, big=False):
        tn = self.tname.encode()
        out = u32(self.pcr, big) + self.stored_digest(big) + \
            u32(len(tn), big) + tn
        if self.legacy_name is not None:
            return out + self.data[:20] + u32(len(self.legacy_name), big) + \
                self.legacy_name
        data = self.data_in(big)
        return out + u32(len(data), big) + data

    def ascii(self):
        """The line ascii_runtime_measurements shows for this record."""
        if self.legacy_name is not None:
            fields = [self.data[:20].hex(), self.legacy_name.decode()]
        else:
            kinds = TEMPLATE_FIELDS.get(self.tname, self.tname.split("|"))
            fields = [show_field(k, f)
                      for k, f in zip(kinds, split_fields(self.data))]
        return "%2d %s %s %s\n" % (self.pcr, self.stored_digest().hex(),
                                    self.tname, " ".join(fields))


def ng(path, content=None, pcr=10, algo="sha256", tname="ima-ng"):
    if content is None:
        content = path.encode() + b" content"
    return Rec(tname, dng(algo, H(algo, content)) + nng(path), pcr=pcr)


def sig(path, pcr=10):
    r = ng(path, pcr=pcr, tname="ima-sig")
    r.data += field(b"\x03\x02" + os.urandom(8))
    return r


def buf(name, payload, algo="sha256", pcr=10):
    data = dng(algo, H(algo, payload)) + nng(name) + field(payload)
    return Rec("ima-buf", data, pcr=pcr)


def boot_aggregate(algo="sha256", value=None):
    """Default value: PCRs 0-9 (0-7 for sha1) all zero, as write_tpm()."""
    if value is None:
        n = 8 if algo == "sha1" else 10
        value = H(algo, b"\0" * hashlib.new(algo).digest_size * n)
    return Rec("ima-ng", dng(algo, value) + nng("boot_aggregate"))


def violation(path, algo="sha256", pcr=10):
    size = hashlib.new(algo).digest_size
    data = dng(algo, b"\0" * size) + nng(path)
    return Rec("ima-ng", data, pcr=pcr, violation=True)


def legacy(path, content=None, pcr=10):
    if content is None:
        content = path.encode()
    name = path.encode()
    data = H("sha1", content) + field(name)
    return Rec("ima", data, pcr=pcr, legacy_name=name)


def generic(tname, fields, pcr=10):
    return Rec(tname, b"".join(field(f) for f in fields), pcr=pcr)


class Log:
    """A measurement list in the order the records were measured. Records
    added with lose() extend the PCRs but are not in the list (lost at a
    hand-over): bytes() and the kexec figures leave them out, replay()
    counts them unless include_lost=False."""
    def __init__(self):
        self.recs = []

    def add(self, *recs):
        self.recs.extend(recs)
        return self

    def lose(self, *recs):
        for r in recs:
            r.lost = True
        return self.add(*recs)

    def listed(self):
        return [r for r in self.recs if not r.lost]

    def size(self):
        return sum(len(r.serialize()) for r in self.listed())

    def kexec(self, kind, segment_size=1 << 20, extra=b"", count=None,
              size=None, lag=0):
        """Append a kexec_load / kexec_execute event in mainline's grammar.
        Default figures are exact (our series); lag=N makes them a lower
        bound, as if the last N records had been measured while the event
        was prepared (mainline's kexec_execute, any kexec_load)."""
        before = self.listed()
        before = before[:len(before) - lag]
        if count is None:
            count = len(before)
        if size is None:
            size = KEXEC_HDR + sum(len(r.serialize()) for r in before)
        payload = (b"kexec_segment_size=%d;ima_binary_runtime_size=%d;"
                   b"ima_runtime_measurements_count=%d;" % (
                       segment_size, size, count)) + extra
        self.recs.append(buf(kind, payload))
        return self

    def bytes(self, big=False):
        return b"".join(r.serialize(big) for r in self.listed())

    def ascii(self):
        return "".join(r.ascii() for r in self.listed()).encode()

    def replay(self, banks=("sha1", "sha256"), include_lost=True, big=False,
               upto=None):
        """PCR values after the records (the first upto of them)."""
        pcrs = {}
        recs = self.recs if include_lost else self.listed()
        for bank in banks:
            size = BANK_SIZES[bank]
            vals = {}
            for r in recs[:upto]:
                cur = vals.get(r.pcr, b"\0" * size)
                ext = b"\xff" * size if r.violation else r.tdigest(bank, big)
                vals[r.pcr] = H(bank, cur, ext)
            pcrs[bank] = vals
        return pcrs


def write_tpm(d, pcrs, upper=True):
    for bank, vals in pcrs.items():
        bd = os.path.join(d, "pcr-" + bank)
        os.makedirs(bd, exist_ok=True)
        for n in range(24):
            v = vals.get(n, b"\0" * BANK_SIZES[bank])
            s = v.hex().upper() if upper else v.hex()
            with open(os.path.join(bd, str(n)), "w") as f:
                f.write(s + "\n")


def write_pcrs_file(path, pcrs, style="simple"):
    with open(path, "w") as f:
        f.write("# generated by imagen.py\n")
        for bank, vals in pcrs.items():
            if style == "simple":
                for n, v in sorted(vals.items()):
                    f.write("%s:PCR-%02d: %s\n" % (bank, n, v.hex()))
            else:
                f.write("  %s:\n" % bank)
                for n, v in sorted(vals.items()):
                    f.write("    %-2d: 0x%s\n" % (n, v.hex().upper()))


def sample_multi_hop():
    """Three kernels joined by kexec_load / kexec_execute events."""
    log = Log()
    log.add(boot_aggregate(), ng("/usr/bin/bash"), ng("/usr/lib/libc.so.6"),
            sig("/usr/bin/kexec"), buf("kexec-cmdline", b"console=ttyS0"))
    log.kexec("kexec_load")
    log.add(ng("/etc/passwd"))
    log.kexec("kexec_execute")
    log.add(boot_aggregate(), ng("/usr/sbin/init"))
    log.kexec("kexec_load", segment_size=2 << 20)
    log.kexec("kexec_execute", segment_size=2 << 20)
    log.add(boot_aggregate(), ng("/usr/bin/ls"))
    return log


def sample_mainline(lose=None):
    """Three kernels handing over the way mainline (6.16+) does: the
    kexec_execute figures are a lower bound (a record was measured while it
    was prepared) and records measured after it, before the copy, are
    carried too. lose: the first hand-over loses "tail" (the two records
    after kexec_execute) or "execute" (kexec_execute and all after it, as a
    copy that ran out of room does)."""
    log = Log()
    log.add(boot_aggregate(), ng("/usr/bin/bash"), ng("/usr/lib/libc.so.6"),
            sig("/usr/bin/kexec"), buf("kexec-cmdline", b"console=ttyS0"))
    log.kexec("kexec_load", lag=1)
    log.add(ng("/etc/passwd"), ng("/usr/bin/systemctl"))
    log.kexec("kexec_execute", lag=1)
    if lose == "execute":
        log.recs[-1].lost = True
    tail = (ng("/usr/lib/systemd/systemd-shutdown"), ng("/etc/fstab"))
    if lose:
        log.lose(*tail)
    else:
        log.add(*tail)
    log.add(boot_aggregate(), ng("/usr/sbin/init"))
    log.kexec("kexec_load", segment_size=2 << 20)
    log.kexec("kexec_execute", segment_size=2 << 20)
    log.add(ng("/usr/bin/umount"))
    log.add(boot_aggregate(), ng("/usr/bin/ls"))
    return log


def sample_no_events():
    """Three kernels that record no kexec events (unpatched 6.1, 6.12)."""
    log = Log()
    log.add(boot_aggregate(), ng("/usr/bin/bash"), ng("/usr/bin/kexec"))
    log.add(boot_aggregate(), ng("/usr/sbin/init"))
    log.add(boot_aggregate(), ng("/usr/bin/ls"))
    return log


SAMPLES = {"series": sample_multi_hop, "mainline": sample_mainline,
           "no-events": sample_no_events}


if __name__ == "__main__":
    import sys

    args = sys.argv[1:]
    kind = "series"
    if len(args) == 3 and args[0] == "--kind" and args[1] in SAMPLES:
        kind = args[1]
        args = args[2:]
    if len(args) != 1:
        sys.exit("usage: imagen.py [--kind series|mainline|no-events] OUTDIR"
                 "  (writes OUTDIR/log, OUTDIR/tpm)")
    out = args[0]
    sample = SAMPLES[kind]()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "log"), "wb") as f:
        f.write(sample.bytes())
    write_tpm(os.path.join(out, "tpm"),
              sample.replay(("sha1", "sha256", "sha384", "sha512")))
