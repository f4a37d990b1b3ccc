#!/usr/bin/env bash
# Runs every benchmark in bench/ (`make bench` calls this after building): the ingest benchmark,
# then the PostgreSQL, query, SNA, spatial, lists, workbook-reading, KPI and near-repeat benchmarks. Each benchmark prints its
# own table; this exits non-zero if any of them fails.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

status=0
for b in ingest_bench.sh pg_ingest_bench.sh query_bench.sh sna_bench.sh spatial_bench.sh lists_bench.sh lists_large_bench.sh xlsx_bench.sh kpi_bench.sh knox_bench.sh; do
  echo "### bench/$b"
  "$BENCH/$b" || status=1
done
exit $status
