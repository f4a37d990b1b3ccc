#include "analysis/sna_stats.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

TEST(SnaStats, ExactIntervalForSmallCounts) {
  // Published exact Poisson limits (e.g. Garwood): 0 -> (0, 3.689), 5 -> (1.623, 11.668).
  EXPECT_NEAR(PoissonInterval95(0).upper, 3.689, 0.001);
  EXPECT_NEAR(PoissonInterval95(5).lower, 1.623, 0.001);
  EXPECT_NEAR(PoissonInterval95(5).upper, 11.668, 0.001);
}

TEST(SnaStats, ByarsForLargerCounts) {
  Interval i = PoissonInterval95(100);  // Byar: 81.36 .. 121.63
  EXPECT_NEAR(i.lower, 81.36, 0.02);
  EXPECT_NEAR(i.upper, 121.63, 0.02);
}

TEST(SnaStats, ChangeSignificance) {
  EXPECT_DOUBLE_EQ(ChangePValue(0, 0), 1);
  EXPECT_NEAR(ChangePValue(10, 10), 1, 1e-9);
  EXPECT_NEAR(ChangePValue(0, 5), 0.0625, 1e-9);  // 2 * 0.5^5
  EXPECT_LT(ChangePValue(1000, 1200), 0.001);
  EXPECT_GT(ChangePValue(1000, 1050), 0.1);
}

}  // namespace
}  // namespace cairn
