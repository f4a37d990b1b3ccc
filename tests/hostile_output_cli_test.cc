// Issue 15, items 9, 16, 22 and 23 end to end: hostile --by lists, queries that match nothing or
// name a value that does not exist, and values that would act on a spreadsheet or a terminal.
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace cairn::testing {
namespace {

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

std::string Row(const std::string& id, const std::string& month, const std::string& type) {
  return id + "," + month + ",F,F,-2.93,54.89,On or near X,E01900001,Fellshire 001A," + type +
         ",,\n";
}

// A store with two robberies and a burglary in 2024-01, and a rejected row whose month holds an
// escape sequence (ESC [ 2 J clears the screen) and a formula.
class HostileOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = NewStore(dir_);
    WriteText(dir_.File("a.csv"),
              kHeader + Row("a", "2024-01", "Robbery") + Row("b", "2024-01", "Robbery") +
                  Row("c", "2024-01", "Burglary") + Row("d", "=1+2\x1b[2J", "Robbery"));
    // Exit 3: loaded, with the one row rejected.
    ASSERT_EQ(RunCairn({"--db", db_, "ingest", "police-uk", dir_.File("a.csv")}).exit_code, 3);
  }
  CommandResult Query(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_, "query"});
    return RunCairn(args);
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(HostileOutput, ThirtyTwoDimensionsAreAUsageErrorNamingTheLimit) {
  std::string by = "year";
  for (int i = 1; i < 32; ++i) by += ",year";
  CommandResult r = Query({"--by", by});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "cairn: --by names 32 dimensions; at most 8 are allowed\n");
  r = Query({"--by", "year,year"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cairn: dimension \"year\" is given twice in --by; name each dimension once (at most "
            "8)\n");
}

TEST_F(HostileOutput, AQueryThatMatchesNothingShowsATotalOfZeroAndSaysSo) {
  CommandResult r = Query({"--format", "csv", "--where", "category = \"Burglary\"", "--from",
                           "2024-02", "--by", "category"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "category,count\n(missing),1\n");  // outside the period: counted as missing
  r = Query({"--format", "csv", "--where", "category = \"Burglary\"", "--from", "2024-02"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "count\n0\n");
  EXPECT_NE(r.err.find("note: no events matched; the total is 0"), std::string::npos) << r.err;
  r = Query({"--format", "json", "--where", "category = \"Burglary\"", "--from", "2024-02"});
  EXPECT_NE(r.out.find("\"count\": 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"note\": \"no events matched; the total is 0\""), std::string::npos);
}

TEST_F(HostileOutput, ACategoryThatDoesNotExistIsAnErrorWithTheNearestOne) {
  CommandResult r = Query({"--where", "category = \"Robery\""});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "cairn: --where: column 12: \"Robery\" is not a category in the data (did you mean "
            "\"Robbery\"?)\n");
  r = Query({"--where", "category in (\"robbery\", \"Burgle\")"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("\"Burgle\" is not a category in the data (did you mean \"Burglary\"?)"),
            std::string::npos)
      << r.err;
  r = Query({"--format", "csv", "--where", "category = \"ROBBERY\""});  // case does not matter
  EXPECT_EQ(r.out, "count\n2\n") << r.err;
}

TEST_F(HostileOutput, QueryRefusesAPeriodThatEndsBeforeItStartsAsSnaDoes) {
  CommandResult q = Query({"--from", "2024-02", "--to", "2024-01"});
  EXPECT_EQ(q.exit_code, 2);
  EXPECT_EQ(q.err, "cairn: --to 2024-01 is before --from 2024-02\n");
  CommandResult s = RunCairn(
      {"--db", db_, "sna", "--from", "2024-02", "--to", "2024-01", "--out", dir_.File("sna.html")});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.err, q.err);
}

TEST_F(HostileOutput, ABlankWhereIsTheSameAsAnEmptyOne) {
  CommandResult empty = Query({"--format", "csv", "--where", ""});
  CommandResult blank = Query({"--format", "csv", "--where", " \t "});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(blank.exit_code, 0) << blank.err;
  EXPECT_EQ(empty.out, "count\n3\n");
  EXPECT_EQ(blank.out, empty.out);
}

TEST_F(HostileOutput, RejectsShowControlCharactersAndNeutraliseFormulas) {
  CommandResult r = RunCairn({"--db", db_, "rejects"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",\"'=1+2\\x1b[2J\","), std::string::npos) << r.out;
}

// A data-quality note quotes the value it is about (here a repeated Crime ID holding ESC [ 2 J):
// ingest shows it rather than clearing the screen, and status's table shows the source visibly.
TEST(HostileTerminal, IngestNotesShowControlCharacters) {
  TempDir dir;
  const std::string db = NewStore(dir);
  WriteText(dir.File("a.csv"), kHeader + Row("x\x1b[2J", "2024-01", "Robbery") +
                                   Row("x\x1b[2J", "2024-01", "Robbery"));
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", dir.File("a.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("x\\x1b[2J"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  CommandResult status = RunCairn({"--db", db, "status"});
  EXPECT_EQ(status.out.find('\x1b'), std::string::npos) << status.out;
}

}  // namespace
}  // namespace cairn::testing
