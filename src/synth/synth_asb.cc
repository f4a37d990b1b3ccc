// The ASB incident logs (the council's and the police's, one layout) and the ASB case-review log.
//
// Background: reports month by month, most about a person (sometimes a crime victim already in
// the population), some about premises where no person is recorded (a shop, a community centre);
// a fifth of the council's reports about a person are also reported to the police, a few days
// apart, as one incident. On top, planted cases relative to the as-of day D (the calendar's last
// day), which `cairn list asb-review` must find or must not: victims crossing the threshold
// (three incidents reported inside the six months to D, the first on the window's first day;
// four reports of three incidents, one by both agencies; premises three times; one report 30
// days after its incident) and victims one day short (the first report on the day before the
// window; one report 31 days after its incident; two agencies reporting one incident, so two
// incidents). Planted victims are fresh people or premises, in no other record.
#include <algorithm>
#include <map>

#include "synth/synth_internal.h"
#include "util/dates.h"

namespace cairn::synth {

namespace {

constexpr const char* kCategories[] = {"Personal", "Nuisance", "Environmental"};
constexpr const char* kOutcomes[] = {"Threshold not met", "Threshold met, review pending",
                                     "Threshold met, no recommendations",
                                     "Threshold met, recommendations made"};
constexpr const char* kPremises[] = {"Shop", "Unit", "Community Centre", "Surgery", "Cafe"};

struct AsbRow {
  std::string reference;
  int64_t incident = 0;  // minutes
  int64_t reported = 0;  // day
  uint8_t category = 0;
  bool hate = false;
  int32_t person = -1;  // -1: no person recorded
  std::string address;
  int lsoa = 0;
};

struct Application {
  int32_t person = 0;
  int64_t day = 0;
  uint8_t outcome = 0;
  bool police_lead = false;
};

class AsbWriter {
 public:
  AsbWriter(Rng& rng, const Geography& geo, const Calendar& calendar, Population* pop)
      : rng_(rng), geo_(geo), calendar_(calendar), pop_(pop) {}

  void Background(double scale) {
    for (int32_t m = calendar_.first_month(); m <= calendar_.last_month(); ++m) {
      const int64_t first = calendar_.MonthStartDay(m), days = calendar_.DaysInMonth(m);
      for (int64_t n = rng_.Poisson(90 * scale); n > 0; --n) {
        const int64_t day = first + rng_.Below(static_cast<uint32_t>(days));
        AsbRow row = BackgroundRow(day);
        if (row.person >= 0 && rng_.Chance(0.2)) {
          AsbRow again = row;
          again.reported = row.reported + rng_.Between(0, 3);
          Add(&police_, again, true);
        }
        Add(&council_, row, false);
      }
      for (int64_t n = rng_.Poisson(40 * scale); n > 0; --n)
        Add(&police_, BackgroundRow(first + rng_.Below(static_cast<uint32_t>(days))), true);
      for (int64_t n = rng_.Poisson(1.2 * scale); n > 0 && !pop_->persons.empty(); --n) {
        const int32_t person =
            static_cast<int32_t>(rng_.Below(static_cast<uint32_t>(pop_->persons.size())));
        applications_.push_back({person, first + rng_.Below(static_cast<uint32_t>(days)),
                                 static_cast<uint8_t>(rng_.Below(4)), rng_.Chance(0.3)});
      }
    }
  }

  // The planted cases; their references go into `over` (the first counted report of each victim
  // that must be listed) and `short_of` (every report of each victim that must not be).
  void Plant(std::vector<std::string>* over, std::vector<std::string>* short_of) {
    const int64_t d = calendar_.EndDay() - 1;
    int y = 0, m = 0, day = 0;
    CivilFromDays(d, &y, &m, &day);
    const int index = MonthIndex(y, m) - 6;
    while (day > 28 && !IsValidDate(index / 12, index % 12 + 1, day)) --day;
    const int64_t outside = DaysFromCivil(index / 12, index % 12 + 1, day);  // the day before
    for (int i = 0; i < 6; ++i) {
      const int32_t person = FreshPerson();
      switch (i % 3) {
        case 0:  // exactly three, the first on the window's first day, one 30 days late
          over->push_back(Planted(person, outside + 1, outside + 1, false));
          Planted(person, d - 90, d - 60, false);
          Planted(person, d, d, false);
          applications_.push_back({person, d - 5, 1, false});
          break;
        case 1: {  // four reports of three incidents: the second by both agencies
          over->push_back(Planted(person, d - 150, d - 149, false));
          Planted(person, d - 80, d - 79, false);
          Planted(person, d - 80, d - 77, true);
          Planted(person, d - 10, d - 10, true);
          break;
        }
        default: {  // premises, no person recorded, three times
          const std::string premises =
              std::string(kPremises[i % 5]) + " " + std::to_string(100 + i) + ", Planted Row";
          over->push_back(Planted(-1, d - 120, d - 120, false, premises));
          Planted(-1, d - 60, d - 59, true, premises);
          Planted(-1, d - 3, d - 3, false, premises);
        }
      }
    }
    for (int i = 0; i < 6; ++i) {
      const int32_t person = FreshPerson();
      switch (i % 3) {
        case 0:  // the first report on the day before the window
          short_of->push_back(Planted(person, outside, outside, false));
          short_of->push_back(Planted(person, d - 90, d - 90, false));
          short_of->push_back(Planted(person, d - 5, d - 5, false));
          break;
        case 1:  // one report 31 days after its incident
          short_of->push_back(Planted(person, d - 100, d - 69, false));
          short_of->push_back(Planted(person, d - 50, d - 50, false));
          short_of->push_back(Planted(person, d - 20, d - 20, false));
          break;
        default:  // three reports, two of them one incident reported by both agencies
          short_of->push_back(Planted(person, d - 100, d - 100, false));
          short_of->push_back(Planted(person, d - 40, d - 40, false));
          short_of->push_back(Planted(person, d - 40, d - 38, true));
      }
    }
  }

  Result<int64_t> WriteLog(const std::string& path, bool police) const {
    const std::vector<AsbRow>& rows = police ? police_ : council_;
    CsvOut out;
    CAIRN_RETURN_IF_ERROR(out.Open(path));
    std::string& buf = out.buf();
    buf.append(kAsbIncidentsHeader);
    out.EndRow();
    for (const AsbRow& r : rows) {
      buf.append(r.reference);
      buf.push_back(',');
      AppendDateTime(&buf, r.incident);
      buf.push_back(',');
      AppendDate(&buf, r.reported);
      buf.push_back(',');
      buf.append(kCategories[r.category]);
      buf.append(r.hate ? ",Y," : ",N,");
      if (r.person >= 0) {
        const Person& p = pop_->persons[r.person];
        buf.append(pop_->names.Surname(p.surname));
        buf.push_back(',');
        buf.append(pop_->names.Forename(
            p.forename, p.sex == PersonSex::kFemale ? PersonSex::kFemale : PersonSex::kMale));
        buf.push_back(',');
        AppendDate(&buf, p.dob);
      } else {
        buf.append(",,");
      }
      buf.push_back(',');
      AppendField(&buf, r.address);
      buf.push_back(',');
      buf.append(geo_.lsoas[r.lsoa].code);
      out.EndRow();
    }
    CAIRN_RETURN_IF_ERROR(out.Close());
    return out.rows();
  }

  Result<int64_t> WriteReviews(const std::string& path) const {
    CsvOut out;
    CAIRN_RETURN_IF_ERROR(out.Open(path));
    std::string& buf = out.buf();
    buf.append(kAsbCaseReviewsHeader);
    out.EndRow();
    std::vector<Application> sorted = applications_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Application& a, const Application& b) { return a.day < b.day; });
    int64_t id = 0;
    const int64_t end = calendar_.EndDay();
    for (const Application& a : sorted) {
      const Person& p = pop_->persons[a.person];
      buf.append("ACR-");
      AppendPadded(&buf, ++id, 5);
      buf.push_back(',');
      AppendDate(&buf, a.day);
      buf.push_back(',');
      buf.append(pop_->names.Surname(p.surname));
      buf.push_back(',');
      buf.append(pop_->names.Forename(
          p.forename, p.sex == PersonSex::kFemale ? PersonSex::kFemale : PersonSex::kMale));
      buf.push_back(',');
      AppendDate(&buf, p.dob);
      buf.append(a.police_lead ? ",Fellshire Constabulary," : ",Fellshire Council,");
      // The decision within 15 days, the review within 20 more, unless not yet reached.
      uint8_t outcome = a.outcome;
      const int64_t decision = a.day + 10, review = a.day + 30;
      if (decision < end) AppendDate(&buf, decision);
      buf.push_back(',');
      if (outcome >= 2 && review >= end) outcome = 1;
      if (outcome >= 2) AppendDate(&buf, review);
      buf.push_back(',');
      AppendField(&buf, decision < end ? kOutcomes[outcome] : "");
      out.EndRow();
    }
    CAIRN_RETURN_IF_ERROR(out.Close());
    return out.rows();
  }

 private:
  int32_t FreshPerson() {
    Person p;
    p.sex = rng_.Chance(0.6) ? PersonSex::kFemale : PersonSex::kMale;
    p.surname = pop_->names.SampleSurname(rng_);
    p.forename = pop_->names.SampleForename(rng_, p.sex);
    p.dob = static_cast<int32_t>(calendar_.FirstDay() - rng_.Between(20 * 365, 80 * 365));
    p.lsoa = static_cast<int16_t>(geo_.by_population.Sample(rng_));
    p.postcode_unit = static_cast<uint16_t>(rng_.Below(400));
    pop_->persons.push_back(p);
    return static_cast<int32_t>(pop_->persons.size() - 1);
  }

  std::string HomeAddress(int lsoa, const Person* p) {
    const Lsoa& l = geo_.lsoas[lsoa];
    std::string street = geo_.labels[geo_.points[l.first_point + rng_.Below(l.num_points)].label];
    if (street.rfind("On or near ", 0) == 0) street = street.substr(11);
    Person where;
    where.lsoa = static_cast<int16_t>(lsoa);
    where.postcode_unit = p ? p->postcode_unit : static_cast<uint16_t>(rng_.Below(400));
    return std::to_string(rng_.Between(1, 120)) + " " + street + ", " + FormatPostcode(geo_, where);
  }

  AsbRow BackgroundRow(int64_t day) {
    AsbRow row;
    row.incident = day * 1440 + rng_.Between(8 * 60, 23 * 60 + 59);
    row.reported = day + (rng_.Chance(0.7) ? 0 : rng_.Between(1, 40));
    const double u = rng_.Uniform();
    row.category = u < 0.3 ? 0 : u < 0.85 ? 1 : 2;
    row.hate = rng_.Chance(row.category == 0 ? 0.08 : 0.01);
    if (rng_.Chance(0.15)) {  // premises, no person recorded
      row.lsoa = geo_.by_population.Sample(rng_);
      row.address = std::string(kPremises[rng_.Below(5)]) + ", " + HomeAddress(row.lsoa, nullptr);
      return row;
    }
    row.person = rng_.Chance(0.3) && !pop_->persons.empty()
                     ? static_cast<int32_t>(rng_.Below(static_cast<uint32_t>(pop_->persons.size())))
                     : FreshPerson();
    const Person& p = pop_->persons[row.person];
    row.lsoa = p.lsoa >= 0 ? p.lsoa : geo_.by_population.Sample(rng_);
    row.address = HomeAddress(row.lsoa, p.lsoa >= 0 ? &p : nullptr);
    return row;
  }

  // A planted report of an incident on `incident_day` reported on `reported_day`; returns its
  // reference.
  std::string Planted(int32_t person, int64_t incident_day, int64_t reported_day, bool police,
                      const std::string& premises = "") {
    AsbRow row;
    row.incident = incident_day * 1440 + 19 * 60;
    row.reported = reported_day;
    row.category = 0;
    row.person = person;
    row.lsoa = person >= 0 && pop_->persons[person].lsoa >= 0 ? pop_->persons[person].lsoa : 0;
    row.address = person >= 0 ? HomeAddress(row.lsoa, &pop_->persons[person])
                              : premises + ", " + FormatPostcode(geo_, Person{});
    if (person >= 0) {  // one address per planted person
      auto [it, fresh] = planted_addresses_.try_emplace(person, row.address);
      row.address = it->second;
    }
    return Add(police ? &police_ : &council_, row, police);
  }

  // Adds the report unless it is made after the extract was taken; returns its reference.
  std::string Add(std::vector<AsbRow>* rows, AsbRow row, bool police) {
    if (row.reported >= calendar_.EndDay()) return "";
    const int64_t serial = ++(police ? police_serial_ : council_serial_);
    int y = 0, m = 0, d = 0;
    CivilFromDays(row.reported, &y, &m, &d);
    row.reference = std::string(police ? "INC-" : "ASB-") + std::to_string(y) + "-";
    AppendPadded(&row.reference, serial, 6);
    rows->push_back(std::move(row));
    return rows->back().reference;
  }

  Rng& rng_;
  const Geography& geo_;
  const Calendar& calendar_;
  Population* pop_;
  std::vector<AsbRow> council_, police_;
  std::vector<Application> applications_;
  std::map<int32_t, std::string> planted_addresses_;
  int64_t council_serial_ = 0, police_serial_ = 0;
};

}  // namespace

const char* const kAsbIncidentsHeader =
    "IncidentRef,IncidentDate,ReportedDate,Category,HateFlag,VictimSurname,VictimForename,"
    "VictimDOB,VictimAddress,LSOA";
const char* const kAsbCaseReviewsHeader =
    "ApplicationRef,ApplicationDate,ApplicantSurname,ApplicantForename,ApplicantDOB,LeadAgency,"
    "DecisionDate,ReviewDate,Outcome";

Result<AsbFiles> WriteAsbFiles(const std::string& dir, Rng& rng, const Geography& geo,
                               const Calendar& calendar, double scale, Population* pop) {
  AsbWriter writer(rng, geo, calendar, pop);
  AsbFiles files;
  writer.Background(scale);
  writer.Plant(&files.over_threshold, &files.short_of_threshold);
  auto council = writer.WriteLog(dir + "council-asb-incidents.csv", false);
  if (!council.ok()) return council.status();
  auto police = writer.WriteLog(dir + "police-asb-incidents.csv", true);
  if (!police.ok()) return police.status();
  auto reviews = writer.WriteReviews(dir + "asb-case-reviews.csv");
  if (!reviews.ok()) return reviews.status();
  files.council_rows = *council;
  files.police_rows = *police;
  files.review_rows = *reviews;
  return files;
}

}  // namespace cairn::synth
