#!/usr/bin/env python3
"""Times `cairn list NAME --format csv` for each list named: fastest of RUNS, process start to last
row, the snapshot cache warm. Prints one row per list with its verdict against TARGET seconds and
exits 1 when any list misses it (the benchmark scripts decide whether that fails them).

    bench/time_lists.py CAIRN DB TARGET RUNS LIST...     (bench/lists_bench.sh, lists_large_bench.sh)
"""
import subprocess
import sys
import time

cairn, db, target, runs = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
names = sys.argv[5:]
width = max(len("list"), *(len(n) for n in names)) + 2
print(f"{'list':<{width}} {'seconds':>8} {'rows':>7}  target")
missed = False
for name in names:
    best, rows = None, 0
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([cairn, "--db", db, "list", name, "--format", "csv"],
                             capture_output=True, check=True).stdout
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
        rows = out.count(b"\n") - 1
    verdict = "PASS" if best < target else "MISS"
    missed |= verdict == "MISS"
    print(f"{name:<{width}} {best:8.3f} {rows:7d}  < {target} s: {verdict}")
sys.exit(1 if missed else 0)
