// Near repeats among the events a selection picks: each event with a location and a date becomes
// a point in British National Grid metres (projected as the hot-spot grid projects them,
// sna_where.cc) at its day number (the committed-from date, days since 1970-01-01), and the Knox
// test (stats/knox.h) runs on them. Events without a location or without a date (data.police.uk
// rows have only a month) are counted, never guessed.
#pragma once

#include <cstdint>
#include <vector>

#include "snapshot/frame.h"
#include "stats/knox.h"
#include "util/status.h"

namespace cairn {

struct NearRepeatResult {
  int64_t selected = 0;          // events the selection picked
  int64_t without_location = 0;  // of them, no coordinates (or none PROJ could project)
  int64_t without_date = 0;      // with a location but no date (only a month)
  KnoxResult knox;
};

// The points of the selected events (`selected` empty: every event), in frame order.
struct NearRepeatPoints {
  std::vector<KnoxEvent> events;
  int64_t selected = 0, without_location = 0, without_date = 0;
};
Result<NearRepeatPoints> NearRepeatEvents(const Frame& frame, const std::vector<uint8_t>& selected);

// The Knox test over them. Errors as KnoxTest's, saying how many events were left out.
Result<NearRepeatResult> FindNearRepeats(const Frame& frame, const std::vector<uint8_t>& selected,
                                         const KnoxOptions& options);

}  // namespace cairn
