// Query: counts (or harm, or distinct people) of the selected events, grouped by dimensions. This
// is what `cairn query` prints and what reports build on.
//
// Output contract (CSV): a header naming the dimensions in the order given, then the measure's
// name; one row per group, sorted by the dimensions in their natural order (months, quarters,
// years, weekdays and hours in time order, everything else alphabetically), with `(missing)` last.
// Months are YYYY-MM, quarters YYYY-Qn, years YYYY; categories and forces exactly as the source
// spells them. Events outside --from/--to are not dropped: they are counted in the group whose
// every dimension is `(missing)`, as are events missing a value for a dimension (in that
// dimension).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "snapshot/frame.h"
#include "util/status.h"

namespace cairn {

enum class Measure { kCount, kHarm, kPeople };

struct QuerySpec {
  std::vector<std::string> by;  // dimension names
  int32_t from_month = kNoMonthBound, to_month = kNoMonthBound;
  Measure measure = Measure::kCount;
  // Harm weight per offence-code dictionary code (frame.offence_code); used for Measure::kHarm.
  std::vector<double> harm_by_offence_code;
  // Names of definitions and, per definition, which events meet it (for the `definition`
  // dimension).
  std::string definition_set;    // for the `definition` dimension; empty = the default set
  std::string definition_label;  // "cumbria-local v1", filled in by PrepareSelection
  std::vector<std::string> definition_names;
  std::vector<std::vector<uint8_t>> definition_masks;
  std::vector<std::string> definitions_used;          // named in --where, with versions
  std::vector<std::string> unweighted_offence_codes;  // harm: codes with no weight (count as 0)
  int threads = 2;
  // A user's --where: every text value it tests must occur in the data (a typo is refused with
  // the nearest value). Off for expressions from configuration (KPIs, definitions), which may
  // name values a store does not hold.
  bool typed_by_user = true;
  static constexpr int32_t kNoMonthBound = INT32_MIN;
};

struct QueryRow {
  std::vector<std::string> keys;
  double value = 0;
};

struct QueryResult {
  std::vector<std::string> dimensions;
  std::string measure;  // "count", "harm" or "people"
  std::vector<QueryRow> rows;
  uint64_t selected_events = 0;  // events the selection (and, without dimensions, period) kept
};

// Checks a dimension name; the error names it and suggests the closest known one.
Status CheckDimension(const std::string& name);
// Checks a whole --by list: at most kMaxDimensions, each known, none twice.
inline constexpr size_t kMaxDimensions = 8;
Status CheckDimensions(const std::vector<std::string>& names);
// Renames old spellings of dimensions (--by offence) to the names expressions use (offence.code);
// returns a one-line note per name renamed, for the caller to show.
std::string RenameOldDimensions(std::vector<std::string>& names);
std::vector<std::string> KnownDimensions();

// `selected` has one byte per event (1 = selected), or is empty for all events.
Result<QueryResult> RunQuery(const Frame& frame, const QuerySpec& spec,
                             const std::vector<uint8_t>& selected);

// The outputs for people. A result with no rows is shown as one total row of 0 (every dimension
// reads "(total)"), so that "nothing matched" reads as a count of 0 and not as a missing answer;
// JSON says so in "note". CSV fields go through CsvField, table cells through VisibleText.
std::string QueryToCsv(const QueryResult& result);
std::string QueryToJson(const QueryResult& result);
std::string QueryToTable(const QueryResult& result);
// Why a result has no rows ("no events matched; the total is 0"), or "" if it has rows.
std::string QueryEmptyNote(const QueryResult& result);

}  // namespace cairn
