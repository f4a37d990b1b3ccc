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

// Chunks written before version 3 ("CEV2": every column inside one zstd frame) still decode.
TEST(EventCodec, ReadsVersionTwoChunks) {
  std::string raw;
  auto pod = [&](auto v) { raw.append(reinterpret_cast<const char*>(&v), sizeof v); };
  pod(uint32_t{0x32564543});
  // kind, month, start, end, longitude, latitude, markers: constant; source_line: plain.
  pod(uint8_t{1}), pod(uint64_t{2}), pod(uint8_t{0});
  pod(uint8_t{1}), pod(uint64_t{2}), pod(int32_t{24290});
  pod(uint8_t{1}), pod(uint64_t{2}), pod(kNoTime);
  pod(uint8_t{1}), pod(uint64_t{2}), pod(kNoTime);
  pod(uint8_t{1}), pod(uint64_t{2}), pod(-2.5);
  pod(uint8_t{1}), pod(uint64_t{2}), pod(55.0);
  pod(uint8_t{1}), pod(uint64_t{2}), pod(uint16_t{0});
  pod(uint8_t{0}), pod(uint64_t{2}), pod(uint32_t{2}), pod(uint32_t{3});
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
