// Internals of the synthetic partnership (see synth.h), shared by the synth_*.cc files only.
//
// The generator works in stages over plain arrays:
//   geography (synth_geography.cc)  districts, towns, LSOAs, street points, census, IMD
//   crimes    (synth_crimes.cc)     offence table, calendar, the "core" of each crime or ASB event
//   people    (synth_people.cc)     invented persons attached to crimes; scripted serial DA
//                                   perpetrators, young people on the cusp, county lines
//   partners  (synth_partners.cc)   ED ISTV attendances, referrals, justice outcomes
//   writers   (synth_writers.cc)    every CSV file, with hand-rolled formatting (no iostreams)
// Nothing here is thread-safe unless stated; the police.uk writer threads share only const data.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn::synth {

// ---------------------------------------------------------------------------------------------
// Randomness: xoshiro256** seeded through splitmix64 (Blackman & Vigna). Portable and fast; the
// same seed gives the same stream on every platform.

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Derives an independent stream seed from a seed and a few labels (force, month, purpose).
inline uint64_t StreamSeed(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t s = seed;
  uint64_t h = SplitMix64(&s);
  for (uint64_t v : {a, b, c}) {
    s = h ^ (v * 0xd6e8feb86659fd93ULL);
    h = SplitMix64(&s);
  }
  return h;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& word : s_) word = SplitMix64(&seed);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  // Uniform in [lo, hi], inclusive.
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal (Box-Muller; one value per call).
  double Normal() {
    double u1 = Uniform();
    double u2 = Uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Poisson-distributed count with the given mean (normal approximation above 30).
  int64_t Poisson(double mean);
  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Weighted choice among n outcomes in O(1) (Walker's alias method). Construction is deterministic.
class Discrete {
 public:
  Discrete() = default;
  explicit Discrete(std::span<const double> weights);
  int Sample(Rng& rng) const {
    uint64_t r = rng.Next();
    uint32_t i = static_cast<uint32_t>(((r >> 32) * static_cast<uint64_t>(prob_.size())) >> 32);
    return static_cast<uint32_t>(r) < prob_[i] ? static_cast<int>(i) : alias_[i];
  }
  size_t size() const { return prob_.size(); }
  bool empty() const { return prob_.empty(); }

 private:
  std::vector<uint32_t> prob_;  // threshold scaled to 2^32
  std::vector<int> alias_;
};

// ---------------------------------------------------------------------------------------------
// Geography.

enum class Ruc : uint8_t { kUrbanCityTown, kRuralTownFringe, kRuralVillage };
const char* RucName(Ruc ruc);

constexpr int kAgeBands = 18;  // Census TS007A: 0-4, 5-9, ..., 80-84, 85+

struct District {
  std::string code;  // E07900001..
  std::string name;
};

struct Town {
  std::string name;
  double lon = 0, lat = 0;
  int district = 0;
  int lsoas = 0;
  double deprivation = 0;  // 0..1: how deprived its centre is
};

struct StreetPoint {
  double lon = 0, lat = 0;
  double easting = 0, northing = 0;
  uint32_t label = 0;  // index into Geography::labels
};

struct Lsoa {
  std::string code;  // E01900001..
  std::string name;  // "<District> 001A"
  int district = 0;
  int town = -1;  // -1: rural
  double lon = 0, lat = 0;
  double centre = 0;       // 0..1: town-centre-ness (night-time economy, retail)
  double deprivation = 0;  // 0..1, 1 = most deprived
  int population = 0;
  int females = 0;
  std::array<int, kAgeBands> ages{};
  int imd_rank = 0;  // 1 = most deprived of 32,844
  int imd_decile = 0;
  Ruc ruc = Ruc::kUrbanCityTown;
  uint32_t first_point = 0, num_points = 0;
  int postcode_district = 0;   // "FL<n>"
  int postcode_sector = 0;     // the digit after the space
  std::string police_uk_text;  // "E01900001,Ravensby 001A"
};

// Where each crime is likely to happen.
enum class Place : uint8_t { kResidential, kCentre, kMixed, kCount };

struct Geography {
  std::string county;         // "Fellshire"
  std::string force_name;     // "Fellshire Constabulary"
  std::string force_slug;     // "fellshire"
  std::string csp;            // "Fellshire Community Safety Partnership"
  std::string postcode_area;  // "FL"
  std::vector<District> districts;
  std::vector<Town> towns;
  std::vector<Lsoa> lsoas;
  std::vector<StreetPoint> points;
  std::vector<std::string> labels;       // "On or near Mill Lane"
  std::vector<std::string> point_texts;  // "-3.392966,54.870250,On or near Mill Lane"
  std::array<Discrete, static_cast<int>(Place::kCount)> place;  // LSOA choice by place
  Discrete by_population;
  std::vector<std::vector<int>> district_lsoas;
  std::vector<Discrete> district_by_population;
};

// Fellshire: 6 districts, 11 towns, 320 LSOAs, ~500,000 people in the Cumbria area of GB.
Geography BuildFellshire();
// An invented force "Force NN Constabulary" (force_number 2..99) with its own LSOAs elsewhere in
// GB.
Geography BuildInventedForce(int force_number);

// WGS84 longitude/latitude to British National Grid metres, with the same PROJ transformation as
// every reader (util/crs_transform.h). Throws if PROJ cannot (its database is missing).
void ToBritishNationalGrid(double lon, double lat, double* easting, double* northing);

// ---------------------------------------------------------------------------------------------
// Offences, calendar and crime cores.

enum class TimeProfile : uint8_t { kViolence, kDomestic, kDaytime, kNight, kSpread, kAsb, kCount };
enum class VictimKind : uint8_t { kPerson, kBusiness, kState };
enum class Family : uint8_t { kViolence, kSexual, kRobbery, kProperty, kDrugs, kWeapons, kOrder };

struct Offence {
  const char* code;
  const char* description;
  const char* police_uk_type;
  double per_1000;  // share of recorded crime
  Family family;
  TimeProfile time;
  Place place;
  VictimKind victim;
  double domestic;      // P(domestic abuse)
  double suspect;       // P(suspect identified), non-domestic
  double charge;        // P(charged | suspect)
  double knife;         // P(knife marker)
  double nte;           // P(night-time economy setting | not domestic)
  double firearm;       // P(firearm marker)
  double county_lines;  // P(county-lines marker)
  double cse;           // P(child sexual exploitation; the victim is then a child)
  double trend;         // growth per year
};

std::span<const Offence> Offences();
int OffenceIndex(std::string_view code);  // -1 if unknown

// Marker bits of a synthetic crime (CSE and CCE are separate columns in the extract).
enum CrimeMarker : uint16_t {
  kDa = 1 << 0,
  kAlcohol = 1 << 1,
  kDrugs = 1 << 2,
  kKnife = 1 << 3,
  kFirearm = 1 << 4,
  kCountyLines = 1 << 5,
  kNte = 1 << 6,
  kCse = 1 << 7,
  kCce = 1 << 8,
  kChildren = 1 << 9,
};

enum class Outcome : uint8_t {
  kNone,  // ASB
  kNoSuspect,
  kUnderInvestigation,
  kCharged,
  kCaution,
  kCommunityResolution,
  kVictimDoesNotSupport,
  kEvidentialDifficulties,
  kNotInPublicInterest,
  kDrugsWarning,
  kPenaltyNotice,
};
const char* RecordedOutcomeText(Outcome o);
// data.police.uk "Last outcome category"; `variant` picks among court results for charges.
const char* PoliceUkOutcomeText(Outcome o, uint64_t variant);

constexpr uint8_t kAsbOffence = 255;

struct Crime {
  int64_t from = 0;      // minutes since 1970-01-01 (local wall clock)
  int32_t duration = 0;  // minutes from CommittedFrom to CommittedTo
  int32_t month = 0;     // year*12 + month-1
  uint16_t lsoa = 0;
  uint8_t offence = 0;  // index into Offences(), or kAsbOffence
  Outcome outcome = Outcome::kNone;
  uint32_t point = 0;      // street point
  int16_t dx = 0, dy = 0;  // metres from the street point to the exact location
  uint16_t markers = 0;
  bool has_suspect = false;
  bool no_location = false;           // police.uk publishes it without a location
  int32_t victim = -1, suspect = -1;  // person indices
  int32_t vulnerable = -1;            // a person recorded as vulnerable (a cuckooed tenant)
  int32_t premises = -1;              // index into Population::premises; -1 = none recorded
  uint64_t id_hash = 0;               // feeds the 64-hex police.uk Crime ID
  uint64_t id_hash2 = 0;
};

// Days and hours of each month, weighted by time profile and season, for sampling event times.
class Calendar {
 public:
  Calendar(int32_t first_month, int months);
  int32_t first_month() const { return first_month_; }
  int months() const { return months_; }
  int32_t last_month() const { return first_month_ + months_ - 1; }
  int64_t FirstDay() const;  // days since epoch of the first day of the period
  int64_t EndDay() const;    // days since epoch of the day after the period
  int64_t MonthStartDay(int32_t month) const;
  int DaysInMonth(int32_t month) const;
  // A start time (minutes since epoch) in the month, following the profile's day/hour weights.
  int64_t SampleTime(Rng& rng, int32_t month, TimeProfile profile) const;
  // A time on the given day (days since epoch), hour following the profile.
  int64_t SampleTimeOnDay(Rng& rng, int64_t day, TimeProfile profile) const;
  // A Friday or Saturday night, 21:00-02:59, in the month.
  int64_t SampleNightTimeEconomy(Rng& rng, int32_t month) const;

 private:
  int32_t first_month_;
  int months_;
  std::vector<Discrete> cells_;  // [month_idx * kProfiles + profile] over day*24+hour
};

constexpr double kCrimesPerYear = 32500;  // recorded crimes at scale 1 (~Cumbria)
constexpr double kAsbShare = 0.30;        // ASB rows per crime row in police.uk

// Samples the crimes and ASB of one month of one force: locations, times, markers, suspect
// identified or not, outcome. No people. Thread-safe (const) given a per-call Rng.
class CrimeSampler {
 public:
  CrimeSampler(const Geography& geo, const Calendar& calendar);
  // Background crimes of the month at the given scale, in no particular order.
  void SampleMonth(Rng& rng, int32_t month, double scale, std::vector<Crime>* out) const;
  void SampleAsbMonth(Rng& rng, int32_t month, double scale, std::vector<Crime>* out) const;
  // One crime of the given offence at a given time and place (used by the scripted histories).
  Crime MakeCrime(Rng& rng, int offence, int64_t from, int lsoa, bool domestic) const;
  // Decides the outcome once the suspect is known.
  Outcome SampleOutcome(Rng& rng, const Crime& c) const;
  double ExpectedMonthCount(int offence, int32_t month) const;
  // Moves the crime to a random street point of the LSOA.
  void SetLocation(Rng& rng, int lsoa, Crime* c) const;
  const Geography& geo() const { return geo_; }
  const Calendar& calendar() const { return calendar_; }

 private:
  Crime SampleOne(Rng& rng, int offence, int32_t month) const;
  void SetMarkers(Rng& rng, Crime* c) const;
  bool InNightTimeEconomy(const Crime& c) const;
  const Geography& geo_;
  const Calendar& calendar_;
};

// ---------------------------------------------------------------------------------------------
// People.

enum class PersonSex : uint8_t { kFemale, kMale, kUnknown };

struct Person {
  uint16_t surname = 0, forename = 0;
  PersonSex sex = PersonSex::kUnknown;
  int32_t dob = 0;             // days since epoch
  int16_t lsoa = -1;           // home; -1 = outside the county
  uint16_t postcode_unit = 0;  // two letters, index into the unit alphabet squared
  int64_t pnc = 0;             // 0 = none; else year*10^8 + serial
  int64_t nhs = 0;             // 0 = not yet issued
};

class NameBook {
 public:
  NameBook();
  const std::string& Surname(uint16_t i) const { return surnames_[i]; }
  const std::string& Forename(uint16_t i, PersonSex sex) const;
  uint16_t SampleSurname(Rng& rng) const;
  uint16_t SampleForename(Rng& rng, PersonSex sex) const;
  size_t surnames() const { return surnames_.size(); }
  // Every generated name, for tests.
  std::vector<std::string> AllForenames() const;
  const std::vector<std::string>& AllSurnames() const { return surnames_; }

 private:
  std::vector<std::string> surnames_;
  std::vector<std::string> female_, male_;
};

struct Population {
  std::vector<Person> persons;
  NameBook names;
  std::vector<std::string> premises;  // addresses of premises crimes name ("12 Mill Lane, FL3 2AB")
};

// How many scripted histories AddPeople wrote.
struct PeopleStats {
  int serial_da_perpetrators = 0;
  int youths_on_cusp = 0;
  int county_lines = 0;
  int cuckooed_premises = 0;                 // each the home of a vulnerable tenant
  std::vector<int32_t> serial_perpetrators;  // person indices, for MATAC's referrals
  // The cuckooed premises' crimes, held back from `crimes` so that the other partners' records
  // (whose randomness walks the crimes) stay as they were before cuckooing was added; the driver
  // merges them in afterwards (MergeByTime). They have no justice outcome or ED attendance.
  std::vector<Crime> cuckooing_crimes;
};
// Attaches victims and suspects to the background crimes, adds the scripted histories (with their
// outcomes), and leaves `crimes` sorted by time.
PeopleStats AddPeople(Rng& rng, const CrimeSampler& sampler, double scale, Population* pop,
                      std::vector<Crime>* crimes);

// Adds `more` to `crimes`, keeping them in time order.
void MergeByTime(std::vector<Crime>* crimes, const std::vector<Crime>& more);

int AgeAt(const Person& p, int64_t day);
// Gives the person a PNC number (first arrest year before on_day) unless they have one.
void GivePnc(Rng& rng, Person* p, int64_t on_day);
std::string FormatPostcode(const Geography& geo, const Person& p);
std::string FormatPnc(int64_t pnc);  // "2011/0456789K"
std::string FormatNhs(int64_t nhs);  // "999 123 4567"
// A unique NHS number ("999" test range) for each value of *serial, which it advances.
int64_t IssueNhsNumber(uint32_t* serial);

// ---------------------------------------------------------------------------------------------
// Partner records.

struct EdAttendance {
  int64_t arrival = 0, assault = 0;  // minutes
  int32_t person = 0;
  uint8_t method = 0, location = 0;
  uint8_t site = 0;
  int32_t crime = -1;  // the matching police crime, if any
  std::string method_other, description;
};

struct Referral {
  int32_t person = 0;
  uint8_t programme = 0;
  int64_t referred = 0, started = -1, ended = -1;  // days; -1 = blank
  uint8_t outcome = 0;
};

struct JusticeOutcome {
  int32_t person = 0;
  int64_t day = 0;
  uint8_t type = 0;  // 0 Charge, 1 Caution, 2 Conviction
  uint8_t offence = 0;
};

struct PartnerData {
  std::vector<EdAttendance> ed;
  std::vector<Referral> referrals;
  std::vector<JusticeOutcome> outcomes;
};

// ED attendances and referrals. Also plants Turnaround's effect, moving some participants' later
// crimes to new people (so `crimes` is written). Justice outcomes come after every programme's
// effect is planted (AddJusticeOutcomes), with the same stream.
PartnerData MakePartnerData(Rng& rng, const CrimeSampler& sampler, double scale,
                            std::vector<Crime>& crimes, Population* pop);
// A charge after each charged crime, a conviction for most charges, a caution after each cautioned
// crime, appended to out->outcomes in date order.
void AddJusticeOutcomes(Rng& rng, const CrimeSampler& sampler, const std::vector<Crime>& crimes,
                        Population* pop, PartnerData* out);

// The programmes' own records, from their own stream (so the other partner records change only
// with the crimes): MATAC referrals of the scripted serial perpetrators, the MATAC effect
// (kMatacDesisted in synth/synth.h: the crimes of those who stop move to new people, so `crimes`
// is written, before justice outcomes are made from them), drug tests on arrest (18-25s in
// domestic abuse cases), and the referrals put back in referral order.
std::vector<Referral> MakeMatacReferrals(Rng& rng, const CrimeSampler& sampler,
                                         const std::vector<Crime>& crimes, const Population& pop,
                                         const std::vector<int32_t>& serial_perpetrators);
void PlantMatacEffect(Rng& rng, const std::vector<Referral>& matac, Population* pop,
                      std::vector<Crime>* crimes);
void MakeDrugTests(Rng& rng, const CrimeSampler& sampler, const std::vector<Crime>& crimes,
                   const Population& pop, PartnerData* out);
void SortReferrals(PartnerData* out);

// Look-up tables for the partner files.
std::span<const char* const> EdMethods();
std::span<const char* const> EdSites();  // site code by EdAttendance::site
std::span<const char* const> EdLocationTypes();
std::span<const char* const> Programmes();
std::span<const char* const> ProgrammeAgencies();
std::span<const char* const> ReferralOutcomes();
std::span<const char* const> JusticeOutcomeTypes();

// ---------------------------------------------------------------------------------------------
// Writing.

// A buffered file writer: rows are appended to a std::string flushed in large blocks.
class CsvOut {
 public:
  CsvOut() = default;
  ~CsvOut();
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;
  Status Open(const std::string& path);
  std::string& buf() { return buf_; }
  // Call after each row: counts it and flushes when the buffer is large.
  void EndRow() {
    buf_.push_back('\n');
    ++rows_;
    if (buf_.size() >= kFlushBytes) Flush();
  }
  void EndRowCrlf() {
    buf_.append("\r\n");
    ++rows_;
    if (buf_.size() >= kFlushBytes) Flush();
  }
  Status Close();
  int64_t rows() const { return rows_; }

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  void Flush();
  std::FILE* file_ = nullptr;
  std::string path_;
  std::string buf_;
  int64_t rows_ = -1;  // the header is the first "row"
  bool failed_ = false;
};

// Formatting helpers that append to a string.
void AppendInt(std::string* out, int64_t v);
void AppendPadded(std::string* out, int64_t v, int width);
void AppendDate(std::string* out, int64_t day);              // dd/mm/yyyy
void AppendDateTime(std::string* out, int64_t minutes);      // dd/mm/yyyy HH:MM
void AppendFixed6(std::string* out, double v);               // -3.392966
void AppendHex64(std::string* out, uint64_t a, uint64_t b);  // 64 hex chars from two seeds
void AppendField(std::string* out, std::string_view s);      // quoted if it needs to be

std::string MonthText(int32_t month);  // "2023-07"

// The files. Each returns the number of data rows written.
// A data.police.uk street-level file of one force and month; sorts `rows` by LSOA first.
Result<int64_t> WritePoliceUkFile(const std::string& path, const Geography& geo, int32_t month,
                                  std::vector<Crime>* rows);
struct RecordedCrimeFile {
  int64_t rows = 0;
  int deliberate_errors = 0;
};
Result<RecordedCrimeFile> WriteRecordedCrime(const std::string& path, const Geography& geo,
                                             const Population& pop,
                                             const std::vector<Crime>& crimes, bool with_errors);
// ed-istv.csv, or one delivery of it: the attendances whose assault falls in the months given,
// and after each of the first `broken_rows` of them a copy whose AssaultDateTime cannot be read
// (blank, an impossible day, words), which a load rejects.
struct EdSelection {
  int32_t first_month = INT32_MIN, last_month = INT32_MAX;
  int broken_rows = 0;
};
Result<int64_t> WriteEdIstv(const std::string& path, const Geography& geo, const Population& pop,
                            const PartnerData& data, const EdSelection& only = {});
Result<int64_t> WriteReferrals(const std::string& path, const Population& pop,
                               const PartnerData& data);
Result<int64_t> WriteJusticeOutcomes(const std::string& path, const Population& pop,
                                     const PartnerData& data);
Result<int64_t> WriteCensusTs007a(const std::string& path, const Geography& geo);
Result<int64_t> WriteCensusTs008(const std::string& path, const Geography& geo);
Result<int64_t> WriteImdFile1(const std::string& path, const Geography& geo);
Result<int64_t> WriteLsoaLookup(const std::string& path, const Geography& geo);
Result<int64_t> WriteReportedKpis(const std::string& path, const Calendar& calendar);
// A file as a partner delivered it: its path under the output folder, the day it arrived (days
// since the epoch) and its data rows (0 when written elsewhere).
struct Delivery {
  std::string file;
  int64_t received_day = 0;
  int64_t rows = 0;
};
// ed-istv-deliveries/ed-istv-YYYY-Qn.csv (synth_deliveries.cc): the ED extract as the trust sends
// it, a file a quarter (by the assault's month), each 18 to 38 days after the quarter ends; but
// the third quarter is never sent, the eighth comes 95 to 110 days after its end, and the third
// from last has three rows that cannot be read. (A shorter period has what of that fits.)
Result<std::vector<Delivery>> WriteEdDeliveries(const std::string& out_dir, Rng& rng,
                                                const Calendar& calendar, const Geography& geo,
                                                const Population& pop, const PartnerData& data);
// When the other files of `written` (paths under the output folder) arrived: each month's
// data.police.uk file 28 to 49 days after the month, as published; the partners' three-year
// extracts together, 10 to 35 days after the period. Reference tables are not deliveries.
std::vector<Delivery> OtherDeliveries(Rng& rng, const Calendar& calendar,
                                      const std::vector<std::string>& written);
// deliveries.csv: file,received (YYYY-MM-DD), in the order the files arrived.
Result<int64_t> WriteDeliveryLog(const std::string& path, std::vector<Delivery> deliveries);
// training.csv: the partnership's training log (synth_training.cc), invented professionals of the
// partner agencies at the trauma-informed courses and one other.
Result<int64_t> WriteTrainingLog(const std::string& path, Rng& rng, const Calendar& calendar,
                                 const NameBook& names, double scale);
// register/*.csv: the synthetic county's accountability register (synth_register.cc). Returns
// each file's name and rows.
Result<std::vector<std::pair<std::string, int64_t>>> WriteRegister(const std::string& dir,
                                                                   const Calendar& calendar);

// The ASB incident logs (council-asb-incidents.csv, police-asb-incidents.csv) and the case-review
// log (asb-case-reviews.csv), synth_asb.cc; adds the fresh victims to `pop`.
struct AsbFiles {
  int64_t council_rows = 0, police_rows = 0, review_rows = 0;
  std::vector<std::string> over_threshold, short_of_threshold;  // see SynthSummary
};
Result<AsbFiles> WriteAsbFiles(const std::string& dir, Rng& rng, const Geography& geo,
                               const Calendar& calendar, double scale, Population* pop);

extern const char* const kAsbIncidentsHeader;
extern const char* const kAsbCaseReviewsHeader;
extern const char* const kRecordedCrimeHeader;
extern const char* const kEdIstvHeader;
extern const char* const kReferralsHeader;
extern const char* const kJusticeOutcomesHeader;
extern const char* const kTs007aHeader;
extern const char* const kTs008Header;
extern const char* const kImdFile1Header;
extern const char* const kLsoaLookupHeader;
extern const char* const kStreetHeader;
extern const char* const kTrainingHeader;

}  // namespace cairn::synth
