// StoreBackend: what a storage engine does for the store, and nothing more. It keeps rows and
// gives them back; the rules (a file already loaded is a no-op, a re-extract supersedes, event ids,
// the data version, which area record wins) are the Store's, written once above every backend
// (store/store.h). SQLite (store/sqlite/), an in-memory backend for tests (store/memory/) and a
// fault-injecting wrapper (store/fault_injection.h) implement it, and so does PostgreSQL
// (store/postgres/).
//
// Contract, checked for every backend by store/store_conformance_test.cc:
//  - Begin() opens a transaction, or a savepoint inside the one already open; Commit() makes the
//    innermost durable (or part of its parent), Rollback() undoes it. Nothing written inside a
//    rolled-back Begin() survives; a Commit() that fails rolls back and closes what it would have
//    committed. A crash before the outermost Commit() loses the whole transaction.
//  - Rows come back in the order they were written, grouped by batch id ascending.
//  - Writes happen only inside Begin()..Commit().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

// A batch's lineage as the store keeps it (everything but its rows).
struct BatchSummary {
  int64_t id = 0;
  std::string source, extract, file_name, sha256, period_from, period_to, profile, loaded_at;
  // "YYYY-MM-DD", the day the partner delivered the file (the load's day unless the analyst said
  // otherwise; for batches stored before the store kept it, the day they were loaded).
  std::string received_on;
  int64_t rows_read = 0, rows_loaded = 0, rows_rejected = 0, events = 0;
  std::optional<int64_t> superseded_by;
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

// One state of an item of the accountability register (`cairn register import`, `register update`)
// as a backend keeps it: every revision is a row, and an item is its latest. `fields` is the
// item's columns as the Store encodes them (store/store.h, EncodeRegisterFields).
struct RegisterRow {
  int64_t id = 0;  // increasing, the backend's
  std::string item, kind, fields, note, origin, recorded_by, recorded_at;
};

// Named counters every backend keeps: the next event id, the data version, the store's identity.
enum class Counter { kNextEventId, kDataVersion, kStoreId };

// The partnership key's fingerprint as recorded, and when.
struct StoreKey {
  std::string fingerprint, recorded_at;
};

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  // Transactions (see the contract above).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Many batches follow (a load of files) / they are done. A backend may write differently
  // meanwhile (SQLite: a rollback journal instead of the WAL) but never less safely. Never fails:
  // a backend that cannot switch loads as usual.
  virtual void LoadStarting() {}
  virtual void LoadFinished() {}

  virtual Result<int64_t> GetCounter(Counter counter) = 0;
  virtual Status SetCounter(Counter counter, int64_t value) = 0;

  // Writes, inside a transaction.
  // A new batch record (its id is the backend's, increasing); superseded_by is ignored.
  virtual Result<int64_t> InsertBatch(const BatchSummary& record) = 0;
  // Removes every row of the batch and marks its record superseded by `by`.
  virtual Status RetireBatch(int64_t batch_id, int64_t by) = 0;
  // One batch's events, as one encoded chunk (store/event_codec.h).
  virtual Status InsertEventChunk(int64_t batch_id, int64_t first_event_id, int64_t rows,
                                  std::string_view chunk) = 0;
  // The id of each pseudonym's person, created (first seen in `batch_id`) where new.
  virtual Result<std::vector<int64_t>> PersonIds(int64_t batch_id,
                                                 const std::vector<Pseudonym>& pseudonyms) = 0;
  // The batch's involvements (event ids from first_event_id), referrals and justice outcomes;
  // person_idx of each is mapped through person_ids.
  virtual Status InsertPeopleRows(int64_t batch_id, const Batch& batch, int64_t first_event_id,
                                  const std::vector<int64_t>& person_ids) = 0;
  // The batch's training attendances (a training log).
  virtual Status InsertTrainingRows(int64_t batch_id, const Batch& batch) = 0;
  // Areas, populations and boundaries (shapes encoded by store/shape_codec.h).
  virtual Status InsertAreaRows(int64_t batch_id, const Batch& batch) = 0;
  // Published figures and district lookups.
  virtual Status InsertFigureRows(int64_t batch_id, const Batch& batch) = 0;
  virtual Status InsertRejectsAndFindings(int64_t batch_id, const Batch& batch) = 0;
  // A reported value (id assigned, increasing; superseded_by ignored) / mark one superseded.
  virtual Result<int64_t> InsertReportedValue(const ReportedValue& value) = 0;
  virtual Status SupersedeReportedValue(int64_t id, int64_t by) = 0;
  virtual Status InsertKeyFingerprint(const std::string& fingerprint,
                                      const std::string& recorded_at) = 0;
  // A register revision (id assigned, increasing).
  virtual Result<int64_t> InsertRegisterRow(const RegisterRow& row) = 0;

  // Reads.
  // Active (not superseded) batches with this SHA-256 / of this source and extract covering
  // exactly this period (empty: batches without a period).
  virtual Result<std::vector<BatchSummary>> ActiveBatchesWithHash(const std::string& sha256) = 0;
  virtual Result<std::vector<BatchSummary>> ActiveBatchesOf(const std::string& source,
                                                            const std::string& extract,
                                                            const std::string& period_from,
                                                            const std::string& period_to) = 0;
  virtual Result<std::vector<BatchSummary>> ListBatches(bool include_superseded) = 0;
  virtual Result<std::vector<RejectRow>> ListRejects(std::optional<int64_t> batch_id) = 0;
  virtual Result<std::vector<std::string>> ListFindings(std::optional<int64_t> batch_id) = 0;
  // Every event chunk in batch order; the view is valid during the call only.
  using ChunkVisitor =
      std::function<Status(int64_t batch_id, int64_t first_event_id, std::string_view chunk)>;
  virtual Status ForEachEventChunk(const ChunkVisitor& visit) = 0;
  // One batch's chunk; nullopt when it has none.
  virtual Result<std::optional<std::string>> ReadEventChunk(int64_t batch_id) = 0;

  struct InvolvementRow {
    int64_t event_id, person_id;
    Role role;
    int16_t age;
    Sex sex;
    int64_t batch_id = 0;
  };
  // Ordered by event id.
  virtual Status ForEachInvolvement(const std::function<void(const InvolvementRow&)>& visit) = 0;
  // Ordered by person id, with the batch each person was first seen in.
  virtual Status ForEachPerson(const std::function<void(int64_t person_id, const Pseudonym&,
                                                        int64_t first_batch_id)>& visit) = 0;
  struct ReferralRow {
    int64_t batch_id, person_id;
    Referral referral;  // person_idx unused
  };
  virtual Status ForEachReferral(const std::function<void(const ReferralRow&)>& visit) = 0;
  struct OutcomeRow {
    int64_t batch_id, person_id;
    JusticeOutcome outcome;  // person_idx unused
  };
  virtual Status ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) = 0;
  // The rows below come with the batch they belong to, in batch order.
  virtual Status ForEachTraining(
      const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit) = 0;
  virtual Status ForEachArea(
      const std::function<void(int64_t batch_id, const AreaRecord&)>& visit) = 0;
  virtual Status ForEachPopulation(
      const std::function<void(int64_t batch_id, const AreaPopulation&)>& visit) = 0;
  // Boundaries as stored: code, name and the encoded rings.
  virtual Status ForEachShape(
      const std::function<void(int64_t batch_id, const std::string& code, const std::string& name,
                               std::string_view geometry)>& visit) = 0;
  // Figures at one level ("force", "district"), or at every level when `level` is empty.
  virtual Status ForEachFigure(
      const std::string& level,
      const std::function<void(int64_t batch_id, const AreaFigure&)>& visit) = 0;
  virtual Status ForEachDistrictLink(
      const std::function<void(int64_t batch_id, const DistrictLink&)>& visit) = 0;
  virtual Result<std::vector<ReportedValue>> ListReportedValues(bool include_superseded) = 0;
  virtual Result<std::optional<StoreKey>> KeyFingerprint() = 0;
  // Every register revision, in id order.
  virtual Result<std::vector<RegisterRow>> ListRegisterRows() = 0;
};

}  // namespace cairn
