#include "present/kpi_render.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/strings.h"

namespace cairn {

namespace {

using Json = nlohmann::ordered_json;

std::string Number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "";  // SPC limits of one point or a constant series
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", *v);
  return buf;
}

Json OrNull(std::optional<double> v) { return v ? Json(*v) : Json(nullptr); }

Json PointJson(const KpiPoint& p, bool share) {
  Json point = {{"period", p.period}, {"value", OrNull(p.value)}};
  if (p.lower95) point["lower95"] = *p.lower95;
  if (p.upper95) point["upper95"] = *p.upper95;
  if (!p.no_data.empty()) point["no_data"] = p.no_data;
  if (p.value && share) {
    point["numerator"] = p.numerator;
    point["denominator"] = p.denominator;
  }
  if (p.per_100k) point["per_100k"] = *p.per_100k;
  if (p.agencies) point["agencies"] = *p.agencies;
  if (p.responses) point["responses"] = *p.responses;
  return point;
}

const KpiPoint* Latest(const KpiResult& r) {
  const KpiPoint* latest = nullptr;
  for (const KpiPoint& p : r.points)
    if (p.value) latest = &p;
  return latest;
}

// The SPC point of series point i, if SPC ran over it.
const SpcPoint* SpcAt(const KpiResult& r, size_t i) {
  if (!r.spc || i < r.spc_first || i - r.spc_first >= r.spc->points.size()) return nullptr;
  return &r.spc->points[i - r.spc_first];
}

}  // namespace

ListTable KpiCatalogueTable(const KpiCatalogue& catalogue) {
  ListTable t;
  t.columns = {"id",     "priority",    "kind",     "name",   "measure",
               "period", "improvement", "baseline", "target", "owner"};
  for (const KpiSpec& k : catalogue.kpis)
    t.rows.push_back({k.id, k.priority, k.kind, k.name, KpiMeasureName(k.measure),
                      KpiPeriodName(k.period), KpiDirectionName(k.improvement), k.baseline,
                      Number(k.target), k.owner});
  return t;
}

ListTable KpiSummaryTable(const std::vector<KpiResult>& results) {
  ListTable t;
  t.columns = {"id",     "priority",  "name",      "latest_period", "latest",        "baseline",
               "change", "variation", "assurance", "target",        "target_status", "note"};
  for (const KpiResult& r : results) {
    const KpiSpec& k = *r.spec;
    const KpiPoint* latest = Latest(r);
    std::string note = r.spc_note;
    if (!r.points.empty() && !r.points.back().value)
      note = r.points.back().period + ": " + r.points.back().no_data +
             (note.empty() ? "" : "; " + note);
    if (!r.baseline_note.empty() && r.baseline_note != "no baseline set")
      note += (note.empty() ? "" : "; ") + r.baseline_note;
    t.rows.push_back({k.id, k.priority, k.name, latest ? latest->period : "",
                      latest ? Number(latest->value) : "no data", Number(r.baseline), r.change,
                      r.spc ? r.spc->variation : "", r.spc ? r.spc->assurance : "",
                      Number(k.target), r.target_status, note});
    // A line per partner under the KPI's: its latest value and the periods it left uncovered.
    for (const KpiPartner& p : r.partners) {
      const KpiPoint* last = nullptr;
      for (const KpiPoint& point : p.points)
        if (point.value) last = &point;
      std::string missing;
      if (!p.missing.empty())
        missing = "no data for " + std::to_string(p.missing.size()) +
                  " periods: " + Join(p.missing, ", ");
      t.rows.push_back({k.id, k.priority, "  " + PartnerName(p), last ? last->period : "",
                        last ? Number(last->value) : "no data", "", "", "", "", "", "", missing});
    }
  }
  return t;
}

namespace {

// A value that is a numerator over a denominator (a share, a rate): a median or a count has
// neither, and a 0 there would read as a figure.
bool HasShare(const KpiPoint& p) { return p.value && p.denominator > 0; }

}  // namespace

ListTable KpiSeriesTable(const std::vector<KpiResult>& results) {
  ListTable t;
  t.columns = {"kpi",         "period",   "value",  "lower95", "upper95", "numerator",
               "denominator", "no_data",  "mean",   "lpl",     "upl",     "point_type",
               "rule",        "per_100k", "source", "extract"};
  for (const KpiResult& r : results) {
    for (size_t i = 0; i < r.points.size(); ++i) {
      const KpiPoint& p = r.points[i];
      const SpcPoint* s = SpcAt(r, i);
      t.rows.push_back(
          {r.spec->id, p.period, Number(p.value), Number(p.lower95), Number(p.upper95),
           HasShare(p) ? Number(p.numerator) : "", HasShare(p) ? Number(p.denominator) : "",
           p.no_data, s ? Number(s->mean) : "", s ? Number(s->lpl) : "", s ? Number(s->upl) : "",
           s ? s->point_type : "", s ? SpcRuleName(s->rule) : "", Number(p.per_100k), "", ""});
    }
    // Each partner's series after the KPI's, named in the last two columns.
    for (const KpiPartner& partner : r.partners)
      for (const KpiPoint& p : partner.points)
        t.rows.push_back({r.spec->id, p.period, Number(p.value), Number(p.lower95),
                          Number(p.upper95), HasShare(p) ? Number(p.numerator) : "",
                          HasShare(p) ? Number(p.denominator) : "", p.no_data, "", "", "", "", "",
                          "", partner.source, partner.extract});
  }
  return t;
}

std::string KpiToJson(const std::vector<KpiResult>& results, const std::string& period,
                      bool is_public) {
  Json kpis = Json::array();
  for (const KpiResult& r : results) {
    const KpiSpec& k = *r.spec;
    Json points = Json::array();
    for (size_t i = 0; i < r.points.size(); ++i) {
      Json point = PointJson(r.points[i], IsShareMeasure(k.measure));
      if (const SpcPoint* s = SpcAt(r, i)) {
        point["mean"] = s->mean;
        point["lpl"] = s->lpl;
        point["upl"] = s->upl;
        point["point_type"] = s->point_type;
        point["rule"] = SpcRuleName(s->rule);
      }
      points.push_back(std::move(point));
    }
    Json kpi = {{"id", k.id},
                {"name", k.name},
                {"priority", k.priority},
                {"kind", k.kind},
                {"evidences", k.evidences},
                {"measure", KpiMeasureName(k.measure)},
                {"period", KpiPeriodName(k.period)},
                {"improvement", KpiDirectionName(k.improvement)},
                {"owner", k.owner},
                {"source", k.source},
                {"baseline_period", k.baseline},
                {"baseline", OrNull(r.baseline)},
                {"target", OrNull(k.target)},
                {"target_status", r.target_status},
                {"change", r.change},
                {"change_pvalue", OrNull(r.change_pvalue)},
                {"variation_icon", r.spc ? Json(r.spc->variation) : Json(nullptr)},
                {"assurance_icon",
                 r.spc && !r.spc->assurance.empty() ? Json(r.spc->assurance) : Json(nullptr)},
                {"short_group_warning", r.spc && r.spc->short_group},
                {"notes", Json::array()},
                {"points", std::move(points)}};
    for (const std::string& note : {r.spc_note, r.baseline_note, r.rate_note})
      if (!note.empty()) kpi["notes"].push_back(note);
    if (!k.by.empty()) {
      Json partners = Json::array();
      for (const KpiPartner& p : r.partners) {
        Json series = Json::array();
        for (const KpiPoint& point : p.points)
          series.push_back(PointJson(point, IsShareMeasure(k.measure)));
        partners.push_back({{"source", p.source},
                            {"extract", p.extract},
                            {"missing", p.missing},
                            {"points", std::move(series)}});
      }
      kpi["by"] = k.by;
      kpi["partners"] = std::move(partners);
    }
    kpis.push_back(std::move(kpi));
  }
  Json out = {{"report", "kpis"}};
  if (!period.empty()) out["period"] = period;
  out["public"] = is_public;
  out["kpis"] = std::move(kpis);
  return out.dump(2) + "\n";
}

ListTable SharingTable(const std::vector<SharingRow>& rows) {
  ListTable t;
  t.columns = {
      "source", "extract",  "period",           "files_covering",         "files_delivered",
      "rows",   "rejected", "rejected_percent", "median_days_to_receipt", "missing_months"};
  for (const SharingRow& r : rows)
    t.rows.push_back(
        {r.source, r.extract, r.period, std::to_string(r.covering), std::to_string(r.delivered),
         std::to_string(r.rows), std::to_string(r.rejected),
         r.rows > 0 ? Number(100.0 * static_cast<double>(r.rejected) / static_cast<double>(r.rows))
                    : "",
         Number(r.median_days), Join(r.missing, " ")});
  return t;
}

std::string PartnerName(const KpiPartner& partner) {
  return partner.source + " (" + partner.extract + ")";
}

ListTable ReportedValuesTable(const std::vector<ReportedValue>& values) {
  ListTable t;
  t.columns = {"id",   "kpi",         "period",      "value",
               "note", "recorded_by", "recorded_at", "superseded_by"};
  for (const ReportedValue& v : values)
    t.rows.push_back({std::to_string(v.id), v.kpi, v.period, Number(v.value), v.note, v.recorded_by,
                      v.recorded_at, v.superseded_by ? std::to_string(*v.superseded_by) : ""});
  return t;
}

}  // namespace cairn
