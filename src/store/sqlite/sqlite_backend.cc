// SqliteBackend: the embedded default backend. One file; WAL journal so a batch commit is atomic
// and a kill -9 at any moment leaves the store as it was before the batch.
#include "store/sqlite/sqlite_backend.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>

#include "store/event_codec.h"
#include "store/shape_codec.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "util/dates.h"

namespace cairn {

namespace {

using sqlite::Exec;
using sqlite::Statement;

// How long a connection waits for another's lock before giving up with "database is locked".
constexpr int kBusyMilliseconds = 10000;
// During a bulk load, how long a commit waits for readers to finish (outside WAL mode a commit
// needs the store to itself): longer, so that a report reading the whole store does not make a
// group of files fail.
constexpr int kBulkBusyMilliseconds = 120000;
// During a bulk load, how many pages (16 KiB) a group may keep in memory before SQLite writes
// some into the store mid-group, which would lock readers out until the commit: 128 MiB, more
// than a group of 32 data.police.uk files needs.
constexpr int kBulkCachePages = 8192;

// The WAL is copied into the store every 16 MiB of commits (in pages, whatever their size, so the
// same as SQLite's default of 1,000 pages at 16 KiB). The last checkpoint, when the store is
// closed, is serial work at the end of a load: 64 MiB made it a quarter of a second longer.
Status SetCheckpointInterval(sqlite3* db) {
  Statement page_size(db, "PRAGMA page_size");
  CAIRN_RETURN_IF_ERROR(page_size.status());
  int64_t bytes = page_size.Step() ? page_size.Int(0) : 4096;
  return Exec(db, ("PRAGMA wal_autocheckpoint = " + std::to_string((16 << 20) / bytes)).c_str());
}

// WAL mode, in which readers never wait for a writer, unless another process is bulk-loading the
// store in rollback-journal mode (SqliteBackend::LoadStarting): this connection then works in that
// mode (SQLite follows the store's mode at each transaction), and the load switches the store back
// when it ends. Tried without waiting, since a bulk load holds its lock nearly throughout; should
// the try fall between two of the load's groups it succeeds, and the rest of the load runs in WAL
// mode (slower, as correct). A store left in rollback mode by a killed load is switched back here,
// after its hot journal is rolled back.
// Asks for a journal mode without waiting for other connections' locks, then waits `then_wait_ms`
// for locks again. Returns the mode the store is in afterwards ("" on an error, which *status
// gives; SQLITE_BUSY when another connection's lock stood in the way).
std::string SwitchJournalModeWithoutWaiting(sqlite3* db, const char* mode, int then_wait_ms,
                                            Status* status, bool* busy) {
  sqlite3_busy_timeout(db, 0);
  Statement pragma(db, (std::string("PRAGMA journal_mode = ") + mode).c_str());
  const std::string got = pragma.Step() ? pragma.Text(0) : "";
  *busy = got.empty() && sqlite3_errcode(db) == SQLITE_BUSY;
  *status = pragma.status();
  pragma.Reset();
  sqlite3_busy_timeout(db, then_wait_ms);
  return got;
}

Status UseWalUnlessBulkLoading(sqlite3* db) {
  Status st;
  bool busy = false;
  const std::string got = SwitchJournalModeWithoutWaiting(db, "WAL", kBusyMilliseconds, &st, &busy);
  const bool wal = got == "wal" || got == "memory";  // an in-memory store has no journal file
  if (!wal && !busy && !st.ok()) return st;          // not a database, unreadable, ...
  // Outside WAL mode (also where the file system cannot share memory for it, when SQLite keeps the
  // old mode) only FULL makes each commit durable through a power cut.
  return Exec(db, wal ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
}

// The first column of a query's first row, if it has one. The statement is reset at once: one left
// mid-step keeps its read transaction open, and outside WAL mode (a bulk load) that read lock would
// hold up the loader's next commit for as long as the process runs.
Result<std::optional<int64_t>> OneInt(Statement& s) {
  std::optional<int64_t> value;
  if (s.Step()) value = s.Int(0);
  Status st = s.status();
  s.Reset();
  if (!st.ok()) return st;
  return value;
}

std::string MinutesToText(int64_t m) { return m == kNoTime ? std::string() : FormatDateTime(m); }

const char* CounterKey(Counter counter) {
  switch (counter) {
    case Counter::kNextEventId:
      return "next_event_id";
    case Counter::kDataVersion:
      return "data_version";
    case Counter::kStoreId:
      return "store_id";
  }
  return "";
}

Sex SexFromName(const std::string& s) {
  return s == "female" ? Sex::kFemale : s == "male" ? Sex::kMale : Sex::kUnknown;
}

// Dates are stored as "YYYY-MM-DD HH:MM" text (MinutesToText); empty means unknown.
int64_t MinutesFromText(const std::string& text) {
  static const std::vector<std::string> kStored = {"%Y-%m-%d %H:%M", "%Y-%m-%d"};
  return text.empty() ? kNoTime : ParseDateTime(text, kStored).value_or(kNoTime);
}

constexpr const char* kBatchColumns =
    "SELECT b.id, s.name, s.extract, b.file_name, b.sha256, b.period_from, b.period_to, "
    "b.profile, b.loaded_at, b.rows_read, b.rows_loaded, b.rows_rejected, b.events, "
    "b.superseded_by, b.received_on FROM batch b JOIN source s ON s.id = b.source_id";

Result<std::vector<BatchSummary>> ReadBatches(Statement& s) {
  std::vector<BatchSummary> out;
  while (s.Step()) {
    BatchSummary b;
    b.id = s.Int(0);
    b.source = s.Text(1);
    b.extract = s.Text(2);
    b.file_name = s.Text(3);
    b.sha256 = s.Text(4);
    b.period_from = s.Text(5);
    b.period_to = s.Text(6);
    b.profile = s.Text(7);
    b.loaded_at = s.Text(8);
    b.rows_read = s.Int(9);
    b.rows_loaded = s.Int(10);
    b.rows_rejected = s.Int(11);
    b.events = s.Int(12);
    if (!s.IsNull(13)) b.superseded_by = s.Int(13);
    b.received_on = s.Text(14);
    out.push_back(std::move(b));
  }
  Status st = s.status();
  s.Reset();
  if (!st.ok()) return st;
  return out;
}

class SqliteBackend : public StoreBackend {
 public:
  explicit SqliteBackend(sqlite3* db) : db_(db) {}
  ~SqliteBackend() override {
    while (depth_ > 0) (void)Rollback();
    LoadFinished();
    statements_.clear();
    sqlite3_close(db_);
  }

  Status Migrate();

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  void LoadStarting() override;
  void LoadFinished() override;
  Result<int64_t> GetCounter(Counter counter) override;
  Status SetCounter(Counter counter, int64_t value) override;
  Result<int64_t> InsertBatch(const BatchSummary& record) override;
  Status RetireBatch(int64_t batch_id, int64_t by) override;
  Status InsertEventChunk(int64_t batch_id, int64_t first_event_id, int64_t rows,
                          std::string_view chunk) override;
  Result<std::vector<int64_t>> PersonIds(int64_t batch_id,
                                         const std::vector<Pseudonym>& pseudonyms) override;
  Status InsertPeopleRows(int64_t batch_id, const Batch& batch, int64_t first_event_id,
                          const std::vector<int64_t>& person_ids) override;
  Status InsertTrainingRows(int64_t batch_id, const Batch& batch) override;
  Status InsertAreaRows(int64_t batch_id, const Batch& batch) override;
  Status InsertFigureRows(int64_t batch_id, const Batch& batch) override;
  Status InsertRejectsAndFindings(int64_t batch_id, const Batch& batch) override;
  Result<int64_t> InsertReportedValue(const ReportedValue& value) override;
  Status SupersedeReportedValue(int64_t id, int64_t by) override;
  Status InsertKeyFingerprint(const std::string& fingerprint,
                              const std::string& recorded_at) override;
  Result<int64_t> InsertRegisterRow(const RegisterRow& row) override;

  Result<std::vector<BatchSummary>> ActiveBatchesWithHash(const std::string& sha256) override;
  Result<std::vector<BatchSummary>> ActiveBatchesOf(const std::string& source,
                                                    const std::string& extract,
                                                    const std::string& period_from,
                                                    const std::string& period_to) override;
  Result<std::vector<BatchSummary>> ListBatches(bool include_superseded) override;
  Result<std::vector<RejectRow>> ListRejects(std::optional<int64_t> batch_id) override;
  Result<std::vector<std::string>> ListFindings(std::optional<int64_t> batch_id) override;
  Status ForEachEventChunk(const ChunkVisitor& visit) override;
  Result<std::optional<std::string>> ReadEventChunk(int64_t batch_id) override;
  Status ForEachInvolvement(const std::function<void(const InvolvementRow&)>& visit) override;
  Status ForEachPerson(const std::function<void(int64_t person_id, const Pseudonym&,
                                                int64_t first_batch_id)>& visit) override;
  Status ForEachReferral(const std::function<void(const ReferralRow&)>& visit) override;
  Status ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) override;
  Status ForEachTraining(
      const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit) override;
  Status ForEachArea(
      const std::function<void(int64_t batch_id, const AreaRecord&)>& visit) override;
  Status ForEachPopulation(
      const std::function<void(int64_t batch_id, const AreaPopulation&)>& visit) override;
  Status ForEachShape(
      const std::function<void(int64_t batch_id, const std::string& code, const std::string& name,
                               std::string_view geometry)>& visit) override;
  Status ForEachFigure(
      const std::string& level,
      const std::function<void(int64_t batch_id, const AreaFigure&)>& visit) override;
  Status ForEachDistrictLink(
      const std::function<void(int64_t batch_id, const DistrictLink&)>& visit) override;
  Result<std::vector<ReportedValue>> ListReportedValues(bool include_superseded) override;
  Result<std::optional<StoreKey>> KeyFingerprint() override;
  Result<std::vector<RegisterRow>> ListRegisterRows() override;

 private:
  Result<int64_t> SourceId(const std::string& name, const std::string& extract);
  // Prepared statements are kept for the life of the store: a national load commits thousands of
  // batches, and preparing every statement for each was a measurable share of the time.
  Statement& Cached(const std::string& sql);
  // No statement may stay mid-step at a transaction's end: an unfinished read would pin an old
  // WAL snapshot, and outside WAL mode hold up the next commit.
  void ResetStatements();
  Status TransactionLost();
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;

  sqlite3* db_;
  int depth_ = 0;  // open transactions: 1 = a transaction, more = savepoints inside it
  bool bulk_ = false;
};

Status SqliteBackend::Migrate() {
  Statement version_stmt(db_, "PRAGMA user_version");
  CAIRN_RETURN_IF_ERROR(version_stmt.status());
  int64_t version = version_stmt.Step() ? version_stmt.Int(0) : 0;
  const auto& migrations = sqlite::Migrations();
  if (version > static_cast<int64_t>(migrations.size()))
    return Status::Invalid("the store was written by a newer Cairn (schema " +
                           std::to_string(version) + "); upgrade Cairn to open it");
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    CAIRN_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
    Status st = Exec(db_, migrations[i]);
    if (st.ok()) st = Exec(db_, ("PRAGMA user_version = " + std::to_string(i + 1)).c_str());
    if (!st.ok()) {
      (void)Exec(db_, "ROLLBACK");  // the migration's error is the one to report
      return st.WithContext("migrating the store to schema " + std::to_string(i + 1));
    }
    CAIRN_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
  }
  return Status::Ok();
}

Statement& SqliteBackend::Cached(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<Statement>(db_, sql.c_str());
  slot->Reset();
  return *slot;
}

void SqliteBackend::ResetStatements() {
  for (auto& [sql, stmt] : statements_) stmt->Reset();
}

// After some errors (disk full, I/O, out of memory) SQLite undoes the whole open transaction
// itself. Then what this backend thinks is open is gone: say so, rather than let the next
// savepoint start a transaction of its own and commit what should have been part of the lost one.
Status SqliteBackend::TransactionLost() {
  if (depth_ == 0 || !sqlite3_get_autocommit(db_)) return Status::Ok();
  depth_ = 0;
  return Status::IoError(
      "the store undid the open transaction after an error (a full disk, an I/O error or no "
      "memory): nothing written since it began was kept; load those files again");
}

Status SqliteBackend::Begin() {
  CAIRN_RETURN_IF_ERROR(TransactionLost());
  ResetStatements();
  // A store opened read-only (a backup on read-only media) cannot take the write lock; a
  // deferred transaction still reads one consistent state (`cairn copy` from it).
  const char* begin = sqlite3_db_readonly(db_, "main") == 1 ? "BEGIN" : "BEGIN IMMEDIATE";
  CAIRN_RETURN_IF_ERROR(Exec(db_, depth_ == 0 ? begin : "SAVEPOINT batch"));
  ++depth_;
  return Status::Ok();
}

Status SqliteBackend::Commit() {
  if (depth_ == 0) return Status::Internal("store: commit without a transaction");
  CAIRN_RETURN_IF_ERROR(TransactionLost());
  ResetStatements();
  if (depth_ > 1) {
    --depth_;
    Status st = Exec(db_, "RELEASE batch");
    if (!st.ok()) (void)Exec(db_, "ROLLBACK TO batch; RELEASE batch");
    return st;
  }
  depth_ = 0;
  Status st = Exec(db_, "COMMIT");
  if (!st.ok()) (void)Exec(db_, "ROLLBACK");  // the commit's error is the one to report
  return st;
}

Status SqliteBackend::Rollback() {
  if (depth_ == 0) return Status::Internal("store: rollback without a transaction");
  CAIRN_RETURN_IF_ERROR(TransactionLost());
  ResetStatements();
  --depth_;
  return Exec(db_, depth_ > 0 ? "ROLLBACK TO batch; RELEASE batch" : "ROLLBACK");
}

Result<int64_t> SqliteBackend::GetCounter(Counter counter) {
  Statement& s = Cached("SELECT value FROM meta WHERE key = ?");
  s.Bind(1, std::string_view(CounterKey(counter)));
  auto value = OneInt(s);
  if (!value.ok()) return value.status();
  if (!value->has_value())
    return Status::Internal(std::string("meta key missing: ") + CounterKey(counter));
  return **value;
}

Status SqliteBackend::SetCounter(Counter counter, int64_t value) {
  Statement& s = Cached("UPDATE meta SET value = ? WHERE key = ?");
  s.Bind(1, value).Bind(2, std::string_view(CounterKey(counter)));
  return s.Run();
}

Result<int64_t> SqliteBackend::SourceId(const std::string& name, const std::string& extract) {
  Statement& ins = Cached("INSERT OR IGNORE INTO source(name, extract) VALUES (?, ?)");
  ins.Bind(1, name).Bind(2, extract);
  CAIRN_RETURN_IF_ERROR(ins.Run());
  Statement& sel = Cached("SELECT id FROM source WHERE name = ? AND extract = ?");
  sel.Bind(1, name).Bind(2, extract);
  auto id = OneInt(sel);
  if (!id.ok()) return id.status();
  if (!id->has_value()) return Status::Internal("source vanished: " + name);
  return **id;
}

Result<int64_t> SqliteBackend::InsertBatch(const BatchSummary& r) {
  auto source_id = SourceId(r.source, r.extract);
  if (!source_id.ok()) return source_id.status();
  Statement& s = Cached(
      "INSERT INTO batch(source_id, file_name, sha256, period_from, period_to, profile, "
      "rows_read, rows_loaded, rows_rejected, events, loaded_at, received_on) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, *source_id).Bind(2, r.file_name).Bind(3, r.sha256).Bind(4, r.period_from);
  s.Bind(5, r.period_to).Bind(6, r.profile).Bind(7, r.rows_read).Bind(8, r.rows_loaded);
  s.Bind(9, r.rows_rejected).Bind(10, r.events).Bind(11, r.loaded_at).Bind(12, r.received_on);
  CAIRN_RETURN_IF_ERROR(s.Run());
  return sqlite3_last_insert_rowid(db_);
}

Status SqliteBackend::RetireBatch(int64_t batch_id, int64_t by) {
  static const char* kTables[] = {"event_chunk",     "involvement",   "referral",
                                  "justice_outcome", "area",          "area_population",
                                  "area_shape",      "reject",        "finding",
                                  "area_figure",     "district_link", "training_attendance"};
  for (const char* table : kTables) {
    std::string sql = std::string("DELETE FROM ") + table + " WHERE batch_id = ?";
    Statement& s = Cached(sql);
    s.Bind(1, batch_id);
    CAIRN_RETURN_IF_ERROR(s.Run());
  }
  Statement& s = Cached("UPDATE batch SET superseded_by = ? WHERE id = ?");
  s.Bind(1, by).Bind(2, batch_id);
  return s.Run();
}

Status SqliteBackend::InsertEventChunk(int64_t batch_id, int64_t first_event_id, int64_t rows,
                                       std::string_view chunk) {
  Statement& s =
      Cached("INSERT INTO event_chunk(batch_id, first_event_id, rows, data) VALUES (?,?,?,?)");
  s.Bind(1, batch_id).Bind(2, first_event_id).Bind(3, rows);
  s.BindBlobInPlace(4, chunk.data(), chunk.size());
  return s.Run();
}

Result<std::vector<int64_t>> SqliteBackend::PersonIds(int64_t batch_id,
                                                      const std::vector<Pseudonym>& pseudonyms) {
  std::vector<int64_t> ids;
  ids.reserve(pseudonyms.size());
  Statement& ins = Cached("INSERT OR IGNORE INTO person(pseudonym, first_batch_id) VALUES (?, ?)");
  Statement& sel = Cached("SELECT id FROM person WHERE pseudonym = ?");
  for (const Pseudonym& p : pseudonyms) {
    ins.BindBlob(1, p.data(), p.size()).Bind(2, batch_id);
    CAIRN_RETURN_IF_ERROR(ins.Run());
    sel.BindBlob(1, p.data(), p.size());
    auto id = OneInt(sel);
    if (!id.ok()) return id.status();
    if (!id->has_value()) return Status::Internal("person vanished");
    ids.push_back(**id);
  }
  return ids;
}
Status SqliteBackend::InsertPeopleRows(int64_t batch_id, const Batch& batch, int64_t first_event_id,
                                       const std::vector<int64_t>& person_ids) {
  Statement& inv = Cached(
      "INSERT INTO involvement(batch_id, event_id, person_id, role, age, sex) "
      "VALUES (?,?,?,?,?,?)");
  for (const Involvement& i : batch.involvements) {
    inv.Bind(1, batch_id).Bind(2, first_event_id + i.event_row).Bind(3, person_ids[i.person_idx]);
    inv.Bind(4, std::string_view(RoleName(i.role))).Bind(6, std::string_view(SexName(i.sex)));
    if (i.age >= 0) inv.Bind(5, int64_t{i.age});
    CAIRN_RETURN_IF_ERROR(inv.Run());
  }
  Statement& ref = Cached(
      "INSERT INTO referral(batch_id, person_id, programme, agency, referred_on, "
      "started_on, ended_on, outcome, source_line) VALUES (?,?,?,?,?,?,?,?,?)");
  for (const Referral& r : batch.referrals) {
    ref.Bind(1, batch_id).Bind(2, person_ids[r.person_idx]).Bind(3, r.programme).Bind(4, r.agency);
    ref.Bind(5, MinutesToText(r.referred)).Bind(6, MinutesToText(r.started));
    ref.Bind(7, MinutesToText(r.ended)).Bind(8, r.outcome).Bind(9, int64_t{r.source_line});
    CAIRN_RETURN_IF_ERROR(ref.Run());
  }
  Statement& out = Cached(
      "INSERT INTO justice_outcome(batch_id, person_id, outcome_on, outcome_type, "
      "offence_code, source_line) VALUES (?,?,?,?,?,?)");
  for (const JusticeOutcome& o : batch.outcomes) {
    out.Bind(1, batch_id).Bind(2, person_ids[o.person_idx]).Bind(3, MinutesToText(o.date));
    out.Bind(4, o.type).Bind(5, o.offence_code).Bind(6, int64_t{o.source_line});
    CAIRN_RETURN_IF_ERROR(out.Run());
  }
  return Status::Ok();
}

Status SqliteBackend::InsertTrainingRows(int64_t batch_id, const Batch& batch) {
  Statement& s = Cached(
      "INSERT INTO training_attendance(batch_id, attendee, agency, course, attended_on, "
      "understanding_before, understanding_after, understanding_scale, feedback, feedback_scale, "
      "source_line) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  auto score = [&](int index, int16_t value) {
    if (value > 0) s.Bind(index, int64_t{value});
  };
  for (const TrainingAttendance& t : batch.training) {
    s.Bind(1, batch_id).BindBlob(2, t.attendee.data(), t.attendee.size());
    s.Bind(3, t.agency).Bind(4, t.course).Bind(5, MinutesToText(t.date));
    score(6, t.before);
    score(7, t.after);
    score(8, t.understanding_scale);
    score(9, t.feedback);
    score(10, t.feedback_scale);
    s.Bind(11, int64_t{t.source_line});
    CAIRN_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Status SqliteBackend::InsertAreaRows(int64_t batch_id, const Batch& batch) {
  Statement& area = Cached(
      "INSERT INTO area(batch_id, lsoa_code, lsoa_name, district_code, district_name, "
      "csp, rural_urban, imd_rank, imd_decile) VALUES (?,?,?,?,?,?,?,?,?)");
  for (const AreaRecord& a : batch.areas) {
    area.Bind(1, batch_id).Bind(2, a.lsoa_code).Bind(3, a.lsoa_name).Bind(4, a.district_code);
    area.Bind(5, a.district_name).Bind(6, a.csp).Bind(7, a.rural_urban);
    if (a.imd_rank >= 0) area.Bind(8, a.imd_rank);
    if (a.imd_decile >= 0) area.Bind(9, int64_t{a.imd_decile});
    CAIRN_RETURN_IF_ERROR(area.Run());
  }
  Statement& pop = Cached(
      "INSERT INTO area_population(batch_id, lsoa_code, sex, age_band, population) "
      "VALUES (?,?,?,?,?)");
  for (const AreaPopulation& p : batch.populations) {
    pop.Bind(1, batch_id).Bind(2, p.lsoa_code).Bind(3, p.sex).Bind(4, p.age_band);
    pop.Bind(5, p.population);
    CAIRN_RETURN_IF_ERROR(pop.Run());
  }
  Statement& shape = Cached(
      "INSERT INTO area_shape(batch_id, lsoa_code, lsoa_name, rings, vertices, geometry) "
      "VALUES (?,?,?,?,?,?)");
  for (const AreaShape& a : batch.shapes) {
    int64_t vertices = 0;
    for (const auto& ring : a.rings) vertices += static_cast<int64_t>(ring.size());
    std::string blob = EncodeRings(a.rings);
    shape.Bind(1, batch_id).Bind(2, a.lsoa_code).Bind(3, a.lsoa_name);
    shape.Bind(4, static_cast<int64_t>(a.rings.size())).Bind(5, vertices);
    shape.BindBlob(6, blob.data(), blob.size());
    CAIRN_RETURN_IF_ERROR(shape.Run());
  }
  return Status::Ok();
}

Status SqliteBackend::InsertRejectsAndFindings(int64_t batch_id, const Batch& batch) {
  Statement& rej =
      Cached("INSERT INTO reject(batch_id, line, column_name, value, reason) VALUES (?,?,?,?,?)");
  for (const Reject& r : batch.rejects) {
    rej.Bind(1, batch_id).Bind(2, int64_t{r.line}).Bind(3, r.column).Bind(4, r.value);
    rej.Bind(5, r.reason);
    CAIRN_RETURN_IF_ERROR(rej.Run());
  }
  Statement& fin = Cached("INSERT INTO finding(batch_id, message) VALUES (?, ?)");
  for (const std::string& f : batch.findings) {
    fin.Bind(1, batch_id).Bind(2, f);
    CAIRN_RETURN_IF_ERROR(fin.Run());
  }
  return Status::Ok();
}

Status SqliteBackend::InsertFigureRows(int64_t batch_id, const Batch& batch) {
  Statement& figure = Cached(
      "INSERT INTO area_figure(batch_id, level, area_code, area_name, measure, period, value) "
      "VALUES (?,?,?,?,?,?,?)");
  for (const AreaFigure& f : batch.figures) {
    figure.Bind(1, batch_id).Bind(2, f.level).Bind(3, f.area_code).Bind(4, f.area_name);
    figure.Bind(5, f.measure).Bind(6, f.period);
    if (f.value) figure.Bind(7, *f.value);
    CAIRN_RETURN_IF_ERROR(figure.Run());
  }
  Statement& link = Cached(
      "INSERT INTO district_link(batch_id, district_code, district_name, csp_code, csp_name, "
      "force_code, force_name) VALUES (?,?,?,?,?,?,?)");
  for (const DistrictLink& l : batch.district_links) {
    link.Bind(1, batch_id).Bind(2, l.district_code).Bind(3, l.district_name).Bind(4, l.csp_code);
    link.Bind(5, l.csp_name).Bind(6, l.force_code).Bind(7, l.force_name);
    CAIRN_RETURN_IF_ERROR(link.Run());
  }
  return Status::Ok();
}

Result<int64_t> SqliteBackend::InsertReportedValue(const ReportedValue& v) {
  Statement& s = Cached(
      "INSERT INTO reported_value(kpi, period, value, note, recorded_by, recorded_at) "
      "VALUES (?,?,?,?,?,?)");
  s.Bind(1, v.kpi).Bind(2, v.period).Bind(3, v.value).Bind(4, v.note);
  s.Bind(5, v.recorded_by).Bind(6, v.recorded_at);
  CAIRN_RETURN_IF_ERROR(s.Run());
  return sqlite3_last_insert_rowid(db_);
}

Status SqliteBackend::SupersedeReportedValue(int64_t id, int64_t by) {
  Statement& s = Cached("UPDATE reported_value SET superseded_by = ? WHERE id = ?");
  s.Bind(1, by).Bind(2, id);
  return s.Run();
}

Status SqliteBackend::InsertKeyFingerprint(const std::string& fingerprint,
                                           const std::string& recorded_at) {
  Statement& s = Cached("INSERT INTO store_key(id, fingerprint, recorded_at) VALUES (1, ?, ?)");
  s.Bind(1, std::string_view(fingerprint)).Bind(2, std::string_view(recorded_at));
  return s.Run();
}

Result<int64_t> SqliteBackend::InsertRegisterRow(const RegisterRow& r) {
  Statement& s = Cached(
      "INSERT INTO register_revision(item, kind, fields, note, origin, recorded_by, recorded_at) "
      "VALUES (?,?,?,?,?,?,?)");
  s.Bind(1, r.item).Bind(2, r.kind).Bind(3, r.fields).Bind(4, r.note).Bind(5, r.origin);
  s.Bind(6, r.recorded_by).Bind(7, r.recorded_at);
  CAIRN_RETURN_IF_ERROR(s.Run());
  return sqlite3_last_insert_rowid(db_);
}

Result<std::vector<BatchSummary>> SqliteBackend::ActiveBatchesWithHash(const std::string& sha256) {
  Statement& s = Cached(std::string(kBatchColumns) +
                        " WHERE b.sha256 = ? AND b.superseded_by IS NULL ORDER BY b.id");
  s.Bind(1, sha256);
  return ReadBatches(s);
}

Result<std::vector<BatchSummary>> SqliteBackend::ActiveBatchesOf(const std::string& source,
                                                                 const std::string& extract,
                                                                 const std::string& period_from,
                                                                 const std::string& period_to) {
  Statement& s = Cached(std::string(kBatchColumns) +
                        " WHERE s.name = ? AND s.extract = ? AND b.period_from = ? AND "
                        "b.period_to = ? AND b.superseded_by IS NULL ORDER BY b.id");
  s.Bind(1, source).Bind(2, extract).Bind(3, period_from).Bind(4, period_to);
  return ReadBatches(s);
}

Result<std::vector<BatchSummary>> SqliteBackend::ListBatches(bool include_superseded) {
  std::string sql = kBatchColumns;
  if (!include_superseded) sql += " WHERE b.superseded_by IS NULL";
  sql += " ORDER BY b.id";
  Statement s(db_, sql.c_str());
  return ReadBatches(s);
}

Result<std::vector<RejectRow>> SqliteBackend::ListRejects(std::optional<int64_t> batch_id) {
  std::string sql =
      "SELECT r.batch_id, b.file_name, r.line, r.column_name, r.value, r.reason FROM reject r "
      "JOIN batch b ON b.id = r.batch_id";
  if (batch_id) sql += " WHERE r.batch_id = ?";
  sql += " ORDER BY r.batch_id, r.line, r.rowid";
  Statement s(db_, sql.c_str());
  if (batch_id) s.Bind(1, *batch_id);
  std::vector<RejectRow> out;
  while (s.Step()) {
    RejectRow r;
    r.batch_id = s.Int(0);
    r.file_name = s.Text(1);
    r.reject.line = s.Int(2);
    r.reject.column = s.Text(3);
    r.reject.value = s.Text(4);
    r.reject.reason = s.Text(5);
    out.push_back(std::move(r));
  }
  if (!s.status().ok()) return s.status();
  return out;
}

Result<std::vector<std::string>> SqliteBackend::ListFindings(std::optional<int64_t> batch_id) {
  std::string sql = "SELECT message FROM finding";
  if (batch_id) sql += " WHERE batch_id = ?";
  sql += " ORDER BY batch_id, rowid";
  Statement s(db_, sql.c_str());
  if (batch_id) s.Bind(1, *batch_id);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  if (!s.status().ok()) return s.status();
  return out;
}

Status SqliteBackend::ForEachEventChunk(const ChunkVisitor& visit) {
  Statement s(db_, "SELECT batch_id, first_event_id, data FROM event_chunk ORDER BY batch_id");
  while (s.Step()) CAIRN_RETURN_IF_ERROR(visit(s.Int(0), s.Int(1), s.Blob(2)));
  return s.status();
}

Result<std::optional<std::string>> SqliteBackend::ReadEventChunk(int64_t batch_id) {
  Statement s(db_, "SELECT data FROM event_chunk WHERE batch_id = ?");
  s.Bind(1, batch_id);
  if (!s.Step()) {
    CAIRN_RETURN_IF_ERROR(s.status());
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::string(s.Blob(0)));
}

Status SqliteBackend::ForEachPerson(
    const std::function<void(int64_t person_id, const Pseudonym&, int64_t first_batch_id)>& visit) {
  Statement s(db_, "SELECT id, pseudonym, first_batch_id FROM person ORDER BY id");
  while (s.Step()) {
    std::string_view blob = s.Blob(1);
    Pseudonym pseudonym{};
    if (blob.size() != pseudonym.size())
      return Status::Invalid("store: person " + std::to_string(s.Int(0)) + " has a pseudonym of " +
                             std::to_string(blob.size()) + " bytes, not 32; the store is damaged");
    std::memcpy(pseudonym.data(), blob.data(), pseudonym.size());
    visit(s.Int(0), pseudonym, s.Int(2));
  }
  return s.status();
}

Status SqliteBackend::ForEachReferral(const std::function<void(const ReferralRow&)>& visit) {
  Statement s(db_,
              "SELECT batch_id, person_id, programme, agency, referred_on, started_on, ended_on, "
              "outcome, source_line FROM referral ORDER BY batch_id, rowid");
  while (s.Step()) {
    ReferralRow row{s.Int(0), s.Int(1), {}};
    Referral& r = row.referral;
    r.programme = s.Text(2);
    r.agency = s.Text(3);
    r.referred = MinutesFromText(s.Text(4));
    r.started = MinutesFromText(s.Text(5));
    r.ended = MinutesFromText(s.Text(6));
    r.outcome = s.Text(7);
    r.source_line = static_cast<uint32_t>(s.Int(8));
    visit(row);
  }
  return s.status();
}

Status SqliteBackend::ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) {
  Statement s(db_,
              "SELECT batch_id, person_id, outcome_on, outcome_type, offence_code, source_line "
              "FROM justice_outcome ORDER BY batch_id, rowid");
  while (s.Step()) {
    OutcomeRow row{s.Int(0), s.Int(1), {}};
    JusticeOutcome& o = row.outcome;
    o.date = MinutesFromText(s.Text(2));
    o.type = s.Text(3);
    o.offence_code = s.Text(4);
    o.source_line = static_cast<uint32_t>(s.Int(5));
    visit(row);
  }
  return s.status();
}

Status SqliteBackend::ForEachTraining(
    const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit) {
  Statement s(db_,
              "SELECT batch_id, attendee, agency, course, attended_on, understanding_before, "
              "understanding_after, understanding_scale, feedback, feedback_scale, source_line "
              "FROM training_attendance ORDER BY batch_id, rowid");
  auto score = [&](int col) { return static_cast<int16_t>(s.IsNull(col) ? 0 : s.Int(col)); };
  while (s.Step()) {
    TrainingAttendance t;
    std::string_view blob = s.Blob(1);
    if (blob.size() != t.attendee.size())
      return Status::Invalid("store: a training attendance of batch " + std::to_string(s.Int(0)) +
                             " has a pseudonym of " + std::to_string(blob.size()) +
                             " bytes, not 32; the store is damaged");
    std::memcpy(t.attendee.data(), blob.data(), t.attendee.size());
    t.agency = s.Text(2);
    t.course = s.Text(3);
    t.date = MinutesFromText(s.Text(4));
    t.before = score(5);
    t.after = score(6);
    t.understanding_scale = score(7);
    t.feedback = score(8);
    t.feedback_scale = score(9);
    t.source_line = static_cast<uint32_t>(s.Int(10));
    visit(s.Int(0), t);
  }
  return s.status();
}

Status SqliteBackend::ForEachInvolvement(const std::function<void(const InvolvementRow&)>& visit) {
  Statement s(db_,
              "SELECT event_id, person_id, role, age, sex, batch_id FROM involvement "
              "ORDER BY event_id, rowid");
  while (s.Step()) {
    InvolvementRow row;
    row.event_id = s.Int(0);
    row.person_id = s.Int(1);
    row.role = ParseRole(s.Text(2)).value_or(Role::kVictim);
    row.age = s.IsNull(3) ? int16_t{-1} : static_cast<int16_t>(s.Int(3));
    row.sex = SexFromName(s.Text(4));
    row.batch_id = s.Int(5);
    visit(row);
  }
  return s.status();
}

Status SqliteBackend::ForEachArea(
    const std::function<void(int64_t batch_id, const AreaRecord&)>& visit) {
  Statement s(db_,
              "SELECT lsoa_code, lsoa_name, district_code, district_name, csp, rural_urban, "
              "imd_rank, imd_decile, batch_id FROM area ORDER BY batch_id, rowid");
  while (s.Step()) {
    AreaRecord a;
    a.lsoa_code = s.Text(0);
    a.lsoa_name = s.Text(1);
    a.district_code = s.Text(2);
    a.district_name = s.Text(3);
    a.csp = s.Text(4);
    a.rural_urban = s.Text(5);
    if (!s.IsNull(6)) a.imd_rank = s.Int(6);
    if (!s.IsNull(7)) a.imd_decile = static_cast<int>(s.Int(7));
    visit(s.Int(8), a);
  }
  return s.status();
}

Status SqliteBackend::ForEachPopulation(
    const std::function<void(int64_t batch_id, const AreaPopulation&)>& visit) {
  Statement s(db_,
              "SELECT lsoa_code, sex, age_band, population, batch_id FROM area_population "
              "ORDER BY batch_id, rowid");
  while (s.Step()) visit(s.Int(4), {s.Text(0), s.Text(1), s.Text(2), s.Int(3)});
  return s.status();
}

Status SqliteBackend::ForEachShape(
    const std::function<void(int64_t batch_id, const std::string& code, const std::string& name,
                             std::string_view geometry)>& visit) {
  Statement s(db_,
              "SELECT lsoa_code, lsoa_name, geometry, batch_id FROM area_shape "
              "ORDER BY batch_id, rowid");
  while (s.Step()) visit(s.Int(3), s.Text(0), s.Text(1), s.Blob(2));
  return s.status();
}

Status SqliteBackend::ForEachFigure(
    const std::string& level,
    const std::function<void(int64_t batch_id, const AreaFigure&)>& visit) {
  Statement s(db_,
              "SELECT area_code, area_name, measure, period, value, batch_id, level "
              "FROM area_figure WHERE level = ?1 OR ?1 = '' ORDER BY batch_id, rowid");
  s.Bind(1, level);
  while (s.Step()) {
    AreaFigure f{s.Text(6), s.Text(0), s.Text(1), s.Text(2), s.Text(3), std::nullopt};
    if (!s.IsNull(4)) f.value = s.Double(4);
    visit(s.Int(5), f);
  }
  return s.status();
}

Status SqliteBackend::ForEachDistrictLink(
    const std::function<void(int64_t batch_id, const DistrictLink&)>& visit) {
  Statement s(db_,
              "SELECT batch_id, district_code, district_name, csp_code, csp_name, force_code, "
              "force_name FROM district_link ORDER BY batch_id, rowid");
  while (s.Step())
    visit(s.Int(0), {s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
  return s.status();
}

Result<std::vector<ReportedValue>> SqliteBackend::ListReportedValues(bool include_superseded) {
  Statement s(db_,
              include_superseded
                  ? "SELECT id, kpi, period, value, note, recorded_by, recorded_at, "
                    "superseded_by FROM reported_value ORDER BY id"
                  : "SELECT id, kpi, period, value, note, recorded_by, recorded_at, "
                    "superseded_by FROM reported_value WHERE superseded_by IS NULL ORDER BY id");
  std::vector<ReportedValue> out;
  while (s.Step()) {
    ReportedValue v{s.Int(0),  s.Text(1), s.Text(2), s.Double(3),
                    s.Text(4), s.Text(5), s.Text(6), std::nullopt};
    if (!s.IsNull(7)) v.superseded_by = s.Int(7);
    out.push_back(std::move(v));
  }
  if (!s.status().ok()) return s.status();
  return out;
}

Result<std::optional<StoreKey>> SqliteBackend::KeyFingerprint() {
  Statement& s = Cached("SELECT fingerprint, recorded_at FROM store_key WHERE id = 1");
  std::optional<StoreKey> fingerprint;
  if (s.Step()) fingerprint = StoreKey{s.Text(0), s.Text(1)};
  Status st = s.status();
  s.Reset();
  if (!st.ok()) return st;
  return fingerprint;
}

Result<std::vector<RegisterRow>> SqliteBackend::ListRegisterRows() {
  Statement s(db_,
              "SELECT id, item, kind, fields, note, origin, recorded_by, recorded_at "
              "FROM register_revision ORDER BY id");
  std::vector<RegisterRow> out;
  while (s.Step())
    out.push_back(
        {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7)});
  if (!s.status().ok()) return s.status();
  return out;
}

// A bulk load writes through a rollback journal instead of the WAL. In WAL mode every page is
// written twice, once to the WAL and again when it is checkpointed into the store; with a rollback
// journal the pages a load appends are written once, and only the few existing pages it changes
// are copied to the journal first (a national load: 0.1-0.2 s less of 2.3, a third less system
// time). Atomicity is the same: a load killed mid-group leaves a hot journal, and whoever opens the
// store next rolls the group back. Leaving WAL mode needs the store to itself, so the switch is
// tried without waiting and skipped if another connection has the store open in WAL mode. (A second
// load that opened the store while a first held it in rollback mode goes on in that mode too; the
// first to finish switches the store back to WAL mode, and the other follows.) While it lasts,
// readers wait for each group's commit (tens of milliseconds), and a commit waits, up to two
// minutes, for reads already under way to finish.
void SqliteBackend::LoadStarting() {
  if (bulk_ || depth_ > 0) return;
  ResetStatements();  // a statement mid-step is an open transaction: no mode change inside one
  Status st;
  bool busy = false;
  bulk_ = SwitchJournalModeWithoutWaiting(db_, "TRUNCATE", kBulkBusyMilliseconds, &st, &busy) ==
          "truncate";
  if (!bulk_) sqlite3_busy_timeout(db_, kBusyMilliseconds);
  // Durable at each group's commit even through a power cut (FULL is SQLite's default outside
  // WAL mode); a group's pages kept in memory until its commit (see kBulkCachePages), and so the
  // copies each batch's savepoint keeps (outside WAL mode they would go to temporary files: half
  // of a national load's writes).
  // A failed pragma leaves SQLite's defaults, as safe and only slower.
  if (bulk_)
    (void)Exec(db_,
               ("PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA cache_spill = " +
                std::to_string(kBulkCachePages))
                   .c_str());
}

// Back to WAL mode, waiting for readers as any write would. Should that fail, the store stays in
// rollback mode until the next connection switches it back (OpenSqliteStore).
void SqliteBackend::LoadFinished() {
  if (!bulk_) return;
  bulk_ = false;
  ResetStatements();
  sqlite3_busy_timeout(db_, kBusyMilliseconds);
  (void)Exec(db_,
             "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_spill = ON");
  (void)SetCheckpointInterval(db_);  // the default interval is as safe
}

// What kind of file stands at `path`, before SQLite is let near it: SQLite would happily turn an
// empty file, or any file when creating, into a new database.
Status CheckStoreFile(const std::string& path, StoreAccess access, bool* exists) {
  struct stat st {};
  *exists = ::stat(path.c_str(), &st) == 0;
  if (!*exists) {
    if (errno != ENOENT)
      return Status::IoError(path + ": cannot open the store (" + std::strerror(errno) + ")");
    if (access == StoreAccess::kCreate) return Status::Ok();
    return Status::NotFound(path +
                            ": no store here. Check the path (--db or $CAIRN_DB), or create "
                            "a new store with `cairn init --db " +
                            path + "`");
  }
  if (!S_ISREG(st.st_mode)) return Status::Invalid(path + ": not a store (not a regular file)");
  if (st.st_size == 0)
    return Status::Invalid(path +
                           ": the file is empty, so it is not a Cairn store (a store is "
                           "never empty). Remove it if it was left by mistake, then `cairn init`");
  char magic[16] = {};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ssize_t got = fd < 0 ? -1 : ::read(fd, magic, sizeof magic);
  if (fd >= 0) ::close(fd);
  if (got < 0)
    return Status::IoError(path + ": cannot read the store (" + std::strerror(errno) + ")");
  if (got != sizeof magic || std::memcmp(magic, "SQLite format 3", 16) != 0)
    return Status::Invalid(path + ": not a Cairn store (the file is not an SQLite database)");
  return Status::Ok();
}

// A new store file, made before SQLite opens it so that it has `mode` whatever the umask.
Status CreateStoreFile(const std::string& path, unsigned mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    return Status::IoError(path + ": cannot create the store (" + std::strerror(errno) + ")");
  Status st =
      ::fchmod(fd, mode) == 0
          ? Status::Ok()
          : Status::IoError(path + ": cannot set the store's mode (" + std::strerror(errno) + ")");
  ::close(fd);
  if (!st.ok()) ::unlink(path.c_str());
  return st;
}

// Reading needs no write access: a store we may not write (a read-only file, folder or mount) is
// opened read-only. Where the folder cannot be written either, SQLite cannot make the shared-memory
// file WAL mode reads through, so the store is opened as immutable, which is safe when there is no
// write-ahead log beside it (nobody is part-way through writing, and nobody can start).
std::string ReadOnlyUri(const std::string& path, bool* immutable) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  *immutable = ::access(dir.c_str(), W_OK) != 0 && ::access((path + "-wal").c_str(), F_OK) != 0;
  std::string escaped;
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      escaped += hex;
    } else {
      escaped += c;
    }
  }
  return "file:" + escaped + (*immutable ? "?mode=ro&immutable=1" : "?mode=ro");
}

Status CheckReadableSchema(sqlite3* db) {
  Statement version(db, "PRAGMA user_version");
  CAIRN_RETURN_IF_ERROR(version.status());
  const int64_t v = version.Step() ? version.Int(0) : 0;
  CAIRN_RETURN_IF_ERROR(version.status());
  const auto n = static_cast<int64_t>(sqlite::Migrations().size());
  if (v == 0)
    return Status::Invalid("not a Cairn store (an SQLite database without Cairn's tables)");
  if (v > n)
    return Status::Invalid("the store was written by a newer Cairn (schema " + std::to_string(v) +
                           "); upgrade Cairn to open it");
  if (v < n)
    return Status::Invalid("the store has an older schema (" + std::to_string(v) +
                           ") that this Cairn reads only after upgrading it, which needs write "
                           "access: run `cairn status` once where the store can be written");
  return Status::Ok();
}

Result<std::unique_ptr<StoreBackend>> OpenForWriting(const std::string& path, bool created) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError(path + ": cannot open the store (" + msg + ")");
  }
  auto store = std::make_unique<SqliteBackend>(db);
  sqlite3_busy_timeout(db, kBusyMilliseconds);
  if (!created) {  // an SQLite file someone else made must not be turned into a store
    Statement version(db, "PRAGMA user_version");
    const int64_t v = version.Step() ? version.Int(0) : 0;
    if (!version.status().ok()) return version.status().WithContext(path);
    if (v == 0)
      return Status::Invalid(path +
                             ": not a Cairn store (an SQLite database without Cairn's tables)");
  }
  // A new store gets 16 KiB pages: its rows are mostly event chunks of tens or hundreds of KiB, in
  // a quarter of the pages (WAL frames, checksums, writes) of 4 KiB ones. Bigger pages cost more
  // than they save: every commit rewrites each b-tree page it touches whole. (Only takes effect
  // before the first table is created; existing stores keep their page size.)
  Status st = Exec(db, "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON;");
  if (st.ok()) st = UseWalUnlessBulkLoading(db);
  if (st.ok()) st = SetCheckpointInterval(db);
  if (st.ok()) st = store->Migrate();
  if (!st.ok()) return st.WithContext(path);
  return std::unique_ptr<StoreBackend>(std::move(store));
}

Result<std::unique_ptr<StoreBackend>> OpenForReading(const std::string& path) {
  bool immutable = false;
  const std::string uri = ReadOnlyUri(path, &immutable);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError(path + ": cannot open the store to read (" + msg + ")");
  }
  auto store = std::make_unique<SqliteBackend>(db);
  sqlite3_busy_timeout(db, kBusyMilliseconds);
  Status st = CheckReadableSchema(db);
  if (!st.ok()) return st.WithContext(path);
  return std::unique_ptr<StoreBackend>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<StoreBackend>> OpenSqliteBackend(const std::string& path,
                                                        const StoreOpenOptions& options) {
  bool exists = false;
  CAIRN_RETURN_IF_ERROR(CheckStoreFile(path, options.access, &exists));
  if (!exists) CAIRN_RETURN_IF_ERROR(CreateStoreFile(path, options.file_mode));
  const bool writable = ::access(path.c_str(), W_OK) == 0;
  if (options.access == StoreAccess::kRead && !writable) return OpenForReading(path);
  return OpenForWriting(path, !exists);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOpenOptions& options) {
  auto backend = OpenSqliteBackend(path, options);
  if (!backend.ok()) return backend.status();
  return std::make_unique<Store>(std::move(backend).value());
}

}  // namespace cairn
