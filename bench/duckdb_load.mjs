// The DuckDB side of the ingest benchmark (bench/ingest_bench.sh): loads every .csv under a
// directory (recursively) into one table of a fresh DuckDB database file, then prints
// {"rows": N, "files": F, "seconds": S} as one line of JSON on stdout.
//
//   node bench/duckdb_load.mjs DATA_DIR DB_FILE
//
// The files are data.police.uk street-level CSVs. The 12 columns are given explicitly (no
// sniffing, which would look at only a sample of 1,500 files): VARCHAR for all but Longitude and
// Latitude (DOUBLE), header=true, so every file and every row is read. DuckDB keeps its defaults
// (threads = number of cores, memory_limit = 80% of RAM); the time includes the final CHECKPOINT
// so the data is in the database file, as Cairn's is in its store when `cairn ingest` returns.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

const [dir, dbFile] = process.argv.slice(2);
if (!dir || !dbFile) {
  console.error('usage: node duckdb_load.mjs DATA_DIR DB_FILE');
  process.exit(2);
}

function countCsv(d) {
  let n = 0;
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) n += countCsv(path.join(d, e.name));
    else if (e.name.toLowerCase().endsWith('.csv')) n += 1;
  }
  return n;
}

const files = countCsv(dir);
if (files === 0) {
  console.error(`no .csv files under ${dir}`);
  process.exit(2);
}

// A fresh database: remove any earlier file and its WAL.
for (const f of [dbFile, `${dbFile}.wal`]) fs.rmSync(f, { force: true });

const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;
const glob = path.join(path.resolve(dir), '**', '*.csv');
const columns = {
  'Crime ID': 'VARCHAR',
  Month: 'VARCHAR',
  'Reported by': 'VARCHAR',
  'Falls within': 'VARCHAR',
  Longitude: 'DOUBLE',
  Latitude: 'DOUBLE',
  Location: 'VARCHAR',
  'LSOA code': 'VARCHAR',
  'LSOA name': 'VARCHAR',
  'Crime type': 'VARCHAR',
  'Last outcome category': 'VARCHAR',
  Context: 'VARCHAR',
};
const columnsSql =
  '{' + Object.entries(columns).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ') + '}';

const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(dbFile);
const connection = await instance.connect();
await connection.run(
  `CREATE TABLE street AS SELECT * FROM read_csv(${sqlString(glob)}, header = true, ` +
    `delim = ',', quote = '"', escape = '"', columns = ${columnsSql})`,
);
await connection.run('CHECKPOINT');
const reader = await connection.runAndReadAll('SELECT count(*)::BIGINT FROM street');
const rows = Number(reader.getRows()[0][0]);
connection.closeSync();
instance.closeSync();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

console.log(JSON.stringify({ rows, files, seconds: Number(seconds.toFixed(3)) }));
