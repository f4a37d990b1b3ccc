// PostgresBackend: the store on a PostgreSQL server, shared by everyone who loads and reads.
//
// One connection per store, driven by hand: BEGIN, SAVEPOINT, RELEASE, ROLLBACK TO and COMMIT are
// issued as the store's Begin()/Commit()/Rollback() ask, through one libpqxx nontransaction that
// lives as long as the connection (libpqxx's own transaction objects nest only as scopes, and the
// store's transactions do not follow scopes).
//
// Several loaders at once. Every outermost Begin() takes a transaction-level advisory lock on the
// store (its database and schema), held until COMMIT or ROLLBACK, so writers take turns a whole
// transaction (a batch, or a group of batches) at a time, as SQLite's BEGIN IMMEDIATE makes them.
// Under it, what the store reads and then writes cannot change underneath: whether a file is
// already loaded, the counters (next_event_id, data_version), and the next id of a batch, person
// or reported value, which is max(id) + 1. Ids are not taken from sequences: a rolled-back batch
// would leave a gap, and the store's ids would then depend on what failed, where SQLite's do not
// (the conformance suite compares a clean load with one that failed and was run again). Example:
// two `cairn ingest` runs start together; the first to Begin() holds the lock, the second waits at
// its Begin() until the first's group commits, then sees its batches (READ COMMITTED: each
// statement sees what was committed before it began) and numbers its own events after them.
//
// Readers never wait. A read is one statement, which sees whole transactions only; a read of
// many statements (the event chunks, paged so that a national store is never in memory twice) runs
// in a REPEATABLE READ READ ONLY transaction, so it sees one state of the store throughout.
//
// libpqxx throws; every method catches once, here, and returns a Status naming the cause.
#include "store/postgres/postgres_backend.h"

#include <charconv>
#include <cstring>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "store/postgres/schema.h"
#include "store/shape_codec.h"
#include "util/dates.h"

namespace cairn {
namespace {
// A column's value in a COPY row (CopyRows below): text, or SQL NULL.
struct CopyValue {
  std::string text;
  bool null = false;
  static CopyValue Null() { return {std::string(), true}; }
};
}  // namespace
}  // namespace cairn

// How libpqxx writes a CopyValue into a COPY row: its text, or NULL.
template <>
struct pqxx::string_traits<cairn::CopyValue> {
  static constexpr const char* name() noexcept { return "CopyValue"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const cairn::CopyValue& v) { return v.null; }
  static cairn::CopyValue null() { return cairn::CopyValue::Null(); }
  static std::string to_string(const cairn::CopyValue& v) { return v.text; }
};

namespace cairn {

namespace {

// The advisory lock's first key ("Cair"); the second is a hash of the store's schema, so stores
// in different schemas of one database do not wait for each other.
constexpr const char* kLockStore =
    "SELECT pg_advisory_xact_lock(1130457458, hashtext(current_schema()))";
// How many event chunks one read fetches (tens to hundreds of KiB each).
constexpr int kChunksPerFetch = 16;

// The first line of a libpq message, without its "ERROR:  " prefix.
std::string FirstLine(const char* what) {
  std::string s = what;
  if (s.rfind("ERROR:  ", 0) == 0) s.erase(0, 8);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

std::string MinutesToText(int64_t m) { return m == kNoTime ? std::string() : FormatDateTime(m); }

int64_t MinutesFromText(const std::string& text) {
  static const std::vector<std::string> kStored = {"%Y-%m-%d %H:%M", "%Y-%m-%d"};
  return text.empty() ? kNoTime : ParseDateTime(text, kStored).value_or(kNoTime);
}

Sex SexFromName(const std::string& s) {
  return s == "female" ? Sex::kFemale : s == "male" ? Sex::kMale : Sex::kUnknown;
}

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

std::string Text(const pqxx::field& f) {
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}

int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

// A double as the shortest text that reads back as the same double.
std::string Float(double v) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

std::string_view View(const pqxx::binarystring& b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

// Bytes as bytea's text input ("\\x" and two hex digits a byte), for a COPY row in text format.
std::string ByteaText(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// Writes `rows` into `table` with one COPY ... FROM STDIN (text format, through pqxx::stream_to)
// on the connection's open transaction: one statement for all of a batch's rows of a table,
// where an INSERT each would cost a round trip to the server apiece. `row(item)` gives a tuple
// of the listed columns' values; a `const char*` that is null is SQL NULL. The rows keep the
// order they are written in (each table's `seq` identity is filled as the server reads them).
// Nothing is sent for no rows. A failure throws, as the statement would; the transaction is then
// aborted on the server, as after a failed INSERT.
template <typename Items, typename Row>
void CopyRows(pqxx::transaction_base& tx, const char* table,
              const std::vector<std::string>& columns, const Items& items, Row&& row) {
  if (items.empty()) return;
  pqxx::stream_to copy(tx, table, columns);
  for (const auto& item : items) copy << row(item);
  copy.complete();
}

constexpr const char* kBatchColumns =
    "SELECT b.id, s.name, s.extract, b.file_name, b.sha256, b.period_from, b.period_to, "
    "b.profile, b.loaded_at, b.rows_read, b.rows_loaded, b.rows_rejected, b.events, "
    "b.superseded_by, b.received_on FROM batch b JOIN source s ON s.id = b.source_id";

std::vector<BatchSummary> ReadBatches(const pqxx::result& r) {
  std::vector<BatchSummary> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    BatchSummary b;
    b.id = Int(row[0]);
    b.source = Text(row[1]);
    b.extract = Text(row[2]);
    b.file_name = Text(row[3]);
    b.sha256 = Text(row[4]);
    b.period_from = Text(row[5]);
    b.period_to = Text(row[6]);
    b.profile = Text(row[7]);
    b.loaded_at = Text(row[8]);
    b.rows_read = Int(row[9]);
    b.rows_loaded = Int(row[10]);
    b.rows_rejected = Int(row[11]);
    b.events = Int(row[12]);
    if (!row[13].is_null()) b.superseded_by = Int(row[13]);
    b.received_on = Text(row[14]);
    out.push_back(std::move(b));
  }
  return out;
}

class PostgresBackend : public StoreBackend {
 public:
  PostgresBackend(std::unique_ptr<pqxx::connection> conn, std::string shown)
      : conn_(std::move(conn)), tx_(*conn_, "cairn"), shown_(std::move(shown)) {}
  ~PostgresBackend() override {
    if (depth_ > 0) {
      try {
        tx_.exec("ROLLBACK");
      } catch (const std::exception&) {  // the connection closes next: the server rolls back
      }
    }
  }

  // Checks the schema, creating or migrating it as `access` allows.
  Status Prepare(StoreAccess access);

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
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
  // Runs `body`, turning what libpqxx throws into a Status that names `what` and the server's
  // reason. A failed statement inside a transaction aborts it on the server: remembered, so that
  // a Commit() of it is refused rather than silently rolled back.
  template <typename F>
  auto Guard(const char* what, F&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const std::exception& e) {
      failed_ = depth_ > 0;
      counters_.clear();
      if (ConnectionLost(e)) return LostConnection(what, e);
      return Status::IoError(std::string("store: ") + what +
                             " failed (PostgreSQL: " + FirstLine(e.what()) + ")");
    }
  }
  bool ConnectionLost(const std::exception& e) const;
  Status GaveUpWaiting(const pqxx::sql_error& e);
  Status LockStore();
  Status LostConnection(const char* what, const std::exception& e) const;
  // Prepares `sql` under `name` the first time it is used.
  const std::string& Prepared(const std::string& name, const char* sql) {
    auto [it, added] = prepared_.insert(name);
    if (added) conn_->prepare(name, sql);
    return *it;  // lives as long as the backend
  }
  // A read of several statements sees one state of the store: inside the store's own transaction,
  // or in a read-only snapshot of its own.
  template <typename F>
  Status Consistently(const char* what, F&& body) {
    return Guard(what, [&]() -> Status {
      const bool own = depth_ == 0;
      if (own) tx_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      Status st;
      try {
        st = body();
      } catch (...) {
        if (own) tx_.exec("ROLLBACK");
        throw;
      }
      if (own) tx_.exec("COMMIT");
      return st;
    });
  }
  Status Migrate();

  std::unique_ptr<pqxx::connection> conn_;
  pqxx::nontransaction tx_;
  std::string shown_;  // the location, without a password
  std::set<std::string> prepared_;
  int depth_ = 0;            // open transactions: 1 = a transaction, more = savepoints inside it
  bool failed_ = false;      // a statement failed in the innermost open transaction
  bool committing_ = false;  // the outermost COMMIT is under way
  // Counters as the open transaction has them (see GetCounter); empty outside a transaction.
  std::map<Counter, int64_t> counters_;
};

// The server ended the session (a restart, pg_terminate_backend, an idle timeout) or the network
// dropped it: libpq says so as a broken connection, or as the server's last error before it
// closed (SQLSTATE class 57P: operator intervention; class 08: connection exception).
bool PostgresBackend::ConnectionLost(const std::exception& e) const {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    if (state.rfind("57P0", 0) == 0 || state.rfind("08", 0) == 0) return true;
  }
  return !conn_->is_open();
}

// What was lost with the connection. Inside a transaction, nothing of it: the server rolls back
// a transaction whose session ends. During the COMMIT itself the client cannot know whether the
// server committed before the connection went; loading again is safe either way.
Status PostgresBackend::LostConnection(const char* what, const std::exception& e) const {
  std::string msg = shown_ + ": the connection to the PostgreSQL server was lost while " + what;
  if (committing_)
    msg +=
        "; the server may or may not have kept this batch (and any loaded with it in the same "
        "group): run the load again, which skips files already stored";
  else if (depth_ > 0)
    msg +=
        "; nothing of this batch was kept (nor of any batch loaded with it in the same group, "
        "not yet committed): run the load again";
  return Status::IoError(msg + " (" + FirstLine(e.what()) + ")");
}

Status PostgresBackend::Migrate() {
  const auto& migrations = postgres::Migrations();
  const auto latest = static_cast<int64_t>(migrations.size());
  return Guard("migrating the store", [&]() -> Status {
    tx_.exec("BEGIN");
    CAIRN_RETURN_IF_ERROR(LockStore());  // two Cairns opening a new store at once: one migrates
    try {
      tx_.exec("CREATE TABLE IF NOT EXISTS cairn_schema (version INTEGER NOT NULL)");
      pqxx::result v = tx_.exec("SELECT max(version) FROM cairn_schema");
      int64_t version = v[0][0].is_null() ? 0 : Int(v[0][0]);
      if (version > latest) {
        tx_.exec("ROLLBACK");
        return Status::Invalid(shown_ + ": the store was written by a newer Cairn (schema " +
                               std::to_string(version) + "); upgrade Cairn to open it");
      }
      for (; version < latest; ++version) {
        tx_.exec(migrations[static_cast<size_t>(version)]);
        tx_.exec("DELETE FROM cairn_schema");
        tx_.exec("INSERT INTO cairn_schema VALUES (" + std::to_string(version + 1) + ")");
      }
      tx_.exec("COMMIT");
    } catch (...) {
      tx_.exec("ROLLBACK");
      throw;
    }
    return Status::Ok();
  });
}

Status PostgresBackend::Prepare(StoreAccess access) {
  bool current = false;  // nothing to migrate: opening need not wait for a writer's lock
  Status st = Guard("reading the store's schema", [&]() -> Status {
    // Notices ("table already exists, skipping") are the server's business, not the user's.
    tx_.exec("SET client_min_messages TO warning");
    pqxx::result has = tx_.exec("SELECT to_regclass('cairn_schema') IS NOT NULL");
    if (has[0][0].as<bool>()) {
      pqxx::result v = tx_.exec("SELECT max(version) FROM cairn_schema");
      const int64_t version = v[0][0].is_null() ? 0 : Int(v[0][0]);
      const auto latest = static_cast<int64_t>(postgres::Migrations().size());
      if (version > latest)
        return Status::Invalid(shown_ + ": the store was written by a newer Cairn (schema " +
                               std::to_string(version) + "); upgrade Cairn to open it");
      if (version < latest && access == StoreAccess::kRead)
        return Status::Invalid(
            shown_ + ": the store has an older schema (" + std::to_string(version) +
            ") that this Cairn reads only after upgrading it: run `cairn --db ... "
            "init` once with a role that may change the store's tables (it "
            "upgrades an existing store and keeps its data)");
      current = version == latest;
      return Status::Ok();
    }
    if (access != StoreAccess::kCreate)
      return Status::NotFound(shown_ +
                              ": no Cairn store in this database. Check the location (--db or "
                              "$CAIRN_DB), or create the store with `cairn init --db " +
                              shown_ + "`");
    return Status::Ok();
  });
  if (!st.ok() || access == StoreAccess::kRead || current) return st;
  return Migrate();
}

// A writer waits for the one before it as long as it takes, unless the session has a lock_timeout
// (or a statement_timeout) set, e.g. PGOPTIONS='-c lock_timeout=5min': then, when it is reached,
// this says who it waited for and how to wait longer.
Status PostgresBackend::GaveUpWaiting(const pqxx::sql_error& e) {
  const bool lock = e.sqlstate() == "55P03";
  const char* setting = lock ? "lock_timeout" : "statement_timeout";
  pqxx::result r = tx_.exec(std::string("SELECT current_setting('") + setting + "')");
  return Status::IoError(
      shown_ +
      ": another writer (a load, a copy or a recorded value) had this store and had not "
      "finished when this one had waited " +
      setting + " (" + Text(r[0][0]) +
      "), so nothing was done: run this again when it has finished, or let it wait longer "
      "(e.g. PGOPTIONS='-c " +
      setting + "=30min'; 0 waits as long as it takes)");
}

// Takes the store's write lock in the transaction just begun; rolls it back if that fails.
Status PostgresBackend::LockStore() {
  try {
    tx_.exec(kLockStore);
  } catch (const pqxx::sql_error& e) {
    tx_.exec("ROLLBACK");
    if (e.sqlstate() == "55P03" || e.sqlstate() == "57014") return GaveUpWaiting(e);
    throw;
  } catch (...) {
    tx_.exec("ROLLBACK");
    throw;
  }
  return Status::Ok();
}

Status PostgresBackend::Begin() {
  return Guard("starting a transaction", [&]() -> Status {
    if (depth_ == 0) {
      counters_.clear();
      tx_.exec("BEGIN");
      CAIRN_RETURN_IF_ERROR(LockStore());
    } else {
      if (failed_) return Status::Internal("store: a savepoint inside a failed transaction");
      tx_.exec("SAVEPOINT batch");
    }
    ++depth_;
    failed_ = false;
    return Status::Ok();
  });
}

Status PostgresBackend::Commit() {
  if (depth_ == 0) return Status::Internal("store: commit without a transaction");
  if (failed_) {
    Status rolled_back = Rollback();
    return Status::IoError(shown_ + ": not committed: a write before the commit failed" +
                           (rolled_back.ok() ? "" : "; " + rolled_back.message()));
  }
  const int depth = depth_--;
  committing_ = depth == 1;
  Status st = Guard("committing", [&]() -> Status {
    if (depth > 1) {
      try {
        tx_.exec("RELEASE SAVEPOINT batch");
      } catch (const pqxx::broken_connection&) {
        throw;
      } catch (const std::exception& e) {
        // Undone, and the transaction around it goes on (if this throws too, Guard marks it
        // failed).
        tx_.exec("ROLLBACK TO SAVEPOINT batch; RELEASE SAVEPOINT batch");
        return Status::IoError(shown_ + ": committing failed (" + FirstLine(e.what()) + ")");
      }
      return Status::Ok();
    }
    try {
      tx_.exec("COMMIT");
    } catch (...) {
      failed_ = false;
      try {
        tx_.exec("ROLLBACK");  // the commit's error is the one to report
      } catch (const std::exception&) {
      }
      throw;
    }
    return Status::Ok();
  });
  committing_ = false;
  if (depth == 1 || !st.ok()) counters_.clear();  // committed, or the savepoint was undone
  return st;
}

Status PostgresBackend::Rollback() {
  if (depth_ == 0) return Status::Internal("store: rollback without a transaction");
  const int depth = depth_--;
  counters_.clear();
  return Guard("rolling back", [&]() -> Status {
    tx_.exec(depth > 1 ? "ROLLBACK TO SAVEPOINT batch; RELEASE SAVEPOINT batch" : "ROLLBACK");
    failed_ = false;  // back to the state before the savepoint (or no transaction at all)
    return Status::Ok();
  });
}

// Inside a transaction the store's write lock is held, so no other writer changes the counters:
// a value read or written once is remembered until the transaction (or a savepoint inside it)
// ends by rollback, or the transaction commits. That saves two round trips a batch in a group.
Result<int64_t> PostgresBackend::GetCounter(Counter counter) {
  if (depth_ > 0 && !failed_) {
    if (auto known = counters_.find(counter); known != counters_.end()) return known->second;
  }
  return Guard("reading a counter", [&]() -> Result<int64_t> {
    pqxx::result r = tx_.exec_prepared(
        Prepared("get_counter", "SELECT value FROM meta WHERE key = $1"), CounterKey(counter));
    if (r.empty()) return Status::Internal(std::string("meta key missing: ") + CounterKey(counter));
    if (depth_ > 0) counters_[counter] = Int(r[0][0]);
    return Int(r[0][0]);
  });
}

Status PostgresBackend::SetCounter(Counter counter, int64_t value) {
  counters_.erase(counter);  // known again only once written
  return Guard("writing a counter", [&]() -> Status {
    tx_.exec_prepared(Prepared("set_counter", "UPDATE meta SET value = $1 WHERE key = $2"), value,
                      CounterKey(counter));
    if (depth_ > 0) counters_[counter] = value;
    return Status::Ok();
  });
}

// One statement (one round trip): the source, created if new (its id after the highest), and the
// batch record. The source's SELECT sees the source as it was before the statement, so a source
// the statement creates comes from the INSERT's RETURNING.
Result<int64_t> PostgresBackend::InsertBatch(const BatchSummary& b) {
  return Guard("recording the batch", [&]() -> Result<int64_t> {
    pqxx::result r = tx_.exec_prepared(
        Prepared(
            "insert_batch",
            "WITH fresh AS (INSERT INTO source(id, name, extract) "
            "  SELECT coalesce(max(id), 0) + 1, $1, $2 FROM source "
            "  ON CONFLICT (name, extract) DO NOTHING RETURNING id),"
            " src AS (SELECT id FROM fresh UNION ALL "
            "  SELECT id FROM source WHERE name = $1 AND extract = $2) "
            "INSERT INTO batch(id, source_id, file_name, sha256, period_from, period_to, "
            "profile, rows_read, rows_loaded, rows_rejected, events, loaded_at, received_on) "
            "SELECT (SELECT coalesce(max(id), 0) + 1 FROM batch), (SELECT id FROM src LIMIT 1), "
            "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 RETURNING id"),
        b.source, b.extract, b.file_name, b.sha256, b.period_from, b.period_to, b.profile,
        b.rows_read, b.rows_loaded, b.rows_rejected, b.events, b.loaded_at, b.received_on);
    return Int(r[0][0]);
  });
}

Status PostgresBackend::RetireBatch(int64_t batch_id, int64_t by) {
  static const char* kTables[] = {"event_chunk",     "involvement",   "referral",
                                  "justice_outcome", "area",          "area_population",
                                  "area_shape",      "reject",        "finding",
                                  "area_figure",     "district_link", "training_attendance"};
  return Guard("retiring a superseded batch", [&]() -> Status {
    for (const char* table : kTables) {
      const std::string name = std::string("retire_") + table;
      const std::string sql = std::string("DELETE FROM ") + table + " WHERE batch_id = $1";
      tx_.exec_prepared(Prepared(name, sql.c_str()), batch_id);
    }
    tx_.exec_prepared(
        Prepared("supersede_batch", "UPDATE batch SET superseded_by = $1 WHERE id = $2"), by,
        batch_id);
    return Status::Ok();
  });
}

Status PostgresBackend::InsertEventChunk(int64_t batch_id, int64_t first_event_id, int64_t rows,
                                         std::string_view chunk) {
  return Guard("writing events", [&]() -> Status {
    tx_.exec_prepared(Prepared("insert_chunk",
                               "INSERT INTO event_chunk(batch_id, first_event_id, rows, data) "
                               "VALUES ($1, $2, $3, $4)"),
                      batch_id, first_event_id, rows,
                      pqxx::binarystring(chunk.data(), chunk.size()));
    return Status::Ok();
  });
}

// One statement for the whole batch: the pseudonyms go as one binary value (32 bytes each; a
// bytea's substring is found by offset, where a text's in UTF-8 is found by counting characters
// from the start, so a batch of 100,000 people took over ten minutes), the new ones get ids after
// the highest, in the order they first appear (as SQLite's INSERT OR IGNORE one at a time gives
// them), and every pseudonym's id comes back in input order.
Result<std::vector<int64_t>> PostgresBackend::PersonIds(int64_t batch_id,
                                                        const std::vector<Pseudonym>& pseudonyms) {
  if (pseudonyms.empty()) return std::vector<int64_t>();
  return Guard("recording people", [&]() -> Result<std::vector<int64_t>> {
    std::string all;
    all.reserve(pseudonyms.size() * sizeof(Pseudonym));
    for (const Pseudonym& p : pseudonyms)
      all.append(reinterpret_cast<const char*>(p.data()), p.size());
    pqxx::result r = tx_.exec_prepared(
        Prepared("person_ids",
                 "WITH input AS ("
                 "  SELECT i, substring($1::bytea FROM (i - 1)::int * 32 + 1 FOR 32) AS pseudonym"
                 "  FROM generate_series(1, $2::bigint) AS i),"
                 " fresh AS ("
                 "  SELECT pseudonym, min(i) AS first_i FROM input"
                 "  WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.pseudonym = input.pseudonym)"
                 "  GROUP BY pseudonym),"
                 " top AS (SELECT coalesce(max(id), 0) AS id FROM person),"
                 " inserted AS ("
                 "  INSERT INTO person(id, pseudonym, first_batch_id)"
                 "  SELECT top.id + row_number() OVER (ORDER BY first_i), pseudonym, $3"
                 "  FROM fresh, top RETURNING id, pseudonym)"
                 " SELECT coalesce(inserted.id, person.id) FROM input"
                 " LEFT JOIN inserted ON inserted.pseudonym = input.pseudonym"
                 " LEFT JOIN person ON person.pseudonym = input.pseudonym"
                 " ORDER BY input.i"),
        pqxx::binarystring(all.data(), all.size()), static_cast<int64_t>(pseudonyms.size()),
        batch_id);
    if (r.size() != pseudonyms.size()) return Status::Internal("person ids: wrong count");
    std::vector<int64_t> ids;
    ids.reserve(r.size());
    for (const auto& row : r) ids.push_back(Int(row[0]));
    return ids;
  });
}

Status PostgresBackend::InsertPeopleRows(int64_t batch_id, const Batch& batch,
                                         int64_t first_event_id,
                                         const std::vector<int64_t>& person_ids) {
  return Guard("writing people's rows", [&]() -> Status {
    CopyRows(
        tx_, "involvement", {"batch_id", "event_id", "person_id", "role", "age", "sex"},
        batch.involvements, [&](const Involvement& i) {
          return std::make_tuple(
              batch_id, first_event_id + i.event_row, person_ids[i.person_idx], RoleName(i.role),
              i.age < 0 ? CopyValue::Null() : CopyValue{std::to_string(i.age)}, SexName(i.sex));
        });
    CopyRows(tx_, "referral",
             {"batch_id", "person_id", "programme", "agency", "referred_on", "started_on",
              "ended_on", "outcome", "source_line"},
             batch.referrals, [&](const Referral& r) {
               return std::make_tuple(batch_id, person_ids[r.person_idx], r.programme.c_str(),
                                      r.agency.c_str(), MinutesToText(r.referred),
                                      MinutesToText(r.started), MinutesToText(r.ended),
                                      r.outcome.c_str(), int64_t{r.source_line});
             });
    CopyRows(tx_, "justice_outcome",
             {"batch_id", "person_id", "outcome_on", "outcome_type", "offence_code", "source_line"},
             batch.outcomes, [&](const JusticeOutcome& o) {
               return std::make_tuple(batch_id, person_ids[o.person_idx], MinutesToText(o.date),
                                      o.type.c_str(), o.offence_code.c_str(),
                                      int64_t{o.source_line});
             });
    return Status::Ok();
  });
}

Status PostgresBackend::InsertTrainingRows(int64_t batch_id, const Batch& batch) {
  auto score = [](int16_t v) { return v > 0 ? CopyValue{std::to_string(v)} : CopyValue::Null(); };
  return Guard("writing training attendances", [&]() -> Status {
    CopyRows(
        tx_, "training_attendance",
        {"batch_id", "attendee", "agency", "course", "attended_on", "understanding_before",
         "understanding_after", "understanding_scale", "feedback", "feedback_scale", "source_line"},
        batch.training, [&](const TrainingAttendance& t) {
          const std::string_view attendee(reinterpret_cast<const char*>(t.attendee.data()),
                                          t.attendee.size());
          return std::make_tuple(batch_id, ByteaText(attendee), t.agency.c_str(), t.course.c_str(),
                                 MinutesToText(t.date), score(t.before), score(t.after),
                                 score(t.understanding_scale), score(t.feedback),
                                 score(t.feedback_scale), int64_t{t.source_line});
        });
    return Status::Ok();
  });
}

Status PostgresBackend::InsertAreaRows(int64_t batch_id, const Batch& batch) {
  return Guard("writing areas", [&]() -> Status {
    CopyRows(tx_, "area",
             {"batch_id", "lsoa_code", "lsoa_name", "district_code", "district_name", "csp",
              "rural_urban", "imd_rank", "imd_decile"},
             batch.areas, [&](const AreaRecord& a) {
               return std::make_tuple(
                   batch_id, a.lsoa_code.c_str(), a.lsoa_name.c_str(), a.district_code.c_str(),
                   a.district_name.c_str(), a.csp.c_str(), a.rural_urban.c_str(),
                   a.imd_rank < 0 ? CopyValue::Null() : CopyValue{std::to_string(a.imd_rank)},
                   a.imd_decile < 0 ? CopyValue::Null() : CopyValue{std::to_string(a.imd_decile)});
             });
    CopyRows(tx_, "area_population", {"batch_id", "lsoa_code", "sex", "age_band", "population"},
             batch.populations, [&](const AreaPopulation& p) {
               return std::make_tuple(batch_id, p.lsoa_code.c_str(), p.sex.c_str(),
                                      p.age_band.c_str(), int64_t{p.population});
             });
    CopyRows(tx_, "area_shape",
             {"batch_id", "lsoa_code", "lsoa_name", "rings", "vertices", "geometry"}, batch.shapes,
             [&](const AreaShape& a) {
               int64_t vertices = 0;
               for (const auto& ring : a.rings) vertices += static_cast<int64_t>(ring.size());
               return std::make_tuple(batch_id, a.lsoa_code.c_str(), a.lsoa_name.c_str(),
                                      static_cast<int64_t>(a.rings.size()), vertices,
                                      ByteaText(EncodeRings(a.rings)));
             });
    return Status::Ok();
  });
}

Status PostgresBackend::InsertFigureRows(int64_t batch_id, const Batch& batch) {
  return Guard("writing published figures", [&]() -> Status {
    CopyRows(tx_, "area_figure",
             {"batch_id", "level", "area_code", "area_name", "measure", "period", "value"},
             batch.figures, [&](const AreaFigure& f) {
               return std::make_tuple(batch_id, f.level.c_str(), f.area_code.c_str(),
                                      f.area_name.c_str(), f.measure.c_str(), f.period.c_str(),
                                      f.value ? CopyValue{Float(*f.value)} : CopyValue::Null());
             });
    CopyRows(tx_, "district_link",
             {"batch_id", "district_code", "district_name", "csp_code", "csp_name", "force_code",
              "force_name"},
             batch.district_links, [&](const DistrictLink& l) {
               return std::make_tuple(batch_id, l.district_code.c_str(), l.district_name.c_str(),
                                      l.csp_code.c_str(), l.csp_name.c_str(), l.force_code.c_str(),
                                      l.force_name.c_str());
             });
    return Status::Ok();
  });
}

Status PostgresBackend::InsertRejectsAndFindings(int64_t batch_id, const Batch& batch) {
  return Guard("writing rejects", [&]() -> Status {
    CopyRows(tx_, "reject", {"batch_id", "line", "column_name", "value", "reason"}, batch.rejects,
             [&](const Reject& r) {
               return std::make_tuple(batch_id, int64_t{r.line}, r.column.c_str(), r.value.c_str(),
                                      r.reason.c_str());
             });
    CopyRows(tx_, "finding", {"batch_id", "message"}, batch.findings,
             [&](const std::string& f) { return std::make_tuple(batch_id, f.c_str()); });
    return Status::Ok();
  });
}

Result<int64_t> PostgresBackend::InsertReportedValue(const ReportedValue& v) {
  return Guard("recording a reported value", [&]() -> Result<int64_t> {
    pqxx::result r = tx_.exec_prepared(
        Prepared("insert_reported_value",
                 "INSERT INTO reported_value(id, kpi, period, value, note, recorded_by, "
                 "recorded_at) SELECT coalesce(max(id), 0) + 1, $1, $2, $3::float8, $4, $5, $6 "
                 "FROM reported_value RETURNING id"),
        v.kpi, v.period, Float(v.value), v.note, v.recorded_by, v.recorded_at);
    return Int(r[0][0]);
  });
}

Status PostgresBackend::SupersedeReportedValue(int64_t id, int64_t by) {
  return Guard("superseding a reported value", [&]() -> Status {
    tx_.exec_prepared(Prepared("supersede_reported_value",
                               "UPDATE reported_value SET superseded_by = $1 WHERE id = $2"),
                      by, id);
    return Status::Ok();
  });
}

Status PostgresBackend::InsertKeyFingerprint(const std::string& fingerprint,
                                             const std::string& recorded_at) {
  return Guard("recording the key's fingerprint", [&]() -> Status {
    tx_.exec_prepared(Prepared("insert_key",
                               "INSERT INTO store_key(id, fingerprint, recorded_at) "
                               "VALUES (1, $1, $2)"),
                      fingerprint, recorded_at);
    return Status::Ok();
  });
}

Result<int64_t> PostgresBackend::InsertRegisterRow(const RegisterRow& r) {
  return Guard("recording a register revision", [&]() -> Result<int64_t> {
    pqxx::result res = tx_.exec_prepared(
        Prepared("insert_register_revision",
                 "INSERT INTO register_revision(id, item, kind, fields, note, origin, "
                 "recorded_by, recorded_at) SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5, "
                 "$6, $7 FROM register_revision RETURNING id"),
        r.item, r.kind, r.fields, r.note, r.origin, r.recorded_by, r.recorded_at);
    return Int(res[0][0]);
  });
}

Result<std::vector<BatchSummary>> PostgresBackend::ActiveBatchesWithHash(
    const std::string& sha256) {
  return Guard("reading batches", [&]() -> Result<std::vector<BatchSummary>> {
    static const std::string sql = std::string(kBatchColumns) +
                                   " WHERE b.sha256 = $1 AND b.superseded_by IS NULL ORDER BY b.id";
    return ReadBatches(tx_.exec_prepared(Prepared("batches_with_hash", sql.c_str()), sha256));
  });
}

Result<std::vector<BatchSummary>> PostgresBackend::ActiveBatchesOf(const std::string& source,
                                                                   const std::string& extract,
                                                                   const std::string& period_from,
                                                                   const std::string& period_to) {
  return Guard("reading batches", [&]() -> Result<std::vector<BatchSummary>> {
    static const std::string sql = std::string(kBatchColumns) +
                                   " WHERE s.name = $1 AND s.extract = $2 AND b.period_from = $3 "
                                   "AND b.period_to = $4 AND b.superseded_by IS NULL ORDER BY b.id";
    return ReadBatches(tx_.exec_prepared(Prepared("batches_of_period", sql.c_str()), source,
                                         extract, period_from, period_to));
  });
}

Result<std::vector<BatchSummary>> PostgresBackend::ListBatches(bool include_superseded) {
  return Guard("listing batches", [&]() -> Result<std::vector<BatchSummary>> {
    std::string sql = kBatchColumns;
    if (!include_superseded) sql += " WHERE b.superseded_by IS NULL";
    sql += " ORDER BY b.id";
    return ReadBatches(tx_.exec(sql));
  });
}

Result<std::vector<RejectRow>> PostgresBackend::ListRejects(std::optional<int64_t> batch_id) {
  return Guard("listing rejects", [&]() -> Result<std::vector<RejectRow>> {
    std::string sql =
        "SELECT r.batch_id, b.file_name, r.line, r.column_name, r.value, r.reason FROM reject r "
        "JOIN batch b ON b.id = r.batch_id";
    if (batch_id) sql += " WHERE r.batch_id = " + std::to_string(*batch_id);
    sql += " ORDER BY r.batch_id, r.line, r.seq";
    std::vector<RejectRow> out;
    for (const auto& row : tx_.exec(sql)) {
      RejectRow r;
      r.batch_id = Int(row[0]);
      r.file_name = Text(row[1]);
      r.reject.line = Int(row[2]);
      r.reject.column = Text(row[3]);
      r.reject.value = Text(row[4]);
      r.reject.reason = Text(row[5]);
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::vector<std::string>> PostgresBackend::ListFindings(std::optional<int64_t> batch_id) {
  return Guard("listing findings", [&]() -> Result<std::vector<std::string>> {
    std::string sql = "SELECT message FROM finding";
    if (batch_id) sql += " WHERE batch_id = " + std::to_string(*batch_id);
    sql += " ORDER BY batch_id, seq";
    std::vector<std::string> out;
    for (const auto& row : tx_.exec(sql)) out.push_back(Text(row[0]));
    return out;
  });
}

Status PostgresBackend::ForEachEventChunk(const ChunkVisitor& visit) {
  return Consistently("reading events", [&]() -> Status {
    const std::string& page =
        Prepared("chunk_page",
                 "SELECT batch_id, first_event_id, data FROM event_chunk WHERE batch_id > $1 "
                 "ORDER BY batch_id LIMIT $2");
    int64_t after = 0;
    for (;;) {
      pqxx::result r = tx_.exec_prepared(page, after, kChunksPerFetch);
      for (const auto& row : r) {
        pqxx::binarystring data(row[2]);
        after = Int(row[0]);
        CAIRN_RETURN_IF_ERROR(visit(after, Int(row[1]), View(data)));
      }
      if (r.size() < static_cast<size_t>(kChunksPerFetch)) return Status::Ok();
    }
  });
}

Result<std::optional<std::string>> PostgresBackend::ReadEventChunk(int64_t batch_id) {
  return Guard("reading events", [&]() -> Result<std::optional<std::string>> {
    pqxx::result r = tx_.exec_prepared(
        Prepared("read_chunk", "SELECT data FROM event_chunk WHERE batch_id = $1"), batch_id);
    if (r.empty()) return std::optional<std::string>();
    return std::optional<std::string>(pqxx::binarystring(r[0][0]).str());
  });
}

Status PostgresBackend::ForEachPerson(
    const std::function<void(int64_t person_id, const Pseudonym&, int64_t first_batch_id)>& visit) {
  return Guard("reading people", [&]() -> Status {
    for (const auto& row :
         tx_.exec("SELECT id, pseudonym, first_batch_id FROM person ORDER BY id")) {
      pqxx::binarystring blob(row[1]);
      Pseudonym pseudonym{};
      if (blob.size() != pseudonym.size())
        return Status::Invalid("store: person " + Text(row[0]) + " has a pseudonym of " +
                               std::to_string(blob.size()) +
                               " bytes, not 32; the store is damaged");
      std::memcpy(pseudonym.data(), blob.data(), pseudonym.size());
      visit(Int(row[0]), pseudonym, Int(row[2]));
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachReferral(const std::function<void(const ReferralRow&)>& visit) {
  return Guard("reading referrals", [&]() -> Status {
    for (const auto& row : tx_.exec("SELECT batch_id, person_id, programme, agency, referred_on, "
                                    "started_on, ended_on, outcome, source_line FROM referral "
                                    "ORDER BY batch_id, seq")) {
      ReferralRow out{Int(row[0]), Int(row[1]), {}};
      Referral& r = out.referral;
      r.programme = Text(row[2]);
      r.agency = Text(row[3]);
      r.referred = MinutesFromText(Text(row[4]));
      r.started = MinutesFromText(Text(row[5]));
      r.ended = MinutesFromText(Text(row[6]));
      r.outcome = Text(row[7]);
      r.source_line = static_cast<uint32_t>(Int(row[8]));
      visit(out);
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) {
  return Guard("reading justice outcomes", [&]() -> Status {
    for (const auto& row :
         tx_.exec("SELECT batch_id, person_id, outcome_on, outcome_type, offence_code, "
                  "source_line FROM justice_outcome ORDER BY batch_id, seq")) {
      OutcomeRow out{Int(row[0]), Int(row[1]), {}};
      JusticeOutcome& o = out.outcome;
      o.date = MinutesFromText(Text(row[2]));
      o.type = Text(row[3]);
      o.offence_code = Text(row[4]);
      o.source_line = static_cast<uint32_t>(Int(row[5]));
      visit(out);
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachInvolvement(
    const std::function<void(const InvolvementRow&)>& visit) {
  return Guard("reading involvements", [&]() -> Status {
    for (const auto& row : tx_.exec("SELECT event_id, person_id, role, age, sex, batch_id "
                                    "FROM involvement ORDER BY event_id, seq")) {
      InvolvementRow out;
      out.event_id = Int(row[0]);
      out.person_id = Int(row[1]);
      out.role = ParseRole(Text(row[2])).value_or(Role::kVictim);
      out.age = row[3].is_null() ? int16_t{-1} : static_cast<int16_t>(Int(row[3]));
      out.sex = SexFromName(Text(row[4]));
      out.batch_id = Int(row[5]);
      visit(out);
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachTraining(
    const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit) {
  return Guard("reading training attendances", [&]() -> Status {
    for (const auto& row :
         tx_.exec("SELECT batch_id, attendee, agency, course, attended_on, understanding_before, "
                  "understanding_after, understanding_scale, feedback, feedback_scale, "
                  "source_line FROM training_attendance ORDER BY batch_id, seq")) {
      TrainingAttendance t;
      pqxx::binarystring blob(row[1]);
      if (blob.size() != t.attendee.size())
        return Status::Invalid("store: a training attendance of batch " + Text(row[0]) +
                               " has a pseudonym of " + std::to_string(blob.size()) +
                               " bytes, not 32; the store is damaged");
      std::memcpy(t.attendee.data(), blob.data(), t.attendee.size());
      t.agency = Text(row[2]);
      t.course = Text(row[3]);
      t.date = MinutesFromText(Text(row[4]));
      t.before = static_cast<int16_t>(Int(row[5]));
      t.after = static_cast<int16_t>(Int(row[6]));
      t.understanding_scale = static_cast<int16_t>(Int(row[7]));
      t.feedback = static_cast<int16_t>(Int(row[8]));
      t.feedback_scale = static_cast<int16_t>(Int(row[9]));
      t.source_line = static_cast<uint32_t>(Int(row[10]));
      visit(Int(row[0]), t);
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachArea(
    const std::function<void(int64_t batch_id, const AreaRecord&)>& visit) {
  return Guard("reading areas", [&]() -> Status {
    for (const auto& row :
         tx_.exec("SELECT lsoa_code, lsoa_name, district_code, district_name, csp, rural_urban, "
                  "imd_rank, imd_decile, batch_id FROM area ORDER BY batch_id, seq")) {
      AreaRecord a;
      a.lsoa_code = Text(row[0]);
      a.lsoa_name = Text(row[1]);
      a.district_code = Text(row[2]);
      a.district_name = Text(row[3]);
      a.csp = Text(row[4]);
      a.rural_urban = Text(row[5]);
      if (!row[6].is_null()) a.imd_rank = Int(row[6]);
      if (!row[7].is_null()) a.imd_decile = static_cast<int>(Int(row[7]));
      visit(Int(row[8]), a);
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachPopulation(
    const std::function<void(int64_t batch_id, const AreaPopulation&)>& visit) {
  return Guard("reading populations", [&]() -> Status {
    for (const auto& row : tx_.exec("SELECT lsoa_code, sex, age_band, population, batch_id "
                                    "FROM area_population ORDER BY batch_id, seq"))
      visit(Int(row[4]), {Text(row[0]), Text(row[1]), Text(row[2]), Int(row[3])});
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachShape(
    const std::function<void(int64_t batch_id, const std::string& code, const std::string& name,
                             std::string_view geometry)>& visit) {
  return Guard("reading boundaries", [&]() -> Status {
    for (const auto& row : tx_.exec("SELECT lsoa_code, lsoa_name, geometry, batch_id "
                                    "FROM area_shape ORDER BY batch_id, seq")) {
      pqxx::binarystring geometry(row[2]);
      visit(Int(row[3]), Text(row[0]), Text(row[1]), View(geometry));
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachFigure(
    const std::string& level,
    const std::function<void(int64_t batch_id, const AreaFigure&)>& visit) {
  return Guard("reading published figures", [&]() -> Status {
    pqxx::result r = tx_.exec_prepared(
        Prepared("figures",
                 "SELECT area_code, area_name, measure, period, value, batch_id, level "
                 "FROM area_figure WHERE level = $1 OR $1 = '' ORDER BY batch_id, seq"),
        level);
    for (const auto& row : r) {
      AreaFigure f{Text(row[6]), Text(row[0]), Text(row[1]),
                   Text(row[2]), Text(row[3]), std::nullopt};
      if (!row[4].is_null()) f.value = row[4].as<double>();
      visit(Int(row[5]), f);
    }
    return Status::Ok();
  });
}

Status PostgresBackend::ForEachDistrictLink(
    const std::function<void(int64_t batch_id, const DistrictLink&)>& visit) {
  return Guard("reading district links", [&]() -> Status {
    for (const auto& row :
         tx_.exec("SELECT batch_id, district_code, district_name, csp_code, csp_name, "
                  "force_code, force_name FROM district_link ORDER BY batch_id, seq"))
      visit(Int(row[0]),
            {Text(row[1]), Text(row[2]), Text(row[3]), Text(row[4]), Text(row[5]), Text(row[6])});
    return Status::Ok();
  });
}

Result<std::vector<ReportedValue>> PostgresBackend::ListReportedValues(bool include_superseded) {
  return Guard("reading reported values", [&]() -> Result<std::vector<ReportedValue>> {
    std::string sql =
        "SELECT id, kpi, period, value, note, recorded_by, recorded_at, superseded_by "
        "FROM reported_value";
    if (!include_superseded) sql += " WHERE superseded_by IS NULL";
    sql += " ORDER BY id";
    std::vector<ReportedValue> out;
    for (const auto& row : tx_.exec(sql)) {
      ReportedValue v{Int(row[0]),  Text(row[1]), Text(row[2]), row[3].as<double>(),
                      Text(row[4]), Text(row[5]), Text(row[6]), std::nullopt};
      if (!row[7].is_null()) v.superseded_by = Int(row[7]);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::optional<StoreKey>> PostgresBackend::KeyFingerprint() {
  return Guard("reading the key's fingerprint", [&]() -> Result<std::optional<StoreKey>> {
    pqxx::result r = tx_.exec("SELECT fingerprint, recorded_at FROM store_key WHERE id = 1");
    if (r.empty()) return std::optional<StoreKey>();
    return std::optional<StoreKey>(StoreKey{Text(r[0][0]), Text(r[0][1])});
  });
}

Result<std::vector<RegisterRow>> PostgresBackend::ListRegisterRows() {
  return Guard("reading the register", [&]() -> Result<std::vector<RegisterRow>> {
    std::vector<RegisterRow> out;
    for (const auto& row : tx_.exec("SELECT id, item, kind, fields, note, origin, recorded_by, "
                                    "recorded_at FROM register_revision ORDER BY id"))
      out.push_back({Int(row[0]), Text(row[1]), Text(row[2]), Text(row[3]), Text(row[4]),
                     Text(row[5]), Text(row[6]), Text(row[7])});
    return out;
  });
}

}  // namespace

std::string RedactedLocation(const std::string& location) {
  // postgresql://user:password@host/db -> postgresql://user:***@host/db
  const size_t scheme = location.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = location.find('@', start);
    const size_t slash = location.find('/', start);
    const size_t colon = location.find(':', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
        colon != std::string::npos && colon < at)
      return location.substr(0, colon + 1) + "***" + location.substr(at);
  }
  // ...?password=secret&... -> ...?password=***&...
  std::string out = location;
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t end = out.find('&', p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - (p + 9), "***");
  }
  return out;
}

Result<std::unique_ptr<StoreBackend>> OpenPostgresBackend(const std::string& location,
                                                          const StoreOpenOptions& options) {
  const std::string shown = RedactedLocation(location);
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(location);
  } catch (const std::exception& e) {
    return Status::IoError(shown + ": cannot connect to the store (" + FirstLine(e.what()) + ")");
  }
  auto backend = std::make_unique<PostgresBackend>(std::move(conn), shown);
  CAIRN_RETURN_IF_ERROR(backend->Prepare(options.access));
  return std::unique_ptr<StoreBackend>(std::move(backend));
}

}  // namespace cairn
