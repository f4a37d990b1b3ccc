// Repeat victims, suspects and locations: who or where had at least RepeatRules::min_events of the
// selected events in the window before the as-of date, ranked by events, and the share of all
// selected events in the window (with someone in that role, or a location) they account for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "define/list_scales.h"
#include "snapshot/frame.h"

namespace cairn {

// kSafeguarding: victims and people recorded as vulnerable (county lines). kPremises: locations
// that are premises pseudonyms (64 hex digits: an address pseudonymised at ingest, profile field
// `premises`, or by the partner), one premises whatever LSOA its events give.
enum class RepeatKind { kVictims, kSuspects, kLocations, kSafeguarding, kPremises };

inline bool IsPlaceKind(RepeatKind kind) {
  return kind == RepeatKind::kLocations || kind == RepeatKind::kPremises;
}

struct RepeatEvent {
  uint32_t row = 0;
  int64_t minute = 0;
  // Views of the frame's dictionaries (valid while the frame is): a repeat list can name
  // millions of events.
  std::string_view category, source, extract;
  std::string reference;  // filled by the engine
};

struct RepeatRow {
  int rank = 0;
  uint32_t person = 0;   // row in Frame::persons (victims, suspects)
  std::string location;  // "On or near X (E01...)" (locations); the pseudonym (premises)
  std::string roles;     // the person's roles in the events: "victim", "vulnerable, victim", ...
  // Premises: the victims and vulnerable people recorded in its events (rows in Frame::persons),
  // in id order: who to safeguard there.
  std::vector<uint32_t> people;
  int events = 0;
  int64_t first_event = 0, last_event = 0;
  std::vector<RepeatEvent> why;
};

struct RepeatList {
  RepeatKind kind = RepeatKind::kVictims;
  int64_t as_of = 0, window_start = 0;
  int min_events = 2, window_months = 12;
  int64_t events = 0;         // selected events in the window with a subject of this kind
  int64_t subjects = 0;       // distinct people or locations among them
  int64_t repeat_events = 0;  // of `events`, those involving a listed subject
  std::vector<RepeatRow> rows;
  std::vector<std::string> notes;
};

// The county-lines list: victims and vulnerable people in county-lines events (one event is
// enough) and premises (pseudonymised addresses) with repeated ones.
struct CountyLinesList {
  RepeatList people, premises;
};

// True for 64 hexadecimal digits: a location that is a premises pseudonym.
bool IsPremisesPseudonym(std::string_view location);

// `selected`: one byte per event (1 = selected), or empty for every event.
RepeatList MakeRepeatList(const Frame& frame, RepeatKind kind, const RepeatRules& rules,
                          const std::vector<uint8_t>& selected, int64_t as_of);

// The end of the latest day (or month, for events known only by month) of any event; nullopt
// when the store has none.
std::optional<int64_t> LatestEventMinute(const Frame& frame);

}  // namespace cairn
