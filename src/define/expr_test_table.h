// Test helper: builds a Frame from a small table written by hand, so expression tests state their
// input rows as text. Header only; used by expr_test.cc and expr_cases_test.cc.
//
// Columns (by header name, case-insensitive; an empty cell is a missing value):
//   category, offence.code, force, source, extract, reported_by, lsoa, lsoa.name, district,
//   location, outcome, context, weapon    text
//   kind                                   crime, asb, incident, ed_attendance, ambulance
//                                          (default crime)
//   victim.age, suspect.age                whole years (missing: unknown)
//   victim.sex, suspect.sex                female, male, unknown
//   victim.count, suspect.count            whole numbers (default 0)
//   marker.<name>                          true/false (also yes/no, 1/0)
//   markers                                marker names separated by spaces
//   start, end                             "YYYY-MM-DD HH:MM" or "YYYY-MM-DD"
//   month                                  "YYYY-MM"; without a month column, the month of start
#pragma once

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/codes.h"
#include "snapshot/frame.h"
#include "util/dates.h"
#include "util/status.h"
#include "util/strings.h"

namespace cairn::expr_test {

using Cells = std::vector<std::string>;
using CellSetter = std::function<Status(Frame& f, size_t row, const std::string& cell)>;

inline Status BadCell(const std::string& cell, const std::string& what) {
  return Status::Invalid("\"" + cell + "\" is not " + what);
}

inline CellSetter TextSetter(StringColumn Frame::*column) {
  return [column](Frame& f, size_t row, const std::string& cell) {
    (f.*column).codes()[row] = (f.*column).Intern(cell);
    return Status::Ok();
  };
}

inline CellSetter AgeSetter(Column<int16_t> Frame::*column) {
  return [column](Frame& f, size_t row, const std::string& cell) {
    if (cell.empty()) return Status::Ok();
    auto n = ParseInt(cell);
    if (!n) return BadCell(cell, "an age");
    (f.*column)[row] = static_cast<int16_t>(*n);
    return Status::Ok();
  };
}

inline CellSetter CountSetter(Column<uint32_t> Frame::*column) {
  return [column](Frame& f, size_t row, const std::string& cell) {
    auto n = ParseInt(cell.empty() ? "0" : cell);
    if (!n) return BadCell(cell, "a count");
    (f.*column)[row] = static_cast<uint32_t>(*n);
    return Status::Ok();
  };
}

inline CellSetter SexSetter(Column<uint8_t> Frame::*column) {
  return [column](Frame& f, size_t row, const std::string& cell) {
    std::string s = ToLower(cell);
    Sex sex = s == "female" ? Sex::kFemale : s == "male" ? Sex::kMale : Sex::kUnknown;
    if (!s.empty() && s != "female" && s != "male" && s != "unknown") return BadCell(cell, "a sex");
    (f.*column)[row] = static_cast<uint8_t>(sex);
    return Status::Ok();
  };
}

inline CellSetter DateSetter(Column<int64_t> Frame::*column) {
  return [column](Frame& f, size_t row, const std::string& cell) {
    if (cell.empty()) return Status::Ok();
    auto t = ParseDateTime(cell, {"%Y-%m-%d %H:%M", "%Y-%m-%d"});
    if (!t) return BadCell(cell, "a date");
    (f.*column)[row] = *t;
    return Status::Ok();
  };
}

inline Status SetMarker(Frame& f, size_t row, const std::string& name, bool on) {
  auto bit = ParseMarker(name);
  if (!bit) return BadCell(name, "a marker");
  if (on) f.markers[row] |= *bit;
  return Status::Ok();
}

inline std::map<std::string, CellSetter> Setters() {
  std::map<std::string, CellSetter> s = {
      {"category", TextSetter(&Frame::category)},
      {"offence.code", TextSetter(&Frame::offence_code)},
      {"force", TextSetter(&Frame::force)},
      {"source", TextSetter(&Frame::source)},
      {"extract", TextSetter(&Frame::extract)},
      {"reported_by", TextSetter(&Frame::reported_by)},
      {"lsoa", TextSetter(&Frame::lsoa)},
      {"lsoa.name", TextSetter(&Frame::lsoa_name)},
      {"district", TextSetter(&Frame::district)},
      {"location", TextSetter(&Frame::location)},
      {"outcome", TextSetter(&Frame::outcome)},
      {"context", TextSetter(&Frame::context)},
      {"weapon", TextSetter(&Frame::weapon)},
      {"victim.age", AgeSetter(&Frame::victim_age)},
      {"suspect.age", AgeSetter(&Frame::suspect_age)},
      {"victim.sex", SexSetter(&Frame::victim_sex)},
      {"suspect.sex", SexSetter(&Frame::suspect_sex)},
      {"victim.count", CountSetter(&Frame::victims)},
      {"suspect.count", CountSetter(&Frame::suspects)},
      {"start", DateSetter(&Frame::start_minute)},
      {"end", DateSetter(&Frame::end_minute)},
  };
  s["kind"] = [](Frame& f, size_t row, const std::string& cell) {
    auto kind = ParseEventKind(cell.empty() ? "crime" : cell);
    if (!kind) return BadCell(cell, "a kind");
    f.kind[row] = static_cast<uint8_t>(*kind);
    return Status::Ok();
  };
  s["month"] = [](Frame& f, size_t row, const std::string& cell) {
    if (cell.empty()) return Status::Ok();
    auto month = ParseMonth(cell);
    if (!month) return BadCell(cell, "a month");
    f.month[row] = *month;
    return Status::Ok();
  };
  s["markers"] = [](Frame& f, size_t row, const std::string& cell) {
    for (const auto& name : Split(cell, ' ')) {
      if (!name.empty()) CAIRN_RETURN_IF_ERROR(SetMarker(f, row, name, true));
    }
    return Status::Ok();
  };
  return s;
}

inline Status SetCell(Frame& f, const std::map<std::string, CellSetter>& setters,
                      const std::string& column, size_t row, const std::string& cell) {
  std::string name = ToLower(column);
  if (StartsWith(name, "marker.")) {
    std::string v = ToLower(cell);
    bool on = v == "true" || v == "yes" || v == "1";
    if (!on && !v.empty() && v != "false" && v != "no" && v != "0")
      return BadCell(cell, "true/false");
    return SetMarker(f, row, name.substr(7), on);
  }
  auto it = setters.find(name == "offence" ? "offence.code" : name);
  if (it == setters.end()) return Status::Invalid("unknown column \"" + column + "\"");
  return it->second(f, row, cell);
}

// Builds the frame; errors name the row (1-based) and column.
inline Result<Frame> FrameFromTable(const Cells& header, const std::vector<Cells>& rows) {
  Frame f;
  ResizeFrame(f, rows.size());
  auto setters = Setters();
  bool has_month = false;
  for (const auto& h : header) has_month |= ToLower(h) == "month";
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) {
      return Status::Invalid("row " + std::to_string(r + 1) + " has " +
                             std::to_string(rows[r].size()) + " cells for " +
                             std::to_string(header.size()) + " columns");
    }
    for (size_t c = 0; c < header.size(); ++c) {
      Status st = SetCell(f, setters, header[c], r, rows[r][c]);
      if (!st.ok()) return st.WithContext("row " + std::to_string(r + 1) + ", " + header[c]);
    }
    if (!has_month && f.start_minute[r] != kNoTime) f.month[r] = MonthOfMinutes(f.start_minute[r]);
  }
  return f;
}

// Splits "a | b | c" into trimmed cells.
inline Cells SplitRow(std::string_view line) {
  Cells cells;
  for (const auto& cell : Split(line, '|')) cells.emplace_back(Trim(cell));
  return cells;
}

}  // namespace cairn::expr_test
