// `cairn stats`: Fingertips-style statistics, hot-spot statistics, SPC and the Knox test on a
// user's own table (a CSV file or a workbook's sheet): rate, proportion, dsr, compare, change,
// gistar, kde, spc, knox. Every input column is kept (dsr keeps the columns that are constant
// within each group; kde writes one row per grid cell). Methods and references: docs/stats.md,
// src/stats/*.h. The command parses flags into a StatsRequest and calls these.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "stats/knox.h"
#include "util/status.h"

namespace cairn {

struct StatsRequest {
  std::string statistic, input, sheet, format = "csv", polarity, p_adjust = "none",
                                       bandwidth_rule = "sfhotspot", method = "value";
  std::string multiplier_text, cell_size_text, bandwidth_text;  // as given; "" if not
  double multiplier = 0, cell_size = 0, bandwidth = 0;          // checked; 0: not given
  int levels = 1;
  // spc
  std::string chart = "xmr", improvement = "increase", target_text, rebase;
  int run = 7, fix_after = 0;
  bool no_screen = false;
  // knox
  std::string space_bands = kKnoxDefaultSpaceBands, time_bands = kKnoxDefaultTimeBands,
              distance = "manhattan";
  int permutations = 999;
  uint64_t seed = 1;
};

// Checks and completes the request's options (numbers parsed from their text, ranges, which
// options go with which statistic); every problem is a usage error.
Status CheckStatsRequest(StatsRequest& request);

// Reads the table and writes the statistic's rows to `out` (CSV, JSON or, for knox, a table),
// and notes on the method used (p-value adjustment, cell size, bandwidth, SPC icons) to `notes`,
// so `out` stays a clean CSV/JSON contract.
Status RunStatistic(const StatsRequest& request, std::ostream& out, std::ostream& notes);

}  // namespace cairn
