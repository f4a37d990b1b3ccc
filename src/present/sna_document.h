// The needs assessment as a document: sections of text and count tables, with disclosure control
// already applied (present/disclosure.h) when the report is public. The HTML and JSON writers only
// render this; neither sees an unsuppressed count of a public report.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/sna.h"
#include "present/disclosure.h"

namespace cairn {

enum class ChartKind { kNone, kLine, kHeatmap, kBars, kMap, kRateBars };

// One area of a map: a boundary or a grid cell, in British National Grid metres, tied to a row of
// its table (so disclosure control of the row applies to the area too).
struct MapShape {
  size_t row = SIZE_MAX;  // SIZE_MAX: not in the table (drawn from `value` alone)
  std::vector<std::vector<std::pair<double, double>>> rings;
  std::optional<double> value;  // shading; empty: no value (grey)
  int mark = 0;                 // 1 hot spot, -1 cold spot (outlined)
};

struct Table {
  std::string id;     // file-name-safe: the CSV download is "<id>.csv"
  std::string title;  // also the chart's title
  std::string row_header;
  // What the rows are, when another table has rows of the same kind ("lsoa"): a count hidden in
  // one such table is hidden in every other, so no table gives away what another protects.
  std::string dimension;
  std::vector<std::string> row_labels, col_labels;
  CountGrid grid;
  ChartKind chart = ChartKind::kNone;
  std::string x_axis, y_axis;  // chart axis labels
  std::string alt;             // the chart's text alternative
  bool change_column = false;  // show % change from the first to the last column
  // Numbers beside the counts that are not counts (population, rate, interval, Gi* z), shown after
  // the count columns. In a public report a row's values are hidden when any of its counts is.
  std::vector<std::string> value_labels, value_keys;  // "Rate per 1,000", "rate_per_1000"
  std::vector<int> value_digits;
  std::vector<std::vector<std::optional<double>>> values;  // per row
  // Index of a value column holding the p-value of the change: adds "Significant change" (yes/no,
  // p < 0.05; JSON "significant"). -1: none.
  int significance_from = -1;
  // kRateBars: the value columns drawn (value, lower, upper); kMap: the areas and their legend.
  size_t bar_value = 0;
  std::vector<MapShape> map;
  std::string map_legend;
  // Cells (row, column) of months or periods with no data loaded: shown as "no data" and drawn as
  // gaps, never as 0; no total over one is given.
  std::set<std::pair<size_t, size_t>> no_data;
  bool NoData(size_t row, size_t col) const { return no_data.count({row, col}) > 0; }
  bool NoDataInRow(size_t row) const {
    for (const auto& [r, c] : no_data)
      if (r == row) return true;
    return false;
  }
  bool NoDataInColumn(size_t col) const {
    for (const auto& [r, c] : no_data)
      if (c == col) return true;
    return false;
  }
};

// A derived figure (share, percentage) with the count it rests on.
struct Figure {
  std::string key;    // JSON key of the count ("nte_count")
  std::string label;  // "Events at night-time economy hours"
  std::optional<int64_t> count;
  std::optional<double> share;  // of the headline count, 0..1
};

struct Section {
  std::string id, title;
  std::vector<std::string> paragraphs;  // plain text
  std::string needs;                    // non-empty: the data this section needs and how to load it
  std::vector<Figure> figures;
  std::vector<Table> tables;
};

struct Headline {
  std::optional<int64_t> count, previous_count;
  std::optional<double> change_percent, p_value, ci_lower, ci_upper;
  std::optional<double> rate_per_1000;
  std::string rate_note;  // why there is no rate
  // Why there is no previous count or change: the previous period is not fully loaded.
  std::string previous_note;
  // Why the count is partial and no change, interval or rate is given: this period is not fully
  // loaded. `not_loaded`: nothing of it is, so there is no count either.
  std::string current_note;
  bool not_loaded = false;
};

struct SnaDocument {
  std::string title;
  std::string period_label, previous_label;  // "2024-01 to 2024-12"
  SnaData data;                              // for labels and metadata only
  DisclosureOptions disclosure;
  Headline headline;
  std::vector<Section> sections;
  std::vector<SuppressionRecord> suppressed;  // tables where something was hidden
};

SnaDocument BuildSnaDocument(const SnaData& data, const DisclosureOptions& disclosure);

}  // namespace cairn
