// The DuckDB side of the query benchmark (bench/query_bench.sh): the same question as the Cairn
// side, over the table `street` that bench/duckdb_load.mjs created from the same files. Opens the
// database file read-only, runs the query once to warm (DuckDB reads the columns it needs from the
// file into its buffer pool), then RUNS times (default 10), timing each with process.hrtime from
// sending the SQL to having every result row in JavaScript. Prints one line of JSON on stdout:
// {"median_ms", "min_ms", "max_ms", "runs", "rows" (groups), "total" (events counted)}.
//
//   node bench/duckdb_query.mjs DB_FILE [ROWS_OUT.json]
//
// With ROWS_OUT.json, the answer's rows are also written there as [[month, force, count], ...],
// for query_bench.sh to compare with `cairn query --format csv`. DuckDB keeps its defaults
// (threads = number of cores, memory_limit = 80% of RAM).
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

// Node's own start-up and module loading, which DuckDB's native CLI would not pay.
const nodeStartupMs = performance.now();

const [dbFile, rowsOut] = process.argv.slice(2);
if (!dbFile) {
  console.error('usage: node duckdb_query.mjs DB_FILE [ROWS_OUT.json]');
  process.exit(2);
}
if (!fs.existsSync(dbFile)) {
  console.error(`${dbFile}: no such database file (run bench/duckdb_load.mjs first)`);
  process.exit(2);
}
const runs = Number(process.env.RUNS_DUCKDB ?? 10);

// The question: three conditions, grouped by two dimensions, counted.
const sql = `SELECT Month, "Falls within", count(*)::BIGINT AS count FROM street
WHERE "Crime type" IN ('Violence and sexual offences', 'Robbery', 'Possession of weapons')
  AND Month >= '2023-01' AND "Falls within" <> 'Force 02 Constabulary'
GROUP BY ALL ORDER BY ALL`;

// fresh_ms: DuckDB's time to its first answer in this fresh process, from opening the database
// file to the last result row (node's start-up excluded, reported apart as node_startup_ms).
const openStarted = process.hrtime.bigint();
const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();

async function once() {
  const started = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRows();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, rows };
}

const warm = await once();
const freshMs = Number(process.hrtime.bigint() - openStarted) / 1e6;
const times = [];
for (let i = 0; i < runs; i++) times.push((await once()).ms);
connection.closeSync();
instance.closeSync();

const sorted = [...times].sort((a, b) => a - b);
const mid = sorted.length >> 1;
const median = !sorted.length ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
const total = warm.rows.reduce((s, r) => s + Number(r[2]), 0);
if (rowsOut) {
  fs.writeFileSync(rowsOut, JSON.stringify(warm.rows.map((r) => [r[0], r[1], Number(r[2])])));
}
const round = (x) => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);
console.log(
  JSON.stringify({
    median_ms: round(median),
    min_ms: round(sorted[0]),
    max_ms: round(sorted[sorted.length - 1]),
    warm_ms: round(warm.ms),
    fresh_ms: round(freshMs),
    node_startup_ms: round(nodeStartupMs),
    runs,
    rows: warm.rows.length,
    total,
    times_ms: times.map(round),
  }),
);
