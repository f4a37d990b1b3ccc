// SPC against ../shared/METHODS.md section 2 (NHSRplotthedots v0.2.2 and Making Data Count): the
// expected limits and point types were worked from the formulas there, not from this code.
#include "stats/spc.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cairn {
namespace {

std::string Types(const SpcResult& r) {
  std::string out;
  for (const SpcPoint& p : r.points) {
    const char* code = p.rule == SpcRule::kOutside      ? "O"
                       : p.rule == SpcRule::kTrend      ? "T"
                       : p.rule == SpcRule::kTwoOfThree ? "W"
                       : p.rule == SpcRule::kRun        ? "R"
                                                        : ".";
    out += code;
    if (p.side != 0) out += p.side > 0 ? "+" : "-";
    out += " ";
  }
  return out;
}

TEST(Spc, XmRLimitsFromTheMeanMovingRange) {
  // mean 11.5; moving ranges 2,1,2,1,1,1,2,1,2: mean 13/9; limits 11.5 +- 2.66 x 13/9.
  auto r = RunSpc({10, 12, 11, 13, 12, 11, 10, 12, 11, 13}, {}, {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const SpcPoint& p = r->points[0];
  EXPECT_NEAR(p.mean, 11.5, 1e-12);
  EXPECT_NEAR(p.upl, 15.342222, 1e-6);
  EXPECT_NEAR(p.lpl, 7.657778, 1e-6);
  EXPECT_NEAR(p.nupl, 14.061481, 1e-6);
  EXPECT_NEAR(p.nlpl, 8.938519, 1e-6);
  EXPECT_EQ(Types(*r), ". . . . . . . . . . ");
  EXPECT_EQ(r->variation, "common_cause");
  EXPECT_TRUE(r->short_group) << "10 points: trial limits";
}

// As NHSRplotthedots' ptd_spc_standard: one point has no moving range, so the mean of none is NA
// and so are the limits; a constant series' moving ranges are all 0, none below 3.267 x 0, so
// screening leaves none (NA limits), and unscreened their mean is 0 (limits at the mean).
TEST(Spc, NoLimitsWithoutAMovingRangeAsThePackage) {
  auto one = RunSpc({5}, {}, {});
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(one->points[0].mean, 5);
  EXPECT_TRUE(std::isnan(one->points[0].lpl) && std::isnan(one->points[0].upl));
  EXPECT_EQ(one->points[0].point_type, "common_cause");
  auto flat = RunSpc({5, 5, 5, 5}, {}, {});
  ASSERT_TRUE(flat.ok());
  for (const SpcPoint& p : flat->points)
    EXPECT_TRUE(std::isnan(p.upl) && std::isnan(p.nlpl)) << p.upl;
  SpcOptions unscreened;
  unscreened.screen_outliers = false;
  auto kept = RunSpc({5, 5, 5, 5}, {}, unscreened);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->points[2].lpl, 5);
  EXPECT_EQ(kept->points[2].upl, 5);
  // A target against NA limits: neither side is known, as the package's case_when falls through.
  SpcOptions target;
  target.target = 4;
  target.improvement = Improvement::kIncrease;
  auto assured = RunSpc({5, 5, 5}, {}, target);
  ASSERT_TRUE(assured.ok());
  EXPECT_EQ(assured->assurance, "inconsistent");
}

TEST(Spc, AnOutlyingMovingRangeIsScreenedOnceButTheMeanKeepsThePoint) {
  // Moving ranges eleven 1s and one 14: mean 25/12; 14 >= 3.267 x 25/12 is screened, leaving 1.
  // The mean keeps the 20: 86/13.
  SpcOptions o;
  o.improvement = Improvement::kDecrease;
  auto r = RunSpc({5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 20}, {}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->points[0].mean, 86.0 / 13.0, 1e-12);
  EXPECT_NEAR(r->points[0].upl, 86.0 / 13.0 + 2.66, 1e-12);
  EXPECT_EQ(Types(*r), "R- R- R- R- R- R- R- R- R- R- R- R- O+ ");
  EXPECT_EQ(r->points[12].point_type, "special_cause_concern");
  EXPECT_EQ(r->points[0].point_type, "special_cause_improvement");
  EXPECT_EQ(r->variation, "concern_high");
  o.screen_outliers = false;
  auto unscreened = RunSpc({5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 20}, {}, o);
  EXPECT_NEAR(unscreened->points[0].upl, 86.0 / 13.0 + 2.66 * 25.0 / 12.0, 1e-12);
}

TEST(Spc, EveryRuleAndItsPrecedence) {
  // mean 12, moving range 1: limits 9.34 / 14.66, 2-sigma lines 10.2267 / 13.7733. Points 0..7
  // are below the mean (a run), 0, 2, 4 and 6 are beyond the lower 2-sigma line (two of three),
  // 6..13 rise eight times running (a trend), 11..13 are above the upper limit.
  auto r = RunSpc({10, 11, 10, 11, 10, 11, 10, 11, 12, 13, 14, 15, 16, 17, 10, 11}, {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Types(*r), "W- R- W- R- W- R- T+ T+ T+ T+ T+ O+ O+ O+ . . ");
}

TEST(Spc, SevenOnOneSideAndTheSixPointOption) {
  std::vector<double> y = {10, 11, 10, 11,   10,   11,   10,   9,    10,   11,  10,
                           11, 10, 11, 10.5, 10.6, 10.7, 10.6, 10.7, 10.6, 10.7};
  auto r = RunSpc(y, {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Types(*r), ". . . . . . . . . . . . . R+ R+ R+ R+ R+ R+ R+ R+ ");
  SpcOptions six;
  six.run_length = 6;
  y.pop_back();  // 7 above with 7 points; drop one: a run of 7 is still a run of at least 6
  y.pop_back();
  auto r6 = RunSpc(y, {}, six);
  auto r7 = RunSpc(y, {}, {});
  ASSERT_TRUE(r6.ok() && r7.ok());
  EXPECT_EQ(r6->points.back().rule, SpcRule::kRun) << Types(*r6);
  EXPECT_EQ(r7->points.back().rule, SpcRule::kNone) << Types(*r7);
}

TEST(Spc, CAndUChartsUsePoissonLimits) {
  // c chart: mean 5, limits 5 +- 3 sqrt 5 (the lower floored at 0), 2-sigma 5 + 2 sqrt 5.
  SpcOptions c;
  c.chart = SpcChart::kC;
  auto rc = RunSpc({4, 6, 5, 5}, {}, c);
  ASSERT_TRUE(rc.ok());
  EXPECT_NEAR(rc->points[0].upl, 11.708204, 1e-6);
  EXPECT_EQ(rc->points[0].lpl, 0);
  EXPECT_NEAR(rc->points[0].nupl, 9.472136, 1e-6);
  // u chart: 10 events over 600 exposure; limits vary with each point's exposure.
  SpcOptions u;
  u.chart = SpcChart::kU;
  auto ru = RunSpc({2, 3, 1, 4}, {100, 200, 100, 200}, u);
  ASSERT_TRUE(ru.ok());
  EXPECT_NEAR(ru->points[0].value, 0.02, 1e-12);
  EXPECT_NEAR(ru->points[0].mean, 10.0 / 600.0, 1e-12);
  EXPECT_NEAR(ru->points[0].upl, 0.055396, 1e-6);
  EXPECT_NEAR(ru->points[1].upl, 0.044053, 1e-6);
  EXPECT_EQ(ru->points[1].lpl, 0);
}

TEST(Spc, AssuranceFromTheTargetAndTheLastLimits) {
  // METHODS.md 2.2: target above the upper limit fails for "increase" and passes for "decrease";
  // below the lower limit the other way round; between them it is inconsistent.
  const std::vector<double> y = {10, 12, 11, 13, 12, 11, 10, 12, 11, 13};  // limits 7.66 / 15.34
  auto assurance = [&](Improvement dir, double target) {
    SpcOptions o;
    o.improvement = dir;
    o.target = target;
    return RunSpc(y, {}, o)->assurance;
  };
  EXPECT_EQ(assurance(Improvement::kIncrease, 16), "consistent_fail");
  EXPECT_EQ(assurance(Improvement::kDecrease, 16), "consistent_pass");
  EXPECT_EQ(assurance(Improvement::kIncrease, 7), "consistent_pass");
  EXPECT_EQ(assurance(Improvement::kDecrease, 7), "consistent_fail");
  EXPECT_EQ(assurance(Improvement::kIncrease, 12), "inconsistent");
  EXPECT_EQ(assurance(Improvement::kNeutral, 12), "");
}

TEST(Spc, RebasedGroupsHaveTheirOwnLimits) {
  SpcOptions o;
  o.rebase_at = {4};
  auto r = RunSpc({1, 2, 1, 2, 11, 12, 11, 12}, {}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->points[0].mean, 1.5, 1e-12);
  EXPECT_NEAR(r->points[4].mean, 11.5, 1e-12);
  EXPECT_EQ(r->points[4].group, 1);
}

TEST(Spc, RefusesWhatItCannotChart) {
  EXPECT_FALSE(RunSpc({}, {}, {}).ok());
  SpcOptions o;
  o.run_length = 5;
  EXPECT_FALSE(RunSpc({1, 2}, {}, o).ok());
  SpcOptions u;
  u.chart = SpcChart::kU;
  EXPECT_FALSE(RunSpc({1, 2}, {1, 0}, u).ok());
  SpcOptions c;
  c.chart = SpcChart::kC;
  EXPECT_FALSE(RunSpc({1, -2}, {}, c).ok());
  SpcOptions fix;
  fix.fix_after = 5;
  EXPECT_FALSE(RunSpc({1, 2, 3, 4, 5, 6}, {}, fix).ok());
}

}  // namespace
}  // namespace cairn
