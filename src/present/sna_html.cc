#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "present/charts.h"
#include "present/sna_render.h"
#include "util/csv.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr const char* kStyle = R"css(
:root { --ink: #1b1b1b; --muted: #555; --accent: #0b3c5d; --rule: #ccc; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       color: var(--ink); margin: 0 auto; padding: 1rem; max-width: 60rem; }
h1 { color: var(--accent); font-size: 1.7rem; margin: .5rem 0; }
h2 { color: var(--accent); border-bottom: 2px solid var(--accent); margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta, .note { color: var(--muted); font-size: .9rem; }
.headline { display: flex; flex-wrap: wrap; gap: 1rem; }
.stat { border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 1rem; min-width: 11rem; }
.stat b { display: block; font-size: 1.6rem; color: var(--accent); }
.needs { border-left: 4px solid #b5442c; background: #fbf1ee; padding: .5rem 1rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; margin: .4rem 0; }
th, td { border: 1px solid var(--rule); padding: .2rem .45rem; }
th[scope=row] { text-align: left; font-weight: normal; }
tr.total th { font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td, td.total { font-weight: 600; }
svg.chart { width: 100%; height: auto; max-width: 46rem; display: block; }
svg text { font-size: 11px; fill: var(--ink); }
svg .axis-label { font-size: 12px; font-weight: 600; }
svg .grid { stroke: #e3e3e3; }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-weight: 600; }
a.download { font-size: .85rem; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a.download { display: none; }
  h2 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
}
)css";

std::string CountText(const std::optional<int64_t>& n) { return n ? WithCommas(*n) : "[c]"; }

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string PercentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ' ' || c == ',') {
      out += c == ' ' ? std::string("%20") : std::string(1, static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string SignificantText(const Table& t, size_t r) {
  if (t.significance_from < 0) return "";
  const auto& p = t.values[r][static_cast<size_t>(t.significance_from)];
  return !p ? "" : *p < 0.05 ? "yes" : "no";
}

namespace {

std::string ValueText(const Table& t, size_t r, size_t k) {
  const auto& v = t.values[r][k];
  if (!v) return "-";
  const int digits = t.value_digits[k];
  if (digits > 0 && *v > 0 && *v < std::pow(10.0, -digits))
    return "<" + Fixed(std::pow(10.0, -digits), digits);
  return digits == 0 ? WithCommas(static_cast<int64_t>(std::llround(*v)))
                     : Fixed(*v, t.value_digits[k]);
}

std::optional<double> Change(const Table& t, size_t r) {
  const auto& a = t.grid.cells[r].front();
  const auto& b = t.grid.cells[r].back();
  if (!a || !b || *a == 0) return std::nullopt;
  return 100.0 * static_cast<double>(*b - *a) / static_cast<double>(*a);
}

std::string TableHtml(const Table& t) {
  const bool row_totals = !t.grid.row_totals.empty(), col_totals = !t.grid.col_totals.empty();
  std::string out = "<div class=\"table-wrap\"><table>\n<caption class=\"note\">" +
                    HtmlEscape(t.title) + "</caption>\n<thead><tr><th scope=\"col\">" +
                    HtmlEscape(t.row_header) + "</th>";
  for (const auto& c : t.col_labels) out += "<th scope=\"col\">" + HtmlEscape(c) + "</th>";
  if (row_totals) out += "<th scope=\"col\">Total</th>";
  for (const auto& v : t.value_labels) out += "<th scope=\"col\">" + HtmlEscape(v) + "</th>";
  if (t.significance_from >= 0) out += "<th scope=\"col\">Significant change</th>";
  if (t.change_column) out += "<th scope=\"col\">% change</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    out += "<tr><th scope=\"row\">" + HtmlEscape(t.row_labels[r]) + "</th>";
    for (size_t c = 0; c < t.grid.cells[r].size(); ++c)
      out += "<td class=\"n\">" + (t.NoData(r, c) ? "no data" : CountText(t.grid.cells[r][c])) +
             "</td>";
    if (row_totals)
      out += "<td class=\"n total\">" + (t.NoDataInRow(r) ? "-" : CountText(t.grid.row_totals[r])) +
             "</td>";
    for (size_t k = 0; k < t.value_labels.size(); ++k)
      out += "<td class=\"n\">" + ValueText(t, r, k) + "</td>";
    if (t.significance_from >= 0) out += "<td>" + SignificantText(t, r) + "</td>";
    if (t.change_column) {
      auto ch = Change(t, r);
      out += "<td class=\"n\">" + (ch ? Fixed(*ch, 1) + "%" : "-") + "</td>";
    }
    out += "</tr>\n";
  }
  if (col_totals || (t.grid.has_grand_total && !row_totals)) {
    out += "<tr class=\"total\"><th scope=\"row\">Total</th>";
    if (col_totals)
      for (size_t c = 0; c < t.grid.col_totals.size(); ++c)
        out += "<td class=\"n\">" + (t.NoDataInColumn(c) ? "-" : CountText(t.grid.col_totals[c])) +
               "</td>";
    else
      for (size_t c = 1; c < t.col_labels.size(); ++c) out += "<td></td>";
    if (t.grid.has_grand_total && (row_totals || !col_totals))
      out +=
          "<td class=\"n\">" + (t.no_data.empty() ? CountText(t.grid.grand_total) : "-") + "</td>";
    for (size_t k = 0; k < t.value_labels.size() + (t.significance_from >= 0); ++k)
      out += "<td></td>";
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  out += "<a class=\"download\" download=\"" + t.id + ".csv\" href=\"data:text/csv;charset=utf-8," +
         PercentEncode(TableToCsv(t)) + "\">Download this table (CSV)</a>\n";
  return out;
}

std::string ChartHtml(const Table& t) {
  switch (t.chart) {
    case ChartKind::kLine:
      return LineChartSvg(t);
    case ChartKind::kHeatmap:
      return HeatmapSvg(t);
    case ChartKind::kBars:
      return BarChartSvg(t);
    case ChartKind::kMap:
      return MapSvg(t);
    case ChartKind::kRateBars:
      return RateBarsSvg(t);
    case ChartKind::kNone:
      return "";
  }
  return "";
}

std::string FigureBlock(const Table& t) {
  if (t.chart == ChartKind::kNone) return "<h3>" + HtmlEscape(t.title) + "</h3>\n" + TableHtml(t);
  return "<figure>\n<figcaption>" + HtmlEscape(t.title) + "</figcaption>\n" + ChartHtml(t) +
         "<p class=\"note\">" + HtmlEscape(t.alt) + "</p>\n" + TableHtml(t) + "</figure>\n";
}

std::string Stat(const std::string& label, const std::string& value, const std::string& note) {
  return "<div class=\"stat\">" + HtmlEscape(label) + "<b>" + HtmlEscape(value) + "</b>" +
         (note.empty() ? "" : "<span class=\"note\">" + HtmlEscape(note) + "</span>") + "</div>\n";
}

std::string HeadlineHtml(const SnaDocument& doc) {
  const Headline& h = doc.headline;
  std::string change = "-", significance;
  if (h.change_percent)
    change = (*h.change_percent >= 0 ? "+" : "") + Fixed(*h.change_percent, 1) + "%";
  if (h.p_value)
    significance = *h.p_value < 0.05 ? "significant (p = " + Fixed(*h.p_value, 3) + ")"
                                     : "not significant (p = " + Fixed(*h.p_value, 3) + ")";
  std::string ci;
  if (h.ci_lower) ci = "95% interval " + Fixed(*h.ci_lower, 0) + " to " + Fixed(*h.ci_upper, 0);
  std::string count = h.not_loaded ? "not loaded" : CountText(h.count);
  if (!h.current_note.empty() && !h.not_loaded) count += " (partial)";
  if (!h.current_note.empty()) significance = "not claimed: this period is not fully loaded";
  std::string out = "<div class=\"headline\">\n";
  out += Stat("Events, " + doc.period_label, count, ci);
  out += Stat("Previous period, " + doc.previous_label,
              h.previous_note.empty() ? CountText(h.previous_count) : "not fully loaded", "");
  out += Stat("Change", change, significance);
  out +=
      Stat("Rate per 1,000 population", h.rate_per_1000 ? Fixed(*h.rate_per_1000, 2) : "n/a", "");
  out += "</div>\n";
  if (!h.rate_per_1000) out += "<p class=\"note\">" + HtmlEscape(h.rate_note) + "</p>\n";
  if (!h.previous_note.empty())
    out += "<p class=\"note\">" + HtmlEscape(h.previous_note) + "</p>\n";
  if (!h.current_note.empty()) out += "<p class=\"note\">" + HtmlEscape(h.current_note) + "</p>\n";
  return out;
}

std::string FiguresHtml(const Section& s) {
  if (s.figures.empty()) return "";
  std::string out = "<div class=\"headline\">\n";
  for (const Figure& f : s.figures)
    out += Stat(f.label, f.share ? Fixed(100 * *f.share, 1) + "%" : CountText(f.count),
                f.share ? CountText(f.count) + " events" : "");
  return out + "</div>\n";
}

std::string SuppressionHtml(const SnaDocument& doc) {
  if (doc.suppressed.empty()) return "";
  std::string out = "<h3>What was suppressed</h3>\n<ul>\n";
  for (const auto& r : doc.suppressed)
    out += "<li>" + HtmlEscape(r.table) + ": " + std::to_string(r.primary) +
           " cells below the threshold, " + std::to_string(r.secondary) +
           " further cells or totals to protect them</li>\n";
  return out + "</ul>\n";
}

std::string SectionHtml(const SnaDocument& doc, const Section& s) {
  std::string out = "<section id=\"" + s.id + "\">\n<h2>" + HtmlEscape(s.title) + "</h2>\n";
  if (s.id == "headline") out += HeadlineHtml(doc);
  for (const auto& p : s.paragraphs) out += "<p>" + HtmlEscape(p) + "</p>\n";
  out += FiguresHtml(s);
  for (const auto& t : s.tables) out += FigureBlock(t);
  if (!s.needs.empty())
    out += "<p class=\"needs\"><strong>Not available from the data loaded.</strong> " +
           HtmlEscape(s.needs) + "</p>\n";
  if (s.id == "methods") out += SuppressionHtml(doc);
  return out + "</section>\n";
}

}  // namespace

std::string TableToCsv(const Table& t) {
  std::vector<std::string> header = {t.row_header};
  header.insert(header.end(), t.col_labels.begin(), t.col_labels.end());
  if (!t.grid.row_totals.empty()) header.push_back("Total");
  header.insert(header.end(), t.value_labels.begin(), t.value_labels.end());
  if (t.significance_from >= 0) header.push_back("Significant change");
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto cell = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "[c]"; };
  // A cell with no data loaded says so; a total over one is left empty.
  auto count = [&](const std::optional<int64_t>& v, bool no_data, const char* instead) {
    return no_data ? std::string(instead) : cell(v);
  };
  std::string out;
  auto line = [&](std::vector<std::string> fields) {
    for (auto& f : fields) f = field(f);
    out += Join(fields, ",") + "\n";
  };
  line(header);
  for (size_t r = 0; r < t.row_labels.size(); ++r) {
    std::vector<std::string> f = {t.row_labels[r]};
    for (size_t c = 0; c < t.grid.cells[r].size(); ++c)
      f.push_back(count(t.grid.cells[r][c], t.NoData(r, c), "no data"));
    if (!t.grid.row_totals.empty()) f.push_back(count(t.grid.row_totals[r], t.NoDataInRow(r), ""));
    for (const auto& v : t.values.empty() ? std::vector<std::optional<double>>{} : t.values[r])
      f.push_back(v ? fmt::format("{}", *v) : "");
    if (t.significance_from >= 0) f.push_back(SignificantText(t, r));
    line(f);
  }
  if (!t.grid.col_totals.empty() || t.grid.has_grand_total) {
    std::vector<std::string> f = {"Total"};
    for (size_t c = 0; c < t.col_labels.size(); ++c)
      f.push_back(t.grid.col_totals.empty() ? ""
                                            : count(t.grid.col_totals[c], t.NoDataInColumn(c), ""));
    const bool any = !t.no_data.empty();
    if (!t.grid.row_totals.empty())
      f.push_back(t.grid.has_grand_total ? count(t.grid.grand_total, any, "") : "");
    else if (t.grid.col_totals.empty())
      f.back() = count(t.grid.grand_total, any, "");  // a list with only a grand total
    f.resize(f.size() + t.value_labels.size() + (t.significance_from >= 0));
    line(f);
  }
  return out;
}

constexpr std::string_view kGeneratorMeta = "<meta name=\"generator\" content=\"Cairn sna\">";

bool IsSnaHtml(std::string_view head) {
  size_t end = head.find("</head>");
  return head.substr(0, end).find(kGeneratorMeta) != std::string_view::npos;
}

std::string ReportPage(const std::string& title, std::string_view generator_meta,
                       const std::string& extra_css, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
         std::string(generator_meta) +
         "\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">\n<title>" +
         HtmlEscape(title) + "</title>\n<style>" + kStyle + extra_css +
         "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

std::string SnaToHtml(const SnaDocument& doc) {
  std::string out =
      "<h1>" + HtmlEscape(doc.title) + "</h1>\n<p class=\"meta\">" + HtmlEscape(doc.period_label) +
      ". " +
      (doc.disclosure.enabled ? "Public version: small counts suppressed."
                              : "Not for publication: contains unsuppressed small counts.") +
      "</p>\n<nav><p class=\"meta\">";
  std::vector<std::string> links;
  for (const auto& s : doc.sections)
    links.push_back("<a href=\"#" + s.id + "\">" + HtmlEscape(s.title) + "</a>");
  out += Join(links, " &middot; ") + "</p></nav>\n";
  for (const auto& s : doc.sections) out += SectionHtml(doc, s);
  return ReportPage(doc.title, kGeneratorMeta, "", out);
}

}  // namespace cairn
