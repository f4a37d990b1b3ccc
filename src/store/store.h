// Store: the partnership's system of record, and its rules, written once above every backend
// (store/backend.h: SQLite, in memory, PostgreSQL). A backend only keeps rows; the Store
// decides what a commit means.
//
// Contract:
//  - CommitBatch is atomic: after a crash at any moment the store holds either the whole batch or
//    nothing of it. A batch whose SHA-256 is already loaded is not loaded again.
//  - A batch for the same source, extract kind and period as an earlier active batch, with
//    different content, supersedes it: the earlier batch's rows are removed, its record kept with
//    superseded_by. Batches without a period (areas, populations, boundaries) supersede by file
//    name. A published table (figures or a lookup, no events or people) is "already loaded" only
//    through the same profile: one workbook holds several tables, each read by its own profile.
//  - Identifiers never reach the store: a Batch carries pseudonyms only.
// A Store is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/batch.h"
#include "store/backend.h"
#include "util/status.h"

namespace cairn {

struct CommitOutcome {
  int64_t batch_id = 0;
  bool already_loaded = false;      // same SHA-256 as an active batch: nothing was written
  std::vector<int64_t> superseded;  // batches this one replaced
};

// An item of the accountability register at one revision (`cairn register`). The register's
// meaning (kinds, columns, clocks) is analysis/register/'s; the store keeps every revision.
struct RegisterRevision {
  int64_t id = 0;  // increasing; the latest revision of an item is the item
  std::string item, kind;
  std::map<std::string, std::string> fields;  // column -> value; empty values are left out
  std::string note;                           // why it changed (`register update --note`)
  std::string origin;  // "register.xlsx, sheet Actions, row 7" or "register update"
  std::string recorded_by, recorded_at;  // recorded_at UTC, ISO 8601, filled by the store
};

// What recording a revision did.
enum class RegisterOutcome { kNew, kChanged, kUnchanged };

struct SourceSummary {
  std::string source, extract;
  int64_t batches = 0, rows = 0, rejected = 0, events = 0;
  std::string first_period, last_period, last_loaded;
  std::string last_received;  // the latest day a partner sent one of the files, YYYY-MM-DD
};

class Store {
 public:
  explicit Store(std::unique_ptr<StoreBackend> backend);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Commits the batch whole or not at all. Inside a group (below), a failed batch leaves no trace
  // and the others in the group are unaffected.
  Result<CommitOutcome> CommitBatch(const Batch& batch);
  // Groups: the batches committed between BeginGroup and EndGroup become durable together, in one
  // transaction (a load commits thousands of batches; one transaction each costs a commit's fixed
  // writes each time). A crash before EndGroup loses the whole group, never part of a batch. If
  // EndGroup fails, none of the group's batches was stored.
  Status BeginGroup();
  Status EndGroup();
  // A load of many batches starts or ends: the backend may write in a way that is faster for bulk
  // loads (see StoreBackend::LoadStarting). Neither call fails.
  void BeginBulkLoad();
  void EndBulkLoad();
  // The active batch with this content, if any.
  Result<std::optional<int64_t>> FindBatchByHash(const std::string& sha256);

  Result<std::vector<BatchSummary>> ListBatches(bool include_superseded);
  Result<std::vector<SourceSummary>> SummariseSources();
  Result<int64_t> CountEvents();
  Result<std::vector<RejectRow>> ListRejects(std::optional<int64_t> batch_id);
  Result<std::vector<std::string>> ListFindings(std::optional<int64_t> batch_id);

  // Streams the events of every active batch, one batch at a time, in batch order. Event ids of a
  // batch are first_event_id + row.
  using EventVisitor =
      std::function<Status(int64_t batch_id, int64_t first_event_id, const EventColumns& events)>;
  // Which batches' reference (Crime ID) columns come back: none (each row's reference blank),
  // all, or all but those of data.police.uk Crime IDs (such a batch's reference column comes back
  // with no rows at all, so the visitor can tell it from blank references).
  enum class References { kNone, kAll, kUnlessCrimeIds };
  Status ForEachEventBatch(const EventVisitor& visit, References references = References::kAll);

  // One batch's events with their references (Crime IDs), for the few a list names.
  Result<EventColumns> ReadEventBatch(int64_t batch_id);

  // Every involvement of every active batch, ordered by event id.
  using InvolvementRow = StoreBackend::InvolvementRow;
  using InvolvementVisitor = std::function<void(const InvolvementRow&)>;
  Status ForEachInvolvement(const InvolvementVisitor& visit);

  // Every person the store knows, with the pseudonym that links them across extracts, stores and
  // snapshots (the store's own person ids are not stable outside the store).
  using PersonVisitor = std::function<void(int64_t person_id, const Pseudonym& pseudonym)>;
  Status ForEachPerson(const PersonVisitor& visit);

  // Every referral and every justice outcome of the active batches, in load order; the record's
  // person_idx is unused (person_id names the person).
  using ReferralRow = StoreBackend::ReferralRow;
  Status ForEachReferral(const std::function<void(const ReferralRow&)>& visit);
  using OutcomeRow = StoreBackend::OutcomeRow;
  Status ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit);

  // Every training attendance of the active batches (training logs), in load order.
  Status ForEachTraining(
      const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit);

  // Area attributes merged over all active batches, one record per LSOA: later batches fill in or
  // override what earlier ones said, field by field (the IMD file gives the decile, the lookup the
  // district, the census the name).
  Result<std::vector<AreaRecord>> ListAreas();

  // Population rows of all active batches; for each (LSOA, sex, age band) the latest batch wins.
  Result<std::vector<AreaPopulation>> ListPopulations();

  // Published figures of all active batches at one level ("force", "district"); for each (area,
  // measure, period) the latest batch wins. Areas are keyed by code, or by name when a table has
  // no code.
  Result<std::vector<AreaFigure>> ListAreaFigures(const std::string& level);
  // The district -> CSP -> force lookup: a lookup is complete by nature, so the latest batch's
  // rows alone are the lookup and an older edition (with district codes since abolished) never
  // mixes into it.
  Result<std::vector<DistrictLink>> ListDistrictLinks();

  // Records a reported KPI value, superseding the active value of the same KPI and period (kept,
  // with superseded_by set). `recorded_at` is filled by the store. Returns the new value's id.
  Result<int64_t> RecordValue(const ReportedValue& value);
  // Reported values in the order they were recorded; superseded ones only when asked.
  Result<std::vector<ReportedValue>> ListReportedValues(bool include_superseded);

  // Records register revisions, all or none. A revision whose kind and fields are those of its
  // item's latest, with no note, is not recorded (a sheet imported again changes nothing); any
  // other is added after the item's earlier ones, which are kept as its history.
  // `read_at`, for a change made from items as they were read (`register update`): each item's
  // latest revision id then; if another revision came since, nothing is recorded and the error
  // says who changed it, so a concurrent change is never silently undone.
  Result<std::vector<RegisterOutcome>> RecordRegister(
      std::vector<RegisterRevision> revisions, const std::map<std::string, int64_t>& read_at = {});
  // Every revision of every item, in the order they were recorded.
  Result<std::vector<RegisterRevision>> RegisterHistory();

  // Area boundaries of all active batches, one per LSOA (a later batch's shape replaces an earlier
  // one whole); empty when none are loaded (`cairn ingest boundaries`).
  Result<std::vector<AreaShape>> ListAreaShapes();

  // A number that changes whenever data is committed; snapshots are cached against it.
  Result<int64_t> DataVersion();
  // A random number fixed when the store was created, so a cache made for one store is never
  // taken for another that happens to have the same data version.
  Result<int64_t> StoreId();

  // The fingerprint of the partnership key whose pseudonyms the store holds (never the key
  // itself), recorded by the first load that pseudonymises (later calls keep the first); nullopt
  // until then.
  Result<std::optional<std::string>> KeyFingerprint();
  Status RecordKeyFingerprint(const std::string& fingerprint);

  // The rows themselves, without the rules, for what works on a whole store (store/copy_store.h).
  StoreBackend& backend() { return *backend_; }

 private:
  Result<std::optional<int64_t>> AlreadyLoaded(const Batch& batch);
  Result<std::vector<int64_t>> Superseded(const Batch& batch);
  Status WriteBatch(const Batch& batch, CommitOutcome* outcome);

  std::unique_ptr<StoreBackend> backend_;
  bool in_group_ = false;
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

// Where a store lives: `sqlite:PATH` or a plain path (an SQLite file), `memory:` (a store that
// lives and dies with the process, for tests), `postgresql://...` (a store on a PostgreSQL server,
// shared: store/postgres/postgres_backend.h).
struct StoreLocation {
  enum class Kind { kSqlite, kMemory, kPostgres };
  Kind kind = Kind::kSqlite;
  std::string path;  // the SQLite file, or the whole location otherwise
};
Result<StoreLocation> ParseStoreLocation(const std::string& location);

// The one factory: opens the store at `location` with the backend its scheme names.
Result<std::unique_ptr<Store>> OpenStore(const StoreLocation& location,
                                         const StoreOpenOptions& options);
// The backend alone, for what works on the rows themselves (store/copy_store.h).
Result<std::unique_ptr<StoreBackend>> OpenStoreBackend(const StoreLocation& location,
                                                       const StoreOpenOptions& options);

// Opens an SQLite store, migrating it to the current schema unless opened for reading.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const StoreOpenOptions& options);

}  // namespace cairn
