// The log-rank (Mantel-Cox) test of two survival curves, as `cairn evaluate` uses it for the time
// to first proven reoffence: at each distinct event time t, with n1 and n2 people still at risk
// (their time is t or later, so a person censored at t is at risk at t) and d1 and d2 events at t
// (d = d1 + d2, n = n1 + n2), group 1's expected events are d n1 / n and the variance of
// O1 - E1 adds n1 n2 d (n - d) / (n^2 (n - 1)); the statistic (O1 - E1)^2 / V is chi-square with
// one degree of freedom (Bland and Altman, "The logrank test", BMJ 2004;328:1073). The hazard ratio
// of group 1 to group 2 is Peto's one-step estimate exp((O1 - E1) / V), with the 95% interval
// exp((O1 - E1) / V +- 1.96 / sqrt(V)).
//
// Worked example (survival_test.cc): group 1 times 3, 5, 5+, 8, 10+ and group 2 times 1, 3, 4, 5,
// 6+ ("+" censored) give O1 = 3, E1 = 569/126 = 4.5159, V = 101809/79380 = 1.2826, chi-square
// 1.7916, p = 0.1807.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <vector>

namespace cairn {

struct SurvivalTime {
  double time = 0;     // from the start of follow-up, in any unit
  bool event = false;  // true: the event happened at `time`; false: censored at `time`
};

struct LogRankResult {
  double observed1 = 0, expected1 = 0, observed2 = 0, expected2 = 0;
  double variance = 0;  // of observed1 - expected1
  double chi_square = 0, p = 1;
  double hazard_ratio = 1, lower95 = 1, upper95 = 1;  // group 1 against group 2 (Peto)
};

// nullopt when either group is empty or the variance is 0 (no event, or no time at which both
// groups were at risk and someone survived it).
std::optional<LogRankResult> LogRank(const std::vector<SurvivalTime>& group1,
                                     const std::vector<SurvivalTime>& group2);

}  // namespace cairn
