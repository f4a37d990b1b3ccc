// Forwards to the shared statistics module (stats/rates.h), so the needs assessment's intervals and
// tests are the same as every other Cairn output's (and Fingertips').
#include "analysis/sna_stats.h"

#include "stats/rates.h"

namespace cairn {

Interval PoissonInterval95(int64_t count) {
  if (count < 0) return {};
  auto rate = CrudeRate(static_cast<double>(count), 1, 1);
  if (!rate.ok()) return {};
  return {rate->lower95.value_or(0), rate->upper95.value_or(0)};
}

double ChangePValue(int64_t previous, int64_t current) {
  if (previous + current <= 0) return 1;
  auto change = TwoPoissonCounts(static_cast<double>(previous), 1, static_cast<double>(current), 1);
  return change.ok() ? change->pvalue : 1;
}

}  // namespace cairn
