#include "stats/rates.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <set>

namespace cairn {

namespace {

std::string Num(double v) {
  std::string s = std::to_string(v);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

// Exact Poisson limits for the count itself (before dividing by the population).
void ExactPoisson(double x, double c, double* lower, double* upper) {
  *lower = x == 0 ? 0 : ChiSquaredQuantile((1 - c) / 2, 2 * x) / 2;
  *upper = ChiSquaredQuantile(c + (1 - c) / 2, 2 * x + 2) / 2;
}

std::optional<double> Scale(std::optional<double> v, double factor) {
  if (!v) return std::nullopt;
  return *v * factor;
}

}  // namespace

double NormalCdf(double x) { return boost::math::cdf(boost::math::normal_distribution<>(), x); }

double NormalQuantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<>(), p);
}

double ZForConfidence(double confidence) {
  return NormalQuantile(confidence + (1 - confidence) / 2);
}

double ChiSquaredQuantile(double p, double df) {
  if (df <= 0) return 0;
  return boost::math::quantile(boost::math::chi_squared_distribution<>(df), p);
}

std::optional<double> ByarsLower(double observed, double z) {
  if (observed <= 0) return std::nullopt;
  double t = 1 - 1 / (9 * observed) - z / (3 * std::sqrt(observed));
  double v = observed * t * t * t;
  if (v < 0) return std::nullopt;
  return v;
}

double ByarsUpper(double observed, double z) {
  double o = observed + 1;
  double t = 1 - 1 / (9 * o) + z / (3 * std::sqrt(o));
  return o * t * t * t;
}

Result<Estimate> CrudeRate(double count, double population, double multiplier) {
  if (!(count >= 0)) return Status::Invalid("count " + Num(count) + " is negative");
  if (!(population > 0))
    return Status::Invalid("population " + Num(population) + " is not positive");
  Estimate e;
  double k = multiplier / population;
  e.value = count * k;
  if (count < 10) {
    double lo, hi;
    ExactPoisson(count, 0.95, &lo, &hi);
    e.lower95 = lo * k;
    e.upper95 = hi * k;
    ExactPoisson(count, 0.998, &lo, &hi);
    e.lower998 = lo * k;
    e.upper998 = hi * k;
    e.method = "Exact";
  } else {
    e.lower95 = Scale(ByarsLower(count, kZ95), k);
    e.upper95 = ByarsUpper(count, kZ95) * k;
    e.lower998 = Scale(ByarsLower(count, kZ998), k);
    e.upper998 = ByarsUpper(count, kZ998) * k;
    e.method = "Byars";
  }
  return e;
}

namespace {

void Wilson(double x, double n, double z, double mult, std::optional<double>* lower,
            std::optional<double>* upper) {
  double root = z * std::sqrt(z * z + 4 * x * (1 - x / n));
  double denom = 2 * (n + z * z);
  *lower = (2 * x + z * z - root) / denom * mult;
  *upper = (2 * x + z * z + root) / denom * mult;
}

}  // namespace

Result<Estimate> WilsonProportion(double count, double denominator, double multiplier) {
  if (!(count >= 0)) return Status::Invalid("count " + Num(count) + " is negative");
  if (!(denominator > 0))
    return Status::Invalid("denominator " + Num(denominator) + " is not positive");
  if (count > denominator)
    return Status::Invalid("count " + Num(count) + " is more than the denominator " +
                           Num(denominator));
  Estimate e;
  e.value = count / denominator * multiplier;
  Wilson(count, denominator, kZ95, multiplier, &e.lower95, &e.upper95);
  Wilson(count, denominator, kZ998, multiplier, &e.lower998, &e.upper998);
  e.method = "Wilson";
  return e;
}

namespace {

std::optional<double> DobsonLimit(double dsr, double var, double observed,
                                  std::optional<double> byars, double mult) {
  if (!byars) return std::nullopt;
  return dsr + std::sqrt(var / observed) * (*byars - observed) * mult;
}

Status CheckBand(const AgeBand& b) {
  if (!(b.frequency >= 1)) return Status::Invalid("an event frequency must be 1 or more");
  if (!(b.count >= 0)) return Status::Invalid("count " + Num(b.count) + " is negative");
  if (!(b.population > 0))
    return Status::Invalid("population " + Num(b.population) + " is not positive");
  if (!(b.standard >= 0)) return Status::Invalid("standard " + Num(b.standard) + " is negative");
  return Status::Ok();
}

}  // namespace

Result<Estimate> DirectlyStandardisedRate(const std::vector<AgeBand>& bands, double multiplier) {
  if (bands.empty()) return Status::Invalid("no age bands");
  double observed = 0, weighted = 0, var_sum = 0, total_standard = 0;
  bool independent = true;
  std::set<std::string> counted;  // bands whose standard is already in Σw
  for (const AgeBand& b : bands) {
    CAIRN_RETURN_IF_ERROR(CheckBand(b));
    double w = b.standard / b.population, f = b.frequency;
    independent = independent && f == 1;
    observed += f * b.count;
    weighted += f * b.count * w;
    var_sum += f * f * b.count * w * w;
    if (b.band.empty() || counted.insert(b.band).second) total_standard += b.standard;
  }
  if (!(total_standard > 0)) return Status::Invalid("the standard population sums to 0");
  Estimate e;
  if (observed < 10) {
    e.method = "dsr NA for total count < 10";
    return e;
  }
  double dsr = weighted / total_standard * multiplier;
  double var = var_sum / (total_standard * total_standard);
  e.value = dsr;
  e.lower95 = DobsonLimit(dsr, var, observed, ByarsLower(observed, kZ95), multiplier);
  e.upper95 = DobsonLimit(dsr, var, observed, ByarsUpper(observed, kZ95), multiplier);
  e.lower998 = DobsonLimit(dsr, var, observed, ByarsLower(observed, kZ998), multiplier);
  e.upper998 = DobsonLimit(dsr, var, observed, ByarsUpper(observed, kZ998), multiplier);
  e.method = independent ? "Dobson" : "Dobson, with confidence adjusted for non-independent events";
  return e;
}

const char* ComparisonName(Comparison c) {
  switch (c) {
    case Comparison::kBetter:
      return "better";
    case Comparison::kSimilar:
      return "similar";
    case Comparison::kWorse:
      return "worse";
    case Comparison::kBest:
      return "best";
    case Comparison::kWorst:
      return "worst";
    case Comparison::kNone:
      break;
  }
  return "";
}

namespace {

Comparison AdjustForPolarity(Comparison c, Polarity polarity) {
  if (polarity == Polarity::kHighIsGood) return c;
  switch (c) {
    case Comparison::kBetter:
      return Comparison::kWorse;
    case Comparison::kWorse:
      return Comparison::kBetter;
    case Comparison::kBest:
      return Comparison::kWorst;
    case Comparison::kWorst:
      return Comparison::kBest;
    default:
      return c;
  }
}

bool Finite(std::optional<double> v) { return v && std::isfinite(*v); }

// Comparator 17 (two CI levels), as if high were good.
Comparison TwoLevel(const AreaValue& a, double b) {
  if (!Finite(a.lower998) || !Finite(a.upper998)) return Comparison::kNone;
  if (*a.lower95 <= b && b <= *a.upper95) return Comparison::kSimilar;
  if (*a.lower998 <= b && b <= *a.lower95) return Comparison::kBetter;
  if (*a.upper95 <= b && b <= *a.upper998) return Comparison::kWorse;
  return *a.value < b ? Comparison::kWorst : Comparison::kBest;
}

}  // namespace

Comparison CompareWithBenchmark(const AreaValue& area, std::optional<double> benchmark,
                                Polarity polarity, int levels) {
  if (!Finite(area.value) || !Finite(benchmark) || !Finite(area.lower95) || !Finite(area.upper95))
    return Comparison::kNone;
  double b = *benchmark;
  Comparison c;
  if (levels == 2) {
    c = TwoLevel(area, b);
  } else if (*area.lower95 <= b && b <= *area.upper95) {
    c = Comparison::kSimilar;
  } else {
    c = *area.value < b ? Comparison::kWorse : Comparison::kBetter;
  }
  return AdjustForPolarity(c, polarity);
}

Comparison CompareOverlappingIntervals(const AreaValue& area, const AreaValue& benchmark,
                                       Polarity polarity) {
  for (const AreaValue* v : {&area, &benchmark})
    if (!Finite(v->value) || !Finite(v->lower95) || !Finite(v->upper95)) return Comparison::kNone;
  const bool lower = *area.value < *benchmark.value;
  const bool overlap =
      lower ? *benchmark.lower95 <= *area.upper95 : *area.lower95 <= *benchmark.upper95;
  if (overlap) return AdjustForPolarity(Comparison::kSimilar, polarity);
  return AdjustForPolarity(lower ? Comparison::kWorse : Comparison::kBetter, polarity);
}

namespace {

// How many i in [lo, hi] have pdf(i) <= limit, where the pdf is monotone on [lo, hi]: a binary
// search instead of R's scan over every value, so counts in the millions cost microseconds.
double CountAtMost(const boost::math::binomial_distribution<>& bin, double lo, double hi,
                   double limit, bool decreasing) {
  if (lo > hi) return 0;
  auto at_most = [&](double i) { return boost::math::pdf(bin, i) <= limit; };
  if (decreasing) {  // at_most is false...false true...true: find the first true
    if (!at_most(hi)) return 0;
    double a = lo, b = hi;
    while (a < b) {
      double mid = std::floor((a + b) / 2);
      if (at_most(mid))
        b = mid;
      else
        a = mid + 1;
    }
    return hi - a + 1;
  }
  if (!at_most(lo)) return 0;  // true...true false...false: find the last true
  double a = lo, b = hi;
  while (a < b) {
    double mid = std::ceil((a + b) / 2);
    if (at_most(mid))
      a = mid;
    else
      b = mid - 1;
  }
  return a - lo + 1;
}

// Counts i in [lo, hi] with pdf(i) <= limit, where the pdf rises to its mode and then falls: the
// one or two values near the mode are checked directly, the monotone rest by binary search.
double CountOnSide(const boost::math::binomial_distribution<>& bin, double lo, double hi,
                   double limit, double mode, bool above_mode) {
  double count = 0;
  double near_lo = above_mode ? lo : std::max(lo, mode - 1);
  double near_hi = above_mode ? std::min(hi, mode + 1) : hi;
  for (double i = near_lo; i <= near_hi; ++i)
    if (boost::math::pdf(bin, i) <= limit) ++count;
  if (above_mode) return count + CountAtMost(bin, std::max(lo, mode + 2), hi, limit, true);
  return count + CountAtMost(bin, lo, std::min(hi, mode - 2), limit, false);
}

// Two-sided exact binomial p-value, as R's binom.test (relErr 1 + 1e-7): the probability of every
// outcome no more likely than the one observed.
double BinomialTwoSided(double x, double n, double p) {
  boost::math::binomial_distribution<> bin(n, p);
  double d = boost::math::pdf(bin, x);
  double m = n * p;
  const double rel = 1 + 1e-7;
  if (x == m) return 1;
  const double mode = std::floor((n + 1) * p);
  double total;
  if (x < m) {
    double y = CountOnSide(bin, std::ceil(m), n, d * rel, mode, true);
    total = boost::math::cdf(bin, x) + (n - y >= n ? 0 : boost::math::cdf(complement(bin, n - y)));
  } else {
    double y = CountOnSide(bin, 0, std::floor(m), d * rel, mode, false);
    total = (y >= 1 ? boost::math::cdf(bin, y - 1) : 0) +
            (x >= 1 ? boost::math::cdf(complement(bin, x - 1)) : 1);
  }
  return std::min(1.0, total);
}

double BetaQuantile(double a, double b, double p) {
  return boost::math::quantile(boost::math::beta_distribution<>(a, b), p);
}

}  // namespace

Result<RateChange> TwoPoissonCounts(double x1, double n1, double x2, double n2) {
  if (!(x1 >= 0) || !(x2 >= 0) || x1 != std::floor(x1) || x2 != std::floor(x2))
    return Status::Invalid("counts must be whole numbers of at least 0");
  if (!(n1 > 0) || !(n2 > 0)) return Status::Invalid("exposures must be positive");
  RateChange r;
  double n = x1 + x2;
  double p = n2 / (n1 + n2);  // P(an event is in the later period) under equal rates
  double scale = n1 / n2;     // turns the odds x2/x1 into the rate ratio
  constexpr double kInf = std::numeric_limits<double>::infinity();
  r.rate_ratio = x1 == 0 ? (x2 == 0 ? std::nan("") : kInf) : (x2 / n2) / (x1 / n1);
  if (n == 0) {
    r.lower95 = 0;
    r.upper95 = kInf;
    r.pvalue = 1;
    return r;
  }
  double lo = x2 == 0 ? 0 : BetaQuantile(x2, n - x2 + 1, 0.025);
  double hi = x2 == n ? 1 : BetaQuantile(x2 + 1, n - x2, 0.975);
  r.lower95 = lo / (1 - lo) * scale;
  r.upper95 = hi == 1 ? kInf : hi / (1 - hi) * scale;
  r.pvalue = BinomialTwoSided(x2, n, p);
  return r;
}

}  // namespace cairn
