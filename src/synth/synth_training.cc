// training.csv: the synthetic partnership's training log, one row per attendance, as a training
// team keeps it (profiles/training.toml). Professionals are invented (names from the NameBook,
// work emails at .example domains) and belong to one agency each; a quarter of them come back for
// a second course or a refresher, so professionals trained is fewer than attendances.
//
// Two courses run every month on weekdays: "Trauma-informed practice" (about 16 attendances a
// month at scale 1) and "Trauma-informed domestic abuse" (about 9), plus a few of an unrelated
// course the KPIs must not count. Understanding is rated 1-10 before and after: before around 4.5,
// after about 2.5 points higher, the gain growing a little as the trainers refine the course;
// feedback 1-5, mostly 4s and 5s. Some scores are left blank, as on real forms.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "synth/synth_internal.h"

namespace cairn::synth {

const char* const kTrainingHeader =
    "AttendeeName,AttendeeEmail,Agency,Course,Date,UnderstandingBefore,UnderstandingAfter,"
    "Feedback";

namespace {

struct Agency {
  const char* name;
  const char* domain;
  int staff;  // professionals who may attend, at scale 1
};
constexpr Agency kAgencies[] = {{"Fellshire Constabulary", "fellshire-police.example", 160},
                                {"Fellshire County Council", "fellshire-council.example", 120},
                                {"NHS Fellshire", "nhs-fellshire.example", 110},
                                {"Fellshire Youth Justice Service", "fellshire-yjs.example", 30},
                                {"Probation Service", "probation-fellshire.example", 40},
                                {"Fellshire schools", "fellshire-schools.example", 90},
                                {"Fellshire Domestic Abuse Service", "fellshire-das.example", 25}};

struct Course {
  const char* name;
  double per_month;  // attendances at scale 1
};
constexpr Course kCourses[] = {{"Trauma-informed practice", 16},
                               {"Trauma-informed domestic abuse", 9},
                               {"Safeguarding adults refresher", 4}};

struct Professional {
  std::string name, email;
  int agency;
};

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  std::replace(s.begin(), s.end(), ' ', '-');
  return s;
}

std::vector<Professional> Professionals(Rng& rng, const NameBook& names, double size) {
  std::vector<Professional> out;
  for (int a = 0; a < static_cast<int>(std::size(kAgencies)); ++a) {
    const int staff = std::max(4, static_cast<int>(std::lround(kAgencies[a].staff * size)));
    for (int i = 0; i < staff; ++i) {
      const PersonSex sex = rng.Chance(0.6) ? PersonSex::kFemale : PersonSex::kMale;
      const std::string forename = names.Forename(names.SampleForename(rng, sex), sex);
      const std::string surname = names.Surname(names.SampleSurname(rng));
      out.push_back(
          {forename + " " + surname,
           Lower(forename) + "." + Lower(surname) + std::to_string(i) + "@" + kAgencies[a].domain,
           a});
    }
  }
  return out;
}

// A weekday of the month (days since epoch; 1970-01-01 was a Thursday).
int64_t Weekday(Rng& rng, const Calendar& calendar, int32_t month) {
  for (;;) {
    const int64_t day = calendar.MonthStartDay(month) +
                        rng.Below(static_cast<uint32_t>(calendar.DaysInMonth(month)));
    if ((day + 3) % 7 < 5) return day;
  }
}

int Clamp(double v, int top) { return std::clamp(static_cast<int>(std::lround(v)), 1, top); }

void AppendScore(std::string* buf, Rng& rng, double blank, int score) {
  buf->push_back(',');
  if (!rng.Chance(blank)) AppendInt(buf, score);
}

void AppendAttendance(std::string* buf, Rng& rng, const Professional& p, const Course& course,
                      int64_t day, double progress) {
  AppendField(buf, p.name);
  buf->push_back(',');
  AppendField(buf, p.email);
  buf->push_back(',');
  AppendField(buf, kAgencies[p.agency].name);
  buf->push_back(',');
  AppendField(buf, course.name);
  buf->push_back(',');
  AppendDate(buf, day);
  const int before = Clamp(4.5 + 1.5 * rng.Normal(), 10);
  const int after = Clamp(before + 2.2 + 0.8 * progress + 1.2 * rng.Normal(), 10);
  AppendScore(buf, rng, 0.08, before);
  AppendScore(buf, rng, 0.15, after);
  static constexpr double kFeedback[] = {0.02, 0.07, 0.41, 0.86};  // cumulative, 1 to 4
  const double u = rng.Uniform();
  const int feedback =
      1 + static_cast<int>(std::upper_bound(std::begin(kFeedback), std::end(kFeedback), u) -
                           std::begin(kFeedback));
  AppendScore(buf, rng, 0.15, feedback);
}

}  // namespace

Result<int64_t> WriteTrainingLog(const std::string& path, Rng& rng, const Calendar& calendar,
                                 const NameBook& names, double scale) {
  // Training does not grow with the crimes as fast as the scale: a small county still trains.
  const double size = std::max(scale, 0.5);
  const std::vector<Professional> staff = Professionals(rng, names, size);
  CsvOut out;
  CAIRN_RETURN_IF_ERROR(out.Open(path));
  std::string& buf = out.buf();
  buf.append(kTrainingHeader);
  out.EndRow();
  for (int32_t month = calendar.first_month(); month <= calendar.last_month(); ++month) {
    const double progress =
        static_cast<double>(month - calendar.first_month()) / std::max(1, calendar.months() - 1);
    for (const Course& course : kCourses) {
      const int64_t sessions[] = {Weekday(rng, calendar, month), Weekday(rng, calendar, month)};
      const int64_t n = rng.Poisson(course.per_month * size);
      for (int64_t i = 0; i < n; ++i) {
        const Professional& p = staff[rng.Below(static_cast<uint32_t>(staff.size()))];
        AppendAttendance(&buf, rng, p, course, sessions[rng.Below(2)], progress);
        out.EndRow();
      }
    }
  }
  CAIRN_RETURN_IF_ERROR(out.Close());
  return out.rows();
}

}  // namespace cairn::synth
