// The Knox test for space-time clustering, as the NearRepeat R package (wsteenbeek/NearRepeat,
// R/NearRepeat.R) and the Near Repeat Calculator compute it (../shared/METHODS.md section 4):
// every unordered pair of events is put in a spatial band and a temporal band, bands are
// intervals [a, b) between break points (R's cut(..., right = FALSE)), and pairs outside every
// band are left out. The null distribution comes from permuting the events' times among their
// places, locations fixed. See knox.cc for the method, the speed-ups and a worked example.
//
// Thread safety: KnoxTest is a pure function; it starts its own threads (options.threads) and
// the result does not depend on how many.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

enum class KnoxDistance { kManhattan, kEuclidean };
const char* KnoxDistanceName(KnoxDistance distance);

struct KnoxEvent {
  double x = 0, y = 0;  // metres (British National Grid), NaN when unknown
  double t = 0;         // days, NaN when unknown
};

struct KnoxOptions {
  // Break points, strictly increasing from 0 or more; only the last may be +infinity, which
  // makes the last band open-ended. At least two each (one band).
  std::vector<double> space_breaks, time_breaks;
  KnoxDistance distance = KnoxDistance::kManhattan;
  int permutations = 999;  // 1 to 1,000,000
  uint64_t seed = 1;
  int threads = 2;
};

struct KnoxCell {
  double space_from = 0, space_to = 0, time_from = 0, time_to = 0;  // [from, to); to may be inf
  int64_t observed = 0;
  double expected = 0;          // row total × column total / pairs, exact under permutation
  std::optional<double> ratio;  // observed / expected; empty when expected is 0
  double sim_mean = 0;          // mean count over the permuted tables
  int64_t sim_at_least = 0;     // permuted tables with a count ≥ observed
  double pvalue = 1;            // (sim_at_least + 1) / (permutations + 1)
};

struct KnoxResult {
  int64_t events = 0;   // used: with x, y and t
  int64_t dropped = 0;  // without x, y or t
  int64_t pairs = 0;    // events × (events − 1) / 2
  // Pairs per spatial band and per temporal band, over all pairs (pairs in no band of the other
  // kind included): the totals of the expectation.
  std::vector<int64_t> row_totals, column_totals;
  int64_t close_pairs = 0;  // pairs counted one by one: nearer than the last finite spatial break
  std::vector<KnoxCell> cells;  // spatial band by spatial band, time bands within each
  size_t time_bands = 0;
  int permutations = 0;
  uint64_t seed = 0;
};

// Cairn's default bands (docs/stats.md): the same place, then 200 m steps to 1 km; weeks to four
// weeks. Pairs farther apart in space or time are in no band.
inline constexpr char kKnoxDefaultSpaceBands[] = "0,1,200,400,600,800,1000";
inline constexpr char kKnoxDefaultTimeBands[] = "0,7,14,21,28";

// "0,1,101,201,inf" → {0, 1, 101, 201, +inf}. Errors name the option, e.g.
//   --space-bands "0,100,50": break points must increase (50 follows 100)
Result<std::vector<double>> ParseBreaks(std::string_view text, const std::string& option);
// The same checks on break points already parsed; `name` goes in the message.
Status CheckBreaks(const std::vector<double>& breaks, const std::string& name);

// The options as `cairn stats knox` and `cairn nearrepeat` take them: break points as text, the
// distance by name ("manhattan" or "euclidean"), permutations from 1 to 1,000,000, the seed.
// Errors name the flag.
Result<KnoxOptions> KnoxOptionsFromFlags(std::string_view space_bands, std::string_view time_bands,
                                         const std::string& distance, int permutations,
                                         uint64_t seed);

// The Knox test over the events with finite x, y and t (the others are counted in `dropped`).
// Errors: fewer than 2 such events, bad breaks or permutations, more than 500 million pairs
// within the last finite spatial break (choose smaller bands).
Result<KnoxResult> KnoxTest(const std::vector<KnoxEvent>& events, const KnoxOptions& options);

// The highlighting convention of the Near Repeat Calculator (METHODS 4.1): p ≤ 0.05 and
// observed at least 20% above expectation.
inline constexpr double kNearRepeatAlpha = 0.05, kNearRepeatRatio = 1.2;
bool IsNearRepeatCell(const KnoxCell& cell);

// The permutation generator, public so its reproducibility can be tested: permutation k
// (0-based) of a run with seed s shuffles with std::mt19937_64 seeded by SplitMix64(s + k)
// (std::mt19937_64's output is fixed by the C++ standard); uniform integers in [0, m) from the
// upper 32 bits of each output by Lemire's multiply-and-reject (knox.cc); Fisher-Yates from the
// last element down, swapping element i with a uniform j in [0, i]. The same seed gives
// the same permutations on every platform and with any number of threads.
uint64_t KnoxPermutationSeed(uint64_t seed, uint64_t k);
void KnoxShuffle(std::vector<int32_t>& values, uint64_t engine_seed);
void KnoxShuffle(std::vector<double>& values, uint64_t engine_seed);

}  // namespace cairn
