// The performance framework's numbers (`cairn kpi compute`, the KPI report): each KPI of the
// catalogue (define/kpis.h) as a series of periods, worked out from the snapshot (events,
// people, referrals), from the loads themselves (data sharing), from the training logs
// (analysis/kpi/training.h) or from the values people reported, with statistical process control
// over the series (stats/spc.h, as Making Data Count), the change on its baseline and whether it
// meets its target.
//
// No comparison across missing data: a period any of whose months no loaded file covers (for the
// sources the KPI reads) is "no data", never 0; SPC runs only over the latest unbroken run of
// periods with data, and a baseline with a period missing gives no change. Pure functions of
// their inputs; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/loaded.h"
#include "analysis/sna.h"
#include "define/configuration.h"
#include "snapshot/frame.h"
#include "stats/spc.h"
#include "store/store.h"
#include "util/status.h"

namespace cairn {

struct KpiPoint {
  std::string period;  // "2024-Q3"
  std::optional<double> value, lower95, upper95;
  double numerator = 0, denominator = 0;  // proportions; numerator alone for counts
  std::string no_data;                    // why there is no value, when there is none
  // first_time_entrants: the count per 100,000 residents aged 10-17, when the store holds their
  // population (KpiResult::rate_note says how it is made).
  std::optional<double> per_100k;
  // Training: the agencies the professionals trained are from (trained), or the responses a mean
  // is over (understanding_change, feedback).
  std::optional<double> agencies, responses;
};

// One attendance of a training log as the KPIs read it, with its batch (whose source, extract and
// period say which months the log covers).
struct TrainingRow {
  int64_t batch_id = 0;
  TrainingAttendance attendance;
};

// One partner's series of a KPI broken down by partner (KpiSpec::by): the KPI's figure over that
// partner's records (or loads) alone. A period any of whose months no file of theirs covers has
// no value and is in `missing`, never 0.
struct KpiPartner {
  std::string source, extract;
  std::vector<KpiPoint> points;      // the periods of every partner's span together, in order
  std::vector<std::string> missing;  // periods with a month no file of this partner covers
};

struct KpiResult {
  const KpiSpec* spec = nullptr;
  KpiPeriod period = KpiPeriod::kQuarter;  // of the points: spec->period or KpiInputs::period
  std::vector<KpiPoint> points;            // every period from the first to the last, in order
  std::vector<KpiPartner> partners;        // spec->by == "partner": by source, then extract
  // SPC over points[spc_first ..] (the latest unbroken run with data); empty with a note when
  // there are fewer than two such points.
  std::optional<SpcResult> spc;
  size_t spc_first = 0;
  std::string spc_note;
  std::optional<double> baseline;  // the baseline period's value (mean of its points)
  std::string baseline_note;       // why there is none
  // The latest point with a value against the baseline, in words, and the p-value of the change
  // where a test applies (counts: R's poisson.test).
  std::string change;
  std::optional<double> change_pvalue;
  std::string target_status;  // "met", "not met" or "" (no target or no latest value)
  std::string rate_note;      // what KpiPoint::per_100k is per, or why there is none
  // The programmes or courses the KPI names that no loaded referral or training attendance has,
  // with the nearest name loaded (a typo counts nothing); also the start of spc_note.
  std::string unknown_names;
};

// What KPIs are computed from: the configuration, the snapshot, the store's batches (coverage and
// data sharing), the reported values, and the area's residents (for rates).
struct KpiInputs {
  const Configuration* config = nullptr;
  const Frame* frame = nullptr;
  std::vector<BatchSummary> batches;
  std::vector<ReportedValue> reported;
  std::vector<TrainingRow> training;  // every attendance of the active training logs
  // The residents of the LSOAs the events fall in (rates), and the months a rate cannot cover.
  AreaResidents area;
  // What the loaded events hold (analysis/loaded.h), found once for every KPI; worked out from the
  // frame when a KPI needs it and it is not given.
  std::optional<LoadedFacts> loaded;
  std::optional<double> youth_population;  // residents aged 10-17 (first-time entrant rates)
  // Why there is no youth_population although tables with age bands are loaded ("age bands for
  // 120 of the area's 150 LSOAs"): a rate over part of the area's residents would overstate.
  std::string youth_population_gap;
  // The last month of the period reported (a report "as of the end of 2023-Q2"): every series is
  // cut there, as it would have been then. Months after it count as not loaded, a period ending
  // after it (a year not over) is left out, a reported value for a later period is ignored, and
  // follow-up windows close at it. SPC, the baseline change and the target status are worked out
  // over the cut series. Unset: everything loaded.
  std::optional<int32_t> as_of;
  // Every KPI computed by this period instead of its own (the annual review's year values: a
  // year's distinct people, not the sum of its quarters'); reported KPIs keep their own.
  std::optional<KpiPeriod> period;
};

Result<KpiResult> ComputeKpi(const KpiSpec& spec, const KpiInputs& inputs);

// The label of the period of `kind` holding month index `month`: "2024-07", "2024-Q3", "2024".
std::string PeriodLabel(KpiPeriod kind, int32_t month);
// The first and last month index of a period label of any kind; nullopt when it is not one.
std::optional<std::pair<int32_t, int32_t>> PeriodMonths(const std::string& label);
// Whether `label` is a period of `kind` ("2024-Q3" is a quarter).
bool IsPeriodOf(KpiPeriod kind, const std::string& label);

}  // namespace cairn
