#!/usr/bin/env bash
# Ingest benchmark: a synthetic national data.police.uk archive (43 forces x 36 months of
# street-level files, about 6 million rows in about 1,550 files) loaded into a fresh Cairn store,
# beside DuckDB (@duckdb/node-api, bench/duckdb_load.mjs) loading the same files into a fresh
# DuckDB database file. Prints rows, wall seconds, rows/s and peak resident memory for each, and
# checks the targets: Cairn takes at most one fifth of DuckDB's time, with peak memory under 2 GiB.
#
#   bench/ingest_bench.sh            (or `make bench`, which runs every benchmark via bench/run.sh)
#
# Environment: BUILD (default build), SCALE (override the synth scale), RUNS (default 1; with more,
# the tools run alternately and each one's fastest run is reported), BENCH_STRICT=1 (exit 1 when a
# target is missed; by default only a failed load or a row-count mismatch exits non-zero).
# The archive is generated once into bench/work/national (git-ignored) and reused while its
# parameters are unchanged; results also go to bench/work/ingest_result.json.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
DATA=$WORK/national
CAIRN_DB=$WORK/cairn.db
DUCK_DB=$WORK/duckdb.duckdb

# Archive parameters. SCALE was found by a trial: at scale 1 a synthetic force writes about
# 127,000 rows over 36 months (about 3,530 per force-month), so 6,000,000 rows over 43 forces x 36
# months needs scale 1.1 (seed 7 gives 6,003,352 rows in 1,548 files).
FORCES=43
SEED=7
SCALE=${SCALE:-1.1}

# --- (a) prerequisites --------------------------------------------------------------------------
if [ ! -x "$CAIRN" ]; then
  log "building Cairn (Release) into $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)"
fi
need_gnu_time
need_duckdb_node

# --- (b) the archive, generated once -------------------------------------------------------------
ensure_police_archive "$DATA" "$FORCES" "$SCALE" "$SEED"
STAMP=$DATA/.generated
WANT=$(head -n1 "$STAMP")
read -r FILES ROWS BYTES < <(sed -n 2p "$STAMP")
log "archive: $DATA: $FILES files, $ROWS data rows, $((BYTES / 1048576)) MiB ($WANT)"

# Both tools read the same files; read them once first so neither pays for a cold page cache.
find "$DATA" -type f -name '*.csv' -print0 | xargs -0 cat >/dev/null

# --- helpers (wall_seconds, cpu_seconds, peak_mib, json_field: bench/paths.sh) --------------------
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# --- (c) Cairn: a fresh store --------------------------------------------------------------------
run_cairn() {  # $1 = run number; leaves $WORK/cairn.$1.time
  rm -f "$CAIRN_DB" "$CAIRN_DB-wal" "$CAIRN_DB-shm" "$CAIRN_DB-journal" "${CAIRN_DB%.db}.key"
  "$CAIRN" --db "$CAIRN_DB" init >/dev/null 2>&1  # an empty store: creating it is not timed
  log "run $1/$RUNS: cairn --db $CAIRN_DB ingest police-uk $DATA   (load average $(loadavg))"
  local rc=0
  /usr/bin/time -v -o "$WORK/cairn.$1.time" "$CAIRN" --db "$CAIRN_DB" ingest police-uk "$DATA" \
    >"$WORK/cairn.log" 2>&1 || rc=$?
  # 0 = loaded; 3 = loaded with rejected rows (counted below). Anything else is a failed load.
  if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
    tail -n 20 "$WORK/cairn.log" >&2
    echo "cairn ingest failed (exit $rc); see $WORK/cairn.log" >&2
    exit 1
  fi
  tail -n 1 "$WORK/cairn.log" >&2
  CAIRN_ROWS=$("$CAIRN" --db "$CAIRN_DB" status --json | json_field events)
}

# --- (d) DuckDB: a fresh database file -----------------------------------------------------------
run_duckdb() {  # $1 = run number; leaves $WORK/duckdb.$1.time
  log "run $1/$RUNS: node bench/duckdb_load.mjs $DATA $DUCK_DB   (load average $(loadavg))"
  /usr/bin/time -v -o "$WORK/duckdb.$1.time" node "$BENCH/duckdb_load.mjs" "$DATA" "$DUCK_DB" \
    >"$WORK/duckdb.json" 2>"$WORK/duckdb.log" || { cat "$WORK/duckdb.log" >&2; exit 1; }
  DUCK_ROWS=$(json_field rows <"$WORK/duckdb.json")
  cat "$WORK/duckdb.json" >&2
}

# RUNS=N repeats the pair (interleaved, so background load hits both alike) and reports each
# tool's fastest run; peak memory is the largest seen.
RUNS=${RUNS:-1}
rm -f "$WORK"/cairn.*.time "$WORK"/duckdb.*.time
for ((r = 1; r <= RUNS; r++)); do
  run_cairn "$r"
  run_duckdb "$r"
done
best() {  # $1 = tool: prints "wall cpu peak" of its fastest run, peak = max over runs
  local f w c m bw="" bc="" bm=0
  for f in "$WORK/$1".*.time; do
    w=$(wall_seconds "$f"); c=$(cpu_seconds "$f"); m=$(peak_mib "$f")
    if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w bc=$c; fi
    [ "$m" -gt "$bm" ] && bm=$m
  done
  echo "$bw $bc $bm"
}
read -r CAIRN_S CAIRN_CPU CAIRN_MIB < <(best cairn)
read -r DUCK_S DUCK_CPU DUCK_MIB < <(best duckdb)
DUCK_VERSION=$(node -e 'console.log(require(process.argv[1]).version)' \
  "$BENCH/node_modules/@duckdb/node-api/package.json")
CAIRN_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]; then CAIRN_REV="$CAIRN_REV+local"; fi

# --- (e) the table -------------------------------------------------------------------------------
awk -v files="$FILES" -v rows="$ROWS" -v runs="$RUNS" \
    -v cr="$CAIRN_ROWS" -v cs="$CAIRN_S" -v cc="$CAIRN_CPU" -v cm="$CAIRN_MIB" \
    -v dr="$DUCK_ROWS" -v ds="$DUCK_S" -v dc="$DUCK_CPU" -v dm="$DUCK_MIB" \
    -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    -v cores="$(nproc)" -v ram="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)" \
    -v dv="$DUCK_VERSION" -v rev="$CAIRN_REV" '
BEGIN {
  printf "\nIngest benchmark: %s files, %s rows (data.police.uk street-level, synthetic)", files, rows
  if (runs > 1) printf "; fastest of %d runs", runs
  printf "\n"
  printf "machine: %s core(s), %s, %s GiB RAM; cairn %s, @duckdb/node-api %s\n\n", cores, cpu, ram, rev, dv
  printf "%-8s %10s %9s %11s %9s %9s\n", "tool", "rows", "seconds", "rows/s", "cpu s", "peak MiB"
  printf "%-8s %10d %9.2f %11.0f %9.2f %9d\n", "cairn", cr, cs, cr / cs, cc, cm
  printf "%-8s %10d %9.2f %11.0f %9.2f %9d\n", "duckdb", dr, ds, dr / ds, dc, dm
  ratio = cs / ds
  printf "\ncairn/duckdb time: %.3f (target <= 0.200): %s\n", ratio, ratio <= 0.2 ? "PASS" : "FAIL"
  printf "cairn peak memory: %d MiB (target < 2048 MiB): %s\n", cm, cm < 2048 ? "PASS" : "FAIL"
  printf "rows loaded: cairn %d, duckdb %d, archive %d: %s\n", cr, dr, rows,
         (cr == dr && dr == rows) ? "SAME" : "MISMATCH"
}'

node -e '
const [files, rows, runs, cr, cs, cc, cm, dr, ds, dc, dm, dv, rev] = process.argv.slice(1);
const r = { date: new Date().toISOString(), files: +files, archive_rows: +rows, runs: +runs,
  cairn: { rows: +cr, seconds: +cs, cpu_seconds: +cc, peak_mib: +cm, revision: rev },
  duckdb: { rows: +dr, seconds: +ds, cpu_seconds: +dc, peak_mib: +dm, version: dv },
  ratio: +(cs / ds).toFixed(4) };
r.time_target_met = r.ratio <= 0.2; r.memory_target_met = +cm < 2048;
console.log(JSON.stringify(r, null, 2));' \
  "$FILES" "$ROWS" "$RUNS" "$CAIRN_ROWS" "$CAIRN_S" "$CAIRN_CPU" "$CAIRN_MIB" \
  "$DUCK_ROWS" "$DUCK_S" "$DUCK_CPU" "$DUCK_MIB" "$DUCK_VERSION" "$CAIRN_REV" \
  >"$WORK/ingest_result.json"

if [ "$CAIRN_ROWS" != "$DUCK_ROWS" ] || [ "$DUCK_ROWS" != "$ROWS" ]; then
  echo "row counts differ: cairn $CAIRN_ROWS, duckdb $DUCK_ROWS, archive $ROWS" >&2
  exit 1
fi
if [ "${BENCH_STRICT:-0}" = 1 ]; then
  awk -v cs="$CAIRN_S" -v ds="$DUCK_S" -v cm="$CAIRN_MIB" \
    'BEGIN { exit !(cs / ds <= 0.2 && cm < 2048) }' || exit 1
fi
