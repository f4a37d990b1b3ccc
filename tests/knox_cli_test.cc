// End-to-end tests of `cairn stats knox` on a table worked by hand: the CSV/JSON contract, the
// counts and expectations of every cell, seeds, and the error messages. The method itself is
// tested in src/stats/knox_test.cc; `cairn nearrepeat` in tests/nearrepeat_cli_test.cc.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"
#include "util/csv.h"

namespace cairn::testing {

namespace {

using Json = nlohmann::json;

// Five events with a place and a time, one without x. Manhattan distances and day gaps by hand:
//   AB 100 m 2 d; AC 150 m 9 d; AD 2000 m 1 d; AE 2005 m 29 d; BC 250 m 7 d (on both breaks);
//   BD 1900 m 1 d; BE 1905 m 27 d; CD 1850 m 8 d; CE 1855 m 20 d; DE 5 m 28 d.
// Bands [0, 200) / [200, inf) m and [0, 7) / [7, inf) days:
//   near & soon: AB = 1; near & later: AC, DE = 2; far & soon: AD, BD = 2; far & later: 5.
// Row totals 3 and 7, column totals 3 and 7, 10 pairs: expected 0.9, 2.1, 2.1, 4.9.
const char kTable[] =
    "id,x,y,t\n"
    "A,0,0,2024-01-01\n"
    "B,100,0,2024-01-03\n"
    "C,0,150,2024-01-10\n"
    "D,1000,1000,19724\n"  // 2024-01-02 as days since 1970-01-01
    "E,1000,1005,2024-01-30\n"
    "F,,50,2024-01-05\n";

TEST(KnoxCli, StatsKnoxCountsPairsAsWorkedByHand) {
  TempDir dir;
  WriteText(dir.File("in.csv"), kTable);
  CommandResult r =
      RunCairn({"stats", "knox", "--input", dir.File("in.csv"), "--space-bands", "0,200,inf",
                "--time-bands", "0,7,inf", "--permutations", "199", "--seed", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 5u) << r.out;
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"space_from", "space_to", "time_from", "time_to", "observed",
                                      "expected", "ratio", "sim_mean", "pvalue", "near_repeat"}));
  EXPECT_EQ(std::vector<std::string>(rows[1].begin(), rows[1].begin() + 4),
            (std::vector<std::string>{"0", "200", "0", "7"}));
  const std::vector<std::string> observed = {"1", "2", "2", "5"},
                                 expected = {"0.9", "2.1", "2.1", "4.9"};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(rows[k + 1][4], observed[k]) << "cell " << k;
    EXPECT_NEAR(std::stod(rows[k + 1][5]), std::stod(expected[k]), 1e-12) << "cell " << k;
    // p = (tables at least as large + 1) / 200: a whole number of 200ths.
    double p200 = std::stod(rows[k + 1][8]) * 200;
    EXPECT_NEAR(p200, std::round(p200), 1e-9);
  }
  EXPECT_EQ(rows[4][1], "Inf");
  EXPECT_NE(r.err.find("Knox test: 5 rows of " + dir.File("in.csv") +
                       " with a place and a time (1 more without x, y or t, left out); 10 pairs"),
            std::string::npos)
      << r.err;

  CommandResult json = RunCairn({"stats", "knox", "--input", dir.File("in.csv"), "--space-bands",
                                 "0,200,inf", "--time-bands", "0,7,inf", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  Json j = Json::parse(json.out);
  EXPECT_EQ(j["events"], 5);
  EXPECT_EQ(j["dropped"], 1);
  EXPECT_EQ(j["pairs"], 10);
  EXPECT_EQ(j["permutations"], 999);
  EXPECT_TRUE(j["cells"][3]["space_to"].is_null());
  EXPECT_EQ(j["cells"][3]["observed"], 5);
  EXPECT_TRUE(j["cells"][0]["near_repeat"].is_boolean());
}

TEST(KnoxCli, StatsKnoxIsReproducibleWithASeed) {
  TempDir dir;
  WriteText(dir.File("in.csv"), kTable);
  auto run = [&](const std::string& seed) {
    return RunCairn({"stats", "knox", "--input", dir.File("in.csv"), "--space-bands", "0,200,inf",
                     "--time-bands", "0,7,inf", "--permutations", "99", "--seed", seed});
  };
  CommandResult a = run("42"), b = run("42");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(KnoxCli, StatsKnoxErrorsNameTheInput) {
  TempDir dir;
  WriteText(dir.File("in.csv"), "x,y,t\n0,0,2024-01-01\n5,5,2024-13-01\n");
  CommandResult bad = RunCairn({"stats", "knox", "--input", dir.File("in.csv")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "cairn: " + dir.File("in.csv") +
                         " line 3, column \"t\": \"2024-13-01\" is not a date or a number of days "
                         "(expected YYYY-MM-DD or a number)\n");
  WriteText(dir.File("ok.csv"), "x,y,t\n0,0,1\n5,5,2\n");
  CommandResult down =
      RunCairn({"stats", "knox", "--input", dir.File("ok.csv"), "--space-bands", "0,200,100"});
  EXPECT_EQ(down.exit_code, 2);
  EXPECT_EQ(down.err,
            "cairn: --space-bands \"0,200,100\": break points must increase (100 follows 200)\n");
  CommandResult distance =
      RunCairn({"stats", "knox", "--input", dir.File("ok.csv"), "--distance", "crow"});
  EXPECT_EQ(distance.exit_code, 2);
  WriteText(dir.File("one.csv"), "x,y,t\n0,0,1\n,5,2\n");
  CommandResult one = RunCairn({"stats", "knox", "--input", dir.File("one.csv")});
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_NE(one.err.find("at least 2 events with a place and a time; 1 has them (and 1 without)"),
            std::string::npos)
      << one.err;
}

}  // namespace
}  // namespace cairn::testing
