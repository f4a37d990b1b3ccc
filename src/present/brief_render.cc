#include "present/brief_render.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "analysis/register/due.h"
#include "present/charts.h"
#include "present/disclosure.h"
#include "present/kpi_report.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr std::string_view kGeneratorMeta = "<meta name=\"generator\" content=\"Cairn brief\">";

// One column, large type, no wide tables: a brief is read on a phone.
constexpr const char* kCss = R"css(
body { font-size: 1.05rem; line-height: 1.5; max-width: 40rem; }
.card { border: 1px solid #d0d7de; border-radius: .5rem; padding: .6rem .9rem; margin: .6rem 0; }
.card h3 { margin: 0 0 .3rem 0; font-size: 1rem; }
.big { font-size: 1.4rem; font-weight: 600; }
.quiet { color: #555; font-size: .9rem; }
ul { padding-left: 1.2rem; }
.rag { display: inline-block; border-radius: 1rem; padding: 0 .5rem; color: #fff;
       font-size: .8rem; white-space: nowrap; }
.rag.red { background: #b5442c; } .rag.amber { background: #9a6700; }
.rag.green { background: #2e7d32; } .rag.done { background: #1a6fb5; }
)css";

std::string Esc(const std::string& s) { return HtmlEscape(s); }

std::string Value(const KpiResult& r, const KpiPoint& p) {
  if (!p.value) return "";
  char buf[64];
  const double v = *p.value;
  std::string out;
  if (std::fabs(v - std::round(v)) < 1e-9) {
    out = WithCommas(static_cast<int64_t>(std::llround(v)));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
    out = buf;
  }
  if (IsShareMeasure(r.spec->measure)) out += "%";
  if (r.spec->measure == KpiMeasure::kRate) out += " per 1,000 people";
  return out;
}

const KpiPoint* Latest(const KpiResult& r) {
  for (auto it = r.points.rbegin(); it != r.points.rend(); ++it)
    if (it->value) return &*it;
  return nullptr;
}

std::string Count(int64_t n, const BriefInputs& in) {
  if (!in.reg->is_public) return WithCommas(n);
  auto shown = DiscloseCount(n, {true, in.reg->suppress_below});
  return shown ? WithCommas(*shown) : "fewer than " + std::to_string(in.reg->suppress_below);
}

// A KPI as a card: its latest value (or why there is none), its change, its SPC status in words.
std::string KpiCard(const KpiResult& r) {
  std::string out = "<div class=\"card\"><h3>" + Esc(r.spec->name) + "</h3>";
  const KpiPoint* p = Latest(r);
  if (!p) {
    out += "<p class=\"quiet\">No data loaded for this yet.</p></div>\n";
    return out;
  }
  out += "<p><span class=\"big\">" + Esc(Value(r, *p)) + "</span> <span class=\"quiet\">in " +
         Esc(p->period) + "</span></p>";
  if (!r.change.empty()) out += "<p>" + Esc(r.change) + "</p>";
  out += "<p class=\"quiet\">" + Esc(SpcInWords(r)) + "</p></div>\n";
  return out;
}

std::string PriorityTitle(const std::string& p) {
  if (p == "1") return "Alcohol, drugs and county lines";
  if (p == "2") return "Children and young people";
  if (p == "3") return "Violence against women and girls";
  return "Other";
}

// Actions (not hidden) of each priority: open and done, with up to three open ones named.
std::string DoingSection(const BriefInputs& in) {
  const Register& reg = *in.reg->reg;
  struct Tally {
    int64_t open = 0, done = 0;
    std::vector<std::string> examples;
  };
  std::map<std::string, Tally> by;
  for (const RegisterItem* a : reg.OfKind("action")) {
    std::string priority;
    for (const RegisterItem* p = reg.Find(a->Field("answers")); p && priority.empty();
         p = reg.Find(p->Field("answers")))
      priority = p->kind == "lesson" ? "p3" : p->Field("priority");
    if (in.reg->is_public) {
      const RegisterItem* lesson = reg.Find(a->Field("answers"));
      const RegisterItem* dhr = lesson ? reg.Find(lesson->Field("dhr")) : nullptr;
      if (dhr && dhr->Field("published").empty()) continue;
    }
    Tally& t = by[priority.empty() ? "9" : priority.substr(1)];  // no priority: last
    if (IsOpenStatus(a->Field("status"))) {
      ++t.open;
      if (t.examples.size() < 3) t.examples.push_back(a->Field("text"));
    } else {
      ++t.done;
    }
  }
  std::string out = "<section id=\"doing\"><h2>What we are doing</h2>\n";
  if (by.empty()) out += "<p class=\"quiet\">No actions are recorded yet.</p>\n";
  for (const auto& [priority, t] : by) {
    out += "<div class=\"card\"><h3>" + Esc(PriorityTitle(priority)) + "</h3><p>" +
           Count(t.open, in) + (t.open == 1 && !in.reg->is_public ? " action" : " actions") +
           " under way, " + Count(t.done, in) + " done.</p>";
    if (!t.examples.empty()) {
      out += "<ul>";
      for (const std::string& e : t.examples) out += "<li>" + Esc(e) + "</li>";
      out += "</ul>";
    }
    out += "</div>\n";
  }
  return out + "</section>\n";
}

std::string HeardSection(const BriefInputs& in) {
  auto sessions = in.reg->reg->OfKind("engagement");
  if (sessions.empty()) return "";
  std::string out = "<section id=\"heard\"><h2>You said, we did</h2>\n";
  for (const RegisterItem* s : sessions) {
    if (s->Field("themes").empty()) continue;
    out += "<div class=\"card\"><h3>" + Esc(s->Field("group")) +
           "</h3><p>You said: " + Esc(s->Field("themes")) + "</p><p>We did: " +
           Esc(s->Field("we_did").empty() ? "we are still working on it" : s->Field("we_did")) +
           "</p></div>\n";
  }
  return out + "</section>\n";
}

std::string DueList(const BriefInputs& in) {
  std::string out;
  for (const DueEntry& e : in.reg->due) {
    if (e.state != DueState::kOverdue && e.state != DueState::kDueSoon) continue;
    out += "<li><strong>" + Esc(e.item) + "</strong> " + Esc(Abbreviate(e.what, 80)) + " (" +
           Esc(in.reg->rules->AgencyName(e.owner)) + "): <span class=\"rag " + Rag(e) + "\">" +
           Esc(DueInWords(e)) + "</span>" +
           (e.confirmed ? "" : " <span class=\"quiet\">(timescale not confirmed)</span>") +
           "</li>\n";
  }
  return out.empty() ? "<p>Nothing is overdue or due within " +
                           std::to_string(in.reg->rules->amber_within_days) + " days.</p>\n"
                     : "<ul>\n" + out + "</ul>\n";
}

std::string ChangedSection(const BriefInputs& in) {
  std::string kpis;
  for (const KpiResult& r : *in.kpis)
    if (r.spc && r.spc->variation != "common_cause")
      kpis += "<li>" + Esc(r.spec->name) + ": " + VariationIcon(r.spc->variation) + "</li>\n";
  // Items first recorded in the window, then each later revision in it with what it changed.
  std::vector<std::string> added;
  std::string items;
  std::map<std::string, const RegisterRevision*> before;
  for (const RegisterRevision& r : in.reg->reg->history()) {
    const RegisterRevision* previous = before.count(r.item) ? before[r.item] : nullptr;
    before[r.item] = &r;
    if (r.recorded_at.substr(0, 10) < in.changes_since) continue;
    if (!previous) {
      added.push_back(r.item);
      continue;
    }
    items += "<li><strong>" + Esc(r.item) + "</strong> " +
             Esc(Join(RegisterFieldChanges(previous->fields, r.fields), "; ")) +
             (r.note.empty() ? "" : " <span class=\"quiet\">(" + Esc(r.note) + ")</span>") +
             "</li>\n";
  }
  if (!added.empty()) items = "<li>New: " + Esc(Join(added, ", ")) + "</li>\n" + items;
  return "<section id=\"changed\"><h2>What changed this quarter</h2>\n<h3>KPIs showing unusual "
         "change (special cause variation)</h3>\n" +
         (kpis.empty() ? "<p>None: every KPI with enough data is within its usual range.</p>\n"
                       : "<ul>\n" + kpis + "</ul>\n") +
         "<h3>Register items recorded since " + Esc(in.changes_since) + "</h3>\n" +
         (items.empty() ? "<p>None.</p>\n" : "<ul>\n" + items + "</ul>\n") + "</section>\n";
}

std::string LateSection(const BriefInputs& in) {
  std::string out =
      "<section id=\"late\"><h2>Which data are late</h2>\n<p class=\"quiet\">An "
      "extract is late when the last month it covers is more than " +
      std::to_string(in.late_after_months) + " months before " + Esc(in.reg->as_of) + ".</p>\n";
  if (in.data.empty())
    return out + "<p>No partner extract with a period is loaded.</p>\n</section>\n";
  out += "<ul>\n";
  for (const DataFreshness& d : in.data)
    out += "<li>" + Esc(d.source) + ", " + Esc(d.extract) + ": up to " + Esc(d.last_month) +
           (d.late ? " <span class=\"rag red\">late: " + std::to_string(d.months_behind) +
                         " months behind</span>"
                   : " <span class=\"rag green\">up to date</span>") +
           "</li>\n";
  return out + "</ul>\n</section>\n";
}

}  // namespace

std::string SpcInWords(const KpiResult& r) {
  if (!r.spc)
    return "Not enough periods with data yet to tell a real change from chance" +
           (r.spc_note.empty() ? std::string(".") : " (" + r.spc_note + ").");
  const std::string& v = r.spc->variation;
  if (v == "common_cause")
    return "No unusual change: the ups and downs are within what chance alone gives.";
  const bool high = v.ends_with("_high");
  const std::string move = high ? "An unusual rise" : "An unusual fall";
  if (v.starts_with("improvement")) return move + ", in the right direction.";
  if (v.starts_with("concern")) return move + ", in the wrong direction.";
  return move + ".";
}

std::string PublicBriefHtml(const BriefInputs& in) {
  std::string body =
      "<h1>Serious violence: what we know and what we are doing</h1>\n<p "
      "class=\"quiet\">A summary from the serious violence partnership, as of " +
      Esc(in.reg->as_of) +
      ". Small numbers go up and down by chance, so we only call a change unusual "
      "when the statistics say chance alone is unlikely to explain it, and we do "
      "not show counts below " +
      std::to_string(in.reg->suppress_below) + ".</p>\n";
  body += "<section id=\"know\"><h2>What we know</h2>\n";
  bool any = false;
  for (const KpiResult& r : *in.kpis)
    if (r.spec->priority == "headline") {
      body += KpiCard(r);
      any = true;
    }
  if (!any) body += "<p class=\"quiet\">No measures are computed yet.</p>\n";
  body += "</section>\n" + DoingSection(in) + "<section id=\"going\"><h2>How it is going</h2>\n";
  for (const KpiResult& r : *in.kpis)
    if (r.spec->priority != "headline" && r.spec->kind == "outcome" && Latest(r))
      body += KpiCard(r);
  body += "</section>\n" + HeardSection(in);
  return ReportPage("Serious violence: what we know and what we are doing", kGeneratorMeta, kCss,
                    body);
}

std::string PartnersBriefHtml(const BriefInputs& in) {
  std::string body = "<h1>Partnership brief</h1>\n<p class=\"quiet\">For partner agencies, as of " +
                     Esc(in.reg->as_of) + ". Not for publication.</p>\n" + ChangedSection(in) +
                     "<section id=\"due\"><h2>What is due</h2>\n" + DueList(in) + "</section>\n" +
                     LateSection(in);
  return ReportPage("Partnership brief", kGeneratorMeta, std::string(kCss) + VariationIconCss(),
                    body);
}

bool IsBrief(std::string_view head) { return head.find(kGeneratorMeta) != std::string_view::npos; }

}  // namespace cairn
