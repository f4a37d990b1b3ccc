// The snapshot cache: a frame laid out so it is used in place. After a header and a table of
// sections, each array of the frame is stored as it is in memory, 64-byte aligned, with its own
// XXH3 checksum. Reading maps the file and hands each column a lazy view of its section: nothing
// of an array is read until an analysis reads it, and then its checksum and the ranges its readers
// rely on (a dictionary code inside its dictionary, an involvement pointing at an event, a month
// inside the frame's months) are checked once. An array whose values are all the same (a source
// with no victims' ages, a data.police.uk store with no times) is stored as one value; the month
// key is derived from the month when first read, not stored.
//
// The cache is never trusted. A cache from another store, data version or format, or whose header,
// section table or dictionaries do not check out, is not used (the frame is built from the store
// and the cache rewritten). An array that fails its check when first read reads as zeros and marks
// the frame damaged; the engine then answers again from a frame built from the store. The file is
// only ever replaced by rename, never rewritten in place, so a mapping stays valid while it is
// used. It holds the same (pseudonymous) data as the store, so it gets the store's file mode.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>

#include "snapshot/frame.h"
#include "util/dates.h"

namespace cairn {
namespace {

constexpr uint64_t kCacheMagic = 0x38504e5352494143ull;  // "CAIRSNP8"
constexpr uint32_t kCacheFormat = 8;  // 5: each referral's and outcome's extract kind; 6: text
                                      // columns in kTextColumns' order; 7: record references; 8:
                                      // not data.police.uk Crime IDs
constexpr uint64_t kAlign = 64;
constexpr uint32_t kMaxSections = 1024;

struct CacheHeader {
  uint64_t magic = kCacheMagic;
  uint32_t format = kCacheFormat;
  uint32_t sections = 0;
  int64_t store_id = 0, data_version = 0;
  uint64_t rows = 0;
  int32_t first_month = 0, last_month = -1;
  uint64_t file_bytes = 0;
  uint64_t checksum = 0;  // of this header (with checksum 0) and the section table
};

enum class SectionKind : uint32_t { kArray = 1, kConstant, kStrings, kDerived };

struct Section {
  SectionKind kind = SectionKind::kArray;
  uint32_t width = 0;     // bytes per value
  uint64_t count = 0;     // values (strings, for a dictionary)
  uint64_t offset = 0;    // from the start of the file (arrays and dictionaries)
  uint64_t bytes = 0;     // stored bytes (arrays and dictionaries)
  uint64_t checksum = 0;  // XXH3 of the stored bytes
  uint64_t value = 0;     // a constant's value, its bytes
};

uint64_t AlignUp(uint64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

uint64_t ChecksumOf(CacheHeader header, const Section* table) {
  header.checksum = 0;
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, &header, sizeof header);
  XXH3_64bits_update(state, table, uint64_t{header.sections} * sizeof(Section));
  const uint64_t sum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return sum;
}

uint64_t DataStart(uint32_t sections) {
  return AlignUp(sizeof(CacheHeader) + uint64_t{sections} * sizeof(Section));
}

// A check of an array's values that its readers rely on.
template <typename T>
using Check = std::function<bool(std::span<const T>)>;

template <typename T>
Check<T> AnyValue() {
  return {};
}
// Every value below a limit read when the check runs (so after every size is known).
template <typename T>
Check<T> Below(std::function<uint64_t()> limit) {
  return [limit = std::move(limit)](std::span<const T> v) {
    const uint64_t n = limit();
    return std::all_of(v.begin(), v.end(), [n](T x) { return static_cast<uint64_t>(x) < n; });
  };
}
template <typename T>
Check<T> Below(uint64_t n) {
  return Below<T>([n] { return n; });
}
template <typename T>
Check<T> SortedBelow(std::function<uint64_t()> limit) {
  auto below = Below<T>(std::move(limit));
  return [below](std::span<const T> v) { return std::is_sorted(v.begin(), v.end()) && below(v); };
}

// --- reading -------------------------------------------------------------------------------------

struct Mapping {
  const uint8_t* base = nullptr;
  size_t size = 0;
  Mapping(const uint8_t* b, size_t s) : base(b), size(s) {}
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (base) ::munmap(const_cast<uint8_t*>(base), size);
  }
};

// Shared by every lazy array of one frame: the mapping, and where damage is recorded.
struct CacheFile {
  std::shared_ptr<const Mapping> mapping;
  std::shared_ptr<std::atomic<bool>> damage;
};

template <typename T>
class MappedArray final : public LazyArray {
 public:
  MappedArray(CacheFile file, const T* values, size_t count, uint64_t checksum, Check<T> check)
      : file_(std::move(file)),
        values_(values),
        count_(count),
        checksum_(checksum),
        check_(std::move(check)) {}

 protected:
  const void* Produce() const override {
#ifdef MADV_POPULATE_READ
    // Map the section's pages in one call rather than one fault per few pages (best effort).
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto from = reinterpret_cast<uintptr_t>(values_) / page * page;
    const auto to = reinterpret_cast<uintptr_t>(values_ + count_);
    ::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_READ);
#endif
    std::span<const T> v(values_, count_);
    if (XXH3_64bits(values_, count_ * sizeof(T)) == checksum_ && (!check_ || check_(v)))
      return values_;
    file_.damage->store(true, std::memory_order_release);
    zeros_.assign(count_, T{});
    return zeros_.data();
  }

 private:
  CacheFile file_;
  const T* values_;
  size_t count_;
  uint64_t checksum_;
  Check<T> check_;
  mutable std::vector<T> zeros_;
};

template <typename T>
class ConstantArray final : public LazyArray {
 public:
  ConstantArray(T value, size_t count, Check<T> check, std::shared_ptr<std::atomic<bool>> damage)
      : value_(value), count_(count), check_(std::move(check)), damage_(std::move(damage)) {}

 protected:
  const void* Produce() const override {
    values_.assign(count_, value_);
    if (check_ && !check_(std::span<const T>(&value_, 1))) {
      damage_->store(true, std::memory_order_release);
      values_.assign(count_, T{});
    }
    return values_.data();
  }

 private:
  T value_;
  size_t count_;
  Check<T> check_;
  std::shared_ptr<std::atomic<bool>> damage_;
  mutable std::vector<T> values_;
};

// month_key = month - first_month + 1, 0 for no month (or a month outside the range, which a
// damaged month column could hold).
class MonthKeys final : public LazyArray {
 public:
  explicit MonthKeys(const Frame* frame) : frame_(frame) {}

 protected:
  const void* Produce() const override {
    const Frame& f = *frame_;
    keys_.resize(f.rows);
    const int32_t* month = f.month.data();
    for (size_t r = 0; r < f.rows; ++r) {
      const int32_t m = month[r];
      keys_[r] = m == kNoMonth || m < f.first_month || m > f.last_month
                     ? 0
                     : static_cast<uint32_t>(m - f.first_month + 1);
    }
    return keys_.data();
  }

 private:
  const Frame* frame_;
  mutable std::vector<uint32_t> keys_;
};

class CacheReader {
 public:
  CacheReader(CacheFile file, const Section* table, uint32_t sections, uint64_t data_start,
              const Frame* frame)
      : file_(std::move(file)),
        table_(table),
        sections_(sections),
        data_start_(data_start),
        frame_(frame) {}

  template <typename T>
  void Array(Column<T>& column, Check<T> check = {}) {
    const Section* s = Next();
    if (!s || s->width != sizeof(T)) return Fail();
    if (s->count == 0) return void(column = Column<T>());
    if (s->kind == SectionKind::kConstant) {
      if (sizeof(T) > sizeof s->value) return Fail();
      T value;
      std::memcpy(&value, &s->value, sizeof(T));
      auto lazy =
          std::make_shared<ConstantArray<T>>(value, s->count, std::move(check), file_.damage);
      return void(column = Column<T>::Lazy(std::move(lazy), s->count));
    }
    const uint8_t* at = Stored(*s, sizeof(T));
    if (!at) return Fail();
    auto lazy = std::make_shared<MappedArray<T>>(file_, reinterpret_cast<const T*>(at), s->count,
                                                 s->checksum, std::move(check));
    column = Column<T>::Lazy(std::move(lazy), s->count);
  }

  void MonthKey(Column<uint32_t>& column) {
    const Section* s = Next();
    if (!s || s->kind != SectionKind::kDerived || s->width != sizeof(uint32_t)) return Fail();
    if (s->count == 0) return void(column = Column<uint32_t>());
    column = Column<uint32_t>::Lazy(std::make_shared<MonthKeys>(frame_), s->count);
  }

  // A dictionary's strings are read (and checked) now; its codes when first used.
  void Dict(StringColumn& column) {
    const Section* s = Next();
    if (!s || s->kind != SectionKind::kStrings || s->width != 1 || s->count == 0) return Fail();
    const uint8_t* at = Stored(*s, 1);
    if (!at || XXH3_64bits(at, s->bytes) != s->checksum) return Fail();
    std::vector<std::string> dict;
    dict.reserve(std::min<uint64_t>(s->count, s->bytes / sizeof(uint32_t)));
    uint64_t pos = 0;
    for (uint64_t i = 0; i < s->count; ++i) {
      uint32_t len = 0;
      if (s->bytes - pos < sizeof len) return Fail();
      std::memcpy(&len, at + pos, sizeof len);
      pos += sizeof len;
      if (s->bytes - pos < len) return Fail();
      dict.emplace_back(reinterpret_cast<const char*>(at + pos), len);
      pos += len;
    }
    if (pos != s->bytes || !dict[0].empty()) return Fail();
    Column<uint32_t> codes;
    Array(codes, Below<uint32_t>(dict.size()));
    column.Assign(std::move(dict), std::move(codes));
    column.IndexAll();  // Find() is then a lookup, as on a frame built from the store
  }

  // True when every section was read as the frame expects.
  bool ok() const { return ok_ && next_ == sections_; }

 private:
  const Section* Next() {
    if (!ok_ || next_ >= sections_) return nullptr;
    return &table_[next_++];
  }
  // The stored bytes of a section, if the table's entry for them is sound.
  const uint8_t* Stored(const Section& s, uint64_t width) const {
    const uint64_t size = file_.mapping->size;
    if (s.kind != SectionKind::kArray && s.kind != SectionKind::kStrings) return nullptr;
    if (s.offset < data_start_ || s.offset % kAlign != 0 || s.offset > size) return nullptr;
    if (s.bytes > size - s.offset) return nullptr;
    if (s.kind == SectionKind::kArray && s.bytes / width != s.count) return nullptr;
    if (s.kind == SectionKind::kArray && s.bytes % width != 0) return nullptr;
    return file_.mapping->base + s.offset;
  }
  void Fail() { ok_ = false; }

  CacheFile file_;
  const Section* table_;
  uint32_t sections_;
  uint64_t data_start_;
  const Frame* frame_;
  uint32_t next_ = 0;
  bool ok_ = true;
};

// --- writing -------------------------------------------------------------------------------------

// Counts the sections a frame has (the table is written before the data).
struct SectionCounter {
  uint32_t sections = 0;
  template <typename T>
  void Array(const Column<T>&, const Check<T>& = {}) {
    ++sections;
  }
  void MonthKey(const Column<uint32_t>&) { ++sections; }
  void Dict(const StringColumn&) { sections += 2; }
};

class CacheWriter {
 public:
  CacheWriter(std::FILE* f, uint64_t data_start) : f_(f), at_(data_start) {
    ok_ = std::fseek(f_, static_cast<long>(data_start), SEEK_SET) == 0;
  }

  template <typename T>
  void Array(const Column<T>& column, const Check<T>& = {}) {
    Section s;
    s.width = sizeof(T);
    s.count = column.size();
    const T* v = column.data();
    if (s.count > 0 && sizeof(T) <= sizeof s.value && std::all_of(v, v + s.count, [&](const T& x) {
          return std::memcmp(&x, v, sizeof(T)) == 0;
        })) {
      s.kind = SectionKind::kConstant;
      std::memcpy(&s.value, v, sizeof(T));
    } else {
      Store(s, v, s.count * sizeof(T));
    }
    table_.push_back(s);
  }

  void MonthKey(const Column<uint32_t>& column) {
    Section s;
    s.kind = SectionKind::kDerived;
    s.width = sizeof(uint32_t);
    s.count = column.size();
    table_.push_back(s);
  }

  void Dict(const StringColumn& column) {
    std::string blob;
    for (const std::string& value : column.dict()) {
      const auto len = static_cast<uint32_t>(value.size());
      blob.append(reinterpret_cast<const char*>(&len), sizeof len);
      blob += value;
    }
    Section s;
    s.kind = SectionKind::kStrings;
    s.width = 1;
    s.count = column.dict().size();
    Store(s, blob.data(), blob.size());
    table_.push_back(s);
    Array(column.codes());
  }

  bool ok() const { return ok_; }
  uint64_t end() const { return at_; }
  const std::vector<Section>& table() const { return table_; }

 private:
  void Store(Section& s, const void* bytes, uint64_t n) {
    static const char kZeros[kAlign] = {};
    const uint64_t start = AlignUp(at_);
    ok_ = ok_ && std::fwrite(kZeros, 1, start - at_, f_) == start - at_ &&
          (n == 0 || std::fwrite(bytes, 1, n, f_) == n);
    s.offset = start;
    s.bytes = n;
    s.checksum = XXH3_64bits(bytes, n);
    at_ = start + n;
  }

  std::FILE* f_;
  uint64_t at_;
  bool ok_ = true;
  std::vector<Section> table_;
};

// The check kNumberColumns asks for, of a column of `frame`.
template <typename T>
Check<T> NumberCheckOf(NumberCheck check, const Frame* frame) {
  constexpr uint64_t kKinds = static_cast<uint64_t>(EventKind::kAmbulance) + 1;
  switch (check) {
    case NumberCheck::kEventKind:
      return Below<T>(kKinds);
    case NumberCheck::kMonthInFrame:
      return [frame](std::span<const T> v) {
        return std::all_of(v.begin(), v.end(), [&](T m) {
          return m == kNoMonth || (m >= frame->first_month && m <= frame->last_month);
        });
      };
    case NumberCheck::kAnyValue:
      break;
  }
  return AnyValue<T>();
}

// Visits every array of a frame in one fixed order, with the checks its readers rely on, for
// counting, writing and reading alike.
template <typename Io, typename F>
void ForEachPart(Io& io, F& f) {
  constexpr uint64_t kRoles = kRoleCount;
  constexpr uint64_t kSexes = static_cast<uint64_t>(Sex::kMale) + 1;
  // The checks run later, when a column is first read: they hold the frame, not this call's locals.
  const Frame* frame = &f;
  auto rows = [frame] { return uint64_t{frame->rows}; };
  auto persons = [frame] { return uint64_t{frame->persons.size()}; };
  ForEachNumberColumn([&](const auto& c) {
    using T = typename std::decay_t<decltype(f.*c.column)>::value_type;
    io.Array(f.*c.column, NumberCheckOf<T>(c.check, frame));
  });
  io.MonthKey(f.month_key);
  for (const TextColumn& t : kTextColumns) io.Dict(f.*t.column);
  io.Array(f.victim_age, AnyValue<int16_t>());
  io.Array(f.suspect_age, AnyValue<int16_t>());
  io.Array(f.victim_sex, Below<uint8_t>(kSexes));
  io.Array(f.suspect_sex, Below<uint8_t>(kSexes));
  io.Array(f.victims, AnyValue<uint32_t>());
  io.Array(f.suspects, AnyValue<uint32_t>());
  io.Array(f.references.end, Check<uint64_t>([frame](std::span<const uint64_t> end) {
             return std::is_sorted(end.begin(), end.end()) &&
                    (end.empty() || end.back() == frame->references.text.size());
           }));
  io.Array(f.references.text, AnyValue<char>());
  io.Array(f.people.event, SortedBelow<uint32_t>(rows));
  io.Array(f.people.person, Below<uint32_t>(persons));
  io.Array(f.people.role, Below<uint8_t>(kRoles));
  io.Array(f.people.age, AnyValue<int16_t>());
  io.Array(f.people.sex, Below<uint8_t>(kSexes));
  io.Array(f.batches.batch, AnyValue<int64_t>());
  io.Array(f.batches.first_row, Check<uint64_t>([frame](std::span<const uint64_t> v) {
             return std::is_sorted(v.begin(), v.end()) && (v.empty() || v[0] == 0) &&
                    (v.empty() || v.back() <= frame->rows);
           }));
  io.Array(f.batches.references_kept, Below<uint8_t>(2));
  io.Array(f.persons.id, Check<uint64_t>([frame](std::span<const uint64_t> ids) {
             if (!std::is_sorted(ids.begin(), ids.end())) return false;
             const Pseudonym* pseudonyms = frame->persons.pseudonym.data();
             for (size_t i = 0; i < ids.size(); ++i)
               if (ids[i] != PersonIdOf(pseudonyms[i])) return false;
             return true;
           }));
  io.Array(f.persons.pseudonym, AnyValue<Pseudonym>());
  auto& r = f.referrals;
  io.Array(r.person, Below<uint32_t>(persons));
  io.Array(r.referred, AnyValue<int64_t>());
  io.Array(r.started, AnyValue<int64_t>());
  io.Array(r.ended, AnyValue<int64_t>());
  io.Dict(r.programme), io.Dict(r.agency), io.Dict(r.outcome), io.Dict(r.source);
  io.Dict(r.extract);
  auto& o = f.outcomes;
  io.Array(o.person, Below<uint32_t>(persons));
  io.Array(o.date, AnyValue<int64_t>());
  io.Dict(o.type), io.Dict(o.offence_code), io.Dict(o.source), io.Dict(o.extract);
}

// Every array of the frame has the length its table says (sizes only: nothing is read).
bool SizesConsistent(const Frame& f) {
  const size_t n = f.rows;
  bool sizes_ok = true;
  ForEachNumberColumn([&](const auto& c) { sizes_ok = sizes_ok && (f.*c.column).size() == n; });
  if (!sizes_ok) return false;
  for (size_t size :
       {f.month_key.size(), f.victim_age.size(), f.suspect_age.size(), f.victim_sex.size(),
        f.suspect_sex.size(), f.victims.size(), f.suspects.size()})
    if (size != n) return false;
  for (const TextColumn& t : kTextColumns)
    if ((f.*t.column).codes().size() != n) return false;
  if (n > 0 && int64_t{f.last_month} < f.first_month - 1) return false;
  if (f.references.size() != 0 && f.references.size() != n) return false;
  const auto& p = f.people;
  const size_t m = p.size();
  if (p.person.size() != m || p.role.size() != m || p.age.size() != m || p.sex.size() != m)
    return false;
  if (f.batches.first_row.size() != f.batches.size() ||
      f.batches.references_kept.size() != f.batches.size())
    return false;
  if (f.persons.pseudonym.size() != f.persons.size()) return false;
  const auto& r = f.referrals;
  const size_t nr = r.size();
  for (size_t size : {r.referred.size(), r.started.size(), r.ended.size(),
                      r.programme.codes().size(), r.agency.codes().size(), r.outcome.codes().size(),
                      r.source.codes().size(), r.extract.codes().size()})
    if (size != nr) return false;
  const auto& o = f.outcomes;
  const size_t no = o.size();
  for (size_t size : {o.date.size(), o.type.codes().size(), o.offence_code.codes().size(),
                      o.source.codes().size(), o.extract.codes().size()})
    if (size != no) return false;
  return true;
}

}  // namespace

void WriteSnapshotCache(const std::string& path, const Frame& frame, int64_t store_id,
                        unsigned mode) {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());  // never write through a file or link someone else left there
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return;  // a read-only folder only costs the next query a rebuild
  ::fchmod(fd, mode);
  std::FILE* f = ::fdopen(fd, "wb");
  SectionCounter counter;
  ForEachPart(counter, frame);
  CacheWriter w(f, DataStart(counter.sections));
  ForEachPart(w, frame);
  CacheHeader header;
  header.sections = static_cast<uint32_t>(w.table().size());  // counter.sections, checked below
  header.store_id = store_id;
  header.data_version = frame.data_version;
  header.rows = frame.rows;
  header.first_month = frame.first_month;
  header.last_month = frame.last_month;
  header.file_bytes = w.end();
  const auto& table = w.table();
  header.checksum = ChecksumOf(header, table.data());
  bool ok = w.ok() && table.size() == counter.sections && std::fseek(f, 0, SEEK_SET) == 0 &&
            std::fwrite(&header, sizeof header, 1, f) == 1 &&
            std::fwrite(table.data(), sizeof(Section), table.size(), f) == table.size();
  ok = std::fclose(f) == 0 && ok;
  if (ok) ok = std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) std::remove(tmp.c_str());
}

std::shared_ptr<const Frame> ReadSnapshotCache(const std::string& path, int64_t store_id,
                                               int64_t version) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  CacheHeader header;
  struct stat st {};
  bool ok = ::pread(fd, &header, sizeof header, 0) == static_cast<ssize_t>(sizeof header) &&
            header.magic == kCacheMagic && header.format == kCacheFormat &&
            header.store_id == store_id && header.data_version == version &&
            header.sections <= kMaxSections && ::fstat(fd, &st) == 0 &&
            static_cast<uint64_t>(st.st_size) == header.file_bytes &&
            header.file_bytes >= DataStart(header.sections);
  void* base = ok ? ::mmap(nullptr, header.file_bytes, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);
  if (base == MAP_FAILED) return nullptr;
  auto mapping =
      std::make_shared<const Mapping>(static_cast<const uint8_t*>(base), header.file_bytes);
  const auto* table = reinterpret_cast<const Section*>(mapping->base + sizeof header);
  if (ChecksumOf(header, table) != header.checksum) return nullptr;
  auto frame = std::make_shared<Frame>();
  frame->data_version = header.data_version;
  frame->rows = header.rows;
  frame->first_month = header.first_month;
  frame->last_month = header.last_month;
  auto damage = std::make_shared<std::atomic<bool>>(false);
  frame->damage = damage;
  CacheReader reader({mapping, damage}, table, header.sections, DataStart(header.sections),
                     frame.get());
  ForEachPart(reader, *frame);
  if (!reader.ok() || !SizesConsistent(*frame)) return nullptr;
  return frame;
}

}  // namespace cairn
