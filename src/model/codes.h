// Canonical codes shared by every partner's data: what kind of event, what role a person played,
// which markers an event carries. Names are the words an analyst uses; Parse* accept them in any
// case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

enum class EventKind : uint8_t { kCrime = 0, kAsb, kIncident, kEdAttendance, kAmbulance };
// kVulnerable: a person recorded as vulnerable in the event (a cuckooed tenant, an exploited adult)
// without being its victim; appended last so stored role codes keep their numbers.
enum class Role : uint8_t { kVictim = 0, kSuspect, kOffender, kPatient, kWitness, kVulnerable };
constexpr int kRoleCount = 6;
enum class Sex : uint8_t { kUnknown = 0, kFemale, kMale };

// The age bands people are grouped into (victims and suspects in the SNA, `--by age_band`,
// `age_band()` in expressions), in order. Population tables have their own five-year bands.
inline constexpr const char* kAgeBandNames[] = {"0-9",   "10-17", "18-24", "25-34",
                                                "35-44", "45-54", "55-64", "65+"};
// An age's band, 1..8 (its index in kAgeBandNames plus one), or 0 when unknown (negative).
constexpr uint8_t AgeBandCode(int age) {
  if (age < 0) return 0;
  if (age < 10) return 1;
  if (age < 18) return 2;
  if (age < 25) return 3;
  if (age >= 65) return 8;
  return static_cast<uint8_t>(4 + (age - 25) / 10);
}

// Markers are bits in a uint16_t per event.
enum Marker : uint16_t {
  kMarkerDomesticAbuse = 1 << 0,
  kMarkerAlcohol = 1 << 1,
  kMarkerDrugs = 1 << 2,
  kMarkerKnife = 1 << 3,
  kMarkerFirearm = 1 << 4,
  kMarkerCountyLines = 1 << 5,
  kMarkerNightTimeEconomy = 1 << 6,
  kMarkerChildExploitation = 1 << 7,
  kMarkerChildrenPresent = 1 << 8,
  kMarkerHate = 1 << 9,
};

struct MarkerName {
  Marker bit;
  const char* name;  // as used in profiles and expressions: marker.<name>
};
const std::vector<MarkerName>& AllMarkers();

const char* EventKindName(EventKind k);  // "crime", "asb", "incident", "ed_attendance", "ambulance"
const char* RoleName(Role r);            // "victim", ...
const char* SexName(Sex s);              // "unknown", "female", "male"
std::optional<EventKind> ParseEventKind(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<Marker> ParseMarker(std::string_view s);
std::vector<std::string> EventKindNames();
std::vector<std::string> MarkerNames();

}  // namespace cairn
