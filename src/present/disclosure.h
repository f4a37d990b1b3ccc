// Disclosure control for published tables: the one place every table of a public report goes
// through. A table is a grid of counts with its row totals, column totals and grand total (each
// optional). Primary suppression hides every count from 1 to threshold - 1 (zero is shown: it
// discloses nothing about a person). Secondary suppression then hides further cells so that no
// published total has exactly one hidden cell among its parts, which would let a reader work the
// hidden cell out by subtraction. The complementary cell chosen is the smallest visible non-zero
// part (then a zero part, then the total itself), repeated until every row and column is safe.
//
// This protects against recovery from a single table's own totals; it is the usual CSP practice,
// not a full linear-programming audit across tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cairn {

struct DisclosureOptions {
  bool enabled = false;   // --public
  int64_t threshold = 5;  // --suppress-below: counts 1..threshold-1 are hidden
};

// A table of counts. `cells[r][c]`; totals are sums of the cells and are filled in by the caller
// (or by FillTotals). A suppressed count becomes std::nullopt.
struct CountGrid {
  std::vector<std::vector<std::optional<int64_t>>> cells;
  std::vector<std::optional<int64_t>> row_totals;  // one per row, or empty if not published
  std::vector<std::optional<int64_t>> col_totals;  // one per column, or empty
  std::optional<int64_t> grand_total;              // published if has_grand_total
  bool has_grand_total = false;
};

// What one call suppressed, for the methods appendix.
struct SuppressionRecord {
  std::string table;  // the table's title
  int primary = 0;    // cells hidden because they were 1..threshold-1
  int secondary = 0;  // cells (or totals) hidden so the primary ones cannot be worked out
};

// Sets row, column and grand totals from the cells (all cells must be present).
void FillTotals(CountGrid& grid, bool rows, bool cols, bool grand);

// Applies primary and secondary suppression in place when options.enabled; returns what it did.
SuppressionRecord ApplyDisclosure(CountGrid& grid, const DisclosureOptions& options,
                                  const std::string& table);

// A single published count (a headline number with no parts): primary suppression only.
std::optional<int64_t> DiscloseCount(int64_t count, const DisclosureOptions& options);

}  // namespace cairn
