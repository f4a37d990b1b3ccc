#include "stats/matching.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

using Pairs = std::vector<std::pair<size_t, size_t>>;

TEST(Matching, NearestWithinTheCaliperWithoutReplacement) {
  // Treated 0 (logit 0.0) -> comparison 0 (0.1); treated 1 (1.0) -> comparison 2 (1.02, nearer
  // than 0.95); treated 2 (5.0): the nearest (9.0) is 4 away, outside the caliper of 0.5.
  EXPECT_EQ(MatchNearestNeighbour({0.0, 1.0, 5.0}, {0.1, 0.95, 1.02, -0.3, 9.0}, 0.5),
            (Pairs{{0, 0}, {1, 2}}));
  // Without replacement: the second treated person at 1.0 cannot reuse comparison 0, and the
  // next (2.0) is outside the caliper.
  EXPECT_EQ(MatchNearestNeighbour({1.0, 1.0}, {1.01, 2.0}, 0.5), (Pairs{{0, 0}}));
  // With a wider caliper it is taken; a tie in distance goes to the comparison given first.
  EXPECT_EQ(MatchNearestNeighbour({1.0, 1.0}, {1.01, 2.0}, 1.0), (Pairs{{0, 0}, {1, 1}}));
  EXPECT_EQ(MatchNearestNeighbour({1.0}, {1.5, 0.5}, 1.0), (Pairs{{0, 0}}));
  EXPECT_EQ(MatchNearestNeighbour({1.0}, {}, 1.0), Pairs{});
  // Candidates 0 and 1 are one person at two dates: once 0 is taken, 1 is not, and the second
  // treated person gets candidate 2 although 1 is nearer.
  const std::vector<uint32_t> owner = {7, 7, 8};
  EXPECT_EQ(MatchNearestNeighbour({1.0, 1.0}, {1.0, 1.05, 1.2}, 0.5, &owner),
            (Pairs{{0, 0}, {1, 2}}));
}

TEST(Matching, StandardisedDifferencesWorkedByHand) {
  // Ages 14, 15, 16 (mean 15, variance 1) against 13, 15 (mean 14, variance 2): 1 / sqrt(1.5).
  EXPECT_NEAR(*StandardisedDifference({14, 15, 16}, {13, 15}, false), 0.816496580928, 1e-12);
  // Share male 3/4 against 1/4: (0.75 - 0.25) / sqrt((0.1875 + 0.1875) / 2) = 1.154700538.
  EXPECT_NEAR(*StandardisedDifference({1, 1, 1, 0}, {1, 0, 0, 0}, true), 1.154700538379, 1e-12);
  EXPECT_EQ(*StandardisedDifference({2, 2}, {2, 2}, false), 0);
  EXPECT_FALSE(StandardisedDifference({}, {1}, false).has_value());
}

// R: w <- Wilson interval; Newcombe method 10 from the two; prop.test(c(10, 20), c(50, 50),
// correct = FALSE)$p.value = 0.0290963317413; interval -0.3635923520553 to -0.0201339008692.
TEST(Matching, DifferenceOfProportionsIsNewcombesWithAPooledZTest) {
  auto d = DifferenceOfProportions(10, 50, 20, 50);
  ASSERT_TRUE(d.has_value());
  EXPECT_NEAR(d->difference, -0.2, 1e-12);
  EXPECT_NEAR(d->lower95, -0.3635923520553, 1e-9);
  EXPECT_NEAR(d->upper95, -0.0201339008692, 1e-9);
  EXPECT_NEAR(d->p, 0.0290963317413, 1e-9);
  // Newcombe (1998) table II, example (a): 56/70 - 48/80, method 10: 0.0524 to 0.3339.
  auto published = DifferenceOfProportions(56, 70, 48, 80);
  EXPECT_NEAR(published->lower95, 0.0524, 5e-5);
  EXPECT_NEAR(published->upper95, 0.3339, 5e-5);
  EXPECT_FALSE(DifferenceOfProportions(1, 0, 1, 2).has_value());
}

// R: t.test(c(3,5,2,8,6,4,7), c(1,2,2,3,0,4), var.equal = FALSE): df 10.3846153846, 95%
// 0.782996614599 to 5.217003385401, p 0.0128225711065.
TEST(Matching, WelchIntervalMatchesRTTest) {
  auto d = WelchDifference({3, 5, 2, 8, 6, 4, 7}, {1, 2, 2, 3, 0, 4});
  ASSERT_TRUE(d.has_value());
  EXPECT_NEAR(d->difference, 3, 1e-12);
  EXPECT_NEAR(d->lower95, 0.782996614599, 1e-9);
  EXPECT_NEAR(d->upper95, 5.217003385401, 1e-9);
  EXPECT_NEAR(d->p, 0.0128225711065, 1e-9);
  EXPECT_FALSE(WelchDifference({1}, {1, 2}).has_value());
}

// R: t.test(c(1, 2, 3, 4, 5)) gives the 95 percent confidence interval 1.036757 4.963243.
TEST(Matching, MeanIntervalMatchesRTTest) {
  auto m = MeanWithInterval({1, 2, 3, 4, 5});
  ASSERT_TRUE(m.has_value());
  EXPECT_NEAR(m->mean, 3, 1e-12);
  EXPECT_NEAR(m->lower95, 1.036757, 1e-6);
  EXPECT_NEAR(m->upper95, 4.963243, 1e-6);
  EXPECT_FALSE(MeanWithInterval({2}).has_value());
}

}  // namespace
}  // namespace cairn
