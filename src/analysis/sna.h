// The numbers of the Strategic Needs Assessment (`cairn sna`), all from the same query engine as
// `cairn query` (PrepareSelection + RunQuery), so every figure can be reproduced with a query:
// the selection is the expression AND "month within the period", and the grouping dimensions are
// the query's. Presentation (and disclosure control) is in src/present/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/compare.h"
#include "analysis/query.h"
#include "analysis/sna_where.h"
#include "define/configuration.h"
#include "snapshot/frame.h"
#include "store/store.h"
#include "util/status.h"

namespace cairn {

// The local definition the headline and most sections count.
inline constexpr const char* kSnaDefinition = "serious_violence";
// Used instead when the local definition selects nothing in the period but this does: a store with
// only data.police.uk files (crime types, no offence codes).
inline constexpr const char* kSnaCoarseDefinition = "serious_violence_coarse";
inline constexpr const char* kStrategySet = "strategy-categories";
inline constexpr const char* kNationalSet = "national-measures";
// The markers the Drivers section reports, as `marker.<name>`.
const std::vector<std::string>& SnaDriverMarkers();

struct SnaPeriod {
  int32_t from = 0, to = 0;  // month indexes, inclusive
  int32_t months() const { return to - from + 1; }
  SnaPeriod Previous() const { return {from - months(), from - 1}; }
};

// Grouped counts of the events selected in one period: keys as `cairn query` labels them.
using Counts = std::map<std::vector<std::string>, int64_t>;

// The usual residents of the LSOAs the stored events fall in (Census "all" rows), but for those in
// districts with under 1% of the events (a force's crimes recorded elsewhere): the denominator
// of a rate per 1,000. A rate for a period is sound only when the population tables give every
// LSOA an event of that period falls in: the residents of part of the area would inflate it. An
// LSOA without residents in the tables is often a 2011 code replaced in 2021 (data.police.uk files
// before 2023 use 2011 codes, a Census 2021 table has 2021 codes): it leaves out the months its
// events fall in, not the whole store.
struct AreaResidents {
  std::optional<int64_t> residents;  // of the LSOAs a population table gives; none when none does
  int64_t lsoas = 0;                 // the LSOAs the store's events fall in, in the area
  int64_t lsoas_outside = 0;         // those in districts with under 1% of the events
  int64_t lsoas_with = 0;            // of them, those a population table gives the residents of
  std::vector<std::string> examples_without;  // a few of the others, for the message
  std::set<int32_t> months_without;  // months with an event in an LSOA of no population table
  // The residents, when a rate over months from..to is sound.
  std::optional<int64_t> For(int32_t from, int32_t to) const;
  // Why there is no rate for months from..to ("" when there is one, or no population table gives
  // any of the area's LSOAs).
  std::string GapFor(int32_t from, int32_t to) const;
};

// Whether the sources a count draws on (every source whose events it selects anywhere in the store,
// by partner and extract) have a file loaded for each month of the two periods it compares.
struct SnaCoverage {
  // For each such source with a month no loaded file covers, "SOURCE (EXTRACT): 2023-09, 2023-10".
  // Non-empty means that period's count is only part of it, so no change on it may be claimed.
  std::vector<std::string> previous, current;
  // No file of any of them covers any month of the period: nothing of it is loaded.
  bool previous_none = false, current_none = false;
};

struct SnaData {
  SnaPeriod period, previous;
  std::string definition = kSnaDefinition;  // what the report counts
  bool coarse = false;                      // definition is kSnaCoarseDefinition
  std::string definition_label;             // "cumbria-local v1"
  std::string definition_title;
  std::string strategy_label;                                 // "strategy-categories v1"
  std::vector<std::pair<std::string, std::string>> strategy;  // name, title, in file order
  std::string national_label;                                 // "national-measures v1"
  std::vector<std::pair<std::string, std::string>> national;  // name, title, in file order
  // National measures whose data is not loaded at all (name -> why), so no count is shown for them.
  std::map<std::string, std::string> national_not_loaded;
  std::vector<std::string> definition_sets;  // every set loaded, with version

  int64_t headline = 0, headline_previous = 0;
  Counts strategy_current, strategy_previous;  // by definition
  Counts national_current, national_previous;  // by definition
  Counts monthly;                              // by month over previous-year..to
  Counts by_lsoa, by_district;
  Counts by_weekday_hour;                      // weekday, hour (missing when no time)
  Counts people_age, people_sex;               // role x age_band / sex, distinct people
  std::map<std::string, int64_t> driver_true;  // marker -> selected events with it set

  bool has_times = false, has_people = false, has_markers = false;
  int64_t events_without_time = 0;

  // Where: hot spots of the counted events, and events and residents by area group.
  std::optional<HotspotGrid> hotspots;
  std::string hotspots_error;
  AreaBreakdown areas;
  bool has_imd = false, has_rural_urban = false;
  // Who: people in the counted events more than once (has_people).
  RepeatPeople repeat_victims, repeat_suspects;
  // Drivers: ED assault attendances in the period against police victims.
  HealthGap health_gap;
  // Data quality: completeness of each source's events in the period.
  std::map<std::string, Completeness> completeness;
  // How the area compares: forces per 1,000 (needs two or more forces and populations).
  std::vector<ForceRate> forces;
  int64_t force_count = 0;  // forces with events and a population (forces.size())
  // How the area ranks among all territorial forces on ONS's force-area tables, for every
  // national measure loaded (the edition whose year ending is the period's end, else the latest
  // before it, else the latest); `partner` is the store's own count of the same measure when the
  // period is exactly that year ending. `national_ranks_missing` says what is not loaded.
  struct NationalRank {
    ForceComparison comparison;
    std::string partner_definition;
    std::optional<int64_t> partner;
  };
  std::vector<NationalRank> national_ranks;
  std::string national_ranks_missing;

  std::map<std::string, std::string> lsoa_names;  // code -> name (from the area lookups)
  bool has_areas = false;
  // Usual residents of the LSOAs the events in the store fall in (Census 'all'/'all' rows): the
  // denominator of the rate per 1,000, set only when the population tables give every LSOA an
  // event of the period falls in (area.GapFor says why not).
  std::optional<int64_t> population;
  AreaResidents area;
  std::vector<SourceSummary> sources;
  std::vector<BatchSummary> batches;
  int64_t findings = 0;
  // Per event source: months in the previous period or this one with no events at all (a missing
  // extract?), for sources with events in either.
  std::map<std::string, std::vector<std::string>> empty_months;
  // Whether the sources each comparison counts have a file for every month it spans: the headline
  // (and trends), the strategy categories, and the national measures shown (each measure's own in
  // national_measure_coverage; one whose sources have no file for any month of this period is in
  // national_not_loaded instead).
  SnaCoverage headline_coverage, categories_coverage, national_coverage;
  std::map<std::string, SnaCoverage> national_measure_coverage;
  SnaCoverage health_gap_coverage;  // of the ED attendances and the police records with victims
  // Months of the trends (a year before this period .. its end) that a source of the headline
  // count has no file for: no data, never 0.
  std::set<int32_t> months_not_loaded;
};

// Months of `period` that no batch of (source, extract) covers, as "YYYY-MM".
std::vector<std::string> UncoveredMonths(const std::vector<BatchSummary>& batches,
                                         const std::string& source, const std::string& extract,
                                         SnaPeriod period);

Result<AreaResidents> ResidentsOfArea(Store& store, const Frame& frame);

// Runs every query the report needs, with the definitions and harm weights of `config`.
Result<SnaData> CollectSna(const Configuration& config, Store& store, const Frame& frame,
                           SnaPeriod period);

// The events whose month is within `period` and that meet `where` (all of them when empty).
// `typed_by_user`: see QuerySpec (false for expressions from configuration, such as a KPI's).
Result<std::vector<uint8_t>> SelectInPeriod(const Configuration& config, const Frame& frame,
                                            const std::string& where, SnaPeriod period,
                                            bool typed_by_user = true);

// One query over events whose month is within `period` (and, when `where` is not empty, that
// meet it). Rows are returned as counts keyed by the dimension labels.
Result<Counts> CountInPeriod(const Configuration& config, const Frame& frame,
                             const std::string& where, const std::vector<std::string>& by,
                             SnaPeriod period, Measure measure = Measure::kCount,
                             const std::string& definition_set = "");

}  // namespace cairn
