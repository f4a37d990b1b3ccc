// The Ministry of Justice's youth measures over the justice outcomes (../shared/METHODS.md
// section 8), for the KPIs `first_time_entrants` and `proven_reoffending` (analysis/kpi/kpi.h),
// restricted to the offences a KPI's expression selects (the local `serious_violence`):
//  - a first-time entrant is a person aged 10-17 at their first caution or conviction in the loaded
//    outcomes, when that caution or conviction is for such an offence (any earlier caution or
//    conviction, for any offence, rules them out; a charge is neither);
//  - a reoffending cohort is the people aged 10-17 cautioned or convicted for such an offence in
//    a period, each indexed at the first such outcome in it; a member reoffends when any offence
//    they commit within 12 months of the index is proven within those 12 months or a further 6
//    (analysis/justice.h, the rule `cairn evaluate` uses).
// Outcomes carry no age and no markers: the age at an outcome is estimated from the whole-year
// ages on the person's involvements (analysis/justice.h EstimatedAge: the birth dates they allow
// together, the middle of the range), and the expression is evaluated on a crime with the
// outcome's offence code and nothing else. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "define/configuration.h"
#include "snapshot/frame.h"
#include "store/store.h"
#include "util/status.h"

namespace cairn {

inline constexpr int kYouthLowestAge = 10, kYouthHighestAge = 17;

// One byte per Frame::outcomes row: 1 when its offence code meets `where` (as a crime of that
// code with nothing else known). An error names the expression's problem.
Result<std::vector<uint8_t>> OutcomesForOffences(const Configuration& config, const Frame& frame,
                                                 const std::string& where);

// The minute of each first-time entry for a qualifying offence (one per person at most), in no
// particular order. `qualifying` is OutcomesForOffences' mask. An entry day with several
// outcomes qualifies when any of them does.
std::vector<int64_t> FirstTimeEntries(const Frame& frame, const std::vector<uint8_t>& qualifying);

struct CohortMember {
  std::string period;  // the cohort
  int64_t index = 0;   // the minute of the member's first qualifying outcome in the period
  bool reoffended = false;
};

// The members of every cohort, a cohort being the qualifying outcomes (cautions and convictions
// of people aged 10-17 at them) whose `period_of(minute)` is the same; a person is in each cohort
// they have one in, as in the MoJ's series. By person, then date.
std::vector<CohortMember> ReoffendingCohorts(
    const Frame& frame, const std::vector<uint8_t>& qualifying,
    const std::function<std::string(int64_t minute)>& period_of);

// The residents aged `lowest` to `highest` of every LSOA any stored event falls in (as
// ResidentsOfArea, sna.h), from the population tables' age bands of both sexes: a band only partly
// inside the range counts in proportion to its years inside (Census 2021's 15-19 band gives 3/5
// of itself to 10-17), which assumes ages spread evenly within it. `residents` is set only when
// the bands cover every age of the range in every one of those LSOAs: the residents of part of
// the area would inflate a rate over the whole area's count.
struct ResidentsAged {
  std::optional<double> residents;
  int64_t lsoas = 0;       // the LSOAs the store's events fall in
  int64_t lsoas_with = 0;  // of them, those whose bands cover every age of the range
  int64_t lsoas_some = 0;  // and those with a band for some age of it
};
Result<ResidentsAged> ResidentsAgedOfArea(Store& store, const Frame& frame, int lowest,
                                          int highest);

}  // namespace cairn
