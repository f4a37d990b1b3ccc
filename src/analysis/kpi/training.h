// The training measures of the KPI catalogue (define/kpis.h: trained, understanding_change,
// feedback) over the partnership's training logs (`training` profiles), read from the store as
// the reported values are: one period's attendances at the KPI's courses, and its point.
//
// A period whose months no training log covers is "no data" (kpi.cc decides that from the logs'
// periods); one a log covers with no attendance at the courses is a true 0 trained. A mean is
// given only over kMinTrainingResponses responses or more, with its 95% interval (paired, for
// understanding after minus before); below that the point says "too few responses" and no
// count of them, which the public report could not show. Pure functions; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/kpi/kpi.h"

namespace cairn {

// What one period of a training KPI counts.
struct TrainingTally {
  std::set<Pseudonym> professionals;
  std::set<std::string> agencies;
  std::vector<double> values;  // understanding after minus before, or feedback ratings
  std::set<int> scales;        // the scales `values` are on
};

// The attendances at the spec's courses (names compared ignoring case), by the period of their
// date.
std::map<std::string, TrainingTally> TallyTraining(const KpiSpec& spec,
                                                   const std::vector<TrainingRow>& rows);

// Fills the value of a period every month of which a training log covers; `tally` is null when no
// attendance at the courses falls in it.
void FillTrainingPoint(const KpiSpec& spec, const TrainingTally* tally, KpiPoint* point);

}  // namespace cairn
