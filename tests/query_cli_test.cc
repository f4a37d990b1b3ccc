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
    db_ = NewStore(*dir_);
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
  // the 812,774 rows (Northumbria's 524,070 among them, all before 2024) fall outside the period.
  EXPECT_EQ(
      r.out,
      "force,count\nCumbria Constabulary,9526\nThames Valley Police,46782\n(missing),756466\n");
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

namespace cairn::testing {
namespace {

const std::string kPoliceHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

std::string PoliceRow(const std::string& id, const std::string& month) {
  return id + "," + month + ",F,F,-2.93,54.89,On or near X,E01900001,Fellshire 001A,Robbery,,\n";
}

// The snapshot is cached beside the store and reused, but never once the data has changed, and a
// damaged cache is rebuilt rather than believed.
TEST(SnapshotCache, IsReusedThenRebuiltWhenTheStoreChanges) {
  TempDir dir;
  const std::string db = NewStore(dir);
  WriteText(dir.File("a.csv"),
            kPoliceHeader + PoliceRow("a", "2024-01") + PoliceRow("b", "2024-01"));
  WriteText(dir.File("b.csv"), kPoliceHeader + PoliceRow("c", "2024-02"));
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("a.csv")}).exit_code, 0);
  auto count = [&] { return RunCairn({"--db", db, "query", "--format", "csv"}).out; };
  EXPECT_EQ(count(), "count\n2\n");
  const std::string cache = db + ".snapshot";
  ASSERT_FALSE(ReadText(cache).empty());
  EXPECT_EQ(count(), "count\n2\n");  // from the cache
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("b.csv")}).exit_code, 0);
  EXPECT_EQ(count(), "count\n3\n");  // the data version changed: rebuilt
  std::string damaged = ReadText(cache);
  damaged.resize(damaged.size() / 2);
  WriteText(cache, damaged);
  EXPECT_EQ(count(), "count\n3\n");
}

}  // namespace
}  // namespace cairn::testing
