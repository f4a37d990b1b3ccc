#!/usr/bin/env bash
# KPI benchmark: wall time, process start to exit (fastest of five, warm snapshot cache), of the
# whole KPI catalogue computed (`cairn kpi compute --format json`) and of the quarterly report
# written (`cairn kpi report --out ... --json ...`), on the synthetic county that `cairn demo`
# builds and, when bench/query_bench.sh has built it, on its 20-million-event national store
# (bench/work/q20m.db; data.police.uk rows only, so the catalogue's partner KPIs find nothing,
# but every event is still selected and grouped). Targets from issue 11: under 1 s for the
# county, under 5 s for 20 million events. No peer: partnerships compute these by hand. The
# register report and the partners' brief (issue 13, no target of its own: held to the KPI
# report's, as the brief computes every KPI) are timed the same way.
#
#   bench/kpi_bench.sh     (BUILD=dir to use another build)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
DEMO=$WORK/kpi-demo

log() { printf '== %s\n' "$*" >&2; }

ensure_demo "$DEMO" || exit 1

run() {  # store target label
  local db=$1 target=$2 label=$3
  [ -f "$db" ] || { log "$label: $db not built (run bench/query_bench.sh); skipped"; return 0; }
  "$CAIRN" --db "$db" query >/dev/null 2>&1  # warm the snapshot cache
  python3 - "$CAIRN" "$db" "$target" "$label" "$WORK" <<'PY'
import subprocess, sys, time
cairn, db, target, label, work = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
events = subprocess.run([cairn, "--db", db, "status", "--json"], capture_output=True,
                        check=True).stdout
import json
events = json.loads(events)["events"]
for what, args in [("kpi compute (every KPI, JSON)", ["kpi", "compute", "--format", "json"]),
                   ("kpi report (HTML + JSON)",
                    ["kpi", "report", "--out", f"{work}/kpi-bench.html", "--json",
                     f"{work}/kpi-bench.json", "--force"]),
                   ("register report (HTML)",
                    ["register", "report", "--as-of", "2025-01-31", "--out",
                     f"{work}/register-bench.html", "--force"]),
                   ("brief --partners (HTML)",
                    ["brief", "--partners", "--as-of", "2025-01-31", "--out",
                     f"{work}/brief-bench.html", "--force"])]:
    best = None
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([cairn, "--db", db] + args, capture_output=True, check=True)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    verdict = "PASS" if best < target else "MISS"
    print(f"{label:<22} {events:>11,} events  {what:<32} {best:7.3f} s  target {target:g} s  {verdict}")
PY
}

run "$DEMO/cairn.db" 1 "synthetic county"
run "$WORK/q20m.db" 5 "national (20M)"
