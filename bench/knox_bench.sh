#!/usr/bin/env bash
# Near-repeat benchmark: the Knox test (`cairn stats knox`) on 50,000 synthetic events with 999
# permutations (target: under 10 s), and in the same run a plain transcription in R of the
# NearRepeat package's algorithm (METHODS.md 4.1: dist() over all pairs, cut(right = FALSE),
# sample() the times, table() per permutation) beside Cairn on subsets of 1,000, 2,000 and 5,000
# events. Checks, independent of the seeds: the observed tables are identical, Cairn's expected
# equals R's row total × column total / pairs, and both simulated means lie within Monte Carlo
# tolerance of it (5 standard errors from R's simulated spread). Exits 1 if any answer disagrees.
#
#   bench/knox_bench.sh
#
# Environment: BUILD (default build), EVENTS (default 50000), PERMUTATIONS (default 999, Cairn on
# all events), SUBSETS (default "1000 2000 5000"), R_PERMUTATIONS (default 99: R compares every
# pair in every permutation, so 999 on 5,000 events takes about half an hour; Cairn runs the same
# number on the subsets), SPACE_BANDS, TIME_BANDS. Files go to bench/work/knox (git-ignored).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
WORK=$WORK/knox
EVENTS=${EVENTS:-50000}
PERMUTATIONS=${PERMUTATIONS:-999}
SUBSETS=${SUBSETS:-"1000 2000 5000"}
R_PERMUTATIONS=${R_PERMUTATIONS:-99}
SPACE_BANDS=${SPACE_BANDS:-0,1,200,400,600,800,1000,inf}
TIME_BANDS=${TIME_BANDS:-0,7,14,21,28,inf}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

log() { printf '== %s\n' "$*" >&2; }

# --- prerequisites ------------------------------------------------------------------------------
if ! command -v Rscript >/dev/null; then
  log "R is missing: installing the Debian package r-base-core"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-base-core
fi
if [ ! -x "$CAIRN" ]; then
  log "building Cairn (Release) into $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target cairn
fi
mkdir -p "$WORK"

# --- the events ---------------------------------------------------------------------------------
# A 60 km square of British National Grid (whole metres), a year of days (whole days): 60% of the
# events spread evenly, 30% around 40 centres (sd 800 m), and 10% true near repeats, each within
# 150 m and 1 to 10 days of an earlier event. Rows in random order, so the first k rows are a
# random subset.
cat >"$WORK/generate.R" <<'EOF'
args <- commandArgs(TRUE); n <- as.integer(args[1]); out <- args[2]
set.seed(20261210)
n_repeat <- round(0.1 * n); n_cluster <- round(0.3 * n); n_even <- n - n_repeat - n_cluster
cx <- runif(40, 305000, 355000); cy <- runif(40, 505000, 555000)
k <- sample(40, n_cluster, replace = TRUE)
x <- c(runif(n_even, 300000, 360000), rnorm(n_cluster, cx[k], 800))
y <- c(runif(n_even, 500000, 560000), rnorm(n_cluster, cy[k], 800))
t <- floor(runif(n - n_repeat, 0, 365))
src <- sample(n - n_repeat, n_repeat, replace = TRUE)
x <- c(x, x[src] + runif(n_repeat, -75, 75)); y <- c(y, y[src] + runif(n_repeat, -75, 75))
t <- c(t, t[src] + sample(1:10, n_repeat, replace = TRUE))
o <- sample(n)
write.csv(data.frame(x = round(x[o]), y = round(y[o]), t = t[o] + 19723), out, row.names = FALSE)
EOF

# --- NearRepeat's algorithm, transcribed -------------------------------------------------------
cat >"$WORK/nearrepeat.R" <<'EOF'
# As wsteenbeek/NearRepeat R/NearRepeat.R: all pairs by dist(), bands by cut(right = FALSE),
# the times permuted with sample() and the table counted again, nrep times.
args <- commandArgs(TRUE)
d <- read.csv(args[1]); n <- as.integer(args[2]); nrep <- as.integer(args[3])
sds <- as.numeric(strsplit(args[4], ",")[[1]]); tds <- as.numeric(strsplit(args[5], ",")[[1]])
cairn <- read.csv(args[6]); out <- args[7]
d <- d[seq_len(n), ]
set.seed(1)
elapsed <- system.time({
  s_dist <- dist(cbind(d$x, d$y), method = "manhattan")
  t_dist <- dist(d$t)
  spat_cut <- cut(s_dist, sds, right = FALSE)
  time_cut <- cut(t_dist, tds, right = FALSE)
  observed <- table(spat_cut, time_cut)
  sims <- array(0, dim = c(dim(observed), nrep))
  for (i in seq_len(nrep))
    sims[, , i] <- table(spat_cut, cut(dist(sample(d$t)), tds, right = FALSE))
  sim_mean <- apply(sims, 1:2, mean)
})[["elapsed"]]
pairs <- length(s_dist)
expected <- outer(as.vector(table(spat_cut)), as.vector(table(time_cut))) / pairs
sim_sd <- apply(sims, 1:2, sd)
# Cairn's rows are spatial band by spatial band, time bands within each: R's matrices by row.
byrow <- function(m) as.vector(t(m))
obs_ok <- identical(as.numeric(cairn$observed), as.numeric(byrow(observed)))
exp_ok <- isTRUE(all.equal(cairn$expected, byrow(expected), tolerance = 1e-12))
tol <- 5 * pmax(byrow(sim_sd), 1e-9) / sqrt(nrep) + 1e-9
r_ok <- all(abs(byrow(sim_mean) - byrow(expected)) <= tol)
c_ok <- all(abs(cairn$sim_mean - byrow(expected)) <= tol)
cat(sprintf("%d events, %s pairs: observed %s, expected %s, R sim mean %s, Cairn sim mean %s\n",
            n, format(pairs, big.mark = ","), if (obs_ok) "identical" else "DIFFERENT",
            if (exp_ok) "equal" else "DIFFERENT", if (r_ok) "within tolerance" else "OFF",
            if (c_ok) "within tolerance" else "OFF"))
writeLines(sprintf("%.3f %d", elapsed, as.integer(obs_ok && exp_ok && r_ok && c_ok)), out)
EOF

data=$WORK/events_$EVENTS.csv
if [ ! -f "$data" ]; then
  log "generating $EVENTS events"
  Rscript "$WORK/generate.R" "$EVENTS" "$data"
fi

seconds() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }
knox() {  # knox INPUT PERMUTATIONS OUTPUT -> wall seconds
  local start end
  start=$(seconds)
  "$CAIRN" stats knox --input "$1" --space-bands "$SPACE_BANDS" --time-bands "$TIME_BANDS" \
    --permutations "$2" --seed 1 --format csv >"$3" 2>"$3.log"
  end=$(seconds)
  python3 -c "print(f'{$end - $start:.3f}')"
}

status=0
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
echo "bands: space $SPACE_BANDS m, time $TIME_BANDS days, manhattan"
echo
echo "| events | permutations | Cairn s | R s | Cairn / R | answers |"
echo "|---:|---:|---:|---:|---:|---|"
for n in $SUBSETS; do
  head -n $((n + 1)) "$data" >"$WORK/subset_$n.csv"
  cairn_s=$(knox "$WORK/subset_$n.csv" "$R_PERMUTATIONS" "$WORK/cairn_$n.csv")
  Rscript "$WORK/nearrepeat.R" "$data" "$n" "$R_PERMUTATIONS" "$SPACE_BANDS" "$TIME_BANDS" \
    "$WORK/cairn_$n.csv" "$WORK/r_$n.txt" >"$WORK/r_$n.log" 2>&1 || { cat "$WORK/r_$n.log" >&2; status=1; continue; }
  read -r r_s agree <"$WORK/r_$n.txt"
  [ "$agree" = 1 ] || status=1
  ratio=$(python3 -c "print(f'{$cairn_s / $r_s:.2g}')")
  echo "| $n | $R_PERMUTATIONS | $cairn_s | $r_s | $ratio | $([ "$agree" = 1 ] && echo agree || echo DISAGREE: "$(cat "$WORK/r_$n.log")") |"
done
full_s=$(knox "$data" "$PERMUTATIONS" "$WORK/cairn_full.csv")
target=$(python3 -c "print('PASS' if $full_s < 10 else 'FAIL')")
echo "| $EVENTS | $PERMUTATIONS | $full_s | | | target 10 s: $target |"
echo
grep -m1 "Knox test" "$WORK/cairn_full.csv.log" || true
exit $status
