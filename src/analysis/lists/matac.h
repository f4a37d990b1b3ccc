// MATAC: serial domestic abuse perpetrators, ranked for the Multi-Agency Tasking and Coordination
// meeting (../shared/METHODS.md section 5). Eligible: suspect or offender in more than one
// domestic abuse incident or crime (crimed or not) against two or more different victims, aged 16
// or over, within the window before the as-of date. Ranked by the Recency-Frequency-Gravity-Victims
// score of MatacScales, with each part shown, and the change since the previous list (MATAC
// measures success as a falling score).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "define/harm.h"
#include "define/list_scales.h"
#include "snapshot/frame.h"

namespace cairn {

struct MatacEvent {
  uint32_t row = 0;                        // frame row
  int64_t minute = 0;                      // start of the incident
  std::string source, extract, reference;  // the record: reference filled by the engine
  std::string category, offence_code;
  double gravity = 0;  // harm of the incident in the scale's scheme; NaN when it has no weight
  uint32_t victims = 0;
};

struct MatacRow {
  int rank = 0;
  uint32_t person = 0;  // row in Frame::persons
  int score = 0, recency = 0, frequency = 0, gravity = 0, victim_points = 0;
  int events = 0, victims = 0;
  bool age_unknown = false;                 // some qualifying incident has no age recorded for them
  int64_t first_event = 0, last_event = 0;  // minutes
  std::optional<int> score_change;          // nullopt: not on the previous list
  std::vector<MatacEvent> why;              // the qualifying incidents, oldest first
};

struct MatacList {
  int64_t as_of = 0, window_start = 0, previous_as_of = 0;  // minutes
  std::string scales;  // what the scales are and who chose them
  std::vector<MatacRow> rows;
  int64_t da_events_in_window = 0;  // domestic abuse events in the window, with or without people
  int64_t da_events_with_suspect = 0;
  std::vector<std::string> notes;  // plain words on what the list cannot see
};

// `as_of`: minutes, the end of the day the list is made for.
MatacList MakeMatacList(const Frame& frame, const MatacScales& scales, const HarmWeights& harm,
                        int64_t as_of);

// The end of the latest day any domestic abuse event starts on, or nullopt when there is none: the
// default as-of date, so a list never claims a window the data does not reach.
std::optional<int64_t> LatestDomesticAbuseMinute(const Frame& frame);

}  // namespace cairn
