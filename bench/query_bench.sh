#!/usr/bin/env bash
# Query benchmark: one `cairn query` question (a --where with three conditions, grouped by two
# dimensions) over a synthetic national data.police.uk archive of about 20 million events, timed
# after the snapshot is loaded (bench/query_bench.cc, Google Benchmark), beside DuckDB
# (@duckdb/node-api, bench/duckdb_query.mjs) answering the same question over the same files
# loaded into a DuckDB table (bench/duckdb_load.mjs). Prints the snapshot's build and load times,
# each tool's median query time and their ratio, checks that both give the same groups and counts,
# and checks the target: the Cairn query answers in under 100 ms.
#
#   bench/query_bench.sh            (or `make bench`, which runs every benchmark via bench/run.sh)
#
# Environment: BUILD (default build), SCALE (override the synth scale), BENCH_STRICT=1 (exit 1
# when the target is missed; by default only a failed step or differing answers exit non-zero),
# DROP_ARCHIVE=1 (delete the 4.2 GB of CSVs once both tools have loaded them; also done
# automatically when less than 10 GiB would be left free).
# The archive is generated once into bench/work/national20m and loaded once into
# bench/work/q20m.db (Cairn) and bench/work/q20m.duckdb (DuckDB); all three are reused while the
# archive's parameters are unchanged (stamp: bench/work/q20m.loaded). Results also go to
# bench/work/query_result.json.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
QBENCH=$BUILD/cairn_query_bench
DATA=$WORK/national20m
CAIRN_DB=$WORK/q20m.db
DUCK_DB=$WORK/q20m.duckdb
LOADED=$WORK/q20m.loaded

# Archive parameters. At scale 1.1 the 43-force archive has about 6.0 million rows, so about 20
# million need scale 3.665 (seed 11 gives 20,005,285 rows in 1,548 files, 4.2 GiB).
FORCES=43
SEED=11
SCALE=${SCALE:-3.665}

# The question, asked of both tools. Cairn's `force` is the file's "Falls within" column and
# `category` its "Crime type".
WHERE='category in ("Violence and sexual offences", "Robbery", "Possession of weapons") and month >= "2023-01" and force != "Force 02 Constabulary"'
BY=month,force
TARGET_MS=100

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

log() { printf '== %s\n' "$*" >&2; }

# --- (a) prerequisites --------------------------------------------------------------------------
if [ ! -f /usr/include/benchmark/benchmark.h ]; then
  log "Google Benchmark is missing: installing the Debian package 'libbenchmark-dev'"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libbenchmark-dev
fi
if [ ! -x "$CAIRN" ] || [ ! -x "$QBENCH" ]; then
  log "building Cairn and cairn_query_bench (Release) into $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target cairn cairn_query_bench
fi
if [ ! -x /usr/bin/time ]; then
  log "/usr/bin/time is missing: installing the Debian package 'time' (GNU time, for peak memory)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time
fi
command -v node >/dev/null || { echo "node (Node.js, with npm) is needed for the DuckDB side" >&2; exit 2; }
if [ ! -d "$BENCH/node_modules/@duckdb/node-api" ]; then
  log "installing @duckdb/node-api (npm ci in bench/)"
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- helpers ------------------------------------------------------------------------------------
loadavg() { cut -d' ' -f1 /proc/loadavg; }
csv_count() { find "$DATA" -type f -name '*.csv' 2>/dev/null | wc -l; }

# --- (b) the archive and both loads, done once ----------------------------------------------------
mkdir -p "$WORK"
WANT="synth --only police-uk --forces $FORCES --scale $SCALE --seed $SEED"
if [ ! -f "$LOADED" ] || [ "$(head -n1 "$LOADED")" != "$WANT" ] ||
   [ ! -f "$CAIRN_DB" ] || [ ! -f "$DUCK_DB" ]; then
  rm -f "$LOADED"
  STAMP=$DATA/.generated
  if [ ! -f "$STAMP" ] || [ "$(head -n1 "$STAMP")" != "$WANT" ] ||
     [ "$(csv_count)" != "$(sed -n 2p "$STAMP" | cut -d' ' -f1)" ]; then
    log "generating the archive: cairn $WANT --out $DATA"
    rm -rf "$DATA"
    "$CAIRN" synth --out "$DATA" --only police-uk --forces "$FORCES" --scale "$SCALE" --seed "$SEED" \
      >"$WORK/synth20m.log" 2>&1 || { cat "$WORK/synth20m.log" >&2; exit 1; }
    # Data rows = lines minus one header per file (data.police.uk fields never contain newlines).
    files=$(csv_count)
    lines=$(find "$DATA" -type f -name '*.csv' -print0 | xargs -0 cat | wc -l)
    bytes=$(find "$DATA" -type f -name '*.csv' -print0 | du -cb --files0-from=- | tail -n1 | cut -f1)
    printf '%s\n%s %s %s\n' "$WANT" "$files" "$((lines - files))" "$bytes" >"$STAMP"
  fi
  read -r FILES ROWS BYTES < <(sed -n 2p "$STAMP")
  log "archive: $DATA: $FILES files, $ROWS data rows, $((BYTES / 1048576)) MiB ($WANT)"

  rm -f "$CAIRN_DB" "$CAIRN_DB-wal" "$CAIRN_DB-shm" "$CAIRN_DB-journal" "$CAIRN_DB.snapshot" "${CAIRN_DB%.db}.key"
  "$CAIRN" --db "$CAIRN_DB" init >/dev/null 2>&1
  log "loading Cairn: cairn --db $CAIRN_DB ingest police-uk $DATA   (load average $(loadavg))"
  rc=0
  /usr/bin/time -v -o "$WORK/q20m.ingest.time" "$CAIRN" --db "$CAIRN_DB" ingest police-uk "$DATA" \
    >"$WORK/q20m.ingest.log" 2>&1 || rc=$?
  # 0 = loaded; 3 = loaded with rejected rows (counted below). Anything else is a failed load.
  if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
    tail -n 20 "$WORK/q20m.ingest.log" >&2
    echo "cairn ingest failed (exit $rc); see $WORK/q20m.ingest.log" >&2
    exit 1
  fi
  tail -n 1 "$WORK/q20m.ingest.log" >&2
  log "loading DuckDB: node bench/duckdb_load.mjs $DATA $DUCK_DB   (load average $(loadavg))"
  /usr/bin/time -v -o "$WORK/q20m.duckdb_load.time" node "$BENCH/duckdb_load.mjs" "$DATA" "$DUCK_DB" \
    >"$WORK/q20m.duckdb_load.json" 2>"$WORK/q20m.duckdb_load.log" ||
    { cat "$WORK/q20m.duckdb_load.log" >&2; exit 1; }
  cat "$WORK/q20m.duckdb_load.json" >&2
  CAIRN_ROWS=$("$CAIRN" --db "$CAIRN_DB" status --json | json_field events)
  DUCK_ROWS=$(json_field rows <"$WORK/q20m.duckdb_load.json")
  log "loaded: cairn $CAIRN_ROWS events in $(wall_seconds "$WORK/q20m.ingest.time") s," \
    "duckdb $DUCK_ROWS rows in $(wall_seconds "$WORK/q20m.duckdb_load.time") s"
  if [ "$CAIRN_ROWS" != "$ROWS" ] || [ "$DUCK_ROWS" != "$ROWS" ]; then
    echo "row counts differ: cairn $CAIRN_ROWS, duckdb $DUCK_ROWS, archive $ROWS" >&2
    exit 1
  fi
  printf '%s\n%s %s %s\n' "$WANT" "$FILES" "$ROWS" "$BYTES" >"$LOADED"
  # Once both stores hold the archive the CSVs are not needed again (the stamp remembers them).
  free_gib=$(df -P --block-size=1G "$WORK" | awk 'NR == 2 { print $4 }')
  if [ "${DROP_ARCHIVE:-0}" = 1 ] || [ "$free_gib" -lt 10 ]; then
    log "deleting the archive's CSVs ($free_gib GiB free); both stores keep the data"
    find "$DATA" -type f -name '*.csv' -delete
  fi
fi
read -r FILES ROWS BYTES < <(sed -n 2p "$LOADED")
log "stores: $CAIRN_DB and $DUCK_DB: $ROWS events from $FILES files ($WANT)"

# --- (c) the answers: cairn query (the CLI, end to end) against DuckDB ---------------------------
log "cairn --db $CAIRN_DB query --where '$WHERE' --by $BY --format csv   (load average $(loadavg))"
/usr/bin/time -v -o "$WORK/query_cli.time" "$CAIRN" --db "$CAIRN_DB" query --where "$WHERE" \
  --by "$BY" --format csv >"$WORK/query_cairn.csv" 2>"$WORK/query_cli.log" ||
  { cat "$WORK/query_cli.log" >&2; echo "cairn query failed" >&2; exit 1; }
CLI_S=$(wall_seconds "$WORK/query_cli.time")
CLI_MIB=$(peak_mib "$WORK/query_cli.time")

log "node bench/duckdb_query.mjs $DUCK_DB   (load average $(loadavg))"
node "$BENCH/duckdb_query.mjs" "$DUCK_DB" "$WORK/query_duckdb_rows.json" >"$WORK/query_duckdb.json" \
  2>"$WORK/query_duckdb.log" || { cat "$WORK/query_duckdb.log" >&2; exit 1; }
cat "$WORK/query_duckdb.json" >&2

# Same groups, same counts: cairn's CSV (month,force,count) against DuckDB's rows.
read -r CAIRN_GROUPS CAIRN_SELECTED DUCK_GROUPS DUCK_SELECTED SAME < <(node -e '
const fs = require("fs");
const [csvFile, duckFile] = process.argv.slice(1);
const parse = (line) => {  // one CSV record; fields may be quoted
  const out = []; let f = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) { if (c === "\"" && line[i + 1] === "\"") { f += c; i++; } else if (c === "\"") q = false; else f += c; }
    else if (c === "\"") q = true; else if (c === ",") { out.push(f); f = ""; } else f += c;
  }
  out.push(f); return out;
};
const lines = fs.readFileSync(csvFile, "utf8").split("\n").filter((l) => l !== "");
const cairn = new Map(lines.slice(1).map((l) => { const [m, f, n] = parse(l); return [m + "\t" + f, +n]; }));
const duck = new Map(JSON.parse(fs.readFileSync(duckFile, "utf8")).map(([m, f, n]) => [m + "\t" + f, +n]));
let same = cairn.size === duck.size, shown = 0;
for (const [k, n] of duck) if (cairn.get(k) !== n) {
  same = false;
  if (shown++ < 5) console.error(`differs: ${k.replace("\t", " / ")}: cairn ${cairn.get(k)}, duckdb ${n}`);
}
for (const k of cairn.keys()) if (!duck.has(k) && shown++ < 10) console.error(`only in cairn: ${k}`);
const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(cairn.size, sum(cairn), duck.size, sum(duck), same ? "SAME" : "DIFFERENT");
' "$WORK/query_cairn.csv" "$WORK/query_duckdb_rows.json")
log "answers: cairn $CAIRN_GROUPS groups, $CAIRN_SELECTED events; duckdb $DUCK_GROUPS groups," \
  "$DUCK_SELECTED events: $SAME"

# --- (c2) one question in a fresh process, cache warm: cairn query against DuckDB ----------------
# Issue 10 item 6: `cairn query` end to end (process start to last row, the snapshot cache used in
# place) under 0.5 s, and the cache no larger than twice the store. DuckDB answers in a fresh node
# process too; its figure is from opening the file to the last row (node's start-up, which
# DuckDB's own CLI would not pay, is shown apart). The two alternate, E2E_RUNS times each.
E2E_RUNS=${E2E_RUNS:-5}
E2E_TARGET_S=0.5
log "fresh processes: cairn query and node bench/duckdb_query.mjs, $E2E_RUNS each, alternating" \
  "(load average $(loadavg))"
: >"$WORK/e2e_cairn.txt"
: >"$WORK/e2e_duckdb.txt"
for _ in $(seq "$E2E_RUNS"); do
  started=$EPOCHREALTIME
  "$CAIRN" --db "$CAIRN_DB" query --where "$WHERE" --by "$BY" --format csv >/dev/null 2>&1
  awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f\n", b - a }' >>"$WORK/e2e_cairn.txt"
  RUNS_DUCKDB=0 node "$BENCH/duckdb_query.mjs" "$DUCK_DB" >"$WORK/e2e_duckdb.json" 2>/dev/null
  node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log((j.fresh_ms / 1000).toFixed(4), (j.node_startup_ms / 1000).toFixed(4))' \
    <"$WORK/e2e_duckdb.json" >>"$WORK/e2e_duckdb.txt"
done
median_of() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
E2E_CAIRN=$(median_of <"$WORK/e2e_cairn.txt")
E2E_DUCK=$(cut -d' ' -f1 "$WORK/e2e_duckdb.txt" | median_of)
E2E_NODE=$(cut -d' ' -f2 "$WORK/e2e_duckdb.txt" | median_of)
STORE_MIB=$(du -m --apparent-size "$CAIRN_DB" | cut -f1)
CACHE_MIB=$(du -m --apparent-size "$CAIRN_DB.snapshot" | cut -f1)
log "end to end, median of $E2E_RUNS: cairn $E2E_CAIRN s, duckdb $E2E_DUCK s (+ node start-up" \
  "$E2E_NODE s); store $STORE_MIB MiB, snapshot cache $CACHE_MIB MiB"

# --- (d) the Cairn query after the snapshot is loaded (Google Benchmark) -------------------------
log "CAIRN_BENCH_DB=$CAIRN_DB $QBENCH   (load average $(loadavg))"
CAIRN_BENCH_DB=$CAIRN_DB CAIRN_BENCH_WHERE=$WHERE CAIRN_BENCH_BY=$BY \
  /usr/bin/time -v -o "$WORK/query_bench.time" "$QBENCH" \
  --benchmark_out="$WORK/query_bench.json" --benchmark_out_format=json \
  >"$WORK/query_bench.log" 2>&1 || { cat "$WORK/query_bench.log" >&2; exit 1; }
grep -E '^(snapshot|BM_.*median|peak)' "$WORK/query_bench.log" >&2
# BM_CairnQuery is the figure; BM_Selection and BM_Grouping are its two halves timed apart.
read -r BUILD_S LOAD_S CAIRN_MEDIAN CAIRN_MIN CAIRN_CV BENCH_SELECTED SEL_MEDIAN GROUP_MEDIAN \
  < <(node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const agg = (bm, name) =>
  j.benchmarks.find((b) => b.run_name.startsWith(bm + "/") && b.aggregate_name === name);
const ms = (b) => b.real_time * { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit];
const med = agg("BM_CairnQuery", "median"), min = agg("BM_CairnQuery", "min");
const cv = agg("BM_CairnQuery", "cv");
if (!med || med.error_occurred) { console.error("BM_CairnQuery gave no median"); process.exit(1); }
const part = (bm) => { const b = agg(bm, "median"); return b ? ms(b).toFixed(2) : "?"; };
console.log(j.context.snapshot_build_seconds, j.context.snapshot_load_seconds,
  ms(med).toFixed(2), ms(min).toFixed(2), cv ? (100 * cv.real_time).toFixed(1) : "?",
  med.selected, part("BM_Selection"), part("BM_Grouping"));
' "$WORK/query_bench.json")
BENCH_MIB=$(peak_mib "$WORK/query_bench.time")

DUCK_MEDIAN=$(json_field median_ms <"$WORK/query_duckdb.json")
DUCK_MIN=$(json_field min_ms <"$WORK/query_duckdb.json")
DUCK_VERSION=$(node -e 'console.log(require(process.argv[1]).version)' \
  "$BENCH/node_modules/@duckdb/node-api/package.json")
CAIRN_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]; then CAIRN_REV="$CAIRN_REV+local"; fi

# --- (e) the table -------------------------------------------------------------------------------
awk -v files="$FILES" -v rows="$ROWS" -v where="$WHERE" -v by="$BY" -v target="$TARGET_MS" \
    -v build="$BUILD_S" -v load="$LOAD_S" -v cmed="$CAIRN_MEDIAN" -v cmin="$CAIRN_MIN" \
    -v ccv="$CAIRN_CV" -v sel="$SEL_MEDIAN" -v grp="$GROUP_MEDIAN" \
    -v dmed="$DUCK_MEDIAN" -v dmin="$DUCK_MIN" -v cli="$CLI_S" -v climib="$CLI_MIB" \
    -v bmib="$BENCH_MIB" -v cg="$CAIRN_GROUPS" -v cs="$CAIRN_SELECTED" -v dg="$DUCK_GROUPS" \
    -v ds="$DUCK_SELECTED" -v bs="$BENCH_SELECTED" -v same="$SAME" \
    -v e2ec="$E2E_CAIRN" -v e2ed="$E2E_DUCK" -v e2en="$E2E_NODE" -v e2et="$E2E_TARGET_S" \
    -v runs="$E2E_RUNS" -v smib="$STORE_MIB" -v cmib="$CACHE_MIB" \
    -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    -v cores="$(nproc)" -v ram="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)" \
    -v dv="$DUCK_VERSION" -v rev="$CAIRN_REV" '
BEGIN {
  printf "\nQuery benchmark: %s events from %s files (data.police.uk street-level, synthetic)\n", rows, files
  printf "question: --where %s --by %s\n", where, by
  printf "machine: %s core(s), %s, %s GiB RAM; cairn %s, @duckdb/node-api %s\n\n", cores, cpu, ram, rev, dv
  printf "%-44s %12s\n", "measure", "value"
  printf "%-44s %10.2f s\n", "cairn snapshot build from the store (once)", build
  printf "%-44s %10.2f s\n", "cairn snapshot load, as cairn query (once)", load
  printf "%-44s %9.2f ms\n", "cairn query, median (min " cmin " ms, cv " ccv "%)", cmed
  printf "%-44s %9s ms\n", "  selection alone (PrepareSelection), median", sel
  printf "%-44s %9s ms\n", "  grouping alone (RunQuery), median", grp
  printf "%-44s %9.2f ms\n", "duckdb query, median (min " dmin " ms)", dmed
  printf "%-44s %12.2f\n", "cairn/duckdb", cmed / dmed
  printf "%-44s %10.2f s\n", "cairn query CLI end to end (peak " climib " MiB)", cli
  printf "%-44s %10.3f s\n", "fresh process, cairn query (median of " runs ")", e2ec
  printf "%-44s %10.3f s\n", "fresh process, duckdb open to last row", e2ed
  printf "%-44s %10.3f s\n", "  (node start-up, not counted)", e2en
  printf "%-44s %12.2f\n", "cairn/duckdb, fresh process", e2ec / e2ed
  printf "%-44s %8d MiB\n", "store", smib
  printf "%-44s %8d MiB\n", "snapshot cache (" sprintf("%.2f", cmib / smib) "x the store)", cmib
  printf "\ncairn query: %.2f ms (target < %d ms): %s\n", cmed, target, cmed < target ? "PASS" : "FAIL"
  printf "cairn query end to end: %.3f s (target < %.1f s): %s\n", e2ec, e2et, e2ec < e2et ? "PASS" : "FAIL"
  printf "snapshot cache: %.2fx the store (target <= 2): %s\n", cmib / smib, cmib <= 2 * smib ? "PASS" : "FAIL"
  printf "answers: cairn %d groups / %d events, duckdb %d groups / %d events, benchmark %d events: %s\n",
         cg, cs, dg, ds, bs, (same == "SAME" && bs == ds) ? "SAME" : "DIFFERENT"
}'

node -e '
const a = process.argv.slice(1);
const [files, rows, where, by, build, load, cmed, cmin, ccv, dmed, dmin, cli, climib, bmib, cg, cs,
  dg, ds, same, dv, rev, target, sel, grp, e2ec, e2ed, e2en, smib, cmib] = a;
const r = { date: new Date().toISOString(), files: +files, events: +rows, where, by,
  cairn: { snapshot_build_seconds: +build, snapshot_load_seconds: +load,
    query_median_ms: +cmed, query_min_ms: +cmin, query_cv_percent: +ccv, selection_median_ms: +sel, grouping_median_ms: +grp,
    cli_seconds: +cli, cli_peak_mib: +climib, bench_peak_mib: +bmib,
    groups: +cg, selected: +cs, revision: rev },
  duckdb: { query_median_ms: +dmed, query_min_ms: +dmin, groups: +dg, selected: +ds, version: dv },
  ratio: +(cmed / dmed).toFixed(4), answers_same: same === "SAME" };
r.target_ms = +target; r.target_met = +cmed < +target;
r.fresh_process = { cairn_seconds: +e2ec, duckdb_seconds: +e2ed, node_startup_seconds: +e2en,
  ratio: +(e2ec / e2ed).toFixed(4), target_seconds: 0.5, target_met: +e2ec < 0.5,
  store_mib: +smib, snapshot_cache_mib: +cmib, cache_target_met: +cmib <= 2 * +smib };
console.log(JSON.stringify(r, null, 2));' \
  "$FILES" "$ROWS" "$WHERE" "$BY" "$BUILD_S" "$LOAD_S" "$CAIRN_MEDIAN" "$CAIRN_MIN" "$CAIRN_CV" \
  "$DUCK_MEDIAN" "$DUCK_MIN" "$CLI_S" "$CLI_MIB" "$BENCH_MIB" "$CAIRN_GROUPS" "$CAIRN_SELECTED" \
  "$DUCK_GROUPS" "$DUCK_SELECTED" "$SAME" "$DUCK_VERSION" "$CAIRN_REV" "$TARGET_MS" \
  "$SEL_MEDIAN" "$GROUP_MEDIAN" "$E2E_CAIRN" "$E2E_DUCK" "$E2E_NODE" "$STORE_MIB" "$CACHE_MIB" \
  >"$WORK/query_result.json"

if [ "$SAME" != SAME ] || [ "$BENCH_SELECTED" != "$DUCK_SELECTED" ]; then
  echo "the answers differ: see $WORK/query_cairn.csv and $WORK/query_duckdb_rows.json" >&2
  exit 1
fi
if [ "${BENCH_STRICT:-0}" = 1 ]; then
  awk -v c="$CAIRN_MEDIAN" -v t="$TARGET_MS" 'BEGIN { exit !(c < t) }' || exit 1
fi
