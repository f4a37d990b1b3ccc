// The ASB case-review threshold, worked from the incident logs.
//
// For the as-of day D and the default rules (three incidents, six months, reported within 30
// days, multi-agency reports once): the window is the days after D less six months up to D, so
// as of 2024-06-30 it is 2023-12-31 to 2024-06-30. Each victim's reports made up to D are taken;
// a report more than 30 days after its incident does not count (a report on day 30 does); the
// reports left that share the victim and the incident day are one incident, first reported when
// its earliest report was made (the council on 3 May and the police on 5 May for a 2 May incident
// are one incident reported on 3 May); an incident counts when that first report is in the window.
// A victim with three or more such incidents reaches the threshold. So three incidents reported on
// 2023-12-31, 2024-03-01 and 2024-06-30 reach it as of 2024-06-30, and do not if the first was
// reported on 2023-12-30.
#include "analysis/lists/asb_review.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "analysis/lists/people.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

bool IsPseudonymText(std::string_view text) {
  if (text.size() != 64) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool IsAsb(const Frame& f, size_t row) {
  return f.kind[row] == static_cast<uint8_t>(EventKind::kAsb) && f.start_minute[row] != kNoTime;
}

// A victim: a person (their row in Frame::persons) or premises (the location code, high bit set).
constexpr uint64_t kPremisesBit = uint64_t{1} << 63;

// What the log says of when an incident was reported.
enum class ReportDate { kGiven, kBlank, kUnreadable };

// The day the event was reported: `context` as the log wrote it, else the incident's day.
int64_t ReportedMinute(const Frame& f, size_t row, ReportDate* date) {
  const std::string_view text = f.context.at(row);
  auto parsed = text.empty() ? std::nullopt : ParseDateTime(text, DefaultDatePatterns());
  *date = parsed ? ReportDate::kGiven : text.empty() ? ReportDate::kBlank : ReportDate::kUnreadable;
  return parsed ? *parsed : f.start_minute[row];
}

// Counts of reports the list could not use as they stand, each said in a note.
struct Unusable {
  int64_t blank_report_date = 0, unreadable_report_date = 0, reported_before_incident = 0;
  int64_t no_incident_date = 0, no_victim = 0;
};

bool In(const std::vector<std::string>& names, std::string_view value) {
  return std::find(names.begin(), names.end(), ToLower(value)) != names.end();
}

// Person -> their case-review applications (rows of Frame::referrals).
std::unordered_map<uint32_t, std::vector<size_t>> Applications(const Frame& f,
                                                               const AsbReviewRules& rules) {
  std::unordered_map<uint32_t, std::vector<size_t>> by_person;
  for (size_t i = 0; i < f.referrals.size(); ++i)
    if (In(rules.programmes, f.referrals.programme.at(i)) && f.referrals.referred[i] != kNoTime)
      by_person[f.referrals.person[i]].push_back(i);
  return by_person;
}

std::string YearLabel(int64_t minute, int starts_month) {
  int y = 0, m = 0, d = 0;
  CivilFromDays(minute / kMinutesPerDay, &y, &m, &d);
  if (starts_month == 1) return std::to_string(y);
  const int first = m >= starts_month ? y : y - 1;
  const std::string next = std::to_string((first + 1) % 100);
  return std::to_string(first) + "-" + (next.size() < 2 ? "0" : "") + next;
}

struct Candidate {
  uint32_t row;
  int64_t incident_day, reported_day, reported;
};

// The victim's incidents that count, from their reports up to the as-of day.
std::vector<AsbIncident> CountedIncidents(const Frame& f, const AsbReviewRules& rules,
                                          std::vector<Candidate> reports, int64_t window_day,
                                          AsbReviewList* list) {
  std::sort(reports.begin(), reports.end(), [](const Candidate& a, const Candidate& b) {
    if (a.incident_day != b.incident_day) return a.incident_day < b.incident_day;
    if (a.reported != b.reported) return a.reported < b.reported;
    return a.row < b.row;
  });
  // One incident reported by two agencies is counted once: a report joins an incident of the same
  // day that another source reported. Two reports from one source are two incidents.
  std::vector<AsbIncident> incidents;
  std::vector<int64_t> incident_days;
  auto same_incident = [&](const Candidate& c) -> AsbIncident* {
    if (!rules.multi_agency_once) return nullptr;
    const std::string_view source = f.source.at(c.row);
    for (size_t i = incidents.size(); i-- > 0 && incident_days[i] == c.incident_day;) {
      const auto& reports = incidents[i].reports;
      if (std::none_of(reports.begin(), reports.end(),
                       [&](const AsbReport& r) { return r.source == source; }))
        return &incidents[i];
    }
    return nullptr;
  };
  for (const Candidate& c : reports) {
    AsbIncident* joined = same_incident(c);
    if (!joined) {
      AsbIncident incident;
      incident.incident = f.start_minute[c.row];
      incident.reported = c.reported;
      incident.category = std::string(f.category.at(c.row));
      incidents.push_back(std::move(incident));
      incident_days.push_back(c.incident_day);
    }
    AsbIncident& incident = joined ? *joined : incidents.back();
    incident.hate |= (f.markers[c.row] & kMarkerHate) != 0;
    incident.reports.push_back({c.row, c.reported, !joined, std::string(f.source.at(c.row)),
                                std::string(f.extract.at(c.row)), ""});
  }
  std::vector<AsbIncident> counted;
  for (AsbIncident& incident : incidents) {
    if (incident.reported / kMinutesPerDay <= window_day) continue;
    list->merged_reports += static_cast<int64_t>(incident.reports.size()) - 1;
    counted.push_back(std::move(incident));
  }
  return counted;
}

}  // namespace

std::vector<AsbReviewYear> AsbReviewYears(const Frame& f, const AsbReviewRules& rules) {
  std::map<std::string, AsbReviewYear> years;
  const auto& r = f.referrals;
  for (size_t i = 0; i < r.size(); ++i) {
    if (!In(rules.programmes, r.programme.at(i)) || r.referred[i] == kNoTime) continue;
    const std::string label = YearLabel(r.referred[i], rules.year_starts_month);
    AsbReviewYear& y = years[label];
    y.year = label;
    ++y.applications;
    if (!In(rules.threshold_met, r.outcome.at(i))) continue;
    ++y.threshold_met;
    if (r.ended[i] == kNoTime) continue;
    ++y.reviews_held;
    y.with_recommendations += In(rules.recommendations, r.outcome.at(i));
  }
  std::vector<AsbReviewYear> out;
  for (auto& [label, y] : years) out.push_back(std::move(y));
  return out;
}

AsbReviewList MakeAsbReviewList(const Frame& f, const AsbReviewRules& rules, int64_t as_of) {
  AsbReviewList list;
  list.as_of = as_of;
  list.threshold = rules.threshold;
  list.window_months = rules.window_months;
  list.report_within_days = rules.report_within_days;
  list.multi_agency_once = rules.multi_agency_once;
  list.window_start = MonthsBefore(as_of, rules.window_months);
  const int64_t window_day = list.window_start / kMinutesPerDay, as_of_day = as_of / kMinutesPerDay;

  // 1. Each victim's reports made up to the as-of day, reported in time.
  std::map<uint64_t, std::vector<Candidate>> by_victim;
  std::vector<uint8_t> has_person(f.rows, 0);
  Unusable unusable;
  auto take = [&](uint64_t victim, uint32_t row) {
    ReportDate date = ReportDate::kGiven;
    const int64_t reported = ReportedMinute(f, row, &date);
    const int64_t incident_day = f.start_minute[row] / kMinutesPerDay;
    const int64_t reported_day = reported / kMinutesPerDay;
    if (reported_day > as_of_day || incident_day > as_of_day) return;
    const bool in_window = reported_day > window_day;
    list.reports_in_window += in_window;
    unusable.blank_report_date += in_window && date == ReportDate::kBlank;
    unusable.unreadable_report_date += in_window && date == ReportDate::kUnreadable;
    if (reported_day < incident_day) {  // a data error: not counted either way
      unusable.reported_before_incident += in_window;
      return;
    }
    if (reported_day - incident_day > rules.report_within_days) {
      list.late_reports += in_window;
      return;
    }
    by_victim[victim].push_back({row, incident_day, reported_day, reported});
  };
  for (uint32_t row = 0; row < f.rows; ++row)
    unusable.no_incident_date +=
        f.kind[row] == static_cast<uint8_t>(EventKind::kAsb) && f.start_minute[row] == kNoTime;
  ForEachEventsPeople(f, [&](uint32_t row, size_t first, size_t end) {
    if (!IsAsb(f, row)) return;
    for (size_t k = first; k < end; ++k) {
      if (!IsVictim(static_cast<Role>(f.people.role[k]))) continue;
      has_person[row] = 1;
      take(f.people.person[k], row);
    }
  });
  for (uint32_t row = 0; row < f.rows; ++row) {
    if (!IsAsb(f, row) || has_person[row]) continue;
    if (IsPseudonymText(f.location.at(row)))
      take(kPremisesBit | f.location.codes()[row], row);
    else
      ++unusable.no_victim;
  }

  // 2. The victims whose incidents reach the threshold.
  const auto applications = Applications(f, rules);
  for (auto& [victim, reports] : by_victim) {
    std::vector<AsbIncident> incidents =
        CountedIncidents(f, rules, std::move(reports), window_day, &list);
    if (!incidents.empty()) ++list.victims;
    if (static_cast<int>(incidents.size()) < rules.threshold) continue;
    AsbReviewRow r;
    r.premises = (victim & kPremisesBit) != 0;
    if (r.premises)
      r.premises_id = std::string(f.location.dict()[victim & ~kPremisesBit]);
    else
      r.person = static_cast<uint32_t>(victim);
    r.incidents = static_cast<int>(incidents.size());
    r.first_report = INT64_MAX;
    r.last_report = INT64_MIN;
    for (const AsbIncident& incident : incidents) {
      r.reports += static_cast<int>(incident.reports.size());
      r.hate |= incident.hate;
      r.first_report = std::min(r.first_report, incident.reported);
      r.last_report = std::max(r.last_report, incident.reported);
    }
    r.lsoa = std::string(f.lsoa.at(incidents.back().reports.front().row));
    if (!r.premises)
      if (auto it = applications.find(r.person); it != applications.end())
        for (size_t i : it->second) {
          const int64_t day = f.referrals.referred[i] / kMinutesPerDay;
          if (day <= window_day || day > as_of_day) continue;
          if (r.applied && f.referrals.referred[i] < r.application) continue;
          r.applied = true;
          r.application = f.referrals.referred[i];
          r.decision = std::string(f.referrals.outcome.at(i));
        }
    r.why = std::move(incidents);
    list.rows.push_back(std::move(r));
  }
  std::sort(list.rows.begin(), list.rows.end(), [&](const AsbReviewRow& a, const AsbReviewRow& b) {
    if (a.incidents != b.incidents) return a.incidents > b.incidents;
    if (a.last_report != b.last_report) return a.last_report > b.last_report;
    if (a.premises != b.premises) return !a.premises;
    if (a.premises) return a.premises_id < b.premises_id;
    return f.persons.id[a.person] < f.persons.id[b.person];
  });
  for (size_t i = 0; i < list.rows.size(); ++i) list.rows[i].rank = static_cast<int>(i + 1);

  // 3. The published figures, and what the reader should know.
  list.years = AsbReviewYears(f, rules);
  if (list.years.empty())
    list.notes.push_back(
        "no ASB case-review log is loaded (profiles/asb-case-reviews.toml), so no application "
        "can be shown and there are no yearly figures");
  auto note = [&](int64_t n, const std::string& what) {
    if (n > 0) list.notes.push_back(WithCommas(n) + " " + what);
  };
  note(unusable.blank_report_date,
       "reports in the window give no report date: taken as reported on the day of the incident");
  note(unusable.unreadable_report_date,
       "reports in the window have a report date that is not a date: taken as reported on the "
       "day of the incident");
  note(unusable.reported_before_incident,
       "reports in the window are dated before their incident (a recording error): not counted");
  note(unusable.no_incident_date,
       "ASB reports have no incident date: they cannot be placed in any window and are not "
       "counted");
  note(unusable.no_victim,
       "ASB reports name no victim (no person, and no pseudonymised premises): they cannot count "
       "towards anyone's threshold");
  for (const AsbReviewRow& r : list.rows)
    if (r.premises) {
      list.notes.push_back(
          "premises (no person recorded) cannot be matched to an application: the case-review "
          "log names the applicant, a person");
      break;
    }
  return list;
}

std::optional<int64_t> LatestAsbMinute(const Frame& f) {
  std::optional<int64_t> latest;
  for (size_t row = 0; row < f.rows; ++row) {
    if (!IsAsb(f, row)) continue;
    ReportDate date = ReportDate::kGiven;
    const int64_t day = ReportedMinute(f, row, &date) / kMinutesPerDay;
    latest = std::max(latest.value_or(INT64_MIN), (day + 1) * kMinutesPerDay - 1);
  }
  return latest;
}

}  // namespace cairn
