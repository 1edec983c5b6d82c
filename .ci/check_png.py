#!/usr/bin/env python3
"""Checks that screenshots are real pictures, not blank frames: each PNG must decode, be at least
800x450, and its pixels must vary (a blank or single-colour frame has almost no distinct colours).
With `--fits WxH` first, each must also be no larger than that: the window fitted the screen."""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, depth, colour = 8, b"", 0, 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None:
        raise ValueError(f"unexpected PNG format depth={depth} colour={colour}")
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def main(args):
    limit = None
    if args[:1] == ["--fits"]:
        limit = tuple(int(v) for v in args[1].lower().split("x"))
        args = args[2:]
    paths = args
    bad = 0
    for path in paths:
        try:
            w, h, ch, rows = pixels(path)
        except Exception as e:  # noqa: BLE001 - report any decoding failure
            print(f"{path}: cannot read: {e}")
            bad += 1
            continue
        colours = set()
        for row in rows[:: max(1, h // 60)]:
            for x in range(0, w * ch, ch * 7):
                colours.add(row[x:x + 3])
        ok = w >= 800 and h >= 450 and len(colours) >= 12
        fits = limit is None or (w <= limit[0] and h <= limit[1])
        verdict = "ok" if ok and fits else ("BLANK?" if not ok else f"LARGER THAN {limit[0]}x{limit[1]}")
        print(f"{path}: {w}x{h}, {len(colours)} distinct colours sampled: {verdict}")
        bad += not (ok and fits)
    return 1 if bad or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
