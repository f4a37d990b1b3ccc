#include "store/postgres/schema.h"

namespace cairn::postgres {

const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: the shape SQLite's store reaches after its migrations 1-8 (store/sqlite/schema.cc),
      // with the same tables, columns and meanings, so that a store can move between the two and a
      // snapshot built from either is the same. The differences are PostgreSQL's: ids are given by
      // the backend (max + 1 under the store's write lock, so that a rolled-back batch leaves no
      // gap, as in SQLite), and the tables SQLite reads in rowid order have `seq`, an identity
      // that keeps the order rows were written in.
      R"sql(
CREATE TABLE source (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,           -- partner / agency, e.g. 'Cumbria Constabulary'
  extract TEXT NOT NULL,        -- extract kind, e.g. 'police-uk-street'
  UNIQUE (name, extract));
CREATE TABLE batch (
  id BIGINT PRIMARY KEY,
  source_id BIGINT NOT NULL REFERENCES source(id),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  period_from TEXT,             -- YYYY-MM
  period_to TEXT,
  profile TEXT NOT NULL,
  rows_read BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  events BIGINT NOT NULL,
  loaded_at TEXT NOT NULL,      -- UTC, ISO 8601
  superseded_by BIGINT REFERENCES batch(id));
CREATE INDEX batch_by_sha ON batch(sha256);
CREATE INDEX batch_by_period ON batch(source_id, period_from, period_to);
CREATE TABLE event_chunk (
  batch_id BIGINT PRIMARY KEY REFERENCES batch(id),
  first_event_id BIGINT NOT NULL,
  rows BIGINT NOT NULL,
  data BYTEA NOT NULL);         -- store/event_codec.h, byte for byte as in SQLite
CREATE TABLE person (
  id BIGINT PRIMARY KEY,
  pseudonym BYTEA NOT NULL UNIQUE,  -- HMAC-SHA256; no identifier is ever stored
  first_batch_id BIGINT NOT NULL REFERENCES batch(id));
CREATE TABLE involvement (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  event_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL REFERENCES person(id),
  role TEXT NOT NULL,           -- victim, suspect, offender, patient, witness
  age INTEGER,
  sex TEXT NOT NULL);
CREATE INDEX involvement_by_batch ON involvement(batch_id);
CREATE INDEX involvement_by_person ON involvement(person_id);
CREATE TABLE referral (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  person_id BIGINT NOT NULL REFERENCES person(id),
  programme TEXT NOT NULL, agency TEXT,
  referred_on TEXT, started_on TEXT, ended_on TEXT, outcome TEXT,
  source_line BIGINT);
CREATE INDEX referral_by_batch ON referral(batch_id);
CREATE TABLE justice_outcome (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  person_id BIGINT NOT NULL REFERENCES person(id),
  outcome_on TEXT, outcome_type TEXT NOT NULL, offence_code TEXT,
  source_line BIGINT);
CREATE INDEX justice_outcome_by_batch ON justice_outcome(batch_id);
CREATE TABLE area (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  lsoa_code TEXT NOT NULL, lsoa_name TEXT, district_code TEXT, district_name TEXT,
  csp TEXT, rural_urban TEXT, imd_rank BIGINT, imd_decile INTEGER);
CREATE INDEX area_by_batch ON area(batch_id);
CREATE INDEX area_by_lsoa ON area(lsoa_code);
CREATE TABLE area_population (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  lsoa_code TEXT NOT NULL, sex TEXT NOT NULL, age_band TEXT NOT NULL,
  population BIGINT NOT NULL);
CREATE INDEX area_population_by_batch ON area_population(batch_id);
CREATE TABLE area_shape (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  lsoa_code TEXT NOT NULL, lsoa_name TEXT,
  rings BIGINT NOT NULL, vertices BIGINT NOT NULL,
  geometry BYTEA NOT NULL);     -- store/shape_codec.h
CREATE INDEX area_shape_by_batch ON area_shape(batch_id);
CREATE TABLE reject (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  line BIGINT NOT NULL, column_name TEXT, value TEXT, reason TEXT NOT NULL);
CREATE INDEX reject_by_batch ON reject(batch_id);
CREATE TABLE finding (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  message TEXT NOT NULL);
CREATE INDEX finding_by_batch ON finding(batch_id);
CREATE TABLE area_figure (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  level TEXT NOT NULL, area_code TEXT NOT NULL, area_name TEXT NOT NULL,
  measure TEXT NOT NULL, period TEXT NOT NULL,
  value DOUBLE PRECISION);      -- NULL where the table shows a missing value
CREATE INDEX area_figure_by_batch ON area_figure(batch_id);
CREATE TABLE district_link (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  district_code TEXT NOT NULL, district_name TEXT, csp_code TEXT, csp_name TEXT,
  force_code TEXT NOT NULL, force_name TEXT);
CREATE INDEX district_link_by_batch ON district_link(batch_id);
CREATE TABLE reported_value (
  id BIGINT PRIMARY KEY,
  kpi TEXT NOT NULL, period TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, note TEXT,
  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,
  superseded_by BIGINT REFERENCES reported_value(id));
CREATE INDEX reported_value_by_kpi ON reported_value(kpi, period);
CREATE TABLE store_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO meta VALUES ('next_event_id', 1), ('data_version', 0),
  ('store_id', floor(random() * 9.2e18)::bigint), ('event_chunk_version', 4);
)sql",
      // 2: SQLite's migration 9, the accountability register.
      R"sql(
CREATE TABLE register_revision (
  id BIGINT PRIMARY KEY,
  item TEXT NOT NULL, kind TEXT NOT NULL,
  fields TEXT NOT NULL,
  note TEXT, origin TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX register_revision_by_item ON register_revision(item);
)sql",
      // 3: event chunks are zstd-compressed already (store/event_codec.h): the server keeps them
      // out of line without trying its own compression (pglz), which found nothing to gain and
      // was most of the server's time in a load (bench/README.md, PostgreSQL). The bytes are the
      // same; chunks written before stay as they are.
      R"sql(
ALTER TABLE event_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
)sql",
      // 4: SQLite's migration 10, training logs.
      R"sql(
CREATE TABLE training_attendance (
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  batch_id BIGINT NOT NULL REFERENCES batch(id),
  attendee BYTEA NOT NULL,      -- HMAC-SHA256; no identifier is ever stored
  agency TEXT NOT NULL, course TEXT NOT NULL, attended_on TEXT NOT NULL,
  understanding_before INTEGER, understanding_after INTEGER, understanding_scale INTEGER,
  feedback INTEGER, feedback_scale INTEGER,
  source_line BIGINT);
CREATE INDEX training_attendance_by_batch ON training_attendance(batch_id);
)sql",
      // 5: SQLite's migration 11, the day the partner delivered each file.
      R"sql(
ALTER TABLE batch ADD COLUMN received_on TEXT;  -- YYYY-MM-DD
UPDATE batch SET received_on = substr(loaded_at, 1, 10);
)sql",
  };
  return kMigrations;
}

}  // namespace cairn::postgres
