// The Cairn library side of the spatial benchmark (bench/spatial_bench.sh): Gi* and the quartic
// KDE on a 100 m grid, timed without the CSV reading and writing that `cairn stats` adds.
//
//   CAIRN_BENCH_POINTS=bench/work/spatial/points.csv
//   CAIRN_BENCH_CELLS=bench/work/spatial/cells.csv build/cairn_spatial_bench
//
// BM_GiStar: GetisOrdGiStar on the cells of CAIRN_BENCH_CELLS (x, y, count; lattice index and
// neighbours found inside the call, as `cairn stats gistar` does), no p-value adjustment.
// BM_GiStarSub: the same on CAIRN_BENCH_SUB_CELLS when set (the extent R's spdep is timed on).
// BM_Kde: what `cairn stats kde --cell-size 100` does once the points are read: the default
// bandwidth (DefaultBandwidth, sfhotspot rule), the grid (SquareGridCounts) and QuarticKde.
// Each runs once per repetition, 3 repetitions; the script reports the median.
// The benchmark also checks QuarticKde against the direct sum Σ (1 − d²/h²)² over every point
// within h, on every 97th cell; the largest relative difference goes to the context
// (kde_max_rel_diff_vs_direct), and it fails if that exceeds 1e-9.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stats/spatial.h"

namespace {

std::vector<cairn::Point> g_points;
std::vector<cairn::GridCell> g_cells, g_sub_cells;

// Rows of numbers from a CSV written by bench/spatial_bench.R (plain numbers, a header line).
std::vector<std::vector<double>> ReadCsv(const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path);
    std::exit(2);
  }
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> row;
    const char* p = line.c_str();
    while (*p) {
      char* end;
      row.push_back(std::strtod(p, &end));
      p = *end == ',' ? end + 1 : end;
      if (end == p && *p) break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<cairn::GridCell> ReadCells(const char* path) {
  std::vector<cairn::GridCell> cells;
  for (const auto& r : ReadCsv(path)) cells.push_back({r.at(0), r.at(1), r.at(2)});
  return cells;
}

void BM_GiStar(benchmark::State& state, const std::vector<cairn::GridCell>* cells) {
  for (auto _ : state) {
    auto g = cairn::GetisOrdGiStar(*cells, 100, cairn::PAdjust::kNone);
    if (!g.ok()) state.SkipWithError(g.status().message().c_str());
    benchmark::DoNotOptimize(g);
  }
  state.counters["cells"] = cells->size();
}

void BM_Kde(benchmark::State& state) {
  for (auto _ : state) {
    auto h = cairn::DefaultBandwidth(g_points, cairn::BandwidthRule::kSfhotspot);
    auto cells = cairn::SquareGridCounts(g_points, 100);
    if (!h.ok() || !cells.ok()) {
      state.SkipWithError("no bandwidth or grid");
      break;
    }
    auto kde = cairn::QuarticKde(g_points, *cells, *h);
    benchmark::DoNotOptimize(kde);
    state.counters["cells"] = cells->size();
    state.counters["bandwidth"] = *h;
  }
  state.counters["points"] = g_points.size();
}

// The definition, summed directly over every point.
double Direct(double x, double y, double h) {
  double sum = 0;
  for (const cairn::Point& p : g_points) {
    double dx = p.x - x, dy = p.y - y, d2 = dx * dx + dy * dy;
    if (d2 <= h * h) sum += (1 - d2 / (h * h)) * (1 - d2 / (h * h));
  }
  return sum;
}

double MaxRelDiffVsDirect() {
  double h = *cairn::DefaultBandwidth(g_points, cairn::BandwidthRule::kSfhotspot);
  auto cells = *cairn::SquareGridCounts(g_points, 100);
  auto kde = cairn::QuarticKde(g_points, cells, h);
  double worst = 0;
  for (size_t i = 0; i < cells.size(); i += 97) {
    double want = Direct(cells[i].x, cells[i].y, h);
    double diff = want == 0 ? std::fabs(kde[i]) : std::fabs(kde[i] - want) / want;
    worst = std::max(worst, diff);
  }
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  const char* points = std::getenv("CAIRN_BENCH_POINTS");
  const char* cells = std::getenv("CAIRN_BENCH_CELLS");
  const char* sub = std::getenv("CAIRN_BENCH_SUB_CELLS");
  if (!points || !cells) {
    std::fprintf(stderr,
                 "set CAIRN_BENCH_POINTS and CAIRN_BENCH_CELLS (see bench/spatial_bench.sh)\n");
    return 2;
  }
  for (const auto& r : ReadCsv(points)) g_points.push_back({r.at(0), r.at(1)});
  g_cells = ReadCells(cells);
  if (sub && *sub) g_sub_cells = ReadCells(sub);
  benchmark::Initialize(&argc, argv);
  double diff = MaxRelDiffVsDirect();
  benchmark::AddCustomContext("kde_max_rel_diff_vs_direct", std::to_string(diff));
  std::fprintf(
      stderr,
      "QuarticKde against the direct sum on every 97th cell: max relative difference %.3g\n", diff);
  if (!(diff <= 1e-9)) return 1;
  auto add = [](benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1)->Repetitions(3);
  };
  add(benchmark::RegisterBenchmark("BM_GiStar", BM_GiStar, &g_cells));
  if (!g_sub_cells.empty())
    add(benchmark::RegisterBenchmark("BM_GiStarSub", BM_GiStar, &g_sub_cells));
  add(benchmark::RegisterBenchmark("BM_Kde", BM_Kde));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
