#include "analysis/lists/matac.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "analysis/lists/people.h"

namespace cairn {

namespace {

struct Perpetrator {
  std::vector<uint32_t> events;  // frame rows, ascending
  size_t victims = 0;            // distinct victims (rows in Frame::persons)
  bool age_unknown = false;
};

// A perpetrator's involvement in a domestic abuse event: key = person << 32 | frame row.
struct PerpetratorEvent {
  uint64_t key = 0;
  bool age_unknown = false;  // their age at this event is not recorded
};
// A victim of one of a perpetrator's events: key = person << 32 | victim.
struct VictimOf {
  uint64_t key = 0;
  uint32_t row = 0;
};

uint32_t PersonOf(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
uint32_t RowOf(uint64_t key) { return static_cast<uint32_t>(key); }

// The perpetrators of the domestic abuse events in (from, to], the union of the windows of this
// list and the previous one, collected in one pass over the involvements and sorted once (a radix
// sort of flat pairs: on millions of events several times faster than trees of people and victims
// or a comparison sort). Each list then keeps the events in its own window.
struct Collected {
  std::vector<PerpetratorEvent> events;  // sorted by key, without repeats
  std::vector<VictimOf> victims;         // sorted by key
  std::vector<uint32_t> with_suspect;    // events with a suspect or offender of any age
};

Collected Collect(const Frame& f, const MatacScales& s, int64_t from, int64_t to) {
  Collected c;
  // The arrays read once: a lazy column checks each access.
  const uint16_t* markers = f.markers.data();
  const int64_t* start = f.start_minute.data();
  const uint8_t* role = f.people.role.data();
  const int16_t* age = f.people.age.data();
  const uint32_t* who = f.people.person.data();
  ForEachEventsPeople(f, [&](uint32_t row, size_t i, size_t end) {
    // IsDomesticAbuse, then the window.
    if (!(markers[row] & kMarkerDomesticAbuse) || start[row] == kNoTime || start[row] <= from ||
        start[row] > to)
      return;
    bool any_suspect = false;
    for (size_t k = i; k < end; ++k) {
      if (!IsPerpetrator(static_cast<Role>(role[k]))) continue;
      any_suspect = true;
      if (age[k] >= 0 && age[k] < s.min_age) continue;
      const uint64_t person = uint64_t{who[k]} << 32;
      c.events.push_back({person | row, age[k] < 0});
      for (size_t v = i; v < end; ++v)
        if (IsVictim(static_cast<Role>(role[v])) && who[v] != who[k])
          c.victims.push_back({person | who[v], row});
    }
    if (any_suspect) c.with_suspect.push_back(row);
  });
  SortByKey(c.events, [](const PerpetratorEvent& e) { return e.key; });
  size_t kept = 0;
  for (const PerpetratorEvent& e : c.events) {
    if (kept > 0 && c.events[kept - 1].key == e.key)
      c.events[kept - 1].age_unknown |= e.age_unknown;
    else
      c.events[kept++] = e;
  }
  c.events.resize(kept);
  SortByKey(c.victims, [](const VictimOf& v) { return v.key; });
  return c;
}

MatacRow Score(const Frame& f, const MatacScales& s, const std::vector<double>& harm_by_code,
               int64_t as_of, uint32_t person, const Perpetrator& who, bool with_why) {
  MatacRow r;
  r.person = person;
  r.events = static_cast<int>(who.events.size());
  r.victims = static_cast<int>(who.victims);
  r.age_unknown = who.age_unknown;
  double worst = 0;
  r.first_event = INT64_MAX;
  r.last_event = INT64_MIN;
  for (uint32_t row : who.events) {
    const double harm = harm_by_code[f.offence_code.codes()[row]];
    if (!std::isnan(harm)) worst = std::max(worst, harm);
    r.first_event = std::min(r.first_event, f.start_minute[row]);
    r.last_event = std::max(r.last_event, f.start_minute[row]);
    if (with_why)
      r.why.push_back({row, f.start_minute[row], std::string(f.source.at(row)),
                       std::string(f.extract.at(row)), "", std::string(f.category.at(row)),
                       std::string(f.offence_code.at(row)), harm, f.victims[row]});
  }
  std::sort(r.why.begin(), r.why.end(),
            [](const MatacEvent& a, const MatacEvent& b) { return a.minute < b.minute; });
  const double months_since = static_cast<double>(as_of - r.last_event) / kMinutesPerDay / 30.4375;
  r.recency = s.recency.Points(months_since);
  r.frequency = s.frequency.Points(r.events);
  r.gravity = s.gravity.Points(worst);
  r.victim_points = s.victims.Points(r.victims);
  r.score = r.recency + r.frequency + r.gravity + r.victim_points;
  return r;
}

// The list as of `as_of` from what Collect gathered: the events in its window, scored; the
// qualifying incidents (why) only for a list that is printed.
std::vector<MatacRow> Rank(const Frame& f, const MatacScales& s,
                           const std::vector<double>& harm_by_code, const Collected& c,
                           int64_t as_of, bool with_why) {
  const int64_t start = MonthsBefore(as_of, s.window_months);
  auto in_window = [&](uint32_t row) {
    return f.start_minute[row] > start && f.start_minute[row] <= as_of;
  };
  std::vector<MatacRow> rows;
  Perpetrator who;
  size_t v = 0;
  for (size_t i = 0; i < c.events.size();) {
    const uint32_t person = PersonOf(c.events[i].key);
    who.events.clear();
    who.age_unknown = false;
    for (; i < c.events.size() && PersonOf(c.events[i].key) == person; ++i) {
      if (!in_window(RowOf(c.events[i].key))) continue;
      who.events.push_back(RowOf(c.events[i].key));
      who.age_unknown |= c.events[i].age_unknown;
    }
    while (v < c.victims.size() && PersonOf(c.victims[v].key) < person) ++v;
    who.victims = 0;
    while (v < c.victims.size() && PersonOf(c.victims[v].key) == person) {
      const uint64_t pair = c.victims[v].key;
      bool seen = false;
      for (; v < c.victims.size() && c.victims[v].key == pair; ++v)
        seen = seen || in_window(c.victims[v].row);
      who.victims += seen;
    }
    if (static_cast<int>(who.events.size()) >= s.min_events &&
        static_cast<int>(who.victims) >= s.min_victims)
      rows.push_back(Score(f, s, harm_by_code, as_of, person, who, with_why));
  }
  // Highest score first; ties by more incidents, then the most recent, then the stable id.
  std::sort(rows.begin(), rows.end(), [&](const MatacRow& a, const MatacRow& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.events != b.events) return a.events > b.events;
    if (a.last_event != b.last_event) return a.last_event > b.last_event;
    return a.person < b.person;  // persons are in stable id order
  });
  for (size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i + 1);
  return rows;
}

// The domestic abuse events in the list's window, and those with a suspect or offender recorded.
void CountWindowEvents(const Frame& f, const Collected& c, MatacList* list) {
  auto in_window = [&](uint32_t row) {
    return f.start_minute[row] > list->window_start && f.start_minute[row] <= list->as_of;
  };
  for (uint32_t row : c.with_suspect) list->da_events_with_suspect += in_window(row);
  for (size_t row = 0; row < f.rows; ++row)
    list->da_events_in_window += IsDomesticAbuse(f, row) && in_window(static_cast<uint32_t>(row));
}

}  // namespace

MatacList MakeMatacList(const Frame& frame, const MatacScales& scales, const HarmWeights& harm,
                        int64_t as_of) {
  MatacList list;
  list.as_of = as_of;
  list.window_start = MonthsBefore(as_of, scales.window_months);
  list.previous_as_of = as_of - int64_t{scales.previous_days} * kMinutesPerDay;
  list.scales = scales.scales;
  // A code the scheme does not weight is NaN: it adds no gravity and is shown as unweighted.
  std::vector<double> harm_by_code =
      harm.WeightsByCode(scales.gravity_scheme, frame.offence_code.dict());
  for (size_t code = 1; code < harm_by_code.size(); ++code)
    if (!harm.Weight(scales.gravity_scheme, frame.offence_code.dict()[code]))
      harm_by_code[code] = std::numeric_limits<double>::quiet_NaN();
  const Collected collected =
      Collect(frame, scales,
              std::min(list.window_start, MonthsBefore(list.previous_as_of, scales.window_months)),
              std::max(as_of, list.previous_as_of));
  CountWindowEvents(frame, collected, &list);
  list.rows = Rank(frame, scales, harm_by_code, collected, as_of, /*with_why=*/true);
  std::unordered_map<uint32_t, int> previous;
  for (const MatacRow& r :
       Rank(frame, scales, harm_by_code, collected, list.previous_as_of, /*with_why=*/false))
    previous.emplace(r.person, r.score);
  for (MatacRow& r : list.rows)
    if (auto it = previous.find(r.person); it != previous.end())
      r.score_change = r.score - it->second;
  size_t unweighted_events = 0;
  for (const MatacRow& r : list.rows)
    for (const MatacEvent& e : r.why) unweighted_events += std::isnan(e.gravity);
  if (unweighted_events > 0)
    list.notes.push_back(std::to_string(unweighted_events) +
                         " qualifying incidents have no offence code or one with no " +
                         scales.gravity_scheme +
                         " harm weight; they add nothing to gravity (see "
                         "config/harm_weights.toml)");
  const int64_t without = list.da_events_in_window - list.da_events_with_suspect;
  if (without > 0)
    list.notes.push_back(std::to_string(without) + " of " +
                         std::to_string(list.da_events_in_window) +
                         " domestic abuse events in the window have no suspect or offender "
                         "recorded, so no one can be listed for them");
  return list;
}

std::optional<int64_t> LatestDomesticAbuseMinute(const Frame& frame) {
  std::optional<int64_t> latest;
  for (size_t row = 0; row < frame.rows; ++row)
    if (IsDomesticAbuse(frame, row))
      latest = std::max(latest.value_or(INT64_MIN), frame.start_minute[row]);
  if (!latest) return std::nullopt;
  return (*latest / kMinutesPerDay + 1) * kMinutesPerDay - 1;
}

}  // namespace cairn
