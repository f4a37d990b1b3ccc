// The briefs (`cairn brief`): a short public summary of serious violence in the area, what the
// partnership is doing and how it is going, readable on a phone and disclosure-controlled as every
// public output; and the internal version for partner agencies: what changed this quarter, what is
// due, which data are late.
#pragma once

#include <string>
#include <vector>

#include "analysis/kpi/data_sharing.h"
#include "analysis/kpi/kpi.h"
#include "present/register_render.h"

namespace cairn {

struct BriefInputs {
  const RegisterReportInputs* reg = nullptr;     // the register, its clocks, as_of, public or not
  const std::vector<KpiResult>* kpis = nullptr;  // every KPI of the catalogue (disclosed if public)
  std::vector<DataFreshness> data;               // partners' extracts
  int late_after_months = 2;
  // Register revisions recorded on or after this UTC day count as "changed this quarter".
  std::string changes_since;
};

std::string PublicBriefHtml(const BriefInputs& in);
std::string PartnersBriefHtml(const BriefInputs& in);
bool IsBrief(std::string_view head);

// An SPC status in plain words: "no unusual change", "an unusual rise: getting better", ...
std::string SpcInWords(const KpiResult& r);

}  // namespace cairn
