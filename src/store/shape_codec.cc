#include "store/shape_codec.h"

#include <cmath>
#include <cstdint>

namespace cairn {

namespace {

constexpr uint8_t kVersion = 1;
constexpr double kUnitsPerMetre = 10;

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutSigned(std::string* out, int64_t v) {
  PutVarint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64 && pos_ < data_.size(); shift += 7) {
      uint8_t byte = static_cast<uint8_t>(data_[pos_++]);
      *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool Signed(int64_t* v) {
    uint64_t u = 0;
    if (!Varint(&u)) return false;
    *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
    return true;
  }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

std::string EncodeRings(const Rings& rings) {
  std::string out;
  out.push_back(static_cast<char>(kVersion));
  PutVarint(&out, rings.size());
  for (const auto& ring : rings) PutVarint(&out, ring.size());
  int64_t last_x = 0, last_y = 0;
  for (const auto& ring : rings) {
    for (const auto& [x, y] : ring) {
      int64_t ix = std::llround(x * kUnitsPerMetre), iy = std::llround(y * kUnitsPerMetre);
      PutSigned(&out, ix - last_x);
      PutSigned(&out, iy - last_y);
      last_x = ix;
      last_y = iy;
    }
  }
  return out;
}

Result<Rings> DecodeRings(std::string_view blob) {
  if (blob.empty() || static_cast<uint8_t>(blob[0]) != kVersion)
    return Status::Invalid("not a version-1 boundary blob");
  Reader in(blob.substr(1));
  uint64_t ring_count = 0;
  // Every ring and vertex takes at least one byte, so counts beyond the blob's size are damage.
  if (!in.Varint(&ring_count) || ring_count > in.remaining())
    return Status::Invalid("damaged boundary blob (ring count)");
  Rings rings(ring_count);
  uint64_t vertices = 0;
  for (auto& ring : rings) {
    uint64_t n = 0;
    if (!in.Varint(&n) || n > in.remaining()) return Status::Invalid("damaged boundary blob");
    vertices += n;
    ring.resize(n);
  }
  if (vertices * 2 > in.remaining()) return Status::Invalid("damaged boundary blob (truncated)");
  int64_t x = 0, y = 0;
  for (auto& ring : rings) {
    for (auto& point : ring) {
      int64_t dx = 0, dy = 0;
      if (!in.Signed(&dx) || !in.Signed(&dy))
        return Status::Invalid("damaged boundary blob (truncated)");
      x += dx;
      y += dy;
      point = {static_cast<double>(x) / kUnitsPerMetre, static_cast<double>(y) / kUnitsPerMetre};
    }
  }
  if (in.remaining() != 0) return Status::Invalid("damaged boundary blob (trailing bytes)");
  return rings;
}

}  // namespace cairn
