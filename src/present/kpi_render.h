// The performance framework as people and programs read it (`cairn kpi list|compute`): the
// catalogue, a summary line per KPI (latest value, baseline change, SPC icons, target), every
// series point with its SPC columns, and all of it as JSON. "no data" is written as such, never 0.
#pragma once

#include <string>
#include <vector>

#include "analysis/kpi/data_sharing.h"
#include "analysis/kpi/kpi.h"
#include "present/list_render.h"

namespace cairn {

// id,priority,kind,name,measure,period,improvement,baseline,target,owner
ListTable KpiCatalogueTable(const KpiCatalogue& catalogue);
// id,priority,name,latest_period,latest,baseline,change,variation,assurance,target,target_status,note;
// a KPI broken down by partner has a line per partner after its own ("  Source (extract)").
ListTable KpiSummaryTable(const std::vector<KpiResult>& results);
// kpi,period,value,lower95,upper95,numerator,denominator,no_data,mean,lpl,upl,point_type,rule,
// per_100k,source,extract: a KPI's own rows have no source; each partner's series follows, named.
ListTable KpiSeriesTable(const std::vector<KpiResult>& results);
// {"report": "kpis", "period": ..., "public": ..., "kpis": [...]}; a KPI broken down by partner
// has "by" and "partners": [{"source", "extract", "missing": [periods], "points": [...]}].
std::string KpiToJson(const std::vector<KpiResult>& results, const std::string& period = "",
                      bool is_public = false);
// source,extract,period,files_covering,files_delivered,rows,rejected,rejected_percent,
// median_days_to_receipt,missing_months
ListTable SharingTable(const std::vector<SharingRow>& rows);
// id,kpi,period,value,note,recorded_by,recorded_at,superseded_by
ListTable ReportedValuesTable(const std::vector<ReportedValue>& values);
// "Source (extract)"
std::string PartnerName(const KpiPartner& partner);

}  // namespace cairn
