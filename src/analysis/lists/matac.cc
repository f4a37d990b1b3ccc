#include "analysis/lists/matac.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "analysis/lists/people.h"

namespace cairn {

namespace {

struct Perpetrator {
  std::vector<uint32_t> events;  // frame rows
  size_t victims = 0;            // distinct victims (rows in Frame::persons)
  bool age_unknown = false;
};

// The perpetrators of the domestic abuse events in (window_start, as_of] as flat (person, event)
// and (person, victim) pairs, sorted and without repeats: on millions of events a sort is several
// times faster than a tree of people each with a tree of victims.
struct Collected {
  std::vector<std::pair<uint32_t, uint32_t>> events, victims;
  std::vector<uint32_t> age_unknown;  // people with an involvement of unknown age, sorted
};

Collected Collect(const Frame& f, const MatacScales& s, int64_t window_start, int64_t as_of,
                  MatacList* list) {
  Collected c;
  auto in_window = [&](uint32_t row) {
    return IsDomesticAbuse(f, row) && f.start_minute[row] > window_start &&
           f.start_minute[row] <= as_of;
  };
  const auto& p = f.people;
  ForEachEventsPeople(f, [&](uint32_t row, size_t i, size_t end) {
    if (in_window(row)) {
      bool any_suspect = false;
      for (size_t k = i; k < end; ++k) {
        if (!IsPerpetrator(static_cast<Role>(p.role[k]))) continue;
        any_suspect = true;
        if (p.age[k] >= 0 && p.age[k] < s.min_age) continue;
        c.events.push_back({p.person[k], row});
        for (size_t v = i; v < end; ++v)
          if (IsVictim(static_cast<Role>(p.role[v])) && p.person[v] != p.person[k])
            c.victims.push_back({p.person[k], p.person[v]});
        if (p.age[k] < 0) c.age_unknown.push_back(p.person[k]);
      }
      if (list) list->da_events_with_suspect += any_suspect;
    }
  });
  if (list)
    for (size_t row = 0; row < f.rows; ++row) list->da_events_in_window += in_window(row);
  for (auto* v : {&c.events, &c.victims}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::sort(c.age_unknown.begin(), c.age_unknown.end());
  return c;
}

MatacRow Score(const Frame& f, const MatacScales& s, const std::vector<double>& harm_by_code,
               int64_t as_of, uint32_t person, const Perpetrator& who) {
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

std::vector<MatacRow> Rank(const Frame& f, const MatacScales& s,
                           const std::vector<double>& harm_by_code, int64_t as_of,
                           MatacList* list) {
  const int64_t start = MonthsBefore(as_of, s.window_months);
  std::vector<MatacRow> rows;
  const Collected c = Collect(f, s, start, as_of, list);
  Perpetrator who;
  size_t v = 0;
  for (size_t i = 0; i < c.events.size();) {
    const uint32_t person = c.events[i].first;
    who.events.clear();
    for (; i < c.events.size() && c.events[i].first == person; ++i)
      who.events.push_back(c.events[i].second);
    while (v < c.victims.size() && c.victims[v].first < person) ++v;
    who.victims = 0;
    for (; v < c.victims.size() && c.victims[v].first == person; ++v) ++who.victims;
    who.age_unknown = std::binary_search(c.age_unknown.begin(), c.age_unknown.end(), person);
    if (static_cast<int>(who.events.size()) >= s.min_events &&
        static_cast<int>(who.victims) >= s.min_victims)
      rows.push_back(Score(f, s, harm_by_code, as_of, person, who));
  }
  // Highest score first; ties by more incidents, then the most recent, then the stable id.
  std::sort(rows.begin(), rows.end(), [&](const MatacRow& a, const MatacRow& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.events != b.events) return a.events > b.events;
    if (a.last_event != b.last_event) return a.last_event > b.last_event;
    return f.persons.id[a.person] < f.persons.id[b.person];
  });
  for (size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i + 1);
  return rows;
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
  list.rows = Rank(frame, scales, harm_by_code, as_of, &list);
  std::unordered_map<uint32_t, int> previous;
  for (const MatacRow& r : Rank(frame, scales, harm_by_code, list.previous_as_of, nullptr))
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
