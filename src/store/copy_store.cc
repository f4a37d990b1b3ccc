#include "store/copy_store.h"

#include <openssl/evp.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

#include "store/postgres/postgres_backend.h"
#include "store/shape_codec.h"
#include "store/store.h"
#include "util/strings.h"

namespace cairn {

namespace {

// SHA-256 over a table's rows. Integers are 8 bytes little-endian, text and bytes their length
// then their bytes, an optional value a presence byte first, so that the serialisation is
// unambiguous and the same whatever the backend.
class Digest {
 public:
  explicit Digest(std::string table) : table_(std::move(table)), ctx_(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
  }
  Digest& Int(int64_t v) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i)
      bytes[i] = static_cast<unsigned char>(static_cast<uint64_t>(v) >> (8 * i));
    EVP_DigestUpdate(ctx_.get(), bytes, sizeof bytes);
    return *this;
  }
  Digest& Text(std::string_view v) {
    Int(static_cast<int64_t>(v.size()));
    EVP_DigestUpdate(ctx_.get(), v.data(), v.size());
    return *this;
  }
  Digest& Real(double v) {
    int64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    return Int(bits);
  }
  template <typename T, typename Put>
  Digest& Maybe(const std::optional<T>& v, Put put) {
    Int(v.has_value() ? 1 : 0);
    if (v) (this->*put)(*v);
    return *this;
  }
  // Ends a row.
  void Row() {
    ++rows_;
    Int(-1);
  }
  TableDigest Finish() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_.get(), md, &len);
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < len; ++i) {
      hex.push_back(kHex[md[i] >> 4]);
      hex.push_back(kHex[md[i] & 15]);
    }
    return {table_, rows_, hex};
  }

 private:
  struct Free {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  std::string table_;
  std::unique_ptr<EVP_MD_CTX, Free> ctx_;
  int64_t rows_ = 0;
};

std::string_view Bytes(const Pseudonym& p) {
  return std::string_view(reinterpret_cast<const char*>(p.data()), p.size());
}

Result<TableDigest> DigestBatches(StoreBackend& store) {
  auto batches = store.ListBatches(true);
  if (!batches.ok()) return batches.status();
  Digest d("batch");
  for (const BatchSummary& b : *batches) {
    d.Int(b.id).Text(b.source).Text(b.extract).Text(b.file_name).Text(b.sha256);
    d.Text(b.period_from).Text(b.period_to).Text(b.profile).Text(b.loaded_at).Text(b.received_on);
    d.Int(b.rows_read).Int(b.rows_loaded).Int(b.rows_rejected).Int(b.events);
    d.Maybe(b.superseded_by, &Digest::Int).Row();
  }
  return d.Finish();
}

Result<TableDigest> DigestChunks(StoreBackend& store) {
  Digest d("event_chunk");
  CAIRN_RETURN_IF_ERROR(
      store.ForEachEventChunk([&](int64_t batch_id, int64_t first, std::string_view chunk) {
        d.Int(batch_id).Int(first).Text(chunk).Row();
        return Status::Ok();
      }));
  return d.Finish();
}

Result<TableDigest> DigestPeople(StoreBackend& store) {
  Digest d("person");
  CAIRN_RETURN_IF_ERROR(store.ForEachPerson([&](int64_t id, const Pseudonym& p, int64_t first) {
    d.Int(id).Text(Bytes(p)).Int(first).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestInvolvements(StoreBackend& store) {
  Digest d("involvement");
  CAIRN_RETURN_IF_ERROR(store.ForEachInvolvement([&](const StoreBackend::InvolvementRow& r) {
    d.Int(r.batch_id).Int(r.event_id).Int(r.person_id).Text(RoleName(r.role)).Int(r.age);
    d.Text(SexName(r.sex)).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestReferrals(StoreBackend& store) {
  Digest d("referral");
  CAIRN_RETURN_IF_ERROR(store.ForEachReferral([&](const StoreBackend::ReferralRow& row) {
    const Referral& r = row.referral;
    d.Int(row.batch_id).Int(row.person_id).Text(r.programme).Text(r.agency).Int(r.referred);
    d.Int(r.started).Int(r.ended).Text(r.outcome).Int(r.source_line).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestOutcomes(StoreBackend& store) {
  Digest d("justice_outcome");
  CAIRN_RETURN_IF_ERROR(store.ForEachJusticeOutcome([&](const StoreBackend::OutcomeRow& row) {
    const JusticeOutcome& o = row.outcome;
    d.Int(row.batch_id).Int(row.person_id).Int(o.date).Text(o.type).Text(o.offence_code);
    d.Int(o.source_line).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestTraining(StoreBackend& store) {
  Digest d("training_attendance");
  CAIRN_RETURN_IF_ERROR(store.ForEachTraining([&](int64_t batch_id, const TrainingAttendance& t) {
    d.Int(batch_id).Text(Bytes(t.attendee)).Text(t.agency).Text(t.course).Int(t.date);
    d.Int(t.before).Int(t.after).Int(t.understanding_scale).Int(t.feedback);
    d.Int(t.feedback_scale).Int(t.source_line).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestAreas(StoreBackend& store) {
  Digest d("area");
  CAIRN_RETURN_IF_ERROR(store.ForEachArea([&](int64_t batch_id, const AreaRecord& a) {
    d.Int(batch_id).Text(a.lsoa_code).Text(a.lsoa_name).Text(a.district_code);
    d.Text(a.district_name).Text(a.csp).Text(a.rural_urban).Int(a.imd_rank).Int(a.imd_decile);
    d.Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestPopulations(StoreBackend& store) {
  Digest d("area_population");
  CAIRN_RETURN_IF_ERROR(store.ForEachPopulation([&](int64_t batch_id, const AreaPopulation& p) {
    d.Int(batch_id).Text(p.lsoa_code).Text(p.sex).Text(p.age_band).Int(p.population).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestShapes(StoreBackend& store) {
  Digest d("area_shape");
  CAIRN_RETURN_IF_ERROR(store.ForEachShape(
      [&](int64_t batch_id, const std::string& code, const std::string& name, std::string_view g) {
        d.Int(batch_id).Text(code).Text(name).Text(g).Row();
      }));
  return d.Finish();
}

Result<TableDigest> DigestFigures(StoreBackend& store) {
  Digest d("area_figure");
  CAIRN_RETURN_IF_ERROR(store.ForEachFigure("", [&](int64_t batch_id, const AreaFigure& f) {
    d.Int(batch_id).Text(f.level).Text(f.area_code).Text(f.area_name).Text(f.measure);
    d.Text(f.period).Maybe(f.value, &Digest::Real).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestLinks(StoreBackend& store) {
  Digest d("district_link");
  CAIRN_RETURN_IF_ERROR(store.ForEachDistrictLink([&](int64_t batch_id, const DistrictLink& l) {
    d.Int(batch_id).Text(l.district_code).Text(l.district_name).Text(l.csp_code);
    d.Text(l.csp_name).Text(l.force_code).Text(l.force_name).Row();
  }));
  return d.Finish();
}

Result<TableDigest> DigestRejects(StoreBackend& store) {
  auto rejects = store.ListRejects(std::nullopt);
  if (!rejects.ok()) return rejects.status();
  Digest d("reject");
  for (const RejectRow& r : *rejects) {
    d.Int(r.batch_id).Text(r.file_name).Int(r.reject.line).Text(r.reject.column);
    d.Text(r.reject.value).Text(r.reject.reason).Row();
  }
  return d.Finish();
}

Result<TableDigest> DigestFindings(StoreBackend& store) {
  auto batches = store.ListBatches(true);
  if (!batches.ok()) return batches.status();
  Digest d("finding");
  for (const BatchSummary& b : *batches) {
    auto findings = store.ListFindings(b.id);
    if (!findings.ok()) return findings.status();
    for (const std::string& f : *findings) d.Int(b.id).Text(f).Row();
  }
  return d.Finish();
}

Result<TableDigest> DigestReportedValues(StoreBackend& store) {
  auto values = store.ListReportedValues(true);
  if (!values.ok()) return values.status();
  Digest d("reported_value");
  for (const ReportedValue& v : *values) {
    d.Int(v.id).Text(v.kpi).Text(v.period).Real(v.value).Text(v.note).Text(v.recorded_by);
    d.Text(v.recorded_at).Maybe(v.superseded_by, &Digest::Int).Row();
  }
  return d.Finish();
}

Result<TableDigest> DigestRegister(StoreBackend& store) {
  auto rows = store.ListRegisterRows();
  if (!rows.ok()) return rows.status();
  Digest d("register_revision");
  for (const RegisterRow& r : *rows) {
    d.Int(r.id).Text(r.item).Text(r.kind).Text(r.fields).Text(r.note).Text(r.origin);
    d.Text(r.recorded_by).Text(r.recorded_at).Row();
  }
  return d.Finish();
}

Result<TableDigest> DigestKey(StoreBackend& store) {
  auto key = store.KeyFingerprint();
  if (!key.ok()) return key.status();
  Digest d("store_key");
  if (key->has_value()) d.Text((*key)->fingerprint).Row();
  return d.Finish();
}

Result<TableDigest> DigestCounters(StoreBackend& store) {
  Digest d("meta");
  for (Counter c : {Counter::kNextEventId, Counter::kDataVersion}) {
    auto value = store.GetCounter(c);
    if (!value.ok()) return value.status();
    d.Int(*value).Row();
  }
  return d.Finish();
}

// ---- The copy, step by step. Ids are given by the target (the next after the highest); in an
// empty target, written in the source's order, they come out the same, and each is checked.

Status SameId(const char* what, int64_t source_id, int64_t target_id, const std::string& to_name) {
  if (source_id == target_id) return Status::Ok();
  return Status::Internal(to_name + ": the copy of " + what + " " + std::to_string(source_id) +
                          " was given the id " + std::to_string(target_id) +
                          "; ids must stay the same, so nothing was copied");
}

std::string Count(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

Status CheckTargetEmpty(StoreBackend& to, const std::optional<StoreKey>& source_key,
                        const std::string& to_name) {
  auto batches = to.ListBatches(true);
  if (!batches.ok()) return batches.status();
  int64_t persons = 0;
  CAIRN_RETURN_IF_ERROR(to.ForEachPerson([&](int64_t, const Pseudonym&, int64_t) { ++persons; }));
  auto values = to.ListReportedValues(true);
  if (!values.ok()) return values.status();
  auto revisions = to.ListRegisterRows();
  if (!revisions.ok()) return revisions.status();
  std::vector<std::string> held;  // what the target holds, leaving out what it has none of
  auto hold = [&](int64_t n, const char* one, const char* many) {
    if (n > 0) held.push_back(Count(n, one, many));
  };
  hold(static_cast<int64_t>(batches->size()), "batch", "batches");
  hold(persons, "person", "people");
  hold(static_cast<int64_t>(values->size()), "reported value", "reported values");
  hold(static_cast<int64_t>(revisions->size()), "register revision", "register revisions");
  if (!held.empty())
    return Status::Invalid(to_name + ": the store to copy into is not empty (it holds " +
                           Join(held, ", ") +
                           "); a copy goes only into a new, empty store, so nothing was copied");
  auto key = to.KeyFingerprint();
  if (!key.ok()) return key.status();
  if (key->has_value() && (!source_key || source_key->fingerprint != (*key)->fingerprint))
    return Status::Invalid(
        to_name + ": the store to copy into was made with another partnership key (fingerprint " +
        (*key)->fingerprint + ", the source's is " +
        (source_key ? source_key->fingerprint : std::string("none")) +
        "); make it with the source's key (`cairn init --db TARGET --key SOURCE_KEY`), or let "
        "`cairn copy` create it. Nothing was copied");
  return Status::Ok();
}

Status CopyBatchRecords(const std::vector<BatchSummary>& batches, StoreBackend& to,
                        const std::string& to_name) {
  for (const BatchSummary& b : batches) {
    auto id = to.InsertBatch(b);
    if (!id.ok()) return id.status();
    CAIRN_RETURN_IF_ERROR(SameId("batch", b.id, *id, to_name));
  }
  return Status::Ok();
}

// People in id order, each run first seen in the same batch written at once.
Status CopyPeople(StoreBackend& from, StoreBackend& to, const std::string& to_name) {
  std::vector<std::pair<int64_t, Pseudonym>> people;  // id, pseudonym
  std::vector<int64_t> first_batches;
  CAIRN_RETURN_IF_ERROR(from.ForEachPerson([&](int64_t id, const Pseudonym& p, int64_t first) {
    people.emplace_back(id, p);
    first_batches.push_back(first);
  }));
  for (size_t start = 0; start < people.size();) {
    size_t end = start;
    std::vector<Pseudonym> run;
    while (end < people.size() && first_batches[end] == first_batches[start])
      run.push_back(people[end++].second);
    auto ids = to.PersonIds(first_batches[start], run);
    if (!ids.ok()) return ids.status();
    for (size_t i = 0; i < run.size(); ++i)
      CAIRN_RETURN_IF_ERROR(SameId("person", people[start + i].first, (*ids)[i], to_name));
    start = end;
  }
  return Status::Ok();
}

// The chunks as the same bytes; returns each batch's first event id.
Result<std::map<int64_t, int64_t>> CopyEventChunks(StoreBackend& from, StoreBackend& to,
                                                   const std::map<int64_t, int64_t>& rows) {
  std::map<int64_t, int64_t> first_event;
  Status st = from.ForEachEventChunk([&](int64_t batch_id, int64_t first, std::string_view chunk) {
    auto n = rows.find(batch_id);
    if (n == rows.end())
      return Status::Internal("store: events of batch " + std::to_string(batch_id) +
                              ", which has no record");
    first_event[batch_id] = first;
    return to.InsertEventChunk(batch_id, first, n->second, chunk);
  });
  if (!st.ok()) return st;
  return first_event;
}

// The rows of each batch other than its events, gathered from the source as Batches to write.
// A person's index is their id (person_ids below maps it to itself).
class RowsByBatch {
 public:
  Status Gather(StoreBackend& from, const std::map<int64_t, int64_t>& first_event,
                const std::map<int64_t, int64_t>& events);
  std::map<int64_t, Batch>& batches() { return batches_; }
  int64_t max_person_id() const { return max_person_id_; }

 private:
  Status GatherPeopleRows(StoreBackend& from, const std::map<int64_t, int64_t>& first_event,
                          const std::map<int64_t, int64_t>& events);
  Status GatherAreaRows(StoreBackend& from);
  Status GatherRejectsAndFindings(StoreBackend& from);
  uint32_t Person(int64_t id) {
    max_person_id_ = std::max(max_person_id_, id);
    return static_cast<uint32_t>(id);
  }

  std::map<int64_t, Batch> batches_;
  int64_t max_person_id_ = 0;
};

Status RowsByBatch::Gather(StoreBackend& from, const std::map<int64_t, int64_t>& first_event,
                           const std::map<int64_t, int64_t>& events) {
  CAIRN_RETURN_IF_ERROR(GatherPeopleRows(from, first_event, events));
  CAIRN_RETURN_IF_ERROR(GatherAreaRows(from));
  return GatherRejectsAndFindings(from);
}

Status RowsByBatch::GatherPeopleRows(StoreBackend& from,
                                     const std::map<int64_t, int64_t>& first_event,
                                     const std::map<int64_t, int64_t>& events) {
  Status outside;
  CAIRN_RETURN_IF_ERROR(from.ForEachInvolvement([&](const StoreBackend::InvolvementRow& r) {
    auto first = first_event.find(r.batch_id);
    const int64_t row = first == first_event.end() ? -1 : r.event_id - first->second;
    if (row < 0 || row >= events.at(r.batch_id)) {
      outside = Status::Internal("store: an involvement of event " + std::to_string(r.event_id) +
                                 " lies outside the events of its batch " +
                                 std::to_string(r.batch_id) + "; the store is damaged");
      return;
    }
    batches_[r.batch_id].involvements.push_back(
        {static_cast<uint32_t>(row), Person(r.person_id), r.role, r.age, r.sex});
  }));
  CAIRN_RETURN_IF_ERROR(outside);
  CAIRN_RETURN_IF_ERROR(from.ForEachReferral([&](const StoreBackend::ReferralRow& r) {
    Referral referral = r.referral;
    referral.person_idx = Person(r.person_id);
    batches_[r.batch_id].referrals.push_back(std::move(referral));
  }));
  CAIRN_RETURN_IF_ERROR(from.ForEachJusticeOutcome([&](const StoreBackend::OutcomeRow& r) {
    JusticeOutcome outcome = r.outcome;
    outcome.person_idx = Person(r.person_id);
    batches_[r.batch_id].outcomes.push_back(std::move(outcome));
  }));
  return from.ForEachTraining([&](int64_t batch_id, const TrainingAttendance& t) {
    batches_[batch_id].training.push_back(t);
  });
}

Status RowsByBatch::GatherAreaRows(StoreBackend& from) {
  CAIRN_RETURN_IF_ERROR(from.ForEachArea(
      [&](int64_t batch_id, const AreaRecord& a) { batches_[batch_id].areas.push_back(a); }));
  CAIRN_RETURN_IF_ERROR(from.ForEachPopulation([&](int64_t batch_id, const AreaPopulation& p) {
    batches_[batch_id].populations.push_back(p);
  }));
  Status bad_shape;
  CAIRN_RETURN_IF_ERROR(from.ForEachShape(
      [&](int64_t batch_id, const std::string& code, const std::string& name, std::string_view g) {
        auto rings = DecodeRings(g);
        if (!rings.ok()) {
          bad_shape = rings.status().WithContext("the boundary of " + code);
          return;
        }
        batches_[batch_id].shapes.push_back({code, name, std::move(*rings)});
      }));
  CAIRN_RETURN_IF_ERROR(bad_shape);
  CAIRN_RETURN_IF_ERROR(from.ForEachFigure(
      "", [&](int64_t batch_id, const AreaFigure& f) { batches_[batch_id].figures.push_back(f); }));
  return from.ForEachDistrictLink([&](int64_t batch_id, const DistrictLink& l) {
    batches_[batch_id].district_links.push_back(l);
  });
}

Status RowsByBatch::GatherRejectsAndFindings(StoreBackend& from) {
  auto rejects = from.ListRejects(std::nullopt);
  if (!rejects.ok()) return rejects.status();
  for (const RejectRow& r : *rejects) batches_[r.batch_id].rejects.push_back(r.reject);
  auto batches = from.ListBatches(true);
  if (!batches.ok()) return batches.status();
  for (const BatchSummary& b : *batches) {
    auto findings = from.ListFindings(b.id);
    if (!findings.ok()) return findings.status();
    if (!findings->empty()) batches_[b.id].findings = std::move(*findings);
  }
  return Status::Ok();
}

Status WriteRows(RowsByBatch& rows, const std::map<int64_t, int64_t>& first_event,
                 StoreBackend& to) {
  std::vector<int64_t> person_ids(static_cast<size_t>(rows.max_person_id()) + 1);
  for (size_t i = 0; i < person_ids.size(); ++i) person_ids[i] = static_cast<int64_t>(i);
  for (auto& [batch_id, batch] : rows.batches()) {
    auto first = first_event.find(batch_id);
    const int64_t first_event_id = first == first_event.end() ? 0 : first->second;
    CAIRN_RETURN_IF_ERROR(to.InsertPeopleRows(batch_id, batch, first_event_id, person_ids));
    if (!batch.training.empty()) CAIRN_RETURN_IF_ERROR(to.InsertTrainingRows(batch_id, batch));
    CAIRN_RETURN_IF_ERROR(to.InsertAreaRows(batch_id, batch));
    CAIRN_RETURN_IF_ERROR(to.InsertFigureRows(batch_id, batch));
    CAIRN_RETURN_IF_ERROR(to.InsertRejectsAndFindings(batch_id, batch));
  }
  return Status::Ok();
}

Status MarkSuperseded(const std::vector<BatchSummary>& batches, StoreBackend& to) {
  for (const BatchSummary& b : batches)
    if (b.superseded_by) CAIRN_RETURN_IF_ERROR(to.RetireBatch(b.id, *b.superseded_by));
  return Status::Ok();
}

Status CopyReportedValues(StoreBackend& from, StoreBackend& to, const std::string& to_name) {
  auto values = from.ListReportedValues(true);
  if (!values.ok()) return values.status();
  for (const ReportedValue& v : *values) {
    auto id = to.InsertReportedValue(v);
    if (!id.ok()) return id.status();
    CAIRN_RETURN_IF_ERROR(SameId("reported value", v.id, *id, to_name));
  }
  for (const ReportedValue& v : *values)
    if (v.superseded_by) CAIRN_RETURN_IF_ERROR(to.SupersedeReportedValue(v.id, *v.superseded_by));
  return Status::Ok();
}

Status CopyRegister(StoreBackend& from, StoreBackend& to, const std::string& to_name) {
  auto rows = from.ListRegisterRows();
  if (!rows.ok()) return rows.status();
  for (const RegisterRow& r : *rows) {
    auto id = to.InsertRegisterRow(r);
    if (!id.ok()) return id.status();
    CAIRN_RETURN_IF_ERROR(SameId("register revision", r.id, *id, to_name));
  }
  return Status::Ok();
}

Status CopyKeyAndCounters(StoreBackend& from, StoreBackend& to,
                          const std::optional<StoreKey>& source_key) {
  auto target_key = to.KeyFingerprint();
  if (!target_key.ok()) return target_key.status();
  if (source_key && !target_key->has_value())
    CAIRN_RETURN_IF_ERROR(
        to.InsertKeyFingerprint(source_key->fingerprint, source_key->recorded_at));
  for (Counter c : {Counter::kNextEventId, Counter::kDataVersion}) {
    auto value = from.GetCounter(c);
    if (!value.ok()) return value.status();
    CAIRN_RETURN_IF_ERROR(to.SetCounter(c, *value));
  }
  return Status::Ok();
}

// Everything, inside the target's transaction (and the source's, which holds it still).
Status CopyAll(StoreBackend& from, StoreBackend& to, const std::string& to_name) {
  auto source_key = from.KeyFingerprint();
  if (!source_key.ok()) return source_key.status();
  CAIRN_RETURN_IF_ERROR(CheckTargetEmpty(to, *source_key, to_name));
  auto batches = from.ListBatches(true);
  if (!batches.ok()) return batches.status();
  std::map<int64_t, int64_t> events;
  for (const BatchSummary& b : *batches) events[b.id] = b.events;
  CAIRN_RETURN_IF_ERROR(CopyBatchRecords(*batches, to, to_name));
  CAIRN_RETURN_IF_ERROR(CopyPeople(from, to, to_name));
  auto first_event = CopyEventChunks(from, to, events);
  if (!first_event.ok()) return first_event.status();
  RowsByBatch rows;
  CAIRN_RETURN_IF_ERROR(rows.Gather(from, *first_event, events));
  CAIRN_RETURN_IF_ERROR(WriteRows(rows, *first_event, to));
  CAIRN_RETURN_IF_ERROR(MarkSuperseded(*batches, to));
  CAIRN_RETURN_IF_ERROR(CopyReportedValues(from, to, to_name));
  CAIRN_RETURN_IF_ERROR(CopyRegister(from, to, to_name));
  return CopyKeyAndCounters(from, to, *source_key);
}

Result<std::vector<TableCheck>> Compare(StoreBackend& from, StoreBackend& to,
                                        const std::string& to_name) {
  auto source = DigestStore(from);
  if (!source.ok()) return source.status();
  auto target = DigestStore(to);
  if (!target.ok()) return target.status();
  std::vector<TableCheck> checks;
  std::string differ;
  for (size_t i = 0; i < source->size(); ++i) {
    checks.push_back({(*source)[i], (*target)[i]});
    const TableCheck& c = checks.back();
    if (!c.same())
      differ += "\n  " + c.source.table + ": " + std::to_string(c.source.rows) + " rows, sha256 " +
                c.source.sha256.substr(0, 16) + " in the source; " + std::to_string(c.target.rows) +
                " rows, sha256 " + c.target.sha256.substr(0, 16) + " in the copy";
  }
  if (!differ.empty())
    return Status::IoError(to_name +
                           ": the copy does not read back as the source, so it was rolled back "
                           "and nothing was kept:" +
                           differ);
  return checks;
}

Status RollbackAfter(StoreBackend& store, const Status& failure) {
  (void)store.Rollback();  // the failure is the error that matters
  return failure;
}

// The same location, or two paths of one SQLite file.
bool SameStore(const StoreLocation& a, const StoreLocation& b) {
  if (a.kind != b.kind) return false;
  if (a.path == b.path) return true;
  std::error_code ec;
  return a.kind == StoreLocation::Kind::kSqlite && std::filesystem::equivalent(a.path, b.path, ec);
}

}  // namespace

Result<std::vector<TableDigest>> DigestStore(StoreBackend& store) {
  using Step = Result<TableDigest> (*)(StoreBackend&);
  static const Step kTables[] = {
      DigestBatches,  DigestChunks,   DigestPeople,  DigestInvolvements, DigestReferrals,
      DigestOutcomes, DigestTraining, DigestAreas,   DigestPopulations,  DigestShapes,
      DigestFigures,  DigestLinks,    DigestRejects, DigestFindings,     DigestReportedValues,
      DigestRegister, DigestKey,      DigestCounters};
  std::vector<TableDigest> out;
  for (Step step : kTables) {
    auto digest = step(store);
    if (!digest.ok()) return digest.status();
    out.push_back(std::move(*digest));
  }
  return out;
}

const std::vector<std::string>& CopiedTables() {
  static const std::vector<std::string> kTables = {"batch",
                                                   "source",
                                                   "event_chunk",
                                                   "person",
                                                   "involvement",
                                                   "referral",
                                                   "justice_outcome",
                                                   "area",
                                                   "area_population",
                                                   "area_shape",
                                                   "area_figure",
                                                   "district_link",
                                                   "reject",
                                                   "finding",
                                                   "reported_value",
                                                   "store_key",
                                                   "meta",
                                                   "register_revision",
                                                   "training_attendance"};
  return kTables;
}

Result<std::vector<TableCheck>> CopyStore(StoreBackend& from, StoreBackend& to,
                                          const std::string& from_name,
                                          const std::string& to_name) {
  // Two locations of one store (two spellings of one PostgreSQL database and schema, say) would
  // wait for each other for ever: holding the source still is holding the write lock that the
  // target's transaction then waits for. A store's id is its own (a copy gets a new one), so the
  // same id on both sides is one store, or a restored backup of it, which is not empty either.
  auto from_id = from.GetCounter(Counter::kStoreId);
  if (!from_id.ok()) return from_id.status().WithContext(from_name);
  auto to_id = to.GetCounter(Counter::kStoreId);
  if (!to_id.ok()) return to_id.status().WithContext(to_name);
  if (*from_id == *to_id)
    return Status::Usage(
        "--from " + from_name + " and --to " + to_name + " are the same store (store id " +
        std::to_string(*from_id) +
        "): both locations reach one database and schema (or one is a restored backup of the "
        "other). Copy into a new, empty database or schema");
  Status held = from.Begin();
  if (!held.ok())
    return Status::IoError(from_name + ": cannot hold the store still while copying it (" +
                           held.message() + ")");
  Status begun = to.Begin();
  if (!begun.ok()) return RollbackAfter(from, begun.WithContext(to_name));
  Status copied = CopyAll(from, to, to_name);
  if (!copied.ok()) {
    (void)to.Rollback();
    return RollbackAfter(from, copied);
  }
  auto checks = Compare(from, to, to_name);
  if (!checks.ok()) {
    (void)to.Rollback();
    return RollbackAfter(from, checks.status());
  }
  Status committed = to.Commit();
  (void)from.Rollback();  // only read
  if (!committed.ok()) return committed.WithContext(to_name);
  return checks;
}

Result<std::vector<TableCheck>> CopyStoreBetween(const std::string& from, const std::string& to) {
  auto from_location = ParseStoreLocation(from);
  if (!from_location.ok()) return from_location.status();
  auto to_location = ParseStoreLocation(to);
  if (!to_location.ok()) return to_location.status();
  const std::string from_name = RedactedLocation(from), to_name = RedactedLocation(to);
  if (SameStore(*from_location, *to_location))
    return Status::Usage(from_name + ": --from and --to name the same store");
  auto source = OpenStoreBackend(*from_location, {StoreAccess::kRead});
  if (!source.ok()) return source.status();
  auto target = OpenStoreBackend(*to_location, {StoreAccess::kCreate});
  if (!target.ok()) return target.status();
  return CopyStore(**source, **target, from_name, to_name);
}

}  // namespace cairn
