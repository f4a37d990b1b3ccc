#include "analysis/register/register.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

using T = ColumnType;

RegisterColumn Col(std::string name, ColumnType type, bool required, std::string help,
                   std::vector<std::string> choices = {}) {
  return {std::move(name), type, required, std::move(choices), std::move(help)};
}

RegisterColumn Id(std::string help) { return Col("id", T::kId, true, std::move(help)); }
RegisterColumn Owner() {
  return Col("owner", T::kAgency, true, "the agency that owns it (config/register)");
}
RegisterColumn Status() {
  return Col("status", T::kStatus, true, "open, in-progress, done or closed (closed: no action)");
}

std::vector<RegisterKind> MakeKinds() {
  return {
      {"inspection",
       "inspections",
       "Inspections",
       {Id("e.g. INS-2024-01"), Col("title", T::kText, true, "the report's title"),
        Col("inspectorate", T::kText, true, "e.g. HMICFRS"),
        Col("type", T::kChoice, true, "force, national, thematic or joint",
            {"force", "national", "thematic", "joint"}),
        Col("published", T::kDate, true, "the day the report was published"),
        Col("link", T::kLink, false, "where the report is published"),
        Col("key_findings", T::kText, false, "the findings, in a sentence or two"), Owner(),
        Status(), Col("response_published", T::kDate, false, "the day the response was published"),
        Col("response", T::kText, false, "the response's text (the PCC's comments)")}},
      {"recommendation",
       "recommendations",
       "Recommendations",
       {Id("e.g. REC-01"),
        Col("source", T::kChoice, true, "inspection, sna or strategy",
            {"inspection", "sna", "strategy"}),
        Col("inspection", T::kRef, false, "the inspection's id, when the source is an inspection",
            {"inspection"}),
        Col("text", T::kText, true, "the recommendation"),
        Col("priority", T::kChoice, false, "the strategy priority it serves: p1, p2 or p3",
            {"p1", "p2", "p3"}),
        Owner(), Status(), Col("due", T::kDate, false, "when it should be done"),
        Col("response", T::kText, false,
            "the action taken or proposed, or why none (required when closed)")}},
      {"dhr",
       "dhrs",
       "Domestic homicide reviews",
       {Id("e.g. DHR-2023-01"),
        Col("title", T::kText, true, "as published, never a name (e.g. \"Adult A\")"), Owner(),
        Col("notified", T::kDate, true, "the day the police notified the partnership"),
        Col("decided", T::kDate, false, "the day the partnership decided"),
        Col("decision", T::kChoice, false, "hold or not-hold", {"hold", "not-hold"}),
        Col("chair_appointed", T::kDate, false, "the day the independent chair was appointed"),
        Col("report_submitted", T::kDate, false, "the day the overview report was completed"),
        Col("home_office_qa", T::kDate, false, "the Home Office quality assurance panel's day"),
        Col("published", T::kDate, false, "the day it was published"), Status()}},
      {"lesson",
       "lessons",
       "DHR lessons",
       {Id("e.g. LES-01"), Col("dhr", T::kRef, true, "the DHR's id", {"dhr"}),
        Col("text", T::kText, true, "the lesson"), Owner(),
        Col("due", T::kDate, true, "the timescale: applied by this day"),
        Col("expected_change", T::kText, true, "what is expected to change as a result"),
        Status()}},
      {"action",
       "actions",
       "Actions",
       {Id("e.g. ACT-01"),
        Col("answers", T::kRef, true, "the recommendation, lesson or engagement it answers",
            {"recommendation", "lesson", "engagement"}),
        Col("text", T::kText, true, "what will be done"), Owner(),
        Col("due", T::kDate, true, "when it is due"), Status(),
        Col("evidence", T::kText, false, "what shows it was done (partners only)"),
        Col("kpis", T::kKpis, false,
            "the KPIs it should move (ids of `cairn kpi list`, separated by ;)")}},
      {"funding",
       "funding",
       "Funding",
       {Id("e.g. FUND-2024-01"), Col("year", T::kYear, true, "the financial year, e.g. 2024/25"),
        Col("recipient", T::kAgency, true, "the responsible authority allocated it"),
        Col("programme", T::kText, false,
            "the programme, as referrals name it (for the cost per participant)"),
        Col("allocated", T::kMoney, true, "pounds allocated"),
        Col("spent", T::kMoney, false, "pounds spent so far"),
        Col("note", T::kText, false, "anything else")}},
      {"engagement",
       "engagement",
       "Engagement",
       {Id("e.g. ENG-01"), Col("date", T::kDate, true, "the day it took place"),
        Col("type", T::kChoice, true, "consultation, lived-experience, survey or community-event",
            {"consultation", "lived-experience", "survey", "community-event"}),
        Col("group", T::kText, true, "the group or community"),
        Col("participants", T::kCount, true, "how many took part"),
        Col("themes", T::kText, false, "the themes raised (\"you said\")"),
        Col("we_did", T::kText, false, "what the partnership did (\"we did\")"),
        Col("owner", T::kAgency, false, "the agency that ran it")}},
  };
}

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '/';
}

Result<std::string> ReadDate(std::string_view text) {
  static const std::vector<std::string> kPatterns = {"%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S",
                                                     "%d-%b-%Y", "%d %b %Y"};
  if (auto minutes = ParseDateTime(text, kPatterns)) return FormatDate(*minutes);
  if (auto n = ParseDouble(text); n && *n > 1000 && *n < 100000)
    return Status::Invalid("expected a date; got " + std::string(text) +
                           ", which looks like a spreadsheet date serial number in a cell not "
                           "formatted as a date: format the cell as a date or type YYYY-MM-DD");
  return Status::Invalid("expected a date (YYYY-MM-DD or DD/MM/YYYY); got \"" + Abbreviate(text) +
                         "\"");
}

Result<std::string> ReadStatus(std::string_view text) {
  static const std::map<std::string, std::string> kSpellings = {
      {"open", "open"},
      {"not started", "open"},
      {"not-started", "open"},
      {"new", "open"},
      {"in-progress", "in-progress"},
      {"in progress", "in-progress"},
      {"ongoing", "in-progress"},
      {"started", "in-progress"},
      {"done", "done"},
      {"complete", "done"},
      {"completed", "done"},
      {"implemented", "done"},
      {"closed", "closed"},
      {"not accepted", "closed"},
      {"no action", "closed"},
  };
  auto it = kSpellings.find(ToLower(text));
  if (it != kSpellings.end()) return it->second;
  return Status::Invalid("expected a status: open, in-progress, done or closed; got \"" +
                         Abbreviate(text) + "\"");
}

Result<std::string> ReadMoney(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c != ',' && c != ' ') digits += c;
  if (StartsWith(digits, "\xc2\xa3")) digits = digits.substr(2);  // £
  auto v = ParseDouble(digits);
  if (!v || !std::isfinite(*v) || *v < 0 || *v > 1e12)
    return Status::Invalid("expected an amount in pounds, 0 or more; got \"" + Abbreviate(text) +
                           "\"");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  std::string out = buf;
  if (EndsWith(out, ".00")) out.resize(out.size() - 3);
  return out;
}

Result<std::string> ReadYear(std::string_view text) {
  std::string t(text);
  std::replace(t.begin(), t.end(), '-', '/');
  auto parts = Split(t, '/');
  if (parts.size() == 2 && parts[0].size() == 4 && parts[1].size() == 2) {
    auto first = ParseInt(parts[0]), second = ParseInt(parts[1]);
    if (first && second && (*first + 1) % 100 == *second) return parts[0] + "/" + parts[1];
  }
  return Status::Invalid("expected a financial year such as 2024/25; got \"" + Abbreviate(text) +
                         "\"");
}

Result<std::string> ReadKpis(std::string_view text, const KpiCatalogue& kpis) {
  std::string t(text);
  std::replace(t.begin(), t.end(), ',', ';');
  std::vector<std::string> ids;
  for (const std::string& part : Split(t, ';')) {
    std::string id = ToLower(Trim(part));
    if (id.empty()) continue;
    if (kpis.kpis.empty())  // none, or a catalogue with a problem (warned of), which is not read
      return Status::Invalid("KPI \"" + Abbreviate(id) +
                             "\" cannot be checked: the KPI catalogue (config/kpis) is empty or "
                             "not read for a problem (fix it, then import again)");
    if (!kpis.Find(id)) {
      std::vector<std::string> known;
      for (const KpiSpec& k : kpis.kpis) known.push_back(k.id);
      std::string hint = Suggest(id, known);
      return Status::Invalid("KPI \"" + Abbreviate(id) + "\" is not in the catalogue" +
                             (hint.empty() ? "" : " (did you mean " + hint + "?)") +
                             "; `cairn kpi list` shows them");
    }
    ids.push_back(id);
  }
  return Join(ids, "; ");
}

Result<std::string> ReadChoice(const RegisterColumn& column, std::string_view text) {
  std::string t = ToLower(text);
  std::replace(t.begin(), t.end(), ' ', '-');
  for (const std::string& c : column.choices)
    if (t == c) return c;
  return Status::Invalid("expected " + Join(column.choices, ", ") + "; got \"" + Abbreviate(text) +
                         "\"");
}

}  // namespace

const RegisterColumn* RegisterKind::Column(std::string_view column) const {
  for (const RegisterColumn& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

const std::vector<RegisterKind>& RegisterKinds() {
  static const std::vector<RegisterKind> kKinds = MakeKinds();
  return kKinds;
}

const RegisterKind* FindRegisterKind(std::string_view name) {
  std::string n = ToLower(Trim(name));
  std::replace(n.begin(), n.end(), ' ', '-');
  for (const RegisterKind& k : RegisterKinds()) {
    std::string title = ToLower(k.title);
    std::replace(title.begin(), title.end(), ' ', '-');
    if (n == k.name || n == k.plural || n == title) return &k;
  }
  return nullptr;
}

const std::string& RegisterItem::Field(const std::string& name) const {
  static const std::string kEmpty;
  auto it = fields.find(name);
  return it == fields.end() ? kEmpty : it->second;
}

Register::Register(std::vector<RegisterRevision> history) : history_(std::move(history)) {
  for (const RegisterRevision& r : history_) {
    auto [it, inserted] = index_.emplace(r.item, items_.size());
    if (inserted) items_.push_back({r.item, r.kind, {}, r.recorded_at, "", 0});
    RegisterItem& item = items_[it->second];
    item.kind = r.kind;
    item.fields = r.fields;
    item.last_recorded = r.recorded_at;
    ++item.revisions;
  }
}

const RegisterItem* Register::Find(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &items_[it->second];
}

std::vector<const RegisterItem*> Register::OfKind(const std::string& kind) const {
  std::vector<const RegisterItem*> out;
  for (const RegisterItem& i : items_)
    if (i.kind == kind) out.push_back(&i);
  return out;
}

std::vector<const RegisterItem*> Register::Answering(const std::string& id) const {
  std::vector<const RegisterItem*> out;
  for (const RegisterItem& i : items_) {
    const RegisterKind* kind = FindRegisterKind(i.kind);
    if (!kind) continue;
    for (const std::string& column : ReferenceColumns(*kind))
      if (i.Field(column) == id) {
        out.push_back(&i);
        break;
      }
  }
  return out;
}

std::vector<const RegisterRevision*> Register::HistoryOf(const std::string& id) const {
  std::vector<const RegisterRevision*> out;
  for (const RegisterRevision& r : history_)
    if (r.item == id) out.push_back(&r);
  return out;
}

std::vector<std::string> ReferenceColumns(const RegisterKind& kind) {
  std::vector<std::string> out;
  for (const RegisterColumn& c : kind.columns)
    if (c.type == ColumnType::kRef) out.push_back(c.name);
  return out;
}

bool IsOpenStatus(const std::string& status) { return status != "done" && status != "closed"; }

Result<std::string> ReadRegisterValue(const RegisterColumn& column, std::string_view raw,
                                      const RegisterRules& rules, const KpiCatalogue& kpis) {
  const std::string_view text = Trim(raw);
  switch (column.type) {
    case T::kId:
    case T::kRef: {
      if (text.size() > 64 || !std::all_of(text.begin(), text.end(), IsIdChar))
        return Status::Invalid(
            "expected an id of letters, digits, '-', '_', '.' or '/' (at most "
            "64); got \"" +
            Abbreviate(text) + "\"");
      return std::string(text);
    }
    case T::kText:
      return std::string(text);
    case T::kDate:
      return ReadDate(text);
    case T::kAgency: {
      const std::string code = ToLower(text);
      if (rules.agencies.count(code)) return code;
      for (const auto& [c, name] : rules.agencies)
        if (ToLower(name) == code) return c;
      std::vector<std::string> codes;
      for (const auto& [c, name] : rules.agencies) codes.push_back(c);
      return Status::Invalid("\"" + Abbreviate(text) +
                             "\" is not an agency of config/register/register.toml (expected " +
                             Join(codes, ", ") + ")");
    }
    case T::kStatus:
      return ReadStatus(text);
    case T::kKpis:
      return ReadKpis(text, kpis);
    case T::kCount: {
      auto n = ParseInt(text, true);
      if (!n || *n < 0)
        return Status::Invalid("expected a whole number, 0 or more; got \"" + Abbreviate(text) +
                               "\"");
      return std::to_string(*n);
    }
    case T::kMoney:
      return ReadMoney(text);
    case T::kLink:
      if (!StartsWith(ToLower(text), "https://") && !StartsWith(ToLower(text), "http://"))
        return Status::Invalid("expected a web address starting https://; got \"" +
                               Abbreviate(text) + "\"");
      return std::string(text);
    case T::kChoice:
      return ReadChoice(column, text);
    case T::kYear:
      return ReadYear(text);
  }
  return Status::Internal("unknown column type");
}

std::vector<std::string> RegisterFieldChanges(const std::map<std::string, std::string>& before,
                                              const std::map<std::string, std::string>& after) {
  std::vector<std::string> out;
  std::set<std::string> names;
  for (const auto& [k, v] : before) names.insert(k);
  for (const auto& [k, v] : after) names.insert(k);
  for (const std::string& name : names) {
    auto b = before.find(name), a = after.find(name);
    const std::string old_value = b == before.end() ? "" : b->second;
    const std::string new_value = a == after.end() ? "" : a->second;
    if (old_value != new_value)
      out.push_back(name + ": " + (old_value.empty() ? "(none)" : Abbreviate(old_value)) + " -> " +
                    (new_value.empty() ? "(none)" : Abbreviate(new_value)));
  }
  return out;
}

std::optional<int64_t> RegisterDay(const std::string& date) {
  static const std::vector<std::string> kIso = {"%Y-%m-%d"};
  auto minutes = ParseDateTime(date, kIso);
  if (!minutes) return std::nullopt;
  return DayOfMinute(*minutes);
}

std::string RegisterDate(int64_t day) { return FormatDate(day * 1440); }

std::string FinancialYear(int64_t day) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  const int start = m >= 4 ? y : y - 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d/%02d", start, (start + 1) % 100);
  return buf;
}

std::string LatestReferralDay(const Frame& frame) {
  int64_t latest = kNoTime;
  for (int64_t t : frame.referrals.referred) latest = std::max(latest, t);
  return latest == kNoTime ? "" : RegisterDate(DayOfMinute(latest));
}

ProgrammeParticipants CountParticipants(const Frame& frame) {
  std::set<std::tuple<std::string, std::string, uint32_t>> seen;
  const auto& r = frame.referrals;
  for (size_t i = 0; i < r.size(); ++i) {
    if (r.referred[i] == kNoTime) continue;
    seen.emplace(std::string(r.programme.at(i)), FinancialYear(DayOfMinute(r.referred[i])),
                 r.person[i]);
  }
  ProgrammeParticipants out;
  for (const auto& [programme, year, person] : seen) ++out[{programme, year}];
  return out;
}

}  // namespace cairn
