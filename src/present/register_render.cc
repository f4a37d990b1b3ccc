#include "present/register_render.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "present/charts.h"
#include "present/disclosure.h"
#include "present/kpi_report.h"
#include "util/csv.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr std::string_view kGeneratorMeta = "<meta name=\"generator\" content=\"Cairn register\">";

constexpr const char* kCss = R"css(
.rag { display: inline-block; border-radius: 1rem; padding: 0 .5rem; color: #fff;
       font-size: .8rem; white-space: nowrap; }
.rag.red { background: #b5442c; } .rag.amber { background: #9a6700; }
.rag.green { background: #2e7d32; } .rag.done { background: #1a6fb5; }
.unconfirmed { color: #9a6700; font-size: .8rem; }
td.text { min-width: 14rem; }
td.due { white-space: nowrap; }
span.meta { color: #555; font-size: .8rem; }
.kpi { font-size: .8rem; display: block; }
)css";

// What an item is called in a list: its title, else its text, else its group.
const std::string& Title(const RegisterItem& item) {
  for (const char* field : {"title", "text", "group", "programme"})
    if (!item.Field(field).empty()) return item.Field(field);
  return item.id;
}

std::string Badge(const std::string& rag, const std::string& words) {
  return "<span class=\"rag " + rag + "\">" + HtmlEscape(words) + "</span>";
}

std::string Cell(const std::string& text, const char* cls = nullptr) {
  return std::string("<td") + (cls ? std::string(" class=\"") + cls + "\"" : "") + ">" +
         HtmlEscape(text) + "</td>";
}

std::string Row(const std::vector<std::string>& cells_html) {
  std::string out = "<tr>";
  for (const std::string& c : cells_html) out += c;
  return out + "</tr>\n";
}

std::string Head(const std::vector<std::string>& names) {
  std::string out = "<div class=\"table-wrap\"><table><thead><tr>";
  for (const std::string& n : names) out += "<th>" + HtmlEscape(n) + "</th>";
  return out + "</tr></thead><tbody>\n";
}

constexpr const char* kTableEnd = "</tbody></table></div>\n";

// A count as a public document may show it.
std::string Count(int64_t n, const RegisterReportInputs& in) {
  if (!in.is_public) return WithCommas(n);
  auto shown = DiscloseCount(n, {true, in.suppress_below});
  return shown ? WithCommas(*shown) : "fewer than " + std::to_string(in.suppress_below);
}

std::string Money(const std::string& pounds) {
  auto v = ParseDouble(pounds);
  if (!v) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", *v);
  return "\xc2\xa3" + WithCommas(std::stoll(buf));
}

const DueEntry* EntryFor(const RegisterReportInputs& in, const std::string& id,
                         const std::string& what = "") {
  for (const DueEntry& e : in.due)
    if (e.item == id && (what.empty() || e.what == what)) return &e;
  return nullptr;
}

// The due day with its RAG badge beneath.
std::string DueCell(const RegisterReportInputs& in, const RegisterItem& item) {
  const DueEntry* e = EntryFor(in, item.id, item.Field("text"));
  if (!e) return Cell("");
  return "<td class=\"due\">" + HtmlEscape(e->due) + "<br>" + Badge(Rag(*e), DueInWords(*e)) +
         "</td>";
}

// The strategy priority an item serves: its own, that of what it answers, or none; DHR lessons
// serve priority 3 (violence against women and girls).
std::string PriorityOf(const Register& reg, const RegisterItem& item, int depth = 0) {
  if (!item.Field("priority").empty()) return item.Field("priority");
  if (item.kind == "lesson") return "p3";
  if (depth > 4) return "";
  for (const char* column : {"answers", "inspection", "dhr"})
    if (const RegisterItem* parent = reg.Find(item.Field(column)))
      return PriorityOf(reg, *parent, depth + 1);
  return "";
}

std::string PriorityName(const std::string& p) {
  if (p == "p1") return "Priority 1: alcohol and drugs, county lines and organised crime";
  if (p == "p2") return "Priority 2: children and young people";
  if (p == "p3") return "Priority 3: violence against women and girls";
  return "Not tied to a priority";
}

// A DHR and what hangs from it stay out of public documents until the review is published.
bool Hidden(const RegisterReportInputs& in, const RegisterItem& item, int depth = 0) {
  if (!in.is_public) return false;
  if (item.kind == "dhr") return item.Field("published").empty();
  if (depth > 4) return false;
  for (const char* column : {"answers", "inspection", "dhr"})
    if (const RegisterItem* parent = in.reg->Find(item.Field(column)))
      if (Hidden(in, *parent, depth + 1)) return true;
  return false;
}

std::string KpiCell(const RegisterReportInputs& in, const RegisterItem& action) {
  std::string out = "<td>";
  for (const std::string& part : Split(action.Field("kpis"), ';')) {
    const std::string id(Trim(part));
    if (id.empty()) continue;
    const KpiResult* found = nullptr;
    if (in.kpis)
      for (const KpiResult& r : *in.kpis)
        if (r.spec && r.spec->id == id) found = &r;
    out += "<span class=\"kpi\">" + HtmlEscape(id) + " ";
    if (!found)
      out += "(not computed)";
    else if (found->spc)
      out += VariationIcon(found->spc->variation);
    else
      out += "<span class=\"nodata\">" +
             HtmlEscape(found->spc_note.empty() ? "no SPC yet" : found->spc_note) + "</span>";
    out += "</span>";
  }
  return out + "</td>";
}

std::string OpenWorkSection(const RegisterReportInputs& in) {
  const Register& reg = *in.reg;
  std::map<std::string, std::map<std::string, std::vector<const RegisterItem*>>> by;
  for (const RegisterItem& item : reg.items()) {
    if (item.kind != "recommendation" && item.kind != "action" && item.kind != "lesson") continue;
    if (!IsOpenStatus(item.Field("status")) || Hidden(in, item)) continue;
    by[PriorityOf(reg, item)][item.Field("owner")].push_back(&item);
  }
  std::string out = "<section id=\"open\"><h2>Open recommendations, lessons and actions</h2>\n";
  if (by.empty()) out += "<p>Nothing is open.</p>\n";
  for (const std::string p : {"p1", "p2", "p3", ""}) {
    if (!by.count(p)) continue;
    out += "<h3>" + HtmlEscape(PriorityName(p)) + "</h3>\n";
    for (const auto& [owner, items] : by[p]) {
      out += "<h4>" + HtmlEscape(in.rules->AgencyName(owner)) + "</h4>\n";
      std::vector<std::string> head = {"Item", "What", "Status", "Due", "KPIs it should move"};
      if (!in.is_public) head.push_back("Evidence");
      out += Head(head);
      for (const RegisterItem* item : items) {
        std::string answers = item->Field("answers");
        if (answers.empty()) answers = item->Field("inspection");
        if (answers.empty()) answers = item->Field("dhr");
        std::string what = HtmlEscape(Title(*item));
        if (!answers.empty())
          what += "<br><span class=\"meta\">answers " + HtmlEscape(answers) + "</span>";
        std::vector<std::string> cells = {
            "<td>" + HtmlEscape(item->id) + "<br><span class=\"meta\">" + HtmlEscape(item->kind) +
                "</span></td>",
            "<td class=\"text\">" + what + "</td>", Cell(item->Field("status")), DueCell(in, *item),
            KpiCell(in, *item)};
        if (!in.is_public) cells.push_back(Cell(item->Field("evidence"), "text"));
        out += Row(cells);
      }
      out += kTableEnd;
    }
  }
  return out + "</section>\n";
}

std::string InspectionsSection(const RegisterReportInputs& in) {
  auto inspections = in.reg->OfKind("inspection");
  if (inspections.empty()) return "";
  std::string out = "<section id=\"inspections\"><h2>Inspections and the PCC's responses</h2>\n" +
                    Head({"Inspection", "Title", "Published", "Response due", "Response",
                          "Recommendations open"});
  for (const RegisterItem* i : inspections) {
    const DueEntry* e = EntryFor(in, i->id);
    int64_t open = 0;
    for (const RegisterItem* r : in.reg->Answering(i->id))
      if (r->kind == "recommendation" && IsOpenStatus(r->Field("status"))) ++open;
    out += Row({Cell(i->id), Cell(i->Field("title"), "text"), Cell(i->Field("published")),
                Cell(e ? e->due : ""), "<td>" + (e ? Badge(Rag(*e), DueInWords(*e)) : "") + "</td>",
                Cell(Count(open, in))});
  }
  return out + kTableEnd + "</section>\n";
}

std::string DhrSection(const RegisterReportInputs& in) {
  std::vector<const RegisterItem*> shown;
  for (const RegisterItem* d : in.reg->OfKind("dhr"))
    if (!Hidden(in, *d)) shown.push_back(d);
  if (shown.empty()) return "";
  std::string out =
      "<section id=\"dhrs\"><h2>Domestic homicide reviews</h2>\n" +
      Head({"Review", "Title", "Notified", "Decided", "Report", "Published", "Next step due"});
  for (const RegisterItem* d : shown) {
    const DueEntry* next = nullptr;
    for (const DueEntry& e : in.due)
      if (e.item == d->id && e.met.empty() && !next) next = &e;
    std::string next_html;
    if (next) {
      next_html = HtmlEscape(next->what) + ": " + Badge(Rag(*next), DueInWords(*next));
      if (!next->confirmed)
        next_html += " <span class=\"unconfirmed\">(timescale not confirmed in guidance)</span>";
    }
    out += Row({Cell(d->id), Cell(d->Field("title"), "text"), Cell(d->Field("notified")),
                Cell(d->Field("decided")), Cell(d->Field("report_submitted")),
                Cell(d->Field("published")), "<td>" + next_html + "</td>"});
  }
  return out + kTableEnd + "</section>\n";
}

std::string EngagementSection(const RegisterReportInputs& in) {
  auto sessions = in.reg->OfKind("engagement");
  if (sessions.empty()) return "";
  std::string out =
      "<section id=\"engagement\"><h2>Engagement: you said, we did</h2>\n" +
      Head({"Date", "Type", "Group or community", "Took part", "You said", "We did", "Actions"});
  for (const RegisterItem* s : sessions) {
    std::vector<std::string> actions;
    for (const RegisterItem* a : in.reg->Answering(s->id))
      actions.push_back(a->id + " (" + a->Field("status") + ")");
    auto participants = ParseInt(s->Field("participants"));
    out +=
        Row({Cell(s->Field("date")), Cell(s->Field("type")), Cell(s->Field("group")),
             Cell(participants ? Count(*participants, in) : ""), Cell(s->Field("themes"), "text"),
             Cell(s->Field("we_did"), "text"), Cell(Join(actions, ", "))});
  }
  return out + kTableEnd + "</section>\n";
}

}  // namespace

std::string FundingSectionHtml(const RegisterReportInputs& in) {
  auto rows = in.reg->OfKind("funding");
  if (rows.empty()) return "";
  std::string out =
      "<section id=\"funding\"><h2>Funding</h2>\n<p class=\"meta\">The Duty's grant by year, as "
      "allocated to responsible authorities and programmes, and spend so far. Cost per "
      "participant is spend (or, before any spend is recorded, the allocation) over the people "
      "referred to the programme in that year.</p>\n" +
      Head({"Year", "Recipient", "Programme", "Allocated", "Spent", "Participants",
            "Cost per participant"});
  for (const RegisterItem* f : rows) {
    std::string participants_text, cost;
    const std::string& programme = f->Field("programme");
    auto it = in.participants.find({programme, f->Field("year")});
    if (!programme.empty() && it != in.participants.end() && it->second > 0) {
      participants_text = Count(it->second, in);
      // A year the loaded referrals do not reach the end of: say how far they go.
      const std::string year_end = std::to_string(std::stoi(f->Field("year")) + 1) + "-03-31";
      if (in.participants_through < year_end)
        participants_text += " (referrals to " + in.participants_through + ")";
      const bool small = in.is_public && it->second < in.suppress_below;
      auto pounds =
          ParseDouble(f->Field("spent").empty() ? f->Field("allocated") : f->Field("spent"));
      if (pounds && !small) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f", *pounds / static_cast<double>(it->second));
        cost = Money(buf);
      }
    } else if (!programme.empty()) {
      participants_text = "no referrals loaded";
    }
    out += Row({Cell(f->Field("year")), Cell(in.rules->AgencyName(f->Field("recipient"))),
                Cell(programme), Cell(Money(f->Field("allocated"))), Cell(Money(f->Field("spent"))),
                Cell(participants_text), Cell(cost)});
  }
  return out + kTableEnd + "</section>\n";
}

ListTable RegisterListTable(const Register& reg, const std::string& kind) {
  ListTable t{{"id", "kind", "owner", "status", "due", "title", "revisions", "last_changed"}, {}};
  for (const RegisterItem& item : reg.items()) {
    if (!kind.empty() && item.kind != kind) continue;
    std::string owner = item.Field("owner");
    if (owner.empty()) owner = item.Field("recipient");
    t.rows.push_back({item.id, item.kind, owner, item.Field("status"), item.Field("due"),
                      Abbreviate(Title(item), 60), std::to_string(item.revisions),
                      item.last_recorded});
  }
  return t;
}

ListTable RegisterHistoryTable(const Register& reg, const std::string& id) {
  ListTable t{{"revision", "recorded_at", "recorded_by", "origin", "note", "changes"}, {}};
  const std::map<std::string, std::string> none;
  const std::map<std::string, std::string>* before = &none;
  int n = 0;
  for (const RegisterRevision* r : reg.HistoryOf(id)) {
    const std::vector<std::string> changes = RegisterFieldChanges(*before, r->fields);
    t.rows.push_back({std::to_string(++n), r->recorded_at, r->recorded_by, r->origin, r->note,
                      Join(changes, "; ")});
    before = &r->fields;
  }
  return t;
}

ListTable DueTable(const std::vector<DueEntry>& entries, const RegisterRules& rules) {
  ListTable t{{"item", "kind", "what", "owner", "due", "state", "rag", "met", "basis"}, {}};
  for (const DueEntry& e : entries)
    t.rows.push_back({e.item, e.kind, Abbreviate(e.what, 60), rules.AgencyName(e.owner), e.due,
                      DueInWords(e), Rag(e), e.met,
                      e.basis.empty() ? "" : (e.confirmed ? "" : "not confirmed: ") + e.basis});
  return t;
}

std::string RegisterToCsv(const Register& reg) {
  std::vector<std::string> columns = {"kind", "id"};
  for (const RegisterKind& k : RegisterKinds())
    for (const RegisterColumn& c : k.columns)
      if (std::find(columns.begin(), columns.end(), c.name) == columns.end())
        columns.push_back(c.name);
  std::string out = CsvLine(columns);
  for (const RegisterKind& k : RegisterKinds())
    for (const RegisterItem* item : reg.OfKind(k.name)) {
      std::vector<std::string> row = {item->kind, item->id};
      for (size_t c = 2; c < columns.size(); ++c)
        row.push_back(k.Column(columns[c]) ? item->Field(columns[c]) : "");
      out += CsvLine(row);
    }
  return out;
}

std::string RegisterTemplateCsv(const RegisterKind& kind) {
  std::vector<std::string> names;
  for (const RegisterColumn& c : kind.columns) names.push_back(c.name);
  return CsvLine(names);
}

Result<std::string> InspectionResponseHtml(const RegisterReportInputs& in, const std::string& id) {
  const RegisterItem* i = in.reg->Find(id);
  if (!i || i->kind != "inspection")
    return Status::Usage(id +
                         " is not an inspection in the register (`cairn register list "
                         "--kind inspection`)");
  const DueEntry* e = EntryFor(in, id);
  std::string timing;
  if (e && !e->met.empty())
    timing = "Published on " + e->met + "; due by " + e->due +
             " (56 days beginning with the day "
             "the report was published): " +
             DueInWords(*e) + ".";
  else if (e)
    timing = "Not yet published: due by " + e->due +
             " (56 days beginning with the day the "
             "report was published), " +
             DueInWords(*e) + " as of " + in.as_of + ".";
  std::string body = "<h1>" + HtmlEscape(in.rules->AgencyName(i->Field("owner"))) +
                     ": response to " + HtmlEscape(i->Field("title")) +
                     "</h1>\n<p class=\"meta\">" + HtmlEscape(timing) + " " +
                     (e ? Badge(Rag(*e), DueInWords(*e)) : "") + "</p>\n<dl>" +
                     "<dt>Inspectorate</dt><dd>" + HtmlEscape(i->Field("inspectorate")) + "</dd>" +
                     "<dt>Type</dt><dd>" + HtmlEscape(i->Field("type")) + "</dd>" +
                     "<dt>Date published</dt><dd>" + HtmlEscape(i->Field("published")) + "</dd>";
  if (!i->Field("link").empty())
    body += "<dt>Report</dt><dd><a href=\"" + HtmlEscape(i->Field("link")) + "\">" +
            HtmlEscape(i->Field("link")) + "</a></dd>";
  body +=
      "</dl>\n<h2>Key findings</h2>\n<p>" +
      HtmlEscape(i->Field("key_findings").empty() ? "None recorded." : i->Field("key_findings")) +
      "</p>\n<h2>Response</h2>\n<p>" +
      HtmlEscape(i->Field("response").empty() ? "No response text recorded yet."
                                              : i->Field("response")) +
      "</p>\n<h2>Recommendations</h2>\n";
  std::vector<const RegisterItem*> recs;
  for (const RegisterItem* r : in.reg->Answering(id))
    if (r->kind == "recommendation") recs.push_back(r);
  if (recs.empty()) body += "<p>The report made no recommendations to this force.</p>\n";
  for (const RegisterItem* r : recs) {
    body += "<h3>" + HtmlEscape(r->id) + "</h3>\n<p>" + HtmlEscape(r->Field("text")) + "</p>\n";
    const std::string& response = r->Field("response");
    body += "<p><strong>" +
            std::string(r->Field("status") == "closed"     ? "Why no action: "
                        : IsOpenStatus(r->Field("status")) ? "Action proposed: "
                                                           : "Action taken: ") +
            "</strong>" +
            HtmlEscape(response.empty() ? "No response recorded for this recommendation yet."
                                        : response) +
            "</p>\n";
    std::vector<const RegisterItem*> actions;
    for (const RegisterItem* a : in.reg->Answering(r->id))
      if (a->kind == "action") actions.push_back(a);
    if (actions.empty()) continue;
    body += Head({"Action", "What", "Owner", "Due", "Status"});
    for (const RegisterItem* a : actions)
      body += Row({Cell(a->id), Cell(a->Field("text"), "text"),
                   Cell(in.rules->AgencyName(a->Field("owner"))), Cell(a->Field("due")),
                   Cell(a->Field("status"))});
    body += kTableEnd;
  }
  return ReportPage("Response to " + i->Field("title"), kGeneratorMeta, kCss, body);
}

std::string RegisterReportHtml(const RegisterReportInputs& in) {
  int64_t overdue = 0, soon = 0;
  for (const DueEntry& e : in.due) {
    if (Hidden(in, *in.reg->Find(e.item))) continue;
    overdue += e.state == DueState::kOverdue;
    soon += e.state == DueState::kDueSoon;
  }
  std::string body = "<h1>Accountability register</h1>\n<p class=\"meta\">As of " +
                     HtmlEscape(in.as_of) + (in.is_public ? ", public version" : ", for partners") +
                     ". Overdue: " + Count(overdue, in) + ". Due within " +
                     std::to_string(in.rules->amber_within_days) + " days: " + Count(soon, in) +
                     ". RAG: red overdue, amber due soon, green later, blue done.</p>\n";
  if (in.reg->items().empty())
    body += "<p class=\"nodata\">No register has been imported (`cairn register import`).</p>\n";
  body += OpenWorkSection(in) + InspectionsSection(in) + DhrSection(in) + FundingSectionHtml(in) +
          EngagementSection(in);
  return ReportPage("Accountability register", kGeneratorMeta,
                    std::string(kCss) + VariationIconCss(), body);
}

bool IsRegisterDocument(std::string_view head) {
  return head.find(kGeneratorMeta) != std::string_view::npos;
}

}  // namespace cairn
