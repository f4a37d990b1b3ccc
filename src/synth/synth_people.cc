// The people of the synthetic county. Every name is built from invented syllables (surnames such as
// "Thornsett" or "Kellgill", forenames such as "Brywen" or "Dagric"), so no row describes a real
// person. People are attached to crimes in time order:
//  - domestic abuse happens within couples (and a few parent/adult-child pairs) living in the
//  crime's
//    LSOA; a third of DA crimes repeat an earlier couple, so repeat victimisation is common;
//  - other victims and suspects are new people living nearby, or earlier people of the same
//  district
//    chosen in proportion to how often they appeared recently (preferential attachment over a
//    sliding window, so people desist, capped at 15 victimisations and 50 offences), which gives
//    the Pareto-like "few people, many crimes" shape of real repeat victims and offenders;
// and three kinds of scripted history are added on top:
//  - serial domestic-abuse perpetrators (about 40 at scale 1): 2-4 partners in turn, incidents
//  coming
//    faster and more serious over time (harassment and criminal damage, then assault, coercive
//    control and threats to kill, then GBH and rape);
//  - young people on the cusp of offending (about 60): from age 11-15, two to four minor offences
//    (shoplifting, criminal damage, public order, theft), then violence or carrying a knife;
//  - county lines (about 5): out-of-area line holders and local children (14-17, child criminal
//    exploitation) dealing, carrying knives and fighting in a town centre; and for each line one
//    or two cuckooed premises (the last line's taken in the final months, so still held at the
//    end): the home of a vulnerable adult the line took over, where three to
//    six county-lines crimes are recorded with the premises' address and the tenant as
//    "vulnerable" (or as the victim of an assault or damage there). A few other county-lines crimes
//    record an address seen once, which no list of repeated premises should show.

#include <algorithm>
#include <cmath>

#include "synth/synth_internal.h"
#include "util/dates.h"

namespace cairn::synth {
namespace {

constexpr const char* kSurnameStarts[] = {
    "Ash",   "Birk",  "Brack", "Cald",  "Crag", "Dal",  "Eld",    "Fen",   "Garth", "Gill",
    "Hale",  "Holm",  "Ingle", "Kirk",  "Lang", "Mire", "Nettle", "Orm",   "Pike",  "Ryl",
    "Scar",  "Sedge", "Thorn", "Ulver", "Wath", "Yew",  "Heath",  "Moss",  "Raven", "Tarn",
    "Brock", "Cope",  "Dunn",  "Fair",  "Gorm", "Harl", "Kell",   "Lowth", "Marr",  "Pell"};
constexpr const char* kSurnameEnds[] = {"by",  "thwaite", "wick", "dale", "holme", "ridge", "sett",
                                        "ley", "worth",   "gill", "well", "more",  "stead", "ham",
                                        "ton", "field",   "er",   "son",  "ing",   "shaw"};
constexpr const char* kFemaleStarts[] = {"Ael",  "Bry", "Cat", "Del", "Ely", "Fen", "Gwy", "Hes",
                                         "Isl",  "Jor", "Kel", "Lun", "Mae", "Nym", "Ost", "Per",
                                         "Quen", "Ros", "Sel", "Tam", "Ulv", "Ves", "Wyn", "Yse"};
constexpr const char* kFemaleEnds[] = {"a",  "ina", "wen", "ara",  "ette",
                                       "ie", "ys",  "ora", "elle", "iss"};
constexpr const char* kMaleStarts[] = {"Ald", "Bran", "Cor", "Dag", "Edr", "Fal", "Gar", "Hal",
                                       "Ivo", "Jor",  "Kel", "Lor", "Mor", "Ned", "Osw", "Per",
                                       "Rad", "Sten", "Tor", "Ulf", "Val", "Wil", "Yor", "Zan"};
constexpr const char* kMaleEnds[] = {"", "an", "ric", "ek", "ard", "en", "on", "as", "ulf", "in"};
constexpr char kUnitLetters[] = "ABDEFGHJLNPQRSTUWXYZ";
constexpr char kPncCheck[] = "ZABCDEFGHJKLMNPQRTUVWXY";

struct AgeBand {
  int lo, hi;
  double weight;
};
using AgeProfile = std::span<const AgeBand>;

constexpr AgeBand kVictimAges[] = {{10, 15, 4},  {16, 17, 4},  {18, 24, 18},
                                   {25, 34, 24}, {35, 44, 20}, {45, 54, 14},
                                   {55, 64, 9},  {65, 79, 5},  {80, 92, 1}};
constexpr AgeBand kPropertyVictimAges[] = {{18, 24, 6},  {25, 34, 16}, {35, 44, 18}, {45, 54, 18},
                                           {55, 64, 16}, {65, 79, 14}, {80, 95, 4}};
constexpr AgeBand kChildVictimAges[] = {{13, 15, 5}, {16, 17, 5}};
constexpr AgeBand kSuspectAges[] = {{10, 13, 2},  {14, 17, 9},  {18, 24, 24}, {25, 34, 28},
                                    {35, 44, 19}, {45, 54, 11}, {55, 64, 5},  {65, 80, 2}};
constexpr AgeBand kShoplifterAges[] = {{12, 17, 8},  {18, 24, 14}, {25, 34, 26},
                                       {35, 44, 26}, {45, 54, 16}, {55, 70, 10}};
constexpr AgeBand kDaVictimAges[] = {{16, 17, 2},  {18, 24, 20}, {25, 34, 30}, {35, 44, 24},
                                     {45, 54, 14}, {55, 64, 7},  {65, 85, 3}};

int SampleAge(Rng& rng, AgeProfile profile) {
  double total = 0;
  for (const AgeBand& b : profile) total += b.weight;
  double u = rng.Uniform() * total;
  for (const AgeBand& b : profile) {
    if (u < b.weight) return rng.Between(b.lo, b.hi);
    u -= b.weight;
  }
  return profile.back().hi;
}

int Idx(const char* code) { return OffenceIndex(code); }

// People and their appearances, with the preferential-attachment pools.
class Cast {
 public:
  Cast(Rng& rng, const CrimeSampler& sampler, double scale, Population* pop)
      : rng_(rng),
        sampler_(sampler),
        geo_(sampler.geo()),
        pop_(pop),
        window_(std::max<size_t>(300, static_cast<size_t>(2500 * scale))),
        couple_window_(std::max<size_t>(100, static_cast<size_t>(800 * scale))) {
    size_t districts = geo_.districts.size();
    victims_.resize(districts);
    suspects_.resize(districts);
    couples_.resize(districts);
    std::vector<double> w;
    for (size_t i = 0; i < pop_->names.surnames(); ++i) w.push_back(1.0 / (i % 97 + 6.0));
    surname_weights_ = Discrete(w);
  }

  int NewPerson(PersonSex sex, int age, int64_t on_day, int lsoa) {
    Person p;
    p.sex = sex;
    p.surname = static_cast<uint16_t>(surname_weights_.Sample(rng_));
    p.forename = pop_->names.SampleForename(
        rng_, sex == PersonSex::kFemale ? PersonSex::kFemale : PersonSex::kMale);
    p.dob =
        static_cast<int32_t>(on_day - static_cast<int64_t>(age * 365.2425) - rng_.Between(0, 364));
    p.lsoa = static_cast<int16_t>(lsoa);
    p.postcode_unit = static_cast<uint16_t>(rng_.Below(400));
    pop_->persons.push_back(p);
    appearances_.push_back(0);
    return static_cast<int>(pop_->persons.size() - 1);
  }

  // An earlier appearance among the district's most recent ones (people desist over time), chosen
  // uniformly, so people who appear often are chosen more often; -1 while the pool is warming up.
  int PickRecent(const std::vector<int>& pool, size_t window) {
    if (pool.size() < kWarmUp) return -1;
    size_t w = std::min(pool.size(), window);
    return pool[pool.size() - w + rng_.Below(static_cast<uint32_t>(w))];
  }
  void Appear(std::vector<int>* pool, int person) {
    pool->push_back(person);
    if (appearances_[person] < 65535) ++appearances_[person];
  }

  void GivePnc(int person, int64_t on_day) { synth::GivePnc(rng_, &pop_->persons[person], on_day); }

  int HomeNear(int lsoa, double same) {
    if (rng_.Chance(same)) return lsoa;
    int d = geo_.lsoas[lsoa].district;
    return geo_.district_lsoas[d][geo_.district_by_population[d].Sample(rng_)];
  }

  int Age(int person, int64_t minutes) { return AgeAt(pop_->persons[person], minutes / 1440); }

  void AssignDomestic(Crime* c);
  void AssignNewCouple(Crime* c);
  void AssignVictim(Crime* c);
  void AssignSuspect(Crime* c);

  Rng& rng_;
  const CrimeSampler& sampler_;
  const Geography& geo_;
  Population* pop_;
  Discrete surname_weights_;
  static constexpr size_t kWarmUp = 50;
  static constexpr int kMaxVictimAppearances = 15, kMaxSuspectAppearances = 50;
  size_t window_, couple_window_;
  std::vector<uint16_t> appearances_;                 // by person
  std::vector<std::vector<int>> victims_, suspects_;  // one entry per appearance, by district
  struct Couple {
    int victim, suspect, lsoa;
  };
  std::vector<Couple> couple_list_;
  std::vector<std::vector<int>> couples_;  // by district
};

void Cast::AssignDomestic(Crime* c) {
  int district = geo_.lsoas[c->lsoa].district;
  auto& pool = couples_[district];
  const bool sexual = Offences()[c->offence].family == Family::kSexual;
  int pick = rng_.Chance(0.35) ? PickRecent(pool, couple_window_) : -1;
  if (pick >= 0) {
    const Couple& cp = couple_list_[pick];
    if (sexual && pop_->persons[cp.victim].sex != PersonSex::kFemale) return AssignNewCouple(c);
    c->victim = cp.victim;
    c->suspect = c->has_suspect ? cp.suspect : -1;
    sampler_.SetLocation(rng_, cp.lsoa, c);
    return;
  }
  AssignNewCouple(c);
}

void Cast::AssignNewCouple(Crime* c) {
  const bool sexual = Offences()[c->offence].family == Family::kSexual;
  auto& pool = couples_[geo_.lsoas[c->lsoa].district];
  int64_t day = c->from / 1440;
  Couple cp{0, 0, c->lsoa};
  if (!sexual && rng_.Chance(0.12)) {  // parent abused by an adult child
    int parent_age = rng_.Between(42, 78);
    cp.victim = NewPerson(rng_.Chance(0.7) ? PersonSex::kFemale : PersonSex::kMale, parent_age, day,
                          c->lsoa);
    cp.suspect = NewPerson(rng_.Chance(0.8) ? PersonSex::kMale : PersonSex::kFemale,
                           std::clamp(parent_age - rng_.Between(20, 35), 16, 50), day, c->lsoa);
    pop_->persons[cp.suspect].surname = pop_->persons[cp.victim].surname;
    pop_->persons[cp.suspect].postcode_unit = pop_->persons[cp.victim].postcode_unit;
  } else {
    bool female_victim = sexual || rng_.Chance(0.78);
    int age = SampleAge(rng_, kDaVictimAges);
    cp.victim = NewPerson(female_victim ? PersonSex::kFemale : PersonSex::kMale, age, day, c->lsoa);
    bool same_sex = !sexual && rng_.Chance(0.08);
    PersonSex other = (female_victim != same_sex) ? PersonSex::kMale : PersonSex::kFemale;
    bool cohabiting = rng_.Chance(0.65);
    cp.suspect = NewPerson(other, std::max(16, age + rng_.Between(-3, 6)), day,
                           cohabiting ? c->lsoa : HomeNear(c->lsoa, 0.0));
    if (cohabiting)
      pop_->persons[cp.suspect].postcode_unit = pop_->persons[cp.victim].postcode_unit;
  }
  if (rng_.Chance(0.5)) GivePnc(cp.suspect, day);
  couple_list_.push_back(cp);
  pool.push_back(static_cast<int>(couple_list_.size() - 1));
  c->victim = cp.victim;
  c->suspect = c->has_suspect ? cp.suspect : -1;
}

void Cast::AssignVictim(Crime* c) {
  const Offence& o = Offences()[c->offence];
  if (o.victim != VictimKind::kPerson) return;
  if (o.family == Family::kOrder && rng_.Chance(0.4)) return;  // no individual victim
  int district = geo_.lsoas[c->lsoa].district;
  int64_t day = c->from / 1440;
  auto& pool = victims_[district];
  bool sexual = o.family == Family::kSexual;
  if (c->markers & kCse) {
    AgeProfile ages = c->offence == Idx("19C") ? AgeProfile(kChildVictimAges).subspan(1)
                                               : AgeProfile(kChildVictimAges);
    c->victim = NewPerson(rng_.Chance(0.9) || sexual ? PersonSex::kFemale : PersonSex::kMale,
                          SampleAge(rng_, ages), day, HomeNear(c->lsoa, 0.5));
    return;
  }
  double repeat = o.family == Family::kProperty ? 0.06 : 0.14;
  int v = rng_.Chance(repeat) ? PickRecent(pool, window_) : -1;
  if (v >= 0 && appearances_[v] < kMaxVictimAppearances && Age(v, c->from) >= 16 &&
      (!sexual || pop_->persons[v].sex == PersonSex::kFemale)) {
    c->victim = v;
    Appear(&pool, v);
    return;
  }
  PersonSex sex;
  if (sexual) {
    sex = PersonSex::kFemale;
  } else if (rng_.Chance(0.003)) {
    sex = PersonSex::kUnknown;
  } else {
    double female = o.family == Family::kViolence ? 0.42 : 0.5;
    sex = rng_.Chance(female) ? PersonSex::kFemale : PersonSex::kMale;
  }
  AgeProfile ages =
      o.family == Family::kProperty ? AgeProfile(kPropertyVictimAges) : AgeProfile(kVictimAges);
  int age = SampleAge(rng_, ages);
  if (sexual) age = std::max(age, c->offence == Idx("19C") ? 18 : 13);
  c->victim = NewPerson(sex, age, day, HomeNear(c->lsoa, 0.6));
  Appear(&pool, c->victim);
}

void Cast::AssignSuspect(Crime* c) {
  if (!c->has_suspect) return;
  const Offence& o = Offences()[c->offence];
  int district = geo_.lsoas[c->lsoa].district;
  int64_t day = c->from / 1440;
  bool child = c->markers & kCce;
  auto& pool = suspects_[district];
  double repeat = o.family == Family::kSexual ? 0.15 : 0.45;
  for (int attempt = 0; attempt < 3 && rng_.Chance(repeat); ++attempt) {
    int s = PickRecent(pool, window_);
    if (s < 0) break;
    int age = Age(s, c->from);
    bool fits = s != c->victim && age >= 10 && (!child || age <= 17) &&
                appearances_[s] < kMaxSuspectAppearances &&
                (o.family != Family::kSexual || pop_->persons[s].sex == PersonSex::kMale);
    if (fits) {
      c->suspect = s;
      Appear(&pool, s);
      return;
    }
  }
  double male = o.family == Family::kSexual     ? 0.98
                : c->offence == Idx("46")       ? 0.6
                : o.family == Family::kViolence ? 0.8
                                                : 0.85;
  int age = child ? rng_.Between(14, 17)
                  : SampleAge(rng_, c->offence == Idx("46") ? AgeProfile(kShoplifterAges)
                                                            : AgeProfile(kSuspectAges));
  c->suspect = NewPerson(rng_.Chance(male) ? PersonSex::kMale : PersonSex::kFemale, age, day,
                         HomeNear(c->lsoa, 0.5));
  if (rng_.Chance(age >= 18 ? 0.55 : 0.15)) GivePnc(c->suspect, day);
  Appear(&pool, c->suspect);
}

// Day offsets that shrink geometrically (escalation), rescaled to fit in `span` days.
std::vector<int64_t> ShrinkingGaps(Rng& rng, int n, double base, double ratio, int64_t span) {
  std::vector<double> at(n, 0.0);
  double t = 0;
  for (int i = 1; i < n; ++i) {
    t += base * std::pow(ratio, i) * (0.6 + 0.8 * rng.Uniform());
    at[i] = t;
  }
  double k = t > span ? span / t : 1.0;
  std::vector<int64_t> out;
  for (double a : at) out.push_back(static_cast<int64_t>(a * k));
  return out;
}

class Scripts {
 public:
  Scripts(Cast* cast, std::vector<Crime>* crimes) : cast_(*cast), crimes_(*crimes) {}

  void SerialDomesticAbuse(int count);
  void YouthsOnCusp(int count);
  void CountyLines(int count);
  // After every line is written (so the lines' own crimes do not depend on it): cuckooed premises.
  int Cuckooing();

  std::vector<int32_t> serial_perpetrators;

 private:
  struct Line {
    int base;
    int64_t start, span;
    std::vector<int> holders, runners;
  };
  std::vector<Line> lines_;
  // "27 Mill Lane, FL3 2AB": a street of the LSOA and the person's postcode (an invented address).
  std::string Address(int lsoa, const Person* p) {
    const Geography& geo = cast_.geo_;
    const Lsoa& l = geo.lsoas[lsoa];
    std::string street =
        geo.labels[geo.points[l.first_point + cast_.rng_.Below(l.num_points)].label];
    if (street.rfind("On or near ", 0) == 0) street = street.substr(11);
    Person where;
    where.lsoa = static_cast<int16_t>(lsoa);
    where.postcode_unit = p ? p->postcode_unit : static_cast<uint16_t>(cast_.rng_.Below(400));
    return std::to_string(cast_.rng_.Between(1, 120)) + " " + street + ", " +
           FormatPostcode(geo, where);
  }
  int32_t AddPremises(std::string address) {
    cast_.pop_->premises.push_back(std::move(address));
    return static_cast<int32_t>(cast_.pop_->premises.size() - 1);
  }

  Crime& Add(int offence, int64_t day, TimeProfile profile, int lsoa, bool domestic, int victim,
             int suspect) {
    const Calendar& cal = cast_.sampler_.calendar();
    int64_t from = cal.SampleTimeOnDay(cast_.rng_, day, profile);
    Crime c = cast_.sampler_.MakeCrime(cast_.rng_, offence, from, lsoa, domestic);
    c.victim = Offences()[offence].victim == VictimKind::kPerson ? victim : -1;
    c.suspect = suspect;
    c.has_suspect = true;
    c.markers &= static_cast<uint16_t>(~(kCse | kCce));
    c.outcome = cast_.sampler_.SampleOutcome(cast_.rng_, c);
    crimes_.push_back(c);
    return crimes_.back();
  }
  int64_t StartDay(double within) {
    const Calendar& cal = cast_.sampler_.calendar();
    return cal.FirstDay() +
           static_cast<int64_t>(cast_.rng_.Uniform() * within *
                                static_cast<double>(cal.EndDay() - cal.FirstDay()));
  }
  int64_t LastDay() { return cast_.sampler_.calendar().EndDay() - 1; }
  int Residential() {
    return cast_.geo_.place[static_cast<int>(Place::kResidential)].Sample(cast_.rng_);
  }
  int Centre() { return cast_.geo_.place[static_cast<int>(Place::kCentre)].Sample(cast_.rng_); }

  Cast& cast_;
  std::vector<Crime>& crimes_;
};

void Scripts::SerialDomesticAbuse(int count) {
  static const int kTiers[3][5] = {
      {Idx("8L"), Idx("8R"), Idx("105A"), Idx("58A"), Idx("8L")},
      {Idx("105A"), Idx("8N"), Idx("8U"), Idx("3B"), Idx("8Q")},
      {Idx("8N"), Idx("5D"), Idx("3B"), Idx("8N"), Idx("19C")},
  };
  Rng& rng = cast_.rng_;
  for (int k = 0; k < count; ++k) {
    int64_t start = StartDay(0.35);
    int age = rng.Between(22, 45);
    int perpetrator = cast_.NewPerson(rng.Chance(0.9) ? PersonSex::kMale : PersonSex::kFemale, age,
                                      start, Residential());
    serial_perpetrators.push_back(perpetrator);
    if (rng.Chance(0.85)) cast_.GivePnc(perpetrator, start);
    int partners = rng.Between(2, 4);
    int incidents = std::max(partners * 2, rng.Between(7, 16));
    auto offsets = ShrinkingGaps(rng, incidents, rng.Between(60, 110), 0.88, LastDay() - start);
    int victim = -1, lsoa = 0, relationship = -1;
    for (int i = 0; i < incidents; ++i) {
      int r = i * partners / incidents;
      int64_t day = start + offsets[i];
      if (r != relationship) {
        relationship = r;
        lsoa = Residential();
        PersonSex sex = cast_.pop_->persons[perpetrator].sex == PersonSex::kMale
                            ? PersonSex::kFemale
                            : PersonSex::kMale;
        victim = cast_.NewPerson(
            sex, std::max(18, cast_.Age(perpetrator, day * 1440) + rng.Between(-8, 3)), day, lsoa);
      }
      double progress = incidents > 1 ? static_cast<double>(i) / (incidents - 1) : 1.0;
      int tier = progress < 0.35 ? 0 : progress < 0.7 ? 1 : 2;
      int offence = kTiers[tier][rng.Below(5)];
      if (i == incidents - 1 && rng.Chance(0.08)) offence = Idx("2");
      if (offence == Idx("19C") && cast_.pop_->persons[victim].sex != PersonSex::kFemale)
        offence = Idx("5D");
      Crime& c = Add(offence, day, TimeProfile::kDomestic, lsoa, true, victim, perpetrator);
      if (rng.Chance(0.4)) c.markers |= kChildren;
    }
  }
}

void Scripts::YouthsOnCusp(int count) {
  static const int kMinor[] = {Idx("46"), Idx("58D"), Idx("9A"), Idx("49"), Idx("44"), Idx("58C")};
  static const int kViolent[] = {Idx("105A"), Idx("8N"), Idx("34B"), Idx("10D"), Idx("8N")};
  Rng& rng = cast_.rng_;
  for (int k = 0; k < count; ++k) {
    int64_t day = StartDay(0.6);
    int home = Residential();
    int youth = cast_.NewPerson(rng.Chance(0.75) ? PersonSex::kMale : PersonSex::kFemale,
                                rng.Between(11, 15), day, home);
    int minor = rng.Between(2, 4);
    for (int i = 0; i <= minor && day <= LastDay(); ++i) {
      bool violent = i == minor;
      int offence = violent ? kViolent[rng.Below(5)] : kMinor[rng.Below(6)];
      int lsoa = rng.Chance(0.5) ? home : Centre();
      int victim = -1;
      if (Offences()[offence].victim == VictimKind::kPerson) {
        bool young_victim = violent && rng.Chance(0.5);
        victim = cast_.NewPerson(rng.Chance(0.6) ? PersonSex::kMale : PersonSex::kFemale,
                                 young_victim ? rng.Between(12, 17) : SampleAge(rng, kVictimAges),
                                 day, cast_.HomeNear(lsoa, 0.5));
      }
      Crime& c = Add(offence, day, violent ? TimeProfile::kViolence : TimeProfile::kAsb, lsoa,
                     false, victim, youth);
      if (violent && offence != Idx("10D") && rng.Chance(0.3)) c.markers |= kKnife;
      day += rng.Between(20, 110);
    }
  }
}

void Scripts::CountyLines(int count) {
  static const int kOffencesOfLine[] = {Idx("92A"), Idx("92A"), Idx("92A"), Idx("10D"),
                                        Idx("8N"),  Idx("92D"), Idx("92A"), Idx("10D")};
  Rng& rng = cast_.rng_;
  for (int k = 0; k < count; ++k) {
    int64_t start = StartDay(0.6);
    int base = Centre();
    std::vector<int> holders, runners;
    for (int h = 0; h < 2; ++h) {
      holders.push_back(cast_.NewPerson(PersonSex::kMale, rng.Between(19, 30), start, -1));
      if (rng.Chance(0.9)) cast_.GivePnc(holders.back(), start);
    }
    int runner_count = rng.Between(2, 4);
    for (int r = 0; r < runner_count; ++r)
      runners.push_back(cast_.NewPerson(rng.Chance(0.85) ? PersonSex::kMale : PersonSex::kFemale,
                                        rng.Between(14, 16), start, cast_.HomeNear(base, 0.3)));
    int crimes = rng.Between(6, 16);
    int64_t span = std::min<int64_t>(rng.Between(180, 540), LastDay() - start);
    for (int i = 0; i < crimes; ++i) {
      int64_t day = start + static_cast<int64_t>(rng.Uniform() * static_cast<double>(span));
      int offence = kOffencesOfLine[rng.Below(8)];
      bool by_runner = rng.Chance(0.55);
      int suspect = by_runner ? runners[rng.Below(static_cast<uint32_t>(runners.size()))]
                              : holders[rng.Below(2)];
      int victim = -1;
      if (offence == Idx("8N")) {
        int runner = runners[rng.Below(static_cast<uint32_t>(runners.size()))];
        victim = runner != suspect && rng.Chance(0.5)
                     ? runner
                     : cast_.NewPerson(PersonSex::kMale, rng.Between(16, 40), day,
                                       cast_.HomeNear(base, 0.5));
      }
      Crime& c = Add(offence, day, TimeProfile::kSpread, rng.Chance(0.7) ? base : Centre(), false,
                     victim, suspect);
      c.markers |= kCountyLines | kDrugs;
      if (by_runner && cast_.Age(suspect, c.from) <= 17) c.markers |= kCce;
    }
    lines_.push_back({base, start, span, holders, runners});
  }
}

int Scripts::Cuckooing() {
  static const int kAtPremises[] = {Idx("92A"), Idx("92A"), Idx("92D"), Idx("10D"),
                                    Idx("8N"),  Idx("58A"), Idx("92A"), Idx("5D")};
  Rng& rng = cast_.rng_;
  int premises_count = 0;
  for (const Line& line : lines_) {
    // The last line still holds a home when the extract is taken (taken in its final months), so
    // a list of the latest 12 months has cuckooed premises, as a real county's would.
    const bool latest = &line == &lines_.back();
    const int homes = rng.Between(1, 2);
    for (int h = 0; h < homes; ++h) {
      const int64_t taken = latest ? std::max(line.start, LastDay() - rng.Between(60, 150))
                                   : line.start + rng.Between(0, static_cast<int>(line.span / 2));
      if (taken > LastDay()) continue;
      const int lsoa = cast_.HomeNear(line.base, 0.6);
      const int tenant = cast_.NewPerson(rng.Chance(0.6) ? PersonSex::kMale : PersonSex::kFemale,
                                         rng.Between(35, 68), taken, lsoa);
      const int32_t premises = AddPremises(Address(lsoa, &cast_.pop_->persons[tenant]));
      ++premises_count;
      const int events = rng.Between(3, 6);
      for (int i = 0; i < events; ++i) {
        const int64_t day = std::min(LastDay(), taken + rng.Between(0, 120));
        const int offence = kAtPremises[rng.Below(8)];
        // The line's adult holders run the premises (so the young people's offending, which
        // `cairn evaluate Turnaround` compares, is as before cuckooing was added).
        const int suspect = line.holders[rng.Below(2)];
        // Assaulted or their home damaged: the tenant is the victim; otherwise vulnerable.
        const bool against_tenant = Offences()[offence].victim == VictimKind::kPerson;
        Crime& c = Add(offence, day, TimeProfile::kSpread, lsoa, false,
                       against_tenant ? tenant : -1, suspect);
        c.markers |= kCountyLines | kDrugs;
        if (!against_tenant) c.vulnerable = tenant;
        c.premises = premises;
      }
    }
    // An address seen once (a stairwell, a car park by a house): not a repeated premises.
    const int64_t day = std::min(LastDay(), line.start + rng.Between(0, 200));
    const int lsoa = Centre();
    Crime& once = Add(Idx("92A"), day, TimeProfile::kSpread, lsoa, false, -1, line.holders[0]);
    once.markers |= kCountyLines | kDrugs;
    once.premises = AddPremises(Address(lsoa, nullptr));
  }
  return premises_count;
}

void SortByTime(std::vector<Crime>* crimes) {
  std::stable_sort(crimes->begin(), crimes->end(), [](const Crime& a, const Crime& b) {
    return a.from != b.from ? a.from < b.from : a.id_hash < b.id_hash;
  });
}

int Scaled(double per_scale_1, double scale, int minimum) {
  return std::max(minimum, static_cast<int>(std::lround(per_scale_1 * scale)));
}

}  // namespace

void MergeByTime(std::vector<Crime>* crimes, const std::vector<Crime>& more) {
  crimes->insert(crimes->end(), more.begin(), more.end());
  SortByTime(crimes);
}

NameBook::NameBook() {
  for (const char* a : kSurnameStarts)
    for (const char* b : kSurnameEnds) surnames_.push_back(std::string(a) + b);
  for (const char* a : kFemaleStarts)
    for (const char* b : kFemaleEnds) female_.push_back(std::string(a) + b);
  for (const char* a : kMaleStarts)
    for (const char* b : kMaleEnds) male_.push_back(std::string(a) + b);
}

const std::string& NameBook::Forename(uint16_t i, PersonSex sex) const {
  return sex == PersonSex::kFemale ? female_[i] : male_[i];
}

uint16_t NameBook::SampleSurname(Rng& rng) const {
  return static_cast<uint16_t>(rng.Below(static_cast<uint32_t>(surnames_.size())));
}

uint16_t NameBook::SampleForename(Rng& rng, PersonSex sex) const {
  const auto& list = sex == PersonSex::kFemale ? female_ : male_;
  return static_cast<uint16_t>(rng.Below(static_cast<uint32_t>(list.size())));
}

std::vector<std::string> NameBook::AllForenames() const {
  std::vector<std::string> all = female_;
  all.insert(all.end(), male_.begin(), male_.end());
  return all;
}

void GivePnc(Rng& rng, Person* p, int64_t on_day) {
  if (p->pnc) return;
  int y, m, d, by, bm, bd;
  CivilFromDays(on_day, &y, &m, &d);
  CivilFromDays(p->dob, &by, &bm, &bd);
  int first = std::max(1995, by + 12);
  int year = first >= y ? y : rng.Between(first, y);
  p->pnc = static_cast<int64_t>(year) * 10000000 + rng.Between(1, 9999999);
}

int AgeAt(const Person& p, int64_t day) {
  int by, bm, bd, y, m, d;
  CivilFromDays(p.dob, &by, &bm, &bd);
  CivilFromDays(day, &y, &m, &d);
  int age = y - by;
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}

std::string FormatPostcode(const Geography& geo, const Person& p) {
  std::string out;
  int district, sector;
  if (p.lsoa >= 0) {
    const Lsoa& l = geo.lsoas[p.lsoa];
    out = geo.postcode_area;
    district = l.postcode_district;
    sector = l.postcode_sector;
  } else {
    out = "ZB";
    district = 1 + p.postcode_unit % 9;
    sector = p.postcode_unit % 10;
  }
  out += std::to_string(district);
  out += ' ';
  out += static_cast<char>('0' + sector % 10);
  out += kUnitLetters[p.postcode_unit / 20 % 20];
  out += kUnitLetters[p.postcode_unit % 20];
  return out;
}

std::string FormatPnc(int64_t pnc) {
  int64_t year = pnc / 10000000, serial = pnc % 10000000;
  char buf[24];
  int check = static_cast<int>(((year % 100) * 10000000 + serial) % 23);
  std::snprintf(buf, sizeof buf, "%04d/%07d%c", static_cast<int>(year), static_cast<int>(serial),
                kPncCheck[check]);
  return buf;
}

int64_t IssueNhsNumber(uint32_t* serial) {
  // "999" numbers are reserved for testing and never issued to patients. Serials walk a
  // permutation of the million of them, skipping those without a valid modulus-11 check digit.
  for (;;) {
    uint64_t base = (static_cast<uint64_t>((*serial)++) * 7919 + 104729) % 1000000;
    int64_t nine = 999000000 + static_cast<int64_t>(base);
    int64_t digits = nine, sum = 0;
    for (int weight = 2; weight <= 10; ++weight, digits /= 10) sum += (digits % 10) * weight;
    int check = 11 - static_cast<int>(sum % 11);
    if (check == 11) check = 0;
    if (check != 10) return nine * 10 + check;
  }
}

std::string FormatNhs(int64_t nhs) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d %03d %04d", static_cast<int>(nhs / 10000000),
                static_cast<int>(nhs / 10000 % 1000), static_cast<int>(nhs % 10000));
  return buf;
}

PeopleStats AddPeople(Rng& rng, const CrimeSampler& sampler, double scale, Population* pop,
                      std::vector<Crime>* crimes) {
  SortByTime(crimes);
  Cast cast(rng, sampler, scale, pop);
  for (Crime& c : *crimes) {
    if (c.markers & kDa) {
      cast.AssignDomestic(&c);
      continue;
    }
    cast.AssignVictim(&c);
    cast.AssignSuspect(&c);
  }
  PeopleStats stats;
  stats.serial_da_perpetrators = Scaled(40, scale, 3);
  stats.youths_on_cusp = Scaled(60, scale, 3);
  stats.county_lines = Scaled(5, scale, 1);
  Scripts scripts(&cast, crimes);
  scripts.SerialDomesticAbuse(stats.serial_da_perpetrators);
  scripts.YouthsOnCusp(stats.youths_on_cusp);
  scripts.CountyLines(stats.county_lines);
  const size_t before_cuckooing = crimes->size();
  stats.cuckooed_premises = scripts.Cuckooing();
  stats.cuckooing_crimes.assign(crimes->begin() + static_cast<std::ptrdiff_t>(before_cuckooing),
                                crimes->end());
  crimes->resize(before_cuckooing);
  stats.serial_perpetrators = std::move(scripts.serial_perpetrators);
  SortByTime(crimes);
  return stats;
}

}  // namespace cairn::synth
