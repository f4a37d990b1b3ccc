// `cairn query` on the real data.police.uk files gives exactly the counts that an independent count
// of the CSVs (Python's csv module, tests/golden/make_golden.py) gives.
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace cairn::testing {

namespace {

class RealQuery : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (SharedDir().empty()) return;
    dir_ = new TempDir();
    db_ = dir_->File("cairn.db");
    CommandResult r =
        RunCairn({"--db", db_, "ingest", "police-uk", SharedDir() + "/data/real/police-uk-street"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override {
    if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  }
  static std::string Golden(const std::string& name) {
    return ReadText(std::string(CAIRN_SOURCE_DIR) + "/tests/golden/" + name);
  }
  static CommandResult Query(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_, "query", "--format", "csv"});
    return RunCairn(args);
  }
  static TempDir* dir_;
  static std::string db_;
};

TempDir* RealQuery::dir_ = nullptr;
std::string RealQuery::db_;

TEST_F(RealQuery, RealDataForceByCategoryMatchesAnIndependentCount) {
  CommandResult r = Query({"--by", "force,category"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Golden("real-police-uk-force-category.csv"));
}

TEST_F(RealQuery, RealDataMonthByForceMatchesAnIndependentCount) {
  CommandResult r = Query({"--by", "month,force"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Golden("real-police-uk-month-force.csv"));
}

TEST_F(RealQuery, RealDataEventsOutsideThePeriodAreCountedAsMissing) {
  CommandResult r = Query({"--by", "force", "--from", "2024-01", "--to", "2024-03"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Cumbria 2024-01..03: 2,983 + 3,276 + 3,267; Thames Valley: 46,782 (SOURCES.md); the rest of
  // the 288,704 rows fall outside the period.
  EXPECT_EQ(
      r.out,
      "force,count\nCumbria Constabulary,9526\nThames Valley Police,46782\n(missing),232396\n");
}

TEST_F(RealQuery, RealDataCoarseDefinitionMatchesAnIndependentCount) {
  CommandResult r = Query({"--where", "serious_violence_coarse", "--by", "year,category"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Golden("real-police-uk-year-category-violence.csv"));
  EXPECT_NE(r.err.find("definition: serious_violence_coarse (police-uk-coarse v1)"),
            std::string::npos)
      << r.err;
}

TEST_F(RealQuery, RealDataWhereErrorsPointAtTheColumn) {
  CommandResult r = Query({"--where", "category = \"Robbery\" and victm.age < 18"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cairn: --where: column 26: unknown field \"victm.age\" (did you mean "
            "\"victim.age\"?)\n");
}

TEST_F(RealQuery, UnknownDimensionIsAUsageErrorWithASuggestion) {
  CommandResult r = Query({"--by", "catgory"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown dimension \"catgory\" (did you mean \"category\"?)"),
            std::string::npos)
      << r.err;
}

}  // namespace

}  // namespace cairn::testing
