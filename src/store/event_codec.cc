#include "store/event_codec.h"

#include <zstd.h>

#include <cstring>

namespace cairn {

namespace {

constexpr uint32_t kMagic = 0x31564543;  // "CEV1"

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
  void Strings(const StringColumn& c) {
    Pod(static_cast<uint32_t>(c.dict().size()));
    for (const auto& s : c.dict()) {
      Pod(static_cast<uint32_t>(s.size()));
      buf_.append(s);
    }
    Vec(c.codes());
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
    if (!Vec(&codes)) return false;
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
  w.Vec(events.kind);
  w.Vec(events.month);
  w.Vec(events.start_minute);
  w.Vec(events.end_minute);
  w.Vec(events.longitude);
  w.Vec(events.latitude);
  w.Vec(events.markers);
  w.Vec(events.source_line);
  ForEachStringColumn(const_cast<EventColumns&>(events), [&](StringColumn* c) { w.Strings(*c); });
  const std::string& raw = w.buf();
  std::string out(ZSTD_compressBound(raw.size()) + 8, '\0');
  uint64_t raw_size = raw.size();
  std::memcpy(out.data(), &raw_size, 8);
  size_t n = ZSTD_compress(out.data() + 8, out.size() - 8, raw.data(), raw.size(), 1);
  out.resize(8 + n);
  return out;
}

Status DecodeEvents(std::string_view blob, EventColumns* events) {
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
  bool ok = r.Pod(&magic) && magic == kMagic && r.Vec(&events->kind) && r.Vec(&events->month) &&
            r.Vec(&events->start_minute) && r.Vec(&events->end_minute) &&
            r.Vec(&events->longitude) && r.Vec(&events->latitude) && r.Vec(&events->markers) &&
            r.Vec(&events->source_line);
  ForEachStringColumn(*events, [&](StringColumn* c) { ok = ok && r.Strings(c); });
  if (!ok) return Status::Internal("event chunk is corrupt (bad layout)");
  return Status::Ok();
}

}  // namespace cairn
