#include "model/codes.h"

#include <iterator>

#include "util/strings.h"

namespace cairn {

const std::vector<MarkerName>& AllMarkers() {
  static const std::vector<MarkerName> kMarkers = {{kMarkerDomesticAbuse, "domestic_abuse"},
                                                   {kMarkerAlcohol, "alcohol"},
                                                   {kMarkerDrugs, "drugs"},
                                                   {kMarkerKnife, "knife"},
                                                   {kMarkerFirearm, "firearm"},
                                                   {kMarkerCountyLines, "county_lines"},
                                                   {kMarkerNightTimeEconomy, "night_time_economy"},
                                                   {kMarkerChildExploitation, "child_exploitation"},
                                                   {kMarkerChildrenPresent, "children_present"},
                                                   {kMarkerHate, "hate"}};
  return kMarkers;
}

static const char* const kKindNames[] = {"crime", "asb", "incident", "ed_attendance", "ambulance"};
static const char* const kRoleNames[] = {"victim",  "suspect", "offender",
                                         "patient", "witness", "vulnerable"};
static_assert(std::size(kRoleNames) == kRoleCount);
static const char* const kSexNames[] = {"unknown", "female", "male"};

const char* EventKindName(EventKind k) { return kKindNames[static_cast<int>(k)]; }
const char* RoleName(Role r) { return kRoleNames[static_cast<int>(r)]; }
const char* SexName(Sex s) { return kSexNames[static_cast<int>(s)]; }

std::optional<EventKind> ParseEventKind(std::string_view s) {
  std::string l = ToLower(Trim(s));
  for (int i = 0; i < 5; ++i)
    if (l == kKindNames[i]) return static_cast<EventKind>(i);
  return std::nullopt;
}

std::optional<Role> ParseRole(std::string_view s) {
  std::string l = ToLower(Trim(s));
  for (int i = 0; i < kRoleCount; ++i)
    if (l == kRoleNames[i]) return static_cast<Role>(i);
  return std::nullopt;
}

std::optional<Marker> ParseMarker(std::string_view s) {
  std::string l = ToLower(Trim(s));
  for (const auto& m : AllMarkers())
    if (l == m.name) return m.bit;
  return std::nullopt;
}

std::vector<std::string> EventKindNames() { return {std::begin(kKindNames), std::end(kKindNames)}; }
std::vector<std::string> MarkerNames() {
  std::vector<std::string> out;
  for (const auto& m : AllMarkers()) out.push_back(m.name);
  return out;
}

}  // namespace cairn
