// Rates, proportions, directly standardised rates and benchmark comparisons as OHID Fingertips and
// the PHEindicatormethods R package compute them (shared/METHODS.md section 1), so that a
// partnership's numbers agree with the published profiles to the last digit.
//
// Every interval is reported at two levels, 95% (z = 1.959963984540054) and 99.8%
// (z = 3.090232306167814), with z = Φ⁻¹(c + (1 − c)/2).
//
// Crude rate (phe_rate). value = x / n · multiplier. Below 10 events the limits are exact Poisson,
// qchisq((1 − c)/2, 2x)/2 and qchisq(c + (1 − c)/2, 2x + 2)/2 (lower = 0 for x = 0); from 10
// events they are Byar's approximation,
//   lower = x · (1 − 1/(9x) − z/(3√x))³, upper = (x+1) · (1 − 1/(9(x+1)) + z/(3√(x+1)))³,
// each divided by n and multiplied. Worked example: 9 events in 1,000 people per 1,000 → value 9,
// 95% exact interval 4.115373 to 17.084803 (qchisq(0.025, 18)/2 = 4.1153731, qchisq(0.975, 20)/2
// = 17.0848), method "Exact". 20 events in 10,000 per 1,000 → 2.0, Byar's 95% limits 1.221143 to
// 3.088988, method "Byars". A Byar's lower limit below zero is undefined (empty).
//
// Proportion (phe_proportion), Wilson score:
//   (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²)), × multiplier (default 1; 100 for a
//   percentage).
// Example: 65 of 100 → 0.65, 95% 0.552544 to 0.736358, method "Wilson".
//
// Directly standardised rate (calculate_dsr, Dobson): per age band count xᵢ, population nᵢ and
// standard population wᵢ (the 2013 European Standard Population, kEsp2013),
//   DSR = Σ xᵢwᵢ/nᵢ / Σwᵢ · mult,  var = Σ xᵢ(wᵢ/nᵢ)² / (Σwᵢ)²,
//   limit = DSR + √(var/O) · (byars(O) − O) · mult,   O = Σxᵢ,
// with Byar's whatever O is; fewer than 10 events in total → value and limits are undefined.
// Example: one band, 20 events, population 10,000, standard 100 → 200 per 100,000, with the
// Byar's limits of the crude rate (122.114, 308.899).
//
// Comparison with a benchmark (Fingertips comparator 1, "single overlapping CI"): similar if the
// benchmark lies in [lower95, upper95] (inclusive), else worse if the value is below it and better
// if above, as if high were good; the two-level variant (comparator 17) adds best/worst outside
// the 99.8% interval. Low-good polarity swaps better↔worse and best↔worst. Example: value 3.3
// (3.2–3.5) vs 3.0 → "better" when high is good, "worse" when low is good.
//
// Change between two periods: see TwoPoissonCounts below. All functions are pure and thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/status.h"

namespace cairn {

inline constexpr double kZ95 = 1.959963984540054;
inline constexpr double kZ998 = 3.090232306167814;

// European Standard Population 2013, 19 five-year bands 0–4 … 85–89, 90+ (sums to 100,000).
inline constexpr std::array<double, 19> kEsp2013 = {5000, 5500, 5500, 5500, 6000, 6000, 6500,
                                                    7000, 7000, 7000, 7000, 6500, 6000, 5500,
                                                    5000, 4000, 2500, 1500, 1000};

// z for a two-sided confidence level c in (0, 1): Φ⁻¹(c + (1 − c)/2).
double ZForConfidence(double confidence);
// Standard normal CDF and quantile.
double NormalCdf(double x);
double NormalQuantile(double p);
// Chi-squared quantile; 0 for df = 0 (as R's qchisq).
double ChiSquaredQuantile(double p, double df);

// Byar's limits for an observed count O ≥ 0; the lower limit is nullopt when negative (or O = 0).
std::optional<double> ByarsLower(double observed, double z);
double ByarsUpper(double observed, double z);

// A statistic with its 95% and 99.8% limits; an empty optional is "undefined".
struct Estimate {
  std::optional<double> value, lower95, upper95, lower998, upper998;
  std::string method;
};

// Crude rate per `multiplier` people. Errors: count < 0, population ≤ 0.
Result<Estimate> CrudeRate(double count, double population, double multiplier = 100000);
// Wilson score interval for count / denominator. Errors: count < 0, denominator ≤ 0, count >
// denominator.
Result<Estimate> WilsonProportion(double count, double denominator, double multiplier = 1);

struct AgeBand {
  AgeBand() = default;
  AgeBand(double count_, double population_, double standard_, std::string band_ = "",
          double frequency_ = 1)
      : count(count_),
        population(population_),
        standard(standard_),
        band(std::move(band_)),
        frequency(frequency_) {}
  double count = 0;       // events; with frequency ≠ 1, the people with that many events (≥ 0)
  double population = 0;  // > 0
  double standard = 0;    // standard population (≥ 0)
  // Non-independent events (calculate_dsr with independent_events = FALSE): one row per age band
  // and event frequency f, `count` people having f events each. Rows of the same `band` share its
  // population and standard, which count once in Σw. Empty band: the row is a band of its own.
  std::string band;
  double frequency = 1;  // ≥ 1
};
// Directly standardised rate (Dobson). With event frequencies (METHODS.md 1.5): events
// O = Σ f·x, DSR = Σ f·x·w/n / Σw, and the variance Σ_f f²·var_f, where var_f is the Dobson
// variance of the people with frequency f: together Σ f²·x·(w/n)² / (Σw)². With every f = 1 this
// is the independent-events DSR. Errors: no bands, count < 0, population ≤ 0, standard < 0,
// frequency < 1, Σ standard = 0. Fewer than 10 events: value and limits empty, method says why.
Result<Estimate> DirectlyStandardisedRate(const std::vector<AgeBand>& bands,
                                          double multiplier = 100000);

enum class Polarity { kHighIsGood, kLowIsGood };
enum class Comparison { kNone, kBetter, kSimilar, kWorse, kBest, kWorst };
// "better", "similar", "worse", "best", "worst"; "" for kNone.
const char* ComparisonName(Comparison c);

struct AreaValue {
  std::optional<double> value, lower95, upper95, lower998, upper998;
};
// Fingertips comparator 1 (levels = 1) or 17 (levels = 2, needs the 99.8% limits).
Comparison CompareWithBenchmark(const AreaValue& area, std::optional<double> benchmark,
                                Polarity polarity, int levels);

// Fingertips comparator 12 (double overlapping CIs): the area's 95% interval against the
// benchmark's. Similar if they overlap (if area < benchmark: benchmark.L95 <= area.U95, else
// area.L95 <= benchmark.U95), else worse when the area's value is lower and better when higher,
// then adjusted for polarity. kNone when a value or limit is missing.
Comparison CompareOverlappingIntervals(const AreaValue& area, const AreaValue& benchmark,
                                       Polarity polarity);

// Change between two periods: counts x1 over exposure n1 (earlier) and x2 over n2 (later).
// Exact conditional test as R's poisson.test(c(x2, x1), c(n2, n1)): given the total x1 + x2,
// x2 ~ Binomial(x1 + x2, n2/(n1 + n2)) under equal rates; two-sided p-value by the
// "probabilities no more likely" rule of binom.test; the rate ratio (later/earlier) interval is the
// Clopper–Pearson interval of the binomial proportion, transformed. Errors: negative counts,
// non-positive exposures.
struct RateChange {
  double rate_ratio = 0;  // (x2/n2) / (x1/n1); +inf if x1 = 0
  double lower95 = 0, upper95 = 0;
  double pvalue = 1;
};
Result<RateChange> TwoPoissonCounts(double x1, double n1, double x2, double n2);

}  // namespace cairn
