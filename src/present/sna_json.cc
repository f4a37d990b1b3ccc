#include <nlohmann/json.hpp>

#include "present/sna_render.h"
#include "util/dates.h"

namespace cairn {

namespace {

using Json = nlohmann::ordered_json;

Json Count(const std::optional<int64_t>& n) { return n ? Json(*n) : Json(nullptr); }
Json Number(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

// `no_data(c)`: column c's count has no data loaded (null, and "no_data": true).
template <typename NoData>
Json Cells(const std::vector<std::string>& columns,
           const std::vector<std::optional<int64_t>>& values, NoData no_data) {
  Json out = Json::array();
  for (size_t c = 0; c < values.size(); ++c) {
    Json cell = {{"column", columns[c]}, {"count", Count(values[c])}};
    if (no_data(c)) cell["no_data"] = true;
    out.push_back(std::move(cell));
  }
  return out;
}

Json TableJson(const Table& t) {
  Json rows = Json::array();
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    Json row = {
        {"label", t.row_labels[r]},
        {"cells", Cells(t.col_labels, t.grid.cells[r], [&](size_t c) { return t.NoData(r, c); })}};
    if (!t.grid.row_totals.empty()) row["total_count"] = Count(t.grid.row_totals[r]);
    for (size_t k = 0; k < t.value_keys.size(); ++k) row[t.value_keys[k]] = Number(t.values[r][k]);
    if (t.significance_from >= 0) {
      const std::string sig = SignificantText(t, r);
      row["significant"] = sig.empty() ? Json(nullptr) : Json(sig == "yes");
    }
    if (t.change_column) {
      const auto &a = t.grid.cells[r].front(), &b = t.grid.cells[r].back();
      row["change_percent"] =
          a && b && *a > 0 ? Json(100.0 * static_cast<double>(*b - *a) / static_cast<double>(*a))
                           : Json(nullptr);
    }
    rows.push_back(std::move(row));
  }
  Json out = {{"id", t.id},
              {"title", t.title},
              {"row_header", t.row_header},
              {"columns", t.col_labels},
              {"rows", std::move(rows)}};
  if (!t.grid.col_totals.empty())
    out["column_totals"] =
        Cells(t.col_labels, t.grid.col_totals, [&](size_t c) { return t.NoDataInColumn(c); });
  if (t.grid.has_grand_total) out["grand_total_count"] = Count(t.grid.grand_total);
  if (t.grid.has_grand_total && !t.no_data.empty()) out["grand_total_no_data"] = true;
  return out;
}

Json SectionJson(const Section& s) {
  Json figures = Json::array();
  for (const Figure& f : s.figures)
    figures.push_back({{"label", f.label}, {f.key, Count(f.count)}, {"share", Number(f.share)}});
  Json tables = Json::array();
  for (const Table& t : s.tables) tables.push_back(TableJson(t));
  return {{"id", s.id},
          {"title", s.title},
          {"available", s.needs.empty() || !s.tables.empty() || !s.figures.empty()},
          {"needs", s.needs},
          {"paragraphs", s.paragraphs},
          {"figures", std::move(figures)},
          {"tables", std::move(tables)}};
}

Json HeadlineJson(const Headline& h) {
  return {{"count", Count(h.count)},
          {"previous_count", Count(h.previous_count)},
          {"previous_note", h.previous_note.empty() ? Json(nullptr) : Json(h.previous_note)},
          {"current_note", h.current_note.empty() ? Json(nullptr) : Json(h.current_note)},
          {"change_percent", Number(h.change_percent)},
          {"p_value", Number(h.p_value)},
          {"significant", h.p_value ? Json(*h.p_value < 0.05) : Json(nullptr)},
          {"ci95_lower", Number(h.ci_lower)},
          {"ci95_upper", Number(h.ci_upper)},
          {"rate_per_1000", Number(h.rate_per_1000)},
          {"rate_note", h.rate_note}};
}

Json PeriodJson(SnaPeriod p) { return {{"from", FormatMonth(p.from)}, {"to", FormatMonth(p.to)}}; }

}  // namespace

bool IsSnaJson(std::string_view head) {
  return head.substr(0, 32).find("{\n  \"report\": \"sna\",") == 0;
}

std::string SnaToJson(const SnaDocument& doc) {
  const SnaData& d = doc.data;
  Json sections = Json::array();
  for (const Section& s : doc.sections) sections.push_back(SectionJson(s));
  Json suppressed = Json::array();
  for (const auto& r : doc.suppressed)
    suppressed.push_back(
        {{"table", r.table}, {"primary_cells", r.primary}, {"secondary_cells", r.secondary}});
  Json out = {
      {"report", "sna"},
      {"title", doc.title},
      {"public", doc.disclosure.enabled},
      {"suppress_below", doc.disclosure.enabled ? Json(doc.disclosure.threshold) : Json(nullptr)},
      {"period", PeriodJson(d.period)},
      {"previous_period", PeriodJson(d.previous)},
      {"definition",
       {{"name", d.definition}, {"title", d.definition_title}, {"version", d.definition_label}}},
      {"headline", HeadlineJson(doc.headline)},
      {"sections", std::move(sections)},
      {"suppressed", std::move(suppressed)}};
  return out.dump(2) + "\n";
}

}  // namespace cairn
