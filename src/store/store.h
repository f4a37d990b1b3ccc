// Store: the partnership's system of record. Declared here by its users (ingest, status, analyses);
// implemented by SQLite (store/sqlite/) and, later, PostgreSQL behind the same interface.
//
// Contract:
//  - CommitBatch is atomic: after a crash at any moment the store holds either the whole batch or
//    nothing of it. A batch whose SHA-256 is already loaded is not loaded again.
//  - A batch for the same source, extract kind and period as an earlier active batch, with
//  different
//    content, supersedes it: the earlier batch's rows are removed, its record kept with
//    superseded_by.
//  - Identifiers never reach the store: a Batch carries pseudonyms only.
// A Store is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

struct CommitOutcome {
  int64_t batch_id = 0;
  bool already_loaded = false;      // same SHA-256 as an active batch: nothing was written
  std::vector<int64_t> superseded;  // batches this one replaced
};

struct BatchSummary {
  int64_t id = 0;
  std::string source, extract, file_name, sha256, period_from, period_to, profile, loaded_at;
  int64_t rows_loaded = 0, rows_rejected = 0, events = 0;
  std::optional<int64_t> superseded_by;
};

struct SourceSummary {
  std::string source, extract;
  int64_t batches = 0, rows = 0, rejected = 0, events = 0;
  std::string first_period, last_period, last_loaded;
};

struct RejectRow {
  int64_t batch_id = 0;
  std::string file_name;
  Reject reject;
};

// A KPI value only people can give (`cairn kpi record`, `kpi import`): who recorded it and when.
// A correction supersedes the earlier value of the same KPI and period, which is kept as history.
struct ReportedValue {
  int64_t id = 0;
  std::string kpi, period;  // period "2024", "2024-Q3" or "2024-07"
  double value = 0;
  std::string note, recorded_by, recorded_at;  // recorded_at UTC, ISO 8601
  std::optional<int64_t> superseded_by;
};

class Store {
 public:
  virtual ~Store() = default;

  // Commits the batch whole or not at all. Inside a group (below), a failed batch leaves no trace
  // and the others in the group are unaffected.
  virtual Result<CommitOutcome> CommitBatch(const Batch& batch) = 0;
  // Groups: the batches committed between BeginGroup and EndGroup become durable together, in one
  // transaction (a load commits thousands of batches; one transaction each costs a commit's fixed
  // writes each time). A crash before EndGroup loses the whole group, never part of a batch. If
  // EndGroup fails, none of the group's batches was stored. Backends may commit each batch alone.
  virtual Status BeginGroup() { return Status::Ok(); }
  virtual Status EndGroup() { return Status::Ok(); }
  // A load of many batches starts or ends. While it lasts a backend may write in a way that is
  // faster for bulk loads but makes readers in other processes wait for each group's commit; it
  // never weakens the atomicity above. Neither call fails: a backend that cannot switch (another
  // process has the store open) loads as usual.
  virtual void BeginBulkLoad() {}
  virtual void EndBulkLoad() {}
  // The active batch with this content, if any.
  virtual Result<std::optional<int64_t>> FindBatchByHash(const std::string& sha256) = 0;

  virtual Result<std::vector<BatchSummary>> ListBatches(bool include_superseded) = 0;
  virtual Result<std::vector<SourceSummary>> SummariseSources() = 0;
  virtual Result<int64_t> CountEvents() = 0;
  virtual Result<std::vector<RejectRow>> ListRejects(std::optional<int64_t> batch_id) = 0;
  virtual Result<std::vector<std::string>> ListFindings(std::optional<int64_t> batch_id) = 0;

  // Streams the events of every active batch, one batch at a time, in batch order. Event ids of a
  // batch are first_event_id + row.
  using EventVisitor =
      std::function<Status(int64_t batch_id, int64_t first_event_id, const EventColumns& events)>;
  // With include_references false, the reference (Crime ID) column comes back empty.
  virtual Status ForEachEventBatch(const EventVisitor& visit, bool include_references = true) = 0;

  // One batch's events with their references (Crime IDs), for the few a list names.
  virtual Result<EventColumns> ReadEventBatch(int64_t batch_id) = 0;

  // Streams every involvement of every active batch, ordered by event id.
  struct InvolvementRow {
    int64_t event_id, person_id;
    Role role;
    int16_t age;
    Sex sex;
  };
  using InvolvementVisitor = std::function<void(const InvolvementRow&)>;
  virtual Status ForEachInvolvement(const InvolvementVisitor& visit) = 0;

  // Every person the store knows, with the pseudonym that links them across extracts, stores and
  // snapshots (the store's own person ids are not stable outside the store).
  using PersonVisitor = std::function<void(int64_t person_id, const Pseudonym& pseudonym)>;
  virtual Status ForEachPerson(const PersonVisitor& visit) = 0;

  // Every referral and every justice outcome of the active batches, in load order; the record's
  // person_idx is unused (person_id names the person).
  struct ReferralRow {
    int64_t batch_id, person_id;
    Referral referral;
  };
  virtual Status ForEachReferral(const std::function<void(const ReferralRow&)>& visit) = 0;
  struct OutcomeRow {
    int64_t batch_id, person_id;
    JusticeOutcome outcome;
  };
  virtual Status ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) = 0;

  // Area attributes merged over all active batches, one record per LSOA (later batches win).
  virtual Result<std::vector<AreaRecord>> ListAreas() = 0;

  // Population rows of all active batches; for each (LSOA, sex, age band) the latest batch wins.
  virtual Result<std::vector<AreaPopulation>> ListPopulations() = 0;

  // Published figures of all active batches at one level ("force", "district"); for each (area,
  // measure, period) the latest batch wins. Areas are keyed by code, or by name when a table has
  // no code.
  virtual Result<std::vector<AreaFigure>> ListAreaFigures(const std::string& level) = 0;
  // The district -> CSP -> force lookup rows of all active batches; for each district the latest
  // batch wins.
  virtual Result<std::vector<DistrictLink>> ListDistrictLinks() = 0;

  // Records a reported KPI value, superseding the active value of the same KPI and period (kept,
  // with superseded_by set). `recorded_at` is filled by the store. Returns the new value's id.
  virtual Result<int64_t> RecordValue(const ReportedValue& value) = 0;
  // Reported values in the order they were recorded; superseded ones only when asked.
  virtual Result<std::vector<ReportedValue>> ListReportedValues(bool include_superseded) = 0;

  // Area boundaries of all active batches, one per LSOA (later batches win); empty when none are
  // loaded (`cairn ingest boundaries`).
  virtual Result<std::vector<AreaShape>> ListAreaShapes() = 0;

  // A number that changes whenever data is committed; snapshots are cached against it.
  virtual Result<int64_t> DataVersion() = 0;
  // A random number fixed when the store was created, so a cache made for one store is never
  // taken for another that happens to have the same data version.
  virtual Result<int64_t> StoreId() = 0;

  // The fingerprint of the partnership key whose pseudonyms the store holds (never the key
  // itself), recorded by the first load that pseudonymises; nullopt until then.
  virtual Result<std::optional<std::string>> KeyFingerprint() = 0;
  virtual Status RecordKeyFingerprint(const std::string& fingerprint) = 0;
};

// How a command opens the store. Only `cairn init` creates one: a mistyped path is an error, never
// a new empty store.
enum class StoreAccess {
  kCreate,  // create the file when it does not exist (then as kWrite)
  kWrite,   // an existing store, read and written (migrated to the current schema)
  kRead,    // an existing store, only read: works on a read-only file, folder or mount
};

struct StoreOpenOptions {
  StoreAccess access = StoreAccess::kWrite;
  // A new store's file mode. Its journal and write-ahead log take the same mode (SQLite copies
  // it), and so does the snapshot cache beside it. 0600 keeps record-level data to its owner;
  // `cairn init --shared-group` gives 0660 for a team that shares one store.
  unsigned file_mode = 0600;
};

// Opens an SQLite store, migrating it to the current schema unless opened for reading.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOpenOptions& options);

}  // namespace cairn
