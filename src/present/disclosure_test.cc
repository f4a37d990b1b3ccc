#include "present/disclosure.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

using Cell = std::optional<int64_t>;

CountGrid Grid(const std::vector<std::vector<int64_t>>& values) {
  CountGrid g;
  for (const auto& row : values) g.cells.emplace_back(row.begin(), row.end());
  FillTotals(g, true, true, true);
  return g;
}

DisclosureOptions Public() { return DisclosureOptions{true, 5}; }

TEST(Disclosure, OffLeavesEverything) {
  CountGrid g = Grid({{3, 10}, {20, 30}});
  SuppressionRecord r = ApplyDisclosure(g, DisclosureOptions{}, "t");
  EXPECT_EQ(r.primary + r.secondary, 0);
  EXPECT_EQ(g.cells[0][0], Cell(3));
}

TEST(Disclosure, TotalsAreSums) {
  CountGrid g = Grid({{3, 10}, {20, 30}});
  EXPECT_EQ(g.row_totals[0], Cell(13));
  EXPECT_EQ(g.col_totals[1], Cell(40));
  EXPECT_EQ(g.grand_total, Cell(63));
}

// By hand:      A    B    C  | total
//        x      3   10   12  |  25
//        y     20   30    8  |  58
//        total 23   40   20  |  83
// Primary hides x/A (3). Row x then has one hidden part: the smallest visible non-zero part of row
// x is B (10). Column A has one hidden: its complement is y/A (20). Column B has one hidden (x/B):
// its complement is y/B (30). Row y now has two hidden (20, 30): safe. Nothing else changes.
TEST(Disclosure, PrimaryAndSecondaryByHand) {
  CountGrid g = Grid({{3, 10, 12}, {20, 30, 8}});
  SuppressionRecord r = ApplyDisclosure(g, Public(), "t");
  EXPECT_EQ(r.primary, 1);
  EXPECT_EQ(r.secondary, 3);
  EXPECT_EQ(g.cells[0][0], std::nullopt);
  EXPECT_EQ(g.cells[0][1], std::nullopt);
  EXPECT_EQ(g.cells[1][0], std::nullopt);
  EXPECT_EQ(g.cells[1][1], std::nullopt);
  EXPECT_EQ(g.cells[0][2], Cell(12));
  EXPECT_EQ(g.cells[1][2], Cell(8));
  EXPECT_EQ(g.row_totals[0], Cell(25));
  EXPECT_EQ(g.col_totals[0], Cell(23));
  EXPECT_EQ(g.grand_total, Cell(83));
}

// Every published total must have zero or at least two hidden parts.
void ExpectNoSingleHidden(const CountGrid& g) {
  for (size_t r = 0; r < g.cells.size(); ++r) {
    int hidden = !g.row_totals[r].has_value();
    for (const auto& c : g.cells[r]) hidden += !c.has_value();
    EXPECT_NE(hidden, 1) << "row " << r;
  }
  for (size_t c = 0; c < g.col_totals.size(); ++c) {
    int hidden = !g.col_totals[c].has_value();
    for (const auto& row : g.cells) hidden += !row[c].has_value();
    EXPECT_NE(hidden, 1) << "column " << c;
  }
}

TEST(Disclosure, NoSuppressedCellCanBeWorkedOutFromTotals) {
  CountGrid g = Grid({{1, 0, 7, 9}, {0, 0, 2, 40}, {15, 4, 6, 3}});
  ApplyDisclosure(g, Public(), "t");
  ExpectNoSingleHidden(g);
  for (const auto& row : g.cells)
    for (const auto& c : row)
      if (c) {
        EXPECT_TRUE(*c == 0 || *c >= 5);
      }
}

// A small total is itself a small count; a one-part row makes its total and part hide together.
TEST(Disclosure, SmallTotalsAreHiddenToo) {
  CountGrid g = Grid({{2}, {50}});
  ApplyDisclosure(g, Public(), "t");
  EXPECT_EQ(g.row_totals[0], std::nullopt);
  EXPECT_EQ(g.cells[0][0], std::nullopt);
  EXPECT_EQ(g.cells[1][0], std::nullopt);  // else column total - 50 gives the 2
  ExpectNoSingleHidden(g);
}

TEST(Disclosure, ListWithOnlyAGrandTotal) {
  CountGrid g;
  g.cells = {{Cell(12)}, {Cell(3)}, {Cell(40)}};
  FillTotals(g, false, false, true);
  ApplyDisclosure(g, Public(), "t");
  EXPECT_EQ(g.cells[1][0], std::nullopt);
  EXPECT_EQ(g.cells[0][0], std::nullopt);  // smallest visible non-zero part
  EXPECT_EQ(g.cells[2][0], Cell(40));
  EXPECT_EQ(g.grand_total, Cell(55));
}

TEST(Disclosure, ThresholdIsConfigurable) {
  EXPECT_EQ(DiscloseCount(4, Public()), std::nullopt);
  EXPECT_EQ(DiscloseCount(5, Public()), Cell(5));
  EXPECT_EQ(DiscloseCount(0, Public()), Cell(0));
  EXPECT_EQ(DiscloseCount(9, DisclosureOptions{true, 10}), std::nullopt);
}

}  // namespace
}  // namespace cairn
