// The two statistics the needs assessment uses, as thin wrappers over stats/rates.h: a 95%
// confidence interval for a Poisson count (exact below 10 events, Byar's approximation above) and
// the significance of a change between two Poisson counts over periods of equal length (the exact
// conditional test: given n = a + b events, b ~ Bin(n, 1/2) when nothing changed).
#pragma once

#include <cstdint>

namespace cairn {

struct Interval {
  double lower = 0, upper = 0;
};

// 95% interval for the mean of a Poisson count.
Interval PoissonInterval95(int64_t count);

// Two-sided p-value for "the rate of `current` differs from the rate of `previous`" over periods
// of equal length. 1 when both are zero.
double ChangePValue(int64_t previous, int64_t current);

}  // namespace cairn
