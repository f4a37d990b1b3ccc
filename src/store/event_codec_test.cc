#include "store/event_codec.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include <cmath>
#include <cstring>

#include "util/dates.h"

namespace cairn {

namespace {

const char* const kCrimeId = "4de116e0e259be3849a59393b04b0c4435eff4807a08b7dbb233eb12a18447b6";

// Four rows as the police.uk reader makes them: Crime IDs packed, blank and kept as text.
EventColumns PoliceUkRows(const std::vector<double>& lons) {
  EventColumns e;
  const char* ids[] = {kCrimeId, "", "NOT-A-HEX-ID", "4DE116E0E259BE3849A59393B04B0C44"};
  for (size_t row = 0; row < lons.size(); ++row) {
    e.kind.push_back(static_cast<uint8_t>(EventKind::kCrime));
    e.month.push_back(24290);
    e.start_minute.push_back(kNoTime);
    e.end_minute.push_back(kNoTime);
    e.longitude.push_back(lons[row]);
    e.latitude.push_back(std::isnan(lons[row]) ? NAN : 55.046662);
    e.markers.push_back(0);
    e.source_line.push_back(static_cast<uint32_t>(row + 2));
    e.reference.AppendDistinct(ids[row % 4]);
    for (StringColumn* c : {&e.force, &e.reported_by, &e.location, &e.lsoa_code, &e.lsoa_name,
                            &e.category, &e.offence_code, &e.outcome, &e.context, &e.weapon})
      c->Append(row % 2 ? "Robbery" : "Drugs");
  }
  return e;
}

void ExpectSameBits(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(std::memcmp(&a[i], &b[i], sizeof(double)), 0) << "row " << i << ": " << b[i];
}

// Appends v's bytes, as the codec writes them.
template <typename T>
void Put(std::string* raw, T v) {
  raw->append(reinterpret_cast<const char*>(&v), sizeof v);
}

// A hand-written chunk body's start: the marker, then kind, month, start and end minutes,
// longitude, latitude and markers, each the same on two rows.
std::string TwoRowsOfConstants(uint32_t marker) {
  std::string raw;
  Put(&raw, marker);
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, uint8_t{0});
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, int32_t{24290});
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, kNoTime);
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, kNoTime);
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, -2.5);
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, 55.0);
  Put(&raw, uint8_t{1}), Put(&raw, uint64_t{2}), Put(&raw, uint16_t{0});
  return raw;
}

}  // namespace

TEST(EventCodec, PackedCrimeIdsComeBackAsText) {
  EventColumns in = PoliceUkRows({-2.793458, NAN, -0.1, 1.25});
  EXPECT_TRUE(in.reference.packed(0));
  EXPECT_FALSE(in.reference.packed(2));
  EXPECT_EQ(in.reference.Text(0), kCrimeId);
  EventColumns out;
  Status st = DecodeEvents(EncodeEvents(in), &out);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out.reference.at(0), kCrimeId);
  EXPECT_EQ(out.reference.at(1), "");
  EXPECT_EQ(out.reference.at(2), "NOT-A-HEX-ID");
  EXPECT_EQ(out.reference.at(3), "4DE116E0E259BE3849A59393B04B0C44");
  EXPECT_EQ(out.source_line, in.source_line);
  EXPECT_EQ(out.category.at(1), "Robbery");
  ExpectSameBits(in.longitude, out.longitude);
  ExpectSameBits(in.latitude, out.latitude);
}

TEST(EventCodec, SkippingReferencesLeavesThemBlank) {
  EventColumns out;
  ASSERT_TRUE(DecodeEvents(EncodeEvents(PoliceUkRows({1.0, 2.0, 3.0})), &out, true).ok());
  ASSERT_EQ(out.reference.size(), 3u);
  EXPECT_EQ(out.reference.at(0), "");
  EXPECT_EQ(out.category.at(2), "Drugs");
}

TEST(EventCodec, CoordinatesThatAreNotWholeMicroDegreesKeepEveryBit) {
  EventColumns in = PoliceUkRows({-2.7934581234567, 0.1 + 0.2, -0.0, 1e-7});
  EventColumns out;
  ASSERT_TRUE(DecodeEvents(EncodeEvents(in), &out).ok());
  ExpectSameBits(in.longitude, out.longitude);
}

TEST(EventCodec, LinesThatDoNotCountUpByOneRoundTrip) {
  EventColumns in = PoliceUkRows({1.0, 2.0, 3.0});
  in.source_line = {2, 5, 4};
  EventColumns out;
  ASSERT_TRUE(DecodeEvents(EncodeEvents(in), &out).ok());
  EXPECT_EQ(out.source_line, in.source_line);
}

// Version 4 writes a string column with one code on every row as that code once, packed Crime IDs
// included; the rows come back as they went in.
TEST(EventCodec, ColumnsWithOneValueOnEveryRowRoundTrip) {
  EventColumns in = PoliceUkRows({1.0, 2.0, 3.0, 4.0, 5.0});
  in.reference = StringColumn();
  in.category = StringColumn();
  for (int row = 0; row < 5; ++row) {
    in.reference.AppendDistinct(kCrimeId);
    in.category.Append("Burglary");
  }
  EventColumns out;
  Status st = DecodeEvents(EncodeEvents(in), &out);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(out.size(), 5u);
  for (size_t row = 0; row < 5; ++row) {
    EXPECT_EQ(out.reference.at(row), kCrimeId) << row;
    EXPECT_EQ(out.category.at(row), "Burglary") << row;
    EXPECT_EQ(out.force.at(row), row % 2 ? "Robbery" : "Drugs") << row;
  }
}

// A version 3 chunk is a version 4 one with no constant-code column and the older marker (in the
// container and at the start of the frame); stores written by Cairn before version 4 still read.
TEST(EventCodec, ReadsVersionThreeChunks) {
  EventColumns in = PoliceUkRows({-2.793458, NAN, -0.1, 1.25});
  std::string blob = EncodeEvents(in);
  const uint32_t v3 = 0x33564543, v4 = 0x34564543;
  uint32_t marker = 0;
  std::memcpy(&marker, blob.data() + 8, 4);
  ASSERT_EQ(marker, v4);
  std::memcpy(blob.data() + 8, &v3, 4);
  uint64_t raw_size = 0, zstd_size = 0;
  std::memcpy(&raw_size, blob.data(), 8);
  std::memcpy(&zstd_size, blob.data() + 12, 8);
  const std::string packed = blob.substr(20 + zstd_size);
  std::string raw(raw_size, '\0');
  ASSERT_EQ(ZSTD_decompress(raw.data(), raw.size(), blob.data() + 20, zstd_size), raw_size);
  std::memcpy(raw.data(), &v3, 4);
  std::string frame(ZSTD_compressBound(raw.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), raw.data(), raw.size(), 1));
  zstd_size = frame.size();
  std::string v3_blob = blob.substr(0, 12);
  v3_blob.append(reinterpret_cast<const char*>(&zstd_size), 8);
  v3_blob += frame + packed;
  EventColumns out;
  Status st = DecodeEvents(v3_blob, &out);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out.reference.at(0), kCrimeId);
  EXPECT_EQ(out.category.at(1), "Robbery");
  ExpectSameBits(in.longitude, out.longitude);
}

// A corrupt chunk whose one-code-for-every-row column claims more rows than the chunk has is
// refused as corrupt, not decoded into billions of rows.
TEST(EventCodec, RefusesAConstantColumnOfTheWrongLength) {
  auto chunk = [](uint64_t string_rows) {
    std::string raw = TwoRowsOfConstants(0x34564543);
    auto pod = [&](auto v) { Put(&raw, v); };
    pod(uint8_t{2}), pod(uint64_t{2}), pod(uint32_t{2});  // source lines 2, 3
    for (int column = 0; column < 11; ++column) {
      pod(uint32_t{1}), pod(uint32_t{0});  // a dictionary of "" only
      pod(uint8_t{0}), pod(string_rows), pod(uint32_t{0});
    }
    std::string frame(ZSTD_compressBound(raw.size()), '\0');
    frame.resize(ZSTD_compress(frame.data(), frame.size(), raw.data(), raw.size(), 1));
    uint64_t raw_size = raw.size(), zstd_size = frame.size();
    std::string blob;
    blob.append(reinterpret_cast<const char*>(&raw_size), 8);
    blob.append(raw.data(), 4);  // the marker
    blob.append(reinterpret_cast<const char*>(&zstd_size), 8);
    return blob + frame;
  };
  EventColumns out;
  Status st = DecodeEvents(chunk(2), &out);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(out.source_line, (std::vector<uint32_t>{2, 3}));
  EventColumns bad;
  st = DecodeEvents(chunk(uint64_t{1} << 31), &bad);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("corrupt"), std::string::npos) << st.message();
}

// Chunks written before version 3 ("CEV2": every column inside one zstd frame) still decode.
TEST(EventCodec, ReadsVersionTwoChunks) {
  std::string raw = TwoRowsOfConstants(0x32564543);
  auto pod = [&](auto v) { Put(&raw, v); };
  pod(uint8_t{0}), pod(uint64_t{2}), pod(uint32_t{2}), pod(uint32_t{3});  // source_line: plain
  for (int column = 0; column < 11; ++column) {
    std::string value = column == 0 ? kCrimeId : "Drugs";
    pod(uint32_t{2}), pod(uint32_t{0}), pod(static_cast<uint32_t>(value.size()));
    raw += value;
    pod(uint8_t{1}), pod(uint64_t{2}), pod(uint8_t{1}), pod(uint8_t{0});
  }
  std::string blob(8 + ZSTD_compressBound(raw.size()), '\0');
  uint64_t raw_size = raw.size();
  std::memcpy(blob.data(), &raw_size, 8);
  blob.resize(8 + ZSTD_compress(blob.data() + 8, blob.size() - 8, raw.data(), raw.size(), 1));
  EventColumns out;
  Status st = DecodeEvents(blob, &out);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out.reference.at(0), kCrimeId);
  EXPECT_EQ(out.reference.at(1), "");
  EXPECT_EQ(out.source_line, (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(out.longitude[1], -2.5);
  EXPECT_EQ(out.category.at(0), "Drugs");
}

}  // namespace cairn
