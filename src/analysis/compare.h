// How the area compares with every other police force area, from ONS's own published tables
// (`cairn compare`, and the SNA's "How the area compares"): each territorial force's count of a
// measure in a year ending (ONS Table P1/P4, `figures` profiles), divided by its residents (the
// mid-year estimates of its local authority districts, summed over ONS's district -> force
// lookup), as a rate per 1,000 with its 95% interval (stats/rates.h CrudeRate, Byar's or exact
// Poisson), ranked lowest first. City of London is left out, as ONS and the Home Office do.
//
// A rank is only as stable as the counts behind it: the comparison says how far the area's rank
// could move among the forces whose intervals overlap its own, and in plain words. A force that
// one table names and another cannot match is reported, never silently dropped. Pure functions
// of the figures given; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/batch.h"
#include "snapshot/frame.h"
#include "stats/rates.h"
#include "store/store.h"
#include "util/status.h"

namespace cairn {

// The measures the comparison knows how to name (ids as the shipped profiles store them).
struct ForceMeasure {
  std::string id;     // "homicide"
  std::string title;  // "Homicides"
  bool in_sna;        // ranked in the SNA's "How the area compares"
  // The national-measures definition that counts the same in partner data ("recorded_homicides"),
  // set beside ONS's figure when the SNA's period is the table's year; empty when none does.
  std::string partner_definition;
};
const std::vector<ForceMeasure>& ForceMeasures();
// The title of a measure id; the id itself when unknown.
std::string ForceMeasureTitle(const std::string& id);

struct ForceFigures {
  std::vector<AreaFigure> forces;     // level "force"
  std::vector<AreaFigure> districts;  // level "district" (population)
  std::vector<DistrictLink> links;
};

struct ComparisonRequest {
  std::string measure;                 // "homicide"
  std::string year_ending;             // "2019-12"; empty = the latest edition with the measure
  std::optional<int> population_year;  // empty = the latest estimate before the year ending
  std::string area;                    // force code or name ("E23000002", "Cumbria Constabulary")
};

struct ForceRow {
  std::string code, name;
  std::optional<double> count;
  std::optional<int64_t> population;
  Estimate rate;  // per 1,000 residents
  // ONS's own rate and the population it used (Table P3, rounded to 100), when loaded.
  std::optional<double> published_rate, published_population;
  int rank = 0;            // 1 = lowest; 0 = not ranked
  std::string not_ranked;  // why, when rank is 0
};

struct RankInEdition {
  std::string year_ending;
  int population_year = 0;
  int rank = 0, ranked = 0;
  double count = 0;
  std::optional<double> rate;
};

struct ForceComparison {
  std::string measure, measure_title, year_ending;
  int population_year = 0;
  std::vector<ForceRow> rows;  // ranked forces in rank order, then the unranked
  int ranked = 0;
  // The area: its row (index into rows), its rank, and the ranks it could hold given the 95%
  // intervals (best: forces certainly lower + 1; worst: ranked − forces certainly higher).
  std::optional<size_t> area;
  int rank_best = 0, rank_worst = 0, overlapping = 0;
  std::string stability;               // plain words on how much to trust the rank
  std::vector<RankInEdition> history;  // the area's rank in every edition it is ranked in
  std::vector<std::string> editions;   // every edition of the measure loaded, oldest first
  std::vector<std::string> notes;      // exclusions, unmatched forces, missing figures
};

// The forces' populations at mid-`year`, summed over the lookup: force code -> residents. Forces
// with a district missing from the estimates are left out and named in `notes`.
std::map<std::string, int64_t> ForcePopulations(const ForceFigures& figures, int year,
                                                std::vector<std::string>* notes);

// The comparison the request asks for. Errors (a usage message): no force figures, the measure or
// the year ending not loaded (naming those that are), no lookup or no population estimates, an
// area no force matches.
Result<ForceComparison> CompareForces(const ForceFigures& figures,
                                      const ComparisonRequest& request);

// The area's rank in every edition loaded, in words ("2018-03: 9 of 42 (3); ..."), or that only one
// edition is loaded so no change in rank can be shown.
std::string HistoryWords(const ForceComparison& c);

// The force-area tables, population estimates and lookup of the store's active batches.
Result<ForceFigures> ReadForceFigures(Store& store);

// The force that recorded most of the frame's events ("Cumbria Constabulary"), or of the rows
// `rows` marks when given: the partnership's own area when the request names none; empty when
// there are no events.
std::string LargestForce(const Frame& frame, const std::vector<uint8_t>* rows = nullptr);

// A force's name as a key two tables share: "Cumbria Constabulary", "Cumbria" and "CUMBRIA8" alike.
std::string ForceKey(const std::string& name);

}  // namespace cairn
