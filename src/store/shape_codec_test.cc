#include "store/shape_codec.h"

#include <gtest/gtest.h>

namespace cairn {

TEST(ShapeCodec, RoundTripsToTheNearestDecimetre) {
  Rings rings = {{{340000.04, 555900.06}, {340100.0, 555900.0}, {340100.0, 556000.0}},
                 {{340010.0, 555910.0}, {340020.0, 555910.0}, {340020.0, 555920.0}},
                 {}};
  std::string blob = EncodeRings(rings);
  auto back = DecodeRings(blob);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), 3u);
  ASSERT_EQ((*back)[0].size(), 3u);
  EXPECT_DOUBLE_EQ((*back)[0][0].first, 340000.0);
  EXPECT_DOUBLE_EQ((*back)[0][0].second, 555900.1);
  EXPECT_DOUBLE_EQ((*back)[1][2].second, 555920.0);
  EXPECT_TRUE((*back)[2].empty());
  // Neighbouring vertices cost a few bytes each, not 16.
  EXPECT_LT(blob.size(), 1 + 1 + 3 + 6 * 6u);
}

TEST(ShapeCodec, DamagedBlobsAreRefused) {
  std::string blob = EncodeRings({{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}});
  EXPECT_FALSE(DecodeRings("").ok());
  EXPECT_FALSE(DecodeRings(blob.substr(0, blob.size() - 1)).ok());
  EXPECT_FALSE(DecodeRings(blob + "x").ok());
  std::string wrong_version = blob;
  wrong_version[0] = 9;
  EXPECT_FALSE(DecodeRings(wrong_version).ok());
}

}  // namespace cairn
