// What crime looks like in the synthetic county: the offence mix (Home Office offence codes with
// the shares of a shire force such as Cumbria, about 32,500 recorded crimes a year), when it
// happens (each offence follows a day/hour profile: violence peaks in the evening and at weekends,
// shoplifting in shop hours, burglary at night; violence rises in summer, property crime in winter)
// and where (domestic abuse and burglary follow deprived residential areas, shoplifting, robbery
// and night-time-economy violence follow town centres). A "core" is one crime without its people:
// offence, time, place, markers, whether a suspect was identified, and the outcome.
//
// A programme effect is built in, so the KPI report has something true to find: from July 2023,
// when the partnership expands 1CLIC (its county-lines diversion programme), a crime is marked as
// linked to county lines at 45% of the earlier rate. The KPI "crimes linked to county lines"
// should show a shift below its mean from then on.
//
// Criminal damage uses the 58A-58D sub-codes and sexual assault on a female 20A, as in the HOCR.
//
// Example: 8N Assault with injury, 100 per 1,000 crimes, so at scale 1 about 270 a month, 32% of
// them domestic (then at home, evenings); of the rest 18% are in the night-time economy (a town
// centre LSOA, Friday or Saturday 21:00-03:00, two in three with the alcohol marker).

#include <algorithm>
#include <cmath>

#include "synth/synth_internal.h"
#include "util/dates.h"

namespace cairn::synth {
namespace {

// 2023-07-01 00:00, in minutes since 1970: the expansion of 1CLIC.
const int64_t kCountyLinesProgrammeStart = DaysFromCivil(2023, 7, 1) * 1440;

using F = Family;
using T = TimeProfile;
using P = Place;
using V = VictimKind;

// code, description, police.uk type, per 1,000, family, time, place, victim,
// domestic, suspect, charge, knife, nte, firearm, county lines, cse, trend
constexpr Offence kOffences[] = {
    {"1", "Murder", "Violence and sexual offences", 0.12, F::kViolence, T::kViolence, P::kMixed,
     V::kPerson, 0.30, 0.95, 0.85, 0.40, 0.10, 0.10, 0.02, 0, 0},
    {"4/1", "Manslaughter", "Violence and sexual offences", 0.03, F::kViolence, T::kViolence,
     P::kMixed, V::kPerson, 0.20, 0.95, 0.80, 0.20, 0.10, 0.02, 0, 0, 0},
    {"2", "Attempted murder", "Violence and sexual offences", 0.30, F::kViolence, T::kViolence,
     P::kMixed, V::kPerson, 0.25, 0.90, 0.60, 0.45, 0.10, 0.08, 0.03, 0, 0},
    {"3B", "Threats to kill", "Violence and sexual offences", 9, F::kViolence, T::kSpread,
     P::kResidential, V::kPerson, 0.45, 0.80, 0.20, 0.06, 0.02, 0.005, 0, 0, 0.02},
    {"5D", "Assault with intent to cause serious harm", "Violence and sexual offences", 7,
     F::kViolence, T::kViolence, P::kMixed, V::kPerson, 0.25, 0.80, 0.35, 0.12, 0.20, 0.005, 0.01,
     0, 0.03},
    {"8N", "Assault with injury", "Violence and sexual offences", 100, F::kViolence, T::kViolence,
     P::kMixed, V::kPerson, 0.32, 0.62, 0.15, 0.022, 0.18, 0.0003, 0.006, 0, 0.03},
    {"105A", "Assault without injury", "Violence and sexual offences", 150, F::kViolence,
     T::kViolence, P::kMixed, V::kPerson, 0.34, 0.60, 0.08, 0.008, 0.12, 0.0002, 0.002, 0, 0.03},
    {"8Q", "Stalking", "Violence and sexual offences", 25, F::kViolence, T::kSpread,
     P::kResidential, V::kPerson, 0.55, 0.90, 0.12, 0, 0, 0, 0, 0, 0.08},
    {"8L", "Harassment", "Violence and sexual offences", 50, F::kViolence, T::kSpread,
     P::kResidential, V::kPerson, 0.42, 0.70, 0.06, 0, 0, 0, 0, 0.005, 0.02},
    {"8U", "Controlling or coercive behaviour", "Violence and sexual offences", 22, F::kViolence,
     T::kDomestic, P::kResidential, V::kPerson, 1.0, 0.95, 0.10, 0, 0, 0, 0, 0, 0.10},
    {"8R", "Malicious communications", "Violence and sexual offences", 45, F::kViolence, T::kSpread,
     P::kResidential, V::kPerson, 0.30, 0.55, 0.05, 0, 0, 0, 0, 0.02, 0.02},
    {"19C", "Rape of a female aged 16 and over", "Violence and sexual offences", 13, F::kSexual,
     T::kDomestic, P::kResidential, V::kPerson, 0.35, 0.70, 0.08, 0.01, 0.10, 0, 0, 0.05, 0.02},
    {"20A", "Sexual assault on a female aged 13 and over", "Violence and sexual offences", 15.5,
     F::kSexual, T::kViolence, P::kMixed, V::kPerson, 0.10, 0.55, 0.12, 0, 0.25, 0, 0, 0.12, 0.02},
    {"34B", "Robbery of personal property", "Robbery", 6, F::kRobbery, T::kViolence, P::kCentre,
     V::kPerson, 0.02, 0.40, 0.30, 0.15, 0.20, 0.005, 0.02, 0, 0},
    {"34A", "Robbery of business property", "Robbery", 1, F::kRobbery, T::kDaytime, P::kCentre,
     V::kBusiness, 0, 0.45, 0.40, 0.20, 0, 0.03, 0, 0, 0},
    {"28E", "Burglary - residential", "Burglary", 36, F::kProperty, T::kNight, P::kResidential,
     V::kPerson, 0.03, 0.15, 0.30, 0.005, 0, 0, 0, 0, -0.02},
    {"29", "Aggravated burglary in a dwelling", "Burglary", 0.6, F::kProperty, T::kNight,
     P::kResidential, V::kPerson, 0.05, 0.60, 0.60, 0.30, 0, 0.05, 0.05, 0, 0},
    {"30C", "Burglary - business and community", "Burglary", 14.4, F::kProperty, T::kNight,
     P::kMixed, V::kBusiness, 0, 0.12, 0.30, 0, 0, 0, 0, 0, -0.02},
    {"10A", "Possession of firearms with intent", "Possession of weapons", 0.3, F::kWeapons,
     T::kViolence, P::kCentre, V::kState, 0, 1.0, 0.70, 0, 0.10, 1.0, 0.15, 0, 0},
    {"10D", "Possession of article with blade or point", "Possession of weapons", 5.7, F::kWeapons,
     T::kViolence, P::kMixed, V::kState, 0, 1.0, 0.55, 1.0, 0.15, 0, 0.06, 0, 0.04},
    {"56", "Arson", "Criminal damage and arson", 7, F::kProperty, T::kNight, P::kResidential,
     V::kPerson, 0.10, 0.15, 0.20, 0, 0, 0, 0, 0, 0},
    {"58A", "Criminal damage to a dwelling", "Criminal damage and arson", 41, F::kProperty,
     T::kNight, P::kResidential, V::kPerson, 0.30, 0.30, 0.10, 0, 0, 0, 0, 0, -0.01},
    {"58B", "Criminal damage to a building other than a dwelling", "Criminal damage and arson", 21,
     F::kProperty, T::kNight, P::kCentre, V::kBusiness, 0, 0.20, 0.10, 0, 0.10, 0, 0, 0, -0.01},
    {"58C", "Criminal damage to a vehicle", "Criminal damage and arson", 48, F::kProperty,
     T::kNight, P::kMixed, V::kPerson, 0.06, 0.20, 0.10, 0, 0.05, 0, 0, 0, -0.01},
    {"58D", "Other criminal damage", "Criminal damage and arson", 28, F::kProperty, T::kNight,
     P::kMixed, V::kPerson, 0.04, 0.25, 0.10, 0, 0.10, 0, 0, 0, -0.01},
    {"45", "Theft from a vehicle", "Vehicle crime", 28, F::kProperty, T::kNight, P::kMixed,
     V::kPerson, 0, 0.06, 0.30, 0, 0, 0, 0, 0, -0.02},
    {"48", "Theft or unauthorised taking of a motor vehicle", "Vehicle crime", 15, F::kProperty,
     T::kNight, P::kResidential, V::kPerson, 0.01, 0.10, 0.35, 0, 0, 0, 0, 0, 0},
    {"49", "Other theft", "Other theft", 74, F::kProperty, T::kDaytime, P::kMixed, V::kPerson, 0.02,
     0.20, 0.12, 0, 0.03, 0, 0, 0, 0},
    {"46", "Shoplifting", "Shoplifting", 84, F::kProperty, T::kDaytime, P::kCentre, V::kBusiness, 0,
     0.60, 0.35, 0.002, 0, 0, 0, 0, 0.08},
    {"39", "Theft from the person", "Theft from the person", 4, F::kProperty, T::kViolence,
     P::kCentre, V::kPerson, 0, 0.10, 0.25, 0, 0.25, 0, 0, 0, 0},
    {"44", "Theft or unauthorised taking of a pedal cycle", "Bicycle theft", 6, F::kProperty,
     T::kDaytime, P::kMixed, V::kPerson, 0, 0.08, 0.20, 0, 0, 0, 0, 0, 0},
    {"92A", "Trafficking in controlled drugs", "Drugs", 9, F::kDrugs, T::kSpread, P::kCentre,
     V::kState, 0, 1.0, 0.65, 0.05, 0, 0.01, 0.35, 0, 0.03},
    {"92D", "Possession of controlled drugs (excluding cannabis)", "Drugs", 10, F::kDrugs,
     T::kSpread, P::kMixed, V::kState, 0, 1.0, 0.25, 0.02, 0.15, 0, 0.06, 0, 0},
    {"92E", "Possession of controlled drugs (cannabis)", "Drugs", 16, F::kDrugs, T::kSpread,
     P::kMixed, V::kState, 0, 1.0, 0.10, 0.01, 0.15, 0, 0.02, 0, 0},
    {"9A", "Public fear, alarm or distress", "Public order", 80, F::kOrder, T::kViolence,
     P::kCentre, V::kPerson, 0.08, 0.55, 0.15, 0.002, 0.25, 0, 0, 0, 0},
    {"802", "Dangerous driving", "Other crime", 30, F::kOrder, T::kSpread, P::kMixed, V::kState, 0,
     0.90, 0.40, 0, 0, 0, 0, 0, 0},
};

constexpr double kHours[static_cast<int>(T::kCount)][24] = {
    {6,   5,   4, 3,   2, 1.5, 1.2, 1.5, 2.5, 3,   3.5, 4,
     4.5, 4.5, 5, 5.5, 6, 6.5, 7,   7.5, 7.5, 7.5, 7.5, 7},
    {4, 3, 2.5, 2, 1.5, 1, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4, 4.5, 5, 5.5, 6.5, 7.5, 8, 8.5, 8, 7, 5.5},
    {.3,  .2,  .2,  .2,  .2, .3,  .6, 1.5, 3,   5,   6.5, 7,
     7.5, 7.5, 7.5, 7.5, 7,  6.5, 5,  3.5, 2.5, 1.5, .8,  .5},
    {5, 5, 4.5, 4, 3, 2.5, 2, 2.5, 3, 3, 3, 3, 3, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 6.5, 6, 5.5},
    {1,   .7,  .5,  .4,  .3,  .4,  .8,  1.8, 3,   4, 4.5, 4.5,
     4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.2, 4,   3.5, 3, 2.3, 1.5},
    {2.5, 1.8, 1.2, .8,  .5,  .4,  .6, 1,   1.5, 2, 2.5, 3,
     3.5, 3.8, 4,   4.5, 5.5, 6.5, 7,  7.5, 7,   6, 4.5, 3.5},
};
// Monday .. Sunday.
constexpr double kWeekdays[static_cast<int>(T::kCount)][7] = {
    {0.9, 0.85, 0.85, 0.9, 1.05, 1.25, 1.2}, {1.0, 0.9, 0.9, 0.9, 1.0, 1.15, 1.2},
    {1, 1, 1, 1, 1.05, 1.2, 0.85},           {1, 1, 1, 1, 1.05, 1.15, 1.05},
    {1.1, 1.05, 1.05, 1, 1, 0.85, 0.8},      {0.9, 0.9, 0.9, 0.95, 1.1, 1.25, 1.1},
};
// January .. December, by family; the last row is ASB.
constexpr double kSeason[8][12] = {
    {0.92, 0.88, 0.95, 0.98, 1.05, 1.10, 1.12, 1.10, 1.02, 0.98, 0.93, 0.97},  // violence
    {0.95, 0.92, 0.97, 0.99, 1.03, 1.07, 1.08, 1.06, 1.02, 0.98, 0.95, 0.98},  // sexual
    {1.05, 0.95, 0.97, 0.95, 0.97, 0.98, 1.00, 1.00, 0.98, 1.03, 1.06, 1.06},  // robbery
    {1.08, 0.98, 0.95, 0.92, 0.95, 0.95, 0.98, 1.00, 0.98, 1.05, 1.10, 1.06},  // property
    {1.00, 0.97, 1.02, 1.00, 1.02, 1.00, 1.00, 1.00, 1.02, 1.02, 0.98, 0.97},  // drugs
    {0.95, 0.92, 0.98, 1.00, 1.05, 1.05, 1.08, 1.05, 1.00, 0.98, 0.95, 0.99},  // weapons
    {0.90, 0.88, 0.95, 1.00, 1.08, 1.12, 1.15, 1.12, 1.00, 0.98, 0.90, 0.92},  // order
    {0.85, 0.80, 0.95, 1.05, 1.12, 1.15, 1.20, 1.15, 1.00, 1.05, 0.90, 0.78},  // ASB
};

constexpr int FindOffence(std::string_view code) {
  for (size_t i = 0; i < std::size(kOffences); ++i)
    if (code == kOffences[i].code) return static_cast<int>(i);
  return -1;
}
constexpr int kShoplifting = FindOffence("46");
constexpr int kCannabis = FindOffence("92E");
static_assert(kShoplifting >= 0 && kCannabis >= 0);

constexpr bool IsCriminalDamage(const Offence& o) { return o.code[0] == '5' && o.code[1] == '8'; }

int DayOfWeek(int64_t days) { return static_cast<int>(((days + 3) % 7 + 7) % 7); }  // Mon = 0

int Minute(Rng& rng) {
  double u = rng.Uniform();
  if (u < 0.30) return 0;
  if (u < 0.38) return 30;
  if (u < 0.42) return u < 0.40 ? 15 : 45;
  return rng.Between(0, 59);
}

double YearsIn(const Calendar& cal, int32_t month) { return (month - cal.first_month()) / 12.0; }

bool IsPropertyLike(const Offence& o) { return o.family == F::kProperty; }

}  // namespace

int64_t Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 30) {
    double limit = std::exp(-mean), p = 1;
    int64_t k = 0;
    do {
      ++k;
      p *= Uniform();
    } while (p > limit);
    return k - 1;
  }
  double v = std::round(mean + std::sqrt(mean) * Normal());
  return v < 0 ? 0 : static_cast<int64_t>(v);
}

Discrete::Discrete(std::span<const double> weights) {
  const size_t n = weights.size();
  prob_.assign(n, 0);
  alias_.assign(n, 0);
  if (n == 0) return;
  double sum = 0;
  for (double w : weights) sum += w;
  std::vector<double> scaled(n);
  std::vector<int> small, large;
  for (size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / sum;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<int>(i));
  }
  while (!small.empty() && !large.empty()) {
    int s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = static_cast<uint32_t>(std::min(scaled[s] * 4294967296.0, 4294967295.0));
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (int i : large) prob_[i] = 4294967295u, alias_[i] = i;
  for (int i : small) prob_[i] = 4294967295u, alias_[i] = i;
}

std::span<const Offence> Offences() { return kOffences; }

int OffenceIndex(std::string_view code) { return FindOffence(code); }

const char* RecordedOutcomeText(Outcome o) {
  switch (o) {
    case Outcome::kNone:
      return "";
    case Outcome::kNoSuspect:
      return "Investigation complete - no suspect identified";
    case Outcome::kUnderInvestigation:
      return "Under investigation";
    case Outcome::kCharged:
      return "Charged/Summonsed";
    case Outcome::kCaution:
      return "Caution";
    case Outcome::kCommunityResolution:
      return "Community resolution";
    case Outcome::kVictimDoesNotSupport:
      return "Evidential difficulties - victim does not support action";
    case Outcome::kEvidentialDifficulties:
      return "Evidential difficulties - suspect identified";
    case Outcome::kNotInPublicInterest:
      return "Not in the public interest (police decision)";
    case Outcome::kDrugsWarning:
      return "Cannabis/khat warning";
    case Outcome::kPenaltyNotice:
      return "Penalty notice for disorder";
  }
  return "";
}

const char* PoliceUkOutcomeText(Outcome o, uint64_t variant) {
  static constexpr const char* kCourt[] = {
      "Court result unavailable",          "Awaiting court outcome",
      "Offender given community sentence", "Offender fined",
      "Offender sent to prison",           "Offender given suspended prison sentence",
      "Court result unavailable",          "Defendant found not guilty"};
  switch (o) {
    case Outcome::kNone:
      return "";
    case Outcome::kNoSuspect:
      return "Investigation complete; no suspect identified";
    case Outcome::kUnderInvestigation:
      return "Under investigation";
    case Outcome::kCharged:
      return kCourt[variant % std::size(kCourt)];
    case Outcome::kCaution:
      return "Offender given a caution";
    case Outcome::kCommunityResolution:
      return "Local resolution";
    case Outcome::kVictimDoesNotSupport:
    case Outcome::kEvidentialDifficulties:
      return "Unable to prosecute suspect";
    case Outcome::kNotInPublicInterest:
      return "Further investigation is not in the public interest";
    case Outcome::kDrugsWarning:
      return "Offender given a drugs possession warning";
    case Outcome::kPenaltyNotice:
      return "Offender given penalty notice";
  }
  return "";
}

Calendar::Calendar(int32_t first_month, int months) : first_month_(first_month), months_(months) {
  constexpr int kProfiles = static_cast<int>(T::kCount);
  for (int m = 0; m < months; ++m) {
    int32_t month = first_month + m;
    int64_t start = MonthStartDay(month);
    int days = DaysInMonth(month);
    for (int p = 0; p < kProfiles; ++p) {
      std::vector<double> w(static_cast<size_t>(days) * 24);
      for (int d = 0; d < days; ++d) {
        int dow = DayOfWeek(start + d);
        for (int h = 0; h < 24; ++h) w[d * 24 + h] = kWeekdays[p][dow] * kHours[p][h];
      }
      cells_.emplace_back(w);
    }
  }
}

int64_t Calendar::MonthStartDay(int32_t month) const {
  return DaysFromCivil(month / 12, month % 12 + 1, 1);
}
int Calendar::DaysInMonth(int32_t month) const {
  return static_cast<int>(MonthStartDay(month + 1) - MonthStartDay(month));
}
int64_t Calendar::FirstDay() const { return MonthStartDay(first_month_); }
int64_t Calendar::EndDay() const { return MonthStartDay(first_month_ + months_); }

int64_t Calendar::SampleTime(Rng& rng, int32_t month, TimeProfile profile) const {
  const Discrete& d =
      cells_[(month - first_month_) * static_cast<int>(T::kCount) + static_cast<int>(profile)];
  int cell = d.Sample(rng);
  return (MonthStartDay(month) + cell / 24) * 1440 + (cell % 24) * 60 + Minute(rng);
}

int64_t Calendar::SampleTimeOnDay(Rng& rng, int64_t day, TimeProfile profile) const {
  const double* hours = kHours[static_cast<int>(profile)];
  double total = 0;
  for (int h = 0; h < 24; ++h) total += hours[h];
  double u = rng.Uniform() * total;
  int hour = 0;
  for (; hour < 23; ++hour) {
    u -= hours[hour];
    if (u < 0) break;
  }
  return day * 1440 + hour * 60 + Minute(rng);
}

int64_t Calendar::SampleNightTimeEconomy(Rng& rng, int32_t month) const {
  static constexpr int kNightHours[] = {21, 22, 23, 0, 1, 2};
  static constexpr double kNightWeights[] = {2, 3, 3, 3, 2.5, 1.5};
  int64_t start = MonthStartDay(month);
  int days = DaysInMonth(month);
  int weekend[12], n = 0;
  for (int d = 0; d < days; ++d) {
    int dow = DayOfWeek(start + d);
    if (dow == 4 || dow == 5) weekend[n++] = d;
  }
  int day = weekend[rng.Below(static_cast<uint32_t>(n))];
  double u = rng.Uniform() * 15, acc = 0;
  int slot = 0;
  for (; slot < 5; ++slot) {
    acc += kNightWeights[slot];
    if (u < acc) break;
  }
  int hour = kNightHours[slot];
  if (hour < 3) {
    if (day + 1 >= days)
      hour = 23;  // keep the event inside the month
    else
      ++day;
  }
  return (start + day) * 1440 + hour * 60 + rng.Between(0, 59);
}

CrimeSampler::CrimeSampler(const Geography& geo, const Calendar& calendar)
    : geo_(geo), calendar_(calendar) {}

double CrimeSampler::ExpectedMonthCount(int offence, int32_t month) const {
  const Offence& o = kOffences[offence];
  double season = kSeason[static_cast<int>(o.family)][month % 12];
  double trend = 1.0 + o.trend * (YearsIn(calendar_, month) - 1.5);
  return kCrimesPerYear / 12.0 * o.per_1000 / 1000.0 * season * trend;
}

void CrimeSampler::SetLocation(Rng& rng, int lsoa, Crime* c) const {
  const Lsoa& l = geo_.lsoas[lsoa];
  c->lsoa = static_cast<uint16_t>(lsoa);
  c->point = l.first_point + rng.Below(l.num_points);
  c->dx = static_cast<int16_t>(rng.Between(-120, 120));
  c->dy = static_cast<int16_t>(rng.Between(-120, 120));
}

bool CrimeSampler::InNightTimeEconomy(const Crime& c) const {
  if (geo_.lsoas[c.lsoa].centre < 0.4) return false;
  int64_t day = c.from / 1440;
  int hour = static_cast<int>(c.from % 1440 / 60);
  int dow = DayOfWeek(day);
  if (hour >= 21) return dow == 4 || dow == 5;
  if (hour < 3) return dow == 5 || dow == 6;
  return false;
}

void CrimeSampler::SetMarkers(Rng& rng, Crime* c) const {
  const Offence& o = kOffences[c->offence];
  uint16_t m = c->markers;
  bool da = m & kDa;
  if (rng.Chance(da ? o.knife * 0.5 : o.knife)) m |= kKnife;
  if (rng.Chance(o.firearm)) m |= kFirearm;
  const double county_lines =
      c->from >= kCountyLinesProgrammeStart ? o.county_lines * 0.45 : o.county_lines;
  if (rng.Chance(county_lines)) m |= kCountyLines | kDrugs;
  if ((m & kCountyLines) && rng.Chance(0.35)) m |= kCce;
  if (rng.Chance(o.cse)) m |= kCse;
  bool violent = o.family == F::kViolence || o.family == F::kSexual || o.family == F::kOrder ||
                 o.family == F::kRobbery;
  if ((violent || IsCriminalDamage(o)) && !da && InNightTimeEconomy(*c)) m |= kNte;
  double alcohol = (m & kNte) ? 0.65 : da ? 0.25 : violent ? 0.15 : IsPropertyLike(o) ? 0.03 : 0.05;
  if (rng.Chance(alcohol)) m |= kAlcohol;
  double drugs = o.family == F::kDrugs     ? 1.0
                 : o.family == F::kRobbery ? 0.10
                 : violent                 ? 0.04
                                           : 0.01;
  if (rng.Chance(drugs)) m |= kDrugs;
  if (da && rng.Chance(0.3)) m |= kChildren;
  c->markers = m;
}

Outcome CrimeSampler::SampleOutcome(Rng& rng, const Crime& c) const {
  static constexpr double kOpen[] = {0.60, 0.40, 0.25, 0.12, 0.12, 0.12};
  int age_months = calendar_.last_month() - c.month;
  double open = age_months < 6 ? kOpen[age_months] : 0.03;
  if (rng.Chance(open)) return Outcome::kUnderInvestigation;
  if (!c.has_suspect) return Outcome::kNoSuspect;
  const Offence& o = kOffences[c.offence];
  bool da = c.markers & kDa;
  if (rng.Chance(da ? o.charge * 0.8 : o.charge)) return Outcome::kCharged;
  double u = rng.Uniform();
  if (o.family == F::kDrugs) {
    if (u < 0.35 && c.offence == kCannabis) return Outcome::kDrugsWarning;
    if (u < 0.55) return Outcome::kCaution;
    if (u < 0.75) return Outcome::kCommunityResolution;
    if (u < 0.85) return Outcome::kNotInPublicInterest;
    return Outcome::kEvidentialDifficulties;
  }
  if (o.family == F::kProperty) {
    if (u < 0.25) return Outcome::kCommunityResolution;
    if (u < 0.40) return Outcome::kCaution;
    if (u < 0.75) return Outcome::kEvidentialDifficulties;
    if (u < 0.90 || c.offence != kShoplifting) return Outcome::kNotInPublicInterest;
    return Outcome::kPenaltyNotice;
  }
  if (o.family == F::kWeapons) {
    if (u < 0.3) return Outcome::kCaution;
    if (u < 0.7) return Outcome::kEvidentialDifficulties;
    return Outcome::kNotInPublicInterest;
  }
  double victim = da ? 0.60 : 0.50;
  if (u < victim) return Outcome::kVictimDoesNotSupport;
  if (u < victim + 0.22) return Outcome::kEvidentialDifficulties;
  if (u < victim + 0.30) return Outcome::kCaution;
  if (u < victim + 0.37) return Outcome::kCommunityResolution;
  if (o.family == F::kOrder && u < victim + 0.42) return Outcome::kPenaltyNotice;
  return Outcome::kNotInPublicInterest;
}

Crime CrimeSampler::MakeCrime(Rng& rng, int offence, int64_t from, int lsoa, bool domestic) const {
  const Offence& o = kOffences[offence];
  Crime c;
  c.offence = static_cast<uint8_t>(offence);
  c.from = from;
  int y, m, d;
  CivilFromDays(from / 1440, &y, &m, &d);
  c.month = MonthIndex(y, m);
  if (domestic) c.markers |= kDa;
  SetLocation(rng, lsoa, &c);
  bool long_window = IsPropertyLike(o) && o.victim != V::kBusiness && offence != kShoplifting;
  c.duration = long_window ? rng.Between(30, 720) : (rng.Chance(0.6) ? 0 : rng.Between(1, 45));
  double hidden = (o.family == F::kSexual || domestic) ? 0.02 : 0.004;
  c.no_location = rng.Chance(hidden);
  SetMarkers(rng, &c);
  c.has_suspect = rng.Chance(domestic ? 0.88 : o.suspect);
  c.outcome = SampleOutcome(rng, c);
  c.id_hash = rng.Next();
  c.id_hash2 = rng.Next();
  return c;
}

Crime CrimeSampler::SampleOne(Rng& rng, int offence, int32_t month) const {
  const Offence& o = kOffences[offence];
  bool domestic = rng.Chance(o.domestic);
  bool nte = !domestic && rng.Chance(o.nte);
  int lsoa;
  int64_t from;
  if (nte) {
    lsoa = geo_.place[static_cast<int>(P::kCentre)].Sample(rng);
    from = calendar_.SampleNightTimeEconomy(rng, month);
  } else {
    Place place = domestic ? P::kResidential : o.place;
    lsoa = geo_.place[static_cast<int>(place)].Sample(rng);
    from = calendar_.SampleTime(rng, month, domestic ? T::kDomestic : o.time);
  }
  return MakeCrime(rng, offence, from, lsoa, domestic);
}

void CrimeSampler::SampleMonth(Rng& rng, int32_t month, double scale,
                               std::vector<Crime>* out) const {
  double expected = 0;
  for (size_t o = 0; o < std::size(kOffences); ++o)
    expected += ExpectedMonthCount(static_cast<int>(o), month) * scale;
  // Room for the ASB that follows, so that the vector grows once.
  out->reserve(out->size() + static_cast<size_t>(expected * (1.0 + kAsbShare * 1.3) + 64));
  for (size_t o = 0; o < std::size(kOffences); ++o) {
    int64_t n = rng.Poisson(ExpectedMonthCount(static_cast<int>(o), month) * scale);
    for (int64_t i = 0; i < n; ++i) out->push_back(SampleOne(rng, static_cast<int>(o), month));
  }
}

void CrimeSampler::SampleAsbMonth(Rng& rng, int32_t month, double scale,
                                  std::vector<Crime>* out) const {
  double trend = 1.0 - 0.04 * (YearsIn(calendar_, month) - 1.5);
  double mean = kCrimesPerYear / 12.0 * kAsbShare * kSeason[7][month % 12] * trend * scale;
  int64_t n = rng.Poisson(mean);
  const Discrete& centre = geo_.place[static_cast<int>(P::kCentre)];
  const Discrete& resid = geo_.place[static_cast<int>(P::kResidential)];
  for (int64_t i = 0; i < n; ++i) {
    Crime c;
    c.offence = kAsbOffence;
    c.month = month;
    c.from = calendar_.SampleTime(rng, month, T::kAsb);
    SetLocation(rng, rng.Chance(0.45) ? centre.Sample(rng) : resid.Sample(rng), &c);
    c.no_location = rng.Chance(0.002);
    out->push_back(c);
  }
}

}  // namespace cairn::synth
