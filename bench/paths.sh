# Sourced by the benchmark scripts: where the repository, the build and the cairn binary are.
#   BUILD  build directory, absolute or relative to the repository (default: build)
# Sets ROOT, BENCH, BUILD (absolute), CAIRN and WORK (bench/work, git-ignored).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
CAIRN=$BUILD/cairn
WORK=$BENCH/work

# Builds the synthetic county into $1 with `cairn demo` unless it is there already.
ensure_demo() {
  local dir=$1
  mkdir -p "$WORK"
  [ -f "$dir/cairn.db" ] && return 0
  printf '== building the synthetic county: cairn demo --out %s\n' "$dir" >&2
  rm -rf "$dir"
  "$CAIRN" demo --out "$dir" >/dev/null 2>"$dir.log" || { cat "$dir.log" >&2; return 1; }
}

SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
log() { printf '== %s\n' "$*" >&2; }

# Installs what most benchmarks need, if missing: GNU time (wall time and peak memory) and the
# DuckDB side (Node.js must be there; @duckdb/node-api from the committed lock file).
need_gnu_time() {
  [ -x /usr/bin/time ] && return 0
  log "/usr/bin/time is missing: installing the Debian package 'time' (GNU time, for peak memory)"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time
}
need_duckdb_node() {
  command -v node >/dev/null || { echo "node (Node.js, with npm) is needed for the DuckDB side" >&2; exit 2; }
  [ -d "$BENCH/node_modules/@duckdb/node-api" ] && return 0
  log "installing @duckdb/node-api (npm ci in bench/)"
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error)
}

# The synthetic national data.police.uk archive in $1 (cairn synth --only police-uk with $2 forces,
# scale $3, seed $4), generated once: a stamp in the folder names the parameters, then files, data
# rows and bytes (data.police.uk fields never contain newlines, so rows = lines - one header each).
ensure_police_archive() {
  local data=$1 forces=$2 scale=$3 seed=$4
  local stamp=$data/.generated want="synth --only police-uk --forces $forces --scale $scale --seed $seed"
  mkdir -p "$WORK"
  [ -f "$stamp" ] && [ "$(head -n1 "$stamp")" = "$want" ] && return 0
  log "generating the archive: cairn $want --out $data"
  rm -rf "$data"
  "$CAIRN" synth --out "$data" --only police-uk --forces "$forces" --scale "$scale" --seed "$seed" \
    >"$WORK/synth.log" 2>&1 || { cat "$WORK/synth.log" >&2; exit 1; }
  local files lines bytes
  files=$(find "$data" -type f -name '*.csv' | wc -l)
  lines=$(find "$data" -type f -name '*.csv' -print0 | xargs -0 cat | wc -l)
  bytes=$(find "$data" -type f -name '*.csv' -print0 | du -cb --files0-from=- | tail -n1 | cut -f1)
  printf '%s\n%s %s %s\n' "$want" "$files" "$((lines - files))" "$bytes" >"$stamp"
}

# Figures from a GNU `time -v` file, and one field of a JSON object on stdin.
wall_seconds() {  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
  awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"
}
cpu_seconds() {  # user + system
  awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"
}
peak_mib() {  # "Maximum resident set size (kbytes): 123456"
  awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"
}
json_field() { node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(j[process.argv[1]])' "$1"; }
