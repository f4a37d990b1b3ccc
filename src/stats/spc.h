// Statistical process control as NHS "Making Data Count" does it (../shared/METHODS.md section 2,
// after NHSRplotthedots v0.2.2): XmR limits from the mean moving range (screened once for outliers
// at 3.267 x the mean moving range), "2-sigma" lines at 2/3 of the distance, and the four
// special-cause rules (a point outside the limits; a run of 7 increasing or decreasing; 2 of 3
// beyond the 2-sigma line on one side; 7 on one side of the mean), first that applies. c and u
// charts for small counts and rates (section 2.5) use the same rules with their own limits. Each
// point says which rule fired and, with an improvement direction, whether it is improvement or
// concern; the last point gives the variation icon, a target the assurance icon.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

enum class SpcChart { kXmR, kC, kU };
enum class Improvement { kIncrease, kDecrease, kNeutral };

struct SpcOptions {
  SpcChart chart = SpcChart::kXmR;
  Improvement improvement = Improvement::kNeutral;
  std::optional<double> target;
  int run_length = 7;             // 7 (NHSRplotthedots) or 6 (the MDC Excel tool's option)
  int fix_after = 0;              // limits from the first N points of each group; 0: all (>= 12)
  bool screen_outliers = true;    // XmR: drop moving ranges >= 3.267 x their mean, once
  std::vector<size_t> rebase_at;  // indices where a new group (new limits) starts
};

enum class SpcRule { kNone, kOutside, kTrend, kTwoOfThree, kRun };

struct SpcPoint {
  double value = 0;  // the plotted value (u chart: count / exposure)
  double mean = 0, lpl = 0, upl = 0, nlpl = 0, nupl = 0;
  SpcRule rule = SpcRule::kNone;
  int side = 0;  // +1 above / increasing, -1 below / decreasing, 0 common cause
  // "common_cause", "special_cause_improvement", "special_cause_concern",
  // "special_cause_neutral_high", "special_cause_neutral_low"
  std::string point_type;
  int group = 0;  // rebase group
};

struct SpcResult {
  std::vector<SpcPoint> points;
  std::string variation;     // the last point's type as MDC's variation icon names it
  std::string assurance;     // consistent_pass, consistent_fail, inconsistent; "" without target
  bool short_group = false;  // the last group has fewer than 13 points: trial limits
  std::vector<std::string> notes;
};

// `values`: one per period, in date order (c chart: counts; u chart: counts, with `exposure`).
Result<SpcResult> RunSpc(const std::vector<double>& values, const std::vector<double>& exposure,
                         const SpcOptions& options);

// As the issue names them: "outside_limits", "trend", "two_of_three", "shift" (7 on one side), "".
const char* SpcRuleName(SpcRule rule);

}  // namespace cairn
