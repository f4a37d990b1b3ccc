#include "stats/survival.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>

namespace cairn {

std::optional<LogRankResult> LogRank(const std::vector<SurvivalTime>& group1,
                                     const std::vector<SurvivalTime>& group2) {
  if (group1.empty() || group2.empty()) return std::nullopt;
  // Every time, with its group, in order; at one time, events before censorings does not matter
  // (a person censored at t is at risk at t either way).
  struct Item {
    double time;
    int group;  // 0 or 1
    bool event;
  };
  std::vector<Item> items;
  for (const SurvivalTime& s : group1) items.push_back({s.time, 0, s.event});
  for (const SurvivalTime& s : group2) items.push_back({s.time, 1, s.event});
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.time < b.time; });
  double at_risk[2] = {static_cast<double>(group1.size()), static_cast<double>(group2.size())};
  LogRankResult r;
  for (size_t i = 0; i < items.size();) {
    size_t end = i;
    double events[2] = {0, 0}, leaving[2] = {0, 0};
    while (end < items.size() && items[end].time == items[i].time) {
      if (items[end].event) events[items[end].group] += 1;
      leaving[items[end].group] += 1;
      ++end;
    }
    const double n1 = at_risk[0], n2 = at_risk[1], n = n1 + n2, d = events[0] + events[1];
    if (d > 0) {
      r.observed1 += events[0];
      r.observed2 += events[1];
      r.expected1 += d * n1 / n;
      r.expected2 += d * n2 / n;
      if (n > 1) r.variance += n1 * n2 * d * (n - d) / (n * n * (n - 1));
    }
    at_risk[0] -= leaving[0];
    at_risk[1] -= leaving[1];
    i = end;
  }
  if (!(r.variance > 0)) return std::nullopt;
  const double o_minus_e = r.observed1 - r.expected1;
  r.chi_square = o_minus_e * o_minus_e / r.variance;
  r.p = boost::math::cdf(
      boost::math::complement(boost::math::chi_squared_distribution<>(1), r.chi_square));
  const double log_hr = o_minus_e / r.variance, se = 1 / std::sqrt(r.variance);
  r.hazard_ratio = std::exp(log_hr);
  r.lower95 = std::exp(log_hr - 1.959963984540054 * se);
  r.upper95 = std::exp(log_hr + 1.959963984540054 * se);
  return r;
}

}  // namespace cairn
