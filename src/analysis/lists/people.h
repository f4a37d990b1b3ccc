// What the lists share about people in the snapshot: who counts as a perpetrator or a victim, and
// which events are domestic abuse with a known start.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

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

// The minute `months` calendar months before `minute` (same day of month, clamped to its end).
inline int64_t MonthsBefore(int64_t minute, int months) {
  int y = 0, m = 0, d = 0;
  CivilFromDays(minute / kMinutesPerDay, &y, &m, &d);
  const int index = MonthIndex(y, m) - months;
  const int ny = index / 12, nm = index % 12 + 1;
  while (d > 28 && !IsValidDate(ny, nm, d)) --d;
  return DaysFromCivil(ny, nm, d) * kMinutesPerDay + minute % kMinutesPerDay;
}

// When an event happened, for windows: its start, else the first minute of its month
// (data.police.uk gives only the month); kNoTime when neither is known.
inline int64_t EventMinute(const Frame& f, size_t row) {
  if (f.start_minute[row] != kNoTime) return f.start_minute[row];
  if (f.month[row] == kNoMonth) return kNoTime;
  return DaysFromCivil(f.month[row] / 12, f.month[row] % 12 + 1, 1) * kMinutesPerDay;
}

// Calls visit(row, first, end) for each event's run of involvements [first, end) in Frame::people
// (involvements are ordered by event).
template <typename Visit>
void ForEachEventsPeople(const Frame& f, Visit visit) {
  const uint32_t* event = f.people.event.data();  // read once: a lazy column checks each access
  const size_t n = f.people.size();
  for (size_t i = 0; i < n;) {
    size_t end = i;
    while (end < n && event[end] == event[i]) ++end;
    visit(event[i], i, end);
    i = end;
  }
}

// Sorts `items` by key(item), a uint64_t, keeping the order of equal keys: a least-significant-
// digit radix sort, 16 bits a pass, skipping the digits in which no two keys differ. On the
// millions of (person, event) pairs a list collects it is several times faster than std::sort.
template <typename T, typename Key>
void SortByKey(std::vector<T>& items, Key key) {
  if (items.size() < 4096) {
    std::stable_sort(items.begin(), items.end(),
                     [&](const T& a, const T& b) { return key(a) < key(b); });
    return;
  }
  uint64_t any = 0, all = ~uint64_t{0};
  for (const T& item : items) any |= key(item), all &= key(item);
  const uint64_t varying = any ^ all;
  std::vector<T> sorted(items.size());
  std::vector<size_t> start(size_t{1} << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    if (((varying >> shift) & 0xffff) == 0) continue;
    std::fill(start.begin(), start.end(), 0);
    for (const T& item : items) ++start[(key(item) >> shift) & 0xffff];
    size_t sum = 0;
    for (size_t& n : start) sum += std::exchange(n, sum);
    for (const T& item : items) sorted[start[(key(item) >> shift) & 0xffff]++] = item;
    items.swap(sorted);
  }
}

}  // namespace cairn
