// Writers for a Knox test (stats/knox.h), shared by `cairn stats knox` and `cairn nearrepeat`:
// one row per cell as CSV, JSON or an aligned table, and the plain-words lines that say which
// cells are near-repeat cells (the Near Repeat Calculator's highlighting: p ≤ 0.05 and at least
// 20% above expectation) and where a ratio rests on too few pairs to trust. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "stats/knox.h"

namespace cairn {

// What the lines before the table say about where the events came from.
struct KnoxSource {
  std::string what = "events";     // "events", or e.g. "rows of in.csv"
  std::vector<std::string> notes;  // e.g. how many events had no location
};

// space_from,space_to,time_from,time_to,observed,expected,ratio,sim_mean,pvalue,near_repeat; an
// open-ended band's end is Inf in CSV and null in JSON, near_repeat true/false.
std::string KnoxToCsv(const KnoxResult& result);
// {"events", "dropped", "pairs", "distance", "permutations", "seed", "near_repeat_cells",
//  "notes", "cells": [...]}.
std::string KnoxToJson(const KnoxResult& result, KnoxDistance distance, const KnoxSource& source);
// The cells as an aligned table for a terminal, bands written [a, b).
std::string KnoxToTable(const KnoxResult& result);
// The plain-words lines: what was tested, then the near-repeat cells, then the caveats.
std::vector<std::string> KnoxSummary(const KnoxResult& result, KnoxDistance distance,
                                     const KnoxSource& source);

// Below this many expected pairs a cell's ratio moves a lot with one pair more or less.
inline constexpr double kKnoxFewPairs = 5;

}  // namespace cairn
