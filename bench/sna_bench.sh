#!/usr/bin/env bash
# SNA benchmark: wall time of `cairn sna` for one year (a) on the default synthetic county (made
# with `cairn demo` into bench/work/demo if missing) and (b) on the 20-million-event national store
# of the query benchmark (bench/work/q20m.db, made by bench/query_bench.sh), each run three times
# with a warm snapshot cache; prints the fastest. Targets (issue 4): under 1 s and under 10 s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
mkdir -p "$WORK"
[ -f "$WORK/demo/cairn.db" ] || "$CAIRN" demo --out "$WORK/demo" >/dev/null 2>&1

fastest() {  # $1 = store; prints the fastest of three wall times in seconds
  local best="" t
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$CAIRN" --db "$1" sna --from 2024-01 --to 2024-12 --out "$WORK/sna-bench.html" \
      --json "$WORK/sna-bench.json" >/dev/null 2>&1
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

county=$(fastest "$WORK/demo/cairn.db")
printf '%-44s %8s s  (target < 1 s): %s\n' "SNA, synthetic county (~240k events)" "$county" \
  "$(awk -v t="$county" 'BEGIN { print (t < 1 ? "PASS" : "FAIL") }')"
if [ -f "$WORK/q20m.db" ]; then
  national=$(fastest "$WORK/q20m.db")
  printf '%-44s %8s s  (target < 10 s): %s\n' "SNA, national store (20M events)" "$national" \
    "$(awk -v t="$national" 'BEGIN { print (t < 10 ? "PASS" : "FAIL") }')"
else
  echo "SNA, national store: skipped (run bench/query_bench.sh first to build bench/work/q20m.db)"
fi
