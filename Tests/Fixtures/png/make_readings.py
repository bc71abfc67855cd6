#!/usr/bin/env python3
"""Writes zlib-readings.json: Python's zlib reading of the PNG files rwview's encoder wrote here.

An independent decoder: every chunk CRC is checked with zlib.crc32, IDAT is inflated with
zlib.decompress, and the size and three pixels are recorded. The PNGs come from
FrameExportTests (a 150x120 image, one stored deflate block, and 300x120, two blocks); when the
encoder's output changes on purpose, that test names the new file: copy it here and run

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

    def px(x, y):
        o = y * (1 + 3 * w) + 1 + 3 * x
        return list(raw[o:o + 3])

    return {
        "width": w, "height": h, "bit_depth": ihdr[2], "color_type": ihdr[3], "chunks": chunks,
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
