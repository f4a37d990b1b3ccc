#include "snapshot/frame.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "util/dates.h"

namespace cairn {

std::string SnapshotPathFor(const std::string& db_path) { return db_path + ".snapshot"; }

namespace {

// Appends a batch's dictionary-encoded column to the frame's global dictionary: each distinct value
// is looked up once per batch, then codes are remapped with one array lookup per row.
void AppendColumn(const StringColumn& local, StringColumn* global) {
  std::vector<uint32_t> remap(local.dict().size());
  for (size_t i = 0; i < remap.size(); ++i) remap[i] = global->Intern(local.dict()[i]);
  auto& codes = global->codes().values();
  for (uint32_t code : local.codes()) codes.push_back(remap[code]);
}

void AppendConstant(std::string_view value, size_t rows, StringColumn* global) {
  uint32_t code = global->Intern(value);
  auto& codes = global->codes().values();
  codes.insert(codes.end(), rows, code);
}

template <typename T>
void Append(const std::vector<T>& from, Column<T>* to) {
  to->values().insert(to->values().end(), from.begin(), from.end());
}

// Appends a batch's record references; false, with an empty reference for each row, when the
// store left them out (data.police.uk Crime IDs: Store::References::kUnlessCrimeIds).
bool AppendReferences(const StringColumn& from, size_t rows, Frame::References* to) {
  auto& text = to->text.values();
  auto& end = to->end.values();
  const bool kept = from.size() == rows;
  for (size_t row = 0; row < rows; ++row) {
    if (kept) {
      const std::string_view value = from.at(row);
      text.insert(text.end(), value.begin(), value.end());
    }
    end.push_back(text.size());
  }
  return kept;
}

struct Chunk {
  int64_t first_event_id;
  size_t frame_row;
  size_t rows;
};

class FrameBuilder {
 public:
  explicit FrameBuilder(bool with_references) : with_references_(with_references) {}
  Status Build(Store& store, Frame* frame);

 private:
  Status AddEvents(Store& store, Frame* f);
  Status AddDistricts(Store& store, Frame* f);
  Status AddPeople(Store& store, Frame* f);
  Status AddReferralsAndOutcomes(Store& store, Frame* f);
  Status AddPersons(Store& store, Frame* f);
  std::optional<size_t> RowOfEvent(int64_t event_id);
  // A person's provisional number, in the order they are met; AddPersons renumbers by stable id.
  uint32_t Met(int64_t store_person_id);
  std::string_view SourceOf(int64_t batch_id) const;
  std::string_view ExtractOf(int64_t batch_id) const;

  bool with_references_;
  std::vector<Chunk> chunks_;
  size_t chunk_cursor_ = 0;
  std::unordered_map<int64_t, std::string> source_of_batch_, extract_of_batch_;
  std::unordered_map<int64_t, uint32_t> met_;  // store person id -> provisional number
};

uint32_t FrameBuilder::Met(int64_t store_person_id) {
  return met_.emplace(store_person_id, static_cast<uint32_t>(met_.size())).first->second;
}

std::string_view FrameBuilder::SourceOf(int64_t batch_id) const {
  auto it = source_of_batch_.find(batch_id);
  return it == source_of_batch_.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view FrameBuilder::ExtractOf(int64_t batch_id) const {
  auto it = extract_of_batch_.find(batch_id);
  return it == extract_of_batch_.end() ? std::string_view() : std::string_view(it->second);
}

void AddMonthKeys(Frame* f) {
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (int32_t m : f->month)
    if (m != kNoMonth) lo = std::min(lo, m), hi = std::max(hi, m);
  if (lo > hi) return;
  f->first_month = lo;
  f->last_month = hi;
  f->month_key.resize(f->rows);
  for (size_t r = 0; r < f->rows; ++r)
    f->month_key[r] = f->month[r] == kNoMonth ? 0 : static_cast<uint32_t>(f->month[r] - lo + 1);
}

Status FrameBuilder::Build(Store& store, Frame* f) {
  auto version = store.DataVersion();
  if (!version.ok()) return version.status();
  f->data_version = *version;
  CAIRN_RETURN_IF_ERROR(AddEvents(store, f));
  AddMonthKeys(f);
  CAIRN_RETURN_IF_ERROR(AddDistricts(store, f));
  CAIRN_RETURN_IF_ERROR(AddPeople(store, f));
  CAIRN_RETURN_IF_ERROR(AddReferralsAndOutcomes(store, f));
  return AddPersons(store, f);
}

Status FrameBuilder::AddEvents(Store& store, Frame* f) {
  auto batches = store.ListBatches(false);
  if (!batches.ok()) return batches.status();
  std::unordered_map<int64_t, const BatchSummary*> by_id;
  for (const auto& b : *batches) {
    by_id[b.id] = &b;
    source_of_batch_[b.id] = b.source;
    extract_of_batch_[b.id] = b.extract;
  }
  return store.ForEachEventBatch(
      [&](int64_t batch_id, int64_t first_event_id, const EventColumns& e) {
        const size_t n = e.size();
        chunks_.push_back({first_event_id, f->rows, n});
        f->batches.batch.push_back(batch_id);
        f->batches.first_row.push_back(f->rows);
        ForEachNumberColumn([&](const auto& c) { Append(e.*c.from->column, &(f->*c.column)); });
        auto it = by_id.find(batch_id);
        AppendConstant(it == by_id.end() ? "" : it->second->source, n, &f->source);
        AppendConstant(it == by_id.end() ? "" : it->second->extract, n, &f->extract);
        for (const TextColumn& t : kTextColumns)
          if (t.from) AppendColumn(e.*t.from, &(f->*t.column));
        f->batches.references_kept.push_back(with_references_ &&
                                             AppendReferences(e.reference, n, &f->references));
        f->rows += n;
        return Status::Ok();
      },
      with_references_ ? Store::References::kUnlessCrimeIds : Store::References::kNone);
}

// District per event via its LSOA: one lookup per distinct LSOA, then an array lookup per row.
Status FrameBuilder::AddDistricts(Store& store, Frame* f) {
  auto areas = store.ListAreas();
  if (!areas.ok()) return areas.status();
  std::unordered_map<std::string, std::string> district_of;
  for (const AreaRecord& a : *areas)
    if (!a.district_name.empty()) district_of[a.lsoa_code] = a.district_name;
  std::vector<uint32_t> by_lsoa(f->lsoa.dict().size(), 0);
  for (size_t code = 1; code < by_lsoa.size(); ++code) {
    auto it = district_of.find(f->lsoa.dict()[code]);
    if (it != district_of.end()) by_lsoa[code] = f->district.Intern(it->second);
  }
  auto& codes = f->district.codes();
  codes.resize(f->rows);
  const auto& lsoa = f->lsoa.codes();
  for (size_t row = 0; row < f->rows; ++row) codes[row] = by_lsoa[lsoa[row]];
  return Status::Ok();
}

std::optional<size_t> FrameBuilder::RowOfEvent(int64_t event_id) {
  // Involvements arrive ordered by event id, so the cursor only moves forward.
  while (chunk_cursor_ < chunks_.size() &&
         event_id >= chunks_[chunk_cursor_].first_event_id +
                         static_cast<int64_t>(chunks_[chunk_cursor_].rows))
    ++chunk_cursor_;
  if (chunk_cursor_ == chunks_.size()) return std::nullopt;
  const Chunk& c = chunks_[chunk_cursor_];
  if (event_id < c.first_event_id) return std::nullopt;
  return c.frame_row + static_cast<size_t>(event_id - c.first_event_id);
}

Status FrameBuilder::AddPeople(Store& store, Frame* f) {
  f->victim_age.assign(f->rows, -1);
  f->suspect_age.assign(f->rows, -1);
  f->victim_sex.assign(f->rows, static_cast<uint8_t>(Sex::kUnknown));
  f->suspect_sex.assign(f->rows, static_cast<uint8_t>(Sex::kUnknown));
  f->victims.assign(f->rows, 0);
  f->suspects.assign(f->rows, 0);
  return store.ForEachInvolvement([&](const Store::InvolvementRow& inv) {
    auto row = RowOfEvent(inv.event_id);
    if (!row) return;
    f->people.event.push_back(static_cast<uint32_t>(*row));
    f->people.person.push_back(Met(inv.person_id));
    f->people.role.push_back(static_cast<uint8_t>(inv.role));
    f->people.age.push_back(inv.age);
    f->people.sex.push_back(static_cast<uint8_t>(inv.sex));
    bool victim = inv.role == Role::kVictim || inv.role == Role::kPatient;
    bool suspect = inv.role == Role::kSuspect || inv.role == Role::kOffender;
    if (victim && f->victims[*row]++ == 0) {
      f->victim_age[*row] = inv.age;
      f->victim_sex[*row] = static_cast<uint8_t>(inv.sex);
    }
    if (suspect && f->suspects[*row]++ == 0) {
      f->suspect_age[*row] = inv.age;
      f->suspect_sex[*row] = static_cast<uint8_t>(inv.sex);
    }
  });
}

Status FrameBuilder::AddReferralsAndOutcomes(Store& store, Frame* f) {
  Frame::Referrals& r = f->referrals;
  CAIRN_RETURN_IF_ERROR(store.ForEachReferral([&](const Store::ReferralRow& row) {
    const Referral& in = row.referral;
    r.person.push_back(Met(row.person_id));
    r.referred.push_back(in.referred);
    r.started.push_back(in.started);
    r.ended.push_back(in.ended);
    r.programme.codes().push_back(r.programme.Intern(in.programme));
    r.agency.codes().push_back(r.agency.Intern(in.agency));
    r.outcome.codes().push_back(r.outcome.Intern(in.outcome));
    r.source.codes().push_back(r.source.Intern(SourceOf(row.batch_id)));
    r.extract.codes().push_back(r.extract.Intern(ExtractOf(row.batch_id)));
  }));
  Frame::Outcomes& o = f->outcomes;
  return store.ForEachJusticeOutcome([&](const Store::OutcomeRow& row) {
    o.person.push_back(Met(row.person_id));
    o.date.push_back(row.outcome.date);
    o.type.codes().push_back(o.type.Intern(row.outcome.type));
    o.offence_code.codes().push_back(o.offence_code.Intern(row.outcome.offence_code));
    o.source.codes().push_back(o.source.Intern(SourceOf(row.batch_id)));
    o.extract.codes().push_back(o.extract.Intern(ExtractOf(row.batch_id)));
  });
}

// The people met, ordered by stable id (ties, which need a 64-bit collision, by pseudonym), and
// every person column renumbered to that order.
Status FrameBuilder::AddPersons(Store& store, Frame* f) {
  std::vector<Pseudonym> met(met_.size());
  std::vector<bool> found(met_.size(), false);
  CAIRN_RETURN_IF_ERROR(store.ForEachPerson([&](int64_t id, const Pseudonym& pseudonym) {
    auto it = met_.find(id);
    if (it == met_.end()) return;
    met[it->second] = pseudonym;
    found[it->second] = true;
  }));
  if (std::find(found.begin(), found.end(), false) != found.end())
    return Status::Invalid(
        "store: a record names a person the store does not hold; the store is "
        "damaged");
  std::vector<uint32_t> order(met.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](uint32_t i) { return std::make_pair(PersonIdOf(met[i]), met[i]); };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  std::vector<uint32_t> rank(met.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    rank[order[r]] = r;
    f->persons.id.push_back(PersonIdOf(met[order[r]]));
    f->persons.pseudonym.push_back(met[order[r]]);
  }
  for (auto* column : {&f->people.person, &f->referrals.person, &f->outcomes.person})
    for (uint32_t& p : *column) p = rank[p];
  return Status::Ok();
}

}  // namespace

namespace {

constexpr size_t kNoBatch = SIZE_MAX;

// The index in frame.batches of the batch holding frame row `row`, or kNoBatch.
size_t BatchIndexOf(const Frame& frame, size_t row) {
  const auto& first = frame.batches.first_row;
  size_t i = static_cast<size_t>(std::upper_bound(first.begin(), first.end(), row) - first.begin());
  return i == 0 || row >= frame.rows ? kNoBatch : i - 1;
}

}  // namespace

std::pair<int32_t, int32_t> MonthRange(const Frame& f) {
  if (f.month_key.size() == f.rows && f.rows > 0) return {f.first_month, f.last_month};
  int32_t lo = INT32_MAX, hi = INT32_MIN;
  for (int32_t m : f.month)
    if (m != kNoMonth) lo = std::min(lo, m), hi = std::max(hi, m);
  return {lo, hi};
}

std::pair<int64_t, size_t> BatchRowOf(const Frame& frame, size_t row) {
  const size_t b = BatchIndexOf(frame, row);
  if (b == kNoBatch) return {-1, 0};
  return {frame.batches.batch[b], row - frame.batches.first_row[b]};
}

Result<std::vector<std::string>> ReferencesOf(Store& store, const Frame& frame,
                                              const std::vector<uint32_t>& rows) {
  std::vector<std::string> out(rows.size());
  const auto& refs = frame.references;
  const bool has_references = frame.rows > 0 && refs.size() == frame.rows;
  std::map<int64_t, std::vector<std::pair<size_t, size_t>>> wanted;  // batch -> (out, row)
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t b = BatchIndexOf(frame, rows[i]);
    if (b == kNoBatch) continue;
    if (has_references && frame.batches.references_kept[b]) {
      const uint64_t from = rows[i] == 0 ? 0 : refs.end[rows[i] - 1];
      out[i].assign(refs.text.data() + from, refs.end[rows[i]] - from);
    } else {
      wanted[frame.batches.batch[b]].emplace_back(i, rows[i] - frame.batches.first_row[b]);
    }
  }
  for (const auto& [batch, items] : wanted) {
    auto events = store.ReadEventBatch(batch);
    if (!events.ok()) return events.status();
    for (auto [i, at] : items)
      if (at < events->reference.size()) out[i] = events->reference.Text(at);
  }
  return out;
}

uint64_t PersonIdOf(const Pseudonym& pseudonym) {
  uint64_t id = 0;
  for (size_t i = 0; i < 8; ++i) id = (id << 8) | pseudonym[i];
  return id;
}

Result<std::shared_ptr<const Frame>> BuildFrame(Store& store, bool with_references) {
  auto frame = std::make_shared<Frame>();
  FrameBuilder builder(with_references);
  CAIRN_RETURN_IF_ERROR(builder.Build(store, frame.get()));
  return std::shared_ptr<const Frame>(std::move(frame));
}

}  // namespace cairn

namespace cairn {

Result<std::shared_ptr<const Frame>> LoadFrame(Store& store, const std::string& cache_path,
                                               unsigned cache_mode) {
  if (cache_path.empty()) return BuildFrame(store);
  auto version = store.DataVersion();
  auto store_id = store.StoreId();
  if (!version.ok()) return version.status();
  if (!store_id.ok()) return store_id.status();
  if (auto cached = ReadSnapshotCache(cache_path, *store_id, *version)) return cached;
  auto built = BuildFrame(store, /*with_references=*/true);
  if (built.ok()) WriteSnapshotCache(cache_path, **built, *store_id, cache_mode);
  return built;
}

void ResizeFrame(Frame& f, size_t rows) {
  f.rows = rows;
  ForEachNumberColumn([&](const auto& c) { (f.*c.column).assign(rows, c.from->missing); });
  for (const TextColumn& t : kTextColumns) (f.*t.column).codes().assign(rows, 0);
  f.victim_age.assign(rows, -1);
  f.suspect_age.assign(rows, -1);
  f.victim_sex.assign(rows, 0);
  f.suspect_sex.assign(rows, 0);
  f.victims.assign(rows, 0);
  f.suspects.assign(rows, 0);
}

}  // namespace cairn
