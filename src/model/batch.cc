#include "model/batch.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "util/dates.h"

namespace cairn {

namespace {

uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

uint32_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A fast non-cryptographic hash for short strings (dictionary values), 8 bytes at a time. The
// tail is read with overlapping whole-word loads, not byte by byte (which stalled the next load).
uint64_t HashBytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9FB21C651E98DF25ull;
  auto mix = [](uint64_t h, uint64_t w) {
    h = (h ^ w) * kMul;
    return h ^ (h >> 32);
  };
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t h = n * kMul;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) h = mix(h, Load64(p + i));
    h = mix(h, Load64(p + n - 8));
  } else if (n >= 4) {
    h = mix(h, Load32(p) | uint64_t{Load32(p + n - 4)} << 32);
  } else if (n > 0) {
    auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
    h = mix(h, byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16);
  }
  h ^= h >> 29;
  h *= kMul;
  return h ^ (h >> 32);
}

// String equality without a call into memcmp: dictionary values are short, and interning compares
// one or two of them per field.
bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (Load64(a.data() + i) != Load64(b.data() + i)) return false;
    return Load64(a.data() + n - 8) == Load64(b.data() + n - 8);
  }
  if (n >= 4)
    return Load32(a.data()) == Load32(b.data()) &&
           Load32(a.data() + n - 4) == Load32(b.data() + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Eight hex digits at once (SWAR): false unless every byte is 0-9 or a-f; else *out gets their four
// bytes. A byte c (below 0x80) is in [lo, hi] when c + (0x80 - lo) has its top bit set and
// c + (0x7F - hi) has not; its value is (c & 0xF) + 9 for a letter, c & 0xF for a digit.
bool DecodeHex8(const char* p, char* out) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kTops = 0x8080808080808080ull;
  const uint64_t x = Load64(p);
  if (x & kTops) return false;
  auto in_range = [&](uint64_t lo, uint64_t hi) {
    return (x + (0x80 - lo) * kOnes) & ~(x + (0x7F - hi) * kOnes) & kTops;
  };
  if ((in_range('0', '9') | in_range('a', 'f')) != kTops) return false;
  const uint64_t nibbles = (x & 0x0F0F0F0F0F0F0F0Full) + 9 * ((x >> 6) & kOnes);
  // Byte 2k of t is digit 2k (high nibble) then digit 2k+1; gather the even bytes.
  uint64_t t = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF00FF00FF00FFull;
  t = (t | (t >> 8)) & 0x0000FFFF0000FFFFull;
  t = (t | (t >> 16)) & 0xFFFFFFFFull;
  const uint32_t bytes = static_cast<uint32_t>(t);
  std::memcpy(out, &bytes, sizeof bytes);
  return true;
}

// Decodes 64 lower-case hex digits into 32 bytes appended to *out; false (and *out unchanged) for
// anything else, so the value can be kept as text exactly as written.
bool AppendPackedHex(std::string_view s, std::string* out) {
  if (s.size() != 2 * StringColumn::kPackedSize) return false;
  char bytes[StringColumn::kPackedSize];
  for (size_t i = 0; i < StringColumn::kPackedSize; i += 4)
    if (!DecodeHex8(s.data() + 2 * i, bytes + i)) return false;
  out->append(bytes, sizeof bytes);
  return true;
}

}  // namespace

uint32_t StringColumn::Lookup(std::string_view value, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const uint64_t tag = hash & ~uint64_t{0xFFFFFFFF};
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) return 0;
    if ((slot & ~uint64_t{0xFFFFFFFF}) == tag &&
        SameText(dict_[static_cast<uint32_t>(slot)], value))
      return static_cast<uint32_t>(slot);
  }
}

void StringColumn::Insert(uint32_t code, uint64_t hash) {
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = (hash & ~uint64_t{0xFFFFFFFF}) | code;
}

// Indexes every dictionary entry not yet indexed (after Assign or AppendDistinct), first making the
// table big enough to stay at most half full with `entries` values. A value that repeats in the
// dictionary keeps its first code.
void StringColumn::RebuildIndex(size_t entries) {
  if (slots_.size() < 2 * entries) {
    size_t size = 16;
    while (size < 2 * entries) size *= 2;
    slots_.assign(size, 0);
    indexed_ = 0;
  }
  for (indexed_ = std::max<size_t>(indexed_, 1); indexed_ < dict_.size(); ++indexed_) {
    uint64_t hash = HashBytes(dict_[indexed_]);
    if (Lookup(dict_[indexed_], hash) == 0) Insert(static_cast<uint32_t>(indexed_), hash);
  }
}

uint32_t StringColumn::Intern(std::string_view value) {
  if (value.empty()) return 0;
  if (SameText(dict_[last_code_], value)) return last_code_;
  if (indexed_ != dict_.size() || slots_.size() < 2 * (dict_.size() + 1))
    RebuildIndex(dict_.size() + 1);
  uint64_t hash = HashBytes(value);
  if (uint32_t code = Lookup(value, hash)) return last_code_ = code;
  uint32_t code = static_cast<uint32_t>(dict_.size());
  dict_.emplace_back(value);
  Insert(code, hash);
  indexed_ = dict_.size();
  return last_code_ = code;
}

uint32_t StringColumn::AppendLike(std::string_view value, uint32_t hint) {
  uint32_t code =
      hint != 0 && hint < dict_.size() && SameText(dict_[hint], value) ? hint : Intern(value);
  codes_.push_back(code);
  return code;
}

void StringColumn::AppendDistinct(std::string_view value) {
  if (value.empty()) {
    codes_.push_back(0);
    return;
  }
  if (AppendPackedHex(value, &packed_)) {
    codes_.push_back(kPackedBit | static_cast<uint32_t>(packed_.size() / kPackedSize - 1));
    return;
  }
  codes_.push_back(static_cast<uint32_t>(dict_.size()));
  dict_.emplace_back(value);
}

std::string StringColumn::Text(size_t row) const {
  if (!packed(row)) return std::string(at(row));
  static const char* kHex = "0123456789abcdef";
  const uint8_t* bytes = PackedValue(row);
  std::string out(2 * kPackedSize, '\0');
  for (size_t i = 0; i < kPackedSize; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 15];
  }
  return out;
}

uint64_t StringColumn::RepeatKey(size_t row) const {
  if (packed(row)) {
    uint64_t key;  // the bytes of a Crime ID are already a hash (SHA-256)
    std::memcpy(&key, PackedValue(row), sizeof key);
    return key ? key : 1;
  }
  if (codes_[row] == 0) return 0;
  uint64_t key = HashBytes(at(row));
  return key ? key : 1;
}

bool StringColumn::SameValue(size_t row_a, size_t row_b) const {
  if (packed(row_a) != packed(row_b)) return false;
  if (!packed(row_a)) return at(row_a) == at(row_b);
  return std::memcmp(PackedValue(row_a), PackedValue(row_b), kPackedSize) == 0;
}

std::optional<uint32_t> StringColumn::Find(std::string_view value) const {
  if (value.empty()) return 0u;
  if (indexed_ == dict_.size() && !slots_.empty()) {
    if (uint32_t code = Lookup(value, HashBytes(value))) return code;
    return std::nullopt;
  }
  for (size_t code = 1; code < dict_.size(); ++code)
    if (dict_[code] == value) return static_cast<uint32_t>(code);
  return std::nullopt;
}

void StringColumn::Assign(std::vector<std::string> dict, Column<uint32_t> codes) {
  dict_ = std::move(dict);
  if (dict_.empty()) dict_.emplace_back();
  codes_ = std::move(codes);
  packed_.clear();
  slots_.clear();
  indexed_ = 0;
  last_code_ = 0;
}

void StringColumn::Reserve(size_t rows, size_t packed_rows) {
  codes_.reserve(rows);
  // Room for a few hundred distinct values at once, rather than growing from 16 slots.
  if (slots_.empty() && rows >= 1024) RebuildIndex(std::min<size_t>(rows / 8, 512));
  packed_.reserve(packed_rows * kPackedSize);
}

void EventColumns::Reserve(size_t rows) {
  ForEachEventNumberColumn([&](const auto& c) { (this->*c.column).reserve(rows); });
  reference.Reserve(rows, rows);
  for (const EventTextColumn& t : kEventTextColumns) (this->*t.column).Reserve(rows);
}

void EventColumns::AppendEmptyRow(EventKind k, uint32_t line) {
  ForEachEventNumberColumn([&](const auto& c) { (this->*c.column).push_back(c.missing); });
  kind.back() = static_cast<uint8_t>(k);
  source_line.back() = line;
  for (const EventTextColumn& t : kEventTextColumns) (this->*t.column).AppendCode(0);
}

uint32_t Batch::AddPerson(const Pseudonym& p) {
  std::string key(reinterpret_cast<const char*>(p.data()), p.size());
  auto it = person_index_.find(key);
  if (it != person_index_.end()) return it->second;
  uint32_t idx = static_cast<uint32_t>(persons.size());
  persons.push_back(p);
  person_index_.emplace(std::move(key), idx);
  return idx;
}

}  // namespace cairn
