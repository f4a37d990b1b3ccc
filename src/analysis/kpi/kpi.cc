#include "analysis/kpi/kpi.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <unordered_set>

#include "analysis/justice.h"
#include "analysis/kpi/data_sharing.h"
#include "analysis/kpi/training.h"
#include "analysis/kpi/youth_justice.h"
#include "analysis/lists/da30.h"
#include "analysis/lists/people.h"
#include "analysis/loaded.h"
#include "analysis/sna.h"
#include "stats/rates.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

// Whether a KPI counting people counts someone in `role` (no roles: anyone).
bool InRoles(const KpiSpec& spec, Role role) {
  return spec.roles.empty() ||
         std::find(spec.roles.begin(), spec.roles.end(), RoleName(role)) != spec.roles.end();
}

// Whose records a KPI reads: the (source, extract kind) of the files of its events, referrals or
// justice outcomes.
using Contributor = std::pair<std::string, std::string>;

// The extract kind of a referral's or an outcome's file; "" in a frame made without one.
std::string ExtractAt(const StringColumn& extract, size_t i) {
  return i < extract.codes().size() ? std::string(extract.at(i)) : std::string();
}

// The months every contributor's files cover: a month one of them has no file for would make the
// period's figure partial. Only files of the contributor's extract kind count: a source's
// referral files say nothing of the months its justice outcomes cover.
std::set<int32_t> MonthsAllCover(const KpiInputs& in, const std::set<Contributor>& who) {
  std::optional<std::set<int32_t>> all;
  for (const Contributor& c : who) {
    std::set<int32_t> months;
    for (const BatchSummary& b : in.batches) {
      const bool theirs = b.source == c.first && b.extract == c.second;
      auto from = ParseMonth(b.period_from), to = ParseMonth(b.period_to);
      if (!theirs || !from || !to) continue;
      for (int32_t m = *from; m <= *to; ++m) months.insert(m);
    }
    if (!all) {
      all = std::move(months);
      continue;
    }
    std::set<int32_t> both;
    for (int32_t m : *all)
      if (months.count(m)) both.insert(m);
    all = std::move(both);
  }
  return all.value_or(std::set<int32_t>());
}

// The months of `covered` up to the end of the period reported (KpiInputs::as_of): later ones
// count as not loaded.
std::set<int32_t> UpToAsOf(const KpiInputs& in, std::set<int32_t> covered) {
  if (in.as_of) covered.erase(covered.upper_bound(*in.as_of), covered.end());
  return covered;
}

// The last minute of month `month`.
int64_t LastMinuteOf(int32_t month) {
  const int32_t next = month + 1;
  return DaysFromCivil(next / 12, next % 12 + 1, 1) * kMinutesPerDay - 1;
}

// Months any batch with a period covers (data sharing), or any event batch (a KPI whose
// expression no loaded event meets).
std::set<int32_t> MonthsAnyCovers(const KpiInputs& in, bool events_only) {
  std::set<int32_t> months;
  for (const BatchSummary& b : in.batches) {
    auto from = ParseMonth(b.period_from), to = ParseMonth(b.period_to);
    if ((events_only && b.events == 0) || !from || !to) continue;
    for (int32_t m = *from; m <= *to; ++m) months.insert(m);
  }
  return months;
}

// The events a KPI reads, selected once over every month: `where`, and `of` for a proportion.
struct EventSelection {
  std::vector<uint8_t> where, of;
  std::set<Contributor> contributors;  // of the events counted (`of` for a proportion)
};

Result<EventSelection> SelectEvents(const KpiSpec& spec, const KpiInputs& in) {
  const Frame& f = *in.frame;
  const auto [first, last] = MonthRange(f);
  EventSelection s;
  if (first > last) return s;
  const std::string where = spec.file + ": kpi \"" + spec.id + "\"";
  // A KPI's expression is configuration: it may name a value this store does not hold (an
  // extract not loaded yet), which selects nothing rather than failing.
  auto selected = SelectInPeriod(*in.config, f, spec.where, {first, last}, false);
  if (!selected.ok()) return selected.status().WithContext(where);
  s.where = std::move(*selected);
  if (spec.measure == KpiMeasure::kProportion) {
    auto of = SelectInPeriod(*in.config, f, spec.of, {first, last}, false);
    if (!of.ok()) return of.status().WithContext(where);
    s.of = std::move(*of);
  }
  const std::vector<uint8_t>& counted = s.of.empty() ? s.where : s.of;
  std::set<std::pair<uint32_t, uint32_t>> codes;
  const uint32_t* source = f.source.codes().data();
  const uint32_t* extract = f.extract.codes().data();
  std::pair<uint32_t, uint32_t> previous{UINT32_MAX, UINT32_MAX};  // a batch's rows come together
  for (size_t row = 0; row < f.rows; ++row) {
    if (!counted[row]) continue;
    const std::pair<uint32_t, uint32_t> pair{source[row], extract[row]};
    if (pair != previous) codes.insert(previous = pair);
  }
  for (const auto& [source, extract] : codes)
    s.contributors.insert({f.source.dict()[source], f.extract.dict()[extract]});
  return s;
}

// The files of the referrals to the KPI's programmes (or to the specialist programmes of the 30-day
// rule).
std::set<Contributor> ReferralContributors(const KpiSpec& spec, const KpiInputs& in) {
  const std::vector<std::string>& programmes =
      spec.measure == KpiMeasure::kDa30Referred ? in.config->da30.programmes : spec.programmes;
  const Frame::Referrals& r = in.frame->referrals;
  std::set<Contributor> out;
  for (size_t i = 0; i < r.size(); ++i)
    if (std::find(programmes.begin(), programmes.end(), ToLower(r.programme.at(i))) !=
        programmes.end())
      out.insert({std::string(r.source.at(i)), ExtractAt(r.extract, i)});
  return out;
}

// The files of the justice outcomes (their source and extract kind) and, for reoffending, the
// event files of the offences people committed (suspects' and offenders' involvements).
std::set<Contributor> JusticeContributors(const KpiSpec& spec, const KpiInputs& in) {
  const Frame& f = *in.frame;
  std::set<Contributor> out;
  for (size_t i = 0; i < f.outcomes.size(); ++i)
    out.insert({std::string(f.outcomes.source.at(i)), ExtractAt(f.outcomes.extract, i)});
  // Without outcomes there is nothing to read, whatever event files there are.
  if (out.empty() || spec.measure != KpiMeasure::kProvenReoffending) return out;
  std::set<std::pair<uint32_t, uint32_t>> codes;
  for (size_t i = 0; i < f.people.size(); ++i) {
    if (!IsPerpetrator(static_cast<Role>(f.people.role[i]))) continue;
    const uint32_t row = f.people.event[i];
    codes.insert({f.source.codes()[row], f.extract.codes()[row]});
  }
  for (const auto& [source, extract] : codes)
    out.insert({f.source.dict()[source], f.extract.dict()[extract]});
  return out;
}

// Each period's numerator (and denominator) summed from month-level contributions.
struct Tally {
  std::map<std::string, double> numerator, denominator;
  std::map<std::string, std::vector<double>> samples;  // medians
  // A referral share: nine in ten of the programmes' episodes last at most this many days, so a
  // period that starts sooner than that after the referral files do would count mostly the short
  // episodes (the long ones ending in it were referred before the files begin).
  std::optional<int64_t> episode_days_90;
};

// One partner's extract, as the frame's dictionary codes of its source and extract (code 0 for a
// name no event has, which keeps no row); inactive keeps every row.
struct PartnerRows {
  bool active = false;
  uint32_t source = 0, extract = 0;
  bool Keeps(const Frame& f, size_t row) const {
    return !active || (f.source.codes()[row] == source && f.extract.codes()[row] == extract);
  }
};

PartnerRows RowsOf(const Frame& f, const Contributor& c) {
  return {true, f.source.Find(c.first).value_or(0), f.extract.Find(c.second).value_or(0)};
}

// The period label of each month of the frame, formatted once: a label formatted and looked up per
// event cost more than the selection itself on 20 million events. Months outside the frame's
// (none in a frame built from a store) and unknown months have no slot.
class PeriodSlots {
 public:
  PeriodSlots(KpiPeriod kind, const Frame& f) : first_(f.first_month), last_(f.last_month) {
    for (int32_t m = first_; m <= last_; ++m) {
      std::string label = PeriodLabel(kind, m);
      if (labels_.empty() || labels_.back() != label) labels_.push_back(std::move(label));
      slot_.push_back(static_cast<uint32_t>(labels_.size() - 1));
    }
  }
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t Of(int32_t month) const {
    return month >= first_ && month <= last_ ? slot_[month - first_] : kNone;
  }
  size_t size() const { return labels_.size(); }
  const std::string& label(size_t slot) const { return labels_[slot]; }

 private:
  int32_t first_, last_;
  std::vector<std::string> labels_;
  std::vector<uint32_t> slot_;  // month - first_ -> index in labels_
};

// Each event's month as a small key, 1 + months since the first (0: unknown): the frame's own
// month_key, or for a frame made by hand without one, keys computed here.
class MonthKeys {
 public:
  explicit MonthKeys(const Frame& f) {
    if (f.month_key.size() == f.rows && f.rows > 0) {
      first_ = f.first_month;
      count_ = static_cast<size_t>(std::max(0, f.last_month - f.first_month + 2));
      keys_ = f.month_key.data();
      return;
    }
    const auto [first, last] = MonthRange(f);
    first_ = first;
    count_ = first > last ? 1 : static_cast<size_t>(last - first + 2);
    own_.resize(f.rows);
    for (size_t row = 0; row < f.rows; ++row)
      own_[row] = f.month[row] == kNoMonth ? 0 : static_cast<uint32_t>(f.month[row] - first + 1);
    keys_ = own_.data();
  }
  const uint32_t* keys() const { return keys_; }
  size_t count() const { return count_; }  // keys 0 .. count() - 1
  int32_t month(size_t key) const { return first_ + static_cast<int32_t>(key) - 1; }

 private:
  int32_t first_ = 0;
  size_t count_ = 1;
  const uint32_t* keys_ = nullptr;
  std::vector<uint32_t> own_;
};

void TallyPeople(const KpiSpec& spec, const KpiInputs& in, const EventSelection& sel, Tally* t,
                 const PartnerRows& only) {
  const Frame& f = *in.frame;
  if (sel.where.empty()) return;  // no events at all
  const uint8_t* selected = sel.where.data();
  const int32_t* month = f.month.data();
  const PeriodSlots slots(spec.period, f);
  std::map<std::string, std::unordered_set<uint32_t>> people;
  std::vector<std::unordered_set<uint32_t>*> of_slot(slots.size(), nullptr);
  for (size_t i = 0; i < f.people.size(); ++i) {
    const uint32_t row = f.people.event[i];
    if (!selected[row] || !only.Keeps(f, row)) continue;
    const Role role = static_cast<Role>(f.people.role[i]);
    if (!InRoles(spec, role)) continue;
    const uint32_t slot = slots.Of(month[row]);
    if (slot == PeriodSlots::kNone) {
      people[PeriodLabel(spec.period, month[row])].insert(f.people.person[i]);
      continue;
    }
    if (!of_slot[slot]) of_slot[slot] = &people[slots.label(slot)];
    of_slot[slot]->insert(f.people.person[i]);
  }
  for (const auto& [period, who] : people) t->numerator[period] = static_cast<double>(who.size());
}

// The selected events (and, for a proportion, the events of `of`) counted per month key in one
// pass over the frame: for every partner together, or for each of `partners` apart (one pass for
// them all: a pass per partner cost 40 passes over 20 million events for the national store).
class EventCounts {
 public:
  EventCounts(const Frame& f, const EventSelection& sel, const std::vector<Contributor>& partners)
      : months_(f), groups_(partners.empty() ? 1 : partners.size()) {
    numerator_.resize(groups_ * months_.count());
    denominator_.resize(groups_ * months_.count());
    if (sel.where.empty()) return;  // no events at all
    if (partners.empty() && sel.of.empty())
      CountAll(f, sel);
    else
      CountGroups(f, sel, GroupTable(f, partners));
  }

  // Adds group `group`'s counts to the periods of `kind`, creating exactly the periods a count
  // was made for. Key 0 (no month) counts nowhere: a KPI selects events in its months only.
  void Into(KpiPeriod kind, size_t group, Tally* t) const {
    const size_t base = group * months_.count();
    for (size_t key = 1; key < months_.count(); ++key) {
      if (numerator_[base + key] > 0)
        t->numerator[PeriodLabel(kind, months_.month(key))] += numerator_[base + key];
      if (denominator_[base + key] > 0)
        t->denominator[PeriodLabel(kind, months_.month(key))] += denominator_[base + key];
    }
  }

 private:
  static constexpr uint32_t kNoGroup = UINT32_MAX;

  // A count over every partner's events, the commonest KPI: no branch per row, and four
  // histograms in turn so consecutive events of one month do not wait on each other's add.
  void CountAll(const Frame& f, const EventSelection& sel) {
    const uint32_t* key = months_.keys();
    const uint8_t* selected = sel.where.data();
    const size_t k = months_.count();
    std::vector<uint32_t> four(4 * k);
    size_t row = 0;
    for (; row + 4 <= f.rows; row += 4)
      for (size_t j = 0; j < 4; ++j) four[j * k + key[row + j]] += selected[row + j] != 0;
    for (; row < f.rows; ++row) four[key[row]] += selected[row] != 0;
    for (size_t j = 0; j < 4; ++j)
      for (size_t i = 0; i < k; ++i) numerator_[i] += four[j * k + i];
  }

  // Each (source, extract) code pair's group: the partner's index, or the one group when there
  // are no partners; kNoGroup for the extracts of no partner listed.
  struct Groups {
    std::vector<uint32_t> of_pair;  // source code * extracts + extract code
    size_t extracts = 0;
  };
  static Groups GroupTable(const Frame& f, const std::vector<Contributor>& partners) {
    Groups g;
    g.extracts = f.extract.dict().size();
    g.of_pair.assign(f.source.dict().size() * g.extracts, partners.empty() ? 0 : kNoGroup);
    for (size_t i = 0; i < partners.size(); ++i) {
      auto source = f.source.Find(partners[i].first);
      auto extract = f.extract.Find(partners[i].second);
      if (source && extract) g.of_pair[*source * g.extracts + *extract] = static_cast<uint32_t>(i);
    }
    return g;
  }

  void CountGroups(const Frame& f, const EventSelection& sel, const Groups& groups) {
    const uint32_t* key = months_.keys();
    const uint8_t* selected = sel.where.data();
    const uint8_t* of = sel.of.empty() ? nullptr : sel.of.data();
    // Read through plain pointers (a snapshot column checks it is ready on each access).
    const uint32_t* source = f.source.codes().data();
    const uint32_t* extract = f.extract.codes().data();
    const uint32_t* group_of = groups.of_pair.data();
    const size_t k = months_.count();
    for (size_t row = 0; row < f.rows; ++row) {
      if ((row & 7) == 0 && row + 8 <= f.rows) {  // most KPIs select few rows: skip 8 at a time
        uint64_t word = 0, of_word = 0;
        std::memcpy(&word, selected + row, 8);
        if (of) std::memcpy(&of_word, of + row, 8);
        if ((word | of_word) == 0) {
          row += 7;
          continue;
        }
      }
      const bool in_of = of && of[row];
      if (!selected[row] && !in_of) continue;
      const uint32_t group = group_of[source[row] * groups.extracts + extract[row]];
      if (group == kNoGroup) continue;
      const size_t at = group * k + key[row];
      if (!of) {
        numerator_[at] += 1;
      } else if (in_of) {
        denominator_[at] += 1;
        numerator_[at] += selected[row] != 0;
      }
    }
  }

  MonthKeys months_;
  size_t groups_;
  std::vector<uint32_t> numerator_, denominator_;  // group * months_.count() + month key
};

void TallyEvents(const KpiSpec& spec, const KpiInputs& in, const EventSelection& sel, Tally* t) {
  if (spec.measure == KpiMeasure::kPeople) return TallyPeople(spec, in, sel, t, {});
  EventCounts(*in.frame, sel, {}).Into(spec.period, 0, t);
}

// Offences whose window closes after the last month referrals are loaded for are left out.
void TallyDa30(const KpiSpec& spec, const KpiInputs& in, int32_t last_month, Tally* t) {
  const int32_t next = last_month + 1;
  const int64_t known_until = DaysFromCivil(next / 12, next % 12 + 1, 1) * 1440;
  for (const Da30Offence& o : Da30Offences(*in.frame, in.config->da30, known_until)) {
    const std::string period = PeriodLabel(spec.period, MonthOfMinutes(o.offence));
    t->denominator[period] += 1;
    if (o.referred) t->numerator[period] += 1;
  }
}

constexpr int kProgrammeFollowUpDays = 365;

// Each person's first start of one of the programmes, in the period of that start: reoffended
// when they are a suspect or offender in a selected event after the start and within the year.
void TallyProgrammeReoffending(const KpiSpec& spec, const KpiInputs& in, const EventSelection& sel,
                               Tally* t) {
  const Frame& f = *in.frame;
  const Frame::Referrals& r = f.referrals;
  std::map<uint32_t, int64_t> first_start;  // person -> minute
  for (size_t i = 0; i < r.size(); ++i) {
    if (r.started[i] == kNoTime || std::find(spec.programmes.begin(), spec.programmes.end(),
                                             ToLower(r.programme.at(i))) == spec.programmes.end())
      continue;
    auto [it, fresh] = first_start.try_emplace(r.person[i], r.started[i]);
    if (!fresh) it->second = std::min(it->second, r.started[i]);
  }
  std::map<uint32_t, std::vector<int64_t>> offences;  // of the cohort, selected events
  if (!sel.where.empty())
    for (size_t k = 0; k < f.people.size(); ++k) {
      const uint32_t row = f.people.event[k];
      if (!sel.where[row] || !IsPerpetrator(static_cast<Role>(f.people.role[k])) ||
          !first_start.count(f.people.person[k]))
        continue;
      const int64_t minute = EventMinute(f, row);
      if (minute != kNoTime) offences[f.people.person[k]].push_back(minute);
    }
  for (const auto& [person, start] : first_start) {
    const std::string period = PeriodLabel(spec.period, MonthOfMinutes(start));
    t->denominator[period] += 1;
    const int64_t end = start + int64_t{kProgrammeFollowUpDays} * kMinutesPerDay;
    bool again = false;
    for (int64_t minute : offences[person]) again |= minute > start && minute <= end;
    if (again) t->numerator[period] += 1;
  }
}

// Each period's distinct people (in one of the KPI's roles) in selected events, and of them those
// with another selected event, in one of those roles, in the 365 days before one of theirs in the
// period. Events at the same minute are one event (an incident recorded twice).
void TallyRepeatPeople(const KpiSpec& spec, const KpiInputs& in, const EventSelection& sel,
                       Tally* t) {
  const Frame& f = *in.frame;
  if (sel.where.empty()) return;
  std::map<uint32_t, std::vector<int64_t>> minutes;  // person -> their selected events' minutes
  for (size_t i = 0; i < f.people.size(); ++i) {
    const uint32_t row = f.people.event[i];
    if (!sel.where[row] || !InRoles(spec, static_cast<Role>(f.people.role[i]))) continue;
    const int64_t minute = EventMinute(f, row);
    if (minute != kNoTime) minutes[f.people.person[i]].push_back(minute);
  }
  const int64_t lookback = int64_t{kRepeatLookbackDays} * kMinutesPerDay;
  for (auto& [person, list] : minutes) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    std::map<std::string, bool> repeat;  // period -> a repeat in it
    for (size_t k = 0; k < list.size(); ++k) {
      const bool again = k > 0 && list[k] - list[k - 1] <= lookback;
      auto [it, fresh] = repeat.emplace(PeriodLabel(spec.period, MonthOfMinutes(list[k])), again);
      if (!fresh) it->second = it->second || again;
    }
    for (const auto& [period, again] : repeat) {
      t->denominator[period] += 1;
      if (again) t->numerator[period] += 1;
    }
  }
}

void TallyReferrals(const KpiSpec& spec, const KpiInputs& in, Tally* t) {
  const Frame::Referrals& r = in.frame->referrals;
  auto listed = [](const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), ToLower(value)) != list.end();
  };
  std::vector<int64_t> days;  // referral to end, of the episodes a share counts
  for (size_t i = 0; i < r.size(); ++i) {
    if (!listed(spec.programmes, r.programme.at(i))) continue;
    if (spec.measure == KpiMeasure::kReferrals) {
      if (!spec.outcomes.empty() && !listed(spec.outcomes, r.outcome.at(i))) continue;
      if (r.referred[i] != kNoTime)
        t->numerator[PeriodLabel(spec.period, MonthOfMinutes(r.referred[i]))] += 1;
      continue;
    }
    // The share of the referrals that ended in the period: by the period they were made in, the
    // latest periods would count only those that ended early (declined, disengaged).
    const std::string outcome = ToLower(r.outcome.at(i));
    if (r.ended[i] == kNoTime || outcome.empty() || outcome == "ongoing") continue;
    const std::string period = PeriodLabel(spec.period, MonthOfMinutes(r.ended[i]));
    t->denominator[period] += 1;
    if (listed(spec.outcomes, outcome)) t->numerator[period] += 1;
    if (r.referred[i] != kNoTime) days.push_back((r.ended[i] - r.referred[i]) / kMinutesPerDay);
  }
  if (days.empty()) return;
  const size_t at = (days.size() * 9 + 9) / 10 - 1;  // the 90th percentile, nearest rank
  std::nth_element(days.begin(), days.begin() + static_cast<std::ptrdiff_t>(at), days.end());
  t->episode_days_90 = std::max<int64_t>(0, days[at]);
}

// A referral share's period that starts within nine in ten episodes' length of the first month
// the files cover: "" when its episodes could have begun inside the files.
std::string EpisodesBeforeTheFiles(const std::string& period, const Tally& t, int32_t first) {
  if (!t.episode_days_90) return "";
  const int32_t start = PeriodMonths(period)->first;
  const int64_t since =
      DaysFromCivil(start / 12, start % 12 + 1, 1) - DaysFromCivil(first / 12, first % 12 + 1, 1);
  if (since >= *t.episode_days_90) return "";
  return "nine in ten episodes last up to " + std::to_string(*t.episode_days_90) +
         " days, and the referral files begin in " + FormatMonth(first) +
         ": many episodes ending in this period were referred before them, so the share would "
         "count mostly the short ones";
}

// First-time entrants by the period of their entry; reoffending cohorts by their period.
Status TallyJustice(const KpiSpec& spec, const KpiInputs& in, Tally* t) {
  auto qualifying = OutcomesForOffences(*in.config, *in.frame, spec.where);
  if (!qualifying.ok())
    return qualifying.status().WithContext(spec.file + ": kpi \"" + spec.id + "\"");
  auto period_of = [&](int64_t minute) { return PeriodLabel(spec.period, MonthOfMinutes(minute)); };
  if (spec.measure == KpiMeasure::kFirstTimeEntrants) {
    for (int64_t minute : FirstTimeEntries(*in.frame, *qualifying))
      t->numerator[period_of(minute)] += 1;
    return Status::Ok();
  }
  for (const CohortMember& m : ReoffendingCohorts(*in.frame, *qualifying, period_of)) {
    t->denominator[m.period] += 1;
    if (m.reoffended) t->numerator[m.period] += 1;
  }
  return Status::Ok();
}

void TallyLoads(const KpiSpec& spec, const KpiInputs& in, Tally* t,
                const Contributor* only = nullptr) {
  for (const BatchSummary& b : in.batches) {
    auto to = ParseMonth(b.period_to);
    if (!to || (only && (b.source != only->first || b.extract != only->second))) continue;
    const std::string period = PeriodLabel(spec.period, *to);
    if (spec.measure == KpiMeasure::kTimeliness) {
      if (auto days = DaysToReceipt(b)) t->samples[period].push_back(*days);
    } else {
      t->numerator[period] += static_cast<double>(b.rows_rejected);
      t->denominator[period] += static_cast<double>(b.rows_loaded + b.rows_rejected);
    }
  }
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The periods from the first month to the last, in order.
std::vector<std::string> PeriodsBetween(KpiPeriod kind, int32_t first, int32_t last) {
  std::vector<std::string> out;
  for (int32_t m = first; m <= last; ++m) {
    std::string label = PeriodLabel(kind, m);
    if (out.empty() || out.back() != label) out.push_back(std::move(label));
  }
  return out;
}

std::string MissingMonthsBetween(int32_t first, int32_t last, const std::set<int32_t>& covered) {
  std::vector<std::string> missing;
  for (int32_t m = first; m <= last; ++m)
    if (!covered.count(m)) missing.push_back(FormatMonth(m));
  if (missing.empty()) return "";
  if (missing.size() > 3)
    return "no data loaded for " + std::to_string(missing.size()) + " of its months";
  return "no data loaded for " + Join(missing, ", ");
}

std::string MissingMonths(const std::string& period, const std::set<int32_t>& covered) {
  auto months = PeriodMonths(period);
  return MissingMonthsBetween(months->first, months->second, covered);
}

// Why a reoffending cohort has no rate: the 12 months after its last possible index and the 6
// more to prove an offence run past the latest justice outcome loaded, or a month of them has no
// file. Empty when the whole window is loaded.
std::string ReoffendingWindowOpen(const std::string& period, const KpiInputs& in,
                                  const std::set<int32_t>& covered) {
  int64_t latest = kNoTime;
  for (int64_t date : in.frame->outcomes.date)
    if (!in.as_of || date <= LastMinuteOf(*in.as_of)) latest = std::max(latest, date);
  const auto months = PeriodMonths(period);
  const int32_t next = months->second + 1;
  const int64_t last_day = DaysFromCivil(next / 12, next % 12 + 1, 1) - 1;
  const int64_t window_end = last_day + kProvenFollowUpDays + kProvenWaitingDays;
  if (latest == kNoTime || latest / kMinutesPerDay < window_end)
    return "follow-up not over: reoffences of this cohort can be proven until " +
           FormatDate(window_end * kMinutesPerDay) + ", after the latest justice outcome loaded" +
           (latest == kNoTime ? std::string() : " (" + FormatDate(latest) + ")");
  const std::string missing =
      MissingMonthsBetween(months->first, MonthOfMinutes(window_end * kMinutesPerDay), covered);
  return missing.empty() ? "" : missing + " (in the cohort's follow-up)";
}

// The rate note of a first-time entrants KPI.
std::string YouthRateNote(const KpiInputs& in) {
  if (!in.youth_population_gap.empty())
    return "no rate per 100,000 aged 10-17: " + in.youth_population_gap;
  if (!in.youth_population || *in.youth_population <= 0)
    return "no population by age loaded for the area: no rate per 100,000 aged 10-17";
  return "per 100,000 residents aged 10-17 (" +
         WithCommas(static_cast<int64_t>(std::llround(*in.youth_population))) +
         ", from the population tables' age bands, a band partly inside 10-17 counted in "
         "proportion; the MoJ's local rate base is unconfirmed)";
}

// Whether an offence on the period's last day has a window that ends after the last month loaded.
bool WindowsStillOpen(const std::string& period, int32_t last_month, int window_days) {
  const int32_t end = PeriodMonths(period)->second + 1, known = last_month + 1;
  const int64_t period_end = DaysFromCivil(end / 12, end % 12 + 1, 1);
  const int64_t known_end = DaysFromCivil(known / 12, known % 12 + 1, 1);
  return period_end + window_days > known_end;
}

// The points of the periods from month `first` to month `last` from the tally; a period with a
// month `covered` lacks has no value (a load measure's has one when a file ended in it: its
// timeliness and rejects are known whatever else is missing).
std::vector<KpiPoint> PointsOf(const KpiSpec& spec, const KpiInputs& in, Tally& t,
                               const std::set<int32_t>& covered, int32_t first, int32_t last) {
  const bool loads =
      spec.measure == KpiMeasure::kTimeliness || spec.measure == KpiMeasure::kRejectedShare;
  std::vector<KpiPoint> out;
  for (const std::string& p : PeriodsBetween(spec.period, first, last)) {
    KpiPoint point;
    point.period = p;
    point.numerator = t.numerator[p];
    point.denominator = t.denominator[p];
    point.no_data = MissingMonths(p, covered);
    if (loads) {
      const bool delivered = !t.samples[p].empty() || point.denominator > 0;
      point.no_data = delivered                ? ""
                      : !point.no_data.empty() ? point.no_data
                                               : "no file ended in this period (its months came "
                                                 "in a file ending later)";
    }
    if (point.no_data.empty() && spec.measure == KpiMeasure::kDa30Referred &&
        WindowsStillOpen(p, last, in.config->da30.window_days))
      point.no_data = "windows still open: a referral may yet come for offences late in the period";
    if (point.no_data.empty() && spec.measure == KpiMeasure::kProgrammeReoffending &&
        WindowsStillOpen(p, last, kProgrammeFollowUpDays))
      point.no_data =
          "follow-up not over: people who started late in the period have not had a year since";
    if (point.no_data.empty() && spec.measure == KpiMeasure::kReferralShare)
      point.no_data = EpisodesBeforeTheFiles(p, t, first);
    if (point.no_data.empty() && spec.measure == KpiMeasure::kProvenReoffending)
      point.no_data = ReoffendingWindowOpen(p, in, covered);
    if (point.no_data.empty() && spec.measure == KpiMeasure::kRepeatPeople) {
      const int32_t start = PeriodMonths(p)->first;  // 365 days back reach into the 12th month
      if (!MissingMonthsBetween(start - 12, start - 1, covered).empty())
        point.no_data =
            "the 12 months before it are not all loaded: an earlier event would go unseen";
    }
    if (point.no_data.empty()) {
      if (spec.measure == KpiMeasure::kTimeliness) {
        point.value = Median(t.samples[p]);
      } else if (IsShareMeasure(spec.measure)) {
        auto share = WilsonProportion(point.numerator, point.denominator, 100);
        if (share.ok()) {
          point.value = share->value;
          point.lower95 = share->lower95;
          point.upper95 = share->upper95;
        } else {
          point.no_data = "nothing to take a share of";
        }
      } else if (spec.measure == KpiMeasure::kRate) {
        const auto months = PeriodMonths(p);
        const std::optional<int64_t> residents = in.area.For(months->first, months->second);
        if (!residents) {
          point.no_data = in.area.residents ? "no rate per 1,000: " +
                                                  in.area.GapFor(months->first, months->second)
                                            : "no population loaded";
        } else {
          auto rate = CrudeRate(point.numerator, static_cast<double>(*residents), 1000);
          if (rate.ok()) {
            point.value = rate->value;
            point.lower95 = rate->lower95;
            point.upper95 = rate->upper95;
          }
        }
      } else {
        point.value = point.numerator;
        if (spec.measure == KpiMeasure::kFirstTimeEntrants && in.youth_population &&
            *in.youth_population > 0)
          point.per_100k = point.numerator / *in.youth_population * 100000;
      }
    }
    out.push_back(std::move(point));
  }
  return out;
}

// Whose files a KPI broken down by partner reads: the extracts of the events it counts, or for
// the data-sharing measures every extract whose files have a period.
std::set<Contributor> PartnersOf(const KpiSpec& spec, const KpiInputs& in,
                                 const EventSelection& events) {
  if (IsEventMeasure(spec.measure)) return events.contributors;
  std::set<Contributor> out;
  for (const BatchSummary& b : in.batches)
    if (ParseMonth(b.period_from) && ParseMonth(b.period_to)) out.insert({b.source, b.extract});
  return out;
}

// One series per partner over the periods of all their spans together: a partner whose files
// stop early, start late or skip a month has those periods as no data, listed as missing.
void AddPartners(const KpiSpec& spec, const KpiInputs& in, const EventSelection& events,
                 KpiResult* r) {
  const std::set<Contributor> partners = PartnersOf(spec, in, events);
  std::map<Contributor, std::set<int32_t>> covered;
  int32_t first = INT32_MAX, last = INT32_MIN;
  for (const Contributor& c : partners) {
    covered[c] = UpToAsOf(in, MonthsAllCover(in, {c}));
    if (covered[c].empty()) continue;
    first = std::min(first, *covered[c].begin());
    last = std::max(last, *covered[c].rbegin());
  }
  const std::vector<Contributor> listed(partners.begin(), partners.end());
  std::optional<EventCounts> counts;  // every partner's, in one pass
  if (IsEventMeasure(spec.measure) && spec.measure != KpiMeasure::kPeople)
    counts.emplace(*in.frame, events, listed);
  for (size_t i = 0; i < listed.size(); ++i) {
    const Contributor& c = listed[i];
    if (covered[c].empty()) continue;
    Tally t;
    if (counts)
      counts->Into(spec.period, i, &t);
    else if (IsEventMeasure(spec.measure))
      TallyPeople(spec, in, events, &t, RowsOf(*in.frame, c));
    else
      TallyLoads(spec, in, &t, &c);
    KpiPartner partner{c.first, c.second, PointsOf(spec, in, t, covered[c], first, last), {}};
    for (const KpiPoint& p : partner.points)
      if (!MissingMonths(p.period, covered[c]).empty()) partner.missing.push_back(p.period);
    r->partners.push_back(std::move(partner));
  }
}

// The training logs' files: every log covers the months of its period, so a month of it with no
// attendance at the KPI's courses is a true 0.
std::set<Contributor> TrainingContributors(const KpiInputs& in) {
  std::set<int64_t> logs;
  for (const TrainingRow& row : in.training) logs.insert(row.batch_id);
  std::set<Contributor> out;
  for (const BatchSummary& b : in.batches)
    if (logs.count(b.id)) out.insert({b.source, b.extract});
  return out;
}

void FillTrainingPoints(const KpiSpec& spec, const KpiInputs& in, KpiResult* r) {
  const std::set<int32_t> covered = UpToAsOf(in, MonthsAllCover(in, TrainingContributors(in)));
  if (covered.empty()) return;  // no training log loaded: no data, never 0
  const std::map<std::string, TrainingTally> tally = TallyTraining(spec, in.training);
  for (const std::string& p : PeriodsBetween(spec.period, *covered.begin(), *covered.rbegin())) {
    KpiPoint point;
    point.period = p;
    point.no_data = MissingMonths(p, covered);
    auto it = tally.find(p);
    if (point.no_data.empty())
      FillTrainingPoint(spec, it == tally.end() ? nullptr : &it->second, &point);
    r->points.push_back(std::move(point));
  }
}

Status FillPoints(const KpiSpec& spec, const KpiInputs& in, KpiResult* r) {
  if (IsTrainingMeasure(spec.measure)) {
    FillTrainingPoints(spec, in, r);
    return Status::Ok();
  }
  Tally t;
  std::vector<std::string> periods;
  if (spec.measure == KpiMeasure::kReported) {
    std::map<std::string, double> values;
    for (const ReportedValue& v : in.reported)
      if (v.kpi == spec.id && !v.superseded_by && IsPeriodOf(spec.period, v.period) &&
          (!in.as_of || PeriodMonths(v.period)->second <= *in.as_of))
        values[v.period] = v.value;
    if (!values.empty())
      periods = PeriodsBetween(spec.period, PeriodMonths(values.begin()->first)->first,
                               PeriodMonths(values.rbegin()->first)->first);
    for (const std::string& p : periods) {
      KpiPoint point;
      point.period = p;
      if (auto it = values.find(p); it != values.end())
        point.value = point.numerator = it->second;
      else
        point.no_data = "not reported";
      r->points.push_back(std::move(point));
    }
    return Status::Ok();
  }
  // Which months have data: those every file the KPI reads covers.
  std::set<int32_t> covered;
  EventSelection events;
  if (IsEventMeasure(spec.measure)) {
    auto selected = SelectEvents(spec, in);
    if (!selected.ok()) return selected.status();
    events = std::move(*selected);
    covered = MonthsAllCover(in, events.contributors);
    if (events.contributors.empty()) {
      // No loaded event meets the expression: nothing loaded could show it ("no data"), or
      // zeros over the event files' months, said so.
      const std::string& counted = spec.measure == KpiMeasure::kProportion ? spec.of : spec.where;
      const std::string why = WhyNotLoaded(counted, in.config->definitions, *in.frame,
                                           in.loaded ? *in.loaded : LoadedFactsOf(*in.frame));
      if (!why.empty()) {
        r->spc_note = "no data loaded that this KPI reads: " + why;
        return Status::Ok();
      }
      covered = MonthsAnyCovers(in, true);
      r->spc_note =
          "no event in any loaded file meets this KPI's expression: its zeros may mean "
          "the data that would show it is not loaded";
    }
  } else if (IsReferralMeasure(spec.measure)) {
    std::set<Contributor> who = ReferralContributors(spec, in);
    if (spec.measure == KpiMeasure::kProgrammeReoffending) {
      auto selected = SelectEvents(spec, in);  // the offences' files are read too
      if (!selected.ok()) return selected.status();
      events = std::move(*selected);
      who.insert(events.contributors.begin(), events.contributors.end());
    }
    if (spec.measure == KpiMeasure::kDa30Referred) {
      KpiSpec da = spec;  // the files of the domestic abuse crimes are read too
      da.measure = KpiMeasure::kCount;
      da.where = "kind = \"crime\" and marker.domestic_abuse";
      auto crimes = SelectEvents(da, in);
      if (!crimes.ok()) return crimes.status();
      who.insert(crimes->contributors.begin(), crimes->contributors.end());
    }
    covered = MonthsAllCover(in, who);
  } else if (spec.measure == KpiMeasure::kRepeatPeople) {
    auto selected = SelectEvents(spec, in);
    if (!selected.ok()) return selected.status();
    events = std::move(*selected);
    covered = MonthsAllCover(in, events.contributors);
  } else if (IsJusticeMeasure(spec.measure)) {
    covered = MonthsAllCover(in, JusticeContributors(spec, in));
    if (spec.measure == KpiMeasure::kFirstTimeEntrants) r->rate_note = YouthRateNote(in);
  } else {
    covered = MonthsAnyCovers(in, false);
  }
  covered = UpToAsOf(in, std::move(covered));
  if (covered.empty()) return Status::Ok();
  const int32_t first = *covered.begin(), last = *covered.rbegin();
  if (IsEventMeasure(spec.measure))
    TallyEvents(spec, in, events, &t);
  else if (spec.measure == KpiMeasure::kDa30Referred)
    TallyDa30(spec, in, last, &t);
  else if (spec.measure == KpiMeasure::kProgrammeReoffending)
    TallyProgrammeReoffending(spec, in, events, &t);
  else if (spec.measure == KpiMeasure::kRepeatPeople)
    TallyRepeatPeople(spec, in, events, &t);
  else if (IsReferralMeasure(spec.measure))
    TallyReferrals(spec, in, &t);
  else if (IsJusticeMeasure(spec.measure))
    CAIRN_RETURN_IF_ERROR(TallyJustice(spec, in, &t));
  else
    TallyLoads(spec, in, &t);
  r->points = PointsOf(spec, in, t, covered, first, last);
  if (spec.measure == KpiMeasure::kRate)
    for (const KpiPoint& p : r->points)
      if (p.no_data.rfind("no rate per 1,000: ", 0) == 0) {
        r->rate_note = p.no_data;  // the earliest period's reason
        break;
      }
  if (spec.by == "partner") AddPartners(spec, in, events, r);
  return Status::Ok();
}

// A period ending after `as_of` (a year not over at the end of the quarter reported) was not
// known then: left out, from every partner's series too.
void DropPeriodsAfter(int32_t as_of, KpiResult* r) {
  auto after = [&](const KpiPoint& p) { return PeriodMonths(p.period)->second > as_of; };
  auto drop = [&](std::vector<KpiPoint>& points) {
    points.erase(std::remove_if(points.begin(), points.end(), after), points.end());
  };
  drop(r->points);
  for (KpiPartner& partner : r->partners) {
    drop(partner.points);
    std::erase_if(partner.missing,
                  [&](const std::string& p) { return PeriodMonths(p)->second > as_of; });
  }
}

// The names of `wanted` (lower case) that no loaded record has, each with the nearest name loaded
// (`loaded`, as the records spell them): "no loaded referral is to \"victim servces\" (the
// nearest loaded: \"Victim Services\")". A typo in the catalogue would otherwise count 0, or
// nothing, without a word. A name is told of when it is a plausible typo of a loaded one, or when
// no name of the KPI has a record; an alternative name with none ("Community Trigger" beside
// "ASB case review") while another of them has records is not.
std::string UnknownNames(const std::vector<std::string>& wanted,
                         const std::set<std::string>& loaded, const std::string& what) {
  std::map<std::string, std::string> spelt;  // lower case -> as loaded
  for (const std::string& name : loaded)
    spelt.emplace(ToLower(Trim(name)), std::string(Trim(name)));
  std::vector<std::string> known;
  for (const auto& [lower, name] : spelt) known.push_back(lower);
  const bool none = std::none_of(wanted.begin(), wanted.end(),
                                 [&](const std::string& name) { return spelt.count(name) > 0; });
  std::vector<std::string> out;
  for (const std::string& name : wanted) {
    if (spelt.count(name)) continue;
    const std::string hint = Suggest(name, known, {.nearest = none});
    if (hint.empty() && !none) continue;
    out.push_back("\"" + name + "\"" +
                  (hint.empty() ? "" : " (the nearest loaded: \"" + spelt[hint] + "\")"));
  }
  if (out.empty()) return "";
  return "no loaded " + what + " " + Join(out, ", nor ") + ": check the name in the catalogue";
}

// The programmes or courses a KPI names that the loaded referrals or training logs do not have;
// "" when they all have records, or when none of that kind is loaded (nothing to check against).
std::string UnknownNamesOf(const KpiSpec& spec, const KpiInputs& in) {
  std::set<std::string> loaded;
  if (IsTrainingMeasure(spec.measure)) {
    for (const TrainingRow& row : in.training) loaded.insert(row.attendance.course);
    return loaded.empty() ? "" : UnknownNames(spec.courses, loaded, "training attendance is at");
  }
  if (spec.programmes.empty()) return "";
  const Frame::Referrals& r = in.frame->referrals;
  for (size_t i = 0; i < r.size(); ++i) loaded.insert(std::string(r.programme.at(i)));
  return loaded.empty() ? "" : UnknownNames(spec.programmes, loaded, "referral is to");
}

// The u chart's exposure of each point: a share's denominator (in hundreds, as the value is a
// percentage) or a rate's residents (in thousands, as the value is per 1,000).
std::vector<double> Exposures(const KpiResult& r, const KpiInputs& in, size_t begin, size_t end) {
  std::vector<double> out;
  for (size_t i = begin; i < end; ++i) {
    const KpiPoint& p = r.points[i];
    if (IsShareMeasure(r.spec->measure)) {
      out.push_back(p.denominator / 100);
      continue;
    }
    const auto months = PeriodMonths(p.period);
    const std::optional<int64_t> residents = in.area.For(months->first, months->second);
    out.push_back(residents ? static_cast<double>(*residents) / 1000 : 0);
  }
  return out;
}

void AddSpc(const KpiSpec& spec, const KpiInputs& in, KpiResult* r) {
  size_t end = r->points.size();
  while (end > 0 && !r->points[end - 1].value) --end;
  size_t begin = end;
  while (begin > 0 && r->points[begin - 1].value) --begin;
  if (end - begin < 2) {
    r->spc_note = "fewer than two periods with data in a row: no SPC";
    return;
  }
  SpcOptions options;
  options.chart = spec.chart == KpiChart::kC   ? SpcChart::kC
                  : spec.chart == KpiChart::kU ? SpcChart::kU
                                               : SpcChart::kXmR;
  options.fix_after = spec.fix_after;
  // A u chart counts the numerators over their exposures; the others chart the values.
  std::vector<double> values, exposure;
  for (size_t i = begin; i < end; ++i)
    values.push_back(spec.chart == KpiChart::kU ? r->points[i].numerator : *r->points[i].value);
  if (spec.chart == KpiChart::kU) exposure = Exposures(*r, in, begin, end);
  options.improvement = spec.improvement == KpiDirection::kIncrease   ? Improvement::kIncrease
                        : spec.improvement == KpiDirection::kDecrease ? Improvement::kDecrease
                                                                      : Improvement::kNeutral;
  options.target = spec.target;
  // New limits from the first period at or after each rebase date inside the run.
  for (const KpiSpec::Rebase& rebase : spec.rebase) {
    auto at = PeriodMonths(rebase.period);
    for (size_t i = begin; i < end && at; ++i)
      if (PeriodMonths(r->points[i].period)->first >= at->first) {
        if (i > begin) options.rebase_at.push_back(i - begin);
        break;
      }
  }
  std::sort(options.rebase_at.begin(), options.rebase_at.end());
  options.rebase_at.erase(std::unique(options.rebase_at.begin(), options.rebase_at.end()),
                          options.rebase_at.end());
  auto spc = RunSpc(values, exposure, options);
  if (!spc.ok()) {
    r->spc_note = spc.status().message();
    return;
  }
  r->spc = std::move(*spc);
  r->spc_first = begin;
  if (begin > 0)
    r->spc_note = "SPC over the " + std::to_string(end - begin) + " periods since " +
                  r->points[begin - 1].period + ", which has no data";
  if (end < r->points.size())
    r->spc_note += std::string(r->spc_note.empty() ? "" : "; ") + "the latest period (" +
                   r->points.back().period + ") has no data";
}

std::string Percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", v);
  return buf;
}

// `as_of`: the last month of the period reported, when it is not the latest.
void AddBaseline(const KpiSpec& spec, std::optional<int32_t> as_of, KpiResult* r) {
  const KpiPoint* latest = nullptr;
  for (const KpiPoint& p : r->points)
    if (p.value) latest = &p;
  if (latest && spec.target) {
    const bool met = spec.improvement == KpiDirection::kDecrease ? *latest->value <= *spec.target
                                                                 : *latest->value >= *spec.target;
    r->target_status = spec.improvement == KpiDirection::kNeutral ? "" : met ? "met" : "not met";
  }
  if (spec.baseline.empty()) {
    r->baseline_note = "no baseline set";
    return;
  }
  auto months = PeriodMonths(spec.baseline);
  if (months && as_of && months->second > *as_of) {
    r->baseline_note = "the baseline " + spec.baseline + " was not over by the end of " +
                       FormatMonth(*as_of) + ": no change on it is shown";
    return;
  }
  double sum = 0, count = 0;
  bool whole = true;  // every value a whole number: a reported flow of them is a count
  std::vector<std::string> missing;
  // Every period of the baseline must be in the series with a value: a baseline year with only
  // its second half loaded is not that year.
  if (months)
    for (const std::string& period : PeriodsBetween(spec.period, months->first, months->second)) {
      auto p = std::find_if(r->points.begin(), r->points.end(),
                            [&](const KpiPoint& k) { return k.period == period; });
      if (p == r->points.end() || !p->value) {
        missing.push_back(period);
        continue;
      }
      sum += *p->value;
      count += 1;
      whole = whole && *p->value == std::floor(*p->value);
    }
  if (!missing.empty() || count == 0) {
    r->baseline_note = "no data for the baseline " + spec.baseline +
                       (missing.empty() ? "" : " (" + Join(missing, ", ") + ")") +
                       ": no change on it is shown";
    return;
  }
  r->baseline = sum / count;
  if (!latest) return;
  const double base = *r->baseline;
  std::string words =
      latest->period + " against the " + spec.baseline + " baseline (" +
      (count > 1 ? "mean of " + std::to_string(static_cast<int>(count)) + " periods, " : "");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", base);
  words += std::string(buf) + "): ";
  words += base != 0 ? Percent((*latest->value - base) / base * 100) : "baseline 0";
  const bool reported_count = spec.year_figure == KpiYearFigure::kSum && whole &&
                              *latest->value == std::floor(*latest->value);
  if (IsCountMeasure(spec.measure) || reported_count) {
    auto change = TwoPoissonCounts(sum, count, *latest->value, 1);
    if (change.ok()) {
      r->change_pvalue = change->pvalue;
      std::snprintf(buf, sizeof buf, "%.3f", change->pvalue);
      words += std::string(", p = ") + buf +
               (change->pvalue < 0.05 ? " (a significant change)" : " (not a significant change)");
    }
  } else {
    words += " (no test of significance for this measure)";
  }
  r->change = words;
}

}  // namespace

std::string PeriodLabel(KpiPeriod kind, int32_t month) {
  const int year = month / 12, m = month % 12;
  char buf[16];
  if (kind == KpiPeriod::kYear)
    std::snprintf(buf, sizeof buf, "%04d", year);
  else if (kind == KpiPeriod::kQuarter)
    std::snprintf(buf, sizeof buf, "%04d-Q%d", year, m / 3 + 1);
  else
    return FormatMonth(month);
  return buf;
}

std::optional<std::pair<int32_t, int32_t>> PeriodMonths(const std::string& label) {
  if (label.size() < 4) return std::nullopt;
  auto year = ParseInt(label.substr(0, 4));
  if (!year || *year < kFirstYear || *year > kLastYear) return std::nullopt;
  const int32_t jan = MonthIndex(static_cast<int>(*year), 1);
  if (label.size() == 4) return std::pair{jan, jan + 11};
  if (label.size() == 7 && label[4] == '-' && label[5] == 'Q' && label[6] >= '1' &&
      label[6] <= '4') {
    const int32_t q = jan + (label[6] - '1') * 3;
    return std::pair{q, q + 2};
  }
  if (auto m = ParseMonth(label)) return std::pair{*m, *m};
  return std::nullopt;
}

bool IsPeriodOf(KpiPeriod kind, const std::string& label) {
  auto months = PeriodMonths(label);
  return months && PeriodLabel(kind, months->first) == label &&
         PeriodLabel(kind, months->second) == label;
}

Result<KpiResult> ComputeKpi(const KpiSpec& catalogued, const KpiInputs& inputs) {
  KpiSpec spec = catalogued;  // by the period asked for (a reported figure keeps its own)
  if (inputs.period && spec.measure != KpiMeasure::kReported) spec.period = *inputs.period;
  KpiResult r;
  r.period = spec.period;
  CAIRN_RETURN_IF_ERROR(FillPoints(spec, inputs, &r));
  r.spec = &catalogued;
  if (inputs.as_of) DropPeriodsAfter(*inputs.as_of, &r);
  r.unknown_names = UnknownNamesOf(spec, inputs);
  if (r.points.empty()) {
    if (r.spc_note.empty())
      r.spc_note = spec.measure == KpiMeasure::kReported ? "nothing reported yet"
                                                         : "no data loaded that this KPI reads";
    r.baseline_note = spec.measure == KpiMeasure::kReported ? "nothing reported" : "no data";
  } else {
    AddSpc(spec, inputs, &r);
    AddBaseline(spec, inputs.as_of, &r);
  }
  // Said first, where every report shows the SPC note: it may be why there is nothing to chart.
  if (!r.unknown_names.empty())
    r.spc_note = r.unknown_names + (r.spc_note.empty() ? "" : "; " + r.spc_note);
  return r;
}

}  // namespace cairn
