// Programme evaluation by propensity-score matching, after the Justice Data Lab (docs/evaluate.md
// has the definitions with their reasons; METHODS.md 8 and 8.1 the sources). The stages:
//  1. Histories: each person's offences (suspect or offender involvements, dated), their
//     involvements' age, sex and district, and their justice outcomes.
//  2. The cohort: people whose referral to the programme started, indexed at the start, kept when
//     the whole follow-up (12 months) and proving period (6 more) lie before the as-of date.
//  3. The comparison pool: people with an offending history and no referral to the programme,
//     indexed at an offence in the cohort's window plus the cohort's median offence-to-start lag,
//     so that both groups are measured from a comparable point in their offending.
//  4. Covariates at the index (age, sex, district, prior offences and harm over two years), the
//     logistic propensity model, and 1:1 nearest-neighbour matching on its logit within 0.2 SD.
//  5. Balance before and after, then the outcomes with their differences when the match is good
//     and large enough, or descriptive figures with the reason when it is not.
#include "analysis/evaluate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis/justice.h"
#include "analysis/lists/people.h"
#include "stats/logistic.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr int64_t kDay = kMinutesPerDay;
constexpr int kRecentDays = 182;

struct Offence {
  int64_t minute;
  uint32_t code;      // Frame::offence_code
  uint32_t category;  // Frame::category
  bool domestic;
};

struct Involvement {
  int64_t minute;
  int16_t age;
  uint8_t sex;
  uint32_t district;
};

struct Histories {
  std::vector<std::vector<Offence>> offences;    // by person, by time
  std::vector<std::vector<DatedOffence>> dated;  // the same offences, as justice.h reads them
  std::vector<std::vector<Involvement>> seen;    // by person, by time
  std::vector<std::vector<Proof>> proofs;        // by person, by time
};

Histories CollectHistories(const Frame& f) {
  Histories h;
  h.offences.resize(f.persons.size());
  h.seen.resize(f.persons.size());
  const auto& p = f.people;
  for (size_t i = 0; i < p.size(); ++i) {
    const uint32_t row = p.event[i];
    const int64_t minute = EventMinute(f, row);
    if (minute == kNoTime) continue;
    h.seen[p.person[i]].push_back({minute, p.age[i], p.sex[i], f.district.codes()[row]});
    if (IsPerpetrator(static_cast<Role>(p.role[i])))
      h.offences[p.person[i]].push_back({minute, f.offence_code.codes()[row],
                                         f.category.codes()[row],
                                         (f.markers[row] & kMarkerDomesticAbuse) != 0});
  }
  auto by_minute = [](const auto& a, const auto& b) { return a.minute < b.minute; };
  for (auto& v : h.offences) std::stable_sort(v.begin(), v.end(), by_minute);
  for (auto& v : h.seen) std::stable_sort(v.begin(), v.end(), by_minute);
  h.dated = OffencesByPerson(f);
  h.proofs = ProofsByPerson(f);
  return h;
}

// One person in the analysis, measured at their index.
struct Subject {
  uint32_t person = 0;
  int64_t index = 0;
  double age = 0;
  double male = 0;
  uint32_t district = 0;
  double prior_offences = 0, prior_harm = 0;
  double recent_offences = 0;  // in the 6 months before: how fast they are offending now
  // The latest offence in the two years before the index: its category (0 when none) and
  // whether it was domestic abuse, as the Justice Data Lab matches on the index offence.
  uint32_t latest_category = 0;
  double latest_domestic = 0;
  bool first_time_eligible = false;  // aged 10-17 with no earlier caution or conviction
  // Outcomes.
  int proven = 0;
  std::optional<double> days_to_first;
  double harm_before = 0, harm_after = 0;
  bool first_time_entry = false;
};

double HarmOf(const std::vector<double>& harm_by_code, uint32_t code) {
  const double w = code < harm_by_code.size() ? harm_by_code[code] : 0;
  return std::isnan(w) ? 0 : w;
}

// Measures person `person` at `index`; false when their age or sex is unknown.
bool Measure(const Histories& h, const std::vector<double>& harm_by_code, uint32_t person,
             int64_t index, Subject* s) {
  s->person = person;
  s->index = index;
  uint8_t sex = 0;
  for (const Involvement& in : h.seen[person]) {
    if (in.minute > index) break;
    if (in.sex != static_cast<uint8_t>(Sex::kUnknown)) sex = in.sex;
    if (in.district != 0) s->district = in.district;
  }
  const std::optional<double> age = AgeAt(h.seen[person], index);
  if (sex == 0)
    for (const Involvement& in : h.seen[person])
      if (in.sex != static_cast<uint8_t>(Sex::kUnknown)) {
        sex = in.sex;
        break;
      }
  if (!age || sex == static_cast<uint8_t>(Sex::kUnknown)) return false;
  s->age = std::floor(*age);
  s->male = sex == static_cast<uint8_t>(Sex::kMale) ? 1 : 0;

  const int64_t follow_end = index + kEvaluationFollowUpDays * kDay;
  for (const Offence& o : h.offences[person]) {
    if (o.minute < index && o.minute >= index - kEvaluationPriorDays * kDay) {
      s->prior_offences += 1;
      s->prior_harm += HarmOf(harm_by_code, o.code);
      s->latest_category = o.category;
      s->latest_domestic = o.domestic ? 1 : 0;
      if (o.minute >= index - kRecentDays * kDay) s->recent_offences += 1;
    }
    if (o.minute < index && o.minute >= index - kEvaluationFollowUpDays * kDay)
      s->harm_before += HarmOf(harm_by_code, o.code);
    if (o.minute > index && o.minute <= follow_end) s->harm_after += HarmOf(harm_by_code, o.code);
  }
  // Proven reoffences (analysis/justice.h): offences committed in the follow-up, each proven by
  // its own caution or conviction by the end of the waiting period.
  const auto& proofs = h.proofs[person];
  const ProvenReoffences proven = CountProvenReoffences(h.dated[person], proofs, index);
  s->proven = proven.count;
  if (proven.first_offence)
    s->days_to_first = static_cast<double>(*proven.first_offence - index) / kDay;
  bool earlier_proof = false;
  for (const Proof& p : proofs) earlier_proof |= p.proves && p.minute < index;
  s->first_time_eligible = s->age >= 10 && s->age <= 17 && !earlier_proof;
  if (s->first_time_eligible)
    for (const Proof& p : proofs)
      s->first_time_entry |= p.proves && p.minute > index && p.minute <= follow_end;
  return true;
}

// Bands of prior offences matched exactly: 0, 1, 2, 3-4, 5 or more.
int PriorBand(double prior_offences) {
  return prior_offences < 3 ? static_cast<int>(prior_offences) : prior_offences < 5 ? 3 : 4;
}
constexpr double kBandSpacing = 1e4;

int64_t Median(std::vector<int64_t> values, int64_t fallback) {
  if (values.empty()) return fallback;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// Covariate columns for the model and the balance table: five measured ones, then one 0/1
// column per level of the categorical ones (district, latest offence's category).
struct Design {
  static constexpr size_t kMeasured = 6;
  std::vector<std::string> names;
  std::vector<bool> binary;
  std::vector<bool> in_model;
  std::vector<std::pair<int, uint32_t>> levels;  // (0 district | 1 category, code) per dummy
  std::vector<double> Row(const Subject& s, bool model) const {
    std::vector<double> row;
    auto add = [&](size_t k, double v) {
      if (!model || in_model[k]) row.push_back(v);
    };
    add(0, s.age);
    add(1, s.male);
    add(2, s.prior_offences);
    // The model takes log(1 + harm): a few very harmful offences would otherwise dominate it.
    add(3, model ? std::log1p(s.prior_harm) : s.prior_harm);
    add(4, s.latest_domestic);
    add(5, s.recent_offences);
    // Squares of age and prior offences let the model bend, so that matching on it balances
    // them (a straight line in each left participants with more offences than their matches).
    if (model) {
      row.push_back(s.age * s.age);
      row.push_back(s.prior_offences * s.prior_offences);
    }
    for (size_t d = 0; d < levels.size(); ++d) {
      const uint32_t code = levels[d].first == 0 ? s.district : s.latest_category;
      add(kMeasured + d, code == levels[d].second ? 1 : 0);
    }
    return row;
  }
};

// Whether a 0/1 column varies enough in both groups to be modelled: at least 5 people with each
// value in each group (fewer would separate the groups or make the fit unstable).
bool Varies(const std::vector<const Subject*>& t, const std::vector<const Subject*>& c,
            const Design& d, size_t k) {
  for (const auto* group : {&t, &c}) {
    size_t ones = 0;
    for (const Subject* s : *group) ones += d.Row(*s, false)[k] > 0.5;
    if (ones < 5 || group->size() - ones < 5) return false;
  }
  return true;
}

Design MakeDesign(const Frame& f, const std::vector<const Subject*>& treated,
                  const std::vector<const Subject*>& pool) {
  Design d;
  d.names = {"Age at index",
             "Male",
             "Offences in the 2 years before",
             "Harm in the 2 years before",
             "Latest offence domestic abuse",
             "Offences in the 6 months before"};
  d.binary = {false, true, false, false, true, false};
  d.in_model = {true, true, true, true, true, true};
  // A level of a categorical covariate gets a column when at least 5 comparison people and 5%
  // of participants (at least 5) have it (rarer levels, whose standardised differences are
  // mostly noise, stay in the reference group); in the model, the most common among participants is
  // the reference (no column), and levels that vary too little are left to the others.
  for (int kind = 0; kind < 2; ++kind) {
    std::map<uint32_t, std::pair<int, int>> counts;
    auto code = [&](const Subject& s) { return kind == 0 ? s.district : s.latest_category; };
    for (const Subject* s : treated) ++counts[code(*s)].first;
    for (const Subject* s : pool) ++counts[code(*s)].second;
    uint32_t reference = UINT32_MAX;
    int most = -1;
    for (const auto& [level, n] : counts)
      if (n.first >= 5 && n.second >= 5 && n.first > most) {
        most = n.first;
        reference = level;
      }
    const double least = std::max(5.0, 0.05 * static_cast<double>(treated.size()));
    for (const auto& [level, n] : counts) {
      if (n.first < least || n.second < 5) continue;
      d.levels.push_back({kind, level});
      const std::string text = level == 0 ? std::string(kind == 0 ? "unknown" : "none")
                                          : (kind == 0 ? f.district : f.category).dict()[level];
      d.names.push_back((kind == 0 ? "District: " : "Latest offence: ") + text);
      d.binary.push_back(true);
      d.in_model.push_back(level != reference);
    }
  }
  for (size_t k = 0; k < d.names.size(); ++k)
    if (d.binary[k] && d.in_model[k] && !Varies(treated, pool, d, k)) d.in_model[k] = false;
  return d;
}

std::vector<double> Column(const Design& d, const std::vector<const Subject*>& group, size_t k) {
  std::vector<double> out;
  for (const Subject* s : group) out.push_back(d.Row(*s, false)[k]);
  return out;
}

std::vector<BalanceRow> Balance(const Design& d, const std::vector<const Subject*>& t_before,
                                const std::vector<const Subject*>& c_before,
                                const std::vector<const Subject*>& t_after,
                                const std::vector<const Subject*>& c_after) {
  std::vector<BalanceRow> rows;
  for (size_t k = 0; k < d.names.size(); ++k) {
    BalanceRow r;
    r.covariate = d.names[k];
    r.binary = d.binary[k];
    const auto tb = Column(d, t_before, k), cb = Column(d, c_before, k);
    const auto ta = Column(d, t_after, k), ca = Column(d, c_after, k);
    r.treated_before = Mean(tb);
    r.comparison_before = Mean(cb);
    r.smd_before = StandardisedDifference(tb, cb, r.binary);
    r.treated_after = Mean(ta);
    r.comparison_after = Mean(ca);
    r.smd_after = StandardisedDifference(ta, ca, r.binary);
    rows.push_back(r);
  }
  return rows;
}

std::vector<OutcomeRow> Outcomes(const std::vector<const Subject*>& t,
                                 const std::vector<const Subject*>& c, bool with_tests,
                                 std::optional<LogRankResult>* log_rank) {
  std::vector<OutcomeRow> rows;
  auto values = [](const std::vector<const Subject*>& g, auto get) {
    std::vector<double> v;
    for (const Subject* s : g) v.push_back(get(*s));
    return v;
  };
  auto proportion = [&](const std::string& name, auto in, auto yes) {
    OutcomeRow r;
    r.outcome = name;
    r.unit = "%";
    double xt = 0, xc = 0;
    for (const Subject* s : t)
      if (in(*s)) ++r.treated_n, xt += yes(*s);
    for (const Subject* s : c)
      if (in(*s)) ++r.comparison_n, xc += yes(*s);
    if (r.treated_n > 0) r.treated = 100 * xt / static_cast<double>(r.treated_n);
    if (r.comparison_n > 0) r.comparison = 100 * xc / static_cast<double>(r.comparison_n);
    r.method = "descriptive";
    if (with_tests) {
      r.method = "Newcombe hybrid score interval; pooled two-proportion z test";
      if (auto d = DifferenceOfProportions(xt, static_cast<double>(r.treated_n), xc,
                                           static_cast<double>(r.comparison_n))) {
        d->difference *= 100, d->lower95 *= 100, d->upper95 *= 100;
        r.difference = d;
      }
    }
    rows.push_back(r);
  };
  auto mean = [&](const std::string& name, const std::string& unit, auto get) {
    OutcomeRow r;
    r.outcome = name;
    r.unit = unit;
    const auto vt = values(t, get), vc = values(c, get);
    r.treated_n = static_cast<int64_t>(vt.size());
    r.comparison_n = static_cast<int64_t>(vc.size());
    if (!vt.empty()) r.treated = Mean(vt);
    if (!vc.empty()) r.comparison = Mean(vc);
    r.method = "descriptive";
    if (with_tests) {
      r.method = "Welch t interval and test";
      r.difference = WelchDifference(vt, vc);
    }
    rows.push_back(r);
  };
  auto all = [](const Subject&) { return true; };
  proportion("One-year proven reoffending rate", all,
             [](const Subject& s) { return s.proven > 0 ? 1.0 : 0.0; });
  mean("Proven reoffences per person", "per person",
       [](const Subject& s) { return static_cast<double>(s.proven); });
  // Time to first proven reoffence: the median among those who reoffended, descriptive only.
  OutcomeRow days;
  days.outcome = "Median days to first proven reoffence (reoffenders)";
  days.unit = "days";
  days.method = "descriptive";
  auto median_days = [](const std::vector<const Subject*>& g, int64_t* n) {
    std::vector<double> v;
    for (const Subject* s : g)
      if (s->days_to_first) v.push_back(*s->days_to_first);
    *n = static_cast<int64_t>(v.size());
    if (v.empty()) return std::optional<double>();
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return std::optional<double>(v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2);
  };
  days.treated = median_days(t, &days.treated_n);
  days.comparison = median_days(c, &days.comparison_n);
  rows.push_back(days);
  // Time to first proven reoffence over everyone, censored at the end of the year's follow-up
  // (everyone analysed has the whole year): the log-rank test, with Peto's hazard ratio as the
  // difference and each group's observed / expected first reoffences as its figure.
  if (with_tests) {
    auto times = [](const std::vector<const Subject*>& g) {
      std::vector<SurvivalTime> out;
      for (const Subject* s : g)
        out.push_back(s->days_to_first ? SurvivalTime{*s->days_to_first, true}
                                       : SurvivalTime{double{kEvaluationFollowUpDays}, false});
      return out;
    };
    OutcomeRow hazard;
    hazard.outcome = "Time to first proven reoffence: hazard ratio (observed / expected)";
    hazard.unit = "hazard ratio";
    hazard.method = "log-rank test; Peto hazard ratio";
    hazard.treated_n = static_cast<int64_t>(t.size());
    hazard.comparison_n = static_cast<int64_t>(c.size());
    if (auto lr = LogRank(times(t), times(c))) {
      hazard.treated = lr->observed1 / lr->expected1;
      hazard.comparison = lr->observed2 / lr->expected2;
      hazard.difference = GroupDifference{lr->hazard_ratio, lr->lower95, lr->upper95, lr->p};
      *log_rank = *lr;
    }
    rows.push_back(hazard);
  }
  mean("Harm in the year after", "harm", [](const Subject& s) { return s.harm_after; });
  mean("Change in harm (year after minus year before)", "harm",
       [](const Subject& s) { return s.harm_after - s.harm_before; });
  proportion(
      "First-time entry (aged 10-17, no earlier caution or conviction)",
      [](const Subject& s) { return s.first_time_eligible; },
      [](const Subject& s) { return s.first_time_entry ? 1.0 : 0.0; });
  return rows;
}

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string PValue(double p) { return p < 0.001 ? "p < 0.001" : "p = " + Fixed(p, 3); }

void WriteVerdict(Evaluation* e) {
  const auto& c = e->counts;
  const std::string descriptive = " The figures below are descriptive only.";
  if (!e->model_problem.empty()) {
    e->verdict.push_back("No conclusion can be drawn about " + e->programme +
                         ": the propensity model could not be fitted (" + e->model_problem + ")." +
                         descriptive);
    return;
  }
  if (c.matched < kEvaluationMinimumCohort) {
    e->verdict.push_back("No conclusion can be drawn about " + e->programme + ": only " +
                         std::to_string(c.matched) +
                         " participants could be matched, and the Justice Data Lab "
                         "needs at least " +
                         std::to_string(kEvaluationMinimumCohort) + "." + descriptive);
    return;
  }
  if (!e->largest_smd_after || *e->largest_smd_after > kEvaluationBalanceLimit) {
    std::string worst;
    for (const BalanceRow& r : e->balance)
      if (!r.smd_after || std::abs(*r.smd_after) > kEvaluationBalanceLimit)
        worst += (worst.empty() ? "" : ", ") + r.covariate;
    e->verdict.push_back("No conclusion can be drawn about " + e->programme +
                         ": the match is poor (standardised difference after matching above " +
                         Fixed(kEvaluationBalanceLimit, 1) + " for " + worst +
                         "), so the groups were not alike before the programme." + descriptive);
    return;
  }
  e->conclusive = true;
  const OutcomeRow& rate = e->outcomes[0];
  const GroupDifference* d = rate.difference ? &*rate.difference : nullptr;
  std::string line = "One-year proven reoffending: " + Fixed(rate.treated.value_or(0), 1) +
                     "% of " + std::to_string(rate.treated_n) + " participants against " +
                     Fixed(rate.comparison.value_or(0), 1) + "% of " +
                     std::to_string(rate.comparison_n) + " matched people who did not take part";
  if (d) {
    line += ", a difference of " + Fixed(d->difference, 1) + " percentage points (95% CI " +
            Fixed(d->lower95, 1) + " to " + Fixed(d->upper95, 1) + ", " + PValue(d->p) + ").";
    const bool significant = d->upper95 < 0 || d->lower95 > 0;
    e->verdict.push_back(line);
    if (significant)
      e->verdict.push_back(std::string("This is statistically significant evidence that ") +
                           e->programme + " " + (d->difference < 0 ? "reduced" : "increased") +
                           " proven reoffending among those who took part.");
    else
      e->verdict.push_back(
          "The difference is not statistically significant: this analysis "
          "cannot say that " +
          e->programme + " changed proven reoffending.");
  } else {
    e->verdict.push_back(line + ".");
  }
  e->verdict.push_back(
      "Matched " + std::to_string(c.matched) + " of " + std::to_string(c.eligible) +
      " participants; largest standardised "
      "difference after matching " +
      Fixed(*e->largest_smd_after, 3) + " (limit " + Fixed(kEvaluationBalanceLimit, 1) + ").");
}

}  // namespace

std::optional<int64_t> LatestActivityMinute(const Frame& f) {
  std::optional<int64_t> latest;
  auto see = [&](int64_t m) {
    if (m != kNoTime) latest = std::max(latest.value_or(INT64_MIN), m);
  };
  for (size_t row = 0; row < f.rows; ++row) see(EventMinute(f, row));
  for (size_t i = 0; i < f.referrals.size(); ++i) {
    see(f.referrals.referred[i]);
    see(f.referrals.started[i]);
  }
  for (size_t i = 0; i < f.outcomes.size(); ++i) see(f.outcomes.date[i]);
  return latest;
}

Result<Evaluation> EvaluateProgramme(const Frame& f, const std::vector<double>& harm_by_code,
                                     const std::string& harm_scheme, const std::string& programme,
                                     int64_t as_of) {
  Evaluation e;
  e.programme = programme;
  e.harm_scheme = harm_scheme;
  e.as_of = as_of;
  const auto& r = f.referrals;
  const std::string wanted = ToLower(programme);
  std::vector<bool> referred(f.persons.size(), false);
  std::vector<int64_t> start(f.persons.size(), kNoTime);
  std::vector<int64_t> first_referral(f.persons.size(), INT64_MAX);
  std::set<std::string> known;
  for (size_t i = 0; i < r.size(); ++i) {
    known.insert(std::string(r.programme.at(i)));
    if (ToLower(r.programme.at(i)) != wanted) continue;
    e.programme = r.programme.at(i);
    referred[r.person[i]] = true;
    for (int64_t when : {r.referred[i], r.started[i]})
      if (when != kNoTime)
        first_referral[r.person[i]] = std::min(first_referral[r.person[i]], when);
    // A referral counts as started when it has a start date; the earliest start is the index.
    if (r.started[i] != kNoTime)
      start[r.person[i]] =
          std::min(start[r.person[i]] == kNoTime ? INT64_MAX : start[r.person[i]], r.started[i]);
  }
  if (std::find(referred.begin(), referred.end(), true) == referred.end()) {
    std::vector<std::string> names(known.begin(), known.end());
    return Status::Usage("no referral to \"" + programme + "\" is loaded" +
                         (names.empty() ? std::string(" (no referrals are loaded)")
                                        : " (programmes loaded: " + Join(names, ", ") + ")"));
  }

  // 1-2. Histories and the cohort.
  const Histories h = CollectHistories(f);
  const int64_t last_index_allowed =
      as_of - int64_t{kEvaluationFollowUpDays + kEvaluationProvingDays} * kDay;
  std::vector<Subject> treated;
  std::vector<bool> in_cohort(f.persons.size(), false);
  std::vector<int64_t> lags;
  for (uint32_t person = 0; person < f.persons.size(); ++person) {
    if (!referred[person]) continue;
    ++e.counts.people_referred;
    if (start[person] == kNoTime) {
      ++e.counts.not_started;
      continue;
    }
    if (start[person] > last_index_allowed) {
      ++e.counts.follow_up_incomplete;
      continue;
    }
    Subject s;
    if (!Measure(h, harm_by_code, person, start[person], &s)) {
      ++e.counts.age_or_sex_unknown;
      continue;
    }
    for (auto it = h.offences[person].rbegin(); it != h.offences[person].rend(); ++it)
      if (it->minute < s.index) {
        if (s.index - it->minute <= kEvaluationFollowUpDays * kDay)
          lags.push_back(s.index - it->minute);
        break;
      }
    treated.push_back(s);
    in_cohort[person] = true;
  }
  e.counts.eligible = static_cast<int64_t>(treated.size());
  if (treated.empty()) {
    e.model_problem =
        "no participant has a start date, a known age and sex, and 18 months of "
        "follow-up before the as-of date";
    WriteVerdict(&e);
    return e;
  }
  e.first_index = INT64_MAX, e.last_index = INT64_MIN;
  double age_low = 1e9, age_high = -1e9;
  for (const Subject& s : treated) {
    e.first_index = std::min(e.first_index, s.index);
    e.last_index = std::max(e.last_index, s.index);
    age_low = std::min(age_low, s.age);
    age_high = std::max(age_high, s.age);
  }
  e.age_low = static_cast<int>(age_low);
  e.age_high = static_cast<int>(age_high);

  // 3. The comparison pool.
  const int64_t lag = Median(lags, 30 * kDay);
  e.pseudo_index_lag_days = static_cast<int>(lag / kDay);
  std::vector<Subject> pool;
  for (uint32_t person = 0; person < f.persons.size(); ++person) {
    if (in_cohort[person] || h.offences[person].empty()) continue;
    // Every offence of theirs in the window is a candidate index (one person at several dates),
    // as each of a participant's offences was a chance to be referred: one candidate a person
    // would favour people with few offences, who have fewer to come. Matching takes at most one
    // candidate a person.
    for (const Offence& o : h.offences[person]) {
      const int64_t index = o.minute + lag;
      if (index < e.first_index || index > e.last_index) continue;
      // Someone referred later may stand in for a non-participant before then: only a referral
      // before the end of their follow-up rules them out. Excluding everyone ever referred would
      // keep in the comparison group only people who went on to offend too little to be
      // referred.
      if (first_referral[person] <= index + kEvaluationFollowUpDays * kDay) continue;
      Subject s;
      if (!Measure(h, harm_by_code, person, index, &s)) break;
      if (s.age < age_low || s.age > age_high) continue;
      pool.push_back(s);
    }
  }
  // Exact matching where every participant shares a 0/1 trait (DAPP's participants all came
  // from domestic abuse): the model cannot weigh a trait that does not vary among them, so the
  // comparison pool keeps only people with it.
  struct Trait {
    const char* name;
    double Subject::*value;
  };
  for (const Trait& trait : {Trait{"male", &Subject::male},
                             Trait{"latest offence domestic abuse", &Subject::latest_domestic}}) {
    const double v = treated.front().*trait.value;
    if (std::any_of(treated.begin(), treated.end(),
                    [&](const Subject& s) { return s.*trait.value != v; }))
      continue;
    const size_t before = pool.size();
    std::erase_if(pool, [&](const Subject& s) { return s.*trait.value != v; });
    e.notes.push_back(std::string("Every participant has ") + trait.name + " = " +
                      (v > 0.5 ? "yes" : "no") +
                      ", so the comparison pool keeps only people with "
                      "the same (" +
                      std::to_string(before - pool.size()) + " left out).");
  }
  e.counts.pool = static_cast<int64_t>(pool.size());
  {
    std::set<uint32_t> people;
    for (const Subject& s : pool) people.insert(s.person);
    e.counts.pool_people = static_cast<int64_t>(people.size());
  }

  // 4. The propensity model and the match.
  std::vector<const Subject*> all_t, all_c, matched_t, matched_c;
  for (const Subject& s : treated) all_t.push_back(&s);
  for (const Subject& s : pool) all_c.push_back(&s);
  const Design design = MakeDesign(f, all_t, all_c);
  std::vector<double> x;
  std::vector<uint8_t> y;
  for (const Subject& s : treated) {
    const auto row = design.Row(s, true);
    x.insert(x.end(), row.begin(), row.end());
    y.push_back(1);
  }
  for (const Subject& s : pool) {
    const auto row = design.Row(s, true);
    x.insert(x.end(), row.begin(), row.end());
    y.push_back(0);
  }
  size_t columns = 0;
  e.model_terms.push_back("(intercept)");
  for (size_t k = 0; k < design.names.size(); ++k)
    if (design.in_model[k]) {
      ++columns;
      e.model_terms.push_back(k == 3 ? "log(1 + " + design.names[k] + ")" : design.names[k]);
    }
  columns += 2;
  e.model_terms.push_back("Age at index squared");
  e.model_terms.push_back("Offences in the 2 years before squared");
  auto fit = pool.empty() ? Result<LogisticFit>(Status::Invalid("the comparison pool is empty"))
                          : FitLogistic(x, columns, y);
  if (!fit.ok()) {
    e.model_problem = fit.status().message();
    e.balance = Balance(design, all_t, all_c, {}, {});
    e.outcomes = Outcomes(all_t, all_c, false, &e.log_rank);
    WriteVerdict(&e);
    return e;
  }
  e.model_coefficients = fit->coefficients;
  std::vector<double> logit_t, logit_c, all_logits;
  for (size_t i = 0; i < treated.size(); ++i)
    logit_t.push_back(LogisticLinearPredictor(*fit, x, columns, i));
  for (size_t i = 0; i < pool.size(); ++i)
    logit_c.push_back(LogisticLinearPredictor(*fit, x, columns, treated.size() + i));
  all_logits = logit_t;
  all_logits.insert(all_logits.end(), logit_c.begin(), logit_c.end());
  e.caliper = kEvaluationCaliperSd * SampleSd(all_logits);
  // Participants from the highest score down (the hardest to match first), ties in order of
  // their stable id, so the match does not depend on load order.
  std::vector<size_t> order(treated.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (logit_t[a] != logit_t[b]) return logit_t[a] > logit_t[b];
    return f.persons.id[treated[a].person] < f.persons.id[treated[b].person];
  });
  // Matched exactly on the band of prior offences as well as within the caliper: the band is
  // added to the logit as a multiple of a distance no caliper reaches, so a match never crosses
  // bands. The score alone left participants with more prior offences than their matches.
  auto banded = [](double logit, const Subject& s) {
    return logit + kBandSpacing * static_cast<double>(PriorBand(s.prior_offences));
  };
  std::vector<double> ordered_logits, pool_logits;
  for (size_t i : order) ordered_logits.push_back(banded(logit_t[i], treated[i]));
  for (size_t i = 0; i < pool.size(); ++i) pool_logits.push_back(banded(logit_c[i], pool[i]));
  std::vector<uint32_t> owner;
  for (const Subject& s : pool) owner.push_back(s.person);
  for (const auto& [t, c] : MatchNearestNeighbour(ordered_logits, pool_logits, e.caliper, &owner)) {
    matched_t.push_back(&treated[order[t]]);
    matched_c.push_back(&pool[c]);
  }
  e.counts.matched = static_cast<int64_t>(matched_t.size());
  e.counts.unmatched = e.counts.eligible - e.counts.matched;

  // 5. Balance and outcomes.
  e.balance = Balance(design, all_t, all_c, matched_t, matched_c);
  for (const BalanceRow& b : e.balance) {
    const double v = b.smd_after ? std::abs(*b.smd_after) : INFINITY;
    e.largest_smd_after = std::max(e.largest_smd_after.value_or(0), v);
  }
  if (matched_t.empty()) e.largest_smd_after.reset();
  const bool good = e.counts.matched >= kEvaluationMinimumCohort && e.largest_smd_after &&
                    *e.largest_smd_after <= kEvaluationBalanceLimit;
  e.outcomes = Outcomes(matched_t, matched_c, good, &e.log_rank);
  WriteVerdict(&e);
  return e;
}

}  // namespace cairn
