"""Reading the guest's reports, shared by host/analyze-run and host/check-run."""
import os
import struct


def parse_log(data):
    """IMA binary list, native little-endian x86:
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
