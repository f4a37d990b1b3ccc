// The log-rank test against values worked by hand and a published one.
#include "stats/survival.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace cairn {
namespace {

std::vector<SurvivalTime> Times(std::initializer_list<int> signed_times) {
  std::vector<SurvivalTime> out;  // a negative time is censored at its absolute value
  for (int t : signed_times) out.push_back({static_cast<double>(std::abs(t)), t > 0});
  return out;
}

// By hand (group 1: 3, 5, 5+, 8, 10+; group 2: 1, 3, 4, 5, 6+), at each event time
// t: n1 n2 d1 d2 -> d n1 / n, n1 n2 d (n - d) / (n^2 (n - 1)):
//   1:  5 5 0 1 -> 1/2,   25*1*9/(100*9)   = 1/4
//   3:  5 4 1 1 -> 10/9,  20*2*7/(81*8)    = 35/81
//   4:  4 3 0 1 -> 4/7,   12*1*6/(49*6)    = 12/49
//   5:  4 2 1 1 -> 4/3,   8*2*4/(36*5)     = 16/45  (5+ is at risk at 5)
//   8:  2 0 1 0 -> 1,     0                 (6+ left before 8)
// O1 = 3, E1 = 1/2 + 10/9 + 4/7 + 4/3 + 1 = 569/126; O2 = 4, E2 = 7 - 569/126 = 313/126;
// V = 1/4 + 35/81 + 12/49 + 16/45 = 101809/79380; chi-square = (3 - 569/126)^2 / V =
// 182405/101809 = 1.791639; p = P(chi-square(1) > 1.791639) = erfc(sqrt(1.791639 / 2)) = 0.180727.
// Peto's hazard ratio exp((O1 - E1) / V) = exp(-1.181918) = 0.306690.
TEST(LogRank, TheWorkedExample) {
  auto r = LogRank(Times({3, 5, -5, 8, -10}), Times({1, 3, 4, 5, -6}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->observed1, 3);
  EXPECT_EQ(r->observed2, 4);
  EXPECT_NEAR(r->expected1, 569.0 / 126, 1e-12);
  EXPECT_NEAR(r->expected2, 313.0 / 126, 1e-12);
  EXPECT_NEAR(r->variance, 101809.0 / 79380, 1e-12);
  EXPECT_NEAR(r->chi_square, 182405.0 / 101809, 1e-12);
  EXPECT_NEAR(r->p, 0.180727, 1e-6);
  EXPECT_NEAR(r->hazard_ratio, 0.306690, 1e-6);
  EXPECT_LT(r->lower95, r->hazard_ratio);
  EXPECT_GT(r->upper95, 1);  // not significant: the interval holds 1
  // The groups swapped: the same statistic, the reciprocal hazard ratio.
  auto s = LogRank(Times({1, 3, 4, 5, -6}), Times({3, 5, -5, 8, -10}));
  ASSERT_TRUE(s.has_value());
  EXPECT_NEAR(s->chi_square, r->chi_square, 1e-12);
  EXPECT_NEAR(s->hazard_ratio * r->hazard_ratio, 1, 1e-12);
}

// The remission times (weeks) of 42 children with leukaemia, 6-MP against placebo (Freireich et
// al. 1963, as Gehan 1965 and Kleinbaum and Klein, "Survival Analysis", 3rd ed., chapter 2, give
// them): the published log-rank result is O = 9 and E = 19.25 for 6-MP, O = 21 and E = 10.75 for
// placebo, Var(O - E) = 6.2570, chi-square = 16.79 (p < 0.0001).
TEST(LogRank, TheLeukaemiaRemissionTimes) {
  auto mp = Times(
      {6, 6, 6, -6, 7, -9, 10, -10, -11, 13, 16, -17, -19, -20, 22, 23, -25, -32, -32, -34, -35});
  auto placebo = Times({1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23});
  auto r = LogRank(mp, placebo);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->observed1, 9);
  EXPECT_EQ(r->observed2, 21);
  EXPECT_NEAR(r->expected1, 19.25, 0.005);
  EXPECT_NEAR(r->expected2, 10.75, 0.005);
  EXPECT_NEAR(r->variance, 6.2570, 0.00005);
  EXPECT_NEAR(r->chi_square, 16.79, 0.005);
  EXPECT_LT(r->p, 0.0001);
  EXPECT_LT(r->upper95, 1);  // 6-MP lengthens remission
}

TEST(LogRank, NothingToTestIsNoResult) {
  EXPECT_FALSE(LogRank({}, Times({1, 2})).has_value());
  EXPECT_FALSE(LogRank(Times({-3, -4}), Times({-1, -2})).has_value());  // no event
  EXPECT_FALSE(LogRank(Times({5}), Times({5})).has_value());  // one time, everyone fails: V = 0
}

}  // namespace
}  // namespace cairn
