#include "store/event_codec.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>

namespace cairn {

namespace {

constexpr uint32_t kMagic = 0x32564543;  // "CEV2"

class Writer {
 public:
  template <typename T>
  void Pod(const T& v) {
    buf_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    Pod(static_cast<uint64_t>(v.size()));
    buf_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  // A numeric column whose values are all equal (e.g. no times in data.police.uk) is one value.
  template <typename T>
  void Column(const std::vector<T>& v) {
    bool constant = !v.empty() && std::all_of(v.begin(), v.end(), [&](const T& x) {
      return std::memcmp(&x, &v[0], sizeof(T)) == 0;
    });
    Pod(static_cast<uint8_t>(constant ? 1 : 0));
    if (!constant) return Vec(v);
    Pod(static_cast<uint64_t>(v.size()));
    Pod(v[0]);
  }
  // Codes take 1, 2 or 4 bytes each, as the dictionary size allows.
  void Strings(const StringColumn& c) {
    Pod(static_cast<uint32_t>(c.dict().size()));
    for (const auto& s : c.dict()) {
      Pod(static_cast<uint32_t>(s.size()));
      buf_.append(s);
    }
    const size_t n = c.dict().size();
    if (n <= 0x100) return Narrow<uint8_t>(c.codes());
    if (n <= 0x10000) return Narrow<uint16_t>(c.codes());
    Pod(static_cast<uint8_t>(4));
    Vec(c.codes());
  }
  template <typename N>
  void Narrow(const std::vector<uint32_t>& codes) {
    Pod(static_cast<uint8_t>(sizeof(N)));
    std::vector<N> narrow(codes.begin(), codes.end());  // the blob is unaligned: copy whole
    Vec(narrow);
  }
  std::string& buf() { return buf_; }

 private:
  std::string buf_;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
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
  template <typename T>
  bool Column(std::vector<T>* v) {
    uint8_t constant = 0;
    if (!Pod(&constant)) return false;
    if (!constant) return Vec(v);
    uint64_t n = 0;
    T value{};
    if (!Pod(&n) || !Pod(&value) || n > (1ull << 32)) return false;
    v->assign(n, value);
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
    uint32_t n = 0;
    if (!Pod(&n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t len = 0;
      if (!Pod(&len) || !Skip(len)) return false;
    }
    uint8_t width = 0;
    uint64_t count = 0;
    return Pod(&width) && (width == 1 || width == 2 || width == 4) && Pod(&count) &&
           count <= data_.size() && Skip(count * width);
  }
  bool Strings(StringColumn* c) {
    uint32_t n = 0;
    if (!Pod(&n)) return false;
    std::vector<std::string> dict;
    dict.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t len = 0;
      if (!Pod(&len) || pos_ + len > data_.size()) return false;
      dict.emplace_back(data_.substr(pos_, len));
      pos_ += len;
    }
    std::vector<uint32_t> codes;
    uint8_t width = 0;
    if (!Pod(&width)) return false;
    bool ok = width == 1   ? Widen<uint8_t>(&codes)
              : width == 2 ? Widen<uint16_t>(&codes)
              : width == 4 ? Vec(&codes)
                           : false;
    if (!ok) return false;
    for (uint32_t code : codes)
      if (code >= dict.size()) return false;
    c->Assign(std::move(dict), std::move(codes));
    return true;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

template <typename F>
void ForEachStringColumn(EventColumns& e, F f) {
  for (StringColumn* c :
       {&e.reference, &e.force, &e.reported_by, &e.location, &e.lsoa_code, &e.lsoa_name,
        &e.category, &e.offence_code, &e.outcome, &e.context, &e.weapon})
    f(c);
}

}  // namespace

std::string EncodeEvents(const EventColumns& events) {
  Writer w;
  w.Pod(kMagic);
  w.Column(events.kind);
  w.Column(events.month);
  w.Column(events.start_minute);
  w.Column(events.end_minute);
  w.Column(events.longitude);
  w.Column(events.latitude);
  w.Column(events.markers);
  w.Column(events.source_line);
  ForEachStringColumn(const_cast<EventColumns&>(events), [&](StringColumn* c) { w.Strings(*c); });
  const std::string& raw = w.buf();
  std::string out(ZSTD_compressBound(raw.size()) + 8, '\0');
  uint64_t raw_size = raw.size();
  std::memcpy(out.data(), &raw_size, 8);
  size_t n = ZSTD_compress(out.data() + 8, out.size() - 8, raw.data(), raw.size(), 1);
  out.resize(8 + n);
  return out;
}

Status DecodeEvents(std::string_view blob, EventColumns* events, bool skip_references) {
  if (blob.size() < 8) return Status::Internal("event chunk is truncated");
  uint64_t raw_size = 0;
  std::memcpy(&raw_size, blob.data(), 8);
  std::string raw(raw_size, '\0');
  size_t got = ZSTD_decompress(raw.data(), raw.size(), blob.data() + 8, blob.size() - 8);
  if (ZSTD_isError(got) || got != raw_size)
    return Status::Internal("event chunk is corrupt (zstd: " +
                            std::string(ZSTD_isError(got) ? ZSTD_getErrorName(got) : "size") + ")");
  Reader r(raw);
  uint32_t magic = 0;
  bool ok = r.Pod(&magic) && magic == kMagic && r.Column(&events->kind) &&
            r.Column(&events->month) && r.Column(&events->start_minute) &&
            r.Column(&events->end_minute) && r.Column(&events->longitude) &&
            r.Column(&events->latitude) && r.Column(&events->markers) &&
            r.Column(&events->source_line);
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
