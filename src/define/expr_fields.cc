// Field and function names of the expression language, their Frame columns, and the value
// domains of kind, sex, hour, weekday, month of year and age band.
#include "define/expr_fields.h"

#include "define/expr.h"
#include "model/codes.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::vector<ExprFieldSpec> MakeFields() {
  std::vector<ExprFieldSpec> fields;
  for (const TextColumn& t : kTextColumns) fields.push_back({t.name, FieldKind::kText, t.column});
  fields.insert(fields.end(), {
                                  {"kind", FieldKind::kKind},
                                  {"victim.age", FieldKind::kVictimAge},
                                  {"suspect.age", FieldKind::kSuspectAge},
                                  {"victim.sex", FieldKind::kVictimSex},
                                  {"suspect.sex", FieldKind::kSuspectSex},
                                  {"victim.count", FieldKind::kVictimCount},
                                  {"suspect.count", FieldKind::kSuspectCount},
                                  {"month", FieldKind::kMonth},
                                  {"year", FieldKind::kYear},
                                  {"start", FieldKind::kStart},
                                  {"end", FieldKind::kEnd},
                              });
  for (const auto& m : AllMarkers()) {
    fields.push_back({std::string("marker.") + m.name, FieldKind::kMarker, nullptr, m.bit});
  }
  return fields;
}

const std::vector<ExprFieldSpec>& Fields() {
  static const std::vector<ExprFieldSpec> kFields = MakeFields();
  return kFields;
}

Domain MakeDomain(std::string what, std::vector<std::string> names, int first_number,
                  bool accepts_numbers, bool ordered) {
  Domain d;
  d.what = std::move(what);
  d.size = static_cast<int>(names.size());
  d.names = std::move(names);
  d.first_number = first_number;
  d.accepts_numbers = accepts_numbers;
  d.ordered = ordered;
  return d;
}

std::vector<std::string> ThreeLetters(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(n.substr(0, 3));
  return out;
}

}  // namespace

const ExprFieldSpec* FindField(std::string_view lower_name) {
  for (const auto& [old_name, name] : kOldTextColumnNames)
    if (lower_name == old_name) lower_name = name;
  for (const auto& f : Fields()) {
    if (f.name == lower_name) return &f;
  }
  return nullptr;
}

const std::vector<std::string>& ExprFieldNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& f : Fields()) names.push_back(f.name);
    return names;
  }();
  return kNames;
}

const std::vector<std::string>& ExprFunctionNames() {
  static const std::vector<std::string> kNames = {"hour", "weekday", "month", "age_band",
                                                  "days_between"};
  return kNames;
}

bool IsFunctionName(std::string_view lower_name) {
  for (const auto& f : ExprFunctionNames()) {
    if (f == lower_name) return true;
  }
  return false;
}

const std::vector<std::string>& AgeBandNames() {
  static const std::vector<std::string> kBands(std::begin(kAgeBandNames), std::end(kAgeBandNames));
  return kBands;
}

const Domain& KindDomain() {
  static const Domain kDomain = [] {
    Domain d = MakeDomain("kind", EventKindNames(), 0, false, false);
    d.example = "= \"crime\"";
    return d;
  }();
  return kDomain;
}

const Domain& SexDomain() {
  static const Domain kDomain = [] {
    Domain d = MakeDomain("sex", {"unknown", "female", "male"}, 0, false, false);
    d.short_names = {"u", "f", "m"};
    d.example = "= \"female\"";
    return d;
  }();
  return kDomain;
}

const Domain& HourDomain() {
  static const Domain kDomain = [] {
    Domain d = MakeDomain("hour", {}, 0, true, true);
    d.size = 24;
    d.example = ">= 22";
    return d;
  }();
  return kDomain;
}

const Domain& WeekdayDomain() {
  static const Domain kDomain = [] {
    Domain d = MakeDomain(
        "weekday", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
        1, true, true);
    d.short_names = ThreeLetters(d.names);
    d.example = "= \"Saturday\"";
    return d;
  }();
  return kDomain;
}

const Domain& MonthOfYearDomain() {
  static const Domain kDomain = [] {
    Domain d = MakeDomain("month",
                          {"January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December"},
                          1, true, true);
    d.short_names = ThreeLetters(d.names);
    d.example = "= \"December\"";
    return d;
  }();
  return kDomain;
}

const Domain& AgeBandDomain() {
  static const Domain kDomain = [] {
    Domain d = MakeDomain("age band", AgeBandNames(), 1, false, true);
    d.example = "= \"18-24\"";
    return d;
  }();
  return kDomain;
}

std::optional<double> DomainValueOfName(const Domain& domain, std::string_view name) {
  std::string lower = ToLower(Trim(name));
  for (size_t i = 0; i < domain.names.size(); ++i) {
    bool short_match = i < domain.short_names.size() && lower == ToLower(domain.short_names[i]);
    if (lower == ToLower(domain.names[i]) || short_match) {
      return domain.first_number + static_cast<double>(i);
    }
  }
  return std::nullopt;
}

std::string UnknownDomainName(const Domain& domain, std::string_view name) {
  std::string message = "unknown " + domain.what + " \"" + std::string(name) + "\"";
  std::string suggestion = Suggest(name, domain.names);
  if (!suggestion.empty()) return message + " (did you mean \"" + suggestion + "\"?)";
  std::vector<std::string> quoted;
  for (const auto& n : domain.names) quoted.push_back("\"" + n + "\"");
  std::string last = quoted.back();
  quoted.pop_back();
  return message + " (expected " + Join(quoted, ", ") + " or " + last + ")";
}

}  // namespace cairn
