// Matching, balance and group differences (see matching.h for the methods and references).
// Nearest-neighbour matching keeps the comparison logits sorted, so each treated person looks
// outward from where their own logit falls and skips those already taken: O(n log n) to sort and
// a short walk per person while few are taken.
#include "stats/matching.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

namespace cairn {

std::vector<std::pair<size_t, size_t>> MatchNearestNeighbour(const std::vector<double>& treated,
                                                             const std::vector<double>& comparison,
                                                             double caliper,
                                                             const std::vector<uint32_t>* owner) {
  std::vector<size_t> order(comparison.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return comparison[a] < comparison[b]; });
  std::vector<double> sorted(order.size());
  for (size_t k = 0; k < order.size(); ++k) sorted[k] = comparison[order[k]];
  std::vector<bool> used(order.size(), false);
  std::vector<bool> owner_used;
  if (owner)
    for (uint32_t o : *owner) owner_used.resize(std::max<size_t>(owner_used.size(), o + 1), false);
  // Marks every candidate of a taken owner as used, lazily: checked when a candidate is met.
  auto taken = [&](size_t k) { return used[k] || (owner && owner_used[(*owner)[order[k]]]); };
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t t = 0; t < treated.size(); ++t) {
    const double x = treated[t];
    const size_t at = std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin();
    // Nearest unused on each side.
    std::optional<size_t> best;
    for (size_t k = at; k < sorted.size(); ++k)
      if (!taken(k)) {
        best = k;
        break;
      }
    for (size_t k = at; k-- > 0;) {
      if (taken(k)) continue;
      const double below = x - sorted[k];
      if (!best || below < sorted[*best] - x ||
          (below == sorted[*best] - x && order[k] < order[*best]))
        best = k;
      break;
    }
    if (!best || std::abs(sorted[*best] - x) > caliper) continue;
    used[*best] = true;
    if (owner) owner_used[(*owner)[order[*best]]] = true;
    pairs.emplace_back(t, order[*best]);
  }
  return pairs;
}

double Mean(const std::vector<double>& values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double SampleSd(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double m = Mean(values);
  double sum = 0;
  for (double v : values) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

std::optional<double> StandardisedDifference(const std::vector<double>& treated,
                                             const std::vector<double>& comparison, bool binary) {
  if (treated.empty() || comparison.empty()) return std::nullopt;
  const double mt = Mean(treated), mc = Mean(comparison);
  const double vt = binary ? mt * (1 - mt) : std::pow(SampleSd(treated), 2);
  const double vc = binary ? mc * (1 - mc) : std::pow(SampleSd(comparison), 2);
  const double pooled = std::sqrt((vt + vc) / 2);
  if (pooled == 0) return mt == mc ? std::optional<double>(0) : std::nullopt;
  return (mt - mc) / pooled;
}

namespace {

// Wilson score interval for x/n at z.
std::pair<double, double> Wilson(double x, double n, double z) {
  const double p = x / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {centre - half, centre + half};
}

constexpr double kZ = 1.959963984540054;

double TwoSidedNormalP(double z) {
  return 2 * boost::math::cdf(
                 boost::math::complement(boost::math::normal_distribution<>(), std::abs(z)));
}

}  // namespace

std::optional<GroupDifference> DifferenceOfProportions(double x1, double n1, double x2, double n2) {
  if (n1 <= 0 || n2 <= 0) return std::nullopt;
  const double p1 = x1 / n1, p2 = x2 / n2;
  const auto [l1, u1] = Wilson(x1, n1, kZ);
  const auto [l2, u2] = Wilson(x2, n2, kZ);
  GroupDifference d;
  d.difference = p1 - p2;
  d.lower95 = d.difference - std::sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
  d.upper95 = d.difference + std::sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
  const double pooled = (x1 + x2) / (n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  d.p = se > 0 ? TwoSidedNormalP(d.difference / se) : 1;
  return d;
}

std::optional<GroupDifference> WelchDifference(const std::vector<double>& treated,
                                               const std::vector<double>& comparison) {
  if (treated.size() < 2 || comparison.size() < 2) return std::nullopt;
  const double n1 = static_cast<double>(treated.size()),
               n2 = static_cast<double>(comparison.size());
  const double v1 = std::pow(SampleSd(treated), 2) / n1,
               v2 = std::pow(SampleSd(comparison), 2) / n2;
  const double se = std::sqrt(v1 + v2);
  if (!(se > 0)) return std::nullopt;
  const double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
  const boost::math::students_t dist(df);
  GroupDifference d;
  d.difference = Mean(treated) - Mean(comparison);
  const double q = boost::math::quantile(dist, 0.975);
  d.lower95 = d.difference - q * se;
  d.upper95 = d.difference + q * se;
  d.p = 2 * boost::math::cdf(boost::math::complement(dist, std::abs(d.difference / se)));
  return d;
}

std::optional<MeanInterval> MeanWithInterval(const std::vector<double>& values) {
  if (values.size() < 2) return std::nullopt;
  const double n = static_cast<double>(values.size());
  const double half = boost::math::quantile(boost::math::students_t(n - 1), 0.975) *
                      SampleSd(values) / std::sqrt(n);
  const double mean = Mean(values);
  return MeanInterval{mean, mean - half, mean + half};
}

}  // namespace cairn
