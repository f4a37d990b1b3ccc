#include "analysis/lists/repeats.h"

#include <algorithm>
#include <set>

#include "analysis/lists/people.h"

namespace cairn {

namespace {

bool InRole(RepeatKind kind, Role role) {
  if (kind == RepeatKind::kSafeguarding) return IsVictim(role) || role == Role::kVulnerable;
  return kind == RepeatKind::kVictims ? IsVictim(role) : IsPerpetrator(role);
}

// The involvements of event `row`: [first, end) in Frame::people (ordered by event).
std::pair<size_t, size_t> InvolvementsOf(const Frame& f, uint32_t row) {
  auto [lo, hi] = std::equal_range(f.people.event.begin(), f.people.event.end(), row);
  return {static_cast<size_t>(lo - f.people.event.begin()),
          static_cast<size_t>(hi - f.people.event.begin())};
}

// (subject, event) pairs, sorted and without repeats: for people the subject is the person row,
// for locations the pair of location and LSOA codes, for premises the location code. A radix sort
// of a flat vector is several times faster than a tree of subjects on millions of events.
using Pairs = std::vector<std::pair<uint64_t, uint32_t>>;

Pairs Collect(const Frame& f, RepeatKind kind, const std::vector<uint8_t>& selected, int64_t from,
              int64_t to) {
  const int64_t* start = f.start_minute.data();  // read once: a lazy column checks each access
  auto in_window = [&](uint32_t row) {
    if (!selected.empty() && !selected[row]) return false;
    const int64_t m = start[row] != kNoTime ? start[row] : EventMinute(f, row);
    return m != kNoTime && m > from && m <= to;
  };
  Pairs pairs;
  if (kind == RepeatKind::kLocations) {
    for (uint32_t row = 0; row < f.rows; ++row)
      if (in_window(row) && f.location.codes()[row] != 0)
        pairs.push_back({uint64_t{f.location.codes()[row]} << 32 | f.lsoa.codes()[row], row});
  } else if (kind == RepeatKind::kPremises) {
    std::vector<uint8_t> premises(f.location.dict().size(), 0);
    for (size_t code = 1; code < premises.size(); ++code)
      premises[code] = IsPremisesPseudonym(f.location.dict()[code]);
    for (uint32_t row = 0; row < f.rows; ++row)
      if (premises[f.location.codes()[row]] && in_window(row))
        pairs.push_back({uint64_t{f.location.codes()[row]} << 32, row});
  } else {
    const uint8_t* role = f.people.role.data();
    const uint32_t* person = f.people.person.data();
    ForEachEventsPeople(f, [&](uint32_t row, size_t first, size_t end) {
      if (!in_window(row)) return;
      for (size_t k = first; k < end; ++k)
        if (InRole(kind, static_cast<Role>(role[k]))) pairs.push_back({person[k], row});
    });
  }
  // The pairs come in event order, so a stable sort by subject leaves each subject's events in
  // order too, and repeats of a pair side by side.
  SortByKey(pairs, [](const std::pair<uint64_t, uint32_t>& pair) { return pair.first; });
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

RepeatRow MakeRow(const Frame& f, RepeatKind kind, uint64_t key,
                  const std::vector<uint32_t>& rows) {
  RepeatRow r;
  if (kind == RepeatKind::kLocations) {
    const std::string_view lsoa = f.lsoa.dict()[key & 0xffffffffu];
    r.location = std::string(f.location.dict()[key >> 32]) +
                 (lsoa.empty() ? "" : " (" + std::string(lsoa) + ")");
  } else if (kind == RepeatKind::kPremises) {
    r.location = std::string(f.location.dict()[key >> 32]);
    std::set<std::pair<uint64_t, uint32_t>> people;  // (id, person): in id order
    for (uint32_t row : rows) {
      auto [first, end] = InvolvementsOf(f, row);
      for (size_t k = first; k < end; ++k)
        if (InRole(RepeatKind::kSafeguarding, static_cast<Role>(f.people.role[k])))
          people.insert({f.persons.id[f.people.person[k]], f.people.person[k]});
    }
    for (const auto& [id, person] : people) r.people.push_back(person);
  } else {
    r.person = static_cast<uint32_t>(key);
  }
  if (kind == RepeatKind::kSafeguarding) {  // the roles the list shows
    std::set<std::string> roles;
    for (uint32_t row : rows) {
      auto [first, end] = InvolvementsOf(f, row);
      for (size_t k = first; k < end; ++k)
        if (f.people.person[k] == r.person && InRole(kind, static_cast<Role>(f.people.role[k])))
          roles.insert(RoleName(static_cast<Role>(f.people.role[k])));
    }
    for (const std::string& role : roles) r.roles += (r.roles.empty() ? "" : ", ") + role;
  }
  r.events = static_cast<int>(rows.size());
  r.first_event = INT64_MAX;
  r.last_event = INT64_MIN;
  for (uint32_t row : rows) {
    const int64_t m = EventMinute(f, row);
    r.first_event = std::min(r.first_event, m);
    r.last_event = std::max(r.last_event, m);
    r.why.push_back({row, m, f.category.at(row), f.source.at(row), f.extract.at(row), ""});
  }
  std::sort(r.why.begin(), r.why.end(),
            [](const RepeatEvent& a, const RepeatEvent& b) { return a.minute < b.minute; });
  return r;
}

}  // namespace

RepeatList MakeRepeatList(const Frame& f, RepeatKind kind, const RepeatRules& rules,
                          const std::vector<uint8_t>& selected, int64_t as_of) {
  RepeatList list;
  list.kind = kind;
  list.as_of = as_of;
  list.min_events = rules.min_events;
  list.window_months = rules.window_months;
  list.window_start = MonthsBefore(as_of, rules.window_months);
  const Pairs pairs = Collect(f, kind, selected, list.window_start, as_of);
  // One byte per event: 1 in the window with a subject, 2 also with a listed subject.
  std::vector<uint8_t> counted(f.rows, 0);
  std::vector<uint32_t> rows;
  for (size_t i = 0; i < pairs.size();) {
    size_t end = i;
    rows.clear();
    for (; end < pairs.size() && pairs[end].first == pairs[i].first; ++end) {
      rows.push_back(pairs[end].second);
      counted[pairs[end].second] |= 1;
    }
    ++list.subjects;
    if (static_cast<int>(rows.size()) >= rules.min_events) {
      for (uint32_t row : rows) counted[row] |= 2;
      list.rows.push_back(MakeRow(f, kind, pairs[i].first, rows));
    }
    i = end;
  }
  for (uint8_t c : counted) {
    list.events += c != 0;
    list.repeat_events += c >> 1;
  }
  std::sort(list.rows.begin(), list.rows.end(), [&](const RepeatRow& a, const RepeatRow& b) {
    if (a.events != b.events) return a.events > b.events;
    if (a.last_event != b.last_event) return a.last_event > b.last_event;
    if (IsPlaceKind(kind)) return a.location < b.location;
    return a.person < b.person;  // persons are in stable id order
  });
  for (size_t i = 0; i < list.rows.size(); ++i) list.rows[i].rank = static_cast<int>(i + 1);
  if (list.events > 0 && list.events < 100)
    list.notes.push_back("only " + std::to_string(list.events) +
                         " events in the window: shares of so few events change a lot with a "
                         "handful more, so read them as rough");
  if (!IsPlaceKind(kind) && f.people.size() == 0)
    list.notes.push_back(
        "no people are recorded in the loaded data (data.police.uk files have "
        "none), so no one can be listed");
  return list;
}

bool IsPremisesPseudonym(std::string_view location) {
  return location.size() == 64 && std::all_of(location.begin(), location.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::optional<int64_t> LatestEventMinute(const Frame& f) {
  std::optional<int64_t> latest;
  for (size_t row = 0; row < f.rows; ++row) {
    int64_t end = kNoTime;
    if (f.start_minute[row] != kNoTime) {
      end = (f.start_minute[row] / kMinutesPerDay + 1) * kMinutesPerDay - 1;
    } else if (f.month[row] != kNoMonth) {
      const int next = f.month[row] + 1;
      end = DaysFromCivil(next / 12, next % 12 + 1, 1) * kMinutesPerDay - 1;
    }
    if (end != kNoTime) latest = std::max(latest.value_or(INT64_MIN), end);
  }
  return latest;
}

}  // namespace cairn
