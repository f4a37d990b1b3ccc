// Gi*, p-value adjustment, bandwidth, KDE, grids and the BNG projection. Gi* and bandwidth
// references were computed once with R 4.2.2, spdep 1.2-7 and MASS (Debian packages):
//   library(spdep); library(MASS)
//   counts <- c(1,0,2,5, 3,8,12,4, 0,9,15,6, 1,2,3,0)
//   nb <- include.self(cell2nb(4,4,type="queen")); lw <- nb2listw(nb, style="B")
//   g <- as.numeric(localG(counts, lw)); p <- 2*pnorm(-abs(g))
//   print(g, digits=16); print(p.adjustSP(p, nb, "holm"), digits=16)
//   print(p.adjustSP(p, nb, "fdr"), digits=16)
//   px <- c(100,230,310,415,520,560,610,790,850,990); py <-
//   c(50,80,400,420,470,300,900,120,610,700) print(c(bandwidth.nrd(px), bandwidth.nrd(py)),
//   digits=16)   # 759.2807215709154 747.3986521142423 mean(bandwidth.nrd(px), bandwidth.nrd(py))
//   # 759.280721570915 (sfhotspot quirk)
// KDE values are worked by hand from the quartic formula (SpatialKDE is not in Debian).
#include "stats/spatial.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "util/crs_transform.h"

namespace cairn {
namespace {

void ExpectRel(double actual, double expected) {
  if (expected == 0)
    EXPECT_NEAR(actual, 0, 1e-12);
  else
    EXPECT_NEAR(actual / expected, 1.0, 1e-6) << actual << " vs " << expected;
}

std::vector<GridCell> FourByFour() {
  const double counts[] = {1, 0, 2, 5, 3, 8, 12, 4, 0, 9, 15, 6, 1, 2, 3, 0};
  std::vector<GridCell> cells;
  for (int k = 0; k < 16; ++k)
    cells.push_back({500000.0 + (k % 4) * 250, 200000.0 + (k / 4) * 250, counts[k]});
  return cells;
}

const double kLocalG[] = {
    -0.73749775631635894, -0.07169978766856319, 0.50189851367994243, 0.67336751663667560,
    -0.64529808901706875, 1.12654643105993713,  2.35805060414409162, 1.99325409718605684,
    -0.41585876847766656, 1.46241120553743387,  2.13414075449242713, 1.53437545610725246,
    -0.73749775631635894, 0.38717885341024127,  0.96077715475874681, 0.80162799599604240};

TEST(GiStar, MatchesSpdepLocalG) {
  // p with no adjustment, 2*pnorm(-abs(g)).
  const double p[] = {
      0.46081970714411524, 0.94284082514528522, 0.61573891085961541, 0.50071350892466382,
      0.51873403086758341, 0.25993429898095927, 0.01837118842948937, 0.04623363007126084,
      0.67751335210782226, 0.14362856059818505, 0.03283126066871513, 0.12493731215224113,
      0.46081970714411524, 0.69862380418932413, 0.33666422764844600, 0.42276817817256623};
  auto g = GetisOrdGiStar(FourByFour(), 250, PAdjust::kNone);
  ASSERT_TRUE(g.ok()) << g.status().message();
  for (int k = 0; k < 16; ++k) {
    SCOPED_TRACE(k);
    ASSERT_TRUE((*g)[k].z.has_value());
    ExpectRel(*(*g)[k].z, kLocalG[k]);
    ExpectRel(*(*g)[k].pvalue, p[k]);
  }
}

TEST(GiStar, HolmAndFdrMatchPAdjustSP) {
  // p.adjustSP(p, nb, "holm") and "fdr" (identical: one p-value per cell, n = card + 1).
  const double adjusted[] = {1,
                             1,
                             1,
                             1,
                             1,
                             1,
                             0.1837118842948937,
                             0.3236354104988258,
                             1,
                             1,
                             0.3283126066871513,
                             0.8745611850656879,
                             1,
                             1,
                             1,
                             1};
  for (PAdjust method : {PAdjust::kHolm, PAdjust::kFdr}) {
    auto g = GetisOrdGiStar(FourByFour(), 250, method);
    ASSERT_TRUE(g.ok());
    for (int k = 0; k < 16; ++k) ExpectRel(*(*g)[k].pvalue, adjusted[k]);
  }
}

TEST(GiStar, CellOrderDoesNotMatter) {
  auto cells = FourByFour();
  std::swap(cells[0], cells[15]);
  auto g = GetisOrdGiStar(cells, 250, PAdjust::kNone);
  ASSERT_TRUE(g.ok());
  ExpectRel(*(*g)[0].z, kLocalG[15]);
  ExpectRel(*(*g)[15].z, kLocalG[0]);
}

TEST(GiStar, UndefinedWhenTheNeighbourhoodIsEverything) {
  // 3x3 with 9 in the centre: spdep gives corners 1.1180339887498949, edges 0.7071067811865476,
  // centre NaN.
  std::vector<GridCell> cells;
  for (int k = 0; k < 9; ++k) cells.push_back({k % 3 * 100.0, k / 3 * 100.0, k == 4 ? 9.0 : 0.0});
  auto g = GetisOrdGiStar(cells, 100, PAdjust::kNone);
  ASSERT_TRUE(g.ok());
  ExpectRel(*(*g)[0].z, 1.1180339887498949);
  ExpectRel(*(*g)[1].z, 0.7071067811865476);
  EXPECT_FALSE((*g)[4].z.has_value());
}

TEST(GiStar, Errors) {
  auto cells = FourByFour();
  cells[3].x += 10;
  EXPECT_FALSE(GetisOrdGiStar(cells, 250, PAdjust::kNone).ok());
  cells = FourByFour();
  cells[3] = cells[2];
  EXPECT_FALSE(GetisOrdGiStar(cells, 250, PAdjust::kNone).ok());
  EXPECT_FALSE(GetisOrdGiStar({{0, 0, 1}}, 250, PAdjust::kNone).ok());
}

std::vector<Point> TenPoints() {
  const double px[] = {100, 230, 310, 415, 520, 560, 610, 790, 850, 990};
  const double py[] = {50, 80, 400, 420, 470, 300, 900, 120, 610, 700};
  std::vector<Point> points;
  for (int i = 0; i < 10; ++i) points.push_back({px[i], py[i]});
  return points;
}

TEST(Bandwidth, MatchesMassBandwidthNrd) {
  auto sfhotspot = DefaultBandwidth(TenPoints(), BandwidthRule::kSfhotspot);
  ASSERT_TRUE(sfhotspot.ok());
  ExpectRel(*sfhotspot, 759.2807215709154);
  auto mean = DefaultBandwidth(TenPoints(), BandwidthRule::kMean);
  ASSERT_TRUE(mean.ok());
  ExpectRel(*mean, (759.2807215709154 + 747.3986521142423) / 2);
  EXPECT_FALSE(BandwidthNrd({1}).ok());
  EXPECT_FALSE(BandwidthNrd({1, 1, 1}).ok());
}

TEST(Kde, QuarticUnscaledByHand) {
  // h = 200 at (0,0): (0,0) → 1; (100,0) → (1 − 0.25)² = 0.5625; (0,−150) → (1 − 0.5625)² =
  // 0.19140625; (300,0) is beyond h → 0. Total 1.75390625.
  std::vector<Point> points = {{0, 0}, {100, 0}, {0, -150}, {300, 0}};
  auto kde = QuarticKde(points, {{0, 0, 0}, {1000, 1000, 0}}, 200);
  ASSERT_EQ(kde.size(), 2u);
  ExpectRel(kde[0], 1.75390625);
  EXPECT_EQ(kde[1], 0);
}

// QuarticKde sums each row of cells with running polynomial coefficients (spatial.cc, RowSweep);
// it must give the direct sum Σ (1 − d²/h²)² over the points within h, on a grid and on cells in
// any order and spacing, exactly 0 where no point reaches, and the direct sum itself in cells at
// the very edge of every kernel that reaches them.
double DirectKde(const std::vector<Point>& points, double x, double y, double h) {
  double sum = 0;
  for (const Point& p : points) {
    double dx = p.x - x, dy = p.y - y, d2 = dx * dx + dy * dy;
    if (d2 <= h * h) sum += (1 - d2 / (h * h)) * (1 - d2 / (h * h));
  }
  return sum;
}

TEST(Kde, RowSweepMatchesTheDirectSum) {
  uint64_t state = 12345;
  auto uniform = [&state](double lo, double hi) {  // a fixed LCG, so the test is the same each run
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  std::vector<Point> points;
  for (int i = 0; i < 400; ++i) points.push_back({uniform(1000, 3000), uniform(1000, 2500)});
  for (int i = 0; i < 200; ++i) points.push_back({uniform(1900, 2100), uniform(1600, 1700)});
  points.push_back({9000, 9000});  // far from everything: its kernel reaches no cell
  auto grid = SquareGridCounts(points, 50);
  ASSERT_TRUE(grid.ok());
  std::vector<GridCell> cells(grid->begin(), grid->end());
  // Cells off the lattice, out of order, repeated, and one beyond every kernel.
  for (int i = 0; i < 300; ++i) cells.push_back({uniform(500, 3500), uniform(500, 3000), 0});
  cells.push_back(cells[17]);
  cells.push_back({-5000, -5000, 0});
  std::swap(cells[3], cells[cells.size() - 5]);
  for (double h : {30.0, 250.0, 1200.0}) {
    SCOPED_TRACE(h);
    auto kde = QuarticKde(points, cells, h);
    ASSERT_EQ(kde.size(), cells.size());
    EXPECT_EQ(QuarticKde(points, cells, h, 1), kde);  // the same whatever the number of threads
    EXPECT_EQ(QuarticKde(points, cells, h, 3), kde);
    for (size_t i = 0; i < cells.size(); ++i) {
      double want = DirectKde(points, cells[i].x, cells[i].y, h);
      if (want == 0)
        ASSERT_EQ(kde[i], 0) << i;
      else
        ASSERT_NEAR(kde[i] / want, 1, 1e-9) << i << ": " << kde[i] << " vs " << want;
    }
  }
}

TEST(Kde, CellsAtTheEdgeOfTheKernel) {
  // One point at (0, 0), h = 100: (99.999, 0) gets (1 − 0.99998)² ≈ 4e-10, (100, 0) exactly 0
  // (d = h) and (100.001, 0) nothing. A thousand points just left of (0, 0) reach (0, 0) but not
  // (99.999, 0); the rounding they leave in the running sums would swamp its 4e-10, so that cell
  // is summed directly and must be exactly the direct sum.
  std::vector<Point> points = {{0, 0}};
  for (int i = 1; i <= 1000; ++i) points.push_back({-0.01 * i, 0});
  std::vector<GridCell> cells = {{0, 0, 0}, {99.999, 0, 0}, {100, 0, 0}, {100.001, 0, 0}};
  auto kde = QuarticKde(points, cells, 100);
  ExpectRel(kde[0], DirectKde(points, 0, 0, 100));
  EXPECT_EQ(kde[1], DirectKde(points, 99.999, 0, 100));
  EXPECT_GT(kde[1], 0);
  EXPECT_EQ(kde[2], 0);
  EXPECT_EQ(kde[3], 0);
}

TEST(Grid, DefaultCellSizeAsSfhotspot) {
  auto big = DefaultCellSize({{0, 0}, {12345, 8000}});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(*big, 100);
  auto small = DefaultCellSize({{0, 0}, {1000, 600}});
  ASSERT_TRUE(small.ok());
  EXPECT_DOUBLE_EQ(*small, 12);
  EXPECT_FALSE(DefaultCellSize({{0, 0}, {10, 0}}).ok());
}

TEST(Grid, CountsEveryPointOnce) {
  auto cells = SquareGridCounts(TenPoints(), 100);
  ASSERT_TRUE(cells.ok());
  double total = 0;
  for (const auto& c : *cells) total += c.count;
  EXPECT_EQ(total, 10);
  // First cell is centred on the lowest-left point's corner + half a cell: (100, 50).
  EXPECT_EQ((*cells)[0].x, 100);
  EXPECT_EQ((*cells)[0].y, 50);
  EXPECT_EQ((*cells)[0].count, 1);
  // Cells are on a lattice, so Gi* accepts them.
  EXPECT_TRUE(GetisOrdGiStar(*cells, 100, PAdjust::kHolm).ok());
}

TEST(Projection, RoundTripsThroughBritishNationalGrid) {
  auto to_bng = LonLatToBng();
  ASSERT_TRUE(to_bng.ok()) << to_bng.status().message();
  auto to_wgs = BngToLonLat();
  ASSERT_TRUE(to_wgs.ok());
  double e, n, lon, lat;
  ASSERT_TRUE((*to_bng)->Project(-2.9339, 54.8952, &e, &n));
  // R: sf::sf_project("EPSG:4326", "EPSG:27700", cbind(-2.9339, 54.8952)) with sf 1.0-9 on
  // PROJ 9.1.0 → 340201.313516 556006.874517.
  EXPECT_NEAR(e, 340201.313516, 0.01);
  EXPECT_NEAR(n, 556006.874517, 0.01);
  ASSERT_TRUE((*to_wgs)->Project(e, n, &lon, &lat));
  EXPECT_NEAR(lon, -2.9339, 1e-7);
  EXPECT_NEAR(lat, 54.8952, 1e-7);
}

}  // namespace
}  // namespace cairn
