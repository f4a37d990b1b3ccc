#include "analysis/lists/da30.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analysis/lists/people.h"
#include "util/strings.h"

namespace cairn {

namespace {

// Per person: the referral codes that count as specialist support.
std::vector<bool> SpecialistProgrammes(const Frame& f, const Da30Rules& rules) {
  const auto& dict = f.referrals.programme.dict();
  std::vector<bool> specialist(dict.size(), false);
  for (size_t code = 1; code < dict.size(); ++code)
    specialist[code] = std::find(rules.programmes.begin(), rules.programmes.end(),
                                 ToLower(dict[code])) != rules.programmes.end();
  return specialist;
}

// Person -> their specialist referrals (rows of Frame::referrals), read once for the whole list.
std::unordered_map<uint32_t, std::vector<size_t>> SpecialistReferrals(const Frame& f,
                                                                      const Da30Rules& rules) {
  const std::vector<bool> specialist = SpecialistProgrammes(f, rules);
  std::unordered_map<uint32_t, std::vector<size_t>> by_person;
  for (size_t i = 0; i < f.referrals.size(); ++i)
    if (specialist[f.referrals.programme.codes()[i]]) by_person[f.referrals.person[i]].push_back(i);
  return by_person;
}

// The earliest of the person's specialist referrals in [from, to], into the row.
void FindReferral(const Frame& f, const std::vector<size_t>& referrals, int64_t from, int64_t to,
                  Da30Row* row) {
  const auto& r = f.referrals;
  for (size_t i : referrals) {
    const int64_t when = r.referred[i];
    if (when == kNoTime || when / kMinutesPerDay < from / kMinutesPerDay || when > to) continue;
    if (!row->referred || when < row->referral) {
      row->referred = true;
      row->referral = when;
      row->programme = std::string(r.programme.at(i));
    }
  }
}

}  // namespace

std::vector<Da30Offence> Da30Offences(const Frame& f, const Da30Rules& rules, int64_t known_until) {
  const auto referrals = SpecialistReferrals(f, rules);
  const std::vector<size_t> none;
  const int64_t window = int64_t{rules.window_days} * kMinutesPerDay;
  std::vector<Da30Offence> out;
  ForEachEventsPeople(f, [&](uint32_t row, size_t first, size_t end) {
    const int64_t start = f.start_minute[row];
    if (!IsDomesticAbuse(f, row) || f.kind[row] != static_cast<uint8_t>(EventKind::kCrime) ||
        start + window > known_until)
      return;
    for (size_t k = first; k < end; ++k) {
      if (!IsPerpetrator(static_cast<Role>(f.people.role[k]))) continue;
      if (f.people.age[k] >= 0 && f.people.age[k] < rules.min_age) continue;
      Da30Row r;
      auto it = referrals.find(f.people.person[k]);
      FindReferral(f, it == referrals.end() ? none : it->second, start, start + window, &r);
      out.push_back({start, f.people.person[k], r.referred});
    }
  });
  return out;
}

Da30List MakeDa30List(const Frame& f, const Da30Rules& rules, int64_t as_of) {
  Da30List list;
  list.as_of = as_of;
  list.window_days = rules.window_days;
  list.window_start = as_of - int64_t{rules.window_days} * kMinutesPerDay;
  std::map<uint32_t, Da30Row> by_person;
  ForEachEventsPeople(f, [&](uint32_t row, size_t first, size_t end) {
    const int64_t start = f.start_minute[row];
    if (!IsDomesticAbuse(f, row) || f.kind[row] != static_cast<uint8_t>(EventKind::kCrime) ||
        start <= list.window_start || start > as_of)
      return;
    for (size_t k = first; k < end; ++k) {
      if (!IsPerpetrator(static_cast<Role>(f.people.role[k]))) continue;
      const int16_t age = f.people.age[k];
      if (age >= 0 && age < rules.min_age) continue;
      Da30Row& r = by_person[f.people.person[k]];
      r.person = f.people.person[k];
      ++r.offences_in_window;
      if (r.offences_in_window == 1 || start > r.offence) {
        r.offence = start;
        r.category = std::string(f.category.at(row));
        r.row = row;
        r.source = std::string(f.source.at(row));
        r.extract = std::string(f.extract.at(row));
      }
    }
  });
  const auto referrals = SpecialistReferrals(f, rules);
  const std::vector<size_t> none;
  for (auto& [person, r] : by_person) {
    const int64_t window_end = r.offence + int64_t{rules.window_days} * kMinutesPerDay;
    r.days_remaining = static_cast<int>(window_end / kMinutesPerDay - as_of / kMinutesPerDay);
    auto it = referrals.find(person);
    FindReferral(f, it == referrals.end() ? none : it->second, r.offence,
                 std::min(window_end, as_of), &r);
    list.referred += r.referred;
    list.rows.push_back(std::move(r));
  }
  std::sort(list.rows.begin(), list.rows.end(), [&](const Da30Row& a, const Da30Row& b) {
    if (a.days_remaining != b.days_remaining) return a.days_remaining < b.days_remaining;
    return f.persons.id[a.person] < f.persons.id[b.person];
  });
  if (f.referrals.size() == 0)
    list.notes.push_back("no referrals are loaded, so no one can be shown as referred");
  return list;
}

}  // namespace cairn
