#!/usr/bin/env bash
# Lists benchmark: wall time of each `cairn list` (fastest of five, warm snapshot cache, process
# start to last row) on the synthetic county that `cairn demo` builds. Target from issue 12: each
# list under 0.5 s for the county. No peer: partnerships make these lists by hand in spreadsheets.
#
#   bench/lists_bench.sh     (BUILD=dir to use another build)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
DEMO=$WORK/lists-demo
TARGET=0.5

log() { printf '== %s\n' "$*" >&2; }

ensure_demo "$DEMO" || exit 1
events=$("$CAIRN" --db "$DEMO/cairn.db" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
log "store: $DEMO/cairn.db, $events events"
"$CAIRN" --db "$DEMO/cairn.db" query >/dev/null 2>&1  # warm the snapshot cache

python3 - "$CAIRN" "$DEMO/cairn.db" "$TARGET" <<'PY'
import subprocess, sys, time
cairn, db, target = sys.argv[1], sys.argv[2], float(sys.argv[3])
print(f"{'list':<18} {'seconds':>8} {'rows':>6}  target")
missed = False
for name in ["matac", "da30", "asb-review", "county-lines", "repeat-victims", "repeat-suspects",
                 "repeat-locations"]:
    best, rows = None, 0
    for _ in range(5):
        start = time.perf_counter()
        out = subprocess.run([cairn, "--db", db, "list", name, "--format", "csv"],
                             capture_output=True, check=True).stdout
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
        rows = out.count(b"\n") - 1
    verdict = "PASS" if best < target else "MISS"
    missed |= verdict == "MISS"
    print(f"{name:<18} {best:8.3f} {rows:6d}  < {target} s: {verdict}")
sys.exit(1 if missed else 0)
PY
status=$?
[ "${BENCH_STRICT:-0}" = 1 ] && exit $status
exit 0
