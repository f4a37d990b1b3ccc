// The register's clocks (`cairn due`): what is due, what is overdue and by how long, and what was
// met on time. A clock of config/register/register.toml (the PCC's response to an inspection
// report; DHR stages) starts on a date of an item; recommendations, lessons and actions are due
// on their own `due` date.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/register/register.h"
#include "define/register_rules.h"

namespace cairn {

enum class DueState { kOverdue, kDueSoon, kLater, kMetOnTime, kMetLate, kDone };

struct DueEntry {
  std::string item, kind, what, owner, status;
  std::string due;  // YYYY-MM-DD
  std::string met;  // the day it was met, when a clock's `until` date is given
  // Open: days from as_of to the due day (negative: overdue by). Met: days late (0 or less: on
  // time).
  int64_t days = 0;
  DueState state = DueState::kLater;
  bool confirmed = true;  // the clock's number is confirmed in law or guidance
  std::string basis;      // the clock's basis; empty for an item's own due date
};

// Every clock names a register kind and date columns of it for `from` and `until`; otherwise a
// usage error naming `path` and the clock (a typo would make a clock silently never run).
Status CheckClocks(const RegisterRules& rules, const std::string& path);

// Every clock of every item as of the day `as_of` (days since 1970-01-01), in due order.
std::vector<DueEntry> RegisterClocks(const Register& reg, const RegisterRules& rules,
                                     int64_t as_of);

// red (overdue), amber (due within the rules' amber days), green (later), done (met or closed).
std::string Rag(const DueEntry& entry);
// "overdue by 12 days", "due in 5 days", "due today", "met on time", "met 3 days late", "done".
std::string DueInWords(const DueEntry& entry);

// The day `months` after `day` (the same day of the month, or the month's last day).
int64_t AddMonths(int64_t day, int months);

}  // namespace cairn
