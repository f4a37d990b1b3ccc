#include "present/compare_render.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/strings.h"

namespace cairn {

namespace {

using Json = nlohmann::ordered_json;

std::string Fixed(std::optional<double> v, int digits) {
  if (!v) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, *v);
  return buf;
}

Json OrNull(std::optional<double> v) { return v ? Json(*v) : Json(nullptr); }

}  // namespace

ListTable CompareTable(const ForceComparison& c) {
  ListTable t;
  t.columns = {"rank",    "force",   "code", "count",      "population",        "rate_per_1000",
               "lower95", "upper95", "area", "not_ranked", "ons_rate_per_1000", "ons_population"};
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const ForceRow& r = c.rows[i];
    t.rows.push_back(
        {r.rank > 0 ? std::to_string(r.rank) : "", r.name, r.code, r.count ? Fixed(r.count, 0) : "",
         r.population ? std::to_string(*r.population) : "",
         r.rank > 0 ? Fixed(r.rate.value, 4) : "", r.rank > 0 ? Fixed(r.rate.lower95, 4) : "",
         r.rank > 0 ? Fixed(r.rate.upper95, 4) : "", c.area == i ? "yes" : "", r.not_ranked,
         Fixed(r.published_rate, 4), Fixed(r.published_population, 0)});
  }
  return t;
}

std::vector<std::string> ComparePreamble(const ForceComparison& c) {
  std::vector<std::string> out;
  out.push_back(c.measure_title + " per 1,000 residents, year ending " + c.year_ending +
                ": every territorial police force area, rank 1 = lowest");
  out.push_back("Counts: ONS Police Force Area tables. Residents: ONS mid-" +
                std::to_string(c.population_year) +
                " population estimates of each force's local authority districts, summed over "
                "ONS's district -> force lookup. 95% intervals: exact Poisson below 10 events, "
                "Byar's from 10.");
  if (c.area) {
    out.push_back(c.stability);
    out.push_back(HistoryWords(c));
    const ForceRow& a = c.rows[*c.area];
    if (a.published_rate && a.rate.value)
      out.push_back("ONS's own Table P3 rate for " + a.name + ": " + Fixed(a.published_rate, 5) +
                    " per 1,000" +
                    (a.published_population
                         ? " (its population, rounded to 100: " +
                               WithCommas(static_cast<int64_t>(*a.published_population)) + ")"
                         : "") +
                    "; Cairn's " + Fixed(a.rate.value, 5) + " uses " + WithCommas(*a.population) +
                    " residents at mid-" + std::to_string(c.population_year) + ".");
  } else {
    out.push_back("No area given and the store has no events to take one from: add --area.");
  }
  for (const std::string& note : c.notes) out.push_back("Note: " + note);
  return out;
}

std::string CompareToJson(const ForceComparison& c) {
  Json rows = Json::array();
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const ForceRow& r = c.rows[i];
    Json row = {{"rank", r.rank > 0 ? Json(r.rank) : Json(nullptr)},
                {"force", r.name},
                {"code", r.code},
                {"count", OrNull(r.count)},
                {"population", r.population ? Json(*r.population) : Json(nullptr)},
                {"rate_per_1000", r.rank > 0 ? OrNull(r.rate.value) : Json(nullptr)},
                {"lower95", r.rank > 0 ? OrNull(r.rate.lower95) : Json(nullptr)},
                {"upper95", r.rank > 0 ? OrNull(r.rate.upper95) : Json(nullptr)},
                {"interval_method", r.rank > 0 ? Json(r.rate.method) : Json(nullptr)},
                {"area", c.area == i}};
    if (!r.not_ranked.empty()) row["not_ranked"] = r.not_ranked;
    if (r.published_rate) row["ons_rate_per_1000"] = *r.published_rate;
    if (r.published_population) row["ons_population"] = *r.published_population;
    rows.push_back(std::move(row));
  }
  Json history = Json::array();
  for (const RankInEdition& h : c.history)
    history.push_back({{"year_ending", h.year_ending},
                       {"population_year", h.population_year},
                       {"rank", h.rank},
                       {"ranked", h.ranked},
                       {"count", h.count},
                       {"rate_per_1000", OrNull(h.rate)}});
  Json out = {{"report", "compare"},
              {"measure", c.measure},
              {"measure_title", c.measure_title},
              {"year_ending", c.year_ending},
              {"population_year", c.population_year},
              {"ranked", c.ranked},
              {"area", c.area ? Json(c.rows[*c.area].name) : Json(nullptr)}};
  if (c.area && c.rows[*c.area].rank > 0)
    out["area_rank"] = {{"rank", c.rows[*c.area].rank},
                        {"best", c.rank_best},
                        {"worst", c.rank_worst},
                        {"overlapping", c.overlapping}};
  out["stability"] = c.stability;
  out["history"] = std::move(history);
  out["notes"] = c.notes;
  out["forces"] = std::move(rows);
  return out.dump(2) + "\n";
}

}  // namespace cairn
