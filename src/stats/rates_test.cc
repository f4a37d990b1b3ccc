// Rates, proportions, DSRs, benchmark comparisons and the two-period change test against
// reference values computed independently in R 4.2.2 (Debian r-base-core), to 1e-6 relative.
// PHEindicatormethods is not packaged for Debian, so its formulas (shared/METHODS.md 1.2–1.5)
// were written out in R from METHODS.md; the change test uses R's own stats::poisson.test.
// The exact R code (options(digits = 15); z95 <- qnorm(0.975); z998 <- qnorm(0.999)):
//   byars_lower <- function(O, z) { r <- O*(1-1/(9*O)-z/(3*sqrt(O)))^3; ifelse(r<0, NA, r) }
//   byars_upper <- function(O, z) (O+1)*(1-1/(9*(O+1))+z/(3*sqrt(O+1)))^3
//   rate <- function(x, n, m) {
//     if (x < 10) c(x/n*m, qchisq(0.025, 2*x)/2/n*m, qchisq(0.975, 2*x+2)/2/n*m,
//                   qchisq(0.001, 2*x)/2/n*m, qchisq(0.999, 2*x+2)/2/n*m)
//     else c(x/n*m, byars_lower(x,z95)/n*m, byars_upper(x,z95)/n*m,
//            byars_lower(x,z998)/n*m, byars_upper(x,z998)/n*m) }
//   wilson <- function(x, n, z) c((2*x+z^2-z*sqrt(z^2+4*x*(1-x/n)))/(2*(n+z^2)),
//                                 (2*x+z^2+z*sqrt(z^2+4*x*(1-x/n)))/(2*(n+z^2)))
//   dsr <- function(x, n, w, m=100000) {
//     O <- sum(x); d <- sum(x*w/n)/sum(w)*m; v <- sum(x*(w/n)^2)/sum(w)^2
//     c(d, d+sqrt(v/O)*(byars_lower(O,z95)-O)*m, d+sqrt(v/O)*(byars_upper(O,z95)-O)*m,
//       d+sqrt(v/O)*(byars_lower(O,z998)-O)*m, d+sqrt(v/O)*(byars_upper(O,z998)-O)*m) }
//   poisson.test(c(30,15), c(1000,1200)) etc.; print(..., digits = 16)
// Printed values are copied into each test below.
#include "stats/rates.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/binomial.hpp>
#include <cmath>

namespace cairn {
namespace {

void ExpectRel(std::optional<double> actual, double expected, const char* what) {
  ASSERT_TRUE(actual.has_value()) << what;
  if (expected == 0) {
    EXPECT_NEAR(*actual, 0, 1e-12) << what;
  } else {
    EXPECT_NEAR(*actual / expected, 1.0, 1e-6) << what << ": " << *actual << " vs " << expected;
  }
}

void ExpectEstimate(const Estimate& e, const std::array<double, 5>& r) {
  ExpectRel(e.value, r[0], "value");
  ExpectRel(e.lower95, r[1], "lower95");
  ExpectRel(e.upper95, r[2], "upper95");
  ExpectRel(e.lower998, r[3], "lower998");
  ExpectRel(e.upper998, r[4], "upper998");
}

TEST(Rates, ZValuesMatchMethods) {
  EXPECT_NEAR(ZForConfidence(0.95), 1.959963984540054, 1e-12);
  EXPECT_NEAR(ZForConfidence(0.998), 3.090232306167814, 1e-12);
  EXPECT_NEAR(NormalCdf(-1.959963984540054), 0.025, 1e-12);
}

TEST(Rates, Esp2013SumsTo100000) {
  double sum = 0;
  for (double w : kEsp2013) sum += w;
  EXPECT_EQ(sum, 100000);
  EXPECT_EQ(kEsp2013.size(), 19u);
}

TEST(Rates, ExactPoissonBelowTenEvents) {
  // rate(0,1000,1000): 0 0 3.688879454113935 0 6.907755278982136
  auto zero = CrudeRate(0, 1000, 1000);
  ASSERT_TRUE(zero.ok());
  ExpectEstimate(*zero, {0, 0, 3.688879454113935, 0, 6.907755278982136});
  EXPECT_EQ(zero->method, "Exact");
  // rate(9,1000,1000): 9 4.115373097378332 17.084803451419170 2.452424404363775 22.657373309062930
  auto nine = CrudeRate(9, 1000, 1000);
  ASSERT_TRUE(nine.ok());
  ExpectEstimate(*nine,
                 {9, 4.115373097378332, 17.08480345141917, 2.452424404363775, 22.65737330906293});
  // rate(2.5,1234,1e5): non-integer counts use the chi-squared with 2x degrees of freedom.
  auto frac = CrudeRate(2.5, 1234, 100000);
  ASSERT_TRUE(frac.ok());
  ExpectEstimate(*frac, {202.593192868719598, 33.679562945164605, 648.815408210264309,
                         8.517528469579384, 985.489722360488372});
}

TEST(Rates, ByarsFromTenEvents) {
  // rate(20,10000,1000): 2 1.2211428834875935 3.0889880369197060
  // 0.8922802365144193 3.8085035625041912
  auto r = CrudeRate(20, 10000, 1000);
  ASSERT_TRUE(r.ok());
  ExpectEstimate(
      *r, {2, 1.2211428834875935, 3.088988036919706, 0.8922802365144193, 3.8085035625041912});
  EXPECT_EQ(r->method, "Byars");
  // rate(65,100000,1e5): 65 50.16318771045945 82.84913854593984 42.88026147148020 94.00029084431800
  auto s = CrudeRate(65, 100000);
  ASSERT_TRUE(s.ok());
  ExpectEstimate(*s, {65, 50.16318771045945, 82.84913854593984, 42.8802614714802, 94.000290844318});
}

TEST(Rates, ByarsLowerBelowZeroIsUndefined) {
  EXPECT_FALSE(ByarsLower(0.05, kZ998).has_value());
  EXPECT_FALSE(ByarsLower(0, kZ95).has_value());
  EXPECT_TRUE(ByarsLower(10, kZ998).has_value());
}

TEST(Rates, CrudeRateErrors) {
  EXPECT_FALSE(CrudeRate(-1, 100).ok());
  EXPECT_FALSE(CrudeRate(1, 0).ok());
  EXPECT_FALSE(CrudeRate(1, -5).ok());
}

TEST(Proportions, WilsonMatchesReference) {
  // c(65/100, wilson(65,100,z95), wilson(65,100,z998))
  auto p = WilsonProportion(65, 100);
  ASSERT_TRUE(p.ok());
  ExpectEstimate(
      *p, {0.65, 0.5525444329688797, 0.7363575175690247, 0.4954946574070447, 0.7783540614089685});
  EXPECT_EQ(p->method, "Wilson");
  // wilson(0,50,...): 0 0 0.0713475991333587 0 0.1603628910427880, here as a percentage.
  auto zero = WilsonProportion(0, 50, 100);
  ASSERT_TRUE(zero.ok());
  ExpectEstimate(*zero, {0, 0, 7.13475991333587, 0, 16.0362891042788});
  // PHEindicatormethods' own test case x = 0.445, n = 1.
  auto frac = WilsonProportion(0.445, 1);
  ASSERT_TRUE(frac.ok());
  ExpectEstimate(*frac, {0.445, 0.04381744772058822, 0.93346212769791559, 0.01934700613290135,
                         0.97022599470195348});
}

TEST(Proportions, Errors) {
  EXPECT_FALSE(WilsonProportion(-1, 10).ok());
  EXPECT_FALSE(WilsonProportion(1, 0).ok());
  EXPECT_FALSE(WilsonProportion(11, 10).ok());
}

TEST(Dsr, NineteenBandsAgainstEsp2013) {
  // x <- c(1,2,0,3,5,8,10,12,9,7,11,14,15,20,25,30,22,18,10)
  // n <- c(5200,5600,5400,5800,6100,6300,6200,6900,7100,7300,7200,6600,6000,5400,4800,3800,
  //        2400,1300,700)
  // dsr(x, n, esp): 231.9960037423202 202.3531220315646 264.7443479191373 186.6355857304720
  //                 284.4931924271455
  const double x[] = {1, 2, 0, 3, 5, 8, 10, 12, 9, 7, 11, 14, 15, 20, 25, 30, 22, 18, 10};
  const double n[] = {5200, 5600, 5400, 5800, 6100, 6300, 6200, 6900, 7100, 7300,
                      7200, 6600, 6000, 5400, 4800, 3800, 2400, 1300, 700};
  std::vector<AgeBand> bands;
  for (size_t i = 0; i < 19; ++i) bands.push_back({x[i], n[i], kEsp2013[i]});
  auto d = DirectlyStandardisedRate(bands);
  ASSERT_TRUE(d.ok());
  ExpectEstimate(*d, {231.9960037423202, 202.3531220315646, 264.7443479191373, 186.635585730472,
                      284.4931924271455});
  EXPECT_EQ(d->method, "Dobson");
}

TEST(Dsr, OneBandEqualsByarsCrudeRate) {
  // dsr(20, 10000, 100): 200 122.11428834875935 308.89880369197061 89.22802365144192
  //                      380.85035625041911
  auto d = DirectlyStandardisedRate({{20, 10000, 100}});
  ASSERT_TRUE(d.ok());
  ExpectEstimate(
      *d, {200, 122.11428834875935, 308.89880369197061, 89.22802365144192, 380.85035625041911});
}

TEST(Dsr, FewerThanTenEventsIsUndefined) {
  auto d = DirectlyStandardisedRate({{4, 1000, 5000}, {5, 1000, 5000}});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->value.has_value());
  EXPECT_FALSE(d->lower95.has_value());
  EXPECT_EQ(d->method, "dsr NA for total count < 10");
}

// Non-independent events (METHODS.md 1.5), worked by hand from the formulas. Band A: population
// 1,000, standard 4,000; 10 people with 1 event, 5 with 2. Band B: 2,000 and 6,000; 8 people with 1
// event, 2 with 3. Σw = 10,000; O = 10 + 10 + 8 + 6 = 34 events;
// DSR = (20·4 + 14·3) / 10,000 × 100,000 = 1,220;
// var = (1·10·4² + 4·5·4² + 1·8·3² + 9·2·3²) / 10,000² = 714e-8;
// limits = DSR + √(var/O)·(Byars(34) − 34)·100,000 = 740.7703206721 and 1839.2470967381.
// Counting the same 34 events as independent gives the narrower 841.2418120719 to 1709.4206647827.
TEST(Dsr, NonIndependentEventsWidenTheInterval) {
  std::vector<AgeBand> bands = {{10, 1000, 4000, "A", 1},
                                {5, 1000, 4000, "A", 2},
                                {8, 2000, 6000, "B", 1},
                                {2, 2000, 6000, "B", 3}};
  auto e = DirectlyStandardisedRate(bands);
  ASSERT_TRUE(e.ok()) << e.status().message();
  ExpectRel(e->value, 1220, "value");
  ExpectRel(e->lower95, 740.7703206721333, "lower95");
  ExpectRel(e->upper95, 1839.247096738131, "upper95");
  EXPECT_EQ(e->method, "Dobson, with confidence adjusted for non-independent events");
  auto independent = DirectlyStandardisedRate({{20, 1000, 4000}, {14, 2000, 6000}});
  ASSERT_TRUE(independent.ok());
  ExpectRel(independent->value, 1220, "value");
  ExpectRel(independent->lower95, 841.241812071909, "lower95");
  ExpectRel(independent->upper95, 1709.4206647827439, "upper95");
  EXPECT_EQ(independent->method, "Dobson");
  EXPECT_FALSE(DirectlyStandardisedRate({{10, 1000, 4000, "A", 0.5}}).ok());
}

TEST(Dsr, Errors) {
  EXPECT_FALSE(DirectlyStandardisedRate({}).ok());
  EXPECT_FALSE(DirectlyStandardisedRate({{10, 0, 100}}).ok());
  EXPECT_FALSE(DirectlyStandardisedRate({{10, 10, -1}}).ok());
  EXPECT_FALSE(DirectlyStandardisedRate({{10, 10, 0}}).ok());
}

// Every row of the Fingertips comparison table in shared/METHODS.md 1.6 (fingertips-open
// AnalysisTest), methods 1 and 17.
struct CompareCase {
  AreaValue area;
  std::optional<double> benchmark;
  int levels;
  Comparison low_good, high_good;
};

TEST(Compare, FingertipsTable) {
  const auto kNone = Comparison::kNone;
  const AreaValue m17{2.6, 2.5, 2.7, 2.3, 2.9};
  const CompareCase cases[] = {
      {{11, 10, 12, {}, {}}, 11, 1, Comparison::kSimilar, Comparison::kSimilar},
      {{3.05, 2.7, 3.1, {}, {}}, 3.0, 1, Comparison::kSimilar, Comparison::kSimilar},
      {{3.3, 3.2, 3.5, {}, {}}, 3.0, 1, Comparison::kWorse, Comparison::kBetter},
      {{2.5, 2.2, 2.8, {}, {}}, 3.0, 1, Comparison::kBetter, Comparison::kWorse},
      {{4, {}, 5, {}, {}}, 3.0, 1, kNone, kNone},
      {{4, 3.5, {}, {}, {}}, 3.0, 1, kNone, kNone},
      {m17, 3.0, 2, Comparison::kBest, Comparison::kWorst},
      {m17, 2.8, 2, Comparison::kBetter, Comparison::kWorse},
      {m17, 2.6, 2, Comparison::kSimilar, Comparison::kSimilar},
      {m17, 2.4, 2, Comparison::kWorse, Comparison::kBetter},
      {m17, 2.2, 2, Comparison::kWorst, Comparison::kBest},
      {{11, 10, 12, {}, {}}, std::nullopt, 1, kNone, kNone},
  };
  int i = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(i++);
    EXPECT_EQ(CompareWithBenchmark(c.area, c.benchmark, Polarity::kLowIsGood, c.levels),
              c.low_good);
    EXPECT_EQ(CompareWithBenchmark(c.area, c.benchmark, Polarity::kHighIsGood, c.levels),
              c.high_good);
  }
}

// Comparator 12, the fingertips-open AnalysisTest cases in shared/METHODS.md section 1.6 (its
// "polarity 0" column is low-is-good).
TEST(Compare, FingertipsOverlappingIntervals) {
  const AreaValue wide{3.0, 2.7, 3.6, {}, {}}, narrow{3.0, 2.7, 3.1, {}, {}},
      high{4.0, 3.5, 4.5, {}, {}};
  EXPECT_EQ(CompareOverlappingIntervals(wide, high, Polarity::kLowIsGood), Comparison::kSimilar);
  EXPECT_EQ(CompareOverlappingIntervals(high, wide, Polarity::kLowIsGood), Comparison::kSimilar);
  EXPECT_EQ(CompareOverlappingIntervals(high, narrow, Polarity::kLowIsGood), Comparison::kWorse);
  EXPECT_EQ(CompareOverlappingIntervals(narrow, high, Polarity::kLowIsGood), Comparison::kBetter);
  EXPECT_EQ(CompareOverlappingIntervals(high, narrow, Polarity::kHighIsGood), Comparison::kBetter);
  EXPECT_EQ(CompareOverlappingIntervals({4.0, {}, 4.5, {}, {}}, narrow, Polarity::kLowIsGood),
            Comparison::kNone);
}

TEST(Compare, Names) {
  EXPECT_STREQ(ComparisonName(Comparison::kSimilar), "similar");
  EXPECT_STREQ(ComparisonName(Comparison::kNone), "");
}

void ExpectChange(const RateChange& r, const std::array<double, 4>& ref) {
  ExpectRel(r.rate_ratio, ref[0], "rate ratio");
  ExpectRel(r.lower95, ref[1], "lower95");
  ExpectRel(r.upper95, ref[2], "upper95");
  ExpectRel(r.pvalue, ref[3], "p");
}

TEST(Change, MatchesPoissonTest) {
  // poisson.test(c(30,15), c(1000,1200)): 2.4 1.251462884423387711 4.799829364532032905
  //                                       0.006373229888793743
  auto a = TwoPoissonCounts(15, 1200, 30, 1000);
  ASSERT_TRUE(a.ok());
  ExpectChange(*a, {2.4, 1.251462884423387711, 4.799829364532032905, 0.006373229888793743});
  // poisson.test(c(12,20), c(5000,5000)): 0.6 0.2674276312351225 1.2887356516802519
  //                                       0.2153271497227250
  auto b = TwoPoissonCounts(20, 5000, 12, 5000);
  ASSERT_TRUE(b.ok());
  ExpectChange(*b, {0.6, 0.2674276312351225, 1.2887356516802519, 0.215327149722725});
  // poisson.test(c(0,4), c(100,100)): 0 0 1.51486685936587 0.125
  auto c = TwoPoissonCounts(4, 100, 0, 100);
  ASSERT_TRUE(c.ok());
  ExpectChange(*c, {0, 0, 1.51486685936587, 0.125});
}

TEST(Change, Errors) {
  EXPECT_FALSE(TwoPoissonCounts(-1, 10, 2, 10).ok());
  EXPECT_FALSE(TwoPoissonCounts(1.5, 10, 2, 10).ok());
  EXPECT_FALSE(TwoPoissonCounts(1, 0, 2, 10).ok());
}

}  // namespace
}  // namespace cairn

namespace cairn {
namespace {

// R's binom.test scan, written out plainly: the reference for the binary-search version.
double BruteForceTwoSided(double x, double n, double p) {
  boost::math::binomial_distribution<> bin(n, p);
  double d = boost::math::pdf(bin, x) * (1 + 1e-7);
  double total = 0;
  for (double i = 0; i <= n; ++i)
    if (boost::math::pdf(bin, i) <= d) total += boost::math::pdf(bin, i);
  return std::min(1.0, total);
}

// The p-value of TwoPoissonCounts with equal exposures is the two-sided binomial test of x2 out
// of x1 + x2 at p = 1/2; with unequal exposures p = n2 / (n1 + n2).
TEST(TwoPoissonCounts, BinarySearchMatchesTheFullScan) {
  for (double n1 : {1.0, 3.0})
    for (double x1 : {0.0, 1.0, 7.0, 50.0, 333.0})
      for (double x2 : {0.0, 2.0, 9.0, 60.0, 301.0}) {
        auto r = TwoPoissonCounts(x1, n1, x2, 1);
        ASSERT_TRUE(r.ok());
        double expected = x1 + x2 == 0 ? 1 : BruteForceTwoSided(x2, x1 + x2, 1 / (n1 + 1));
        EXPECT_NEAR(r->pvalue, expected, 1e-9 * std::max(1.0, expected))
            << x1 << " " << x2 << " " << n1;
      }
}

}  // namespace
}  // namespace cairn
