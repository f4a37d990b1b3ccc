#include "snapshot/frame.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "util/dates.h"

namespace cairn {

uint32_t DictColumn::Intern(std::string_view value) {
  if (value.empty()) return 0;
  auto it = index_.find(value);
  if (it != index_.end()) return it->second;
  uint32_t code = static_cast<uint32_t>(dict_.size());
  dict_.emplace_back(value);
  index_.emplace(dict_.back(), code);
  return code;
}

std::optional<uint32_t> DictColumn::Find(std::string_view value) const {
  if (value.empty()) return 0u;
  auto it = index_.find(value);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

void DictColumn::Assign(std::vector<std::string> dict, std::vector<uint32_t> codes) {
  dict_ = std::move(dict);
  if (dict_.empty()) dict_.emplace_back();
  codes_ = std::move(codes);
  index_.clear();
  for (uint32_t i = 1; i < dict_.size(); ++i) index_.emplace(dict_[i], i);
}

std::string SnapshotPathFor(const std::string& db_path) { return db_path + ".snapshot"; }

namespace {

// Appends a batch's dictionary-encoded column to the frame's global dictionary: each distinct value
// is looked up once per batch, then codes are remapped with one array lookup per row.
void AppendColumn(const StringColumn& local, DictColumn* global) {
  std::vector<uint32_t> remap(local.dict().size());
  for (size_t i = 0; i < remap.size(); ++i) remap[i] = global->Intern(local.dict()[i]);
  auto& codes = global->codes();
  for (uint32_t code : local.codes()) codes.push_back(remap[code]);
}

void AppendConstant(std::string_view value, size_t rows, DictColumn* global) {
  uint32_t code = global->Intern(value);
  global->codes().insert(global->codes().end(), rows, code);
}

template <typename T>
void Append(const std::vector<T>& from, std::vector<T>* to) {
  to->insert(to->end(), from.begin(), from.end());
}

struct Chunk {
  int64_t first_event_id;
  size_t frame_row;
  size_t rows;
};

class FrameBuilder {
 public:
  Status Build(Store& store, Frame* frame);

 private:
  Status AddEvents(Store& store, Frame* f);
  Status AddDistricts(Store& store, Frame* f);
  Status AddPeople(Store& store, Frame* f);
  std::optional<size_t> RowOfEvent(int64_t event_id);

  std::vector<Chunk> chunks_;
  size_t chunk_cursor_ = 0;
};

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
  return AddPeople(store, f);
}

Status FrameBuilder::AddEvents(Store& store, Frame* f) {
  auto batches = store.ListBatches(false);
  if (!batches.ok()) return batches.status();
  std::unordered_map<int64_t, const BatchSummary*> by_id;
  for (const auto& b : *batches) by_id[b.id] = &b;
  return store.ForEachEventBatch(
      [&](int64_t batch_id, int64_t first_event_id, const EventColumns& e) {
        const size_t n = e.size();
        chunks_.push_back({first_event_id, f->rows, n});
        Append(e.kind, &f->kind);
        Append(e.month, &f->month);
        Append(e.start_minute, &f->start_minute);
        Append(e.end_minute, &f->end_minute);
        Append(e.longitude, &f->longitude);
        Append(e.latitude, &f->latitude);
        Append(e.markers, &f->markers);
        auto it = by_id.find(batch_id);
        AppendConstant(it == by_id.end() ? "" : it->second->source, n, &f->source);
        AppendConstant(it == by_id.end() ? "" : it->second->extract, n, &f->extract);
        AppendColumn(e.force, &f->force);
        AppendColumn(e.reported_by, &f->reported_by);
        AppendColumn(e.location, &f->location);
        AppendColumn(e.lsoa_code, &f->lsoa);
        AppendColumn(e.lsoa_name, &f->lsoa_name);
        AppendColumn(e.category, &f->category);
        AppendColumn(e.offence_code, &f->offence_code);
        AppendColumn(e.outcome, &f->outcome);
        AppendColumn(e.context, &f->context);
        AppendColumn(e.weapon, &f->weapon);
        f->rows += n;
        return Status::Ok();
      },
      /*include_references=*/false);
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
  std::unordered_map<int64_t, uint32_t> person_number;
  return store.ForEachInvolvement([&](const Store::InvolvementRow& inv) {
    auto row = RowOfEvent(inv.event_id);
    if (!row) return;
    auto [it, added] = person_number.emplace(inv.person_id, person_number.size());
    f->people.event.push_back(static_cast<uint32_t>(*row));
    f->people.person.push_back(it->second);
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

}  // namespace

Result<std::shared_ptr<const Frame>> BuildFrame(Store& store) {
  auto frame = std::make_shared<Frame>();
  FrameBuilder builder;
  CAIRN_RETURN_IF_ERROR(builder.Build(store, frame.get()));
  return std::shared_ptr<const Frame>(std::move(frame));
}

}  // namespace cairn

// The snapshot cache: the frame's arrays written as they are, after a header naming the store and
// data version they were built from. Read back with one fread per array; a cache from another
// store or an older version is ignored and rebuilt. The file holds the same (pseudonymous) data
// as the store, so it is written with mode 0600, like the key.
namespace cairn {

namespace {

constexpr uint64_t kCacheMagic = 0x31504e5352494143ull;  // "CAIRSNP1"

class CacheWriter {
 public:
  explicit CacheWriter(std::FILE* f) : f_(f) {}
  template <typename T>
  void Pod(const T& v) {
    ok_ = ok_ && std::fwrite(&v, sizeof v, 1, f_) == 1;
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    Pod(static_cast<uint64_t>(v.size()));
    if (!v.empty()) ok_ = ok_ && std::fwrite(v.data(), sizeof(T), v.size(), f_) == v.size();
  }
  void Dict(const DictColumn& c) {
    Pod(static_cast<uint64_t>(c.dict().size()));
    for (const auto& s : c.dict()) {
      Pod(static_cast<uint32_t>(s.size()));
      ok_ = ok_ && (s.empty() || std::fwrite(s.data(), 1, s.size(), f_) == s.size());
    }
    Vec(c.codes());
  }
  bool ok() const { return ok_; }

 private:
  std::FILE* f_;
  bool ok_ = true;
};

class CacheReader {
 public:
  explicit CacheReader(std::FILE* f) : f_(f) {}
  template <typename T>
  void Pod(T* v) {
    ok_ = ok_ && std::fread(v, sizeof *v, 1, f_) == 1;
  }
  template <typename T>
  void Vec(std::vector<T>* v) {
    uint64_t n = 0;
    Pod(&n);
    if (!ok_ || n > (1ull << 34) / sizeof(T)) return void(ok_ = false);
    v->resize(n);
    if (n) ok_ = std::fread(v->data(), sizeof(T), n, f_) == n;
  }
  void Dict(DictColumn* c) {
    uint64_t n = 0;
    Pod(&n);
    if (!ok_ || n > (1ull << 32)) return void(ok_ = false);
    std::vector<std::string> dict(n);
    for (auto& s : dict) {
      uint32_t len = 0;
      Pod(&len);
      if (!ok_) return;
      s.resize(len);
      if (len) ok_ = std::fread(s.data(), 1, len, f_) == len;
    }
    std::vector<uint32_t> codes;
    Vec(&codes);
    if (ok_) c->Assign(std::move(dict), std::move(codes));
  }
  bool ok() const { return ok_; }

 private:
  std::FILE* f_;
  bool ok_ = true;
};

// Visits every array of a frame in one fixed order, for both writing and reading.
template <typename Io, typename F>
void ForEachPart(Io& io, F& f) {
  io.Vec(f.kind), io.Vec(f.month), io.Vec(f.start_minute), io.Vec(f.end_minute);
  io.Vec(f.longitude), io.Vec(f.latitude), io.Vec(f.markers), io.Vec(f.month_key);
  io.Pod(f.first_month), io.Pod(f.last_month);
  for (auto* c :
       {&f.source, &f.extract, &f.force, &f.reported_by, &f.location, &f.lsoa, &f.lsoa_name,
        &f.category, &f.offence_code, &f.outcome, &f.context, &f.weapon, &f.district})
    io.Dict(*c);
  io.Vec(f.victim_age), io.Vec(f.suspect_age), io.Vec(f.victim_sex), io.Vec(f.suspect_sex);
  io.Vec(f.victims), io.Vec(f.suspects);
  io.Vec(f.people.event), io.Vec(f.people.person), io.Vec(f.people.role), io.Vec(f.people.age);
  io.Vec(f.people.sex);
}

// Adapters so ForEachPart reads as one list for both directions.
struct WriteIo {
  CacheWriter& w;
  template <typename T>
  void Vec(const std::vector<T>& v) {
    w.Vec(v);
  }
  template <typename T>
  void Pod(const T& v) {
    w.Pod(v);
  }
  void Dict(const DictColumn& c) { w.Dict(c); }
};
struct ReadIo {
  CacheReader& r;
  template <typename T>
  void Vec(std::vector<T>& v) {
    r.Vec(&v);
  }
  template <typename T>
  void Pod(T& v) {
    r.Pod(&v);
  }
  void Dict(DictColumn& c) { r.Dict(&c); }
};

void WriteCache(const std::string& path, const Frame& frame, int64_t store_id) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return;  // a read-only folder only costs the next query a rebuild
  std::FILE* f = ::fdopen(fd, "wb");
  CacheWriter w(f);
  w.Pod(kCacheMagic);
  w.Pod(store_id);
  w.Pod(frame.data_version);
  w.Pod(static_cast<uint64_t>(frame.rows));
  WriteIo io{w};
  ForEachPart(io, frame);
  bool ok = w.ok() && std::fclose(f) == 0;
  if (ok) ok = std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) std::remove(tmp.c_str());
}

std::shared_ptr<Frame> ReadCache(const std::string& path, int64_t store_id, int64_t version) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return nullptr;
  CacheReader r(f);
  uint64_t magic = 0, rows = 0;
  int64_t id = 0, data_version = 0;
  r.Pod(&magic), r.Pod(&id), r.Pod(&data_version), r.Pod(&rows);
  if (!r.ok() || magic != kCacheMagic || id != store_id || data_version != version) {
    std::fclose(f);
    return nullptr;
  }
  auto frame = std::make_shared<Frame>();
  frame->data_version = data_version;
  frame->rows = rows;
  ReadIo io{r};
  ForEachPart(io, *frame);
  std::fclose(f);
  if (!r.ok() || frame->kind.size() != rows) return nullptr;
  return frame;
}

}  // namespace

}  // namespace cairn

namespace cairn {

Result<std::shared_ptr<const Frame>> LoadFrame(Store& store, const std::string& cache_path) {
  if (cache_path.empty()) return BuildFrame(store);
  auto version = store.DataVersion();
  auto store_id = store.StoreId();
  if (!version.ok()) return version.status();
  if (!store_id.ok()) return store_id.status();
  if (auto cached = ReadCache(cache_path, *store_id, *version))
    return std::shared_ptr<const Frame>(std::move(cached));
  auto built = BuildFrame(store);
  if (built.ok()) WriteCache(cache_path, **built, *store_id);
  return built;
}

}  // namespace cairn
