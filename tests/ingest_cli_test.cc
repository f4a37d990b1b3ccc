// End-to-end tests of `cairn init`, `cairn ingest police-uk`, `cairn status` and `cairn rejects`,
// each in its own temporary directory, on the real data.police.uk files in shared/data/real.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/test_util.h"

extern char** environ;

namespace cairn::testing {

namespace {

namespace fs = std::filesystem;

std::string PoliceDir(const std::string& force) {
  return SharedDir() + "/data/real/police-uk-street/" + force;
}

nlohmann::json Status(const std::string& db) {
  CommandResult r = RunCairn({"--db", db, "status", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

std::string Row(const std::string& id, const std::string& type) {
  return id +
         ",2024-01,Fellshire Constabulary,Fellshire Constabulary,-2.93,54.89,On or near Park "
         "Road,E01900001,Fellshire 001A," +
         type + ",,\n";
}

}  // namespace

TEST(IngestCli, RealDataPoliceUkFilesLoadWithExactRowCounts) {
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  std::string db = NewStore(dir);
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", PoliceDir("cumbria"),
                              PoliceDir("leicestershire"), PoliceDir("thames-valley")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto status = Status(db);
  // Row counts from shared/data/real/SOURCES.md (python csv module), not from Cairn.
  EXPECT_EQ(status["events"], 31155 + 210767 + 46782);
  std::map<std::string, int64_t> rows;
  for (const auto& s : status["sources"]) rows[s["source"]] = s["rows"];
  EXPECT_EQ(rows["Cumbria Constabulary"], 31155);
  EXPECT_EQ(rows["Leicestershire Police"], 210767);
  EXPECT_EQ(rows["Thames Valley Police"], 46782);
  for (const auto& s : status["sources"]) {
    EXPECT_EQ(s["rejected"], 0);
    if (s["source"] == "Leicestershire Police") {
      EXPECT_EQ(s["first_period"], "2020-11");
      EXPECT_EQ(s["last_period"], "2022-10");
    }
  }
  // 16 Crime IDs are published more than once (18 repeat rows); each repeat is a finding.
  EXPECT_EQ(status["findings"].size(), 18u);
  EXPECT_NE(r.err.find("loaded 288,704 rows from 36 files, rejected 0 rows"), std::string::npos)
      << r.err;
}

TEST(IngestCli, LoadingTheSameFilesAgainIsANoOp) {
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  std::string db = NewStore(dir);
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", PoliceDir("cumbria")}).exit_code, 0);
  CommandResult again = RunCairn({"--db", db, "ingest", "police-uk", PoliceDir("cumbria")});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.err.find("loaded 0 rows from 0 files, rejected 0 rows; 9 already loaded"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(Status(db)["events"], 31155);
}

TEST(IngestCli, ReDownloadedMonthSupersedesTheOldOne) {
  TempDir dir;
  std::string db = NewStore(dir);
  WriteText(dir.File("2024-01-fellshire-street.csv"),
            kHeader + Row("a", "Robbery") + Row("b", "Drugs"));
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("2024-01-fellshire-street.csv")})
                .exit_code,
            0);
  fs::create_directories(dir.File("new"));
  WriteText(dir.File("new/2024-01-fellshire-street.csv"),
            kHeader + Row("a", "Robbery") + Row("b", "Drugs") + Row("c", "Drugs"));
  CommandResult r =
      RunCairn({"--db", db, "ingest", "police-uk", dir.File("new/2024-01-fellshire-street.csv")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("batch 2 supersedes batch 1 (same source and period)"), std::string::npos)
      << r.err;
  auto status = Status(db);
  EXPECT_EQ(status["events"], 3);
  EXPECT_EQ(status["sources"][0]["batches"], 1);
}

TEST(IngestCli, RejectedRowsGiveExitCodeThreeAndAreListed) {
  TempDir dir;
  std::string db = NewStore(dir);
  WriteText(dir.File("f.csv"), kHeader + Row("a", "Robbery") +
                                   "b,2024-13,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n");
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", dir.File("f.csv")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("loaded 1 rows from 1 file, rejected 1 rows"), std::string::npos) << r.err;
  CommandResult rejects = RunCairn({"--db", db, "rejects", "--batch", "1"});
  EXPECT_EQ(rejects.exit_code, 0);
  EXPECT_EQ(rejects.out, "batch,file,line,column,value,reason\n1," + dir.File("f.csv") +
                             ",3,Month,2024-13,is not a month (expected YYYY-MM)\n");
}

TEST(IngestCli, BadFilesAreNamedAndTheOthersStillLoad) {
  TempDir dir;
  std::string db = NewStore(dir);
  WriteText(dir.File("a-empty.csv"), "");
  WriteText(dir.File("b-good.csv"), kHeader + Row("a", "Robbery"));
  WriteText(dir.File("c-junk.csv"), std::string("\x00\x01\x02\xff\xfe", 5) + "junk");
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", dir.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cairn: not loaded: " + dir.File("a-empty.csv") + ": the file is empty"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(dir.File("c-junk.csv")), std::string::npos);
  EXPECT_EQ(Status(db)["events"], 1);
}

TEST(IngestCli, UsageErrorsExitWithTwo) {
  TempDir dir;
  EXPECT_EQ(RunCairn({"--db", dir.File("x.db"), "ingest", dir.File("nothing.csv")}).exit_code, 2);
  EXPECT_EQ(RunCairn({"--db", dir.File("x.db"), "ingest", "police-uk"}).exit_code, 2);
  EXPECT_EQ(RunCairn({"no-such-command"}).exit_code, 2);
  CommandResult help = RunCairn({"ingest", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--profile"), std::string::npos);
}

TEST(IngestCli, InitCreatesAPrivateKey) {
  TempDir dir;
  CommandResult r = RunCairn({"--db", dir.File("p.db"), "init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto perms = fs::status(dir.File("p.key")).permissions();
  EXPECT_EQ(perms & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(RunCairn({"--db", dir.File("p.db"), "init"}).exit_code, 0);  // keeps the key
}

// kill -9 at many moments during a load: the store always holds whole batches only, and the next
// load completes to the exact total.
TEST(IngestCli, RealDataKillNineLeavesOnlyWholeBatches) {
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  std::string db = NewStore(dir);
  // Rows per monthly file 2020-11 .. 2022-10, from shared/data/real/SOURCES.md. Files commit in
  // order, so a store holding only whole batches holds a prefix of these.
  const std::vector<int64_t> kMonthRows = {7918,  7082, 6792,  6509, 8113,  8217,  8402, 9299,
                                           8694,  8459, 8564,  9055, 8718,  8185,  8730, 8482,
                                           10019, 9494, 10332, 9980, 10056, 10373, 9492, 9802};
  std::set<int64_t> prefix_sums = {0};
  int64_t kTotal = 0;
  for (int64_t n : kMonthRows) prefix_sums.insert(kTotal += n);
  for (int delay_ms : {30, 80, 150, 250, 400, 700}) {
    std::vector<std::string> args = {CAIRN_BINARY, "--db",      db,
                                     "ingest",     "police-uk", PoliceDir("leicestershire")};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int st = 0;
    waitpid(pid, &st, 0);
    // Every batch in the store is whole: its event count equals its file's row count.
    auto status = Status(db);
    int64_t events = status["events"];
    EXPECT_TRUE(prefix_sums.count(events)) << events << " events is not a whole number of batches";
    // The load wrote through a rollback journal (a bulk load); opening the store for the status
    // rolled back any unfinished group and put the store back in WAL mode: bytes 18 and 19 of
    // the file header are 2 (sqlite.org/fileformat.html).
    std::ifstream header_in(db, std::ios::binary);
    char header[20] = {};
    header_in.read(header, sizeof header);
    EXPECT_EQ(header[18], 2) << "after " << delay_ms << " ms";
    EXPECT_EQ(header[19], 2) << "after " << delay_ms << " ms";
    if (!status["sources"].empty()) {
      EXPECT_EQ(status["sources"][0]["rows"], events);
      EXPECT_EQ(status["sources"][0]["events"], events);
    }
  }
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", PoliceDir("leicestershire")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Status(db)["events"], kTotal);
}

}  // namespace cairn::testing
