#include "analysis/register/due.h"

#include <algorithm>

#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

DueState OpenState(int64_t days, const RegisterRules& rules) {
  if (days < 0) return DueState::kOverdue;
  return days <= rules.amber_within_days ? DueState::kDueSoon : DueState::kLater;
}

// A configured clock on one item; nothing when the item has not reached its start.
std::optional<DueEntry> ClockEntry(const RegisterItem& item, const RegisterClock& clock,
                                   const RegisterRules& rules, int64_t as_of) {
  auto from = RegisterDay(item.Field(clock.from));
  if (!from) return std::nullopt;
  if (item.kind == "dhr" && clock.from == "decided" && item.Field("decision") == "not-hold")
    return std::nullopt;
  const int64_t due = clock.months > 0 ? AddMonths(*from, clock.months)
                                       : *from + clock.days - (clock.beginning_with ? 1 : 0);
  DueEntry e{item.id,           item.kind, clock.what, item.Field("owner"), item.Field("status"),
             RegisterDate(due), "",        0,          DueState::kLater,    clock.confirmed,
             clock.basis};
  if (auto met = RegisterDay(item.Field(clock.until))) {
    e.met = RegisterDate(*met);
    e.days = *met - due;
    e.state = e.days <= 0 ? DueState::kMetOnTime : DueState::kMetLate;
  } else {
    e.days = due - as_of;
    e.state = OpenState(e.days, rules);
  }
  return e;
}

// An item's own due date (recommendations, lessons, actions).
std::optional<DueEntry> OwnDueEntry(const RegisterItem& item, const RegisterRules& rules,
                                    int64_t as_of) {
  auto due = RegisterDay(item.Field("due"));
  if (!due) return std::nullopt;
  DueEntry e{item.id,
             item.kind,
             item.Field("text"),
             item.Field("owner"),
             item.Field("status"),
             RegisterDate(*due),
             "",
             *due - as_of,
             DueState::kLater,
             true,
             ""};
  e.state = IsOpenStatus(e.status) ? OpenState(e.days, rules) : DueState::kDone;
  return e;
}

}  // namespace

Status CheckClocks(const RegisterRules& rules, const std::string& path) {
  for (const RegisterClock& clock : rules.clocks) {
    const std::string where = path + ": clock \"" + clock.name + "\"";
    const RegisterKind* kind = FindRegisterKind(clock.kind);
    if (!kind || kind->name != clock.kind) {
      std::vector<std::string> kinds;
      for (const RegisterKind& k : RegisterKinds()) kinds.push_back(k.name);
      return Status::Usage(where + ": kind \"" + clock.kind + "\" is not a register kind (" +
                           Join(kinds, ", ") + ")");
    }
    for (const std::string* column : {&clock.from, &clock.until}) {
      const RegisterColumn* c = kind->Column(*column);
      if (!c || c->type != ColumnType::kDate) {
        std::vector<std::string> dates;
        for (const RegisterColumn& col : kind->columns)
          if (col.type == ColumnType::kDate) dates.push_back(col.name);
        return Status::Usage(where + ": \"" + *column + "\" is not a date column of " +
                             kind->plural + " (" + Join(dates, ", ") + ")");
      }
    }
  }
  return Status::Ok();
}

int64_t AddMonths(int64_t day, int months) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  while (d > 28 && !IsValidDate(y, m, d)) --d;
  return DaysFromCivil(y, m, d);
}

std::vector<DueEntry> RegisterClocks(const Register& reg, const RegisterRules& rules,
                                     int64_t as_of) {
  std::vector<DueEntry> out;
  for (const RegisterItem& item : reg.items()) {
    for (const RegisterClock& clock : rules.clocks)
      if (clock.kind == item.kind)
        if (auto e = ClockEntry(item, clock, rules, as_of)) out.push_back(std::move(*e));
    if (auto e = OwnDueEntry(item, rules, as_of)) out.push_back(std::move(*e));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const DueEntry& a, const DueEntry& b) { return a.due < b.due; });
  return out;
}

std::string Rag(const DueEntry& e) {
  switch (e.state) {
    case DueState::kOverdue:
      return "red";
    case DueState::kDueSoon:
      return "amber";
    case DueState::kLater:
      return "green";
    case DueState::kMetOnTime:
    case DueState::kMetLate:
    case DueState::kDone:
      return "done";
  }
  return "";
}

std::string DueInWords(const DueEntry& e) {
  auto days = [](int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); };
  switch (e.state) {
    case DueState::kOverdue:
      return "overdue by " + days(-e.days);
    case DueState::kDueSoon:
    case DueState::kLater:
      return e.days == 0 ? "due today" : "due in " + days(e.days);
    case DueState::kMetOnTime:
      return "met on time";
    case DueState::kMetLate:
      return "met " + days(e.days) + " late";
    case DueState::kDone:
      return "done";
  }
  return "";
}

}  // namespace cairn
