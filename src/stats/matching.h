// Propensity-score matching and the statistics that judge it and its outcomes, as the Ministry of
// Justice's Justice Data Lab does (../shared/METHODS.md section 8.1; docs/evaluate.md).
//
// Matching: greedy nearest-neighbour 1:1 on the logit of the propensity score, without
// replacement, within a caliper (Austin 2011, "Optimal caliper widths for propensity-score
// matching", Pharmaceutical Statistics 10:150-161, recommends 0.2 standard deviations of the
// logit). Treated people are taken in the order given; each takes the nearest unused comparison
// person (on a tie, the one given first) if within the caliper, else stays unmatched.
//
// Standardised difference (Austin 2009, Statistics in Medicine 28:3083-3107): for a continuous
// covariate (mean_t - mean_c) / sqrt((s_t^2 + s_c^2) / 2) with sample variances; for a 0/1
// covariate (p_t - p_c) / sqrt((p_t(1 - p_t) + p_c(1 - p_c)) / 2). Worked example: treated ages
// 14, 15, 16 (mean 15, s^2 1) against 13, 15 (mean 14, s^2 2): (15 - 14) / sqrt(1.5) = 0.8165.
//
// Differences between two independent groups (treated minus comparison):
//  - proportions: Newcombe's hybrid score interval (Newcombe 1998, Statistics in Medicine
//    17:873-890, method 10, from the two Wilson intervals) and the two-sided pooled two-proportion
//    z test; example 10/50 vs 20/50: difference -0.2, 95% -0.3636 to -0.0201, p = 0.0291;
//  - means: Welch's t interval and test, with Welch-Satterthwaite degrees of freedom.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace cairn {

// Pairs (treated index, comparison index) for each treated person matched; `caliper` is the
// largest allowed |logit difference| (inclusive). When `owner` is given (one entry per comparison
// candidate), candidates with the same owner are one person at different dates, and once one of
// them is taken the others are skipped too.
std::vector<std::pair<size_t, size_t>> MatchNearestNeighbour(
    const std::vector<double>& treated, const std::vector<double>& comparison, double caliper,
    const std::vector<uint32_t>* owner = nullptr);

// Sample standard deviation (n - 1); 0 for fewer than two values.
double SampleSd(const std::vector<double>& values);
double Mean(const std::vector<double>& values);

// Standardised difference of a covariate between groups; `binary` for a 0/1 covariate. nullopt
// when a group is empty; 0 when both spreads are 0 and the means agree (infinite when they do not
// is reported as nullopt).
std::optional<double> StandardisedDifference(const std::vector<double>& treated,
                                             const std::vector<double>& comparison, bool binary);

struct GroupDifference {
  double difference = 0;  // treated minus comparison
  double lower95 = 0, upper95 = 0;
  double p = 1;  // two-sided
};

// Difference of proportions x1/n1 - x2/n2 (Newcombe interval, pooled z test). nullopt when a group
// is empty.
std::optional<GroupDifference> DifferenceOfProportions(double x1, double n1, double x2, double n2);
// Difference of means (Welch). nullopt when a group has fewer than two values or both have no
// spread.
std::optional<GroupDifference> WelchDifference(const std::vector<double>& treated,
                                               const std::vector<double>& comparison);

// The mean of `values` with its 95% interval from Student's t on n - 1 degrees of freedom: for
// pairs' differences (after minus before), the paired interval. nullopt for fewer than two values.
// E.g. {1, 2, 3, 4, 5}: mean 3, sd 1.581, t(4) 2.776, so 3 +/- 1.963.
struct MeanInterval {
  double mean = 0, lower95 = 0, upper95 = 0;
};
std::optional<MeanInterval> MeanWithInterval(const std::vector<double>& values);

}  // namespace cairn
