// The person- and place-level parts of the needs assessment that are not a plain grouped count:
// hot spots on a grid (Gi* and kernel density, stats/spatial.h), events and populations by
// deprivation decile and rural-urban class, repeat victims and suspects, the emergency-department
// attendances police never heard of, and a ranking of forces per 1,000 people. Each takes the
// events the report counts as a per-event selection mask (SelectInPeriod in sna.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/batch.h"
#include "snapshot/frame.h"
#include "stats/spatial.h"
#include "util/status.h"

namespace cairn {

// Events on a square grid in British National Grid metres, sfhotspot's default cell size and
// bandwidth, Gi* with Benjamini-Hochberg (fdr) adjusted p-values.
struct HotspotGrid {
  double cell_size = 0, bandwidth = 0;
  std::string bandwidth_note;  // non-empty when the default rule failed and a fallback was used
  int64_t events_mapped = 0, events_without_location = 0, places = 0;
  std::vector<GridCell> cells;  // counts, row by row from the bottom-left
  int64_t columns = 0;
  std::vector<GiStar> gistar;
  std::vector<double> kde;
  std::string unavailable;  // why there is no grid (too few places), else empty
};
inline constexpr double kHotspotAlpha = 0.05;
Result<HotspotGrid> FindHotspots(const Frame& frame, const std::vector<uint8_t>& selected);

// Events and usual residents of a group of LSOAs (a deprivation decile, a rural-urban class, one
// LSOA). Population is empty when no population table covers any LSOA of the group.
struct AreaGroup {
  std::string label;
  int64_t count = 0;
  std::optional<int64_t> population;
};

struct AreaBreakdown {
  std::vector<AreaGroup> imd_decile;   // "1 (most deprived)" .. "10 (least deprived)", unknown
  std::vector<AreaGroup> rural_urban;  // ONS 2011 classes, unknown last
  std::vector<AreaGroup> lsoa;         // every LSOA with events or residents in the area, by code
  std::vector<AreaShape> shapes;       // boundaries of those LSOAs, when loaded
};
// The area's districts: those with at least 1% of the events placed in a district (so the few
// crimes a force records outside its area do not bring in whole cities).
std::set<std::string> AreaDistricts(const std::map<std::string, int64_t>& events_by_district);

// `population` is the all-ages, all-sexes population per LSOA code. `lsoa_counts` the selected
// events per LSOA code. The groups hold the LSOAs with events and the other LSOAs of the districts
// with at least 1% of the events.
AreaBreakdown BreakAreasDown(const std::map<std::string, int64_t>& lsoa_counts,
                             const std::vector<AreaRecord>& areas,
                             const std::map<std::string, int64_t>& population,
                             std::vector<AreaShape> shapes);

// People who are in the selected events more than once in a role, and the events they are in.
struct RepeatPeople {
  int64_t people = 0, repeat_people = 0;  // distinct people in the role; of them in 2+ events
  int64_t events = 0, repeat_events = 0;  // events with someone in the role; with a repeat person
};
RepeatPeople FindRepeats(const Frame& frame, const std::vector<uint8_t>& selected, Role role);

// Emergency-department assault attendances in `period_events` (a mask of the period's events of
// any kind) against police records: matched when the patient's pseudonym is a victim of any police
// event in the same period.
struct HealthGap {
  int64_t attendances = 0, matched = 0, health_only = 0, unlinkable = 0;
};
HealthGap FindHealthGap(const Frame& frame, const std::vector<uint8_t>& period_events);

// How complete each source's events of the period are, per "source (extract)": how many have a
// place, an LSOA, a time of day and a person recorded.
struct Completeness {
  int64_t events = 0, with_location = 0, with_lsoa = 0, with_time = 0, with_person = 0;
};
std::map<std::string, Completeness> MeasureCompleteness(const Frame& frame,
                                                        const std::vector<uint8_t>& period_events);

// Selected events per force per 1,000 of the force's population, where an LSOA's population
// belongs to the force with most events there (all events in the store). City of London is left
// out, as Home Office rankings do. Sorted by rate, lowest first (rank 1).
struct ForceRate {
  std::string force;
  int64_t count = 0, population = 0;
  double rate_per_1000 = 0;
};
std::vector<ForceRate> RankForces(const Frame& frame, const std::vector<uint8_t>& selected,
                                  const std::map<std::string, int64_t>& population);

}  // namespace cairn
