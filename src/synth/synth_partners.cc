// The other partners' records, built from the crimes and people of the synthetic county:
//  - ED assault attendances (ISTV, about 2,500 a year at scale 1): about a third are the victim of
//  a
//    police-recorded assault (same name and date of birth, assaulted within an hour of the recorded
//    time, arriving up to four hours later); the rest never reached the police, as in real data;
//  - referrals (about 3,000 a year) to 1CLIC (exploited children), Turnaround (young suspects),
//    DAPP (domestic-abuse perpetrators), Victim Services and drug and alcohol treatment, each
//    within weeks of a crime the person was involved in, at most once per person and programme,
//    each qualifying crime with the same chance (so who is referred depends only on the past);
//    Turnaround works: for two years after starting, 60% of a participant's crimes are committed
//    by someone else instead (the effect `cairn evaluate Turnaround` should find);
//  - programme records of their own: MATAC referrals of the serial domestic-abuse perpetrators
//    (MakeMatacReferrals), and MATAC works: from their start, 60% of those who start it stop
//    domestic abuse and the others commit half as much (PlantMatacEffect, kMatacDesisted and
//    kMatacFewer in synth/synth.h); drug tests on arrest of 18-25-year-olds in domestic
//    abuse cases with whether a positive test led to a referral to support (MakeDrugTests);
//  - justice outcomes: a charge after each charged crime, a conviction for most charges, a caution
//    after each cautioned crime, dated after the crime and inside the period.

#include <algorithm>
#include <cmath>

#include "synth/synth.h"
#include "synth/synth_internal.h"

namespace cairn::synth {
namespace {

constexpr const char* kEdMethods[] = {
    "Body part", "Knife/sharp object", "Bottle/glass", "Blunt object", "Firearm", "Other"};
enum EdMethod : uint8_t { kBodyPart, kKnifeSharp, kBottleGlass, kBlunt, kGun, kOtherMethod };
constexpr const char* kEdLocations[] = {
    "Public place", "Home", "Licensed premises", "Workplace", "Educational establishment", "Other"};
enum EdLocation : uint8_t { kPublic, kHome, kLicensed, kWork, kEducation, kOtherLocation };
constexpr const char* kOtherMethods[] = {"Bitten", "Pushed to the ground", "Thrown object",
                                         "Strangulation", "Vehicle used as weapon"};
constexpr const char* kVenues[] = {"The Drovers Rest", "The Copper Kettle", "Fellside Tavern",
                                   "Club Meridian",    "The Black Tarn",    "The Heron and Oar",
                                   "The Quarryman",    "Social club",       "Late bar"};
constexpr const char* kOtherPlaces[] = {"Park", "Bus station", "Taxi rank", "Car park",
                                        "Beach front"};
// ED site serving each district.
constexpr const char* kSites[] = {"RFL01", "RFL02", "RFL01", "RFL03", "RFL03", "RFL02"};

constexpr const char* kProgrammes[] = {"1CLIC",
                                       "Turnaround",
                                       "DAPP",
                                       "Victim Services",
                                       "Drug and Alcohol Treatment",
                                       "MATAC",
                                       "Drug testing on arrest"};
constexpr const char* kAgencies[] = {"Fellshire County Council Children's Services",
                                     "Fellshire Youth Justice Service",
                                     "Fellshire Probation Delivery Unit",
                                     "Fellshire Victim Support Hub",
                                     "Fellshire Recovery Service",
                                     "Fellshire Constabulary MATAC team",
                                     "Fellshire Constabulary custody"};
// The first kProgrammeCount take referrals after qualifying crimes (MakeReferrals); MATAC and drug
// testing on arrest keep their own records (MakeProgrammeRecords).
enum Programme : uint8_t {
  k1Clic,
  kTurnaround,
  kDapp,
  kVictimServices,
  kTreatment,
  kProgrammeCount,
  kMatac = kProgrammeCount,
  kDrugTesting,
};
static_assert(std::size(kProgrammes) == kDrugTesting + 1 &&
              std::size(kAgencies) == kDrugTesting + 1);
constexpr double kReferralsPerYear[] = {250, 450, 300, 1300, 800};
constexpr int kProgrammeDays[][2] = {{90, 270}, {60, 180}, {180, 270}, {14, 120}, {60, 365}};

constexpr const char* kReferralOutcomes[] = {"Completed",
                                             "Disengaged",
                                             "Ongoing",
                                             "Declined",
                                             "Negative",
                                             "Positive, referred to support",
                                             "Positive, declined referral"};
enum ReferralOutcome : uint8_t {
  kCompleted,
  kDisengaged,
  kOngoing,
  kDeclined,
  kTestNegative,  // drug testing on arrest: the test's result and what followed
  kTestReferred,
  kTestDeclined,
};
constexpr const char* kJusticeTypes[] = {"Charge", "Caution", "Conviction"};

constexpr double kEdPerYear = 2500;
constexpr double kEdLinkedShare = 0.35;

struct EdContext {
  bool knife, firearm, nte, domestic;
};

void ChooseMethodAndPlace(Rng& rng, const Geography& geo, const EdContext& ctx, uint32_t point,
                          EdAttendance* a) {
  if (ctx.firearm) {
    a->method = kGun;
  } else if (ctx.knife || rng.Chance(0.03)) {
    a->method = kKnifeSharp;
  } else if (ctx.nte && rng.Chance(0.35)) {
    a->method = kBottleGlass;
  } else {
    double u = rng.Uniform();
    a->method = u < 0.72 ? kBodyPart : u < 0.87 ? kBlunt : u < 0.92 ? kBottleGlass : kOtherMethod;
  }
  if (a->method == kOtherMethod)
    a->method_other = kOtherMethods[rng.Below(std::size(kOtherMethods))];
  if (ctx.domestic) {
    a->location = kHome;
  } else if (ctx.nte) {
    a->location = rng.Chance(0.6) ? kLicensed : kPublic;
  } else {
    double u = rng.Uniform();
    a->location = u < 0.55   ? kPublic
                  : u < 0.75 ? kHome
                  : u < 0.82 ? kLicensed
                  : u < 0.90 ? kWork
                  : u < 0.94 ? kEducation
                             : kOtherLocation;
  }
  switch (a->location) {
    case kPublic: {
      std::string_view label = geo.labels[geo.points[point].label];
      a->description = std::string(label.substr(sizeof("On or near ") - 1));
      break;
    }
    case kHome:
      a->description = rng.Chance(0.8) ? "Own home" : "Friend's house";
      break;
    case kLicensed:
      a->description = kVenues[rng.Below(std::size(kVenues))];
      break;
    case kWork:
      a->description = "At work";
      break;
    case kEducation:
      a->description = rng.Chance(0.6) ? "School grounds" : "College";
      break;
    default:
      a->description = kOtherPlaces[rng.Below(std::size(kOtherPlaces))];
  }
}

void LinkedAttendances(Rng& rng, const CrimeSampler& sampler, int64_t target,
                       const std::vector<Crime>& crimes, PartnerData* out) {
  const Geography& geo = sampler.geo();
  const int64_t end = sampler.calendar().EndDay() * 1440;
  auto weight = [](int offence) {
    std::string_view code = Offences()[offence].code;
    if (code == "8N") return 1.0;
    if (code == "5D" || code == "2") return 3.0;
    if (code == "34B") return 0.5;
    if (code == "105A") return 0.06;
    return 0.0;
  };
  double total = 0;
  for (const Crime& c : crimes)
    if (c.victim >= 0) total += weight(c.offence);
  if (total <= 0) return;
  for (size_t i = 0; i < crimes.size(); ++i) {
    const Crime& c = crimes[i];
    if (c.victim < 0) continue;
    double w = weight(c.offence);
    if (w <= 0 || !rng.Chance(std::min(1.0, static_cast<double>(target) * w / total))) continue;
    EdAttendance a;
    a.assault = c.from + rng.Between(-45, 45);
    a.arrival = a.assault + rng.Between(20, 240);
    if (a.arrival >= end) continue;
    a.person = c.victim;
    a.crime = static_cast<int32_t>(i);
    EdContext ctx{(c.markers & kKnife) != 0, (c.markers & kFirearm) != 0, (c.markers & kNte) != 0,
                  (c.markers & kDa) != 0};
    ChooseMethodAndPlace(rng, geo, ctx, c.point, &a);
    out->ed.push_back(std::move(a));
  }
}

void UnlinkedAttendances(Rng& rng, const CrimeSampler& sampler, int64_t count, Population* pop,
                         PartnerData* out) {
  static constexpr int kAges[][3] = {{10, 15, 4},  {16, 24, 30}, {25, 34, 28},
                                     {35, 44, 18}, {45, 59, 15}, {60, 85, 5}};
  const Geography& geo = sampler.geo();
  const Calendar& cal = sampler.calendar();
  const Discrete& centre = geo.place[static_cast<int>(Place::kCentre)];
  const Discrete& resid = geo.place[static_cast<int>(Place::kResidential)];
  for (int64_t i = 0; i < count; ++i) {
    int32_t month = cal.first_month() + static_cast<int32_t>(rng.Below(cal.months()));
    bool nte = rng.Chance(0.25);
    EdAttendance a;
    a.assault = nte ? cal.SampleNightTimeEconomy(rng, month)
                    : cal.SampleTime(rng, month, TimeProfile::kViolence);
    a.arrival = a.assault + rng.Between(20, 300);
    if (a.arrival >= cal.EndDay() * 1440) a.arrival = a.assault + 1;
    int band = 0;
    for (double u = rng.Uniform() * 100; band < 5 && u >= kAges[band][2]; ++band)
      u -= kAges[band][2];
    int age = rng.Between(kAges[band][0], kAges[band][1]);
    int lsoa = resid.Sample(rng);
    Person p;
    p.sex = rng.Chance(0.68) ? PersonSex::kMale : PersonSex::kFemale;
    p.surname = pop->names.SampleSurname(rng);
    p.forename = pop->names.SampleForename(rng, p.sex);
    p.dob = static_cast<int32_t>(a.assault / 1440 - static_cast<int64_t>(age * 365.2425) -
                                 rng.Between(0, 364));
    p.lsoa = static_cast<int16_t>(lsoa);
    p.postcode_unit = static_cast<uint16_t>(rng.Below(400));
    pop->persons.push_back(p);
    a.person = static_cast<int32_t>(pop->persons.size() - 1);
    int place_lsoa = nte ? centre.Sample(rng) : lsoa;
    const Lsoa& place = geo.lsoas[place_lsoa];
    uint32_t point = place.first_point + rng.Below(place.num_points);
    EdContext ctx{false, false, nte, !nte && rng.Chance(0.18)};
    ChooseMethodAndPlace(rng, geo, ctx, point, &a);
    out->ed.push_back(std::move(a));
  }
}

void FinishAttendances(const Geography& geo, Population* pop, PartnerData* out) {
  std::stable_sort(
      out->ed.begin(), out->ed.end(),
      [](const EdAttendance& a, const EdAttendance& b) { return a.arrival < b.arrival; });
  uint32_t nhs_serial = 0;
  for (EdAttendance& a : out->ed) {
    Person& p = pop->persons[a.person];
    if (!p.nhs) p.nhs = IssueNhsNumber(&nhs_serial);
    int district = p.lsoa >= 0 ? geo.lsoas[p.lsoa].district : 0;
    a.site = static_cast<uint8_t>(district % std::size(kSites));
  }
}

struct Candidate {
  int32_t person;
  int64_t day;
};

// Who could be referred to each programme, in crime order.
std::array<std::vector<Candidate>, kProgrammeCount> ReferralCandidates(
    const std::vector<Crime>& crimes, const Population& pop) {
  std::array<std::vector<Candidate>, kProgrammeCount> out;
  for (const Crime& c : crimes) {
    const Offence& o = Offences()[c.offence];
    int64_t day = c.from / 1440;
    auto age = [&](int person) { return AgeAt(pop.persons[person], day); };
    bool personal = o.family == Family::kViolence || o.family == Family::kSexual ||
                    o.family == Family::kRobbery || (c.markers & kDa);
    if (c.victim >= 0 && personal) out[kVictimServices].push_back({c.victim, day});
    bool exploited = c.markers & (kCse | kCce | kCountyLines);
    if (exploited) {
      if (c.victim >= 0 && age(c.victim) <= 17) out[k1Clic].push_back({c.victim, day});
      if (c.suspect >= 0 && age(c.suspect) <= 17) out[k1Clic].push_back({c.suspect, day});
    }
    if (c.suspect < 0) continue;
    int suspect_age = age(c.suspect);
    if (o.family == Family::kDrugs || (c.markers & (kAlcohol | kDrugs)))
      if (suspect_age >= 16) out[kTreatment].push_back({c.suspect, day});
    if ((c.markers & kDa) && suspect_age >= 18) out[kDapp].push_back({c.suspect, day});
    if (suspect_age >= 10 && suspect_age <= 17 && !(c.markers & kCce))
      out[kTurnaround].push_back({c.suspect, day});
  }
  return out;
}

void AddReferral(Rng& rng, uint8_t programme, const Candidate& cand, int64_t end_day,
                 PartnerData* out) {
  Referral r;
  r.person = cand.person;
  r.programme = programme;
  r.referred = cand.day + rng.Between(1, 45);
  if (r.referred >= end_day) return;
  double u = rng.Uniform();
  if (u < 0.12) {
    r.outcome = kDeclined;
    out->referrals.push_back(r);
    return;
  }
  r.started = std::min(end_day - 1, r.referred + rng.Between(2, 28));
  int length = rng.Between(kProgrammeDays[programme][0], kProgrammeDays[programme][1]);
  bool disengaged = u < 0.34;
  int64_t ended = r.started + (disengaged ? rng.Between(7, std::max(8, length / 2)) : length);
  if (ended >= end_day) {
    r.outcome = kOngoing;
  } else {
    r.outcome = disengaged ? kDisengaged : kCompleted;
    r.ended = ended;
  }
  out->referrals.push_back(r);
}

// The chance q that one qualifying crime leads to a referral, such that about `target` of the
// people with candidate crimes are referred: sum over people of 1 - (1 - q)^crimes = target.
double ReferralChance(const std::vector<Candidate>& list, size_t people, int64_t target) {
  std::vector<int> crimes(people, 0);
  for (const Candidate& c : list) ++crimes[c.person];
  auto expected = [&](double q) {
    double sum = 0;
    for (int k : crimes)
      if (k > 0) sum += 1 - std::pow(1 - q, k);
    return sum;
  };
  if (expected(1) <= static_cast<double>(target)) return 1;
  double lo = 0, hi = 1;
  for (int i = 0; i < 50; ++i) {
    const double mid = (lo + hi) / 2;
    (expected(mid) < static_cast<double>(target) ? lo : hi) = mid;
  }
  return hi;
}

// Each qualifying crime, in time order, leads to a referral with the same chance, at most once per
// person: who is referred, and when, depends only on what they had done by then (people with
// more crimes so far have had more chances), never on what they go on to do, so a comparison of
// participants with similar non-participants (`cairn evaluate`) is fair.
void MakeReferrals(Rng& rng, const CrimeSampler& sampler, double scale,
                   const std::vector<Crime>& crimes, const Population& pop, PartnerData* out) {
  const Calendar& cal = sampler.calendar();
  auto candidates = ReferralCandidates(crimes, pop);
  for (int p = 0; p < kProgrammeCount; ++p) {
    auto& list = candidates[p];
    std::stable_sort(list.begin(), list.end(),
                     [](const Candidate& a, const Candidate& b) { return a.day < b.day; });
    int64_t target = rng.Poisson(kReferralsPerYear[p] * cal.months() / 12.0 * scale);
    // Turnaround takes at most 30% of qualifying crimes, so that young suspects who were not
    // referred remain to be compared with those who were.
    const double chance =
        std::min(p == kTurnaround ? 0.3 : 1.0, ReferralChance(list, pop.persons.size(), target));
    std::vector<bool> referred(pop.persons.size(), false);
    for (const Candidate& c : list) {
      if (referred[c.person] || !rng.Chance(chance)) continue;
      referred[c.person] = true;
      AddReferral(rng, static_cast<uint8_t>(p), c, cal.EndDay(), out);
    }
  }
  std::stable_sort(out->referrals.begin(), out->referrals.end(),
                   [](const Referral& a, const Referral& b) { return a.referred < b.referred; });
}

// A new person of the same sex, about the same age and the same home area as `person`, who is
// never seen again: who commits a crime a programme prevented.
int32_t SomeoneElseLike(Rng& rng, int32_t person, Population* pop) {
  const Person& was = pop->persons[person];
  Person p;
  p.sex = was.sex;
  p.surname = pop->names.SampleSurname(rng);
  p.forename = pop->names.SampleForename(
      rng, p.sex == PersonSex::kFemale ? PersonSex::kFemale : PersonSex::kMale);
  p.dob = static_cast<int32_t>(was.dob + rng.Between(-200, 200));
  p.lsoa = was.lsoa;
  p.postcode_unit = static_cast<uint16_t>(rng.Below(400));
  pop->persons.push_back(p);
  return static_cast<int32_t>(pop->persons.size() - 1);
}

// The planted effect `cairn evaluate Turnaround` should find: a young person who starts Turnaround
// commits fewer crimes for two years. Each crime they are the suspect of in that time is, with
// chance kTurnaroundPrevented, committed instead by someone else of the same age and home area
// who is never seen again, so the county's crimes, outcomes and involvements keep their number.
constexpr double kTurnaroundPrevented = 0.9;
constexpr int kTurnaroundEffectDays = 730;

void PlantTurnaroundEffect(Rng& rng, const PartnerData& partners, Population* pop,
                           std::vector<Crime>* crimes) {
  std::vector<int64_t> started(pop->persons.size(), -1);
  for (const Referral& r : partners.referrals)
    if (r.programme == kTurnaround && r.started >= 0) started[r.person] = r.started;
  for (Crime& c : *crimes) {
    if (c.suspect < 0 || started[c.suspect] < 0) continue;
    const int64_t day = c.from / 1440;
    if (day <= started[c.suspect] || day > started[c.suspect] + kTurnaroundEffectDays) continue;
    if (!rng.Chance(kTurnaroundPrevented)) continue;
    c.suspect = SomeoneElseLike(rng, c.suspect, pop);
  }
}

void MakeJusticeOutcomes(Rng& rng, const CrimeSampler& sampler, const std::vector<Crime>& crimes,
                         Population* pop, PartnerData* out) {
  const int64_t end = sampler.calendar().EndDay();
  for (const Crime& c : crimes) {
    if (c.suspect < 0) continue;
    int64_t day = c.from / 1440;
    if (c.outcome == Outcome::kCharged) {
      int64_t charged = day + rng.Between(0, 60);
      if (charged >= end) continue;
      GivePnc(rng, &pop->persons[c.suspect], charged);
      out->outcomes.push_back({c.suspect, charged, 0, c.offence});
      int64_t convicted = charged + rng.Between(40, 320);
      if (convicted < end && rng.Chance(0.7))
        out->outcomes.push_back({c.suspect, convicted, 2, c.offence});
    } else if (c.outcome == Outcome::kCaution) {
      int64_t cautioned = day + rng.Between(1, 45);
      if (cautioned >= end) continue;
      GivePnc(rng, &pop->persons[c.suspect], cautioned);
      out->outcomes.push_back({c.suspect, cautioned, 1, c.offence});
    }
  }
  std::stable_sort(out->outcomes.begin(), out->outcomes.end(),
                   [](const JusticeOutcome& a, const JusticeOutcome& b) { return a.day < b.day; });
}

}  // namespace

constexpr double kMatacTakenOn = 0.5;

std::vector<Referral> MakeMatacReferrals(Rng& rng, const CrimeSampler& sampler,
                                         const std::vector<Crime>& crimes, const Population& pop,
                                         const std::vector<int32_t>& serial_perpetrators) {
  const int64_t end = sampler.calendar().EndDay();
  // A serial perpetrator is referred after an incident against a second victim once they have at
  // least four incidents (when MATAC's scoring would rank them), within weeks (the monthly
  // meeting); the meeting has room for half of them (the others, who go on as before, are who
  // `cairn evaluate MATAC` compares them with).
  std::vector<uint8_t> serial(pop.persons.size(), 0);
  for (int32_t person : serial_perpetrators) serial[person] = 1;
  std::vector<std::vector<const Crime*>> incidents(pop.persons.size());
  for (const Crime& c : crimes)
    if ((c.markers & kDa) && c.suspect >= 0 && serial[c.suspect] && c.victim >= 0)
      incidents[c.suspect].push_back(&c);
  std::vector<Referral> out;
  for (int32_t person : serial_perpetrators) {
    std::vector<int32_t> victims;
    for (size_t i = 0; i < incidents[person].size(); ++i) {
      const Crime& c = *incidents[person][i];
      if (std::find(victims.begin(), victims.end(), c.victim) == victims.end())
        victims.push_back(c.victim);
      if (victims.size() < 2 || i + 1 < 4) continue;
      if (!rng.Chance(kMatacTakenOn)) break;
      Referral r;
      r.person = person;
      r.programme = kMatac;
      r.referred = c.from / 1440 + rng.Between(7, 35);
      if (r.referred >= end) break;
      r.started = std::min(end - 1, r.referred + rng.Between(0, 14));
      const int64_t ended = r.started + rng.Between(180, 365);
      r.outcome = ended >= end ? kOngoing : rng.Chance(0.8) ? kCompleted : kDisengaged;
      if (ended < end) r.ended = ended;
      out.push_back(r);
      break;
    }
  }
  return out;
}

void PlantMatacEffect(Rng& rng, const std::vector<Referral>& matac, Population* pop,
                      std::vector<Crime>* crimes) {
  // From their start: the share of their domestic abuse crimes that someone else commits instead.
  std::vector<double> prevented(pop->persons.size(), 0);
  std::vector<int64_t> started(pop->persons.size(), -1);
  for (const Referral& r : matac) {
    if (r.started < 0) continue;
    started[r.person] = r.started;
    prevented[r.person] = rng.Chance(kMatacDesisted) ? 1.0 : kMatacFewer;
  }
  for (Crime& c : *crimes) {
    if (!(c.markers & kDa) || c.suspect < 0 || started[c.suspect] < 0) continue;
    if (c.from / 1440 <= started[c.suspect] || !rng.Chance(prevented[c.suspect])) continue;
    c.suspect = SomeoneElseLike(rng, c.suspect, pop);
  }
}

void MakeDrugTests(Rng& rng, const CrimeSampler& sampler, const std::vector<Crime>& crimes,
                   const Population& pop, PartnerData* out) {
  const int64_t end = sampler.calendar().EndDay();
  // 18-25-year-olds arrested in domestic abuse cases are tested in custody (most of them: some are
  // not arrested, some refuse); two in five test positive, and three in four of those accept a
  // referral to support, which starts within three weeks.
  for (const Crime& c : crimes) {
    if (!(c.markers & kDa) || c.suspect < 0) continue;
    const int64_t day = c.from / 1440 + rng.Between(0, 2);
    const int age = AgeAt(pop.persons[c.suspect], c.from / 1440);
    if (age < 18 || age > 25 || day >= end || !rng.Chance(0.6)) continue;
    Referral r;
    r.person = c.suspect;
    r.programme = kDrugTesting;
    r.referred = day;
    if (!rng.Chance(0.4)) {
      r.outcome = kTestNegative;
    } else if (rng.Chance(0.75)) {
      r.outcome = kTestReferred;
      r.started = std::min(end - 1, day + rng.Between(1, 21));
    } else {
      r.outcome = kTestDeclined;
    }
    out->referrals.push_back(r);
  }
}

void SortReferrals(PartnerData* out) {
  std::stable_sort(out->referrals.begin(), out->referrals.end(),
                   [](const Referral& a, const Referral& b) { return a.referred < b.referred; });
}

std::span<const char* const> EdMethods() { return kEdMethods; }
std::span<const char* const> EdSites() { return kSites; }
std::span<const char* const> EdLocationTypes() { return kEdLocations; }
std::span<const char* const> Programmes() { return kProgrammes; }
std::span<const char* const> ProgrammeAgencies() { return kAgencies; }
std::span<const char* const> ReferralOutcomes() { return kReferralOutcomes; }
std::span<const char* const> JusticeOutcomeTypes() { return kJusticeTypes; }

PartnerData MakePartnerData(Rng& rng, const CrimeSampler& sampler, double scale,
                            std::vector<Crime>& crimes, Population* pop) {
  PartnerData out;
  const double years = sampler.calendar().months() / 12.0;
  int64_t ed_total = rng.Poisson(kEdPerYear * years * scale);
  int64_t linked_target = std::llround(static_cast<double>(ed_total) * kEdLinkedShare);
  LinkedAttendances(rng, sampler, linked_target, crimes, &out);
  int64_t unlinked = std::max<int64_t>(0, ed_total - static_cast<int64_t>(out.ed.size()));
  UnlinkedAttendances(rng, sampler, unlinked, pop, &out);
  FinishAttendances(sampler.geo(), pop, &out);
  MakeReferrals(rng, sampler, scale, crimes, *pop, &out);
  PlantTurnaroundEffect(rng, out, pop, &crimes);
  return out;
}

void AddJusticeOutcomes(Rng& rng, const CrimeSampler& sampler, const std::vector<Crime>& crimes,
                        Population* pop, PartnerData* out) {
  MakeJusticeOutcomes(rng, sampler, crimes, pop, out);
}

}  // namespace cairn::synth
