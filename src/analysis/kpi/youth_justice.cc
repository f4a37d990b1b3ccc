#include "analysis/kpi/youth_justice.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>

#include "analysis/justice.h"
#include "analysis/lists/people.h"
#include "analysis/selection.h"
#include "util/strings.h"

namespace cairn {

namespace {

struct AgeSighting {
  int64_t minute;
  int16_t age;
};

// The persons with a justice outcome: the only ones whose histories the measures read.
std::vector<uint8_t> WithOutcomes(const Frame& f) {
  std::vector<uint8_t> out(f.persons.size(), 0);
  for (uint32_t person : f.outcomes.person) out[person] = 1;
  return out;
}

// The involvements with a time of the persons `only` marks, by time (for EstimatedAge).
std::vector<std::vector<AgeSighting>> AgesByPerson(const Frame& f,
                                                   const std::vector<uint8_t>& only) {
  std::vector<std::vector<AgeSighting>> out(f.persons.size());
  const auto& p = f.people;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!only[p.person[i]]) continue;
    const int64_t minute = EventMinute(f, p.event[i]);
    if (minute != kNoTime) out[p.person[i]].push_back({minute, p.age[i]});
  }
  for (auto& v : out)
    std::stable_sort(v.begin(), v.end(), [](const AgeSighting& a, const AgeSighting& b) {
      return a.minute < b.minute;
    });
  return out;
}

bool AgedTenToSeventeen(const std::vector<AgeSighting>& seen, int64_t minute) {
  const std::optional<double> age = EstimatedAge(seen, minute);
  if (!age) return false;
  const double years = std::floor(*age);
  return years >= kYouthLowestAge && years <= kYouthHighestAge;
}

// A frame of one crime per offence code of `codes` (a dictionary: code 0 is missing), row i
// holding code i, with nothing else known.
Frame CodeOnlyFrame(const std::vector<std::string>& codes) {
  Frame f;
  const size_t rows = codes.size();
  ResizeFrame(f, rows);
  f.month_key.assign(rows, 0);  // no month
  std::vector<uint32_t> own(rows);
  std::iota(own.begin(), own.end(), 0u);  // row i holds dictionary code i
  f.offence_code.Assign(codes, std::move(own));
  return f;
}

}  // namespace

Result<std::vector<uint8_t>> OutcomesForOffences(const Configuration& config, const Frame& frame,
                                                 const std::string& where) {
  const auto& codes = frame.outcomes.offence_code;
  Frame crimes = CodeOnlyFrame(codes.dict());
  QuerySpec spec;
  spec.typed_by_user = false;
  auto selected = PrepareSelection(config, crimes, where, spec, "cchi");
  if (!selected.ok())
    return selected.status().WithContext("the offences of the justice outcomes (" + where + ")");
  std::vector<uint8_t> out(frame.outcomes.size(), 0);
  for (size_t i = 0; i < out.size(); ++i) {
    const uint32_t code = codes.codes()[i];
    out[i] = code != 0 && (selected->empty() || (*selected)[code]);
  }
  return out;
}

std::vector<int64_t> FirstTimeEntries(const Frame& frame, const std::vector<uint8_t>& qualifying) {
  const auto proofs = ProofsByPerson(frame);
  const auto ages = AgesByPerson(frame, WithOutcomes(frame));
  std::vector<int64_t> out;
  for (size_t person = 0; person < proofs.size(); ++person) {
    auto first = std::find_if(proofs[person].begin(), proofs[person].end(),
                              [](const Proof& p) { return p.proves; });
    if (first == proofs[person].end() || !AgedTenToSeventeen(ages[person], first->minute)) continue;
    const int64_t day = first->minute / kMinutesPerDay;
    bool counts = false;
    for (auto p = first; p != proofs[person].end() && p->minute / kMinutesPerDay == day; ++p)
      counts |= p->proves && qualifying[p->outcome];
    if (counts) out.push_back(first->minute);
  }
  return out;
}

std::vector<CohortMember> ReoffendingCohorts(
    const Frame& frame, const std::vector<uint8_t>& qualifying,
    const std::function<std::string(int64_t minute)>& period_of) {
  const std::vector<uint8_t> readable = WithOutcomes(frame);
  const auto proofs = ProofsByPerson(frame);
  const auto offences = OffencesByPerson(frame, &readable);
  const auto ages = AgesByPerson(frame, readable);
  std::vector<CohortMember> out;
  for (size_t person = 0; person < proofs.size(); ++person) {
    std::string last_period;
    for (const Proof& p : proofs[person]) {
      if (!p.proves || !qualifying[p.outcome] || !AgedTenToSeventeen(ages[person], p.minute))
        continue;
      std::string period = period_of(p.minute);
      if (period == last_period) continue;  // indexed at their first in this period
      last_period = period;
      const bool reoffended =
          CountProvenReoffences(offences[person], proofs[person], p.minute).count > 0;
      out.push_back({std::move(period), p.minute, reoffended});
    }
  }
  return out;
}

namespace {

// The share of the band "a-b" (whole years a to b) inside [lowest, highest]; 0 for "85+", "all"
// or anything else.
double ShareInside(const std::string& band, int lowest, int highest) {
  const size_t dash = band.find('-');
  if (dash == std::string::npos) return 0;
  auto a = ParseInt(band.substr(0, dash)), b = ParseInt(band.substr(dash + 1));
  if (!a || !b || *b < *a) return 0;
  const int64_t from = std::max<int64_t>(*a, lowest), to = std::min<int64_t>(*b, highest);
  return to < from ? 0 : static_cast<double>(to - from + 1) / static_cast<double>(*b - *a + 1);
}

}  // namespace

Result<ResidentsAged> ResidentsAgedOfArea(Store& store, const Frame& frame, int lowest,
                                          int highest) {
  auto rows = store.ListPopulations();
  if (!rows.ok()) return rows.status();
  std::vector<uint8_t> used(frame.lsoa.dict().size(), 0);
  for (uint32_t code : frame.lsoa.codes()) used[code] = 1;
  // Per LSOA of the area, the residents of the range and which of its ages the bands cover.
  std::map<uint32_t, std::pair<double, std::vector<uint8_t>>> by_lsoa;
  const size_t ages = static_cast<size_t>(std::max(0, highest - lowest + 1));
  for (const AreaPopulation& p : *rows) {
    const double share = p.sex == "all" ? ShareInside(p.age_band, lowest, highest) : 0;
    auto code = frame.lsoa.Find(p.lsoa_code);
    if (share == 0 || !code || *code == 0 || !used[*code]) continue;
    auto& [residents, covered] = by_lsoa[*code];
    residents += share * static_cast<double>(p.population);
    covered.resize(ages, 0);
    const size_t dash = p.age_band.find('-');
    const int64_t from = *ParseInt(p.age_band.substr(0, dash)),
                  to = *ParseInt(p.age_band.substr(dash + 1));
    for (int64_t age = std::max<int64_t>(from, lowest); age <= std::min<int64_t>(to, highest);
         ++age)
      covered[static_cast<size_t>(age - lowest)] = 1;
  }
  ResidentsAged out;
  double total = 0;
  for (size_t code = 1; code < used.size(); ++code) {
    if (!used[code]) continue;
    ++out.lsoas;
    auto it = by_lsoa.find(static_cast<uint32_t>(code));
    if (it == by_lsoa.end()) continue;
    ++out.lsoas_some;
    const std::vector<uint8_t>& covered = it->second.second;
    if (std::find(covered.begin(), covered.end(), 0) != covered.end()) continue;
    ++out.lsoas_with;
    total += it->second.first;
  }
  if (out.lsoas > 0 && out.lsoas_with == out.lsoas) out.residents = total;
  return out;
}

}  // namespace cairn
