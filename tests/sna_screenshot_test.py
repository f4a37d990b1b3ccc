#!/usr/bin/env python3
"""Confirms every chart of a `cairn sna` HTML report is drawn: each <svg class="chart"> is put
alone on a white page, headless Chromium (Debian package: chromium) takes a screenshot, and the
PNG is decoded here (standard library only) to count the pixels that are not background.

  tests/sna_screenshot_test.py REPORT.html [MIN_CHARTS]

Axes, gridlines and text are black or grey; the data (lines, bars, cells, areas) are drawn in
colour. A chart passes when at least 0.15% of its pixels are coloured (the spread between the
largest and smallest of red, green and blue is over 40). Exit 0 all drawn, 1 a chart is blank or missing,
77 chromium not installed (skipped)."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def decode_png(data):
    """Returns (width, height, rows of RGB tuples) for 8-bit RGB or RGBA PNGs."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def screenshot(browser, page, png, profile):
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--hide-scrollbars", f"--user-data-dir={profile}",
                    "--host-resolver-rules=MAP * ~NOTFOUND", f"--screenshot={png}",
                    "--window-size=800,900", "file://" + page],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    report, min_charts = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium not installed: skipped", file=sys.stderr)
        return 77
    html = open(report, encoding="utf-8").read()
    charts = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
    style = re.search(r"<style>.*?</style>", html, re.S).group(0)
    if len(charts) < min_charts:
        print(f"{report}: {len(charts)} charts, expected at least {min_charts}", file=sys.stderr)
        return 1
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, svg in enumerate(charts, 1):
            title = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S)
            name = title.group(1) if title else f"chart {n}"
            page, png = os.path.join(tmp, f"{n}.html"), os.path.join(tmp, f"{n}.png")
            with open(page, "w", encoding="utf-8") as f:
                f.write("<!DOCTYPE html><html><head><meta charset='utf-8'>" + style +
                        "<style>body{margin:0;padding:8px;background:#fff}</style></head><body>" +
                        svg + "</body></html>")
            screenshot(browser, page, png, os.path.join(tmp, "profile"))
            if not os.path.exists(png):
                print(f"{name}: no screenshot", file=sys.stderr)
                failed += 1
                continue
            width, height, rows = decode_png(open(png, "rb").read())
            coloured = sum(1 for row in rows for px in row if max(px) - min(px) > 40)
            share = coloured / (width * height)
            ok = share >= 0.0015
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {100 * share:.2f}% of pixels coloured")
            failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
