#include "store/event_codec.h"

#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <span>
#include <type_traits>

namespace cairn {

namespace {

// Version 2 ("CEV2"): [raw size u64][zstd frame of the columns].
// Version 3 ("CEV3"): [raw size u64]["CEV3"][zstd size u64][zstd frame of the columns][packed IDs]:
// 64-hex-digit Crime IDs (StringColumn packed rows) are kept as 32 raw bytes each after the frame,
// uncompressed (they are hashes: zstd cannot shrink them, only spend time trying); coordinates
// that are whole micro-degrees are int32; a column counting up by one (source lines) is its start.
// Version 4 ("CEV4"), the same container as 3: a string column with the same code on every row
// (the force, a blank context) is that code once.
constexpr uint32_t kMagic2 = 0x32564543;  // "CEV2"
constexpr uint32_t kMagic3 = 0x33564543;  // "CEV3"
constexpr uint32_t kMagic4 = 0x34564543;  // "CEV4"
constexpr uint32_t kZstdMagic = 0xFD2FB528;

// How a numeric column is written.
enum ColumnMode : uint8_t { kRaw = 0, kConstant = 1, kCountingUp = 2, kMicroDegrees = 3 };
constexpr int32_t kNoMicroDegrees = INT32_MIN;  // NaN
// The width byte of a string column's codes when every row has the same code (CEV4).
constexpr uint8_t kConstantCodes = 0;

// Whole micro-degrees when every value is one exactly (data.police.uk gives six decimals): m / 1e6
// is the double nearest the decimal, as parsing it gave, so decoding restores the same bits.
bool ToMicroDegrees(const std::vector<double>& v, std::vector<int32_t>* out) {
  out->resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (std::isnan(v[i])) {
      (*out)[i] = kNoMicroDegrees;
      continue;
    }
    double scaled = std::nearbyint(v[i] * 1e6);
    if (!(std::fabs(scaled) < 2147483647.0)) return false;
    int32_t m = static_cast<int32_t>(scaled);
    double back = m / 1e6;
    if (std::memcmp(&back, &v[i], sizeof back) != 0) return false;
    (*out)[i] = m;
  }
  return true;
}

class Writer {
 public:
  template <typename T>
  void Pod(const T& v) {
    buf_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename Values>  // a std::vector or std::span
  void Vec(const Values& v) {
    Pod(static_cast<uint64_t>(v.size()));
    buf_.append(reinterpret_cast<const char*>(v.data()),
                v.size() * sizeof(typename Values::value_type));
  }
  // A numeric column whose values are all equal (e.g. no times in data.police.uk) is one value.
  template <typename T>
  void Column(const std::vector<T>& v) {
    bool constant = !v.empty() && std::all_of(v.begin(), v.end(), [&](const T& x) {
      return std::memcmp(&x, &v[0], sizeof(T)) == 0;
    });
    if constexpr (std::is_integral_v<T>) {
      bool counting = !constant && !v.empty();
      for (size_t i = 1; counting && i < v.size(); ++i) counting = v[i] == v[i - 1] + 1;
      if (counting) return Leading(kCountingUp, v);
    }
    if (constant) return Leading(kConstant, v);
    Pod(kRaw);
    Vec(v);
  }
  void Coordinates(const std::vector<double>& v) {
    std::vector<int32_t> micro;
    if (v.empty() || !ToMicroDegrees(v, &micro)) return Column(v);
    Pod(kMicroDegrees);
    Vec(micro);
  }
  // Codes take 1, 2 or 4 bytes each, as the dictionary size allows, or none when every row has the
  // same one. A packed row is written as the code one past the dictionary, its bytes as the next
  // 32 of the packed section.
  void Strings(const StringColumn& c) {
    Pod(static_cast<uint32_t>(c.dict().size()));
    for (const auto& s : c.dict()) {
      Pod(static_cast<uint32_t>(s.size()));
      buf_.append(s);
    }
    const size_t n = c.dict().size() + (c.packed_bytes().empty() ? 0 : 1);
    std::vector<uint32_t> packed_codes;
    std::span<const uint32_t> codes = c.codes();
    if (!c.packed_bytes().empty()) {
      packed_codes.assign(codes.begin(), codes.end());
      for (size_t row = 0; row < packed_codes.size(); ++row) {
        if (!c.packed(row)) continue;
        packed_codes[row] = static_cast<uint32_t>(c.dict().size());
        packed_.append(reinterpret_cast<const char*>(c.PackedValue(row)),
                       StringColumn::kPackedSize);
      }
      codes = packed_codes;
    }
    if (!codes.empty() && std::all_of(codes.begin(), codes.end(),
                                      [&](uint32_t code) { return code == codes.front(); })) {
      Pod(kConstantCodes);
      Pod(static_cast<uint64_t>(codes.size()));
      Pod(codes.front());
      return;
    }
    if (n <= 0x100) return Narrow<uint8_t>(codes);
    if (n <= 0x10000) return Narrow<uint16_t>(codes);
    Pod(static_cast<uint8_t>(4));
    Vec(codes);
  }
  const std::string& packed() const { return packed_; }
  template <typename N>
  void Narrow(std::span<const uint32_t> codes) {
    Pod(static_cast<uint8_t>(sizeof(N)));
    std::vector<N> narrow(codes.begin(), codes.end());  // the blob is unaligned: copy whole
    Vec(narrow);
  }
  std::string& buf() { return buf_; }

 private:
  template <typename T>
  void Leading(ColumnMode mode, const std::vector<T>& v) {
    Pod(mode);
    Pod(static_cast<uint64_t>(v.size()));
    Pod(v[0]);
  }
  std::string buf_;
  std::string packed_;
};

class Reader {
 public:
  Reader(std::string_view data, std::string_view packed) : data_(data), packed_(packed) {}
  template <typename T>
  bool Pod(T* v) {
    if (pos_ + sizeof(T) > data_.size()) return false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool Vec(std::vector<T>* v) {
    uint64_t n = 0;
    if (!Pod(&n) || n > (data_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    std::memcpy(v->data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  // The number of rows, once the first column has given it: a column whose size is not its
  // bytes' (a constant, a count, one code for every row) must have that many, or a corrupt chunk
  // could ask for billions.
  bool SetRows(uint64_t rows) {
    rows_ = rows;
    return true;
  }
  bool ImpliedRows(uint64_t n) const {
    return rows_ == kRowsUnknown ? n < (1ull << 32) : n == rows_;
  }
  template <typename T>
  bool Column(std::vector<T>* v) {
    uint8_t mode = 0;
    if (!Pod(&mode)) return false;
    if (mode == kRaw) return Vec(v);
    if constexpr (std::is_same_v<T, double>)
      if (mode == kMicroDegrees) return MicroDegrees(v);
    uint64_t n = 0;
    T value{};
    if (!Pod(&n) || !Pod(&value) || !ImpliedRows(n)) return false;
    if (mode == kConstant) {
      v->assign(n, value);
      return true;
    }
    if constexpr (std::is_integral_v<T>) {
      if (mode != kCountingUp) return false;
      v->resize(n);
      for (uint64_t i = 0; i < n; ++i) (*v)[i] = static_cast<T>(value + i);
      return true;
    }
    return false;
  }
  bool MicroDegrees(std::vector<double>* v) {
    std::vector<int32_t> micro;
    if (!Vec(&micro)) return false;
    v->resize(micro.size());
    for (size_t i = 0; i < micro.size(); ++i)
      (*v)[i] = micro[i] == kNoMicroDegrees ? NAN : micro[i] / 1e6;
    return true;
  }
  template <typename N>
  bool Widen(std::vector<uint32_t>* codes) {
    std::vector<N> narrow;  // Vec copies out of the unaligned blob
    if (!Vec(&narrow)) return false;
    codes->assign(narrow.begin(), narrow.end());
    return true;
  }
  bool Skip(size_t bytes) {
    if (pos_ + bytes > data_.size()) return false;
    pos_ += bytes;
    return true;
  }
  bool SkipStrings() {
    StringColumn ignored;
    return Strings(&ignored, /*keep=*/false);
  }
  // Codes as Writer::Strings wrote them: 1, 2 or 4 bytes each, or one code for every row.
  bool Codes(std::vector<uint32_t>* codes) {
    uint8_t width = 0;
    if (!Pod(&width)) return false;
    if (width == kConstantCodes) {
      uint64_t n = 0;
      uint32_t code = 0;
      if (!Pod(&n) || !Pod(&code) || !ImpliedRows(n)) return false;
      codes->assign(n, code);
      return true;
    }
    return width == 1   ? Widen<uint8_t>(codes)
           : width == 2 ? Widen<uint16_t>(codes)
           : width == 4 ? Vec(codes)
                        : false;
  }
  // Packed rows (the code one past the dictionary) become dictionary entries again, as hex text.
  bool Strings(StringColumn* c, bool keep = true) {
    uint32_t n = 0;
    if (!Pod(&n)) return false;
    std::vector<std::string> dict;
    if (keep) dict.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t len = 0;
      if (!Pod(&len) || pos_ + len > data_.size()) return false;
      if (keep) dict.emplace_back(data_.substr(pos_, len));
      pos_ += len;
    }
    std::vector<uint32_t> codes;
    if (!Codes(&codes)) return false;
    const uint32_t packed_code = n;
    for (uint32_t& code : codes) {
      if (code < n) continue;
      if (code != packed_code || packed_.size() < StringColumn::kPackedSize) return false;
      if (keep) {
        code = static_cast<uint32_t>(dict.size());
        dict.push_back(HexText(packed_.substr(0, StringColumn::kPackedSize)));
      }
      packed_.remove_prefix(StringColumn::kPackedSize);
    }
    if (keep) c->Assign(std::move(dict), std::move(codes));
    return true;
  }

 private:
  static std::string HexText(std::string_view bytes) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * bytes.size());
    for (unsigned char b : bytes) {
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    }
    return out;
  }
  static constexpr uint64_t kRowsUnknown = UINT64_MAX;
  std::string_view data_;
  std::string_view packed_;
  size_t pos_ = 0;
  uint64_t rows_ = kRowsUnknown;
};

template <typename F>
void ForEachStringColumn(EventColumns& e, F f) {
  for (const EventTextColumn& t : kEventTextColumns) f(&(e.*t.column));
}

}  // namespace

// The columns, in the order every version writes them; only CEV3 and later write coordinates as
// micro-degrees or have packed IDs, and only CEV4 constant codes.
std::string EncodeEvents(const EventColumns& events) {
  Writer w;
  w.Pod(kMagic4);
  ForEachEventNumberColumn([&](const auto& c) {
    if constexpr (std::is_same_v<typename std::decay_t<decltype(events.*c.column)>::value_type,
                                 double>)
      w.Coordinates(events.*c.column);
    else
      w.Column(events.*c.column);
  });
  ForEachStringColumn(const_cast<EventColumns&>(events), [&](StringColumn* c) { w.Strings(*c); });
  const std::string& raw = w.buf();
  // A compression context and output buffer per thread, reused from batch to batch.
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(),
                                                                          ZSTD_freeCCtx);
  thread_local std::string frame;
  // zstd's first "fast" level: on a national data.police.uk archive the frames come out 9% bigger
  // than at level 1 (64 MB rather than 58 of a 206 MB store) for a quarter less compression time
  // (448 MB/s rather than 350 on the benchmark machine). Decoding is as fast either way.
  constexpr int kLevel = -1;
  if (frame.size() < ZSTD_compressBound(raw.size())) frame.resize(ZSTD_compressBound(raw.size()));
  const uint64_t raw_size = raw.size();
  const uint64_t zstd_size =
      ZSTD_compressCCtx(context.get(), frame.data(), frame.size(), raw.data(), raw.size(), kLevel);
  std::string out;
  out.reserve(8 + 4 + 8 + zstd_size + w.packed().size());
  out.append(reinterpret_cast<const char*>(&raw_size), 8);
  out.append(reinterpret_cast<const char*>(&kMagic4), 4);
  out.append(reinterpret_cast<const char*>(&zstd_size), 8);
  out.append(frame.data(), zstd_size);
  out.append(w.packed());
  return out;
}

namespace {

// Splits a blob into its zstd frame and packed section (empty for CEV2).
bool SplitBlob(std::string_view blob, uint64_t* raw_size, std::string_view* frame,
               std::string_view* packed) {
  if (blob.size() < 12) return false;
  std::memcpy(raw_size, blob.data(), 8);
  uint32_t marker = 0;
  std::memcpy(&marker, blob.data() + 8, 4);
  if (marker == kZstdMagic) {
    *frame = blob.substr(8);
    *packed = {};
    return true;
  }
  uint64_t zstd_size = 0;
  if ((marker != kMagic3 && marker != kMagic4) || blob.size() < 20) return false;
  std::memcpy(&zstd_size, blob.data() + 12, 8);
  if (zstd_size > blob.size() - 20) return false;
  *frame = blob.substr(20, zstd_size);
  *packed = blob.substr(20 + zstd_size);
  return true;
}

}  // namespace

bool HasPackedReferences(std::string_view blob) {
  uint64_t raw_size = 0;
  std::string_view frame, packed;
  return SplitBlob(blob, &raw_size, &frame, &packed) && !packed.empty();
}

Status DecodeEvents(std::string_view blob, EventColumns* events, bool skip_references) {
  uint64_t raw_size = 0;
  std::string_view frame, packed;
  if (!SplitBlob(blob, &raw_size, &frame, &packed))
    return Status::Internal("event chunk is truncated");
  // The frame says how big it decodes (zstd writes it): a corrupt size must not be allocated.
  if (ZSTD_getFrameContentSize(frame.data(), frame.size()) != raw_size)
    return Status::Internal("event chunk is corrupt (size)");
  std::string raw(raw_size, '\0');
  size_t got = ZSTD_decompress(raw.data(), raw.size(), frame.data(), frame.size());
  if (ZSTD_isError(got) || got != raw_size)
    return Status::Internal("event chunk is corrupt (zstd: " +
                            std::string(ZSTD_isError(got) ? ZSTD_getErrorName(got) : "size") + ")");
  Reader r(raw, packed);
  uint32_t magic = 0;
  bool ok = r.Pod(&magic) && (magic == kMagic2 || magic == kMagic3 || magic == kMagic4);
  bool first = true;  // the first column (kind) gives the number of rows the others must have
  ForEachEventNumberColumn([&](const auto& c) {
    auto& column = events->*c.column;
    ok = ok && r.Column(&column);
    if (ok && first) ok = r.SetRows(column.size());
    first = false;
  });
  ForEachStringColumn(*events, [&](StringColumn* c) {
    if (skip_references && c == &events->reference) {
      ok = ok && r.SkipStrings();
      c->Assign({}, std::vector<uint32_t>(events->kind.size(), 0));
    } else {
      ok = ok && r.Strings(c);
    }
  });
  if (!ok) return Status::Internal("event chunk is corrupt (bad layout)");
  return Status::Ok();
}

}  // namespace cairn
