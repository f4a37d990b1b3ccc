// The Knox test, as NearRepeat (R) and the Near Repeat Calculator do it, without comparing every
// pair in every permutation.
//
// The method (METHODS.md 4.1). n events give N = n(n−1)/2 unordered pairs. Each pair has a
// spatial distance (Manhattan |dx| + |dy| by default, or Euclidean) and a time difference |Δt| in
// days; with break points b0 < b1 < … a pair is in band k when b_k ≤ d < b_{k+1} (R's
// cut(right = FALSE)); a last break of inf makes the last band open-ended, and a pair outside
// every band is left out of the table. The observed table O[s][t] counts pairs. Under the null
// hypothesis the times are exchangeable among the places: each permutation shuffles the times
// over the events and counts again with the same spatial bands. Reported per cell:
//   expected = R_s · C_t / N, where R_s counts all pairs in spatial band s and C_t all pairs in
//     time band t. A permutation sends a pair of events to a uniformly random pair of times, so
//     P(pair in time band t) = C_t / N for every pair, and the mean over all n! permutations is
//     exactly R_s · C_t / N (knox_test.cc checks it by enumerating every permutation);
//   ratio = observed / expected (NearRepeat divides by the simulated mean instead, which
//     converges to the same number; sim_mean is reported beside it);
//   pvalue = (#{permuted tables with count ≥ observed} + 1) / (permutations + 1).
//
// Why it is fast. Places do not move under permutation, so which pairs are near in space is
// worked out once: a grid of cells as wide as the last finite spatial break D finds the pairs
// nearer than D (a point's own cell and the neighbouring ones, never all n² pairs), and they are
// kept as neighbour lists per spatial band. A permutation then only recomputes |t_i − t_j| for
// those pairs: O(close pairs) instead of O(n²). What the lists leave out follows from totals that
// do not change under permutation: a permutation only relabels which events hold which times, so
// the multiset of time differences over all N pairs, and so every C_t, is the same in every
// permuted table; the open-ended spatial band's cells are C_t minus the pairs counted in the
// other bands (and in [0, b0) when b0 > 0). C_t comes from the sorted times by two pointers,
// O(n log n). Permutations are shared between threads; each permutation has its own seeded
// generator (knox.h), so the answer does not depend on the number of threads.
//
// Worked example: A (0, 0, day 0), B (50, 0, day 2), C (0, 300, day 10), D (400, 300, day 11),
// space breaks 0, 100, inf and time breaks 0, 5, inf, Manhattan. Pairs: AB 50 m 2 days, AC 300 m
// 10 days, AD 700 m 11 days, BC 350 m 8 days, BD 650 m 9 days, CD 400 m 1 day; N = 6. Row totals:
// [0, 100) 1 (AB), [100, inf) 5; column totals: [0, 5) 2 (AB, CD), [5, inf) 4. Cell [0, 100) ×
// [0, 5): observed 1, expected 1 · 2 / 6 = 1/3, ratio 3.
#include "stats/knox.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <thread>
#include <unordered_map>

#include "util/strings.h"

namespace cairn {

namespace {

constexpr int64_t kMaxClosePairs = 500'000'000;
constexpr int kMaxPermutations = 1'000'000;
constexpr double kMaxLookupDays = 1 << 20;  // integer times: a table of bands per day up to this

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Uniform in [0, m), 1 ≤ m < 2^32, by Lemire's multiply-and-reject (ACM TOMS 2019): x · m is a
// 64.64 fixed-point number whose integer part is the draw; when its fraction falls below
// 2^64 mod m the output is drawn again, so every value is equally likely. Only integer arithmetic,
// so the same on every platform; the division runs only on the rare candidate rejection.
uint32_t UniformBelow(std::mt19937_64& engine, uint32_t m) {
  uint64_t x = engine() >> 32;
  uint64_t product = x * m;
  uint32_t fraction = static_cast<uint32_t>(product);
  if (fraction < m) {
    const uint32_t rest = static_cast<uint32_t>(-m) % m;  // 2^32 mod m
    while (fraction < rest) {
      x = engine() >> 32;
      product = x * m;
      fraction = static_cast<uint32_t>(product);
    }
  }
  return static_cast<uint32_t>(product >> 32);
}

template <typename T>
void Shuffle(std::vector<T>& values, uint64_t engine_seed) {
  std::mt19937_64 engine(engine_seed);
  for (size_t i = values.size(); i-- > 1;)
    std::swap(values[i], values[UniformBelow(engine, i + 1)]);
}

// Break points as bands: the finite points, and whether the last band is open-ended.
struct Bands {
  std::vector<double> points;
  bool open = false;
  size_t count() const { return points.size() - 1 + (open ? 1 : 0); }
  size_t finite_count() const { return points.size() - 1; }
  // The band of a distance: 0.. count()-1, or -1 when it is in none.
  int Of(double d) const {
    if (d < points.front()) return -1;
    auto k = std::upper_bound(points.begin(), points.end(), d) - points.begin() - 1;
    if (static_cast<size_t>(k) < points.size() - 1) return static_cast<int>(k);
    return open ? static_cast<int>(k) : -1;
  }
  double from(size_t k) const { return points[k]; }
  double to(size_t k) const {
    return k + 1 < points.size() ? points[k + 1] : std::numeric_limits<double>::infinity();
  }
};

Bands BandsOf(const std::vector<double>& breaks) {
  Bands b;
  b.open = std::isinf(breaks.back());
  b.points.assign(breaks.begin(), breaks.end() - (b.open ? 1 : 0));
  return b;
}

// Pairs nearer than the last finite spatial break, as one neighbour list per event (CSR), j > i,
// events numbered in grid order. Each pair keeps where its stored row starts in a counted table
// (row × stride), so counting a pair is one lookup of its time band and one increment. Stored
// rows: the finite spatial bands, then [0, b0) when b0 > 0 and the last band is open-ended (needed
// only to work out that band by subtraction).
struct CloseRows {
  size_t rows = 0;
  std::vector<uint64_t> offsets;  // n + 1
  std::vector<uint32_t> neighbours;
  std::vector<uint16_t> row_start;  // row × stride, per pair
  std::vector<int64_t> totals;      // pairs per row
};

double Distance(double dx, double dy, KnoxDistance distance) {
  // As R's dist(): the sum of |dx| and |dy|, or the square root of the sum of squares.
  return distance == KnoxDistance::kManhattan ? std::abs(dx) + std::abs(dy)
                                              : std::sqrt(dx * dx + dy * dy);
}

struct GridOrder {
  std::vector<size_t> order;  // event index of each grid position
  std::vector<int64_t> cx, cy;
};

Result<GridOrder> OrderByGrid(const std::vector<KnoxEvent>& ev, double cell) {
  GridOrder g;
  const size_t n = ev.size();
  double min_x = ev[0].x, min_y = ev[0].y, max_x = ev[0].x, max_y = ev[0].y;
  for (const auto& e : ev) {
    min_x = std::min(min_x, e.x), max_x = std::max(max_x, e.x);
    min_y = std::min(min_y, e.y), max_y = std::max(max_y, e.y);
  }
  if ((max_x - min_x) / cell > 1e9 || (max_y - min_y) / cell > 1e9)
    return Status::Invalid(
        fmt::format("the events span {} by {} m, too far for spatial bands of {} m", max_x - min_x,
                    max_y - min_y, cell));
  std::vector<int64_t> cx(n), cy(n);
  for (size_t i = 0; i < n; ++i) {
    cx[i] = static_cast<int64_t>(std::floor((ev[i].x - min_x) / cell));
    cy[i] = static_cast<int64_t>(std::floor((ev[i].y - min_y) / cell));
  }
  g.order.resize(n);
  for (size_t i = 0; i < n; ++i) g.order[i] = i;
  std::stable_sort(g.order.begin(), g.order.end(), [&](size_t a, size_t b) {
    return cy[a] != cy[b] ? cy[a] < cy[b] : cx[a] < cx[b];
  });
  g.cx.resize(n), g.cy.resize(n);
  for (size_t p = 0; p < n; ++p) g.cx[p] = cx[g.order[p]], g.cy[p] = cy[g.order[p]];
  return g;
}

// The neighbour lists of events in grid order (xs, ys), with cells of side `cell`; `stride` is the
// width of a counted table.
Result<CloseRows> FindClosePairs(const std::vector<double>& xs, const std::vector<double>& ys,
                                 const GridOrder& grid, const Bands& space, bool keep_below,
                                 KnoxDistance distance, size_t stride) {
  CloseRows out;
  const size_t n = xs.size(), finite = space.finite_count();
  out.rows = finite + (keep_below ? 1 : 0);
  out.offsets.assign(n + 1, 0);
  out.totals.assign(out.rows, 0);
  if (out.rows == 0) return out;
  const double reach = space.points.back();
  // Where each occupied cell's run of events starts and ends.
  auto key = [](int64_t x, int64_t y) { return static_cast<uint64_t>(y) * 0x100000001ULL + x; };
  std::unordered_map<uint64_t, std::pair<size_t, size_t>> cells;
  for (size_t p = 0; p < n;) {
    size_t q = p;
    while (q < n && grid.cx[q] == grid.cx[p] && grid.cy[q] == grid.cy[p]) ++q;
    cells[key(grid.cx[p], grid.cy[p])] = {p, q};
    p = q;
  }
  // Only cells at or after the event's own in grid order: its own (later events), the next one
  // in the row, and the three above.
  const int64_t dx_of[] = {0, 1, -1, 0, 1}, dy_of[] = {0, 0, 1, 1, 1};
  for (size_t i = 0; i < n; ++i) {
    for (int c = 0; c < 5; ++c) {
      auto it = cells.find(key(grid.cx[i] + dx_of[c], grid.cy[i] + dy_of[c]));
      if (it == cells.end()) continue;
      for (size_t j = c == 0 ? i + 1 : it->second.first; j < it->second.second; ++j) {
        double d = Distance(xs[i] - xs[j], ys[i] - ys[j], distance);
        if (!(d < reach)) continue;
        int band = space.Of(d);
        if (band < 0 && !keep_below) continue;
        size_t row = band >= 0 ? static_cast<size_t>(band) : finite;
        out.neighbours.push_back(static_cast<uint32_t>(j));
        out.row_start.push_back(static_cast<uint16_t>(row * stride));
        ++out.totals[row];
        if (static_cast<int64_t>(out.neighbours.size()) > kMaxClosePairs)
          return Status::Invalid(fmt::format(
              "more than {} pairs of events are nearer than {} m (the last finite spatial "
              "break); choose smaller spatial bands",
              WithCommas(kMaxClosePairs), reach));
      }
    }
    out.offsets[i + 1] = out.neighbours.size();
  }
  return out;
}

// Pairs with |Δt| < b among sorted times, for a finite b: two pointers.
int64_t PairsCloserThan(const std::vector<double>& sorted, double b) {
  int64_t count = 0;
  size_t lo = 0;
  for (size_t j = 0; j < sorted.size(); ++j) {
    while (lo < j && !(sorted[j] - sorted[lo] < b)) ++lo;
    count += static_cast<int64_t>(j - lo);
  }
  return count;
}

// How a counted table's columns are laid out: the finite time bands, then the pairs at or past
// the last finite break (the open-ended band, when there is one; else pairs left out), then the
// pairs nearer in time than the first break. A visible time band c is column c.
struct TimeLayout {
  size_t finite = 0;
  size_t stride() const { return finite + 2; }
  uint32_t beyond() const { return static_cast<uint32_t>(finite); }
  uint32_t below() const { return static_cast<uint32_t>(finite + 1); }
};

// L tables at once, one per permutation, from times interleaved by event (t[i·L + l] is event
// i's time in permutation l): each pair's neighbour index and row are read once for L tables, and
// one cache line brings event j's times in all of them. Each table is stored rows ×
// layout.stride(); `band_of(|Δt|)` gives the column. No branch depends on the data: most pairs
// are past the last finite break when the times span months, and a branch on that mispredicts.
template <size_t L, typename T, typename BandOf>
void CountTables(const CloseRows& rows, const std::vector<T>& t, const BandOf& band_of,
                 const TimeLayout& layout, std::vector<int64_t>* tables) {
  const size_t size = rows.rows * layout.stride();
  for (size_t l = 0; l < L; ++l) tables[l].assign(size, 0);
  if (rows.rows == 0) return;  // no finite spatial band: nothing counted pair by pair
  // One table per permutation: their increments are independent of each other.
  std::vector<uint32_t> counts(L * size, 0);
  const size_t n = t.size() / L;
  const uint64_t* off = rows.offsets.data();
  const uint32_t* nb = rows.neighbours.data();
  const uint16_t* start = rows.row_start.data();
  for (size_t i = 0; i < n; ++i) {
    const T* ti = &t[i * L];
    for (uint64_t k = off[i]; k < off[i + 1]; ++k) {
      const T* tj = &t[size_t{nb[k]} * L];
      const uint32_t base = start[k];
#pragma GCC unroll 8
      for (size_t l = 0; l < L; ++l) {
        const T d = ti[l] > tj[l] ? ti[l] - tj[l] : tj[l] - ti[l];
        ++counts[l * size + base + band_of(d)];
      }
    }
  }
  for (size_t l = 0; l < L; ++l)
    for (size_t c = 0; c < size; ++c) tables[l][c] = counts[l * size + c];
}

// The visible table (spatial bands × time bands) from a counted one: the open-ended spatial band
// is the column totals less every counted row.
void VisibleTable(const std::vector<int64_t>& table, const TimeLayout& layout, size_t stored_rows,
                  size_t finite_rows, bool open_row, const std::vector<int64_t>& column_totals,
                  std::vector<int64_t>& out) {
  const size_t cols = column_totals.size(), stride = layout.stride();
  out.assign((finite_rows + (open_row ? 1 : 0)) * cols, 0);
  for (size_t s = 0; s < finite_rows; ++s)
    for (size_t c = 0; c < cols; ++c) out[s * cols + c] = table[s * stride + c];
  if (!open_row) return;
  for (size_t c = 0; c < cols; ++c) {
    int64_t rest = column_totals[c];
    for (size_t r = 0; r < stored_rows; ++r) rest -= table[r * stride + c];
    out[finite_rows * cols + c] = rest;
  }
}

struct Tally {
  std::vector<int64_t> sum, at_least;
};

// Permutations per pass over the close pairs.
constexpr size_t kLanes = 4;

template <typename T, typename BandOf>
void RunPermutations(const CloseRows& rows, const std::vector<T>& t, const BandOf& band_of,
                     const TimeLayout& layout, const std::vector<int64_t>& column_totals,
                     size_t finite_rows, bool open_row, const std::vector<int64_t>& observed,
                     uint64_t seed, int first, int last, Tally* tally) {
  const size_t n = t.size();
  std::vector<int64_t> tables[kLanes], visible;
  std::vector<T> shuffled, lanes(n * kLanes);
  tally->sum.assign(observed.size(), 0);
  tally->at_least.assign(observed.size(), 0);
  for (int k = first; k < last; k += static_cast<int>(kLanes)) {
    const size_t used = std::min<size_t>(kLanes, static_cast<size_t>(last - k));
    for (size_t l = 0; l < kLanes; ++l) {
      shuffled = t;  // a lane past `last` keeps the observed times, and is not tallied
      if (l < used) Shuffle(shuffled, KnoxPermutationSeed(seed, static_cast<uint64_t>(k) + l));
      for (size_t i = 0; i < n; ++i) lanes[i * kLanes + l] = shuffled[i];
    }
    CountTables<kLanes>(rows, lanes, band_of, layout, tables);
    for (size_t l = 0; l < used; ++l) {
      VisibleTable(tables[l], layout, rows.rows, finite_rows, open_row, column_totals, visible);
      for (size_t c = 0; c < visible.size(); ++c) {
        tally->sum[c] += visible[c];
        tally->at_least[c] += visible[c] >= observed[c] ? 1 : 0;
      }
    }
  }
}

// Observed table and permutation tallies for times of type T (whole days as int32 with a table
// of bands per day, or doubles).
template <typename T, typename BandOf>
Tally Permute(const CloseRows& rows, const std::vector<T>& t, const BandOf& band_of,
              const TimeLayout& layout, const std::vector<int64_t>& column_totals,
              size_t finite_rows, bool open_row, const KnoxOptions& options,
              std::vector<int64_t>* observed) {
  std::vector<int64_t> table(rows.rows * layout.stride());
  CountTables<1>(rows, t, band_of, layout, &table);
  VisibleTable(table, layout, rows.rows, finite_rows, open_row, column_totals, *observed);
  const int threads = std::clamp(options.threads, 1, options.permutations);
  std::vector<Tally> tallies(threads);
  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    const int first = static_cast<int>(int64_t{options.permutations} * w / threads);
    const int last = static_cast<int>(int64_t{options.permutations} * (w + 1) / threads);
    auto work = [&, w, first, last] {
      RunPermutations(rows, t, band_of, layout, column_totals, finite_rows, open_row, *observed,
                      options.seed, first, last, &tallies[w]);
    };
    if (w + 1 == threads)
      work();
    else
      workers.emplace_back(work);
  }
  for (auto& worker : workers) worker.join();
  Tally total = std::move(tallies[0]);
  for (int w = 1; w < threads; ++w)
    for (size_t c = 0; c < total.sum.size(); ++c) {
      total.sum[c] += tallies[w].sum[c];
      total.at_least[c] += tallies[w].at_least[c];
    }
  return total;
}

// Whole-day times that fit in int32 with room for differences.
bool WholeDays(const std::vector<double>& t, double min_t, double max_t) {
  if (!(max_t - min_t < 2e9)) return false;
  for (double v : t)
    if (v != std::floor(v)) return false;
  return true;
}

}  // namespace

const char* KnoxDistanceName(KnoxDistance distance) {
  return distance == KnoxDistance::kManhattan ? "manhattan" : "euclidean";
}

uint64_t KnoxPermutationSeed(uint64_t seed, uint64_t k) { return SplitMix64(seed + k); }
void KnoxShuffle(std::vector<int32_t>& values, uint64_t engine_seed) {
  Shuffle(values, engine_seed);
}
void KnoxShuffle(std::vector<double>& values, uint64_t engine_seed) {
  Shuffle(values, engine_seed);
}

bool IsNearRepeatCell(const KnoxCell& cell) {
  return cell.pvalue <= kNearRepeatAlpha && cell.ratio && *cell.ratio >= kNearRepeatRatio;
}

Status CheckBreaks(const std::vector<double>& breaks, const std::string& name) {
  if (breaks.size() < 2)
    return Status::Usage(name + ": give at least two break points (one band), e.g. 0,100,200");
  for (size_t k = 0; k < breaks.size(); ++k) {
    const double b = breaks[k];
    if (std::isnan(b) || b < 0)
      return Status::Usage(name + ": break points must be numbers from 0 up (got " +
                           fmt::format("{}", b) + ")");
    if (std::isinf(b) && k + 1 != breaks.size())
      return Status::Usage(name + ": only the last break point may be inf");
    if (k > 0 && !(b > breaks[k - 1]))
      return Status::Usage(
          name + fmt::format(": break points must increase ({} follows {})", b, breaks[k - 1]));
  }
  return Status::Ok();
}

Result<KnoxOptions> KnoxOptionsFromFlags(std::string_view space_bands, std::string_view time_bands,
                                         const std::string& distance, int permutations,
                                         uint64_t seed) {
  KnoxOptions o;
  auto space = ParseBreaks(space_bands, "--space-bands");
  if (!space.ok()) return space.status();
  auto time = ParseBreaks(time_bands, "--time-bands");
  if (!time.ok()) return time.status();
  if (distance != "manhattan" && distance != "euclidean")
    return Status::Usage("--distance \"" + distance + "\": expected manhattan or euclidean");
  if (permutations < 1 || permutations > 1000000)
    return Status::Usage("--permutations: expected 1 to 1000000 (999 is usual)");
  o.space_breaks = std::move(space).value();
  o.time_breaks = std::move(time).value();
  o.distance = distance == "euclidean" ? KnoxDistance::kEuclidean : KnoxDistance::kManhattan;
  o.permutations = permutations;
  o.seed = seed;
  return o;
}

Result<std::vector<double>> ParseBreaks(std::string_view text, const std::string& option) {
  std::vector<double> breaks;
  const std::string named = option + " \"" + Abbreviate(text) + "\"";
  for (const auto& part : Split(text, ',')) {
    std::string word = ToLower(Trim(part));
    if (word == "inf" || word == "infinity") {
      breaks.push_back(std::numeric_limits<double>::infinity());
      continue;
    }
    auto v = ParseDouble(word);
    if (!v || !std::isfinite(*v))
      return Status::Usage(named + ": \"" + Abbreviate(part) +
                           "\" is not a break point (expected a number or inf)");
    breaks.push_back(*v);
  }
  CAIRN_RETURN_IF_ERROR(CheckBreaks(breaks, named));
  return breaks;
}

Result<KnoxResult> KnoxTest(const std::vector<KnoxEvent>& all, const KnoxOptions& options) {
  CAIRN_RETURN_IF_ERROR(CheckBreaks(options.space_breaks, "space bands"));
  CAIRN_RETURN_IF_ERROR(CheckBreaks(options.time_breaks, "time bands"));
  if (options.permutations < 1 || options.permutations > kMaxPermutations)
    return Status::Usage(fmt::format("permutations: expected 1 to {}, got {}",
                                     WithCommas(kMaxPermutations), options.permutations));
  KnoxResult result;
  // Events with x, y and t; the others are dropped, as NearRepeat drops incomplete cases.
  std::vector<KnoxEvent> events;
  for (const KnoxEvent& e : all) {
    if (std::isfinite(e.x) && std::isfinite(e.y) && std::isfinite(e.t))
      events.push_back(e);
    else
      ++result.dropped;
  }
  const size_t n = events.size();
  if (n < 2)
    return Status::Invalid(fmt::format(
        "the Knox test needs at least 2 events with a place and a time; {} {} (and {} without)", n,
        n == 1 ? "has them" : "have them", result.dropped));
  // Pairs are counted in int64: n(n - 1) must fit, so at most 3 billion events (and uint32 rows).
  constexpr size_t kMostEvents = 3'000'000'000;
  if (n > kMostEvents)
    return Status::Invalid("too many events for the Knox test (at most 3,000,000,000)");
  result.events = static_cast<int64_t>(n);
  result.pairs = static_cast<int64_t>(n) * static_cast<int64_t>(n - 1) / 2;
  result.permutations = options.permutations;
  result.seed = options.seed;
  const Bands space = BandsOf(options.space_breaks), time = BandsOf(options.time_breaks);

  // Stage 1: the places in grid order and the pairs near in space, found once.
  const bool keep_below = space.open && space.points.front() > 0;
  const double reach = space.points.back();
  GridOrder grid;
  if (reach > 0) {
    auto g = OrderByGrid(events, reach);
    if (!g.ok()) return g.status();
    grid = std::move(g).value();
  } else {
    grid.order.resize(n);
    for (size_t i = 0; i < n; ++i) grid.order[i] = i;
    grid.cx.assign(n, 0), grid.cy.assign(n, 0);
  }
  std::vector<double> xs(n), ys(n), ts(n);
  for (size_t p = 0; p < n; ++p) {
    const KnoxEvent& e = events[grid.order[p]];
    xs[p] = e.x, ys[p] = e.y, ts[p] = e.t;
  }
  const size_t columns = time.count();
  const TimeLayout layout{time.finite_count()};
  const size_t stride = layout.stride();
  if ((space.count() + 1) * stride > 65535)
    return Status::Usage(fmt::format(
        "{} spatial × {} time bands is too many (at most 65,535 cells)", space.count(), columns));
  auto rows = reach > 0 ? FindClosePairs(xs, ys, grid, space, keep_below, options.distance, stride)
                        : Result<CloseRows>(CloseRows{});
  if (!rows.ok()) return rows.status();
  const size_t finite_rows = space.finite_count();
  for (int64_t total : rows->totals) result.close_pairs += total;

  // Stage 2: totals over all N pairs, which no permutation changes.
  for (size_t s = 0; s < finite_rows; ++s) result.row_totals.push_back(rows->totals[s]);
  if (space.open) result.row_totals.push_back(result.pairs - result.close_pairs);
  std::vector<double> sorted = ts;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> closer;
  for (double b : time.points) closer.push_back(PairsCloserThan(sorted, b));
  for (size_t c = 0; c + 1 < closer.size(); ++c)
    result.column_totals.push_back(closer[c + 1] - closer[c]);
  if (time.open) result.column_totals.push_back(result.pairs - closer.back());

  // Stage 3: the observed table and the permuted ones, over the close pairs only.
  std::vector<int64_t> observed;
  Tally tally;
  const double last_time = time.points.back();
  auto column_of = [&time, &layout, last_time](double d) -> uint32_t {
    if (!(d < last_time)) return layout.beyond();
    const int band = time.Of(d);
    return band < 0 ? layout.below() : static_cast<uint32_t>(band);
  };
  if (WholeDays(ts, sorted.front(), sorted.back()) && last_time <= kMaxLookupDays) {
    // Whole days: the column of every difference from a table, the last entry for all beyond.
    std::vector<int32_t> days(n);
    for (size_t p = 0; p < n; ++p) days[p] = static_cast<int32_t>(ts[p] - sorted.front());
    const uint32_t size = static_cast<uint32_t>(std::ceil(last_time));
    std::vector<uint32_t> lookup(size + 1);
    for (uint32_t d = 0; d <= size; ++d) lookup[d] = column_of(d);
    auto band_of = [table = lookup.data(), size](int32_t d) -> uint32_t {
      return table[std::min(static_cast<uint32_t>(d), size)];
    };
    tally = Permute(*rows, days, band_of, layout, result.column_totals, finite_rows, space.open,
                    options, &observed);
  } else {
    tally = Permute(*rows, ts, column_of, layout, result.column_totals, finite_rows, space.open,
                    options, &observed);
  }

  // Stage 4: one row per cell.
  result.time_bands = columns;
  for (size_t s = 0; s < result.row_totals.size(); ++s)
    for (size_t c = 0; c < columns; ++c) {
      const size_t at = s * columns + c;
      KnoxCell cell;
      cell.space_from = space.from(s), cell.space_to = space.to(s);
      cell.time_from = time.from(c), cell.time_to = time.to(c);
      cell.observed = observed[at];
      cell.expected = static_cast<double>(result.row_totals[s]) *
                      static_cast<double>(result.column_totals[c]) /
                      static_cast<double>(result.pairs);
      if (cell.expected > 0) cell.ratio = static_cast<double>(cell.observed) / cell.expected;
      cell.sim_mean = static_cast<double>(tally.sum[at]) / options.permutations;
      cell.sim_at_least = tally.at_least[at];
      cell.pvalue = static_cast<double>(cell.sim_at_least + 1) / (options.permutations + 1);
      result.cells.push_back(cell);
    }
  return result;
}

}  // namespace cairn
