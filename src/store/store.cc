// The store's rules, once for every backend: what "already loaded" means, which batches a
// re-extract supersedes, event ids and the data version, and which of several area records wins.
#include "store/store.h"

#include <ctime>
#include <map>
#include <tuple>

#include "store/event_codec.h"
#include "store/shape_codec.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::string UtcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A published table (figures or a lookup, nothing about events or people).
bool IsPublishedTable(const Batch& batch) {
  return batch.events.size() == 0 && batch.involvements.empty() && batch.referrals.empty() &&
         batch.outcomes.empty() && (!batch.figures.empty() || !batch.district_links.empty());
}

BatchSummary RecordOf(const Batch& batch) {
  BatchSummary r;
  r.source = batch.source;
  r.extract = batch.extract;
  r.file_name = batch.file_name;
  r.sha256 = batch.sha256;
  r.period_from = batch.period_from;
  r.period_to = batch.period_to;
  r.profile = batch.profile;
  r.loaded_at = UtcNow();
  r.received_on = batch.received_on.empty() ? r.loaded_at.substr(0, 10) : batch.received_on;
  r.rows_read = batch.rows_read;
  r.rows_loaded = batch.rows_loaded();
  r.rows_rejected = static_cast<int64_t>(batch.rejects.size());
  r.events = static_cast<int64_t>(batch.events.size());
  return r;
}

}  // namespace

Store::Store(std::unique_ptr<StoreBackend> backend) : backend_(std::move(backend)) {}

Store::~Store() {
  if (in_group_) (void)backend_->Rollback();
}

// The same bytes again are already loaded, whatever profile reads them: events, people and
// referrals must never be stored twice. A published table is the exception: one workbook holds
// several (Table P1 and Table P4 of one ONS file), each read through its own profile.
Result<std::optional<int64_t>> Store::AlreadyLoaded(const Batch& batch) {
  auto same = backend_->ActiveBatchesWithHash(batch.sha256);
  if (!same.ok()) return same.status();
  const bool table = IsPublishedTable(batch);
  for (const BatchSummary& b : *same)
    if (!table || b.profile == batch.profile) return std::optional<int64_t>(b.id);
  return std::optional<int64_t>();
}

// An earlier active batch of the same source and extract covering exactly the same period is
// replaced by a corrected re-extract. Batches without a period (areas, population) supersede by
// file name.
Result<std::vector<int64_t>> Store::Superseded(const Batch& batch) {
  auto same_period =
      backend_->ActiveBatchesOf(batch.source, batch.extract, batch.period_from, batch.period_to);
  if (!same_period.ok()) return same_period.status();
  const bool has_period = !batch.period_from.empty();
  std::vector<int64_t> ids;
  for (const BatchSummary& b : *same_period)
    if (has_period || b.file_name == batch.file_name) ids.push_back(b.id);
  return ids;
}

Status Store::WriteBatch(const Batch& batch, CommitOutcome* outcome) {
  auto loaded = AlreadyLoaded(batch);
  if (!loaded.ok()) return loaded.status();
  if (loaded->has_value()) {
    outcome->batch_id = **loaded;
    outcome->already_loaded = true;
    return Status::Ok();
  }
  auto superseded = Superseded(batch);
  if (!superseded.ok()) return superseded.status();
  auto batch_id = backend_->InsertBatch(RecordOf(batch));
  if (!batch_id.ok()) return batch_id.status();
  outcome->batch_id = *batch_id;
  for (int64_t old_id : *superseded)
    CAIRN_RETURN_IF_ERROR(backend_->RetireBatch(old_id, *batch_id));
  outcome->superseded = std::move(*superseded);

  auto first_event_id = backend_->GetCounter(Counter::kNextEventId);
  if (!first_event_id.ok()) return first_event_id.status();
  const auto rows = static_cast<int64_t>(batch.events.size());
  if (rows > 0) {
    std::string encoded;
    if (batch.encoded_events.empty()) encoded = EncodeEvents(batch.events);
    const std::string& chunk = batch.encoded_events.empty() ? encoded : batch.encoded_events;
    CAIRN_RETURN_IF_ERROR(backend_->InsertEventChunk(*batch_id, *first_event_id, rows, chunk));
    CAIRN_RETURN_IF_ERROR(backend_->SetCounter(Counter::kNextEventId, *first_event_id + rows));
  }
  auto person_ids = backend_->PersonIds(*batch_id, batch.persons);
  if (!person_ids.ok()) return person_ids.status();
  CAIRN_RETURN_IF_ERROR(backend_->InsertPeopleRows(*batch_id, batch, *first_event_id, *person_ids));
  if (!batch.training.empty())
    CAIRN_RETURN_IF_ERROR(backend_->InsertTrainingRows(*batch_id, batch));
  CAIRN_RETURN_IF_ERROR(backend_->InsertAreaRows(*batch_id, batch));
  CAIRN_RETURN_IF_ERROR(backend_->InsertFigureRows(*batch_id, batch));
  CAIRN_RETURN_IF_ERROR(backend_->InsertRejectsAndFindings(*batch_id, batch));
  auto version = backend_->GetCounter(Counter::kDataVersion);
  if (!version.ok()) return version.status();
  return backend_->SetCounter(Counter::kDataVersion, *version + 1);
}

// Alone, a batch is its own transaction; in a group, a savepoint inside the group's. The checks
// run inside it, so two loaders cannot both decide a file is new.
Result<CommitOutcome> Store::CommitBatch(const Batch& batch) {
  CAIRN_RETURN_IF_ERROR(backend_->Begin().WithContext(batch.file_name));
  CommitOutcome outcome;
  Status st = WriteBatch(batch, &outcome);
  if (!st.ok() || outcome.already_loaded) {
    Status rolled_back = backend_->Rollback();
    if (!st.ok()) return st.WithContext(batch.file_name);
    CAIRN_RETURN_IF_ERROR(rolled_back.WithContext(batch.file_name));
    return outcome;
  }
  CAIRN_RETURN_IF_ERROR(backend_->Commit().WithContext(batch.file_name));
  return outcome;
}

Status Store::BeginGroup() {
  if (in_group_) return Status::Internal("a group of batches is already open");
  CAIRN_RETURN_IF_ERROR(backend_->Begin());
  in_group_ = true;
  return Status::Ok();
}

Status Store::EndGroup() {
  if (!in_group_) return Status::Ok();
  in_group_ = false;
  return backend_->Commit();
}

void Store::BeginBulkLoad() {
  if (!in_group_) backend_->LoadStarting();
}

void Store::EndBulkLoad() { backend_->LoadFinished(); }

Result<std::optional<int64_t>> Store::FindBatchByHash(const std::string& sha256) {
  auto same = backend_->ActiveBatchesWithHash(sha256);
  if (!same.ok()) return same.status();
  if (same->empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(same->front().id);
}

Result<std::vector<BatchSummary>> Store::ListBatches(bool include_superseded) {
  return backend_->ListBatches(include_superseded);
}

Result<std::vector<SourceSummary>> Store::SummariseSources() {
  auto batches = backend_->ListBatches(false);
  if (!batches.ok()) return batches.status();
  std::map<std::pair<std::string, std::string>, SourceSummary> by_source;
  for (const BatchSummary& b : *batches) {
    SourceSummary& s = by_source[{b.source, b.extract}];
    s.source = b.source;
    s.extract = b.extract;
    ++s.batches;
    s.rows += b.rows_loaded;
    s.rejected += b.rows_rejected;
    s.events += b.events;
    if (!b.period_from.empty() && (s.first_period.empty() || b.period_from < s.first_period))
      s.first_period = b.period_from;
    if (!b.period_to.empty() && b.period_to > s.last_period) s.last_period = b.period_to;
    if (b.loaded_at > s.last_loaded) s.last_loaded = b.loaded_at;
    if (b.received_on > s.last_received) s.last_received = b.received_on;
  }
  std::vector<SourceSummary> out;
  out.reserve(by_source.size());
  for (auto& [key, s] : by_source) out.push_back(std::move(s));
  return out;
}

Result<int64_t> Store::CountEvents() {
  auto batches = backend_->ListBatches(false);
  if (!batches.ok()) return batches.status();
  int64_t events = 0;
  for (const BatchSummary& b : *batches) events += b.events;
  return events;
}

Result<std::vector<RejectRow>> Store::ListRejects(std::optional<int64_t> batch_id) {
  return backend_->ListRejects(batch_id);
}

Result<std::vector<std::string>> Store::ListFindings(std::optional<int64_t> batch_id) {
  return backend_->ListFindings(batch_id);
}

Status Store::ForEachEventBatch(const EventVisitor& visit, References references) {
  return backend_->ForEachEventChunk([&](int64_t batch_id, int64_t first_event_id,
                                         std::string_view chunk) -> Status {
    const bool crime_ids = references == References::kUnlessCrimeIds && HasPackedReferences(chunk);
    EventColumns events;
    CAIRN_RETURN_IF_ERROR(
        DecodeEvents(chunk, &events, references == References::kNone || crime_ids));
    if (crime_ids) events.reference = StringColumn();
    return visit(batch_id, first_event_id, events);
  });
}

Result<EventColumns> Store::ReadEventBatch(int64_t batch_id) {
  auto chunk = backend_->ReadEventChunk(batch_id);
  if (!chunk.ok()) return chunk.status();
  if (!chunk->has_value())
    return Status::NotFound("store: no events for batch " + std::to_string(batch_id));
  EventColumns events;
  CAIRN_RETURN_IF_ERROR(DecodeEvents(**chunk, &events, /*skip_references=*/false));
  return events;
}

Status Store::ForEachInvolvement(const InvolvementVisitor& visit) {
  return backend_->ForEachInvolvement(visit);
}

Status Store::ForEachPerson(const PersonVisitor& visit) {
  return backend_->ForEachPerson(
      [&](int64_t person_id, const Pseudonym& pseudonym, int64_t) { visit(person_id, pseudonym); });
}

Status Store::ForEachReferral(const std::function<void(const ReferralRow&)>& visit) {
  return backend_->ForEachReferral(visit);
}

Status Store::ForEachJusticeOutcome(const std::function<void(const OutcomeRow&)>& visit) {
  return backend_->ForEachJusticeOutcome(visit);
}

Status Store::ForEachTraining(
    const std::function<void(int64_t batch_id, const TrainingAttendance&)>& visit) {
  return backend_->ForEachTraining(visit);
}

Result<std::vector<AreaRecord>> Store::ListAreas() {
  std::map<std::string, AreaRecord> merged;
  auto keep = [](std::string* field, const std::string& value) {
    if (!value.empty()) *field = value;
  };
  Status st = backend_->ForEachArea([&](int64_t, const AreaRecord& r) {
    AreaRecord& a = merged[r.lsoa_code];
    a.lsoa_code = r.lsoa_code;
    keep(&a.lsoa_name, r.lsoa_name);
    keep(&a.district_code, r.district_code);
    keep(&a.district_name, r.district_name);
    keep(&a.csp, r.csp);
    keep(&a.rural_urban, r.rural_urban);
    if (r.imd_rank >= 0) a.imd_rank = r.imd_rank;
    if (r.imd_decile >= 0) a.imd_decile = r.imd_decile;
  });
  if (!st.ok()) return st;
  std::vector<AreaRecord> out;
  out.reserve(merged.size());
  for (auto& [code, a] : merged) out.push_back(std::move(a));
  return out;
}

Result<std::vector<AreaPopulation>> Store::ListPopulations() {
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> latest;
  Status st = backend_->ForEachPopulation([&](int64_t, const AreaPopulation& p) {
    latest[{p.lsoa_code, p.sex, p.age_band}] = p.population;
  });
  if (!st.ok()) return st;
  std::vector<AreaPopulation> out;
  out.reserve(latest.size());
  for (const auto& [key, population] : latest)
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), population});
  return out;
}

Result<std::vector<AreaFigure>> Store::ListAreaFigures(const std::string& level) {
  std::map<std::tuple<std::string, std::string, std::string>, AreaFigure> latest;
  Status st = backend_->ForEachFigure(level, [&](int64_t, const AreaFigure& f) {
    std::string key = f.area_code.empty() ? "name:" + f.area_name : f.area_code;
    latest[{key, f.measure, f.period}] = f;
  });
  if (!st.ok()) return st;
  std::vector<AreaFigure> out;
  out.reserve(latest.size());
  for (auto& [key, f] : latest) out.push_back(std::move(f));
  return out;
}

Result<std::vector<DistrictLink>> Store::ListDistrictLinks() {
  int64_t latest_batch = -1;
  std::vector<DistrictLink> out;
  Status st = backend_->ForEachDistrictLink([&](int64_t batch_id, const DistrictLink& link) {
    if (batch_id != latest_batch) {
      latest_batch = batch_id;
      out.clear();
    }
    out.push_back(link);
  });
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> Store::RecordValue(const ReportedValue& value) {
  CAIRN_RETURN_IF_ERROR(backend_->Begin());
  auto body = [&]() -> Result<int64_t> {
    auto active = backend_->ListReportedValues(false);
    if (!active.ok()) return active.status();
    ReportedValue recorded = value;
    recorded.recorded_at = UtcNow();
    auto id = backend_->InsertReportedValue(recorded);
    if (!id.ok()) return id.status();
    for (const ReportedValue& v : *active)
      if (v.kpi == value.kpi && v.period == value.period)
        CAIRN_RETURN_IF_ERROR(backend_->SupersedeReportedValue(v.id, *id));
    return id;
  };
  Result<int64_t> id = body();
  if (!id.ok()) {
    (void)backend_->Rollback();  // the error that matters is the body's
    return id;
  }
  CAIRN_RETURN_IF_ERROR(backend_->Commit());
  return id;
}

Result<std::vector<ReportedValue>> Store::ListReportedValues(bool include_superseded) {
  return backend_->ListReportedValues(include_superseded);
}

namespace {

// A register item's fields as one text: a line per field, "name<TAB>value", with backslash,
// tab and newline escaped in both.
void AppendEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    if (c == '\\')
      *out += "\\\\";
    else if (c == '\t')
      *out += "\\t";
    else if (c == '\n')
      *out += "\\n";
    else
      *out += c;
  }
}

std::string EncodeRegisterFields(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (value.empty()) continue;
    AppendEscaped(name, &out);
    out += '\t';
    AppendEscaped(value, &out);
    out += '\n';
  }
  return out;
}

Result<std::map<std::string, std::string>> DecodeRegisterFields(std::string_view text) {
  std::map<std::string, std::string> fields;
  std::string name, value, *into = &name;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      const char e = text[++i];
      *into += e == 't' ? '\t' : e == 'n' ? '\n' : e;
    } else if (c == '\t' && into == &name) {
      into = &value;
    } else if (c == '\n' && into == &value) {
      fields[name] = value;
      name.clear();
      value.clear();
      into = &name;
    } else if (c == '\t' || c == '\n') {
      return Status::Internal("store: a register revision's fields are damaged");
    } else {
      *into += c;
    }
  }
  if (!name.empty() || into != &name)
    return Status::Internal("store: a register revision's fields are damaged");
  return fields;
}

}  // namespace

Result<std::vector<RegisterOutcome>> Store::RecordRegister(
    std::vector<RegisterRevision> revisions, const std::map<std::string, int64_t>& read_at) {
  CAIRN_RETURN_IF_ERROR(backend_->Begin());
  const std::string now = UtcNow();
  std::vector<RegisterOutcome> outcomes;
  // Read under the write lock, so nobody records between this read and the writes.
  auto history = RegisterHistory();
  std::map<std::string, const RegisterRevision*> latest;
  if (history.ok())
    for (const RegisterRevision& r : *history) latest[r.item] = &r;
  auto body = [&]() -> Status {
    if (!history.ok()) return history.status();
    for (const auto& [item, id] : read_at) {
      auto it = latest.find(item);
      if (it != latest.end() && it->second->id != id)
        return Status::Invalid(item + " was changed by " + it->second->recorded_by + " at " +
                               it->second->recorded_at +
                               " after it was read; nothing was recorded: look at it again "
                               "(`cairn register history " +
                               item + "`) and repeat the change");
    }
    std::map<std::string, std::string> recorded_now;  // item -> encoded fields
    for (RegisterRevision& r : revisions) {
      std::erase_if(r.fields, [](const auto& f) { return f.second.empty(); });
      const std::string encoded = EncodeRegisterFields(r.fields);
      auto it = latest.find(r.item);
      auto now_it = recorded_now.find(r.item);
      const bool same =
          now_it != recorded_now.end()
              ? now_it->second == encoded
              : it != latest.end() && it->second->kind == r.kind && it->second->fields == r.fields;
      if (same && r.note.empty()) {
        outcomes.push_back(RegisterOutcome::kUnchanged);
        continue;
      }
      const bool known = it != latest.end() || now_it != recorded_now.end();
      RegisterRow row{0, r.item, r.kind, encoded, r.note, r.origin, r.recorded_by, now};
      auto id = backend_->InsertRegisterRow(row);
      if (!id.ok()) return id.status();
      recorded_now[r.item] = encoded;
      outcomes.push_back(known ? RegisterOutcome::kChanged : RegisterOutcome::kNew);
    }
    return Status::Ok();
  };
  if (Status st = body(); !st.ok()) {
    (void)backend_->Rollback();  // the error that matters is the body's
    return st;
  }
  CAIRN_RETURN_IF_ERROR(backend_->Commit());
  return outcomes;
}

Result<std::vector<RegisterRevision>> Store::RegisterHistory() {
  auto rows = backend_->ListRegisterRows();
  if (!rows.ok()) return rows.status();
  std::vector<RegisterRevision> out;
  out.reserve(rows->size());
  for (RegisterRow& row : *rows) {
    auto fields = DecodeRegisterFields(row.fields);
    if (!fields.ok()) return fields.status().WithContext("register item " + row.item);
    out.push_back({row.id, std::move(row.item), std::move(row.kind), std::move(*fields),
                   std::move(row.note), std::move(row.origin), std::move(row.recorded_by),
                   std::move(row.recorded_at)});
  }
  return out;
}

// A later batch's shape of an LSOA replaces an earlier one whole; only the winners are decoded.
Result<std::vector<AreaShape>> Store::ListAreaShapes() {
  std::map<std::string, std::pair<std::string, std::string>> latest;  // code -> (name, geometry)
  Status st = backend_->ForEachShape(
      [&](int64_t, const std::string& code, const std::string& name, std::string_view geometry) {
        latest[code] = {name, std::string(geometry)};
      });
  if (!st.ok()) return st;
  std::vector<AreaShape> out;
  out.reserve(latest.size());
  for (auto& [code, name_and_geometry] : latest) {
    auto rings = DecodeRings(name_and_geometry.second);
    if (!rings.ok()) return rings.status().WithContext("the boundary of " + code);
    out.push_back({code, std::move(name_and_geometry.first), std::move(*rings)});
  }
  return out;
}

Result<int64_t> Store::DataVersion() { return backend_->GetCounter(Counter::kDataVersion); }

Result<int64_t> Store::StoreId() { return backend_->GetCounter(Counter::kStoreId); }

Result<std::optional<std::string>> Store::KeyFingerprint() {
  auto recorded = backend_->KeyFingerprint();
  if (!recorded.ok()) return recorded.status();
  if (!recorded->has_value()) return std::optional<std::string>();
  return std::optional<std::string>((*recorded)->fingerprint);
}

// The first fingerprint recorded stays: the store's pseudonyms are made with that key.
Status Store::RecordKeyFingerprint(const std::string& fingerprint) {
  CAIRN_RETURN_IF_ERROR(backend_->Begin());
  auto recorded = backend_->KeyFingerprint();
  Status st = recorded.ok() ? Status::Ok() : recorded.status();
  if (st.ok() && !recorded->has_value()) st = backend_->InsertKeyFingerprint(fingerprint, UtcNow());
  if (!st.ok()) {
    (void)backend_->Rollback();
    return st;
  }
  return backend_->Commit();
}

Result<StoreLocation> ParseStoreLocation(const std::string& location) {
  if (StartsWith(location, "sqlite:"))
    return StoreLocation{StoreLocation::Kind::kSqlite, location.substr(7)};
  if (location == "memory:") return StoreLocation{StoreLocation::Kind::kMemory, location};
  if (StartsWith(location, "postgresql:") || StartsWith(location, "postgres:"))
    return StoreLocation{StoreLocation::Kind::kPostgres, location};
  if (location.empty())
    return Status::Usage("no store given (--db PATH, sqlite:PATH, or $CAIRN_DB)");
  return StoreLocation{StoreLocation::Kind::kSqlite, location};
}

}  // namespace cairn
