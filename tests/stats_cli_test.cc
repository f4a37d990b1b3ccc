// End-to-end tests of `cairn stats`: the CSV/JSON contract (every input column kept, added
// columns named as documented, empty where undefined), exit codes and error messages. The numbers
// themselves are checked against R in src/stats/rates_test.cc and src/stats/spatial_test.cc; the
// values here are the same R references (e.g. rate(9, 1000, 1000) lower95 = 4.115373097378332).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"
#include "util/csv.h"

namespace cairn::testing {

namespace {

double Rel(const std::string& actual, double expected) { return std::stod(actual) / expected; }

TEST(StatsCli, RateKeepsInputColumnsAndAddsIntervals) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "area,count,population\nA,9,1000\nB,20,10000\n\"C, c\",,500\n");
  CommandResult r =
      RunCairn({"stats", "rate", "--input", dir.File("in.csv"), "--multiplier", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"area", "count", "population", "value", "lower95",
                                               "upper95", "lower998", "upper998", "method"}));
  EXPECT_EQ(rows[1][0], "A");
  EXPECT_NEAR(Rel(rows[1][4], 4.115373097378332), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[1][7], 22.65737330906293), 1, 1e-6);
  EXPECT_EQ(rows[1][8], "Exact");
  EXPECT_NEAR(Rel(rows[2][4], 1.2211428834875935), 1, 1e-6);
  EXPECT_EQ(rows[2][8], "Byars");
  EXPECT_EQ(rows[3][0], "C, c");  // an empty count: empty outputs
  EXPECT_EQ(rows[3][3], "");
}

// A sheet of a workbook (tests/fixtures/tables.xlsx, written with openpyxl: sheet "Rates"
// holds the same two areas) gives what the CSV does; the first sheet has no such columns.
TEST(StatsCli, RateReadsAWorkbookSheet) {
  const std::string book = std::string(CAIRN_SOURCE_DIR) + "/tests/fixtures/tables.xlsx";
  CommandResult r =
      RunCairn({"stats", "rate", "--input", book, "--sheet", "Rates", "--multiplier", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "Fellside");
  EXPECT_NEAR(Rel(rows[1][4], 4.115373097378332), 1, 1e-6);   // qchisq(0.025, 18) / 2
  EXPECT_NEAR(Rel(rows[1][5], 17.084803451419), 1, 1e-6);     // qchisq(0.975, 20) / 2
  EXPECT_NEAR(Rel(rows[2][5], 3.0889880369197065), 1, 1e-6);  // Byar's, 20 in 10,000
  r = RunCairn({"stats", "rate", "--input", book});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no column \"count\""), std::string::npos) << r.err;
  r = RunCairn({"stats", "rate", "--input", book, "--sheet", "Nope"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("Rates"), std::string::npos) << r.err;  // names the sheets there are
}

TEST(StatsCli, ProportionJson) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "ward,count,denominator\nNorth,65,100\n");
  CommandResult r =
      RunCairn({"stats", "proportion", "--input", dir.File("in.csv"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["ward"], "North");
  EXPECT_NEAR(j[0]["lower95"].get<double>() / 0.5525444329688797, 1, 1e-6);
  EXPECT_NEAR(j[0]["upper998"].get<double>() / 0.7783540614089685, 1, 1e-6);
  EXPECT_EQ(j[0]["method"], "Wilson");
}

// R 4.2.2: poisson.test(c(45, 30), c(1, 1)) -> rate ratio 1.5, 95% 0.924447978476192 to
// 2.465973512105324, p 0.105342268874605; poisson.test(c(12, 20), c(2, 1)) -> 0.3,
// 0.133713815617561 to 0.644367825840126, p 0.00101363714159899.
TEST(StatsCli, ChangeBetweenTwoPeriodsAgreesWithPoissonTest) {
  TempDir dir;
  WriteText(dir.File("in.csv"),
            "area,previous,current,previous_exposure,current_exposure\n"
            "North,30,45,1,1\nSouth,20,12,1,2\n");
  CommandResult r = RunCairn({"stats", "change", "--input", dir.File("in.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"area", "previous", "current", "previous_exposure",
                                      "current_exposure", "value", "lower95", "upper95",
                                      "change_percent", "pvalue", "significant", "method"}));
  EXPECT_NEAR(Rel(rows[1][5], 1.5), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[1][6], 0.924447978476192), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[1][7], 2.465973512105324), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[1][8], 50), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[1][9], 0.105342268874605), 1, 1e-6);
  EXPECT_EQ(rows[1][10], "no");
  EXPECT_NEAR(Rel(rows[2][5], 0.3), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[2][6], 0.133713815617561), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[2][7], 0.644367825840126), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[2][9], 0.00101363714159899), 1, 1e-6);
  EXPECT_EQ(rows[2][10], "yes");
  WriteText(dir.File("bad.csv"), "previous,current\n3,-1\n");
  r = RunCairn({"stats", "change", "--input", dir.File("bad.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("line 2, column \"current\""), std::string::npos) << r.err;
}

// Fingertips comparator 12 (shared/METHODS.md 1.6): (3.0 [2.7, 3.1]) against (4.0 [3.5, 4.5]) is
// better when low is good; (3.0 [2.7, 3.6]) overlaps it, so similar.
TEST(StatsCli, CompareOverlappingIntervals) {
  TempDir dir;
  WriteText(dir.File("in.csv"),
            "area,value,lower95,upper95,benchmark,benchmark_lower95,benchmark_upper95\n"
            "A,3.0,2.7,3.1,4.0,3.5,4.5\nB,3.0,2.7,3.6,4.0,3.5,4.5\n");
  CommandResult r = RunCairn({"stats", "compare", "--input", dir.File("in.csv"), "--polarity",
                              "low-good", "--method", "intervals"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].back(), "better");
  EXPECT_EQ(rows[2].back(), "similar");
  EXPECT_EQ(RunCairn({"stats", "compare", "--input", dir.File("in.csv"), "--polarity", "low-good",
                      "--method", "ci"})
                .exit_code,
            2);
}

// The hand-worked example of Dsr.NonIndependentEventsWidenTheInterval (src/stats/rates_test.cc).
TEST(StatsCli, DsrWithEventFrequencies) {
  TempDir dir;
  WriteText(dir.File("in.csv"),
            "ageband,eventfreq,count,population,standard\n"
            "A,1,10,1000,4000\nA,2,5,1000,4000\nB,1,8,2000,6000\nB,3,2,2000,6000\n");
  CommandResult r = RunCairn({"stats", "dsr", "--input", dir.File("in.csv"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_NEAR(j[0]["value"].get<double>() / 1220, 1, 1e-6);
  EXPECT_NEAR(j[0]["lower95"].get<double>() / 740.7703206721333, 1, 1e-6);
  EXPECT_NEAR(j[0]["upper95"].get<double>() / 1839.247096738131, 1, 1e-6);
  EXPECT_EQ(j[0]["method"], "Dobson, with confidence adjusted for non-independent events");
  WriteText(dir.File("nob.csv"), "eventfreq,count,population,standard\n1,10,1000,4000\n");
  r = RunCairn({"stats", "dsr", "--input", dir.File("nob.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("needs an ageband column"), std::string::npos) << r.err;
}

TEST(StatsCli, DsrPerGroupWithUndefinedBelowTenEvents) {
  TempDir dir;
  WriteText(dir.File("in.csv"),
            "group,area,age,count,population,standard\n"
            "g1,Fell,0,12,1000,5000\ng1,Fell,1,8,1000,5000\n"
            "g2,Dale,0,4,1000,5000\ng2,Dale,1,5,1000,5000\n");
  CommandResult r = RunCairn({"stats", "dsr", "--input", dir.File("in.csv"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["area"], "Fell");
  EXPECT_FALSE(j[0].contains("age"));  // varies within the group
  // 20 events in 2,000 with equal weights: 1,000 per 100,000 and Byar's limits of 20 events.
  EXPECT_NEAR(j[0]["value"].get<double>(), 1000, 1e-9);
  EXPECT_NEAR(j[0]["lower95"].get<double>() / 610.57144174379675, 1, 1e-6);
  EXPECT_TRUE(j[1]["value"].is_null());
  EXPECT_EQ(j[1]["method"], "dsr NA for total count < 10");
}

TEST(StatsCli, CompareTwoLevelsWithPolarity) {
  TempDir dir;
  WriteText(dir.File("in.csv"),
            "area,value,lower95,upper95,benchmark,lower998,upper998\n"
            "A,2.6,2.5,2.7,3.0,2.3,2.9\nB,2.6,2.5,2.7,2.8,2.3,2.9\nC,2.6,2.5,2.7,2.6,2.3,2.9\n"
            "D,4,,5,3,,\n");
  CommandResult low = RunCairn({"stats", "compare", "--input", dir.File("in.csv"), "--polarity",
                                "low-good", "--levels", "2"});
  ASSERT_EQ(low.exit_code, 0) << low.err;
  auto rows = CsvRows(low.out);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].back(), "comparison");
  EXPECT_EQ(rows[1].back(), "best");
  EXPECT_EQ(rows[2].back(), "better");
  EXPECT_EQ(rows[3].back(), "similar");
  EXPECT_EQ(rows[4].back(), "");
  CommandResult high =
      RunCairn({"stats", "compare", "--input", dir.File("in.csv"), "--polarity", "high-good"});
  ASSERT_EQ(high.exit_code, 0) << high.err;
  EXPECT_EQ(CsvRows(high.out)[1].back(), "worse");
}

TEST(StatsCli, GiStarReportsTheAdjustment) {
  TempDir dir;
  const int counts[] = {1, 0, 2, 5, 3, 8, 12, 4, 0, 9, 15, 6, 1, 2, 3, 0};
  std::string csv = "cell,x,y,count\n";
  for (int k = 0; k < 16; ++k)
    csv += "c" + std::to_string(k) + "," + std::to_string(k % 4 * 100) + "," +
           std::to_string(k / 4 * 100) + "," + std::to_string(counts[k]) + "\n";
  WriteText(dir.File("in.csv"), csv);
  CommandResult r = RunCairn({"stats", "gistar", "--input", dir.File("in.csv"), "--cell-size",
                              "100", "--p-adjust", "fdr"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("p-value adjustment: fdr"), std::string::npos);
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 17u);
  EXPECT_EQ(rows[0][4], "gistar");
  EXPECT_EQ(rows[0][5], "pvalue");
  // spdep::localG and p.adjustSP(…, "fdr") for cell 7 (index 6).
  EXPECT_NEAR(Rel(rows[7][4], 2.35805060414409162), 1, 1e-6);
  EXPECT_NEAR(Rel(rows[7][5], 0.1837118842948937), 1, 1e-6);
}

TEST(StatsCli, KdeWritesOneRowPerCell) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "x,y\n0,0\n100,0\n0,-150\n300,0\n");
  CommandResult r = RunCairn(
      {"stats", "kde", "--input", dir.File("in.csv"), "--cell-size", "50", "--bandwidth", "200"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"x", "y", "n", "kde"}));
  bool found = false;
  for (const auto& row : rows)
    if (row[0] == "0" && row[1] == "0") {
      found = true;
      EXPECT_NEAR(Rel(row[3], 1.75390625), 1, 1e-9);  // worked by hand, see spatial_test.cc
    }
  EXPECT_TRUE(found) << r.out;
  EXPECT_NE(r.err.find("bandwidth: 200"), std::string::npos);
}

TEST(StatsCli, BadInputNamesFileLineAndColumn) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "area,count,population\nA,1,10\nB,2,20\nC,3,-5\n");
  CommandResult r = RunCairn({"stats", "rate", "--input", dir.File("in.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("in.csv line 4, column \"population\": \"-5\" is not a positive number"),
            std::string::npos)
      << r.err;
  WriteText(dir.File("p.csv"), "count,denominator\n11,10\n");
  r = RunCairn({"stats", "proportion", "--input", dir.File("p.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("p.csv line 2"), std::string::npos) << r.err;
  WriteText(dir.File("m.csv"), "count,pop\n1,10\n");
  r = RunCairn({"stats", "rate", "--input", dir.File("m.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no column \"population\""), std::string::npos) << r.err;
}

TEST(StatsCli, UsageErrorsExitTwo) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "count,population\n1,10\n");
  EXPECT_EQ(RunCairn({"stats", "ratio", "--input", dir.File("in.csv")}).exit_code, 2);
  EXPECT_EQ(RunCairn({"stats", "rate"}).exit_code, 2);
  EXPECT_EQ(RunCairn({"stats", "rate", "--input", dir.File("in.csv"), "--format", "xml"}).exit_code,
            2);
  EXPECT_EQ(RunCairn({"stats", "compare", "--input", dir.File("in.csv")}).exit_code, 2);
  EXPECT_EQ(RunCairn({"stats", "gistar", "--input", dir.File("in.csv")}).exit_code, 2);
  EXPECT_EQ(RunCairn({"stats", "gistar", "--input", dir.File("in.csv"), "--cell-size", "10",
                      "--p-adjust", "bonferroni"})
                .exit_code,
            2);
}

// Issue 15 item 14: `stats rate` held every field of the input as a string (6.9 GB for 10 million
// rows). It now streams: a million rows run within 400 MB of address space (the old code needed
// about 1.4 GB here). Not under ASan, which reserves far more address space than it uses.
TEST(StatsCli, RateStreamsAMillionRowsInLittleMemory) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "address-space limit does not apply under ASan";
#endif
  TempDir dir;
  std::string text = "area,count,population\n";
  text.reserve(40u << 20);
  for (int i = 0; i < 1000000; ++i)
    text += "E" + std::to_string(10000000 + i) + "," + std::to_string(i % 500) + "," +
            std::to_string(1000 + i % 7919) + "\n";
  WriteText(dir.File("big.csv"), text);
  const std::string command = "ulimit -v 400000; '" + std::string(CAIRN_BINARY) +
                              "' stats rate --input '" + dir.File("big.csv") + "' > '" +
                              dir.File("out.csv") + "' 2> '" + dir.File("err.txt") + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << ReadText(dir.File("err.txt"));
  const std::string out = ReadText(dir.File("out.csv"));
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1000001);
}

// An error on the last row still leaves stdout empty: every row is checked before any is written.
TEST(StatsCli, StreamedRateWritesNothingWhenALaterRowIsBad) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "count,population\n1,10\n2,20\n3,-5\n");
  CommandResult r = RunCairn({"stats", "rate", "--input", dir.File("in.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "cairn: " + dir.File("in.csv") +
                       " line 4, column \"population\": \"-5\" is not a positive number\n");
}

// Issue 15 item 22: the input's text is written back, so a formula in it is neutralised; the
// numbers (a negative benchmark among them) stay numbers.
TEST(StatsCli, CsvOutputNeutralisesFormulasInTheInput) {
  TempDir dir;
  WriteText(dir.File("in.csv"),
            "area,value,lower95,upper95,benchmark\n\"=HYPERLINK(\"\"x\"\")\",-3.5,-4,-3,-5\n");
  CommandResult r =
      RunCairn({"stats", "compare", "--input", dir.File("in.csv"), "--polarity", "high-good"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "area,value,lower95,upper95,benchmark,comparison\n\"'=HYPERLINK(\"\"x\"\")\",-3.5,-4,-3,"
      "-5,better\n");
}

// Issue 15 item 15: numeric options are finite and in range; 0, nan and inf are refused, not
// taken as the default or written as blank columns and Inf.
TEST(StatsCli, NumericOptionsMustBeFiniteAndInRange) {
  TempDir dir;
  WriteText(dir.File("r.csv"), "count,population\n1,10\n");
  WriteText(dir.File("k.csv"), "x,y\n0,0\n100,0\n0,-150\n300,0\n");
  auto run = [&](std::vector<std::string> args) {
    CommandResult r = RunCairn(args);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_EQ(r.out, "");
    return r.err;
  };
  const std::string rate = dir.File("r.csv"), kde = dir.File("k.csv");
  for (const char* bad : {"0", "nan", "inf", "-5", "1e10", "x"})
    EXPECT_EQ(run({"stats", "rate", "--input", rate, "--multiplier", bad}),
              "cairn: --multiplier \"" + std::string(bad) +
                  "\": expected a number from 1 to 1000000000\n");
  EXPECT_EQ(run({"stats", "kde", "--input", kde, "--cell-size", "1e-300"}),
            "cairn: --cell-size \"1e-300\": expected a number from 1 m to 100000 m\n");
  EXPECT_EQ(run({"stats", "gistar", "--input", kde, "--cell-size", "nan"}),
            "cairn: --cell-size \"nan\": expected a number from 1 m to 100000 m\n");
  EXPECT_EQ(run({"stats", "kde", "--input", kde, "--bandwidth", "inf"}),
            "cairn: --bandwidth \"inf\": expected a number from 1 m to 500000 m\n");
  EXPECT_EQ(run({"stats", "dsr", "--input", rate, "--multiplier", "0"}),
            "cairn: --multiplier \"0\": expected a number from 1 to 1000000000\n");
}

TEST(StatsCli, PointsMustBePlausibleAndCountsNotNegative) {
  TempDir dir;
  WriteText(dir.File("far.csv"), "x,y\n0,0\n1e308,5\n");
  CommandResult r = RunCairn({"stats", "kde", "--input", dir.File("far.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "cairn: " + dir.File("far.csv") +
                " line 3: (1e+308, 5) is not a plausible British National Grid point "
                "(expected x from -100000 m to 800000 m and y from -100000 m to 1400000 m)\n");
  WriteText(dir.File("ll.csv"), "longitude,latitude\n-2.9,54.9\n200,54.9\n");
  r = RunCairn({"stats", "kde", "--input", dir.File("ll.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("line 3: (200, 54.9) is not a plausible longitude and latitude (expected "
                       "longitude from -180 to 180 and latitude from -90 to 90)"),
            std::string::npos)
      << r.err;
  WriteText(dir.File("g.csv"), "x,y,count\n0,0,1\n100,0,-3\n");
  r = RunCairn({"stats", "gistar", "--input", dir.File("g.csv"), "--cell-size", "100"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "cairn: " + dir.File("g.csv") +
                       " line 3, column \"count\": \"-3\" is not a number of at least 0\n");
}

// A cell far smaller than the area would make more cells than can be counted: refused by size.
TEST(StatsCli, AGridTooLargeToCountIsRefused) {
  TempDir dir;
  WriteText(dir.File("k.csv"), "x,y\n0,0\n700000,1300000\n");
  CommandResult r = RunCairn({"stats", "kde", "--input", dir.File("k.csv"), "--cell-size", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the grid would have 910002000001 cells (at most 50000000); choose a "
                       "larger cell size"),
            std::string::npos)
      << r.err;
}

// Issue 15 item 23: an error quoting a field shows its escape sequence instead of sending it.
TEST(StatsCli, ErrorsShowControlCharactersOfTheValueTheyQuote) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "count,population\n\x1b[2J\a,10\n");
  CommandResult r = RunCairn({"stats", "rate", "--input", dir.File("in.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "cairn: " + dir.File("in.csv") +
                       " line 2, column \"count\": \"\\x1b[2J\\x07\" is not a number of at least "
                       "0\n");
}

}  // namespace

}  // namespace cairn::testing

namespace cairn::testing {
namespace {

// `stats spc` on the series whose limits and rules METHODS.md section 2 works out by hand (see
// src/stats/spc_test.cc): mean 12, limits 9.34 and 14.66; with "decrease" better, the points below
// the mean are improvement and the rise is concern. Rows may come in any order: charted by date.
TEST(StatsSpcCli, WritesLimitsRulesAndIcons) {
  TempDir dir;
  const double y[] = {10, 11, 10, 11, 10, 11, 10, 11, 12, 13, 14, 15, 16, 17, 10, 11};
  std::vector<std::string> lines;
  for (int i = 0; i < 16; ++i) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d", 2024 + i / 12, i % 12 + 1);
    lines.push_back(std::string(date) + "," + std::to_string(y[i]) + "\n");
  }
  std::string csv = "date,value\n" + lines[15];
  for (int i = 0; i < 15; ++i) csv += lines[i];
  WriteText(dir.File("kpi.csv"), csv);
  CommandResult r = RunCairn({"stats", "spc", "--input", dir.File("kpi.csv"), "--improvement",
                              "decrease", "--target", "16"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')),
            "date,value,group,mean,lpl,upl,nlpl,nupl,rule,point_type");
  EXPECT_NE(r.out.find("\n2024-01,10,1,12,9.34,14.66,10.226666666666667,13.773333333333333,"
                       "two_of_three,special_cause_improvement\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n2024-02,11,1,12,9.34,14.66,10.226666666666667,13.773333333333333,"
                       "shift,special_cause_improvement\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n2024-12,15,1,12,9.34,14.66,10.226666666666667,13.773333333333333,"
                       "outside_limits,special_cause_concern\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n2025-04,11,1,12,9.34,14.66,10.226666666666667,13.773333333333333,,"
                       "common_cause\n"),
            std::string::npos)
      << "the last line, though it came first in the file\n"
      << r.out;
  EXPECT_NE(r.err.find("assurance: consistent_pass"), std::string::npos) << r.err;
  CommandResult json = RunCairn(
      {"stats", "spc", "--input", dir.File("kpi.csv"), "--format", "json", "--rebase", "2025-03"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"variation_icon\": \"common_cause\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"short_group_warning\": true"), std::string::npos) << "2 points";
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--run", "5"}, {"--chart", "p"}, {"--rebase", "2030-01"}})
    EXPECT_EQ(RunCairn({"stats", "spc", "--input", dir.File("kpi.csv"), bad[0], bad[1]}).exit_code,
              2)
        << bad[0] << " " << bad[1];
  EXPECT_EQ(RunCairn({"stats", "spc", "--input", dir.File("kpi.csv"), "--chart", "u"}).exit_code, 1)
      << "a u chart needs an exposure column";
  WriteText(dir.File("twice.csv"), "date,value\n2024-01,1\n2024-01,2\n");
  EXPECT_EQ(RunCairn({"stats", "spc", "--input", dir.File("twice.csv")}).exit_code, 1);
  // The user's other columns are kept, after the chart's; a c chart counts whole events.
  WriteText(dir.File("area.csv"), "area,date,value\nEden,2024-01,3\nEden,2024-02,4.5\n");
  CommandResult kept = RunCairn({"stats", "spc", "--input", dir.File("area.csv")});
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(kept.out.substr(0, kept.out.find('\n')),
            "date,value,group,mean,lpl,upl,nlpl,nupl,rule,point_type,area");
  EXPECT_NE(kept.out.find(",common_cause,Eden\n"), std::string::npos) << kept.out;
  CommandResult counts =
      RunCairn({"stats", "spc", "--input", dir.File("area.csv"), "--chart", "c"});
  EXPECT_EQ(counts.exit_code, 1);
  EXPECT_NE(counts.err.find("area.csv line 3: column \"value\": \"4.5\" is not a whole number"),
            std::string::npos)
      << counts.err;
}

}  // namespace
}  // namespace cairn::testing
