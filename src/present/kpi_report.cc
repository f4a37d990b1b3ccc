#include "present/kpi_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "present/charts.h"
#include "present/evaluate_render.h"
#include "present/kpi_render.h"
#include "stats/rates.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr std::string_view kGeneratorMeta = "<meta name=\"generator\" content=\"Cairn kpi\">";

constexpr const char* kCss = R"css(
td.spark { padding: 0 .3rem; }
svg.spark { width: 7.5rem; height: 1.6rem; display: block; }
svg.icon { width: 2rem; height: 2rem; display: inline-block; vertical-align: middle; }
svg.icon text { font: 700 13px system-ui, Arial, sans-serif; }
.nodata { color: #b5442c; }
)css";

// Counted things a public report hides when small: counts, people, referrals, reported figures,
// and a rate's count behind it.
bool IsCountLike(KpiMeasure m) { return IsCountMeasure(m) || m == KpiMeasure::kReported; }

std::string Number(std::optional<double> v) {
  if (!v) return "";
  char buf[64];
  if (std::fabs(*v - std::round(*v)) < 1e-9 && std::fabs(*v) < 1e15)
    return WithCommas(static_cast<int64_t>(std::llround(*v)));
  std::snprintf(buf, sizeof buf, std::fabs(*v) < 10 ? "%.3g" : "%.1f", *v);
  return buf;
}

std::string Unit(const KpiSpec& k) {
  if (IsShareMeasure(k.measure)) return "%";
  if (k.measure == KpiMeasure::kRate) return " per 1,000";
  if (k.measure == KpiMeasure::kTimeliness) return " days";
  if (k.measure == KpiMeasure::kUnderstandingChange) return " points";
  return "";
}

// The point of `r` inside `period` (a quarter or a year; for a monthly KPI the last month of it).
// A KPI by a longer period than the report's (a yearly KPI in a quarterly report, a quarterly one
// in a monthly report) has none inside it, as of its end: its latest period ended by then stands.
const KpiPoint* PointIn(const KpiResult& r, const std::string& period) {
  auto months = PeriodMonths(period);
  if (!months) return nullptr;
  const KpiPoint *found = nullptr, *ended = nullptr;
  for (const KpiPoint& p : r.points) {
    auto pm = PeriodMonths(p.period);
    if (!pm) continue;
    if (pm->first <= months->second && pm->second >= months->first) found = &p;
    if (pm->second <= months->second) ended = &p;
  }
  const auto own = PeriodMonths(PeriodLabel(r.period, months->first));  // the KPI's period there
  const bool longer = own && own->second - own->first > months->second - months->first;
  return found || !longer ? found : ended;
}

// Whether SPC ran up to the point reported: its icons speak of that point. None for a period with
// no value, whose icons would speak of an earlier one.
bool SpcEndsAt(const KpiResult& r, const KpiPoint* p) {
  if (!r.spc || !p || !p->value || r.spc->points.empty()) return false;
  return static_cast<size_t>(p - r.points.data()) == r.spc_first + r.spc->points.size() - 1;
}

// "not reported" for a figure people give, "no data" (no file covers it) for the others.
std::string NoValueWords(const KpiResult& r) {
  return r.spec->measure == KpiMeasure::kReported ? "not reported" : "no data";
}

}  // namespace

namespace {

// Making Data Count's icons as our own SVG: a circle in the colour of what it says (blue an
// improvement or a pass, orange a concern or a fail, grey common cause or hit-or-miss, purple a
// change neither way is better), a mark inside, and the words as its accessible name and tooltip.
std::string IconSvg(const std::string& cls, const std::string& colour, const std::string& mark,
                    const std::string& words) {
  return "<svg class=\"icon " + cls + "\" viewBox=\"0 0 32 32\" role=\"img\" aria-label=\"" +
         HtmlEscape(words) + "\"><title>" + HtmlEscape(words) +
         "</title><circle cx=\"16\" cy=\"16\" r=\"14\" fill=\"#fff\" stroke=\"" + colour +
         "\" stroke-width=\"2.5\"/>" + mark + "</svg>";
}

std::string Letter(const std::string& letter, const std::string& colour, int y) {
  return "<text x=\"16\" y=\"" + std::to_string(y) + "\" text-anchor=\"middle\" fill=\"" + colour +
         "\">" + HtmlEscape(letter) + "</text>";
}

}  // namespace

std::string VariationIcon(const std::string& variation) {
  if (variation.empty()) return "";
  const std::string cls = variation.rfind("improvement", 0) == 0 ? "improvement"
                          : variation.rfind("concern", 0) == 0   ? "concern"
                          : variation.rfind("neutral", 0) == 0   ? "neutral"
                                                                 : "common";
  const std::string colour = cls == "improvement" ? "#1a6fb5"
                             : cls == "concern"   ? "#c25e00"
                             : cls == "neutral"   ? "#7a4fa0"
                                                  : "#6b6b6b";
  std::string text = variation;
  std::replace(text.begin(), text.end(), '_', ' ');
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (cls == "common")  // a line wandering about its mean
    return IconSvg(cls, colour,
                   "<path d=\"M6,17 L10,13 L14,19 L18,13 L22,18 L26,15\" fill=\"none\" "
                   "stroke=\"" +
                       colour + "\" stroke-width=\"2\"/>",
                   text);
  // H or L, and an arrow the way the points went.
  const bool high = variation.size() >= 4 && variation.substr(variation.size() - 4) == "high";
  const std::string arrow = high ? "<path d=\"M12,26 L16,21 L20,26 Z\" fill=\"" + colour + "\"/>"
                                 : "<path d=\"M12,21 L16,26 L20,21 Z\" fill=\"" + colour + "\"/>";
  return IconSvg(cls, colour, Letter(high ? "H" : "L", colour, 18) + arrow, text);
}

std::string VariationIconCss() { return kCss; }

namespace {

// P, F or ? over the target's line.
std::string AssuranceIcon(const std::string& assurance) {
  if (assurance.empty()) return "";
  const std::string cls = assurance == "consistent_pass"   ? "pass"
                          : assurance == "consistent_fail" ? "fail"
                                                           : "inconsistent";
  const std::string text = cls == "pass"   ? "Will meet target"
                           : cls == "fail" ? "Will not meet target"
                                           : "Target: hit or miss";
  const std::string colour = cls == "pass" ? "#1a6fb5" : cls == "fail" ? "#c25e00" : "#6b6b6b";
  return IconSvg(cls, colour,
                 Letter(cls == "pass"   ? "P"
                        : cls == "fail" ? "F"
                                        : "?",
                        colour, 19) +
                     "<line x1=\"9\" x2=\"23\" y1=\"23\" y2=\"23\" stroke=\"" + colour +
                     "\" stroke-width=\"2\"/>",
                 text);
}

// A line through the values, broken where there is none.
std::string Sparkline(const KpiResult& r) {
  std::vector<std::optional<double>> v;
  for (const KpiPoint& p : r.points) v.push_back(p.value);
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& x : v)
    if (x) lo = std::min(lo, *x), hi = std::max(hi, *x);
  if (v.size() < 2 || !std::isfinite(lo)) return "";
  if (hi == lo) hi = lo + 1;
  std::string path;
  bool pen = false;
  char buf[64];
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i]) {
      pen = false;
      continue;
    }
    std::snprintf(buf, sizeof buf, "%s%.1f,%.1f ", pen ? "L" : "M",
                  2 + 116.0 * static_cast<double>(i) / static_cast<double>(v.size() - 1),
                  22 - 20 * (*v[i] - lo) / (hi - lo));
    path += buf;
    pen = true;
  }
  return "<svg class=\"spark\" viewBox=\"0 0 120 24\" role=\"img\" aria-label=\"trend of " +
         HtmlEscape(r.spec->name) + "\"><path d=\"" + path +
         "\" fill=\"none\" stroke=\"#0b3c5d\" stroke-width=\"1.5\"/></svg>";
}

std::string SpcColour(const std::string& type) {
  if (type == "special_cause_improvement") return "#1a6fb5";
  if (type == "special_cause_concern") return "#c25e00";
  if (type.rfind("special_cause_neutral", 0) == 0) return "#7a4fa0";
  return "#6b6b6b";
}

// The SPC chart: values, the mean and process limits of each group, special-cause points in
// colour, the target, and a labelled line where the limits were rebased.
std::string SpcChart(const KpiResult& r) {
  const KpiSpec& k = *r.spec;
  if (r.points.empty()) return "";
  const double W = 640, H = 230, L = 56, R = 12, T = 14, B = 40;
  double lo = INFINITY, hi = -INFINITY;
  auto extend = [&](double x) { lo = std::min(lo, x), hi = std::max(hi, x); };
  for (const KpiPoint& p : r.points)
    if (p.value) extend(*p.value);
  if (r.spc)
    for (const SpcPoint& s : r.spc->points)
      if (std::isfinite(s.lpl) && std::isfinite(s.upl)) extend(s.lpl), extend(s.upl);
  if (k.target) extend(*k.target);
  if (!std::isfinite(lo)) return "";
  if (hi == lo) hi = lo + 1;
  const double pad = (hi - lo) * 0.08;
  // A count or share below zero cannot happen: the axis stops at 0 and a limit below it is drawn
  // at the axis.
  const bool never_negative = std::all_of(r.points.begin(), r.points.end(), [](const KpiPoint& p) {
    return !p.value || *p.value >= 0;
  });
  lo = never_negative ? std::max(0.0, lo - pad) : lo - pad;
  hi += pad;
  const size_t n = r.points.size();
  auto X = [&](size_t i) { return L + (W - L - R) * (n == 1 ? 0.5 : double(i) / double(n - 1)); };
  auto Y = [&](double v) {
    return T + (H - T - B) * (1 - (std::clamp(v, lo, hi) - lo) / (hi - lo));
  };
  char buf[256];
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 640 230\" role=\"img\"><title>" +
                    HtmlEscape(k.name) + "</title><desc>SPC chart of " + HtmlEscape(k.name) +
                    ": each period's value with the mean and process limits</desc>";
  // Periods with no value are shaded, with the reason as their tooltip: a gap, never a 0.
  const double step = n == 1 ? W - L - R : (W - L - R) / double(n - 1);
  for (size_t i = 0; i < n; ++i) {
    if (r.points[i].value) continue;
    const double x0 = std::max(L, X(i) - step / 2), x1 = std::min(W - R, X(i) + step / 2);
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                  "fill=\"#fbe3cf\"><title>",
                  x0, T, x1 - x0, H - T - B);
    svg += std::string(buf) + HtmlEscape(r.points[i].period + ": " + r.points[i].no_data) +
           "</title></rect>";
  }
  for (int t = 0; t <= 4; ++t) {
    const double v = lo + (hi - lo) * t / 4;
    std::snprintf(buf, sizeof buf,
                  "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                  L, W - R, Y(v), Y(v), L - 4, Y(v) + 4);
    svg += std::string(buf) + Number(std::round(v * 10) / 10) + "</text>";
  }
  for (size_t i = 0; i < n; i += std::max<size_t>(1, n / 6)) {
    // The last period's label ends at its point, not past the chart's edge.
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", X(i),
                  H - B + 16, n > 1 && i == n - 1 ? "end" : "middle");
    svg += std::string(buf) + HtmlEscape(r.points[i].period) + "</text>";
  }
  std::snprintf(buf, sizeof buf, "<text class=\"axis-label\" x=\"%.1f\" y=\"%.1f\">", L, H - 4);
  svg += std::string(buf) + HtmlEscape(KpiPeriodName(k.period)) + " (" +
         HtmlEscape(k.improvement == KpiDirection::kDecrease   ? "lower is better"
                    : k.improvement == KpiDirection::kIncrease ? "higher is better"
                                                               : "neither way is better") +
         ")</text>";
  if (r.spc) {
    for (size_t j = 0; j + 1 < r.spc->points.size(); ++j) {
      const SpcPoint& a = r.spc->points[j];
      const size_t i = r.spc_first + j;
      for (auto [v, dash] : {std::pair{a.mean, ""}, {a.lpl, "4 3"}, {a.upl, "4 3"}}) {
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
                      "stroke-dasharray=\"%s\"/>",
                      X(i), X(i + 1), Y(v), Y(v), dash);
        if (r.spc->points[j + 1].group == a.group && std::isfinite(v)) svg += buf;
      }
    }
  }
  if (k.target) {
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2e7d32\" "
                  "stroke-dasharray=\"8 4\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                  "fill=\"#2e7d32\">target</text>",
                  L, W - R, Y(*k.target), Y(*k.target), W - R, Y(*k.target) - 3);
    svg += buf;
  }
  for (const KpiSpec::Rebase& rebase : k.rebase) {
    auto at = PeriodMonths(rebase.period);
    for (size_t i = 0; i < n && at; ++i)
      if (PeriodMonths(r.points[i].period)->first >= at->first) {
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#0b3c5d\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\">",
                      X(i), X(i), T, H - B, X(i) + 3, T + 10);
        svg += std::string(buf) + HtmlEscape(rebase.what) + "</text>";
        break;
      }
  }
  std::string path;
  bool pen = false;
  for (size_t i = 0; i < n; ++i) {
    if (!r.points[i].value) {
      pen = false;
      continue;
    }
    std::snprintf(buf, sizeof buf, "%s%.1f,%.1f ", pen ? "L" : "M", X(i), Y(*r.points[i].value));
    path += buf;
    pen = true;
  }
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#0b3c5d\" stroke-width=\"2.5\"/>";
  for (size_t i = 0; i < n; ++i) {
    if (!r.points[i].value) continue;
    std::string type;
    if (r.spc && i >= r.spc_first && i - r.spc_first < r.spc->points.size())
      type = r.spc->points[i - r.spc_first].point_type;
    std::snprintf(buf, sizeof buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>",
                  X(i), Y(*r.points[i].value), SpcColour(type).c_str());
    svg += std::string(buf) +
           HtmlEscape(r.points[i].period + ": " + Number(r.points[i].value) + Unit(k)) +
           "</title></circle>";
  }
  return svg + "</svg>";
}

std::string PriorityTitle(const std::string& p) {
  if (p == "headline") return "The strategy's headline";
  if (p == "1") return "Priority 1: alcohol and drugs as a driver of serious violence";
  if (p == "2") return "Priority 2: children and young people";
  if (p == "3") return "Priority 3: violence against women and girls";
  return "Priority " + p;
}

std::vector<std::string> Priorities() { return {"headline", "1", "2", "3"}; }

// What a training figure is of: the agencies of the professionals trained, the responses a mean
// is over and its interval.
std::string TrainingWords(const KpiPoint& p, KpiMeasure m) {
  if (m == KpiMeasure::kTrained)
    return p.agencies ? " professionals, from " + Number(p.agencies) + " agencies"
                      : " professionals";
  if (!p.responses) return "";
  return " (mean over " + Number(p.responses) + " responses, 95% interval " + Number(p.lower95) +
         " to " + Number(p.upper95) + ")";
}

std::string ValueIn(const KpiResult& r, const std::string& period) {
  const KpiPoint* p = PointIn(r, period);
  if (!p) return "<span class=\"nodata\">" + NoValueWords(r) + "</span>";
  if (!p->value)
    return "<span class=\"nodata\">" +
           HtmlEscape((p->no_data.empty() ? NoValueWords(r) : p->no_data) +
                      (p->period == period ? "" : " (" + p->period + ")")) +
           "</span>";
  const std::string training =
      IsTrainingMeasure(r.spec->measure) ? TrainingWords(*p, r.spec->measure) : "";
  return Number(p->value) + Unit(*r.spec) + HtmlEscape(training) + " <span class=\"note\">(" +
         HtmlEscape(p->period) + ")</span>";
}

std::string SummaryHtml(const std::vector<KpiResult>& results, const std::string& period) {
  std::string out;
  for (const std::string& priority : Priorities()) {
    std::string rows;
    for (const KpiResult& r : results) {
      if (r.spec->priority != priority) continue;
      const bool icons = SpcEndsAt(r, PointIn(r, period));
      rows += "<tr><th scope=\"row\"><a href=\"#" + HtmlEscape(r.spec->id) + "\">" +
              HtmlEscape(r.spec->name) + "</a></th><td class=\"spark\">" + Sparkline(r) +
              "</td><td class=\"n\">" + ValueIn(r, period) + "</td><td class=\"n\">" +
              (r.spec->target ? Number(r.spec->target) + Unit(*r.spec) : "") + "</td><td>" +
              HtmlEscape(r.change.empty() ? r.baseline_note : r.change) + "</td><td>" +
              (icons ? VariationIcon(r.spc->variation) : "") + "</td><td>" +
              (icons ? AssuranceIcon(r.spc->assurance) : "") + "</td></tr>\n";
    }
    if (rows.empty()) continue;
    out += "<h3>" + HtmlEscape(PriorityTitle(priority)) +
           "</h3>\n<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">KPI</th>"
           "<th scope=\"col\">Trend</th><th scope=\"col\">" +
           HtmlEscape(period) +
           "</th><th scope=\"col\">Target</th><th scope=\"col\">Change on baseline</th>"
           "<th scope=\"col\">Variation</th><th scope=\"col\">Assurance</th></tr></thead>"
           "<tbody>\n" +
           rows + "</tbody></table></div>\n";
  }
  return out;
}

// The latest rate per 100,000 (first-time entrants) and what it is per.
std::string RateWords(const KpiResult& r) {
  const KpiPoint* latest = nullptr;
  for (const KpiPoint& p : r.points)
    if (p.per_100k) latest = &p;
  if (!latest) return "Rate: " + r.rate_note;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *latest->per_100k);
  return "Rate in " + latest->period + ": " + buf + " " + r.rate_note;
}

// A KPI broken down by partner: each partner's values for the periods up to the report's (the
// latest eight), "no data" with its reason where their files leave a period uncovered, and every
// period they left uncovered.
std::string PartnersHtml(const KpiResult& r, const std::string& period) {
  if (r.partners.empty()) return "";
  auto until = PeriodMonths(period);
  std::vector<std::string> periods;
  for (const KpiPoint& p : r.partners[0].points)
    if (!until || PeriodMonths(p.period)->first <= until->second) periods.push_back(p.period);
  if (periods.size() > 8) periods.erase(periods.begin(), periods.end() - 8);
  std::string head = "<th scope=\"col\">Partner (extract)</th>";
  for (const std::string& p : periods) head += "<th scope=\"col\">" + HtmlEscape(p) + "</th>";
  head += "<th scope=\"col\">Periods with no data</th>";
  std::string rows;
  for (const KpiPartner& partner : r.partners) {
    rows += "<tr><th scope=\"row\">" + HtmlEscape(PartnerName(partner)) + "</th>";
    for (const std::string& period_label : periods) {
      auto p = std::find_if(partner.points.begin(), partner.points.end(),
                            [&](const KpiPoint& k) { return k.period == period_label; });
      // A period their files leave uncovered is "no data"; one they cover without a value (no
      // file of theirs ended in it, for the data-sharing measures) is a dash, its reason beside.
      const bool missing =
          p == partner.points.end() || std::find(partner.missing.begin(), partner.missing.end(),
                                                 period_label) != partner.missing.end();
      if (p == partner.points.end() || !p->value)
        rows += "<td class=\"n\"><span class=\"nodata\" title=\"" +
                HtmlEscape(p == partner.points.end() ? "no data" : p->no_data) + "\">" +
                (missing ? "no data" : "&ndash;") + "</span></td>";
      else
        rows += "<td class=\"n\">" + Number(p->value) + Unit(*r.spec) + "</td>";
    }
    rows += "<td>" +
            (partner.missing.empty() ? std::string("none")
                                     : "<span class=\"nodata\">" +
                                           HtmlEscape(Join(partner.missing, ", ")) + "</span>") +
            "</td></tr>\n";
  }
  return "<p>By partner: each partner's figure over its own files alone; a period some month of "
         "which no file of theirs covers is no data, never 0 (a dash: no value although their "
         "files cover it, with the reason as its tooltip).</p>\n<div "
         "class=\"table-wrap\"><table>"
         "<thead><tr>" +
         head + "</tr></thead><tbody>\n" + rows + "</tbody></table></div>\n";
}

std::string KpiSectionHtml(const KpiResult& r, const std::string& period) {
  const KpiSpec& k = *r.spec;
  std::string out = "<section id=\"" + HtmlEscape(k.id) + "\"><h3>" + HtmlEscape(k.name) +
                    "</h3>\n<p>" + HtmlEscape(k.kind == "output" ? "Output" : "Outcome") +
                    " KPI. Evidences: " + HtmlEscape(k.evidences) + "</p>\n";
  out += "<p>" + HtmlEscape(period) + ": " + ValueIn(r, period) +
         (SpcEndsAt(r, PointIn(r, period))
              ? " " + VariationIcon(r.spc->variation) + " " + AssuranceIcon(r.spc->assurance)
              : "") +
         "</p>\n";
  if (k.measure == KpiMeasure::kReported && r.points.empty())
    out += "<p class=\"nodata\">Nothing has been reported for this KPI yet (cairn kpi record " +
           HtmlEscape(k.id) + " --period ... --value ...).</p>\n";
  const std::string chart = SpcChart(r);
  if (!chart.empty()) out += "<figure>" + chart + "</figure>\n";
  out += PartnersHtml(r, period);
  std::vector<std::string> notes;
  if (!r.change.empty()) notes.push_back(r.change);
  for (const std::string& n : {r.spc_note, r.baseline_note})
    if (!n.empty() && n != "no baseline set") notes.push_back(n);
  if (!r.rate_note.empty()) notes.push_back(RateWords(r));
  if (r.spc && r.spc->short_group)
    notes.push_back("fewer than 13 points since the last rebase: the limits are trial limits");
  for (const KpiSpec::Rebase& rebase : k.rebase) {
    auto at = PeriodMonths(rebase.period);
    if (r.spc && at && r.spc_first < r.points.size() &&
        PeriodMonths(r.points[r.spc_first].period)->first < at->first &&
        PeriodMonths(r.points.back().period)->second >= at->first)
      notes.push_back("limits rebased at " + rebase.period + ": " + rebase.what);
  }
  for (const std::string& n : notes) out += "<p class=\"note\">" + HtmlEscape(n) + "</p>\n";
  out += "<p class=\"meta\">" +
         HtmlEscape(std::string("Measure: ") + KpiMeasureName(k.measure) + ", by " +
                    KpiPeriodName(k.period) + ". Source: " + k.source + ". Owner: " + k.owner +
                    ". Id: " + k.id + ".") +
         "</p></section>\n";
  return out;
}

// A KPI's value for a whole year, from its results by year (Workspace::ComputeKpis with a year
// period: a year's distinct people are distinct over the year). A figure people report by quarter
// or month makes its year as its catalogue entry's `year_figure` says: the sum of the periods (a
// flow), their mean or the last one (a level, such as county lines operating, which a sum would
// multiply). No value when a period it needs has none.
struct YearValue {
  std::optional<double> value;
  double numerator = 0, denominator = 0;
  std::string how;         // how the value is made, when not the KPI's own figure for the year
  std::string missing;     // why there is no value
  bool whole_sum = false;  // a sum of whole numbers: a count, which a Poisson test applies to
};

YearValue ValueOfYear(const KpiResult& r, int year) {
  YearValue y;
  const int32_t jan = MonthIndex(year, 1);
  std::vector<std::string> periods;
  for (int32_t m = jan; m < jan + 12; ++m)
    if (periods.empty() || periods.back() != PeriodLabel(r.period, m))
      periods.push_back(PeriodLabel(r.period, m));
  const KpiYearFigure figure = r.spec->year_figure;
  if (figure == KpiYearFigure::kLast) periods.erase(periods.begin(), periods.end() - 1);
  double sum = 0;
  bool whole = true;
  for (const std::string& period : periods) {
    auto p = std::find_if(r.points.begin(), r.points.end(),
                          [&](const KpiPoint& k) { return k.period == period; });
    if (p == r.points.end() || !p->value) {
      const std::string why =
          p == r.points.end() || p->no_data.empty() ? NoValueWords(r) : p->no_data;
      y.missing = period == std::to_string(year) ? why : period + ": " + why;
      return y;
    }
    sum += *p->value;
    whole = whole && *p->value == std::floor(*p->value);
    y.numerator += p->numerator;
    y.denominator += p->denominator;
  }
  const std::string name = KpiPeriodName(r.period);
  if (figure == KpiYearFigure::kLast) {
    y.value = sum;
    y.how = "the last " + name + "'s, " + periods.back();
  } else if (figure == KpiYearFigure::kSum) {
    y.value = sum;
    y.whole_sum = whole;
    y.how = "sum of its " + std::to_string(periods.size()) + " " + name + "s";
  } else {
    y.value = sum / static_cast<double>(periods.size());
    if (periods.size() > 1)
      y.how = "mean of its " + std::to_string(periods.size()) + " " + name + "s";
  }
  return y;
}

// One year against another: improved, worsened (rose or fell when neither way is better), no
// signal, no test (a measure no test applies to) or no comparison (a year has no value).
struct Comparison {
  std::string verdict, why;
  std::optional<double> pvalue;
};

Comparison Compare(const KpiResult& r, const YearValue& now, const YearValue& then,
                   const std::string& then_label) {
  if (!now.value) return {"no comparison", "the year has no value: " + now.missing, {}};
  if (!then.value) return {"no comparison", then_label + " has no value: " + then.missing, {}};
  const KpiSpec& k = *r.spec;
  Comparison c;
  bool signal = false;
  if ((IsCountMeasure(k.measure) && now.how.empty()) || (now.whole_sum && then.whole_sum)) {
    auto change = TwoPoissonCounts(*then.value, 1, *now.value, 1);
    if (change.ok()) c.pvalue = change->pvalue;
    signal = change.ok() && change->pvalue < 0.05;
  } else if (IsShareMeasure(k.measure)) {
    auto a = WilsonProportion(now.numerator, now.denominator, 100);
    auto b = WilsonProportion(then.numerator, then.denominator, 100);
    signal = a.ok() && b.ok() && (*a->lower95 > *b->upper95 || *b->lower95 > *a->upper95);
  } else {
    c.verdict = "no test";
    c.why = std::string(*now.value > *then.value   ? "higher"
                        : *now.value < *then.value ? "lower"
                                                   : "the same") +
            " (no test of significance for this measure: " + KpiMeasureName(k.measure) + ")";
    return c;
  }
  if (!signal) {
    c.verdict = "no signal";
    return c;
  }
  const bool up = *now.value > *then.value;
  if (k.improvement == KpiDirection::kNeutral)
    c.verdict = up ? "rose" : "fell";
  else
    c.verdict = up == (k.improvement == KpiDirection::kIncrease) ? "improved" : "worsened";
  return c;
}

// Each KPI's year, the year before and its baseline year, with both comparisons.
struct AnnualRow {
  const KpiResult* r = nullptr;
  YearValue now, before, base;
  std::optional<int> base_year;
  Comparison against_before, against_base;
};

std::vector<AnnualRow> AnnualRows(const std::vector<KpiResult>& yearly, int year) {
  std::vector<AnnualRow> rows;
  for (const KpiResult& r : yearly) {
    AnnualRow row;
    row.r = &r;
    row.now = ValueOfYear(r, year);
    row.before = ValueOfYear(r, year - 1);
    row.against_before = Compare(r, row.now, row.before, std::to_string(year - 1));
    const std::string& baseline = r.spec->baseline;
    if (IsPeriodOf(KpiPeriod::kYear, baseline)) {
      row.base_year = static_cast<int>(*ParseInt(baseline));
      row.base = ValueOfYear(r, *row.base_year);
      row.against_base = *row.base_year == year
                             ? Comparison{"no comparison", "the year is the baseline year", {}}
                             : Compare(r, row.now, row.base, "the baseline year " + baseline);
    } else {
      row.against_base = {"no comparison",
                          baseline.empty() ? "no baseline set"
                                           : "the baseline " + baseline + " is not a whole year",
                          {}};
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<std::string>& Verdicts() {
  static const std::vector<std::string> v = {"improved",  "worsened", "rose",         "fell",
                                             "no signal", "no test",  "no comparison"};
  return v;
}

// The KPIs of each verdict, a KPI with no comparison or no test saying why. Improved and worsened
// are always listed, "none" when empty.
std::string VerdictLists(const std::vector<AnnualRow>& rows, Comparison AnnualRow::*which) {
  std::string out = "<ul>\n";
  for (const std::string& verdict : Verdicts()) {
    std::vector<std::string> names;
    for (const AnnualRow& row : rows) {
      const Comparison& c = row.*which;
      if (c.verdict != verdict) continue;
      std::string name = HtmlEscape(row.r->spec->name);
      if (!c.why.empty()) name += " <span class=\"note\">(" + HtmlEscape(c.why) + ")</span>";
      names.push_back(name);
    }
    if (names.empty() && verdict != "improved" && verdict != "worsened") continue;
    out += "<li><b>" + HtmlEscape(verdict) + " (" + std::to_string(names.size()) + "):</b> " +
           (names.empty() ? std::string("none") : Join(names, "; ")) + "</li>\n";
  }
  return out + "</ul>\n";
}

std::string YearCell(const KpiResult& r, const YearValue& y) {
  if (!y.value) return "<span class=\"nodata\">" + HtmlEscape(y.missing) + "</span>";
  return Number(y.value) + Unit(*r.spec) +
         (y.how.empty() ? "" : " <span class=\"note\">(" + HtmlEscape(y.how) + ")</span>");
}

std::string VerdictCell(const Comparison& c) {
  std::string out = HtmlEscape(c.verdict);
  if (c.pvalue) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " (p = %.3f)", *c.pvalue);
    out += buf;
  }
  if (c.verdict == "no comparison" || c.verdict == "no test")
    out += " <span class=\"note\">" + HtmlEscape(c.why) + "</span>";
  return out;
}

constexpr const char* kAnnualMethod =
    "Each KPI's value for a year is its figure computed over the whole year (distinct people are "
    "distinct over the year, shares from the year's numerator and denominator); a figure people "
    "report by quarter or month makes its year as the catalogue says: summed when it is a flow "
    "(visits made), the mean of the periods or the last one when it is a level (county lines "
    "operating). A year with a period it needs missing has no value. A signal is a change chance "
    "alone would rarely give: for counts (reported counts summed included) R's poisson.test at "
    "p < 0.05, for shares 95% intervals that do not overlap; other measures are compared without "
    "a test.";

std::string AnnualHtml(const std::vector<KpiResult>& yearly, const KpiReportOptions& options) {
  const int year = *options.annual;
  const std::vector<AnnualRow> rows = AnnualRows(yearly, year);
  std::string table;
  for (const AnnualRow& row : rows) {
    const KpiResult& r = *row.r;
    std::string sna;
    if (!options.sna_file.empty() && !r.spec->sna_section.empty())
      sna = "<a href=\"" + HtmlEscape(options.sna_file) + "#" + HtmlEscape(r.spec->sna_section) +
            "\">SNA</a>";
    table += "<tr><th scope=\"row\"><a href=\"#" + HtmlEscape(r.spec->id) + "\">" +
             HtmlEscape(r.spec->name) + "</a></th><td class=\"n\">" + YearCell(r, row.now) +
             "</td><td class=\"n\">" + YearCell(r, row.before) + "</td><td>" +
             VerdictCell(row.against_before) + "</td><td class=\"n\">" +
             (row.base_year ? YearCell(r, row.base) + " (" + std::to_string(*row.base_year) + ")"
                            : std::string()) +
             "</td><td>" + VerdictCell(row.against_base) + "</td><td>" + sna + "</td></tr>\n";
  }
  const std::string y = std::to_string(year), before = std::to_string(year - 1);
  return "<h2 id=\"review\">The year " + y + " against " + before +
         " and the baseline year</h2>\n<p>" + HtmlEscape(kAnnualMethod) + "</p>\n<h3>" + y +
         " against " + before + "</h3>\n" + VerdictLists(rows, &AnnualRow::against_before) +
         "<h3>" + y + " against the baseline year</h3>\n" +
         VerdictLists(rows, &AnnualRow::against_base) +
         "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">KPI</th><th "
         "scope=\"col\">" +
         y + "</th><th scope=\"col\">" + before + "</th><th scope=\"col\">Against " + before +
         "</th><th scope=\"col\">Baseline year</th><th scope=\"col\">Against the baseline</th><th "
         "scope=\"col\">Draws on</th></tr></thead><tbody>\n" +
         table + "</tbody></table></div>\n";
}

nlohmann::ordered_json YearJson(const YearValue& y) {
  nlohmann::ordered_json out = {{"value", y.value ? nlohmann::ordered_json(*y.value) : nullptr}};
  if (!y.how.empty()) out["how"] = y.how;
  if (!y.missing.empty()) out["no_data"] = y.missing;
  return out;
}

nlohmann::ordered_json ComparisonJson(const Comparison& c) {
  nlohmann::ordered_json out = {{"verdict", c.verdict}};
  if (c.pvalue) out["pvalue"] = *c.pvalue;
  if (!c.why.empty()) out["why"] = c.why;
  return out;
}

// The annual review's numbers: each KPI's year values and comparisons, and the KPIs of each
// verdict.
nlohmann::ordered_json AnnualJson(const std::vector<KpiResult>& yearly,
                                  const KpiReportOptions& options) {
  using Json = nlohmann::ordered_json;
  const int year = *options.annual;
  const std::vector<AnnualRow> rows = AnnualRows(yearly, year);
  Json kpis = Json::array();
  for (const AnnualRow& row : rows) {
    const KpiSpec& k = *row.r->spec;
    kpis.push_back({{"id", k.id},
                    {"name", k.name},
                    {"priority", k.priority},
                    {"measure", KpiMeasureName(k.measure)},
                    {"improvement", KpiDirectionName(k.improvement)},
                    {"year", YearJson(row.now)},
                    {"previous_year", YearJson(row.before)},
                    {"baseline_year", row.base_year ? Json(*row.base_year) : Json(nullptr)},
                    {"baseline", row.base_year ? YearJson(row.base) : Json(nullptr)},
                    {"against_previous_year", ComparisonJson(row.against_before)},
                    {"against_baseline", ComparisonJson(row.against_base)},
                    {"sna_section", k.sna_section}});
  }
  Json lists = Json::object();
  for (auto [name, which] : {std::pair{"against_previous_year", &AnnualRow::against_before},
                             std::pair{"against_baseline", &AnnualRow::against_base}}) {
    Json by = Json::object();
    for (const std::string& verdict : Verdicts()) {
      Json ids = Json::array();
      for (const AnnualRow& row : rows)
        if ((row.*which).verdict == verdict) ids.push_back(row.r->spec->id);
      by[verdict] = std::move(ids);
    }
    lists[name] = std::move(by);
  }
  return {{"report", "kpi-annual"},
          {"year", year},
          {"public", options.disclosure.enabled},
          {"method", kAnnualMethod},
          {"kpis", std::move(kpis)},
          {"lists", std::move(lists)}};
}

}  // namespace

std::vector<KpiResult> DiscloseKpis(std::vector<KpiResult> results,
                                    const DisclosureOptions& disclosure) {
  if (!disclosure.enabled) return results;
  const double t = static_cast<double>(disclosure.threshold);
  auto small = [&](double v) { return v >= 1 && v < t; };
  for (KpiResult& r : results) {
    bool hidden = false;
    std::set<std::string> hidden_partner_periods;
    std::vector<KpiPoint*> points;
    for (KpiPoint& p : r.points) points.push_back(&p);
    const size_t own = points.size();
    for (KpiPartner& partner : r.partners)
      for (KpiPoint& p : partner.points) points.push_back(&p);
    for (size_t i = 0; i < points.size(); ++i) {
      KpiPoint& p = *points[i];
      if (p.agencies && small(*p.agencies)) p.agencies.reset();  // a count, if not of people
      if (!p.value) continue;
      const bool count =
          IsCountLike(r.spec->measure) && std::fabs(*p.value - std::round(*p.value)) < 1e-9;
      const bool share = IsShareMeasure(r.spec->measure) &&
                         (small(p.numerator) || small(p.denominator - p.numerator));
      const bool rate = r.spec->measure == KpiMeasure::kRate && small(p.numerator);
      if ((count && small(*p.value)) || share || rate) {
        p.value = p.lower95 = p.upper95 = p.per_100k = std::nullopt;
        p.no_data =
            "suppressed (a count from 1 to " + std::to_string(disclosure.threshold - 1) + ")";
        hidden |= i < own;
        if (i >= own) hidden_partner_periods.insert(p.period);
      }
    }
    // A partner's hidden value is the KPI's less the others': when one partner's is hidden, so
    // are all the partners' of that period.
    for (KpiPartner& partner : r.partners)
      for (KpiPoint& p : partner.points)
        if (p.value && hidden_partner_periods.count(p.period)) {
          p.value = p.lower95 = p.upper95 = p.per_100k = std::nullopt;
          p.no_data = "suppressed (another partner's figure for the period is a small count)";
        }
    if (!hidden) continue;
    // The mean of a series or a baseline with one hidden value gives that value away.
    r.spc.reset();
    r.spc_note = "SPC not shown: the series holds a suppressed small count";
    r.baseline.reset();
    r.change.clear();
    r.change_pvalue.reset();
    r.baseline_note = "baseline not shown: the series holds a suppressed small count";
  }
  return results;
}

std::string ReportPeriod(const std::vector<KpiResult>& results, const KpiReportOptions& options) {
  if (!options.period.empty()) return options.period;
  if (options.annual) return std::to_string(*options.annual);
  return DefaultReportPeriod(results).period;
}

ReportPeriodChoice DefaultReportPeriod(const std::vector<KpiResult>& results) {
  int32_t full = -1, any = -1;  // the last month of the latest quarter covered; of any value
  auto counts = [](const KpiResult& r) {
    const KpiMeasure m = r.spec->measure;
    return m != KpiMeasure::kReported && m != KpiMeasure::kTimeliness &&
           m != KpiMeasure::kRejectedShare;
  };
  for (const KpiResult& r : results) {
    if (!counts(r)) continue;
    std::set<int32_t> months;  // those a value of this KPI covers
    for (const KpiPoint& p : r.points)
      if (p.value)
        for (int32_t m = PeriodMonths(p.period)->first; m <= PeriodMonths(p.period)->second; ++m)
          months.insert(m);
    for (int32_t m : months) {
      any = std::max(any, m);
      if (m % 3 == 2 && months.count(m - 1) && months.count(m - 2)) full = std::max(full, m);
    }
  }
  ReportPeriodChoice choice;
  if (any < 0) return choice;
  if (full < 0) {
    choice.period = PeriodLabel(KpiPeriod::kQuarter, any);
    choice.why = "no quarter is fully loaded: " + choice.period + " has the latest data";
    return choice;
  }
  choice.period = PeriodLabel(KpiPeriod::kQuarter, full);
  // A later quarter with some data loaded, and what it lacks.
  for (const KpiResult& r : results)
    for (const KpiPoint& p : r.points)
      if (counts(r) && choice.why.empty() && !p.value && PeriodMonths(p.period)->second > full &&
          p.no_data.rfind("no data loaded for", 0) == 0 &&
          PeriodMonths(p.period)->first <= full + 3)
        choice.why =
            "the latest quarter the loaded data cover fully (" + p.period + ": " + p.no_data + ")";
  if (choice.why.empty() && any > full)
    choice.why = "the latest quarter the loaded data cover fully (the data go on to " +
                 FormatMonth(any) + ")";
  return choice;
}

int32_t LastMonthOf(const std::vector<KpiResult>& results) {
  int32_t last = -1;
  auto extend = [&](const std::vector<KpiPoint>& points) {
    for (const KpiPoint& p : points)
      if (auto months = PeriodMonths(p.period)) last = std::max(last, months->second);
  };
  for (const KpiResult& r : results) {
    extend(r.points);
    for (const KpiPartner& partner : r.partners) extend(partner.points);
  }
  return last;
}

// Each partner's extract in the report's period: files, rows rejected, days to receipt, months no
// file covers, and the completeness of its key fields (each share KPI broken down by partner, as
// `results` hold it, after disclosure control). About the loads and the records' fields, not
// about people.
std::string SharingHtml(const std::vector<SharingRow>& sharing,
                        const std::vector<KpiResult>& results, const std::string& period) {
  std::vector<const KpiResult*> complete;
  for (const KpiResult& r : results)
    if (!r.partners.empty() && r.spec->measure == KpiMeasure::kProportion) complete.push_back(&r);
  // Over the KPI's periods inside the report's (a year's quarters): the summed numerators over
  // the summed denominators, none when one of them has no value.
  const auto months = PeriodMonths(period);
  auto completeness = [&](const KpiResult& r, const SharingRow& row) {
    for (const KpiPartner& p : r.partners) {
      if (p.source != row.source || p.extract != row.extract) continue;
      double numerator = 0, denominator = 0;
      bool inside = false;
      for (const KpiPoint& point : p.points) {
        auto pm = PeriodMonths(point.period);
        if (!months || !pm || pm->first < months->first || pm->second > months->second) continue;
        if (!point.value)
          return "<span class=\"nodata\">" + HtmlEscape(point.period + ": " + point.no_data) +
                 "</span>";
        inside = true;
        numerator += point.numerator;
        denominator += point.denominator;
      }
      if (inside && denominator > 0) return Number(100 * numerator / denominator) + "%";
    }
    return std::string();  // none of its records is of the KPI's kind
  };
  std::string rows;
  for (const SharingRow& r : sharing) {
    if (r.period != period) continue;
    rows +=
        "<tr><th scope=\"row\">" + HtmlEscape(r.source + " (" + r.extract + ")") +
        "</th><td class=\"n\">" + std::to_string(r.covering) + "</td><td class=\"n\">" +
        (r.rows > 0
             ? Number(100.0 * static_cast<double>(r.rejected) / static_cast<double>(r.rows)) + "%"
             : "") +
        "</td><td class=\"n\">" + Number(r.median_days) + "</td>";
    for (const KpiResult* k : complete) rows += "<td class=\"n\">" + completeness(*k, r) + "</td>";
    rows += "<td>" +
            (r.missing.empty()
                 ? "none"
                 : "<span class=\"nodata\">" + HtmlEscape(Join(r.missing, ", ")) + "</span>") +
            "</td></tr>\n";
  }
  if (rows.empty())
    return "<p class=\"nodata\">No partner's file covers " + HtmlEscape(period) + ".</p>\n";
  std::string head =
      "<th scope=\"col\">Partner (extract)</th><th scope=\"col\">Files covering it</th><th "
      "scope=\"col\">Rows rejected</th><th scope=\"col\">Median days to receipt</th>";
  for (const KpiResult* k : complete) {
    std::string name = k->spec->name;
    if (name.rfind("Data sharing: ", 0) == 0) name = name.substr(14);
    head += "<th scope=\"col\"><a href=\"#" + HtmlEscape(k->spec->id) + "\">" + HtmlEscape(name) +
            "</a></th>";
  }
  head += "<th scope=\"col\">Months with no file</th>";
  return "<div class=\"table-wrap\"><table><thead><tr>" + head + "</tr></thead><tbody>\n" + rows +
         "</tbody></table></div>\n";
}

// Each programme's verdict and outcome figures (docs/evaluate.md).
std::string EvaluationsHtml(const std::vector<Evaluation>& evaluations, bool is_public) {
  std::string html =
      "<p>Each programme's participants against similar people who did not take part, matched "
      "as the Ministry of Justice's Justice Data Lab does it (propensity scores, 1:1 matching, at "
      "least 60 people and standardised differences within 0.1 before any conclusion; "
      "docs/evaluate.md). Outcomes over the year after each person's start.</p>\n";
  for (const Evaluation& e : evaluations) {
    html += "<h3>" + HtmlEscape(e.programme) + "</h3>\n";
    if (is_public && !e.conclusive) {
      html +=
          "<p>No conclusion can be drawn: too few participants could be matched, or the "
          "match was poor.</p>\n";
      continue;
    }
    for (const std::string& line : e.verdict) html += "<p>" + HtmlEscape(line) + "</p>\n";
    if (!e.conclusive) continue;
    html +=
        "<table><tr><th>outcome</th><th>participants</th><th>comparison</th>"
        "<th>difference</th><th>95% CI</th><th>p</th></tr>\n";
    for (const OutcomeRow& o : e.outcomes) {
      if (!o.difference) continue;
      const int digits = o.unit == "per person" || o.unit == "hazard ratio" ? 2 : 1;
      auto fixed = [&](std::optional<double> v) {
        if (!v) return std::string();
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", digits, *v);
        return std::string(buf) + (o.unit == "%" ? "%" : "");
      };
      const GroupDifference& d = *o.difference;
      std::string p = "&lt;0.001";
      if (d.p >= 0.001) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", d.p);
        p = buf;
      }
      html += "<tr><td>" + HtmlEscape(o.outcome) + "</td><td>" + fixed(o.treated) + "</td><td>" +
              fixed(o.comparison) + "</td><td>" + fixed(d.difference) + "</td><td>" +
              fixed(d.lower95) + " to " + fixed(d.upper95) + "</td><td>" + p + "</td></tr>\n";
    }
    html += "</table>\n";
  }
  return html;
}

std::string KpiReportHtml(const std::vector<KpiResult>& all, const std::vector<SharingRow>& sharing,
                          const KpiReportOptions& options) {
  const std::vector<KpiResult> results = DiscloseKpis(all, options.disclosure);
  const std::string period = ReportPeriod(results, options);
  const std::vector<KpiResult> yearly =
      DiscloseKpis(options.yearly.empty() ? all : options.yearly, options.disclosure);
  const std::string title =
      options.annual ? "Performance framework: annual review " + std::to_string(*options.annual)
                     : "Performance framework: " + period;
  std::string body =
      "<h1>" + HtmlEscape(title) + "</h1>\n<p class=\"meta\">" + std::to_string(results.size()) +
      " KPIs of the catalogue. " +
      (options.disclosure.enabled
           ? "Public version: counts from 1 to " +
                 std::to_string(options.disclosure.threshold - 1) + " suppressed."
           : std::string("Not for publication: contains unsuppressed small counts.")) +
      " Every figure is as it was at the end of " + HtmlEscape(period) +
      ": later data are left out. Statistical process control as NHS Making Data Count does it: a "
      "coloured point is a signal, grey is common-cause variation. \"No data\" means no file "
      "covers the period, \"not reported\" that nobody has recorded a figure people report for "
      "it; neither is ever shown as 0.</p>\n";
  if (!options.period_note.empty())
    body += "<p class=\"note\">" + HtmlEscape(period + ": " + options.period_note) + ".</p>\n";
  if (options.annual) body += AnnualHtml(yearly, options);
  body += "<h2 id=\"summary\">Summary</h2>\n" + SummaryHtml(results, period);
  body += "<h2 id=\"data-sharing\">Data sharing in " + HtmlEscape(period) +
          "</h2>\n<p>Each partner's files for the period, from the loads: how many, the share of "
          "rows rejected, the median days from the end of a file's period to the day the partner "
          "sent it, the "
          "completeness of key fields (the share KPIs broken down by partner; blank where the "
          "extract has none of the KPI's records), and the months no file covers (a KPI that "
          "reads them shows no data there).</p>\n" +
          SharingHtml(sharing, results, period);
  if (!options.evaluations.empty())
    body += "<h2 id=\"evaluations\">Programme evaluations</h2>\n" +
            EvaluationsHtml(options.evaluations, options.disclosure.enabled);
  if (options.annual) body += options.funding_html;
  body += "<h2 id=\"kpis\">Each KPI</h2>\n";
  for (const KpiResult& r : results) body += KpiSectionHtml(r, period);
  return ReportPage(title, kGeneratorMeta, kCss, body);
}

// The KPI JSON, with the programme evaluations when the report has them, as the HTML section
// shows them: in full, or in a public report only the conclusive ones' verdicts and outcomes
// (their groups are 60 or more) and one plain line for the rest; never the cohort counts, which
// can be small.
std::string KpiReportJson(const std::vector<KpiResult>& all, const KpiReportOptions& options) {
  const std::vector<KpiResult> results = DiscloseKpis(all, options.disclosure);
  using Json = nlohmann::ordered_json;
  Json out;
  if (options.annual) {
    out = AnnualJson(
        DiscloseKpis(options.yearly.empty() ? all : options.yearly, options.disclosure), options);
  } else {
    const std::string kpis =
        KpiToJson(results, ReportPeriod(results, options), options.disclosure.enabled);
    if (options.evaluations.empty()) return kpis;
    out = Json::parse(kpis);
  }
  Json evaluations = Json::array();
  for (const Evaluation& e : options.evaluations) {
    Json full = Json::parse(EvaluationToJson(e));
    if (!options.disclosure.enabled) {
      evaluations.push_back(std::move(full));
      continue;
    }
    Json shown = {{"programme", full["programme"]},
                  {"as_of", full["as_of"]},
                  {"method", full["method"]},
                  {"conclusive", e.conclusive}};
    if (e.conclusive) {
      shown["verdict"] = full["verdict"];
      // As the HTML: only the outcomes with a difference (a median among reoffenders counts
      // few people).
      Json outcomes = Json::array();
      for (const Json& o : full["outcomes"])
        if (!o["difference"].is_null()) outcomes.push_back(o);
      shown["outcomes"] = std::move(outcomes);
      shown["log_rank"] = full["log_rank"];
    } else {
      shown["verdict"] = Json::array(
          {"No conclusion can be drawn: too few participants could be matched, or the match was "
           "poor."});
    }
    evaluations.push_back(std::move(shown));
  }
  if (!evaluations.empty()) out["evaluations"] = std::move(evaluations);
  return out.dump(2) + "\n";
}

bool IsKpiReportHtml(std::string_view head) {
  size_t end = head.find("</head>");
  return head.substr(0, end).find(kGeneratorMeta) != std::string_view::npos;
}

bool IsKpiReportJson(std::string_view head) {
  return head.substr(0, 32).find("{\n  \"report\": \"kpis\",") == 0 ||
         head.substr(0, 32).find("{\n  \"report\": \"kpi-annual\",") == 0;
}

}  // namespace cairn
