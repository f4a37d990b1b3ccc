// The catalogue behind the expression language: which fields exist, how they map to Frame columns,
// what type each has, and the small value domains (kind, sex, weekday, month of year, age band)
// that literals are converted into. Internal to src/define/expr_*.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/frame.h"

namespace cairn {

enum class FieldKind : uint8_t {
  kText,  // a dictionary column
  kKind,
  kVictimSex,
  kSuspectSex,
  kVictimAge,
  kSuspectAge,
  kVictimCount,
  kSuspectCount,
  kMonth,
  kYear,
  kMarker,
  kStart,
  kEnd,
};

struct ExprFieldSpec {
  std::string name;  // canonical
  FieldKind kind;
  StringColumn Frame::*dict = nullptr;  // kText
  uint16_t marker = 0;                  // kMarker
};

// The field with this lower-case name (or alias), or nullptr.
const ExprFieldSpec* FindField(std::string_view lower_name);
bool IsFunctionName(std::string_view lower_name);

// A small set of values, coded 1..size() (0 is reserved for missing). A literal compares with a
// code through its numeric value: first_number + code - 1.
struct Domain {
  std::string what;                      // for messages: "kind", "weekday", ...
  std::vector<std::string> names;        // name of each code, in code order (may be empty)
  std::vector<std::string> short_names;  // accepted aliases, same order (may be empty)
  int size = 0;
  int first_number = 1;
  bool accepts_numbers = false;
  bool ordered = false;
  std::string example;  // a comparison for messages, e.g. `>= 22`
};

const Domain& KindDomain();
const Domain& SexDomain();
const Domain& HourDomain();
const Domain& WeekdayDomain();
const Domain& MonthOfYearDomain();
const Domain& AgeBandDomain();

// The numeric value of a name in the domain (case-insensitive), or nullopt.
std::optional<double> DomainValueOfName(const Domain& domain, std::string_view name);
// Message for an unknown name: `unknown weekday "Mnday" (did you mean "Monday"?)`.
std::string UnknownDomainName(const Domain& domain, std::string_view name);

}  // namespace cairn
