// Hot-spot statistics as spdep::localG and sfhotspot v1.0.0 compute them (shared/METHODS.md
// section 3), on points already in British National Grid metres (see stats/projection.h).
//
// Square grid counts. Cells of side `cell_size` start at (min x − cell/2, min y − cell/2), the
// corner of the bounding box of sfhotspot's buffered convex hull, and cover the bounding box.
// (sfhotspot also drops cells outside the buffered hull; Cairn keeps the whole rectangle.)
// Default cell size (sfhotspot set_cell_size): side = min(width, height) of the bounding box;
// floor(side/50/100)·100 if that is positive, else side/50. Example: a 12,345 m by 8,000 m area
// → side 8,000 → floor(1.6) = 1 → 100 m cells.
//
// Getis-Ord Gi* (spdep::localG with include.self, binary "B" weights): n cells, counts x, mean x̄,
// population variance s² (divisor n); for cell i with W_i cells in its queen neighbourhood
// including itself,
//   Z_i = (Σ_{j∈N(i)} x_j − x̄·W_i) / √(s² · (n·W_i − W_i²) / (n − 1)).
// p = 2Φ(−|Z|), then adjusted per cell as spdep::p.adjustSP does: p.adjust(p_i, method,
// n = |N(i)| + 1), where |N(i)| already counts the cell itself (10 for an interior cell). With a
// single p-value, Holm and Benjamini–Hochberg both give min(1, n·p): the adjustments only differ
// in name. Worked example: a 3×3 grid with counts 0 everywhere except 9 in the centre: x̄ = 1,
// s² = 8; a corner has W = 4, Z = (9 − 4)/√(8·(36 − 16)/8) = 5/√20 = 1.118034, p = 0.263552
// (holm: n = 5, p = 1). The centre's neighbourhood is the whole grid (n·W − W² = 0), so its Z is
// undefined: spdep gives NaN, Cairn leaves it empty.
//
// Kernel density (sfhotspot hotspot_kde → SpatialKDE, quartic, unscaled) at each cell centre c:
//   KDE(c) = Σ_j (1 − (d_cj/h)²)² over points with d_cj ≤ h.
// Default bandwidth, MASS::bandwidth.nrd: h(v) = 4 · 1.06 · min(sd(v), IQR(v)/1.34) · N^(−1/5)
// (sd with n − 1, quantiles type 7). sfhotspot documents the mean of h(x) and h(y) but its code,
// mean(h(x), h(y)), passes h(y) as `trim` and returns h(x) alone; BandwidthRule::kSfhotspot
// reproduces that (the default, so results match sfhotspot), kMean gives the documented mean.
// Example: one point at the centre of a cell with h = 200 → KDE = 1 there, and a point 100 m
// away contributes (1 − 0.25)² = 0.5625.
#pragma once

#include <optional>
#include <vector>

#include "util/status.h"

namespace cairn {

struct Point {
  double x = 0, y = 0;
};

struct GridCell {
  double x = 0, y = 0;  // centre, metres
  double count = 0;
};

// sfhotspot's automatic cell size; error if fewer than two distinct points.
Result<double> DefaultCellSize(const std::vector<Point>& points);
// Counts of points per cell of a square grid covering the points (see above), row by row from
// the bottom-left. Error if there are no points or cell_size ≤ 0.
Result<std::vector<GridCell>> SquareGridCounts(const std::vector<Point>& points, double cell_size);

enum class PAdjust { kNone, kHolm, kFdr };
const char* PAdjustName(PAdjust method);

struct GiStar {
  std::optional<double> z, pvalue;  // empty when the counts do not vary
};
// Gi* for cells whose centres lie on a square lattice of side cell_size (queen neighbours, self
// included). Errors: a cell off the lattice, two cells with the same centre, fewer than 2 cells.
Result<std::vector<GiStar>> GetisOrdGiStar(const std::vector<GridCell>& cells, double cell_size,
                                           PAdjust adjust);

// MASS::bandwidth.nrd of one coordinate; error if fewer than two values or no spread.
Result<double> BandwidthNrd(const std::vector<double>& values);
enum class BandwidthRule { kSfhotspot, kMean };
Result<double> DefaultBandwidth(const std::vector<Point>& points, BandwidthRule rule);

// Unscaled quartic kernel density of the points at each cell centre, bandwidth h > 0. Cells in
// rows (the same y) are summed a row at a time (see spatial.cc): the work grows with points ×
// rows within h of each point plus cells, not points × cells, and every value equals the direct
// sum to about 1e-10 relative (exactly 0 where no point is within h). Rows are shared among
// `threads` threads (as many as `cairn query` uses by default); the result does not depend on it.
std::vector<double> QuarticKde(const std::vector<Point>& points, const std::vector<GridCell>& cells,
                               double bandwidth, int threads = 2);

}  // namespace cairn

namespace cairn {

// The same statistics for points that each stand for `weights[i]` events at one place
// (data.police.uk snaps events to anonymous map points, so a county's events sit on far fewer
// places). Each gives exactly what the unweighted function gives on the points repeated weight
// times (weights must be whole numbers for that equivalence in BandwidthNrd; the grid and the
// kernel accept any weight).
Result<std::vector<GridCell>> SquareGridCounts(const std::vector<Point>& points,
                                               const std::vector<double>& weights,
                                               double cell_size);
Result<double> BandwidthNrd(const std::vector<double>& values, const std::vector<double>& weights);
std::vector<double> QuarticKde(const std::vector<Point>& points, const std::vector<double>& weights,
                               const std::vector<GridCell>& cells, double bandwidth);

}  // namespace cairn
