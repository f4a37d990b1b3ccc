// Civil dates and times without time zones: partner extracts record local (UK) wall-clock time, and
// Cairn keeps it as such. Minutes count from 1970-01-01 00:00; months as year*12 + (month-1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

constexpr int64_t kNoTime = INT64_MIN;
constexpr int32_t kNoMonth = INT32_MIN;

int64_t DaysFromCivil(int y, int m, int d);
// The day (since 1970-01-01) a minute falls on, rounding down for days before 1970 too.
constexpr int64_t DayOfMinute(int64_t minute) {
  return minute / 1440 - (minute % 1440 != 0 && minute < 0);
}
void CivilFromDays(int64_t days, int* y, int* m, int* d);
bool IsValidDate(int y, int m, int d);

// "2023-07" -> months index; nullopt if malformed or month outside 1..12.
std::optional<int32_t> ParseMonth(std::string_view s);
// The first and last years ParseMonth accepts.
inline constexpr int kFirstYear = 1900, kLastYear = 2200;
// Why ParseMonth refused the text, as a predicate for a message about it: "is not a month
// (expected YYYY-MM)", or for a well-formed month outside the years accepted "is out of the
// supported range (1900-01 to 2200-12)".
std::string WhyNotAMonth(std::string_view s);
std::string FormatMonth(int32_t month_index);  // "2023-07"
inline int32_t MonthIndex(int y, int m) { return y * 12 + (m - 1); }
// The one check of a --from/--to period (query, sna): a Usage error when it ends before it
// starts, "--to 2024-01 is before --from 2024-02".
Status CheckMonthOrder(int32_t from_month, int32_t to_month);

// Parses a date or date-time using strptime-like patterns: %d %m %Y %y %H %M %S %b (Jan) and
// literal characters. Tries each pattern in order; returns minutes since the epoch. A date without
// a time is midnight. Rejects impossible dates such as 31/02/2023.
std::optional<int64_t> ParseDateTime(std::string_view s, const std::vector<std::string>& patterns);
std::string FormatDateTime(int64_t minutes);  // "2023-07-14 22:05"
std::string FormatDate(int64_t minutes);      // "2023-07-14"
int32_t MonthOfMinutes(int64_t minutes);

// The UK formats tried when a profile names none: dd/mm/yyyy HH:MM first, then ISO.
const std::vector<std::string>& DefaultDatePatterns();

}  // namespace cairn
