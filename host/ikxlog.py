"""Reading the guest's reports, shared by host/analyze-run and host/check-run."""
import os
import struct


def parse_log(data):
    """IMA binary list, native little-endian (x86_64, arm64):
    [(pcr, sha1 template digest, template name, template data, record size)]."""
    records, off = [], 0
    while off < len(data):
        pcr, = struct.unpack_from("<I", data, off)
        nlen, = struct.unpack_from("<I", data, off + 24)
        name = data[off + 28:off + 28 + nlen].decode()
        dlen, = struct.unpack_from("<I", data, off + 28 + nlen)
        tdata = data[off + 32 + nlen:off + 32 + nlen + dlen]
        size = 32 + nlen + dlen
        records.append((pcr, data[off + 4:off + 24], name, tdata, size))
        off += size
    return records


# The ima_kexec critical-data events (template ima-buf, event name
# kexec_load / kexec_execute) in mainline's grammar, the only one:
#   kexec_segment_size=N;ima_binary_runtime_size=N;ima_runtime_measurements_count=N;
# ima_binary_runtime_size includes the 24-byte struct ima_kexec_hdr; the count
# is the records before the event. Extra key=value; pairs are ignored.
KEXEC_HDR = 24
KEXEC_EVENTS = ("kexec_load", "kexec_execute")
KEXEC_KEYS = ("kexec_segment_size", "ima_binary_runtime_size", "ima_runtime_measurements_count")


def fields(tdata):
    """The u32-length-prefixed fields of an ima-ng/ima-buf template."""
    out, off = [], 0
    while off + 4 <= len(tdata):
        n, = struct.unpack_from("<I", tdata, off)
        out.append(tdata[off + 4:off + 4 + n])
        off += 4 + n
    return out


def event_name(rec):
    """The n-ng field (file name or event name) of an ima-ng/ima-buf record."""
    f = fields(rec[3])
    return f[1].rstrip(b"\0").decode(errors="replace") if len(f) > 1 else ""


def is_boot_aggregate(rec):
    return event_name(rec) == "boot_aggregate"


def kexec_event(rec):
    """(event, {key: int}) for an ima-buf kexec_load/kexec_execute, else None.
    The dict has the three keys of KEXEC_KEYS when the data is well formed."""
    if rec[2] != "ima-buf":
        return None
    f = fields(rec[3])
    name = f[1].rstrip(b"\0").decode(errors="replace") if len(f) > 2 else ""
    if name not in KEXEC_EVENTS:
        return None
    kv = dict(p.split("=", 1) for p in f[2].decode(errors="replace").split(";") if "=" in p)
    return name, {k: int(v) for k, v in kv.items() if v.isdigit()}


def kexec_exact(records, i, deleted=0, deleted_bytes=0):
    """Whether the kexec event at records[i] has exact figures: its count is
    its index and its size the 24-byte header plus the bytes before it, both
    plus what was deleted from the list since boot (mainline 7.2's staging:
    the figures count everything measured since boot)."""
    ev = kexec_event(records[i])
    if not ev or any(k not in ev[1] for k in KEXEC_KEYS):
        return False
    return (ev[1]["ima_runtime_measurements_count"] == i + deleted and
            ev[1]["ima_binary_runtime_size"] == KEXEC_HDR + sum(r[4] for r in records[:i]) + deleted_bytes)


def read_meta(report_dir):
    """The report's meta file: KEY=VALUE lines."""
    meta = {}
    with open(os.path.join(report_dir, "meta")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            meta[k] = v
    return meta


def read_log(report_dir):
    with open(os.path.join(report_dir, "binary_runtime_measurements"), "rb") as f:
        return parse_log(f.read())


def common_prefix(a, b):
    """How many records two lists share from the start."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
