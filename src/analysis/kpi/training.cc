// Training KPIs, worked example. A quarter's log holds five attendances at "Trauma-informed
// practice": A (Council) 3 -> 8, B (NHS) 5 -> 9, A again 4 -> blank, C (Council) blank -> 6 and
// D (Police) 2 -> 7. Professionals trained: A, B, C, D = 4, from 3 agencies. Understanding: the
// attendances with both scores are A's first, B's and D's, changes 5, 4 and 5: three paired
// responses, under the 10 a mean needs, so "too few responses". With ten or more, the mean of the
// changes and its interval mean +/- t(0.975, n - 1) * sd / sqrt(n) (R's t.test(after, before,
// paired = TRUE)).
#include "analysis/kpi/training.h"

#include <string>

#include "stats/matching.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

bool Counted(const KpiSpec& spec, const std::string& course) {
  const std::string name = ToLower(Trim(course));
  for (const std::string& c : spec.courses)
    if (c == name) return true;
  return false;
}

// Adds one attendance's response, if it gave the one the measure reads.
void AddResponse(const KpiSpec& spec, const TrainingAttendance& a, TrainingTally* t) {
  if (spec.measure == KpiMeasure::kUnderstandingChange && a.before > 0 && a.after > 0) {
    t->values.push_back(a.after - a.before);
    t->scales.insert(a.understanding_scale);
  } else if (spec.measure == KpiMeasure::kFeedback && a.feedback > 0) {
    t->values.push_back(a.feedback);
    t->scales.insert(a.feedback_scale);
  }
}

std::string Scales(const std::set<int>& scales) {
  std::vector<std::string> out;
  for (int s : scales) out.push_back("1-" + std::to_string(s));
  return Join(out, " and ");
}

}  // namespace

std::map<std::string, TrainingTally> TallyTraining(const KpiSpec& spec,
                                                   const std::vector<TrainingRow>& rows) {
  std::map<std::string, TrainingTally> out;
  for (const TrainingRow& row : rows) {
    const TrainingAttendance& a = row.attendance;
    if (a.date == kNoTime || !Counted(spec, a.course)) continue;
    TrainingTally& t = out[PeriodLabel(spec.period, MonthOfMinutes(a.date))];
    t.professionals.insert(a.attendee);
    t.agencies.insert(ToLower(Trim(a.agency)));
    AddResponse(spec, a, &t);
  }
  return out;
}

void FillTrainingPoint(const KpiSpec& spec, const TrainingTally* tally, KpiPoint* point) {
  static const TrainingTally kNone;
  const TrainingTally& t = tally ? *tally : kNone;
  if (spec.measure == KpiMeasure::kTrained) {
    point->value = point->numerator = static_cast<double>(t.professionals.size());
    point->agencies = static_cast<double>(t.agencies.size());
    return;
  }
  const char* what = spec.measure == KpiMeasure::kFeedback
                         ? "attendances with a feedback rating"
                         : "attendances with understanding rated before and after";
  if (t.scales.size() > 1) {
    point->no_data = std::string("the ") + what + " use different scales (" + Scales(t.scales) +
                     "): no one mean";
    return;
  }
  auto mean = MeanWithInterval(t.values);
  if (t.values.size() < static_cast<size_t>(kMinTrainingResponses) || !mean) {
    point->no_data = std::string("too few responses: fewer than ") +
                     std::to_string(kMinTrainingResponses) + " " + what;
    return;
  }
  point->value = mean->mean;
  point->lower95 = mean->lower95;
  point->upper95 = mean->upper95;
  point->responses = static_cast<double>(t.values.size());
}

}  // namespace cairn
