# Sourced by the benchmark scripts: where the repository, the build and the cairn binary are.
#   BUILD  build directory, absolute or relative to the repository (default: build)
# Sets ROOT, BENCH, BUILD (absolute), CAIRN and WORK (bench/work, git-ignored).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
CAIRN=$BUILD/cairn
WORK=$BENCH/work
