// The query engine on small hand-built frames; every expected count is worked out by hand from the
// rows written in the test.
#include "analysis/query.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "define/expr.h"
#include "define/expr_test_table.h"

namespace cairn {
namespace {

Frame SixEvents() {
  // 2024-01-01 was a Monday.
  auto f = expr_test::FrameFromTable(
      {"category", "offence.code", "start", "force"},
      {{"Robbery", "34B", "2024-01-01 22:30", "North"},
       {"Robbery", "34B", "2024-01-06 23:10", "South"},
       {"Drugs", "92A", "2024-02-03 09:00", "North"},
       {"Violence and sexual offences", "8N", "2024-02-03 22:00", "North"},
       {"", "", "2024-03-10 12:00", "South"},
       {"Drugs", "92A", "2023-12-31 23:59", "North"}});
  EXPECT_TRUE(f.ok()) << f.status().message();
  return std::move(f).value();
}

std::string Csv(const Frame& f, QuerySpec spec, const std::vector<uint8_t>& selected = {}) {
  auto r = RunQuery(f, spec, selected);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? QueryToCsv(*r) : "";
}

TEST(Query, GroupsSortAlphabeticallyWithMissingLast) {
  QuerySpec spec;
  spec.by = {"category"};
  EXPECT_EQ(Csv(SixEvents(), spec),
            "category,count\nDrugs,2\nRobbery,2\nViolence and sexual offences,1\n(missing),1\n");
}

// One vocabulary: every text column `query --by` groups by has the name expressions use for it,
// and the old spelling --by offence is renamed, with a note, to offence.code.
TEST(Query, DimensionsAndExpressionsNameTextColumnsAlike) {
  const auto& fields = ExprFieldNames();
  for (const std::string& dim : KnownDimensions()) {
    const bool text = dim == "category" || dim == "force" || dim == "lsoa" || dim == "district" ||
                      dim == "outcome" || dim == "weapon" || dim == "source" || dim == "extract" ||
                      dim.find('.') != std::string::npos;
    if (text) {
      EXPECT_NE(std::find(fields.begin(), fields.end(), dim), fields.end()) << dim;
    }
  }
  std::vector<std::string> by = {"month", "offence", "force"};
  EXPECT_EQ(RenameOldDimensions(by),
            "note: --by offence is now called offence.code, as in expressions; the old name "
            "still works\n");
  EXPECT_EQ(by, (std::vector<std::string>{"month", "offence.code", "force"}));
  QuerySpec spec;
  spec.by = {"offence.code"};
  EXPECT_EQ(Csv(SixEvents(), spec), "offence.code,count\n34B,2\n8N,1\n92A,2\n(missing),1\n");
  std::vector<std::string> current = {"offence.code"};
  EXPECT_EQ(RenameOldDimensions(current), "");
}

TEST(Query, TimeDimensionsInTimeOrder) {
  QuerySpec spec;
  spec.by = {"month"};
  EXPECT_EQ(Csv(SixEvents(), spec), "month,count\n2023-12,1\n2024-01,2\n2024-02,2\n2024-03,1\n");
  spec.by = {"quarter"};
  EXPECT_EQ(Csv(SixEvents(), spec), "quarter,count\n2023-Q4,1\n2024-Q1,5\n");
  spec.by = {"weekday"};
  EXPECT_EQ(Csv(SixEvents(), spec), "weekday,count\nMonday,1\nSaturday,3\nSunday,2\n");
  spec.by = {"hour"};
  EXPECT_EQ(Csv(SixEvents(), spec), "hour,count\n9,1\n12,1\n22,2\n23,2\n");
}

TEST(Query, EventsOutsideThePeriodCountAsMissingNotDropped) {
  QuerySpec spec;
  spec.by = {"force", "month"};
  spec.from_month = MonthIndex(2024, 1);
  spec.to_month = MonthIndex(2024, 2);
  EXPECT_EQ(Csv(SixEvents(), spec),
            "force,month,count\nNorth,2024-01,1\nNorth,2024-02,2\nSouth,2024-01,1\n"
            "(missing),(missing),2\n");
}

// Regression: with no --by, --from/--to used to be ignored (found by the SNA cross-check).
TEST(Query, WithoutDimensionsThePeriodLimitsTheCount) {
  QuerySpec spec;
  spec.from_month = MonthIndex(2024, 2);
  spec.to_month = MonthIndex(2024, 3);
  EXPECT_EQ(Csv(SixEvents(), spec), "count\n3\n");
}

TEST(Query, SelectionMaskLimitsTheCount) {
  QuerySpec spec;
  spec.by = {"force"};
  EXPECT_EQ(Csv(SixEvents(), spec, {1, 1, 0, 0, 0, 0}), "force,count\nNorth,1\nSouth,1\n");
}

TEST(Query, HarmSumsTheWeightOfEachEventsOffence) {
  Frame f = SixEvents();
  QuerySpec spec;
  spec.by = {"force"};
  spec.measure = Measure::kHarm;
  spec.harm_by_offence_code.assign(f.offence_code.dict().size(), 0.0);
  spec.harm_by_offence_code[*f.offence_code.Find("34B")] = 365;
  spec.harm_by_offence_code[*f.offence_code.Find("8N")] = 30;
  // North: 365 (row 1) + 30 (row 4); South: 365 (row 2).
  EXPECT_EQ(Csv(f, spec), "force,harm\nNorth,395\nSouth,365\n");
}

TEST(Query, DefinitionDimensionCountsEachDefinitionAnEventMeets) {
  Frame f = SixEvents();
  QuerySpec spec;
  spec.by = {"definition"};
  spec.definition_names = {"robbery", "night"};
  spec.definition_masks = {{1, 1, 0, 0, 0, 0}, {1, 1, 0, 1, 0, 1}};
  EXPECT_EQ(Csv(f, spec), "definition,count\nnight,4\nrobbery,2\n(none),2\n");
}

Frame WithPeople() {
  Frame f = SixEvents();
  // Event 0: victim 30 female (person 7) and suspect 17 male (person 8); event 1: person 7 again
  // as victim; event 3: suspect of unknown age (person 9).
  auto add = [&](uint32_t event, uint32_t person, Role role, int16_t age, Sex sex) {
    f.people.event.push_back(event);
    f.people.person.push_back(person);
    f.people.role.push_back(static_cast<uint8_t>(role));
    f.people.age.push_back(age);
    f.people.sex.push_back(static_cast<uint8_t>(sex));
  };
  add(0, 7, Role::kVictim, 30, Sex::kFemale);
  add(0, 8, Role::kSuspect, 17, Sex::kMale);
  add(1, 7, Role::kVictim, 30, Sex::kFemale);
  add(3, 9, Role::kSuspect, -1, Sex::kUnknown);
  return f;
}

TEST(Query, PersonDimensionsCountInvolvements) {
  QuerySpec spec;
  spec.by = {"role", "age_band"};
  // Three events have nobody recorded: one row each with the person dimensions missing.
  EXPECT_EQ(Csv(WithPeople(), spec),
            "role,age_band,count\nvictim,25-34,2\nsuspect,10-17,1\nsuspect,(missing),1\n"
            "(missing),(missing),3\n");
}

TEST(Query, PeopleMeasureCountsDistinctPersons) {
  QuerySpec spec;
  spec.by = {"category"};
  spec.measure = Measure::kPeople;
  // Robbery: persons 7 and 8 (7 appears twice); Violence: person 9.
  EXPECT_EQ(Csv(WithPeople(), spec),
            "category,people\nRobbery,2\nViolence and sexual offences,1\n");
}

TEST(Query, UnknownDimensionSuggestsTheNearest) {
  Status st = CheckDimension("distrct");
  EXPECT_EQ(st.message().substr(0, 52), "unknown dimension \"distrct\" (did you mean \"district\"");
}

// Issue 15 item 9: 64 copies of a dimension with 2 values made 2^64 groups, which wrapped to 0,
// and the counters were written out of bounds (a segfault).
TEST(Query, SixtyFourDimensionsAreRefusedNotACrash) {
  QuerySpec spec;
  spec.by.assign(64, "force");
  auto r = RunQuery(SixEvents(), spec, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "--by names 64 dimensions; at most 8 are allowed");
}

TEST(Query, ADimensionGivenTwiceIsRefused) {
  EXPECT_EQ(CheckDimensions({"year", "force", "year"}).message(),
            "dimension \"year\" is given twice in --by; name each dimension once (at most 8)");
  EXPECT_TRUE(CheckDimensions({"year", "force"}).ok());
}

// Issue 15 item 16: nothing selected printed a header and no number at all.
TEST(Query, NothingMatchedShowsATotalOfZero) {
  QuerySpec spec;
  const std::vector<uint8_t> none(6, 0);
  auto total = RunQuery(SixEvents(), spec, none);
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(QueryToCsv(*total), "count\n0\n");
  EXPECT_EQ(QueryEmptyNote(*total), "no events matched; the total is 0");
  spec.by = {"category", "force"};
  auto grouped = RunQuery(SixEvents(), spec, none);
  ASSERT_TRUE(grouped.ok());
  EXPECT_EQ(QueryToCsv(*grouped), "category,force,count\n(total),(total),0\n");
  EXPECT_EQ(QueryToTable(*grouped), "category  force    count\n(total)   (total)      0\n");
  EXPECT_NE(QueryToJson(*grouped).find("\"note\": \"no events matched; the total is 0\""),
            std::string::npos);
}

// Issue 15 item 22: a value that a spreadsheet would run as a formula is neutralised; numbers
// (the counts, and a value that is a plain negative number) stay numbers.
TEST(Query, CsvNeutralisesFormulasButKeepsNumbers) {
  QueryResult r;
  r.dimensions = {"force"};
  r.measure = "count";
  r.rows = {{{"=1+2"}, 3}, {{"@SUM(A1:A9)"}, 2}, {{"-3.5"}, 1}, {{"-2+3"}, 1}};
  EXPECT_EQ(QueryToCsv(r), "force,count\n\"'=1+2\",3\n\"'@SUM(A1:A9)\",2\n-3.5,1\n\"'-2+3\",1\n");
}

// Issue 15 item 23: an escape sequence in a value is shown, not sent to the terminal.
TEST(Query, TableShowsControlCharactersVisibly) {
  QueryResult r;
  r.dimensions = {"force"};
  r.measure = "count";
  r.rows = {{{"Evil\x1b[2J\a"}, 3}};
  EXPECT_EQ(QueryToTable(r), "force            count\nEvil\\x1b[2J\\x07      3\n");
}

}  // namespace
}  // namespace cairn
