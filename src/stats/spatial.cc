#include "stats/spatial.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <thread>
#include <unordered_map>

#include "stats/rates.h"

namespace cairn {

namespace {

struct Bounds {
  double min_x, min_y, max_x, max_y;
};

Bounds BoundsOf(const std::vector<Point>& points) {
  Bounds b{points[0].x, points[0].y, points[0].x, points[0].y};
  for (const Point& p : points) {
    b.min_x = std::min(b.min_x, p.x);
    b.max_x = std::max(b.max_x, p.x);
    b.min_y = std::min(b.min_y, p.y);
    b.max_y = std::max(b.max_y, p.y);
  }
  return b;
}

int64_t Key(int64_t col, int64_t row) { return (col << 32) ^ (row & 0xffffffff); }

}  // namespace

Result<double> DefaultCellSize(const std::vector<Point>& points) {
  if (points.empty()) return Status::Invalid("no points");
  Bounds b = BoundsOf(points);
  double side = std::min(b.max_x - b.min_x, b.max_y - b.min_y);
  if (!(side > 0))
    return Status::Invalid("the points lie on a line, so no cell size can be chosen; give one");
  double rounded = std::floor(side / 50 / 100);
  return rounded > 0 ? rounded * 100 : side / 50;
}

Result<std::vector<GridCell>> SquareGridCounts(const std::vector<Point>& points, double cell_size) {
  if (points.empty()) return Status::Invalid("no points");
  if (!(cell_size > 0)) return Status::Invalid("the cell size must be positive");
  Bounds b = BoundsOf(points);
  double x0 = b.min_x - cell_size / 2, y0 = b.min_y - cell_size / 2;
  // Counted as doubles first: a tiny cell or a vast extent makes more cells than an int64 holds.
  const double wide = std::max(1.0, std::ceil((b.max_x + cell_size / 2 - x0) / cell_size));
  const double high = std::max(1.0, std::ceil((b.max_y + cell_size / 2 - y0) / cell_size));
  if (!std::isfinite(wide * high) || wide * high > 50'000'000)
    return Status::Invalid(fmt::format(
        "the grid would have {:.0f} cells (at most 50000000); choose a larger cell size",
        wide * high));
  const auto cols = static_cast<int64_t>(wide), rows = static_cast<int64_t>(high);
  std::vector<GridCell> cells(cols * rows);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      cells[r * cols + c] = {x0 + (c + 0.5) * cell_size, y0 + (r + 0.5) * cell_size, 0};
  for (const Point& p : points) {
    int64_t c = std::clamp<int64_t>(std::floor((p.x - x0) / cell_size), 0, cols - 1);
    int64_t r = std::clamp<int64_t>(std::floor((p.y - y0) / cell_size), 0, rows - 1);
    cells[r * cols + c].count += 1;
  }
  return cells;
}

const char* PAdjustName(PAdjust method) {
  switch (method) {
    case PAdjust::kHolm:
      return "holm";
    case PAdjust::kFdr:
      return "fdr";
    case PAdjust::kNone:
      break;
  }
  return "none";
}

namespace {

// The cells of a square lattice, found by lattice position: a dense table when the lattice's
// bounding rectangle is not much larger than the number of cells (any full grid), else a hash map.
class Lattice {
 public:
  // Error if a centre is off the lattice or repeated (the first such cell in input order).
  static Result<Lattice> Build(const std::vector<GridCell>& cells, double cell_size) {
    double x0 = cells[0].x, y0 = cells[0].y;
    for (const GridCell& c : cells) x0 = std::min(x0, c.x), y0 = std::min(y0, c.y);
    Lattice lattice;
    std::vector<std::pair<int64_t, int64_t>>& index = lattice.index_;
    index.reserve(cells.size());
    size_t off_lattice = cells.size();  // first cell off the lattice, reported after any repeat
    int64_t cols = 0, rows = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      double fx = (cells[i].x - x0) / cell_size, fy = (cells[i].y - y0) / cell_size;
      double cx = std::round(fx), cy = std::round(fy);
      if (std::fabs(fx - cx) > 1e-6 || std::fabs(fy - cy) > 1e-6) {
        off_lattice = i;
        break;
      }
      index.emplace_back(static_cast<int64_t>(cx), static_cast<int64_t>(cy));
      cols = std::max(cols, index.back().first + 1);
      rows = std::max(rows, index.back().second + 1);
    }
    lattice.dense_ = static_cast<double>(cols) * rows <= 4.0 * index.size() + 1024;
    if (lattice.dense_) {
      lattice.cols_ = cols, lattice.rows_ = rows;
      lattice.slot_.assign(cols * rows, -1);
    }
    for (size_t i = 0; i < index.size(); ++i) {
      size_t first = lattice.Insert(index[i].first, index[i].second, i);
      if (first != i)
        return Status::Invalid("cells " + std::to_string(first + 1) + " and " +
                               std::to_string(i + 1) + " have the same centre");
    }
    if (off_lattice < cells.size())
      return Status::Invalid(fmt::format(
          "cell {} ({}, {}) is not on a square grid of cell size {} from ({}, {})", off_lattice + 1,
          cells[off_lattice].x, cells[off_lattice].y, cell_size, x0, y0));
    return lattice;
  }

  const std::pair<int64_t, int64_t>& Position(size_t i) const { return index_[i]; }

  // The cell at lattice position (col, row), or -1.
  int64_t Find(int64_t col, int64_t row) const {
    if (dense_)
      return col < 0 || row < 0 || col >= cols_ || row >= rows_ ? -1 : slot_[row * cols_ + col];
    auto it = at_.find(Key(col, row));
    return it == at_.end() ? -1 : static_cast<int64_t>(it->second);
  }

 private:
  // Records cell i at (col, row); returns i, or the cell already there.
  size_t Insert(int64_t col, int64_t row, size_t i) {
    if (dense_) {
      int64_t& slot = slot_[row * cols_ + col];
      if (slot < 0) slot = static_cast<int64_t>(i);
      return static_cast<size_t>(slot);
    }
    return at_.emplace(Key(col, row), i).first->second;
  }

  std::vector<std::pair<int64_t, int64_t>> index_;
  bool dense_ = false;
  int64_t cols_ = 0, rows_ = 0;
  std::vector<int64_t> slot_;
  std::unordered_map<int64_t, size_t> at_;
};

double AdjustOne(double p, double n, PAdjust method) {
  // p.adjust on a single p-value: Holm's (n − 1 + 1)·p and BH's n/1·p are both n·p.
  if (method == PAdjust::kNone) return p;
  return std::min(1.0, n * p);
}

}  // namespace

Result<std::vector<GiStar>> GetisOrdGiStar(const std::vector<GridCell>& cells, double cell_size,
                                           PAdjust adjust) {
  if (cells.size() < 2) return Status::Invalid("Gi* needs at least 2 cells");
  if (!(cell_size > 0)) return Status::Invalid("the cell size must be positive");
  auto lattice = Lattice::Build(cells, cell_size);
  if (!lattice.ok()) return lattice.status();
  double n = cells.size(), sum = 0, sum_sq = 0;
  for (const GridCell& c : cells) sum += c.count;
  double mean = sum / n;
  for (const GridCell& c : cells) sum_sq += (c.count - mean) * (c.count - mean);
  double s2 = sum_sq / n;
  std::vector<GiStar> out(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    auto [col, row] = lattice->Position(i);
    double w = 0, local = 0;
    for (int64_t dx = -1; dx <= 1; ++dx)
      for (int64_t dy = -1; dy <= 1; ++dy) {
        int64_t j = lattice->Find(col + dx, row + dy);
        if (j < 0) continue;
        w += 1;
        local += cells[j].count;
      }
    double var = s2 * (n * w - w * w) / (n - 1);
    if (!(var > 0)) continue;
    double z = (local - mean * w) / std::sqrt(var);
    out[i].z = z;
    out[i].pvalue = AdjustOne(2 * NormalCdf(-std::fabs(z)), w + 1, adjust);
  }
  return out;
}

Result<double> BandwidthNrd(const std::vector<double>& values) {
  return BandwidthNrd(values, std::vector<double>(values.size(), 1.0));
}

Result<double> DefaultBandwidth(const std::vector<Point>& points, BandwidthRule rule) {
  std::vector<double> xs, ys;
  for (const Point& p : points) xs.push_back(p.x), ys.push_back(p.y);
  auto hx = BandwidthNrd(xs);
  if (!hx.ok() || rule == BandwidthRule::kSfhotspot) return hx;
  auto hy = BandwidthNrd(ys);
  if (!hy.ok()) return hy;
  return (*hx + *hy) / 2;
}

namespace {

// The density at (x, y) summed directly: Σ_j (1 − d²/h²)² over the points within h of it, with
// the points sorted by x. The reference that RowSweep below falls back on.
double DirectQuartic(const std::vector<Point>& by_x, double x, double y, double bandwidth) {
  double h2 = bandwidth * bandwidth, sum = 0;
  auto first = std::lower_bound(by_x.begin(), by_x.end(), x - bandwidth,
                                [](const Point& p, double v) { return p.x < v; });
  for (auto it = first; it != by_x.end() && it->x <= x + bandwidth; ++it) {
    double dx = it->x - x, dy = it->y - y;
    double d2 = dx * dx + dy * dy;
    if (d2 > h2) continue;
    double t = 1 - d2 / h2;
    sum += t * t;
  }
  return sum;
}

// The kernel density along one row of cells (the same y, x increasing), without visiting every
// point for every cell. Along the row, a point at (p, y_p) adds
//   (a − ((x − p)/h)²)²,  a = 1 − (y_p − y)²/h²,
// to each cell x within h of it: a polynomial of degree 4 in x over one run of cells. The row is
// cut into blocks no wider than h; in block b with origin X (its first cell), with t = (x − X)/h
// and q = (p − X)/h, the point adds  B² + 4Bq·t + (4q² − 2B)·t² − 4q·t³ + t⁴  with B = a − q².
// Each point adds its five coefficients where its run starts in a block and subtracts them after
// it ends, so one running sum per block gives every cell's polynomial: the work is one step per
// point per row it reaches (and per block it touches) plus one per cell, instead of one per
// point per cell. The t⁴ coefficient counts the points whose kernel reaches the cell, exactly:
// a cell no point reaches gets exactly 0. Which cells a point reaches is decided by the same test
// as the direct sum (d² ≤ h² in the same floating-point operations). Rounding in the sums is
// about 1e-15 of the number of points reaching the cell; where the density is below 1e-4 of that
// number (cells at the very edge of every kernel that reaches them) the cell is summed directly
// instead, so every cell agrees with the direct sum to about 1e-10 relative or better.
class RowSweep {
 public:
  // by_y: the same points sorted by y.
  RowSweep(const std::vector<Point>& points, const std::vector<Point>& by_y, double bandwidth)
      : points_(&points),
        by_y_(by_y),
        h_(bandwidth),
        h2_(bandwidth * bandwidth),
        inv_h_(1 / bandwidth) {}

  // xs: the row's cell centres, increasing; writes the density at each into out.
  void Row(double y, const std::vector<double>& xs, std::vector<double>* out) {
    size_t m = xs.size();
    StartBlocks(xs);
    coef_.assign(m + 1, Coefficients{});
    // Points whose kernel may reach the row: |y_p − y| ≤ h, with a margin for rounding (the
    // exact test is below).
    double margin = h_ * 1e-6;
    auto first = std::lower_bound(by_y_.begin(), by_y_.end(), y - h_ - margin,
                                  [](const Point& p, double v) { return p.y < v; });
    for (auto it = first; it != by_y_.end() && it->y <= y + h_ + margin; ++it) AddPoint(*it, y, xs);
    out->resize(m);
    for (size_t b = 0; b + 1 < block_start_.size(); ++b) {
      Coefficients sum{};
      double origin = xs[block_start_[b]];
      for (size_t k = block_start_[b]; k < block_start_[b + 1]; ++k) {
        for (int c = 0; c < 5; ++c) sum[c] += coef_[k][c];
        if (sum[4] == 0) {
          (*out)[k] = 0;
          continue;
        }
        double t = (xs[k] - origin) * inv_h_;
        double v = sum[0] + t * (sum[1] + t * (sum[2] + t * (sum[3] + t * sum[4])));
        (*out)[k] = v >= 1e-4 * sum[4] ? v : Direct(xs[k], y);
      }
    }
  }

 private:
  using Coefficients = std::array<double, 5>;

  void StartBlocks(const std::vector<double>& xs) {
    size_t m = xs.size();
    block_start_.clear();
    block_of_.resize(m);
    for (size_t k = 0; k < m; ++k) {
      if (block_start_.empty() || xs[k] - xs[block_start_.back()] > h_) block_start_.push_back(k);
      block_of_[k] = block_start_.size() - 1;
    }
    block_start_.push_back(m);
    // Evenly spaced cells (any grid) let a point's first and last cell be computed, not searched.
    step_ = m > 1 ? (xs[m - 1] - xs[0]) / (m - 1) : 0;
    inv_step_ = step_ > 0 ? 1 / step_ : 0;
    even_ = step_ > 0;
    for (size_t k = 0; k < m && even_; ++k)
      even_ = std::fabs(xs[k] - (xs[0] + k * step_)) <= 0.01 * step_;
  }

  // Index of the first cell with x ≥ v (approximately, when the cells are evenly spaced).
  size_t Guess(const std::vector<double>& xs, double v) const {
    if (!even_) return std::lower_bound(xs.begin(), xs.end(), v) - xs.begin();
    double k = std::ceil((v - xs[0]) * inv_step_);
    if (!(k > 0)) return 0;
    return k >= static_cast<double>(xs.size()) ? xs.size() : static_cast<size_t>(k);
  }

  void AddPoint(const Point& p, double y, const std::vector<double>& xs) {
    double dy = p.y - y, dy2 = dy * dy;
    if (dy2 > h2_) return;
    auto inside = [&](size_t k) {
      double dx = p.x - xs[k];
      return dx * dx + dy2 <= h2_;
    };
    // The run of cells the point reaches: contiguous, as |p − x| falls then rises along the row.
    size_t m = xs.size();
    double reach = std::sqrt(h2_ - dy2);
    size_t lo = Guess(xs, p.x - reach);
    while (lo > 0 && inside(lo - 1)) --lo;
    while (lo < m && !inside(lo) && xs[lo] < p.x) ++lo;
    if (lo == m || !inside(lo)) return;
    size_t hi = std::clamp<size_t>(Guess(xs, p.x + reach), lo, m - 1);
    while (hi + 1 < m && inside(hi + 1)) ++hi;
    while (hi > lo && !inside(hi)) --hi;
    double a = 1 - dy2 / h2_;
    for (size_t b = block_of_[lo];; ++b) {
      size_t start = std::max(lo, block_start_[b]), end = std::min(hi + 1, block_start_[b + 1]);
      double q = (p.x - xs[block_start_[b]]) * inv_h_;
      double bq = a - q * q;
      Coefficients c = {bq * bq, 4 * bq * q, 4 * q * q - 2 * bq, -4 * q, 1};
      for (int j = 0; j < 5; ++j) coef_[start][j] += c[j];
      if (end < block_start_[b + 1])
        for (int j = 0; j < 5; ++j) coef_[end][j] -= c[j];
      if (end == hi + 1) break;
    }
  }

  double Direct(double x, double y) {
    if (by_x_.empty()) {
      by_x_ = *points_;
      std::sort(by_x_.begin(), by_x_.end(),
                [](const Point& a, const Point& b) { return a.x < b.x; });
    }
    return DirectQuartic(by_x_, x, y, h_);
  }

  const std::vector<Point>* points_;
  const std::vector<Point>& by_y_;
  std::vector<Point> by_x_;  // only once a cell needs the direct sum
  double h_, h2_, inv_h_;
  std::vector<Coefficients> coef_;  // per cell: added where runs start, subtracted after they end
  std::vector<size_t> block_start_, block_of_;
  double step_ = 0, inv_step_ = 0;
  bool even_ = false;
};

}  // namespace

std::vector<double> QuarticKde(const std::vector<Point>& points, const std::vector<GridCell>& cells,
                               double bandwidth, int threads) {
  std::vector<double> out(cells.size(), 0.0);
  if (points.empty() || cells.empty()) return out;
  // Cells row by row (the same y), x increasing; a grid from SquareGridCounts already is.
  std::vector<size_t> order(cells.size());
  std::iota(order.begin(), order.end(), 0);
  auto before = [&](size_t i, size_t j) {
    return cells[i].y < cells[j].y || (cells[i].y == cells[j].y && cells[i].x < cells[j].x);
  };
  if (!std::is_sorted(order.begin(), order.end(), before))
    std::stable_sort(order.begin(), order.end(), before);
  std::vector<size_t> row_start;
  for (size_t k = 0; k < order.size(); ++k)
    if (k == 0 || cells[order[k]].y != cells[order[k - 1]].y) row_start.push_back(k);
  row_start.push_back(order.size());
  std::vector<Point> by_y = points;
  std::sort(by_y.begin(), by_y.end(), [](const Point& a, const Point& b) { return a.y < b.y; });
  // Rows are independent: thread t takes rows t, t + threads, ... and writes only their cells.
  size_t rows = row_start.size() - 1;
  size_t workers = std::clamp<size_t>(threads, 1, rows);
  auto work = [&](size_t first_row) {
    RowSweep sweep(points, by_y, bandwidth);
    std::vector<double> xs, row;
    for (size_t r = first_row; r < rows; r += workers) {
      xs.clear();
      for (size_t k = row_start[r]; k < row_start[r + 1]; ++k) xs.push_back(cells[order[k]].x);
      sweep.Row(cells[order[row_start[r]]].y, xs, &row);
      for (size_t k = 0; k < xs.size(); ++k) out[order[row_start[r] + k]] = row[k];
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace cairn

namespace cairn {

Result<std::vector<GridCell>> SquareGridCounts(const std::vector<Point>& points,
                                               const std::vector<double>& weights,
                                               double cell_size) {
  auto cells = SquareGridCounts(points, cell_size);
  if (!cells.ok()) return cells;
  for (GridCell& c : *cells) c.count = 0;
  double x0 = cells->front().x - cell_size / 2, y0 = cells->front().y - cell_size / 2;
  int64_t cols = 1;
  while (cols < static_cast<int64_t>(cells->size()) && (*cells)[cols].y == cells->front().y) ++cols;
  int64_t rows = static_cast<int64_t>(cells->size()) / cols;
  for (size_t i = 0; i < points.size(); ++i) {
    int64_t c = std::clamp<int64_t>(std::floor((points[i].x - x0) / cell_size), 0, cols - 1);
    int64_t r = std::clamp<int64_t>(std::floor((points[i].y - y0) / cell_size), 0, rows - 1);
    (*cells)[r * cols + c].count += weights[i];
  }
  return cells;
}

namespace {

// Quantile type 7 of values repeated by weight, from (value, weight) pairs sorted by value.
double WeightedQuantile7(const std::vector<std::pair<double, double>>& sorted, double total,
                         double p) {
  double h = (total - 1) * p;
  double lo_rank = std::floor(h);
  auto at = [&](double rank) {  // the value at 0-based position `rank` of the repeated list
    double seen = 0;
    for (const auto& [v, w] : sorted) {
      seen += w;
      if (rank < seen) return v;
    }
    return sorted.back().first;
  };
  double lo = at(lo_rank), hi = at(std::min(lo_rank + 1, total - 1));
  return lo + (h - lo_rank) * (hi - lo);
}

}  // namespace

Result<double> BandwidthNrd(const std::vector<double>& values, const std::vector<double>& weights) {
  std::vector<std::pair<double, double>> v;
  double n = 0, sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    v.emplace_back(values[i], weights[i]);
    n += weights[i];
    sum += weights[i] * values[i];
  }
  if (n < 2) return Status::Invalid("a bandwidth needs at least 2 points");
  std::sort(v.begin(), v.end());
  double mean = sum / n, ss = 0;
  for (const auto& [x, w] : v) ss += w * (x - mean) * (x - mean);
  double sd = std::sqrt(ss / (n - 1));
  double iqr = (WeightedQuantile7(v, n, 0.75) - WeightedQuantile7(v, n, 0.25)) / 1.34;
  double h = 4 * 1.06 * std::min(sd, iqr) * std::pow(n, -0.2);
  if (!(h > 0))
    return Status::Invalid(
        "the points have no spread (interquartile range 0), so no bandwidth "
        "can be chosen; give one");
  return h;
}

std::vector<double> QuarticKde(const std::vector<Point>& points, const std::vector<double>& weights,
                               const std::vector<GridCell>& cells, double bandwidth) {
  std::vector<size_t> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return points[a].x < points[b].x; });
  std::vector<double> xs;
  for (size_t i : order) xs.push_back(points[i].x);
  std::vector<double> out(cells.size(), 0.0);
  double h2 = bandwidth * bandwidth;
  for (size_t i = 0; i < cells.size(); ++i) {
    size_t k = std::lower_bound(xs.begin(), xs.end(), cells[i].x - bandwidth) - xs.begin();
    for (; k < xs.size() && xs[k] <= cells[i].x + bandwidth; ++k) {
      const Point& p = points[order[k]];
      double dx = p.x - cells[i].x, dy = p.y - cells[i].y;
      double d2 = dx * dx + dy * dy;
      if (d2 > h2) continue;
      double t = 1 - d2 / h2;
      out[i] += weights[order[k]] * t * t;
    }
  }
  return out;
}

}  // namespace cairn
