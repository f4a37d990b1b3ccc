#!/usr/bin/env bash
# Workbook-reading benchmark: Cairn's .xlsx reader (XlsxWorkbook, via build/cairn_xlsx_read) beside
# xlsx2csv (Debian package xlsx2csv, the usual command-line converter) in the same run, on one
# generated workbook: a header and ROWS data rows of 8 columns (numbers, shared strings, a date),
# about 55 MB as .xlsx (290 MiB of sheet XML) at the default million rows. Written by
# bench/xlsx_make_workbook.py (fixed seed) and kept in bench/work/xlsx while ROWS is unchanged.
#
#   bench/xlsx_bench.sh            ROWS=200000 bench/xlsx_bench.sh
#
# xlsx2csv runs with its defaults (`xlsx2csv -s 1 IN OUT`: no --merge-cells, no --hyperlinks,
# which are its slow options; it has no faster mode), writing the CSV to bench/work/xlsx. Cairn
# opens the workbook and streams every row, counting rows and cells. Figures: each process's wall
# seconds (python's and Cairn's start-up included), Cairn's own seconds around Open + ForEachRow,
# and the ratio Cairn/xlsx2csv of wall seconds (target: at most 1). Checks: both saw ROWS + 1 rows
# (exit 1 otherwise).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"
READER=$BUILD/cairn_xlsx_read
WORK=$WORK/xlsx
ROWS=${ROWS:-1000000}
PY=/usr/bin/python3  # the Debian python: `python3` may be a pyenv shim
mkdir -p "$WORK"

log() { printf '== %s\n' "$*" >&2; }
now() { date +%s.%N; }

command -v xlsx2csv >/dev/null || { echo "xlsx2csv is missing (apt-get install xlsx2csv)" >&2; exit 1; }
[ -x "$READER" ] || cmake --build "$BUILD" --target cairn_xlsx_read

BOOK=$WORK/rows$ROWS.xlsx
if [ ! -s "$BOOK" ] || [ "$BENCH/xlsx_make_workbook.py" -nt "$BOOK" ]; then
  log "writing $BOOK ($ROWS rows)"
  "$PY" "$BENCH/xlsx_make_workbook.py" "$BOOK.tmp" "$ROWS" && mv "$BOOK.tmp" "$BOOK"
fi
SIZE=$(stat -c %s "$BOOK")
cat "$BOOK" >/dev/null  # into the page cache for both

log "xlsx2csv"
t0=$(now)
xlsx2csv -s 1 "$BOOK" "$WORK/out.csv"
t1=$(now)
peer_rows=$(wc -l <"$WORK/out.csv")
rm -f "$WORK/out.csv"

log "cairn"
t2=$(now)
cairn_out=$("$READER" "$BOOK")
t3=$(now)
echo "$cairn_out"
cairn_rows=$(sed -E 's/.*rows=([0-9]+).*/\1/' <<<"$cairn_out")
cairn_read=$(sed -E 's/.*read_seconds=([0-9.]+).*/\1/' <<<"$cairn_out")

awk -v size="$SIZE" -v rows="$ROWS" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" \
    -v r="$cairn_read" 'BEGIN {
  p = t1 - t0; c = t3 - t2
  printf "workbook: %d data rows x 8 columns, %.1f MB (%d bytes)\n", rows, size / 1e6, size
  printf "%-10s %10s\n", "", "wall s"
  printf "%-10s %10.2f\n", "xlsx2csv", p
  printf "%-10s %10.2f   (of which Open + ForEachRow: %.2f s)\n", "cairn", c, r
  printf "cairn/xlsx2csv = %.3f (target <= 1): %s\n", c / p, (c <= p ? "PASS" : "FAIL")
}'
status=0
[ "$peer_rows" -eq $((ROWS + 1)) ] || { echo "xlsx2csv wrote $peer_rows rows, not $((ROWS + 1))" >&2; status=1; }
[ "$cairn_rows" -eq $((ROWS + 1)) ] || { echo "cairn read $cairn_rows rows, not $((ROWS + 1))" >&2; status=1; }
exit $status
