// The weighted forms must equal the unweighted functions on the points repeated weight times
// (which are themselves checked against spdep/MASS/sfhotspot in spatial_test.cc).
#include <gtest/gtest.h>

#include "stats/spatial.h"

namespace cairn {
namespace {

struct Sample {
  std::vector<Point> unique, repeated;
  std::vector<double> weights;
};

Sample MakeSample() {
  Sample s;
  const double xs[] = {100, 420, 980, 1500, 260, 2210, 1730};
  const double ys[] = {50, 900, 330, 1210, 640, 75, 1800};
  const double ws[] = {3, 1, 7, 2, 5, 1, 4};
  for (int i = 0; i < 7; ++i) {
    s.unique.push_back({xs[i], ys[i]});
    s.weights.push_back(ws[i]);
    for (int k = 0; k < ws[i]; ++k) s.repeated.push_back({xs[i], ys[i]});
  }
  return s;
}

TEST(SpatialWeighted, GridCountsEqualRepeatedPoints) {
  Sample s = MakeSample();
  auto weighted = SquareGridCounts(s.unique, s.weights, 250);
  auto plain = SquareGridCounts(s.repeated, 250);
  ASSERT_TRUE(weighted.ok() && plain.ok());
  ASSERT_EQ(weighted->size(), plain->size());
  double total = 0;
  for (size_t i = 0; i < plain->size(); ++i) {
    EXPECT_EQ((*weighted)[i].x, (*plain)[i].x);
    EXPECT_EQ((*weighted)[i].y, (*plain)[i].y);
    EXPECT_EQ((*weighted)[i].count, (*plain)[i].count) << i;
    total += (*weighted)[i].count;
  }
  EXPECT_EQ(total, 23);
}

TEST(SpatialWeighted, BandwidthEqualsRepeatedPoints) {
  Sample s = MakeSample();
  std::vector<double> xs, xr;
  for (const Point& p : s.unique) xs.push_back(p.x);
  for (const Point& p : s.repeated) xr.push_back(p.x);
  auto weighted = BandwidthNrd(xs, s.weights);
  auto plain = BandwidthNrd(xr);
  ASSERT_TRUE(weighted.ok() && plain.ok());
  EXPECT_NEAR(*weighted, *plain, 1e-9 * *plain);
}

TEST(SpatialWeighted, KdeEqualsRepeatedPoints) {
  Sample s = MakeSample();
  auto cells = SquareGridCounts(s.repeated, 250);
  ASSERT_TRUE(cells.ok());
  auto weighted = QuarticKde(s.unique, s.weights, *cells, 600);
  auto plain = QuarticKde(s.repeated, *cells, 600);
  double sum = 0;
  for (size_t i = 0; i < plain.size(); ++i) {
    EXPECT_NEAR(weighted[i], plain[i], 1e-12 + 1e-9 * plain[i]) << i;
    sum += plain[i];
  }
  EXPECT_GT(sum, 0);
}

}  // namespace
}  // namespace cairn
