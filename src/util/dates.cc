#include "util/dates.h"

#include <algorithm>
#include <cstdio>

#include "util/strings.h"

namespace cairn {

// Howard Hinnant's days_from_civil.
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

bool IsValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

Status CheckMonthOrder(int32_t from_month, int32_t to_month) {
  if (to_month >= from_month) return Status::Ok();
  return Status::Usage("--to " + FormatMonth(to_month) + " is before --from " +
                       FormatMonth(from_month));
}

std::optional<int32_t> ParseMonth(std::string_view s) {
  s = Trim(s);
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  auto y = ParseInt(s.substr(0, 4));
  auto m = ParseInt(s.substr(5, 2));
  if (!y || !m || *m < 1 || *m > 12 || *y < kFirstYear || *y > kLastYear) return std::nullopt;
  return MonthIndex(static_cast<int>(*y), static_cast<int>(*m));
}

std::string WhyNotAMonth(std::string_view s) {
  s = Trim(s);
  const bool shaped = s.size() == 7 && s[4] == '-' && std::all_of(s.begin(), s.end(), [](char c) {
                        return c == '-' || (c >= '0' && c <= '9');
                      });
  const int month = shaped ? (s[5] - '0') * 10 + (s[6] - '0') : 0;
  if (shaped && month >= 1 && month <= 12)
    return "is out of the supported range (" + std::to_string(kFirstYear) + "-01 to " +
           std::to_string(kLastYear) + "-12)";
  return "is not a month (expected YYYY-MM)";
}

std::string FormatMonth(int32_t idx) {
  if (idx == kNoMonth) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", idx / 12, idx % 12 + 1);
  return buf;
}

static bool ReadDigits(std::string_view s, size_t* pos, int min_len, int max_len, int* out) {
  int v = 0, n = 0;
  while (*pos < s.size() && n < max_len && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  if (n < min_len) return false;
  *out = v;
  return true;
}

static std::optional<int64_t> TryPattern(std::string_view s, std::string_view pat) {
  int y = -1, mo = -1, d = -1, h = 0, mi = 0, sec = 0;
  size_t pos = 0;
  for (size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] == '%' && i + 1 < pat.size()) {
      char f = pat[++i];
      bool ok = true;
      switch (f) {
        case 'd':
          ok = ReadDigits(s, &pos, 1, 2, &d);
          break;
        case 'm':
          ok = ReadDigits(s, &pos, 1, 2, &mo);
          break;
        case 'Y':
          ok = ReadDigits(s, &pos, 4, 4, &y);
          break;
        case 'y':
          ok = ReadDigits(s, &pos, 2, 2, &y);
          y += y < 70 ? 2000 : 1900;
          break;
        case 'H':
          ok = ReadDigits(s, &pos, 1, 2, &h);
          break;
        case 'M':
          ok = ReadDigits(s, &pos, 2, 2, &mi);
          break;
        case 'S':
          ok = ReadDigits(s, &pos, 2, 2, &sec);
          break;
        case 'b': {
          static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
          if (pos + 3 > s.size()) return std::nullopt;
          std::string m3 = ToLower(s.substr(pos, 3));
          ok = false;
          for (int k = 0; k < 12; ++k)
            if (m3 == kMonths[k]) {
              mo = k + 1;
              ok = true;
            }
          pos += 3;
          break;
        }
        default:
          return std::nullopt;
      }
      if (!ok) return std::nullopt;
    } else {
      if (pos >= s.size() || s[pos] != pat[i]) return std::nullopt;
      ++pos;
    }
  }
  if (pos != s.size()) return std::nullopt;
  if (!IsValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return DaysFromCivil(y, mo, d) * 1440 + h * 60 + mi;
}

std::optional<int64_t> ParseDateTime(std::string_view s, const std::vector<std::string>& patterns) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  for (const auto& p : patterns)
    if (auto v = TryPattern(s, p)) return v;
  return std::nullopt;
}

std::string FormatDateTime(int64_t minutes) {
  if (minutes == kNoTime) return "";
  int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  int64_t rem = minutes - days * 1440;
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", y, m, d, static_cast<int>(rem / 60),
                static_cast<int>(rem % 60));
  return buf;
}

std::string FormatDate(int64_t minutes) {
  if (minutes == kNoTime) return "";
  const int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 0 || y > 9999) return FormatDateTime(minutes).substr(0, 10);
  // Written by hand rather than with snprintf: lists print millions of dates.
  std::string out = "0000-00-00";
  for (int i = 3; i >= 0; --i, y /= 10) out[i] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + m / 10), out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + d / 10), out[9] = static_cast<char>('0' + d % 10);
  return out;
}

int32_t MonthOfMinutes(int64_t minutes) {
  if (minutes == kNoTime) return kNoMonth;
  int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  return MonthIndex(y, m);
}

const std::vector<std::string>& DefaultDatePatterns() {
  static const std::vector<std::string> kPatterns = {
      "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
      "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",    "%Y-%m-%d", "%d-%b-%Y",          "%d %b %Y"};
  return kPatterns;
}

}  // namespace cairn
