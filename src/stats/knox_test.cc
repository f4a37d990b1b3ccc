// The Knox test on cases small enough to work out completely: the header's worked example by
// hand, every permutation of six events enumerated here (so the exact permutation mean, which the
// expectation R·C/N must equal, and the exact p-value, which the Monte Carlo one must approach),
// pairs exactly on a break, Manhattan against Euclidean distance, the Near Repeat Calculator's
// labelling case from METHODS.md 4.1, seeds and threads, and the errors.
#include "stats/knox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace cairn {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The band of v among breaks by the definition, [b_k, b_{k+1}), or -1; written without the
// library's search.
int BandByDefinition(const std::vector<double>& breaks, double v) {
  for (size_t k = 0; k + 1 < breaks.size(); ++k)
    if (breaks[k] <= v && v < breaks[k + 1]) return static_cast<int>(k);
  return -1;
}

double PairDistance(const KnoxEvent& a, const KnoxEvent& b, KnoxDistance distance) {
  double dx = a.x - b.x, dy = a.y - b.y;
  return distance == KnoxDistance::kManhattan ? std::fabs(dx) + std::fabs(dy)
                                              : std::sqrt(dx * dx + dy * dy);
}

// Every pair compared, as NearRepeat does: the table (spatial × time bands), and the totals of
// all pairs per band.
struct BruteTable {
  std::vector<int64_t> cells, rows, columns;
};
BruteTable CountAllPairs(const std::vector<KnoxEvent>& ev, const std::vector<double>& times,
                         const KnoxOptions& o) {
  const size_t s_bands = o.space_breaks.size() - 1, t_bands = o.time_breaks.size() - 1;
  BruteTable b{std::vector<int64_t>(s_bands * t_bands), std::vector<int64_t>(s_bands),
               std::vector<int64_t>(t_bands)};
  for (size_t i = 0; i < ev.size(); ++i)
    for (size_t j = i + 1; j < ev.size(); ++j) {
      int s = BandByDefinition(o.space_breaks, PairDistance(ev[i], ev[j], o.distance));
      int t = BandByDefinition(o.time_breaks, std::fabs(times[i] - times[j]));
      if (s >= 0) ++b.rows[s];
      if (t >= 0) ++b.columns[t];
      if (s >= 0 && t >= 0) ++b.cells[s * t_bands + t];
    }
  return b;
}

std::vector<double> TimesOf(const std::vector<KnoxEvent>& ev) {
  std::vector<double> t;
  for (const auto& e : ev) t.push_back(e.t);
  return t;
}

KnoxOptions Options(std::vector<double> space, std::vector<double> time, int permutations = 99) {
  KnoxOptions o;
  o.space_breaks = std::move(space);
  o.time_breaks = std::move(time);
  o.permutations = permutations;
  o.seed = 7;
  return o;
}

TEST(Knox, WorkedExampleOfTheHeader) {
  std::vector<KnoxEvent> ev = {{0, 0, 0}, {50, 0, 2}, {0, 300, 10}, {400, 300, 11}};
  auto r = KnoxTest(ev, Options({0, 100, kInf}, {0, 5, kInf}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->pairs, 6);
  EXPECT_EQ(r->row_totals, (std::vector<int64_t>{1, 5}));
  EXPECT_EQ(r->column_totals, (std::vector<int64_t>{2, 4}));
  ASSERT_EQ(r->cells.size(), 4u);
  // AB; none; CD; AC, AD, BC, BD.
  EXPECT_EQ(r->cells[0].observed, 1);
  EXPECT_EQ(r->cells[1].observed, 0);
  EXPECT_EQ(r->cells[2].observed, 1);
  EXPECT_EQ(r->cells[3].observed, 4);
  EXPECT_EQ(r->cells[0].expected, 1.0 * 2 / 6);
  EXPECT_EQ(r->cells[3].expected, 5.0 * 4 / 6);
  EXPECT_DOUBLE_EQ(*r->cells[0].ratio, 3.0);
  EXPECT_EQ(r->cells[0].space_from, 0);
  EXPECT_EQ(r->cells[0].space_to, 100);
  EXPECT_EQ(r->cells[3].space_to, kInf);
  EXPECT_EQ(r->cells[3].time_from, 5);
}

// Six events with ties in place and time, and configurations with a same-place band, a first
// break above 0, open and closed last bands, both distances.
std::vector<KnoxEvent> SixEvents() {
  return {{0, 0, 3}, {0, 0, 5}, {40, 30, 5}, {120, 0, 12}, {100, 250, 1}, {400, 20, 30}};
}

std::vector<KnoxOptions> Configurations() {
  std::vector<KnoxOptions> out = {
      Options({0, 0.001, 100, 200, kInf}, {0, 3, 7, kInf}),
      Options({0, 50, 150}, {0, 2, 4, 8}),
      Options({10, 150, 300, kInf}, {1, 5, 12, kInf}),
      Options({0, 130, kInf}, {0, 4, kInf}),
  };
  for (size_t k = 0, n = out.size(); k < n; ++k) {
    out.push_back(out[k]);
    out.back().distance = KnoxDistance::kEuclidean;
  }
  return out;
}

TEST(Knox, ExpectationEqualsRowTotalTimesColumnTotalOverPairsExactly) {
  const std::vector<KnoxEvent> ev = SixEvents();
  for (const KnoxOptions& o : Configurations()) {
    SCOPED_TRACE(::testing::Message() << "space " << o.space_breaks.size() << " breaks, "
                                      << KnoxDistanceName(o.distance));
    auto r = KnoxTest(ev, o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    BruteTable observed = CountAllPairs(ev, TimesOf(ev), o);
    EXPECT_EQ(r->row_totals, observed.rows);
    EXPECT_EQ(r->column_totals, observed.columns);
    // Every one of the 720 permutations of the times, summed per cell.
    std::vector<size_t> perm(ev.size());
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<int64_t> sum(observed.cells.size(), 0);
    int64_t count = 0;
    do {
      std::vector<double> times;
      for (size_t i : perm) times.push_back(ev[i].t);
      BruteTable b = CountAllPairs(ev, times, o);
      for (size_t c = 0; c < sum.size(); ++c) sum[c] += b.cells[c];
      ++count;
    } while (std::next_permutation(perm.begin(), perm.end()));
    ASSERT_EQ(count, 720);
    const size_t t_bands = o.time_breaks.size() - 1;
    ASSERT_EQ(r->cells.size(), observed.cells.size());
    for (size_t c = 0; c < sum.size(); ++c) {
      const int64_t R = observed.rows[c / t_bands], C = observed.columns[c % t_bands];
      // The permutation mean sum/720 is R·C/15 exactly: compare in integers.
      EXPECT_EQ(sum[c] * 15, R * C * count) << "cell " << c;
      EXPECT_EQ(r->cells[c].expected, static_cast<double>(R) * C / 15) << "cell " << c;
      EXPECT_EQ(r->cells[c].observed, observed.cells[c]) << "cell " << c;
    }
  }
}

// With many permutations the Monte Carlo p-value approaches the exact one (the share of all 720
// permutations with a count at least the observed), and the simulated mean the expectation.
TEST(Knox, MonteCarloApproachesTheExactPermutationDistribution) {
  const std::vector<KnoxEvent> ev = SixEvents();
  KnoxOptions o = Options({0, 0.001, 100, 200, kInf}, {0, 3, 7, kInf}, 20000);
  auto r = KnoxTest(ev, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  BruteTable observed = CountAllPairs(ev, TimesOf(ev), o);
  std::vector<size_t> perm(ev.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::vector<double> at_least(observed.cells.size()), sum2(observed.cells.size());
  do {
    std::vector<double> times;
    for (size_t i : perm) times.push_back(ev[i].t);
    BruteTable b = CountAllPairs(ev, times, o);
    for (size_t c = 0; c < b.cells.size(); ++c) {
      at_least[c] += b.cells[c] >= observed.cells[c];
      sum2[c] += static_cast<double>(b.cells[c]) * b.cells[c];
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  for (size_t c = 0; c < observed.cells.size(); ++c) {
    const KnoxCell& cell = r->cells[c];
    const double p = at_least[c] / 720, n = o.permutations;
    EXPECT_NEAR(static_cast<double>(cell.sim_at_least) / n, p,
                5 * std::sqrt(p * (1 - p) / n) + 1e-12)
        << "cell " << c;
    const double var = sum2[c] / 720 - cell.expected * cell.expected;
    EXPECT_NEAR(cell.sim_mean, cell.expected, 5 * std::sqrt(var / n) + 1e-12) << "cell " << c;
    EXPECT_EQ(cell.pvalue, (cell.sim_at_least + 1.0) / (n + 1)) << "cell " << c;
  }
}

TEST(Knox, APairExactlyOnABreakIsInTheBandAbove) {
  // 100 m apart and 7 days apart: [100, 200) and [7, 14).
  auto r = KnoxTest({{0, 0, 0}, {100, 0, 7}}, Options({0, 100, 200}, {0, 7, 14}, 9));
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->cells.size(), 4u);
  EXPECT_EQ(r->cells[3].observed, 1);
  EXPECT_EQ(r->cells[0].observed + r->cells[1].observed + r->cells[2].observed, 0);
  // 200 m or 14 days apart: in no band, left out.
  auto out = KnoxTest({{0, 0, 0}, {200, 0, 3}}, Options({0, 100, 200}, {0, 7, 14}, 9));
  ASSERT_TRUE(out.ok());
  for (const auto& cell : out->cells) EXPECT_EQ(cell.observed, 0);
  EXPECT_EQ(out->row_totals, (std::vector<int64_t>{0, 0}));
}

TEST(Knox, ManhattanAndEuclideanDistances) {
  // (0, 0) and (60, 80): 140 m Manhattan, 100 m Euclidean.
  std::vector<KnoxEvent> ev = {{0, 0, 0}, {60, 80, 1}};
  KnoxOptions o = Options({0, 101, 150}, {0, 7});
  auto manhattan = KnoxTest(ev, o);
  o.distance = KnoxDistance::kEuclidean;
  auto euclidean = KnoxTest(ev, o);
  ASSERT_TRUE(manhattan.ok() && euclidean.ok());
  EXPECT_EQ(manhattan->cells[0].observed, 0);
  EXPECT_EQ(manhattan->cells[1].observed, 1);
  EXPECT_EQ(euclidean->cells[0].observed, 1);
  EXPECT_EQ(euclidean->cells[1].observed, 0);
}

// METHODS.md 4.1: two events (0, 0, 2019-01-01) and (0, 100, 2019-01-04). The Near Repeat
// Calculator puts the pair in "4 to 6 days" and "101 to 200 metres", which are [3, 6) and
// [100, 200): with those breaks the pair is there; with NRC's 200 m bands it is in [0, 200).
TEST(Knox, NearRepeatCalculatorLabellingCase) {
  const double day1 = 17897, day4 = 17900;  // 2019-01-01 and 2019-01-04 as days since 1970
  std::vector<KnoxEvent> ev = {{0, 0, day1}, {0, 100, day4}};
  auto r = KnoxTest(ev, Options({0, 100, 200}, {0, 3, 6}, 19));
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->cells.size(), 4u);
  EXPECT_EQ(r->cells[3].observed, 1);  // [100, 200) × [3, 6)
  EXPECT_EQ(r->cells[3].space_from, 100);
  EXPECT_EQ(r->cells[3].time_from, 3);
  // One pair: every permutation gives the same table, so p = (19 + 1) / (19 + 1).
  EXPECT_EQ(r->cells[3].pvalue, 1.0);
  EXPECT_EQ(r->cells[3].sim_mean, 1.0);
  EXPECT_EQ(r->cells[3].expected, 1.0);
  auto wide = KnoxTest(ev, Options({0, 200, 400}, {0, 3, 6}, 19));
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(wide->cells[1].observed, 1);  // [0, 200) × [3, 6)
  // The breaks METHODS gives to mimic NRC's labels: "101 to 200" metres, "0 to 7" days.
  auto nrc = KnoxTest(ev, Options({0, 1, 100, 200, 300, kInf}, {0, 7, 14, 21, kInf}, 19));
  ASSERT_TRUE(nrc.ok());
  ASSERT_EQ(nrc->cells.size(), 20u);
  for (size_t c = 0; c < nrc->cells.size(); ++c)
    EXPECT_EQ(nrc->cells[c].observed, c == 2 * 4 + 0 ? 1 : 0) << "cell " << c;
}

std::vector<KnoxEvent> RandomEvents(size_t n, uint64_t seed, bool whole_days) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> xy(0, 3000), t(0, 365);
  std::vector<KnoxEvent> ev;
  for (size_t i = 0; i < n; ++i) {
    double day = t(gen);
    ev.push_back({xy(gen), xy(gen), whole_days ? std::floor(day) : day});
  }
  return ev;
}

TEST(Knox, MatchesEveryPairComparedOnRandomEvents) {
  for (bool whole_days : {true, false}) {
    const auto ev = RandomEvents(400, 3, whole_days);
    for (const KnoxOptions& o :
         {Options({0, 100, 200, 400, kInf}, {0, 7, 14, 28, kInf}),
          Options({50, 100, 300}, {1, 7.5, 30}), Options({0, kInf}, {0, 10, kInf})}) {
      auto r = KnoxTest(ev, o);
      ASSERT_TRUE(r.ok()) << r.status().message();
      BruteTable b = CountAllPairs(ev, TimesOf(ev), o);
      for (size_t c = 0; c < b.cells.size(); ++c) EXPECT_EQ(r->cells[c].observed, b.cells[c]);
      EXPECT_EQ(r->row_totals, b.rows);
      EXPECT_EQ(r->column_totals, b.columns);
    }
  }
}

TEST(Knox, TheSameSeedGivesTheSameTablesWithAnyNumberOfThreads) {
  const auto ev = RandomEvents(300, 11, true);
  KnoxOptions o = Options({0, 100, 200, kInf}, {0, 7, 14, kInf}, 199);
  o.threads = 1;
  auto one = KnoxTest(ev, o);
  o.threads = 2;
  auto two = KnoxTest(ev, o);
  o.threads = 5;
  auto five = KnoxTest(ev, o);
  o.seed = 8;
  auto other = KnoxTest(ev, o);
  ASSERT_TRUE(one.ok() && two.ok() && five.ok() && other.ok());
  bool differs = false;
  for (size_t c = 0; c < one->cells.size(); ++c) {
    EXPECT_EQ(one->cells[c].sim_mean, two->cells[c].sim_mean);
    EXPECT_EQ(one->cells[c].sim_at_least, two->cells[c].sim_at_least);
    EXPECT_EQ(one->cells[c].sim_mean, five->cells[c].sim_mean);
    differs |= one->cells[c].sim_mean != other->cells[c].sim_mean;
  }
  EXPECT_TRUE(differs) << "another seed gave the same simulated means";
}

TEST(Knox, ShuffleIsAPermutationFixedByItsSeed) {
  std::vector<int32_t> a(50), b;
  std::iota(a.begin(), a.end(), 0);
  b = a;
  KnoxShuffle(a, KnoxPermutationSeed(1, 0));
  KnoxShuffle(b, KnoxPermutationSeed(1, 0));
  EXPECT_EQ(a, b);
  std::vector<int32_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int32_t k = 0; k < 50; ++k) EXPECT_EQ(sorted[k], k);
  EXPECT_NE(KnoxPermutationSeed(1, 0), KnoxPermutationSeed(1, 1));
  // The engine is the standard's: its 10,000th output from the default seed is fixed
  // ([rand.predef]).
  std::mt19937_64 engine;
  engine.discard(9999);
  EXPECT_EQ(engine(), 9981545732273789042ULL);
}

TEST(Knox, EventsWithoutPlaceOrTimeAreDropped) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto r =
      KnoxTest({{0, 0, 0}, {10, 0, 1}, {nan, 0, 1}, {0, 0, nan}}, Options({0, 100}, {0, 7}, 9));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events, 2);
  EXPECT_EQ(r->dropped, 2);
  EXPECT_EQ(r->cells[0].observed, 1);
}

TEST(Knox, Errors) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto one = KnoxTest({{0, 0, 0}, {nan, 0, 1}}, Options({0, 100}, {0, 7}));
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().message(),
            "the Knox test needs at least 2 events with a place and a time; 1 has them (and 1 "
            "without)");
  auto down = ParseBreaks("0,100,50", "--space-bands");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().message(),
            "--space-bands \"0,100,50\": break points must increase (50 follows 100)");
  auto inf = ParseBreaks("0,inf,7", "--time-bands");
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.status().message(),
            "--time-bands \"0,inf,7\": only the last break point may be inf");
  auto word = ParseBreaks("0,ten", "--time-bands");
  ASSERT_FALSE(word.ok());
  EXPECT_EQ(word.status().message(),
            "--time-bands \"0,ten\": \"ten\" is not a break point (expected a number or inf)");
  EXPECT_FALSE(ParseBreaks("5", "--time-bands").ok());
  EXPECT_FALSE(ParseBreaks("-1,5", "--time-bands").ok());
  auto ok = ParseBreaks("0, 1,101 ,Inf", "--space-bands");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, (std::vector<double>{0, 1, 101, kInf}));
  KnoxOptions none = Options({0, 100}, {0, 7}, 0);
  EXPECT_FALSE(KnoxTest({{0, 0, 0}, {1, 1, 1}}, none).ok());
}

}  // namespace
}  // namespace cairn
