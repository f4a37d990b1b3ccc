#include "analysis/justice.h"

#include <algorithm>
#include <cctype>

#include "analysis/lists/people.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool IsProvingOutcome(std::string_view type) {
  const std::string t = ToLower(type);
  // "Not convicted", "Acquitted", "Case dismissed", "Caution withdrawn" prove nothing; "Convicted
  // - pleaded not guilty" does (a plea is not a verdict).
  for (const char* word : {"not convicted", "not cautioned", "found not guilty", "not proven",
                           "no further action", "acquit", "dismiss", "withdraw", "discontinu"})
    if (t.find(word) != std::string::npos) return false;
  for (const char* word : {"caution", "convict", "reprimand", "warning"})
    if (t.find(word) != std::string::npos) return true;
  return false;
}

std::vector<std::vector<Proof>> ProofsByPerson(const Frame& f) {
  std::vector<std::vector<Proof>> out(f.persons.size());
  const auto& o = f.outcomes;
  for (size_t i = 0; i < o.size(); ++i) {
    if (o.date[i] == kNoTime) continue;
    out[o.person[i]].push_back({o.date[i], Upper(o.offence_code.at(i)),
                                IsProvingOutcome(o.type.at(i)), static_cast<uint32_t>(i)});
  }
  for (auto& v : out)
    std::stable_sort(v.begin(), v.end(),
                     [](const Proof& a, const Proof& b) { return a.minute < b.minute; });
  return out;
}

std::vector<std::vector<DatedOffence>> OffencesByPerson(const Frame& f,
                                                        const std::vector<uint8_t>* only) {
  std::vector<std::vector<DatedOffence>> out(f.persons.size());
  const auto& p = f.people;
  for (size_t i = 0; i < p.size(); ++i) {
    if (only && !(*only)[p.person[i]]) continue;
    const uint32_t row = p.event[i];
    const int64_t minute = EventMinute(f, row);
    if (minute == kNoTime || !IsPerpetrator(static_cast<Role>(p.role[i]))) continue;
    out[p.person[i]].push_back({minute, Upper(f.offence_code.at(row))});
  }
  for (auto& v : out)
    std::stable_sort(v.begin(), v.end(), [](const DatedOffence& a, const DatedOffence& b) {
      return a.minute < b.minute;
    });
  return out;
}

ProvenReoffences CountProvenReoffences(const std::vector<DatedOffence>& offences,
                                       const std::vector<Proof>& proofs, int64_t index) {
  const int64_t follow_end = index + int64_t{kProvenFollowUpDays} * kMinutesPerDay;
  const int64_t proving_end = follow_end + int64_t{kProvenWaitingDays} * kMinutesPerDay;
  ProvenReoffences out;
  std::vector<bool> used(proofs.size(), false);
  for (const DatedOffence& o : offences) {
    if (o.minute <= index || o.minute > follow_end) continue;
    for (size_t k = 0; k < proofs.size(); ++k) {
      const Proof& p = proofs[k];
      if (used[k] || !p.proves || p.minute + kMinutesPerDay <= o.minute || p.minute > proving_end)
        continue;
      if (!o.code.empty() && !p.code.empty() && o.code != p.code) continue;
      used[k] = true;
      if (out.count++ == 0) out.first_offence = o.minute;
      break;
    }
  }
  return out;
}

}  // namespace cairn
