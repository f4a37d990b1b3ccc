// The Cairn side of the query benchmark (bench/query_bench.sh): how long one `cairn query` question
// takes once the snapshot is in memory. Opens the store named by CAIRN_BENCH_DB, builds the
// snapshot from the store once (BuildFrame) and loads it once exactly as `cairn query` does
// (LoadFrame, with the store's snapshot cache path), reporting both times separately, then times
// BM_CairnQuery: PrepareSelection (compiling the --where expression and evaluating it into the
// per-event mask) plus RunQuery (grouping and counting the selected events), both inside the timed
// loop, as `cairn query` runs them after the snapshot load.
// BM_Selection and BM_Grouping time the two halves apart (for reading a profile, not a target).
//
//   CAIRN_BENCH_DB=bench/work/q20m.db build/cairn_query_bench --benchmark_format=json
//
// Environment: CAIRN_BENCH_DB (required), CAIRN_BENCH_WHERE and CAIRN_BENCH_BY (override the
// question; query_bench.sh passes the same strings to `cairn query` for its cross-check). The
// snapshot build and load times and the number of events go to the benchmark context, the answer's
// size (groups, selected events) to its counters, so they appear in console and JSON output.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/query.h"
#include "analysis/selection.h"
#include "engine/config_dir.h"
#include "snapshot/frame.h"
#include "store/store.h"
#include "util/strings.h"

namespace {

// The issue's question: three conditions, grouped by two dimensions.
constexpr const char* kDefaultWhere =
    R"(category in ("Violence and sexual offences", "Robbery", "Possession of weapons") and )"
    R"(month >= "2023-01" and force != "Force 02 Constabulary")";
constexpr const char* kDefaultBy = "month,force";

std::shared_ptr<const cairn::Frame> g_frame;
std::optional<cairn::Configuration> g_config;  // read once, as the engine does
std::string g_where;
std::vector<std::string> g_by;

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string(fallback);
}

long PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;  // kilobytes on Linux
}

void BM_CairnQuery(benchmark::State& state) {
  size_t groups = 0;
  double selected = 0;
  for (auto _ : state) {
    cairn::QuerySpec spec;  // fresh each time: PrepareSelection may fill it in
    spec.by = g_by;
    auto mask = cairn::PrepareSelection(*g_config, *g_frame, g_where, spec, "cchi");
    if (!mask.ok()) {
      state.SkipWithError(("--where: " + mask.status().message()).c_str());
      return;
    }
    auto result = cairn::RunQuery(*g_frame, spec, *mask);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    groups = result->rows.size();
    selected = 0;
    for (const auto& row : result->rows) selected += row.value;
    benchmark::DoNotOptimize(result->rows.data());
    benchmark::ClobberMemory();
  }
  state.counters["events"] = static_cast<double>(g_frame->rows);
  state.counters["groups"] = static_cast<double>(groups);
  state.counters["selected"] = selected;
}

// The two halves of BM_CairnQuery, timed apart to show where its time goes: the selection alone
// (the --where mask), and the grouping alone (RunQuery over a mask computed once beforehand).
void BM_Selection(benchmark::State& state) {
  for (auto _ : state) {
    cairn::QuerySpec spec;
    spec.by = g_by;
    auto mask = cairn::PrepareSelection(*g_config, *g_frame, g_where, spec, "cchi");
    if (!mask.ok()) {
      state.SkipWithError(("--where: " + mask.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(mask->data());
    benchmark::ClobberMemory();
  }
}

void BM_Grouping(benchmark::State& state) {
  cairn::QuerySpec spec;
  spec.by = g_by;
  auto mask = cairn::PrepareSelection(*g_config, *g_frame, g_where, spec, "cchi");
  if (!mask.ok()) {
    state.SkipWithError(("--where: " + mask.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    auto result = cairn::RunQuery(*g_frame, spec, *mask);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(result->rows.data());
    benchmark::ClobberMemory();
  }
}

// Besides mean, median, stddev and cv: the fastest repetition, steadier than the median when
// other processes share the machine.
double Fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

BENCHMARK(BM_CairnQuery)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinWarmUpTime(0.3)
    ->Repetitions(10)
    ->ComputeStatistics("min", Fastest)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_Selection)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ComputeStatistics("min", Fastest)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_Grouping)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ComputeStatistics("min", Fastest)
    ->ReportAggregatesOnly(true);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  const std::string db = EnvOr("CAIRN_BENCH_DB", "");
  if (db.empty()) {
    std::fprintf(stderr, "set CAIRN_BENCH_DB to a Cairn store (see bench/query_bench.sh)\n");
    return 2;
  }
  g_where = EnvOr("CAIRN_BENCH_WHERE", kDefaultWhere);
  for (const auto& d : cairn::Split(EnvOr("CAIRN_BENCH_BY", kDefaultBy), ','))
    g_by.emplace_back(cairn::Trim(d));

  auto store = cairn::OpenSqliteStore(db, {cairn::StoreAccess::kRead});
  if (!store.ok()) {
    std::fprintf(stderr, "%s: %s\n", db.c_str(), store.status().message().c_str());
    return 1;
  }
  // The snapshot, timed once each way and reported separately, not part of the query time: built
  // from the store (BuildFrame: decoding every event chunk), then loaded as `cairn query` loads it
  // (LoadFrame: from the cache file beside the store when it matches the store's data version,
  // which query_bench.sh's `cairn query` run has just ensured; otherwise built and cached).
  auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  double build_s = 0;
  {
    auto started = std::chrono::steady_clock::now();
    auto built = cairn::BuildFrame(**store);
    build_s = seconds_since(started);
    if (!built.ok()) {
      std::fprintf(stderr, "snapshot: %s\n", built.status().message().c_str());
      return 1;
    }
    std::fprintf(stderr, "snapshot build: %.3f s (BuildFrame, %zu events)\n", build_s,
                 (*built)->rows);
  }  // freed before the load, so the two frames are never in memory together
  auto started = std::chrono::steady_clock::now();
  auto config_dir = cairn::FindConfig("");
  auto config = config_dir.ok() ? cairn::Configuration::Load(config_dir->dir)
                                : cairn::Result<cairn::Configuration>(config_dir.status());
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.status().message().c_str());
    return 1;
  }
  g_config = std::move(config).value();
  auto frame = cairn::LoadFrame(**store, cairn::SnapshotPathFor(db));
  double load_s = seconds_since(started);
  if (!frame.ok()) {
    std::fprintf(stderr, "snapshot: %s\n", frame.status().message().c_str());
    return 1;
  }
  g_frame = std::move(frame).value();
  std::fprintf(stderr, "snapshot load: %.3f s (LoadFrame, %zu events, peak RSS %ld MiB)\n", load_s,
               g_frame->rows, PeakRssMiB());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", build_s);
  benchmark::AddCustomContext("snapshot_build_seconds", buf);
  std::snprintf(buf, sizeof buf, "%.3f", load_s);
  benchmark::AddCustomContext("snapshot_load_seconds", buf);
  benchmark::AddCustomContext("snapshot_events", std::to_string(g_frame->rows));
  benchmark::AddCustomContext("peak_rss_mib_after_load", std::to_string(PeakRssMiB()));
  benchmark::AddCustomContext("where", g_where);
  benchmark::AddCustomContext("by", cairn::Join(g_by, ","));

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::fprintf(stderr, "peak RSS: %ld MiB\n", PeakRssMiB());
  return 0;
}
