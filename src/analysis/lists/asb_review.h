// The ASB case review ("Community Trigger", ../shared/METHODS.md section 9): the victims whose
// reports of anti-social behaviour reach the locally set threshold (config/lists/asb-review.toml),
// each with the incidents that count and whether a case review was applied for, and the yearly
// figures every relevant body must publish, from the case-review log.
//
// ASB incidents are events of kind `asb` with a start (the incident) and, in `context`, the date
// it was reported (the store has no report-date column yet: profiles/asb-incidents.toml). The
// victim is each person recorded as the event's victim; where none is, the premises: the event's
// `location` when it is a pseudonymised address (64 hexadecimal characters, as `cairn
// pseudonymise` writes), never a street description, which names no one victim.
// The case-review log is referrals to the programmes AsbReviewRules::programmes: referred = the
// application, started = the threshold decision, ended = the review, outcome = the decision.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "define/list_scales.h"
#include "snapshot/frame.h"

namespace cairn {

// One report of an incident: a row of an ASB incident log.
struct AsbReport {
  uint32_t row = 0;      // frame row
  int64_t reported = 0;  // minutes: the report's day (the incident's when the log gives none)
  bool counted = false;  // the incident's first report; the others are the same incident again
  std::string source, extract, reference;  // reference filled by the engine
};

// One incident that counts towards the threshold, with every report of it.
struct AsbIncident {
  int64_t incident = 0;  // minutes
  int64_t reported = 0;  // its first report
  std::string category;
  bool hate = false;  // any report marks it hate-motivated
  std::vector<AsbReport> reports;
};

struct AsbReviewRow {
  int rank = 0;
  bool premises = false;    // no person recorded: the victim is the premises
  uint32_t person = 0;      // row in Frame::persons, when a person
  std::string premises_id;  // the pseudonymised address, when premises
  std::string lsoa;         // of the latest incident
  int incidents = 0;        // separate incidents counted in the window
  int reports = 0;          // reports of them, every agency's
  int64_t first_report = 0, last_report = 0;
  bool hate = false;
  bool applied = false;  // a case-review application by the person in the window
  int64_t application = 0;
  std::string decision;  // the application's outcome as the log gives it
  std::vector<AsbIncident> why;
};

// The published figures of one year, by the application's date.
struct AsbReviewYear {
  std::string year;  // "2024-25" (April to March) or "2024" (calendar)
  int applications = 0, threshold_met = 0, reviews_held = 0, with_recommendations = 0;
};

struct AsbReviewList {
  int64_t as_of = 0, window_start = 0;  // minutes; reports on days after window_start count
  int threshold = 3, window_months = 6, report_within_days = 30;
  bool multi_agency_once = true;
  int64_t reports_in_window = 0;   // ASB reports with a victim in the window
  int64_t late_reports = 0;        // of those, reported more than report_within_days after
  int64_t merged_reports = 0;      // of those, the same incident reported again
  int64_t victims = 0;             // distinct victims among them
  std::vector<AsbReviewRow> rows;  // most incidents first
  std::vector<AsbReviewYear> years;
  std::vector<std::string> notes;
};

AsbReviewList MakeAsbReviewList(const Frame& frame, const AsbReviewRules& rules, int64_t as_of);

// The published figures of the case-review log, one entry per year with an application, oldest
// first.
std::vector<AsbReviewYear> AsbReviewYears(const Frame& frame, const AsbReviewRules& rules);

// The end of the latest day with a reported ASB incident; nullopt when none is loaded.
std::optional<int64_t> LatestAsbMinute(const Frame& frame);

}  // namespace cairn
