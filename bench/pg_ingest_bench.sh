#!/usr/bin/env bash
# PostgreSQL benchmark: the synthetic national data.police.uk archive of bench/ingest_bench.sh
# (43 forces x 36 months, about 6 million rows in 1,548 files) loaded, in the same run, into a
# fresh Cairn store on a PostgreSQL server, into a fresh SQLite store, and into DuckDB
# (bench/duckdb_load.mjs); then `cairn query` (the question of bench/query_bench.sh) and `cairn sna`
# on the server store and on the SQLite store, each twice. Prints wall seconds, CPU seconds of the
# client and of the server, peak memory and the ratios, and checks that both stores give the same
# answers. Targets: the PostgreSQL load within 2x of the SQLite load, and faster than DuckDB's.
#
#   bench/pg_ingest_bench.sh
#
# The server is the script's own: Debian's PostgreSQL 15 (`initdb`, then `postgres` in the
# foreground under GNU time, so the server's CPU time is measured too) in a temporary folder on
# the same disk as bench/work, on a Unix socket there and nothing else (listen_addresses=''), with
# PostgreSQL's default settings otherwise: fsync, synchronous_commit and full_page_writes on,
# shared_buffers 128 MB, max_wal_size 1 GB. It is stopped and removed when the script exits. As
# root, the server runs as the `postgres` user. The server is restarted for every load (a fresh
# database each time) and once more before the queries, so each load's server CPU is its own and
# the first query after the restart reads from a server whose buffers are cold (the operating
# system's page cache stays warm).
#
# Environment: BUILD (default build), SCALE (override the synth scale), RUNS (default 1; with more,
# the three loads run alternately and each one's fastest run is reported), FILES_LIMIT=N (load only
# the first N files of the archive, in path order: a documented subset when the whole is too slow),
# CAIRN_PG_BIN (default /usr/lib/postgresql/15/bin), ARCHIVE and SEED (another archive, e.g. the
# 20-million-event one of bench/query_bench.sh: ARCHIVE=bench/work/national20m SCALE=3.665 SEED=11),
# BENCH_STRICT=1 (exit 1 when a target is
# missed; by default only a failed step, a row-count mismatch or differing answers exit non-zero).
# Results also go to bench/work/pg_result.json.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
DATA=${ARCHIVE:-$WORK/national}
SQLITE_DB=$WORK/pgbench-sqlite.db
DUCK_DB=$WORK/pgbench.duckdb
KEY=$WORK/pgbench.key
PG_BIN=${CAIRN_PG_BIN:-/usr/lib/postgresql/15/bin}

# The archive of bench/ingest_bench.sh (same parameters, same folder, generated once).
FORCES=43
SEED=${SEED:-7}
SCALE=${SCALE:-1.1}
# The question of bench/query_bench.sh.
WHERE='category in ("Violence and sexual offences", "Robbery", "Possession of weapons") and month >= "2023-01" and force != "Force 02 Constabulary"'
BY=month,force

# --- (a) prerequisites --------------------------------------------------------------------------
if [ ! -x "$CAIRN" ]; then
  log "building Cairn (Release) into $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target cairn
fi
need_gnu_time
if [ ! -x "$PG_BIN/initdb" ]; then
  log "$PG_BIN/initdb is missing: installing Debian's 'postgresql' (or set CAIRN_PG_BIN)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
fi
need_duckdb_node

# --- (b) the archive, generated once (shared with bench/ingest_bench.sh) ------------------------
ensure_police_archive "$DATA" "$FORCES" "$SCALE" "$SEED"
STAMP=$DATA/.generated
WANT=$(head -n1 "$STAMP")
# What is loaded: the whole archive, or with FILES_LIMIT its first N files (hard links in a folder
# of their own, so every tool reads exactly the same files).
LOAD_DIR=$DATA
if [ -n "${FILES_LIMIT:-}" ]; then
  LOAD_DIR=$WORK/national-first$FILES_LIMIT
  rm -rf "$LOAD_DIR"
  mkdir -p "$LOAD_DIR"
  while IFS= read -r f; do
    rel=${f#"$DATA"/}
    mkdir -p "$LOAD_DIR/$(dirname "$rel")"
    ln "$f" "$LOAD_DIR/$rel"
  done < <(find "$DATA" -type f -name '*.csv' | sort | head -n "$FILES_LIMIT")
fi
FILES=$(find "$LOAD_DIR" -type f -name '*.csv' | wc -l)
LINES=$(find "$LOAD_DIR" -type f -name '*.csv' -print0 | xargs -0 cat | wc -l)
ROWS=$((LINES - FILES))  # data.police.uk fields never contain newlines: one header per file
log "loading $LOAD_DIR: $FILES files, $ROWS data rows ($WANT${FILES_LIMIT:+, first $FILES_LIMIT files})"
# Every tool reads the same files; read them once first so none pays for a cold page cache.
find "$LOAD_DIR" -type f -name '*.csv' -print0 | xargs -0 cat >/dev/null

# --- helpers (wall_seconds, cpu_seconds, peak_mib, json_field: bench/paths.sh) --------------------
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
seconds_of() {  # runs "$@" (output to $OUT), prints the wall seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$OUT" 2>>"$WORK/pgbench.err" || { tail -n 20 "$WORK/pgbench.err" >&2; echo "failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

# --- (c) the server ------------------------------------------------------------------------------
PG_DIR=$(mktemp -d "$WORK/pg.XXXXXX")
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$PG_DIR"
  AS=(runuser -u postgres --)
fi
PG_PID=""
stop_server() {
  [ -n "$PG_PID" ] || return 0
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
  wait "$PG_PID" || true
  PG_PID=""
}
cleanup() {
  stop_server || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U cairn --auth=trust -E UTF8 --no-locale \
  >"$WORK/pgbench.initdb.log" 2>&1 || { cat "$WORK/pgbench.initdb.log" >&2; exit 1; }
start_server() {  # $1 = file for GNU time's figures on the server (all its processes), in $PG_DIR
  "${AS[@]}" /usr/bin/time -v -o "$1" "$PG_BIN/postgres" -D "$PG_DIR/data" -k "$PG_DIR" \
    -c listen_addresses='' >>"$WORK/pgbench.server.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 120); do
    "$PG_BIN/pg_isready" -q -h "$PG_DIR" && return 0
    sleep 0.5
  done
  tail -n 20 "$WORK/pgbench.server.log" >&2
  echo "the benchmark's PostgreSQL server did not start" >&2
  exit 1
}
psql_admin() { PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -h "$PG_DIR" -U cairn -d postgres -qAtX -c "$1"; }
PG_DB="postgresql:///cairn_bench?host=$PG_DIR&user=cairn"
PG_VERSION=$("$PG_BIN/postgres" --version | awk '{ print $3 }')

# --- (d) the three loads -------------------------------------------------------------------------
check_ingest() {  # $1 = exit status, $2 = log
  # 0 = loaded; 3 = loaded with rejected rows (counted by the caller). Anything else failed.
  if [ "$1" -ne 0 ] && [ "$1" -ne 3 ]; then
    tail -n 20 "$2" >&2
    echo "cairn ingest failed (exit $1); see $2" >&2
    exit 1
  fi
  tail -n 1 "$2" >&2
}

run_sqlite() {  # $1 = run number
  rm -f "$SQLITE_DB" "$SQLITE_DB-wal" "$SQLITE_DB-shm" "$SQLITE_DB-journal" "$SQLITE_DB.snapshot"
  "$CAIRN" --db "$SQLITE_DB" --key "$KEY" init >/dev/null 2>&1  # not timed
  log "run $1/$RUNS: cairn --db $SQLITE_DB ingest police-uk $LOAD_DIR   (load average $(loadavg))"
  local rc=0
  /usr/bin/time -v -o "$WORK/pgbench.sqlite.$1.time" "$CAIRN" --db "$SQLITE_DB" ingest police-uk \
    "$LOAD_DIR" >"$WORK/pgbench.sqlite.log" 2>&1 || rc=$?
  check_ingest $rc "$WORK/pgbench.sqlite.log"
  SQLITE_ROWS=$("$CAIRN" --db "$SQLITE_DB" status --json | json_field events)
}

run_pg() {  # $1 = run number
  start_server "$PG_DIR/server.$1.time"
  psql_admin "DROP DATABASE IF EXISTS cairn_bench"
  psql_admin "CREATE DATABASE cairn_bench"
  "$CAIRN" --db "$PG_DB" --key "$KEY" init >/dev/null 2>&1  # not timed
  log "run $1/$RUNS: cairn --db postgresql:///cairn_bench?host=... ingest police-uk $LOAD_DIR   (load average $(loadavg))"
  local rc=0
  /usr/bin/time -v -o "$WORK/pgbench.pg.$1.time" "$CAIRN" --db "$PG_DB" ingest police-uk \
    "$LOAD_DIR" >"$WORK/pgbench.pg.log" 2>&1 || rc=$?
  check_ingest $rc "$WORK/pgbench.pg.log"
  PG_ROWS=$("$CAIRN" --db "$PG_DB" status --json | json_field events)
  PG_MIB=$(psql_admin "SELECT pg_database_size('cairn_bench') / 1048576")
  stop_server
}

run_duckdb() {  # $1 = run number
  rm -f "$DUCK_DB" "$DUCK_DB.wal"
  log "run $1/$RUNS: node bench/duckdb_load.mjs $LOAD_DIR $DUCK_DB   (load average $(loadavg))"
  /usr/bin/time -v -o "$WORK/pgbench.duckdb.$1.time" node "$BENCH/duckdb_load.mjs" "$LOAD_DIR" \
    "$DUCK_DB" >"$WORK/pgbench.duckdb.json" 2>"$WORK/pgbench.duckdb.log" ||
    { cat "$WORK/pgbench.duckdb.log" >&2; exit 1; }
  DUCK_ROWS=$(json_field rows <"$WORK/pgbench.duckdb.json")
}

RUNS=${RUNS:-1}
rm -f "$WORK"/pgbench.*.time "$WORK/pgbench.err" "$WORK/pgbench.server.log"
LOAD_BEFORE=$(loadavg)
for ((r = 1; r <= RUNS; r++)); do
  run_sqlite "$r"
  run_pg "$r"
  run_duckdb "$r"
done
best() {  # $1 = tool: prints "wall cpu peak run" of its fastest run, peak = max over runs
  local f w c m bw="" bc="" bm=0 br=""
  for f in "$WORK/pgbench.$1".*.time; do
    w=$(wall_seconds "$f"); c=$(cpu_seconds "$f"); m=$(peak_mib "$f")
    if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
      bw=$w bc=$c br=${f%.time}; br=${br##*.}
    fi
    [ "$m" -gt "$bm" ] && bm=$m
  done
  echo "$bw $bc $bm $br"
}
read -r SQLITE_S SQLITE_CPU SQLITE_MIB _ < <(best sqlite)
read -r PG_S PG_CPU PG_CLIENT_MIB PG_RUN < <(best pg)
read -r DUCK_S DUCK_CPU DUCK_MIB _ < <(best duckdb)
# The server's CPU during the fastest PostgreSQL load (its start, the CREATE DATABASE and `cairn
# init` are in it too: a few hundredths of a second).
SERVER_CPU=$(cpu_seconds "$PG_DIR/server.$PG_RUN.time")
SQLITE_STORE_MIB=$(($(stat -c %s "$SQLITE_DB") / 1048576))

# --- (e) query and SNA, on the server store and on the SQLite store ------------------------------
start_server "$PG_DIR/server.queries.time"
log "queries (load average $(loadavg))"
q() { "$CAIRN" --db "$1" query --where "$WHERE" --by "$BY" --format csv; }
sna() { "$CAIRN" --db "$1" sna --from 2024-01 --to 2024-12 --out "$WORK/pgbench.$2.html" --json "$WORK/pgbench.$2.json"; }
OUT=$WORK/pgbench.pg.query1.csv; PG_Q1=$(seconds_of q "$PG_DB")
OUT=$WORK/pgbench.pg.query2.csv; PG_Q2=$(seconds_of q "$PG_DB")
OUT=/dev/null; PG_SNA1=$(seconds_of sna "$PG_DB" pg-sna)
OUT=/dev/null; PG_SNA2=$(seconds_of sna "$PG_DB" pg-sna)
OUT=$WORK/pgbench.sqlite.query1.csv; SQLITE_Q1=$(seconds_of q "$SQLITE_DB")  # builds the cache
OUT=$WORK/pgbench.sqlite.query2.csv; SQLITE_Q2=$(seconds_of q "$SQLITE_DB")  # reads it
rm -f "$SQLITE_DB.snapshot"
OUT=/dev/null; SQLITE_SNA1=$(seconds_of sna "$SQLITE_DB" sqlite-sna)
OUT=/dev/null; SQLITE_SNA2=$(seconds_of sna "$SQLITE_DB" sqlite-sna)
stop_server
LOAD_AFTER=$(loadavg)
SAME_QUERY=$(cmp -s "$WORK/pgbench.pg.query1.csv" "$WORK/pgbench.sqlite.query1.csv" &&
             cmp -s "$WORK/pgbench.pg.query2.csv" "$WORK/pgbench.sqlite.query2.csv" && echo SAME || echo DIFFERENT)
SAME_SNA=$(cmp -s "$WORK/pgbench.pg-sna.json" "$WORK/pgbench.sqlite-sna.json" && echo SAME || echo DIFFERENT)
NGROUPS=$(($(wc -l <"$WORK/pgbench.pg.query1.csv") - 1))

DUCK_VERSION=$(node -e 'console.log(require(process.argv[1]).version)' \
  "$BENCH/node_modules/@duckdb/node-api/package.json")
CAIRN_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
if [ -n "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ]; then CAIRN_REV="$CAIRN_REV+local"; fi

# --- (f) the table -------------------------------------------------------------------------------
awk -v files="$FILES" -v rows="$ROWS" -v runs="$RUNS" -v limit="${FILES_LIMIT:-}" \
    -v sr="$SQLITE_ROWS" -v ss="$SQLITE_S" -v sc="$SQLITE_CPU" -v sm="$SQLITE_MIB" -v sz="$SQLITE_STORE_MIB" \
    -v pr="$PG_ROWS" -v ps="$PG_S" -v pc="$PG_CPU" -v pm="$PG_CLIENT_MIB" -v pz="$PG_MIB" -v sv="$SERVER_CPU" \
    -v dr="$DUCK_ROWS" -v ds="$DUCK_S" -v dc="$DUCK_CPU" -v dm="$DUCK_MIB" \
    -v pq1="$PG_Q1" -v pq2="$PG_Q2" -v pn1="$PG_SNA1" -v pn2="$PG_SNA2" \
    -v sq1="$SQLITE_Q1" -v sq2="$SQLITE_Q2" -v sn1="$SQLITE_SNA1" -v sn2="$SQLITE_SNA2" \
    -v same_q="$SAME_QUERY" -v same_s="$SAME_SNA" -v groups="$NGROUPS" \
    -v la0="$LOAD_BEFORE" -v la1="$LOAD_AFTER" \
    -v cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    -v cores="$(nproc)" -v pgv="$PG_VERSION" -v dv="$DUCK_VERSION" -v rev="$CAIRN_REV" '
BEGIN {
  printf "\nPostgreSQL benchmark: %s files, %s rows (data.police.uk street-level, synthetic", files, rows
  if (limit != "") printf "; the first %s files of the archive", limit
  printf ")"
  if (runs > 1) printf "; fastest of %d runs", runs
  printf "\nmachine: %s core(s), %s; cairn %s, PostgreSQL %s (defaults, Unix socket), @duckdb/node-api %s\n", cores, cpu, rev, pgv, dv
  printf "load average (1, 5, 15 min): %s before, %s after\n\n", la0, la1
  printf "%-10s %10s %9s %11s %9s %9s %9s %9s\n", "load", "rows", "seconds", "rows/s", "cpu s", "server s", "peak MiB", "store MiB"
  printf "%-10s %10d %9.2f %11.0f %9.2f %9s %9d %9d\n", "sqlite", sr, ss, sr / ss, sc, "-", sm, sz
  printf "%-10s %10d %9.2f %11.0f %9.2f %9.2f %9d %9d\n", "postgres", pr, ps, pr / ps, pc, sv, pm, pz
  printf "%-10s %10d %9.2f %11.0f %9.2f %9s %9d %9s\n", "duckdb", dr, ds, dr / ds, dc, "-", dm, "-"
  r1 = ps / ss; r2 = ps / ds
  printf "\npostgres/sqlite time: %.3f (target <= 2): %s\n", r1, r1 <= 2 ? "PASS" : "FAIL"
  printf "postgres/duckdb time: %.3f (target < 1): %s\n", r2, r2 < 1 ? "PASS" : "FAIL"
  printf "rows loaded: sqlite %d, postgres %d, duckdb %d, files %d: %s\n", sr, pr, dr, rows,
         (sr == pr && pr == dr && dr == rows) ? "SAME" : "MISMATCH"
  printf "\n%-34s %12s %12s\n", "wall seconds", "postgres", "sqlite"
  printf "%-34s %12.2f %12.2f\n", "cairn query, 1st (sqlite: no cache)", pq1, sq1
  printf "%-34s %12.2f %12.2f\n", "cairn query, 2nd (sqlite: cache)", pq2, sq2
  printf "%-34s %12.2f %12.2f\n", "cairn sna, 1st (sqlite: no cache)", pn1, sn1
  printf "%-34s %12.2f %12.2f\n", "cairn sna, 2nd (sqlite: cache)", pn2, sn2
  printf "query answers (%d groups): %s; SNA JSON: %s\n", groups, same_q, same_s
}'

node -e '
const a = process.argv.slice(1);
const [files, rows, runs, limit, sr, ss, sc, sm, pr, ps, pc, sv, pm, pz, dr, ds, dc, dm,
       pq1, pq2, pn1, pn2, sq1, sq2, sn1, sn2, same_q, same_s, la0, la1, pgv, dv, rev] = a;
const r = { date: new Date().toISOString(), files: +files, rows: +rows, runs: +runs,
  files_limit: limit ? +limit : null, load_average_before: la0, load_average_after: la1,
  revision: rev, postgresql: pgv, duckdb_version: dv,
  sqlite: { rows: +sr, seconds: +ss, cpu_seconds: +sc, peak_mib: +sm },
  postgres: { rows: +pr, seconds: +ps, cpu_seconds: +pc, server_cpu_seconds: +sv, peak_mib: +pm,
              database_mib: +pz },
  duckdb: { rows: +dr, seconds: +ds, cpu_seconds: +dc, peak_mib: +dm },
  pg_over_sqlite: +(ps / ss).toFixed(4), pg_over_duckdb: +(ps / ds).toFixed(4),
  query_seconds: { postgres: [+pq1, +pq2], sqlite_build_then_cache: [+sq1, +sq2] },
  sna_seconds: { postgres: [+pn1, +pn2], sqlite_build_then_cache: [+sn1, +sn2] },
  same_query_answers: same_q === "SAME", same_sna_json: same_s === "SAME" };
console.log(JSON.stringify(r, null, 2));' \
  "$FILES" "$ROWS" "$RUNS" "${FILES_LIMIT:-}" "$SQLITE_ROWS" "$SQLITE_S" "$SQLITE_CPU" "$SQLITE_MIB" \
  "$PG_ROWS" "$PG_S" "$PG_CPU" "$SERVER_CPU" "$PG_CLIENT_MIB" "$PG_MIB" \
  "$DUCK_ROWS" "$DUCK_S" "$DUCK_CPU" "$DUCK_MIB" \
  "$PG_Q1" "$PG_Q2" "$PG_SNA1" "$PG_SNA2" "$SQLITE_Q1" "$SQLITE_Q2" "$SQLITE_SNA1" "$SQLITE_SNA2" \
  "$SAME_QUERY" "$SAME_SNA" "$LOAD_BEFORE" "$LOAD_AFTER" "$PG_VERSION" "$DUCK_VERSION" "$CAIRN_REV" \
  >"$WORK/pg_result.json"

if [ "$SQLITE_ROWS" != "$PG_ROWS" ] || [ "$PG_ROWS" != "$DUCK_ROWS" ] || [ "$DUCK_ROWS" != "$ROWS" ]; then
  echo "row counts differ: sqlite $SQLITE_ROWS, postgres $PG_ROWS, duckdb $DUCK_ROWS, files $ROWS" >&2
  exit 1
fi
if [ "$SAME_QUERY" != SAME ] || [ "$SAME_SNA" != SAME ]; then
  echo "the two stores answer differently: query $SAME_QUERY, SNA JSON $SAME_SNA (bench/work/pgbench.*)" >&2
  exit 1
fi
if [ "${BENCH_STRICT:-0}" = 1 ]; then
  awk -v ps="$PG_S" -v ss="$SQLITE_S" -v ds="$DUCK_S" 'BEGIN { exit !(ps / ss <= 2 && ps < ds) }' || exit 1
fi
