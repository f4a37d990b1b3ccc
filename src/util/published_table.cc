#include "util/published_table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "util/strings.h"

namespace cairn {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Removes "[note 4]" and "[Note 12]" markers anywhere.
std::string WithoutNoteMarkers(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '[') {
      size_t close = text.find(']', i);
      if (close != std::string_view::npos &&
          StartsWith(ToLower(text.substr(i + 1, close - i - 1)), "note")) {
        i = close + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The start of a footnote run "7", "8,9" or " 7,8,10" ending at `end`, after a letter or ')';
// `end` when there is none.
size_t FootnoteStart(const std::string& s, size_t end) {
  size_t i = end;
  while (i > 0 && (IsDigit(s[i - 1]) || s[i - 1] == ',')) --i;
  if (i == end || !IsDigit(s[end - 1]) || s[i] == ',') return end;
  size_t start = i;
  if (start > 0 && s[start - 1] == ' ') {
    // A spaced-off run counts only when short ("harassment 5", "(households) 7,8,10").
    for (size_t j = start, run = 0; j < end; ++j) {
      run = s[j] == ',' ? 0 : run + 1;
      if (run > 2) return end;
    }
    --start;
  }
  if (start == 0) return end;
  char before = s[start - 1];
  return IsLetter(before) || before == ')' ? start : end;
}

}  // namespace

std::string PublishedName(std::string_view text) {
  std::string s = CollapseSpaces(WithoutNoteMarkers(text));
  // Footnote runs before a space, a ')' or the end: "fraud3)", "(mid-2018)3 rounded", "Essex10".
  std::string out;
  size_t begin = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    const bool boundary = i == s.size() || s[i] == ' ' || s[i] == ')';
    if (!boundary || i == 0 || !IsDigit(s[i - 1])) continue;
    size_t start = FootnoteStart(s, i);
    if (start < begin) continue;
    out.append(s, begin, start - begin);
    begin = i;
  }
  out.append(s, begin, std::string::npos);
  return CollapseSpaces(out);
}

std::string AreaNameKey(std::string_view name) {
  std::string s = ToLower(PublishedName(name));
  std::string words;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '&') {
      words += " and ";
    } else if (IsLetter(c) || IsDigit(c)) {
      words.push_back(c);
    } else {
      words.push_back(' ');
    }
  }
  std::string key = CollapseSpaces(Trim(words));
  if (key == "london city of") return "city of london";
  if (StartsWith(key, "the ")) key.erase(0, 4);
  return key;
}

bool IsMissingFigure(std::string_view cell) {
  static const std::array<std::string_view, 22> kMissing = {
      "..", ".",   "-",   "\u2013", "*",   "+",   "x",     "z",   "c",    "u",   ":",
      "na", "n/a", "[x]", "[z]",    "[c]", "[u]", "[low]", "[w]", "[na]", "..c", "~"};
  std::string lower = ToLower(Trim(cell));
  if (lower.empty()) return false;
  for (std::string_view m : kMissing)
    if (lower == m) return true;
  return StartsWith(lower, "[note") && EndsWith(lower, "]");
}

std::optional<double> ParseFigure(std::string_view cell) {
  std::string_view t = Trim(cell);
  if (t.empty()) return std::nullopt;
  std::string plain;
  for (char c : t)
    if (c != ',') plain.push_back(c);
  return ParseDouble(plain);
}

std::string YearEndingFrom(std::string_view text) {
  static const std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string s = ToLower(CollapseSpaces(text));
  for (size_t at = s.find("year ending "); at != std::string::npos;
       at = s.find("year ending ", at + 1)) {
    size_t i = at + 12;
    size_t word_end = i;
    while (word_end < s.size() && IsLetter(s[word_end])) ++word_end;
    std::string month = s.substr(i, word_end - i);
    int m = 0;
    for (size_t k = 0; k < kMonths.size(); ++k)
      if (month.size() >= 3 && StartsWith(month, kMonths[k])) m = static_cast<int>(k) + 1;
    if (m == 0 || word_end >= s.size() || s[word_end] != ' ') continue;
    size_t d = word_end + 1, digits = d;
    while (digits < s.size() && IsDigit(s[digits])) ++digits;
    if (digits - d < 2) continue;
    // "2019" then footnotes ("20191,2"), or a two-digit year ("18" then "1,2,3").
    int year = StartsWith(s.substr(d), "20") && digits - d >= 4 ? std::stoi(s.substr(d, 4))
                                                                : 2000 + std::stoi(s.substr(d, 2));
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d", year % 10000, m);
    return out;
  }
  return "";
}

std::string MidYearFrom(std::string_view text) {
  std::string s = ToLower(text);
  for (size_t at = s.find("mid-"); at != std::string::npos; at = s.find("mid-", at + 1)) {
    std::string year = s.substr(at + 4, 4);
    if (year.size() == 4 && std::all_of(year.begin(), year.end(), IsDigit) &&
        (at + 8 >= s.size() || !IsDigit(s[at + 8])))
      return year;
  }
  return "";
}

bool IsAreaCode(std::string_view text) {
  if (text.size() != 9 || !IsLetter(text[0])) return false;
  for (size_t i = 1; i < 9; ++i)
    if (!IsDigit(text[i])) return false;
  return true;
}

}  // namespace cairn
