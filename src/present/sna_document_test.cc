// Disclosure control across the tables of one report (single-table suppression is tested in
// disclosure_test.cc).
#include "present/sna_document.h"

#include <gtest/gtest.h>

#include "present/sna_render.h"
#include "util/dates.h"

namespace cairn {
namespace {

const Table* FindTable(const SnaDocument& doc, const std::string& id) {
  for (const Section& s : doc.sections)
    for (const Table& t : s.tables)
      if (t.id == id) return &t;
  return nullptr;
}

std::optional<int64_t> CountOf(const Table& t, const std::string& label_prefix) {
  for (size_t r = 0; r < t.row_labels.size(); ++r)
    if (t.row_labels[r].rfind(label_prefix, 0) == 0) return t.grid.cells[r][0];
  ADD_FAILURE() << "no row " << label_prefix << " in " << t.id;
  return std::nullopt;
}

// Eleven LSOAs: L01..L10 with 50 to 59 events, L11 with 2, and 7 events with no LSOA. The top-10
// table hides "All other LSOAs" (2) and, to protect it, "(no LSOA)" (7). The map table of every
// LSOA hides L11 (2) and, to protect it, the smallest other LSOA, L01 (50). The top-10 table shows
// L01, so together the two tables would give L11 away (map total minus the visible LSOAs): L01
// must be hidden in the top-10 table too.
TEST(SnaDocument, ACountHiddenInOneAreaTableIsHiddenInTheOthers) {
  SnaData data;
  data.period = {24 * 12, 24 * 12 + 11};
  data.previous = data.period.Previous();
  for (int i = 1; i <= 11; ++i) {
    std::string code = (i < 10 ? "L0" : "L") + std::to_string(i);
    int64_t n = i <= 10 ? 49 + i : 2;
    data.by_lsoa[{code}] = n;
    data.areas.lsoa.push_back({code, n, 1000});
    data.areas.shapes.push_back(
        {code, "", {{{0.0 + i, 0.0}, {1.0 + i, 0.0}, {1.0 + i, 1.0}, {0.0 + i, 1.0}}}});
  }
  data.by_lsoa[{"(missing)"}] = 7;
  data.headline = 50 + 51 + 52 + 53 + 54 + 55 + 56 + 57 + 58 + 59 + 2 + 7;

  SnaDocument open = BuildSnaDocument(data, DisclosureOptions{false, 5});
  ASSERT_NE(FindTable(open, "top-lsoas"), nullptr);
  EXPECT_EQ(CountOf(*FindTable(open, "top-lsoas"), "L01"), 50);

  SnaDocument doc = BuildSnaDocument(data, DisclosureOptions{true, 5});
  const Table* top = FindTable(doc, "top-lsoas");
  const Table* map = FindTable(doc, "lsoa-map");
  ASSERT_NE(top, nullptr);
  ASSERT_NE(map, nullptr);
  EXPECT_FALSE(CountOf(*map, "L11").has_value());
  EXPECT_FALSE(CountOf(*map, "L01").has_value());
  EXPECT_FALSE(CountOf(*top, "All other LSOAs").has_value());
  EXPECT_FALSE(CountOf(*top, "L01").has_value());  // hidden because the map hides it
  EXPECT_EQ(CountOf(*top, "L02"), 51);
  // Every LSOA shown in both tables has the same count in both, and none is shown in one only.
  for (size_t r = 0; r < top->row_labels.size(); ++r)
    for (size_t m = 0; m < map->row_labels.size(); ++m)
      if (top->row_labels[r] == map->row_labels[m]) {
        EXPECT_EQ(top->grid.cells[r][0], map->grid.cells[m][0]) << top->row_labels[r];
      }
  // Rates go with their counts.
  for (size_t m = 0; m < map->row_labels.size(); ++m)
    EXPECT_EQ(map->grid.cells[m][0].has_value(), map->values[m][1].has_value());
}

// The store's own count set beside ONS's published one is a partner count like any other: a
// public report hides it when it is small, and leaves out the difference that would give it away.
TEST(SnaDocument, ThePartnerCountBesideOnsIsDisclosureControlled) {
  SnaData data;
  data.period = {24 * 12, 24 * 12 + 11};
  data.previous = data.period.Previous();
  SnaData::NationalRank rank;
  rank.comparison.measure_title = "Homicides";
  rank.comparison.year_ending = "2024-12";
  ForceRow area;
  area.name = "Fellshire";
  area.count = 5;
  area.population = 500000;
  area.rank = 3;
  rank.comparison.rows = {area};
  rank.comparison.area = 0;
  rank.comparison.ranked = 42;
  rank.partner_definition = "recorded_homicides";
  rank.partner = 3;
  data.national_ranks.push_back(rank);
  auto paragraphs = [](const SnaDocument& doc) {
    std::string all;
    for (const Section& s : doc.sections)
      if (s.id == "compare")
        for (const std::string& p : s.paragraphs) all += p + "\n";
    return all;
  };
  const std::string open = paragraphs(BuildSnaDocument(data, DisclosureOptions{false, 5}));
  EXPECT_NE(open.find("the store counts 3"), std::string::npos) << open;
  EXPECT_NE(open.find("difference -2"), std::string::npos) << open;
  const std::string public_text = paragraphs(BuildSnaDocument(data, DisclosureOptions{true, 5}));
  EXPECT_EQ(public_text.find("the store counts"), std::string::npos) << public_text;
  EXPECT_EQ(public_text.find("difference"), std::string::npos) << public_text;
}

// A month with no file is "no data" in the trends, not 0 (in the CSV too), and a column with one
// has no total; small counts are still suppressed in a public report. A partial period gives no
// change, interval or rate.
TEST(SnaDocument, MonthsWithNoFileAreNoDataNotZero) {
  SnaData data;
  data.period = {2024 * 12, 2024 * 12 + 2};  // three months
  data.previous = data.period.Previous();
  data.headline = 30;
  data.population = 1000;
  for (int32_t m = data.period.from; m <= data.period.to; ++m) {
    data.monthly[{FormatMonth(m)}] = 10;
    data.monthly[{FormatMonth(m - 12)}] = m == data.period.from ? 3 : 20;
  }
  data.months_not_loaded = {data.period.to};  // the period's last month: no file
  data.headline_coverage.current = {"Police (crime): " + FormatMonth(data.period.to)};
  for (bool public_report : {false, true}) {
    SnaDocument doc = BuildSnaDocument(data, DisclosureOptions{public_report, 5});
    const Table* t = FindTable(doc, "trends");
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->NoData(2, 1));
    EXPECT_FALSE(t->grid.cells[2][1].has_value());
    EXPECT_EQ(t->grid.cells[1][1], 10);
    EXPECT_FALSE(t->grid.col_totals[1].has_value()) << "a total over a month with no data";
    EXPECT_FALSE(t->grid.grand_total.has_value());
    EXPECT_EQ(t->grid.cells[0][0].has_value(), !public_report);  // 3: suppressed when public
    const std::string csv = TableToCsv(*t);
    EXPECT_NE(csv.find(FormatMonth(data.period.to) + ",20,no data\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("Total,43,\n"), std::string::npos) << csv;  // 3 + 20 + 20 a year earlier
    EXPECT_EQ(SnaToJson(doc).find("\"significant\": true"), std::string::npos);
    EXPECT_FALSE(doc.headline.p_value.has_value());
    EXPECT_FALSE(doc.headline.rate_per_1000.has_value());
    EXPECT_FALSE(doc.headline.ci_lower.has_value());
    EXPECT_NE(doc.headline.current_note.find("Police (crime): 2024-03"), std::string::npos);
  }
}

}  // namespace
}  // namespace cairn
