#include "stats/spc.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cairn {

namespace {

constexpr double kLimitFactor = 2.66;             // 3 / d2, d2 = 1.128 for moving ranges of 2
constexpr double kOutlierFactor = 3.267;          // D4 for n = 2
constexpr double kNearFactor = 2.0 * 2.66 / 3.0;  // the "2-sigma" lines
constexpr size_t kShortGroup = 13;

double Mean(const std::vector<double>& v) {
  return v.empty() ? NAN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Limits for points [begin, end) of one group.
void XmRLimits(const std::vector<double>& y, size_t begin, size_t end, const SpcOptions& o,
               std::vector<SpcPoint>* points) {
  const size_t fixed_end = o.fix_after > 0 ? std::min(end, begin + o.fix_after) : end;
  const std::vector<double> fix(y.begin() + static_cast<long>(begin),
                                y.begin() + static_cast<long>(fixed_end));
  const double mean = Mean(fix);
  std::vector<double> mr;
  for (size_t i = 1; i < fix.size(); ++i) mr.push_back(std::fabs(fix[i] - fix[i - 1]));
  double amr = Mean(mr);
  if (o.screen_outliers && !mr.empty()) {
    std::vector<double> kept;
    for (double r : mr)
      if (r < kOutlierFactor * amr) kept.push_back(r);
    amr = Mean(kept);
  }
  // No moving range (one point), or every one screened out (a constant series: each is 0, not
  // below 3.267 times 0): no limits, NaN as NHSRplotthedots gives NA.
  for (size_t i = begin; i < end; ++i) {
    SpcPoint& p = (*points)[i];
    p.mean = mean;
    p.lpl = mean - kLimitFactor * amr;
    p.upl = mean + kLimitFactor * amr;
    p.nlpl = mean - kNearFactor * amr;
    p.nupl = mean + kNearFactor * amr;
  }
}

// c chart (counts) or u chart (counts per exposure) limits for [begin, end).
void PoissonLimits(const std::vector<double>& counts, const std::vector<double>& exposure,
                   bool u_chart, size_t begin, size_t end, const SpcOptions& o,
                   std::vector<SpcPoint>* points) {
  const size_t fixed_end = o.fix_after > 0 ? std::min(end, begin + o.fix_after) : end;
  double sum = 0, n = 0;
  for (size_t i = begin; i < fixed_end; ++i) {
    sum += counts[i];
    n += u_chart ? exposure[i] : 1.0;
  }
  const double centre = n > 0 ? sum / n : NAN;
  for (size_t i = begin; i < end; ++i) {
    SpcPoint& p = (*points)[i];
    const double sigma = std::sqrt(centre / (u_chart ? exposure[i] : 1.0));
    p.mean = centre;
    p.upl = centre + 3 * sigma;
    p.lpl = std::max(0.0, centre - 3 * sigma);
    p.nupl = centre + 2 * sigma;
    p.nlpl = std::max(0.0, centre - 2 * sigma);
  }
}

int Sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

// The special-cause rules over [begin, end), first that applies per point.
void ApplyRules(size_t begin, size_t end, int run, std::vector<SpcPoint>* points) {
  auto& p = *points;
  const size_t n = end - begin;
  std::vector<int> outside(n), rtm(n), close(n), trend(n, 0), two_of_three(n, 0), side(n, 0);
  for (size_t k = 0; k < n; ++k) {
    const SpcPoint& q = p[begin + k];
    outside[k] = q.value > q.upl ? 1 : q.value < q.lpl ? -1 : 0;
    rtm[k] = Sign(q.value - q.mean);
    close[k] = outside[k] == 0 && (q.value < q.nlpl || q.value > q.nupl);
  }
  const size_t L = static_cast<size_t>(run);
  // Trend: L points, each strictly above (below) the one before; every point of the run flagged,
  // its direction from the differences.
  for (size_t e = L - 1; e < n; ++e) {
    int dir = Sign(p[begin + e].value - p[begin + e - 1].value);
    bool all = dir != 0;
    for (size_t k = e - (L - 2); all && k <= e; ++k)
      all = Sign(p[begin + k].value - p[begin + k - 1].value) == dir;
    if (all)
      for (size_t k = e + 1 - L; k <= e; ++k) trend[k] = dir;
  }
  // Two of three beyond the 2-sigma line, all three on one side: the close points are flagged.
  for (size_t s = 0; s + 3 <= n; ++s) {
    const int sum = rtm[s] + rtm[s + 1] + rtm[s + 2];
    if (std::abs(sum) == 3 && close[s] + close[s + 1] + close[s + 2] >= 2)
      for (size_t k = s; k < s + 3; ++k)
        if (close[k]) two_of_three[k] = rtm[k];
  }
  // L points on one side of the mean (a point on the mean breaks the run).
  for (size_t e = L - 1; e < n; ++e) {
    bool same = rtm[e] != 0;
    for (size_t k = e + 1 - L; same && k < e; ++k) same = rtm[k] == rtm[e];
    if (same)
      for (size_t k = e + 1 - L; k <= e; ++k) side[k] = rtm[e];
  }
  for (size_t k = 0; k < n; ++k) {
    SpcPoint& q = p[begin + k];
    if (outside[k])
      q.rule = SpcRule::kOutside, q.side = outside[k];
    else if (trend[k])
      q.rule = SpcRule::kTrend, q.side = trend[k];
    else if (two_of_three[k])
      q.rule = SpcRule::kTwoOfThree, q.side = two_of_three[k];
    else if (side[k])
      q.rule = SpcRule::kRun, q.side = side[k];
  }
}

std::string PointType(const SpcPoint& p, Improvement improvement) {
  if (p.rule == SpcRule::kNone) return "common_cause";
  if (improvement == Improvement::kNeutral)
    return p.side > 0 ? "special_cause_neutral_high" : "special_cause_neutral_low";
  const int dir = improvement == Improvement::kIncrease ? 1 : -1;
  return p.side * dir > 0 ? "special_cause_improvement" : "special_cause_concern";
}

// MDC's variation icon for the last point.
std::string Variation(const SpcPoint& p, Improvement improvement) {
  const std::string type = PointType(p, improvement);
  if (type == "common_cause") return "common_cause";
  if (improvement == Improvement::kNeutral) return p.side > 0 ? "neutral_high" : "neutral_low";
  const bool high = p.side > 0;
  return (type == "special_cause_improvement" ? "improvement_" : "concern_") +
         std::string(high ? "high" : "low");
}

std::string Assurance(const SpcPoint& last, const SpcOptions& o) {
  if (!o.target || o.improvement == Improvement::kNeutral) return "";
  const bool up = o.improvement == Improvement::kIncrease;
  if (*o.target > last.upl) return up ? "consistent_fail" : "consistent_pass";
  if (*o.target < last.lpl) return up ? "consistent_pass" : "consistent_fail";
  return "inconsistent";
}

Status Check(const std::vector<double>& values, const std::vector<double>& exposure,
             const SpcOptions& o) {
  if (values.empty()) return Status::Invalid("no values: a chart needs at least one period");
  for (double v : values)
    if (!std::isfinite(v)) return Status::Invalid("every value must be a finite number");
  if (o.run_length != 6 && o.run_length != 7)
    return Status::Usage("the run length must be 6 or 7 points");
  if (o.fix_after != 0 && o.fix_after < 12)
    return Status::Usage("limits fixed after fewer than 12 points are too unstable to use");
  if (o.chart == SpcChart::kU) {
    if (exposure.size() != values.size())
      return Status::Invalid("a u chart needs one exposure per value");
    for (double n : exposure)
      if (!(n > 0) || !std::isfinite(n)) return Status::Invalid("every exposure must be above 0");
  }
  if (o.chart != SpcChart::kXmR)
    for (double v : values)
      if (v < 0) return Status::Invalid("c and u charts count events: no value may be below 0");
  for (size_t at : o.rebase_at)
    if (at == 0 || at >= values.size())
      return Status::Usage("a rebase must start a new group inside the series");
  return Status::Ok();
}

}  // namespace

const char* SpcRuleName(SpcRule rule) {
  switch (rule) {
    case SpcRule::kOutside:
      return "outside_limits";
    case SpcRule::kTrend:
      return "trend";
    case SpcRule::kTwoOfThree:
      return "two_of_three";
    case SpcRule::kRun:
      return "shift";
    case SpcRule::kNone:
      break;
  }
  return "";
}

Result<SpcResult> RunSpc(const std::vector<double>& values, const std::vector<double>& exposure,
                         const SpcOptions& o) {
  CAIRN_RETURN_IF_ERROR(Check(values, exposure, o));
  SpcResult result;
  result.points.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    result.points[i].value = o.chart == SpcChart::kU ? values[i] / exposure[i] : values[i];
  std::vector<size_t> starts = {0};
  std::vector<size_t> rebase = o.rebase_at;
  std::sort(rebase.begin(), rebase.end());
  for (size_t at : rebase)
    if (at != starts.back()) starts.push_back(at);
  starts.push_back(values.size());
  std::vector<double> plotted(values.size());
  for (size_t i = 0; i < values.size(); ++i) plotted[i] = result.points[i].value;
  for (size_t g = 0; g + 1 < starts.size(); ++g) {
    const size_t begin = starts[g], end = starts[g + 1];
    if (o.chart == SpcChart::kXmR)
      XmRLimits(plotted, begin, end, o, &result.points);
    else
      PoissonLimits(values, exposure, o.chart == SpcChart::kU, begin, end, o, &result.points);
    ApplyRules(begin, end, o.run_length, &result.points);
    for (size_t i = begin; i < end; ++i) result.points[i].group = static_cast<int>(g);
    result.short_group = end - begin < kShortGroup;
  }
  for (SpcPoint& p : result.points) p.point_type = PointType(p, o.improvement);
  result.variation = Variation(result.points.back(), o.improvement);
  result.assurance = Assurance(result.points.back(), o);
  if (result.short_group)
    result.notes.push_back(
        "the latest group has fewer than 13 points: its limits are trial limits "
        "and may move as more data comes in");
  return result;
}

}  // namespace cairn
