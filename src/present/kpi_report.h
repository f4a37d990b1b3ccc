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
  std::string period;         // the period reported ("2024-Q4"); empty = the latest
  std::optional<int> annual;  // the annual review of this year instead
  std::string sna_file;       // the SNA report the annual review links to, if any
  DisclosureOptions disclosure;
  // Programme evaluations (`cairn evaluate`), shown as their own section. A public report shows
  // only the conclusive ones' verdicts and outcome figures (groups of 60 or more).
  std::vector<Evaluation> evaluations;
  // The accountability register's funding section (present/register_render.h), shown in the
  // annual review; empty when no funding is registered.
  std::string funding_html;
};

// The results as a public report may show them: hidden counts and what they would give away
// removed (see above), each KPI saying so in a note.
std::vector<KpiResult> DiscloseKpis(std::vector<KpiResult> results,
                                    const DisclosureOptions& disclosure);

// The period the report covers: options.period, else the latest period any KPI has data for, as a
// quarter ("2024-Q4").
std::string ReportPeriod(const std::vector<KpiResult>& results, const KpiReportOptions& options);

// `sharing`: data sharing per partner's extract and quarter (the loads), shown as its own section.
std::string KpiReportHtml(const std::vector<KpiResult>& results,
                          const std::vector<SharingRow>& sharing, const KpiReportOptions& options);
std::string KpiReportJson(const std::vector<KpiResult>& results, const KpiReportOptions& options);
bool IsKpiReportHtml(std::string_view head);
// An SPC variation ("common_cause", "improvement_high", ...) as the report's coloured badge, and
// the CSS the badge needs.
std::string VariationIcon(const std::string& variation);
std::string VariationIconCss();
bool IsKpiReportJson(std::string_view head);

}  // namespace cairn
