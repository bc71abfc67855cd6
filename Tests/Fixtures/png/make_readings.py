#!/usr/bin/env python3
"""Writes zlib-readings.json: Python's zlib reading of the PNG files rwview's encoder wrote here.

An independent decoder: every chunk CRC is checked with zlib.crc32, IDAT is inflated with
zlib.decompress, every row's filter is undone here (PNG spec 9.2: None, Sub, Up, Average,
Paeth), and the size, the filter types used and three pixels are recorded. The PNGs come from
FrameExportTests (150x120 and 300x120 gradients); when the encoder's output changes on purpose,
that test names the new file: copy it here and run

    /work/venv/bin/python Tests/Fixtures/png/make_readings.py

No test runs this script; the JSON it writes is committed.
"""
import json
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["gradient-150x120.png", "gradient-300x120.png"]


def reading(path):
    d = open(path, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr, chunks = 8, b"", None, []
    while pos < len(d):
        n, = struct.unpack(">I", d[pos:pos + 4])
        t = d[pos + 4:pos + 8]
        body = d[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", d[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(t + body) & 0xFFFFFFFF, t
        chunks.append(t.decode())
        if t == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        if t == b"IDAT":
            idat += body
        pos += 12 + n
    w, h = ihdr[0], ihdr[1]
    raw = zlib.decompress(idat)
    assert len(raw) == h * (1 + 3 * w)
    rows, prev, filters = [], bytes(3 * w), set()
    for y in range(h):
        f = raw[y * (1 + 3 * w)]
        line = raw[y * (1 + 3 * w) + 1:(y + 1) * (1 + 3 * w)]
        cur = bytearray(3 * w)
        for i in range(3 * w):
            a = cur[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            elif f == 4:
                q = a + b - c
                pa, pb, pc = abs(q - a), abs(q - b), abs(q - c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                raise ValueError(f"row {y}: filter {f}")
            cur[i] = (line[i] + p) & 0xFF
        filters.add(f)
        rows.append(bytes(cur))
        prev = cur

    def px(x, y):
        return list(rows[y][3 * x:3 * x + 3])

    return {
        "width": w, "height": h, "bit_depth": ihdr[2], "color_type": ihdr[3], "chunks": chunks,
        "filters": sorted(filters),
        "pixels": {"0,0": px(0, 0), f"{w - 1},{h - 1}": px(w - 1, h - 1), "37,91": px(37, 91)},
    }


def main():
    doc = {name: reading(os.path.join(HERE, name)) for name in NAMES}
    target = os.path.join(HERE, "zlib-readings.json")
    with open(target, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
