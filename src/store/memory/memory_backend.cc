#include "store/memory/memory_backend.h"

#include <algorithm>
#include <map>
#include <random>

#include "store/shape_codec.h"

namespace cairn {

namespace {

template <typename Row>
struct BatchRow {
  int64_t batch_id;
  Row row;
};

template <typename Row>
void EraseBatch(std::vector<BatchRow<Row>>* rows, int64_t batch_id) {
  std::erase_if(*rows, [&](const BatchRow<Row>& r) { return r.batch_id == batch_id; });
}

struct Shape {
  std::string code, name, geometry;
};

struct Chunk {
  int64_t first_event_id, rows;
  std::string data;
};

// Everything a store holds, copyable whole (a transaction is a copy).
struct State {
  std::map<Counter, int64_t> counters;
  std::vector<BatchSummary> batches;  // by id
  std::map<int64_t, Chunk> chunks;    // batch id -> chunk
  std::map<Pseudonym, int64_t> person_by_pseudonym;
  std::vector<std::pair<Pseudonym, int64_t>> persons;  // id - 1: pseudonym, first batch
  std::vector<BatchRow<StoreBackend::InvolvementRow>> involvements;
  std::vector<StoreBackend::ReferralRow> referrals;
  std::vector<StoreBackend::OutcomeRow> outcomes;
  std::vector<BatchRow<TrainingAttendance>> training;
  std::vector<BatchRow<AreaRecord>> areas;
  std::vector<BatchRow<AreaPopulation>> populations;
  std::vector<BatchRow<Shape>> shapes;
  std::vector<BatchRow<AreaFigure>> figures;
  std::vector<BatchRow<DistrictLink>> links;
  std::vector<BatchRow<Reject>> rejects;
  std::vector<BatchRow<std::string>> findings;
  std::vector<ReportedValue> reported;  // by id
  std::optional<StoreKey> fingerprint;
  std::vector<RegisterRow> register_rows;  // by id
};

class MemoryBackend : public StoreBackend {
 public:
  MemoryBackend() {
    state_.counters[Counter::kNextEventId] = 1;
    state_.counters[Counter::kDataVersion] = 0;
    state_.counters[Counter::kStoreId] = static_cast<int64_t>(std::random_device{}() >> 1);
  }

  Status Begin() override {
    saved_.push_back(state_);
    return Status::Ok();
  }
  Status Commit() override {
    if (saved_.empty()) return Status::Internal("store: commit without a transaction");
    saved_.pop_back();
    return Status::Ok();
  }
  Status Rollback() override {
    if (saved_.empty()) return Status::Internal("store: rollback without a transaction");
    state_ = std::move(saved_.back());
    saved_.pop_back();
    return Status::Ok();
  }

  Result<int64_t> GetCounter(Counter counter) override { return state_.counters.at(counter); }
  Status SetCounter(Counter counter, int64_t value) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    state_.counters[counter] = value;
    return Status::Ok();
  }

  Result<int64_t> InsertBatch(const BatchSummary& record) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    BatchSummary b = record;
    b.id = static_cast<int64_t>(state_.batches.size()) + 1;
    b.superseded_by.reset();
    state_.batches.push_back(std::move(b));
    return state_.batches.back().id;
  }

  Status RetireBatch(int64_t batch_id, int64_t by) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    State& s = state_;
    s.chunks.erase(batch_id);
    EraseBatch(&s.involvements, batch_id);
    std::erase_if(s.referrals, [&](const ReferralRow& r) { return r.batch_id == batch_id; });
    std::erase_if(s.outcomes, [&](const OutcomeRow& r) { return r.batch_id == batch_id; });
    EraseBatch(&s.training, batch_id);
    EraseBatch(&s.areas, batch_id);
    EraseBatch(&s.populations, batch_id);
    EraseBatch(&s.shapes, batch_id);
    EraseBatch(&s.figures, batch_id);
    EraseBatch(&s.links, batch_id);
    EraseBatch(&s.rejects, batch_id);
    EraseBatch(&s.findings, batch_id);
    auto* b = Find(batch_id);
    if (!b) return Status::Internal("store: no batch " + std::to_string(batch_id));
    b->superseded_by = by;
    return Status::Ok();
  }

  Status InsertEventChunk(int64_t batch_id, int64_t first_event_id, int64_t rows,
                          std::string_view chunk) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    state_.chunks[batch_id] = {first_event_id, rows, std::string(chunk)};
    return Status::Ok();
  }

  Result<std::vector<int64_t>> PersonIds(int64_t batch_id,
                                         const std::vector<Pseudonym>& pseudonyms) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    std::vector<int64_t> ids;
    ids.reserve(pseudonyms.size());
    for (const Pseudonym& p : pseudonyms) {
      auto [it, added] =
          state_.person_by_pseudonym.emplace(p, static_cast<int64_t>(state_.persons.size()) + 1);
      if (added) state_.persons.emplace_back(p, batch_id);
      ids.push_back(it->second);
    }
    return ids;
  }

  Status InsertPeopleRows(int64_t batch_id, const Batch& batch, int64_t first_event_id,
                          const std::vector<int64_t>& person_ids) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    for (const Involvement& i : batch.involvements)
      state_.involvements.push_back({batch_id,
                                     {first_event_id + i.event_row, person_ids[i.person_idx],
                                      i.role, i.age, i.sex, batch_id}});
    for (const Referral& r : batch.referrals)
      state_.referrals.push_back({batch_id, person_ids[r.person_idx], r});
    for (const JusticeOutcome& o : batch.outcomes)
      state_.outcomes.push_back({batch_id, person_ids[o.person_idx], o});
    return Status::Ok();
  }

  Status InsertTrainingRows(int64_t batch_id, const Batch& batch) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    for (const TrainingAttendance& t : batch.training) state_.training.push_back({batch_id, t});
    return Status::Ok();
  }
  Status InsertAreaRows(int64_t batch_id, const Batch& batch) override;
  Status InsertFigureRows(int64_t batch_id, const Batch& batch) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    for (const AreaFigure& f : batch.figures) state_.figures.push_back({batch_id, f});
    for (const DistrictLink& l : batch.district_links) state_.links.push_back({batch_id, l});
    return Status::Ok();
  }
  Status InsertRejectsAndFindings(int64_t batch_id, const Batch& batch) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    for (const Reject& r : batch.rejects) state_.rejects.push_back({batch_id, r});
    for (const std::string& f : batch.findings) state_.findings.push_back({batch_id, f});
    return Status::Ok();
  }

  Result<int64_t> InsertReportedValue(const ReportedValue& value) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    ReportedValue v = value;
    v.id = static_cast<int64_t>(state_.reported.size()) + 1;
    v.superseded_by.reset();
    state_.reported.push_back(std::move(v));
    return state_.reported.back().id;
  }
  Status SupersedeReportedValue(int64_t id, int64_t by) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    if (id < 1 || id > static_cast<int64_t>(state_.reported.size()))
      return Status::Internal("store: no reported value " + std::to_string(id));
    state_.reported[static_cast<size_t>(id - 1)].superseded_by = by;
    return Status::Ok();
  }
  Status InsertKeyFingerprint(const std::string& fingerprint,
                              const std::string& recorded_at) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    if (state_.fingerprint) return Status::Internal("store: a key fingerprint is recorded");
    state_.fingerprint = StoreKey{fingerprint, recorded_at};
    return Status::Ok();
  }

  Result<int64_t> InsertRegisterRow(const RegisterRow& row) override {
    CAIRN_RETURN_IF_ERROR(Writable());
    RegisterRow r = row;
    r.id = static_cast<int64_t>(state_.register_rows.size()) + 1;
    state_.register_rows.push_back(std::move(r));
    return state_.register_rows.back().id;
  }

  Result<std::vector<BatchSummary>> ActiveBatchesWithHash(const std::string& sha256) override {
    return Batches([&](const BatchSummary& b) { return !b.superseded_by && b.sha256 == sha256; });
  }
  Result<std::vector<BatchSummary>> ActiveBatchesOf(const std::string& source,
                                                    const std::string& extract,
                                                    const std::string& from,
                                                    const std::string& to) override {
    return Batches([&](const BatchSummary& b) {
      return !b.superseded_by && b.source == source && b.extract == extract &&
             b.period_from == from && b.period_to == to;
    });
  }
  Result<std::vector<BatchSummary>> ListBatches(bool include_superseded) override {
    return Batches([&](const BatchSummary& b) { return include_superseded || !b.superseded_by; });
  }
  Result<std::vector<RejectRow>> ListRejects(std::optional<int64_t> batch_id) override {
    std::vector<RejectRow> out;
    for (const auto& r : state_.rejects)
      if (!batch_id || r.batch_id == *batch_id)
        out.push_back({r.batch_id, Find(r.batch_id)->file_name, r.row});
    std::stable_sort(out.begin(), out.end(), [](const RejectRow& a, const RejectRow& b) {
      return std::pair(a.batch_id, a.reject.line) < std::pair(b.batch_id, b.reject.line);
    });
    return out;
  }
  Result<std::vector<std::string>> ListFindings(std::optional<int64_t> batch_id) override {
    std::vector<std::string> out;
    for (const auto& f : state_.findings)
      if (!batch_id || f.batch_id == *batch_id) out.push_back(f.row);
    return out;
  }
  Status ForEachEventChunk(const ChunkVisitor& visit) override {
    for (const auto& [batch_id, chunk] : state_.chunks)
      CAIRN_RETURN_IF_ERROR(visit(batch_id, chunk.first_event_id, chunk.data));
    return Status::Ok();
  }
  Result<std::optional<std::string>> ReadEventChunk(int64_t batch_id) override {
    auto it = state_.chunks.find(batch_id);
    if (it == state_.chunks.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second.data);
  }
  Status ForEachInvolvement(const std::function<void(const InvolvementRow&)>& visit) override {
    std::vector<InvolvementRow> rows;
    rows.reserve(state_.involvements.size());
    for (const auto& i : state_.involvements) rows.push_back(i.row);
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.event_id < b.event_id; });
    for (const auto& r : rows) visit(r);
    return Status::Ok();
  }
  Status ForEachPerson(const std::function<void(int64_t person_id, const Pseudonym&,
                                                int64_t first_batch_id)>& visit) override {
    for (size_t i = 0; i < state_.persons.size(); ++i)
      visit(static_cast<int64_t>(i) + 1, state_.persons[i].first, state_.persons[i].second);
    return Status::Ok();
  }
  Status ForEachReferral(const std::function<void(const ReferralRow&)>& visit) override {
    for (const auto& r : state_.referrals) visit(r);
    return Status::Ok();
  }
  Status ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) override {
    for (const auto& o : state_.outcomes) visit(o);
    return Status::Ok();
  }
  Status ForEachTraining(
      const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit) override {
    for (const auto& t : state_.training) visit(t.batch_id, t.row);
    return Status::Ok();
  }
  Status ForEachArea(
      const std::function<void(int64_t batch_id, const AreaRecord&)>& visit) override {
    for (const auto& a : state_.areas) visit(a.batch_id, a.row);
    return Status::Ok();
  }
  Status ForEachPopulation(
      const std::function<void(int64_t batch_id, const AreaPopulation&)>& visit) override {
    for (const auto& p : state_.populations) visit(p.batch_id, p.row);
    return Status::Ok();
  }
  Status ForEachShape(
      const std::function<void(int64_t batch_id, const std::string& code, const std::string& name,
                               std::string_view geometry)>& visit) override {
    for (const auto& s : state_.shapes) visit(s.batch_id, s.row.code, s.row.name, s.row.geometry);
    return Status::Ok();
  }
  Status ForEachFigure(
      const std::string& level,
      const std::function<void(int64_t batch_id, const AreaFigure&)>& visit) override {
    for (const auto& f : state_.figures)
      if (level.empty() || f.row.level == level) visit(f.batch_id, f.row);
    return Status::Ok();
  }
  Status ForEachDistrictLink(
      const std::function<void(int64_t batch_id, const DistrictLink&)>& visit) override {
    for (const auto& l : state_.links) visit(l.batch_id, l.row);
    return Status::Ok();
  }
  Result<std::vector<ReportedValue>> ListReportedValues(bool include_superseded) override {
    std::vector<ReportedValue> out;
    for (const auto& v : state_.reported)
      if (include_superseded || !v.superseded_by) out.push_back(v);
    return out;
  }
  Result<std::optional<StoreKey>> KeyFingerprint() override { return state_.fingerprint; }
  Result<std::vector<RegisterRow>> ListRegisterRows() override { return state_.register_rows; }

 private:
  // Rows are written only inside a transaction, as on a real server.
  Status Writable() const {
    return saved_.empty() ? Status::Internal("store: a write outside a transaction") : Status::Ok();
  }
  BatchSummary* Find(int64_t id) {
    if (id < 1 || id > static_cast<int64_t>(state_.batches.size())) return nullptr;
    return &state_.batches[static_cast<size_t>(id - 1)];
  }
  template <typename Keep>
  std::vector<BatchSummary> Batches(Keep keep) const {
    std::vector<BatchSummary> out;
    for (const BatchSummary& b : state_.batches)
      if (keep(b)) out.push_back(b);
    return out;
  }

  State state_;
  std::vector<State> saved_;  // one per open Begin(), innermost last
};

Status MemoryBackend::InsertAreaRows(int64_t batch_id, const Batch& batch) {
  CAIRN_RETURN_IF_ERROR(Writable());
  for (const AreaRecord& a : batch.areas) state_.areas.push_back({batch_id, a});
  for (const AreaPopulation& p : batch.populations) state_.populations.push_back({batch_id, p});
  for (const AreaShape& a : batch.shapes)
    state_.shapes.push_back({batch_id, {a.lsoa_code, a.lsoa_name, EncodeRings(a.rings)}});
  return Status::Ok();
}

}  // namespace

std::unique_ptr<StoreBackend> NewMemoryBackend() { return std::make_unique<MemoryBackend>(); }

}  // namespace cairn
