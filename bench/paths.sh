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
