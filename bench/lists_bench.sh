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

"$BENCH/time_lists.py" "$CAIRN" "$DEMO/cairn.db" "$TARGET" 5 matac da30 asb-review county-lines \
  repeat-victims repeat-suspects repeat-locations
status=$?
[ "${BENCH_STRICT:-0}" = 1 ] && exit $status
exit 0
