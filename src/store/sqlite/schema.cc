#include "store/sqlite/schema.h"

namespace cairn::sqlite {

const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: the foundation. Every data row carries its batch_id (lineage). Events are stored
      // column-wise, one compressed chunk per batch (store/event_codec.h).
      R"sql(
CREATE TABLE source (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,           -- partner / agency, e.g. 'Cumbria Constabulary'
  extract TEXT NOT NULL,        -- extract kind, e.g. 'police-uk-street'
  UNIQUE (name, extract));
CREATE TABLE batch (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source(id),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  period_from TEXT,             -- YYYY-MM
  period_to TEXT,
  profile TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_loaded INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  events INTEGER NOT NULL,
  loaded_at TEXT NOT NULL,      -- UTC, ISO 8601
  superseded_by INTEGER REFERENCES batch(id));
CREATE INDEX batch_by_sha ON batch(sha256);
CREATE INDEX batch_by_period ON batch(source_id, period_from, period_to);
CREATE TABLE event_chunk (
  batch_id INTEGER PRIMARY KEY REFERENCES batch(id),
  first_event_id INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  pseudonym BLOB NOT NULL UNIQUE,  -- HMAC-SHA256; no identifier is ever stored
  first_batch_id INTEGER NOT NULL REFERENCES batch(id));
CREATE TABLE involvement (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  event_id INTEGER NOT NULL,
  person_id INTEGER NOT NULL REFERENCES person(id),
  role TEXT NOT NULL,           -- victim, suspect, offender, patient, witness
  age INTEGER,
  sex TEXT NOT NULL);
CREATE INDEX involvement_by_batch ON involvement(batch_id);
CREATE INDEX involvement_by_person ON involvement(person_id);
CREATE TABLE referral (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  programme TEXT NOT NULL, agency TEXT,
  referred_on TEXT, started_on TEXT, ended_on TEXT, outcome TEXT,
  source_line INTEGER);
CREATE INDEX referral_by_batch ON referral(batch_id);
CREATE TABLE justice_outcome (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  outcome_on TEXT, outcome_type TEXT NOT NULL, offence_code TEXT,
  source_line INTEGER);
CREATE INDEX justice_outcome_by_batch ON justice_outcome(batch_id);
CREATE TABLE area (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  lsoa_code TEXT NOT NULL, lsoa_name TEXT, district_code TEXT, district_name TEXT,
  csp TEXT, rural_urban TEXT, imd_rank INTEGER, imd_decile INTEGER);
CREATE INDEX area_by_batch ON area(batch_id);
CREATE INDEX area_by_lsoa ON area(lsoa_code);
CREATE TABLE area_population (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  lsoa_code TEXT NOT NULL, sex TEXT NOT NULL, age_band TEXT NOT NULL,
  population INTEGER NOT NULL);
CREATE INDEX area_population_by_batch ON area_population(batch_id);
CREATE TABLE reject (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  line INTEGER NOT NULL, column_name TEXT, value TEXT, reason TEXT NOT NULL);
CREATE INDEX reject_by_batch ON reject(batch_id);
CREATE TABLE finding (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  message TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta VALUES ('next_event_id', 1), ('data_version', 0);
)sql",
      // 2: an identity for the store, for caches kept beside it (the snapshot).
      R"sql(
INSERT INTO meta VALUES ('store_id', abs(random()));
)sql",
      // 3: area boundaries for maps (`cairn ingest boundaries`), one row per LSOA per batch. The
      // geometry is British National Grid decimetres, delta- and varint-encoded
      // (store/shape_codec.h); rings and vertices are there to inspect with sqlite3.
      R"sql(
CREATE TABLE area_shape (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  lsoa_code TEXT NOT NULL, lsoa_name TEXT,
  rings INTEGER NOT NULL, vertices INTEGER NOT NULL,
  geometry BLOB NOT NULL);
CREATE INDEX area_shape_by_batch ON area_shape(batch_id);
)sql",
      // 4: event chunks may be version 3 (packed Crime IDs, micro-degree coordinates; see
      // store/event_codec.cc). Nothing to convert, since version 2 chunks still decode; the bump
      // makes an older Cairn refuse the store with a clear message rather than call chunks corrupt.
      R"sql(
INSERT INTO meta VALUES ('event_chunk_version', 3);
)sql",
      // 5: event chunks may be version 4 (a string column with one code on every row stores it
      // once). As with 4, only the bump: older chunks still decode.
      R"sql(
UPDATE meta SET value = 4 WHERE key = 'event_chunk_version';
)sql",
      // 6: which partnership key the store's pseudonyms were made with, as a fingerprint (an HMAC
      // of a fixed text under the key; the key cannot be recovered from it). A load with another
      // key is refused, since its pseudonyms would never link with the ones already stored.
      R"sql(
CREATE TABLE store_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
)sql",
      // 7: published tables about areas (ONS Police Force Area tables, mid-year population
      // estimates), one row per area, measure and period; and ONS's district -> CSP -> force
      // lookup.
      R"sql(
CREATE TABLE area_figure (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  level TEXT NOT NULL, area_code TEXT NOT NULL, area_name TEXT NOT NULL,
  measure TEXT NOT NULL, period TEXT NOT NULL,
  value REAL);                  -- NULL where the table shows a missing value
CREATE INDEX area_figure_by_batch ON area_figure(batch_id);
CREATE TABLE district_link (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  district_code TEXT NOT NULL, district_name TEXT, csp_code TEXT, csp_name TEXT,
  force_code TEXT NOT NULL, force_name TEXT);
CREATE INDEX district_link_by_batch ON district_link(batch_id);
)sql",
      // 8: KPI values only people can give, with who recorded them and when; a correction
      // supersedes, never overwrites.
      R"sql(
CREATE TABLE reported_value (
  id INTEGER PRIMARY KEY,
  kpi TEXT NOT NULL, period TEXT NOT NULL, value REAL NOT NULL, note TEXT,
  recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,
  superseded_by INTEGER REFERENCES reported_value(id));
CREATE INDEX reported_value_by_kpi ON reported_value(kpi, period);
)sql",
      // 9: the accountability register (`cairn register`): every revision of every item, so a
      // re-imported sheet records what changed and never overwrites.
      R"sql(
CREATE TABLE register_revision (
  id INTEGER PRIMARY KEY,
  item TEXT NOT NULL, kind TEXT NOT NULL,
  fields TEXT NOT NULL,         -- the item's columns, encoded by store/store.cc
  note TEXT, origin TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX register_revision_by_item ON register_revision(item);
)sql",
      // 10: training logs (`training` profiles), one row per attendance. The attendee is a
      // professional's pseudonym, kept here rather than in person: professionals are not people
      // of the event data. Scores are 1 to their scale's top, NULL where left blank.
      R"sql(
CREATE TABLE training_attendance (
  batch_id INTEGER NOT NULL REFERENCES batch(id),
  attendee BLOB NOT NULL,       -- HMAC-SHA256; no identifier is ever stored
  agency TEXT NOT NULL, course TEXT NOT NULL, attended_on TEXT NOT NULL,
  understanding_before INTEGER, understanding_after INTEGER, understanding_scale INTEGER,
  feedback INTEGER, feedback_scale INTEGER,
  source_line INTEGER);
CREATE INDEX training_attendance_by_batch ON training_attendance(batch_id);
)sql",
      // 11: the day the partner delivered each file (`cairn ingest --received`), from which
      // data-sharing timeliness counts. Batches loaded before were received, as far as the store
      // knows, the day they were loaded.
      R"sql(
ALTER TABLE batch ADD COLUMN received_on TEXT;  -- YYYY-MM-DD
UPDATE batch SET received_on = substr(loaded_at, 1, 10);
)sql",
  };
  return kMigrations;
}

}  // namespace cairn::sqlite
