// The performance framework's reports (`cairn kpi report`), self-contained HTML in the SNA's
// style: the quarterly report (a summary line per KPI grouped by priority, with a sparkline, the
// value for the period, target, change on baseline and the Making Data Count variation and
// assurance icons; then a section per KPI with its SPC chart, what it evidences, its source and
// owner) and the annual review (each KPI's year against its baseline year and the year before:
// improved, worsened or no signal). `--public` applies the SNA's disclosure control: counts from 1
// to threshold-1 are hidden, and a KPI with a hidden point shows no SPC mean or baseline (either
// would give the hidden count away).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/evaluate.h"
#include "analysis/kpi/data_sharing.h"
#include "analysis/kpi/kpi.h"
#include "present/disclosure.h"

namespace cairn {

struct KpiReportOptions {
  // The period reported ("2024-Q4"), the results computed as of its end (KpiInputs::as_of); empty
  // = DefaultReportPeriod. With `annual`, the year ("2024").
  std::string period;
  std::string period_note;    // why this period was chosen, when it was not asked for
  std::optional<int> annual;  // the annual review of this year instead
  std::string sna_file;       // the SNA report the annual review links to, if any
  DisclosureOptions disclosure;
  // Programme evaluations (`cairn evaluate`), shown as their own section. A public report shows
  // only the conclusive ones' verdicts and outcome figures (groups of 60 or more).
  std::vector<Evaluation> evaluations;
  // The accountability register's funding section (present/register_render.h), shown in the
  // annual review; empty when no funding is registered.
  std::string funding_html;
  // The annual review: every KPI computed by year as of the end of the year (KpiInputs::period),
  // so a year's distinct people are distinct over the year.
  std::vector<KpiResult> yearly;
};

// The results as a public report may show them: hidden counts and what they would give away
// removed (see above), each KPI saying so in a note.
std::vector<KpiResult> DiscloseKpis(std::vector<KpiResult> results,
                                    const DisclosureOptions& disclosure);

// The period the report covers: options.period, else DefaultReportPeriod's.
std::string ReportPeriod(const std::vector<KpiResult>& results, const KpiReportOptions& options);

// The latest quarter the loaded data cover fully: some computed KPI has a value for each of its
// months (a quarter only partly loaded is "no data" for every KPI), and why it was chosen when a
// later quarter has some data. Reported KPIs and the data-sharing measures (which have a value
// whenever a file ended in the period) do not count. Empty when nothing is loaded.
struct ReportPeriodChoice {
  std::string period, why;
};
ReportPeriodChoice DefaultReportPeriod(const std::vector<KpiResult>& results);
// The last month any point of `results` (a partner's included) covers; -1 with none.
int32_t LastMonthOf(const std::vector<KpiResult>& results);

// `sharing`: data sharing per partner's extract and quarter (the loads), shown as its own section.
std::string KpiReportHtml(const std::vector<KpiResult>& results,
                          const std::vector<SharingRow>& sharing, const KpiReportOptions& options);
// The quarterly report's numbers; with options.annual, the annual review's (each KPI's year
// value, the year before, the baseline year, both comparisons and the lists).
std::string KpiReportJson(const std::vector<KpiResult>& results, const KpiReportOptions& options);
bool IsKpiReportHtml(std::string_view head);
// An SPC variation ("common_cause", "improvement_high", ...) as Making Data Count's icon (our own
// SVG: a coloured circle, H or L and an arrow, or a wandering line; the words as its title), and
// the CSS the badge needs.
std::string VariationIcon(const std::string& variation);
std::string VariationIconCss();
bool IsKpiReportJson(std::string_view head);

}  // namespace cairn
