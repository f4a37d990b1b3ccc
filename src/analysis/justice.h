// The Ministry of Justice's rules for proven reoffending and first-time entry
// (../shared/METHODS.md section 8), once, for `cairn evaluate` (analysis/evaluate.h) and the
// youth justice KPIs (analysis/kpi/youth_justice.h):
//  - a justice outcome proves an offence when it is a caution (reprimand, warning, youth or
//    conditional caution) or a conviction; a charge proves nothing;
//  - an offence committed in the 12 months after an index date is a proven reoffence when a
//    caution or conviction for it (the same offence code, any when either is unknown) is dated on
//    or after it and by the end of a further 6 months;
//  - a person's age at a date comes from the ages recorded on their involvements (whole years at
//    an event): outcomes carry no age. `cairn evaluate` counts forward from the latest record
//    (AgeAt); the youth KPIs, where a year either side of 18 decides, narrow the birth date with
//    every record (EstimatedAge).
// Pure functions of their inputs; thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/frame.h"

namespace cairn {

inline constexpr int kProvenFollowUpDays = 365;  // offences committed within 12 months
inline constexpr int kProvenWaitingDays = 183;   // proven within a further 6 months

// Whether an outcome of this type ("Caution", "Youth conditional caution", "Conviction",
// "Reprimand", "Final warning") proves an offence; "Charge" does not, nor does a type that says
// the opposite ("Not convicted", "Acquitted", "Dismissed", "Withdrawn"). Case-insensitive.
bool IsProvingOutcome(std::string_view type);

// One justice outcome of a person.
struct Proof {
  int64_t minute = 0;
  std::string code;  // offence code, upper case; empty when unknown
  bool proves = false;
  uint32_t outcome = 0;  // row in Frame::outcomes
};

// Each person's dated outcomes (Frame::persons order), by date (load order within a date).
std::vector<std::vector<Proof>> ProofsByPerson(const Frame& frame);

// One offence a person committed (a suspect's or offender's involvement in a dated event).
struct DatedOffence {
  int64_t minute = 0;
  std::string code;  // offence code, upper case; empty when unknown
};

// Each person's offences, by time; only those of the persons `only` marks, when given.
std::vector<std::vector<DatedOffence>> OffencesByPerson(const Frame& frame,
                                                        const std::vector<uint8_t>* only = nullptr);

struct ProvenReoffences {
  int count = 0;
  std::optional<int64_t> first_offence;  // the minute the first proven reoffence was committed
};

// The offences of `offences` (by time) committed after `index` and within the follow-up, each
// proven by a caution or conviction of `proofs` not already used for another, for the same
// offence code (any when either is unknown), dated less than a day before the offence (an outcome
// has a date, an offence a time: the day of the offence counts) and by the end of the waiting
// period.
ProvenReoffences CountProvenReoffences(const std::vector<DatedOffence>& offences,
                                       const std::vector<Proof>& proofs, int64_t index);

// The age in years (not rounded) at `minute` of someone seen at `seen` (anything with `minute`
// and `age`, -1 unknown, by time): the latest known age at or before it counted forward, else the
// first known after it counted back; nullopt when no age is known. Ages are whole years at the
// events, so the result may be up to a year less than the true age.
template <typename Sighting>
std::optional<double> AgeAt(const std::vector<Sighting>& seen, int64_t minute) {
  std::optional<double> age;
  for (const Sighting& s : seen) {
    if (s.minute > minute) break;
    if (s.age >= 0) age = s.age + static_cast<double>(minute - s.minute) / 1440 / 365.25;
  }
  if (age) return age;
  for (const Sighting& s : seen)
    if (s.age >= 0) return s.age - static_cast<double>(s.minute - minute) / 1440 / 365.25;
  return std::nullopt;
}

// The age in years (not rounded) at `minute` of someone recorded at `seen` (anything with
// `minute` and `age`, -1 unknown), from the birth dates their whole-year ages allow together:
// aged a at t means born in the year before t - a years, and every record narrows the range.
// The middle of what is left: right to the year when the range does not straddle a birthday at
// `minute`, otherwise at most a year out either way (where AgeAt, counting forward from the
// latest record, is up to a year low, every time). Records that contradict each other fall back
// on AgeAt. nullopt when no age is known.
template <typename Sighting>
std::optional<double> EstimatedAge(const std::vector<Sighting>& seen, int64_t minute) {
  constexpr double kYear = 1440 * 365.25;
  double earliest = -1e300, latest = 1e300;  // born after `earliest`, by `latest`
  for (const Sighting& s : seen) {
    if (s.age < 0) continue;
    earliest = std::max(earliest, static_cast<double>(s.minute) - (s.age + 1) * kYear);
    latest = std::min(latest, static_cast<double>(s.minute) - s.age * kYear);
  }
  if (latest == 1e300) return std::nullopt;
  if (earliest >= latest) return AgeAt(seen, minute);
  return (static_cast<double>(minute) - (earliest + latest) / 2) / kYear;
}

}  // namespace cairn
