// What the lists share about people in the snapshot: who counts as a perpetrator or a victim, and
// which events are domestic abuse with a known start.
#pragma once

#include <cstdint>

#include "model/codes.h"
#include "snapshot/frame.h"
#include "util/dates.h"

namespace cairn {

constexpr int64_t kMinutesPerDay = 1440;

inline bool IsPerpetrator(Role role) { return role == Role::kSuspect || role == Role::kOffender; }
inline bool IsVictim(Role role) { return role == Role::kVictim; }

inline bool IsDomesticAbuse(const Frame& f, size_t row) {
  return (f.markers[row] & kMarkerDomesticAbuse) != 0 && f.start_minute[row] != kNoTime;
}

// Calls visit(row, first, end) for each event's run of involvements [first, end) in Frame::people
// (involvements are ordered by event).
template <typename Visit>
void ForEachEventsPeople(const Frame& f, Visit visit) {
  const auto& p = f.people;
  for (size_t i = 0; i < p.size();) {
    size_t end = i;
    while (end < p.size() && p.event[end] == p.event[i]) ++end;
    visit(p.event[i], i, end);
    i = end;
  }
}

}  // namespace cairn
