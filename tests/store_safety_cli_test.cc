// A careless path or a second key must never cost a partnership its data: only `cairn init` makes a
// store, every other command refuses a path that is not one (and leaves nothing behind), files
// holding pseudonymised records are private to their owner, and a store refuses a key it was not
// made with.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "synth/synth.h"
#include "tests/test_util.h"

namespace cairn::testing {
namespace {

namespace fs = std::filesystem;

int ModeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return st.st_mode & 0777;
}

TEST(StoreSafety, AMistypedStorePathIsRefusedAndNothingIsCreated) {
  TempDir dir;
  NewStore(dir);
  const std::string typo = dir.File("cairm.db");
  WriteText(dir.File("a.csv"), "Crime ID,Month\n");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"status"},
        {"query"},
        {"ingest", "police-uk", dir.File("a.csv")},
        {"sna", "--from", "2024-01", "--to", "2024-03", "--out", dir.File("sna.html")}}) {
    std::vector<std::string> args = {"--db", typo};
    args.insert(args.end(), command.begin(), command.end());
    CommandResult r = RunCairn(args);
    EXPECT_NE(r.exit_code, 0) << command[0];
    EXPECT_NE(r.err.find("no store here"), std::string::npos) << command[0] << ": " << r.err;
    EXPECT_NE(r.err.find("cairn init --db " + typo), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(typo)) << command[0] << " created " << typo;
    EXPECT_FALSE(fs::exists(dir.File("cairm.key"))) << command[0];
  }
}

TEST(StoreSafety, AFileThatIsNotACairnStoreIsRefusedAndLeftAlone) {
  TempDir dir;
  WriteText(dir.File("empty.db"), "");
  WriteText(dir.File("notes.db"), "minutes of the partnership board\n");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("other.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "CREATE TABLE budget(line TEXT); INSERT INTO budget VALUES('x');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  for (const char* name : {"empty.db", "notes.db", "other.db"}) {
    const std::string before = ReadText(dir.File(name));
    for (const char* command : {"status", "init"}) {
      CommandResult r = RunCairn({"--db", dir.File(name), command});
      EXPECT_NE(r.exit_code, 0) << name << " " << command;
      EXPECT_NE(r.err.find(dir.File(name)), std::string::npos) << r.err;
      EXPECT_EQ(ReadText(dir.File(name)), before) << name << " was changed by " << command;
    }
  }
}

TEST(StoreSafety, StoreKeyAndSnapshotArePrivateToTheirOwnerUnlessSharedWithAGroup) {
  TempDir dir;
  const std::string db = NewStore(dir);
  EXPECT_EQ(ModeOf(db), 0600);
  EXPECT_EQ(ModeOf(dir.File("cairn.key")), 0600);
  WriteText(dir.File("a.csv"),
            "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
            "LSOA name,Crime type,Last outcome category,Context\n"
            "a,2024-01,F,F,-2.93,54.89,On or near X,E01900001,Fellshire 001A,Robbery,,\n");
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("a.csv")}).exit_code, 0);
  ASSERT_EQ(RunCairn({"--db", db, "query"}).exit_code, 0);
  EXPECT_EQ(ModeOf(db + ".snapshot"), 0600);

  const std::string shared = dir.File("shared.db");
  ASSERT_EQ(RunCairn({"--db", shared, "init", "--shared-group"}).exit_code, 0);
  EXPECT_EQ(ModeOf(shared), 0660);
}

TEST(StoreSafety, AStoreRefusesRecordsPseudonymisedWithAnotherKey) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.02;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string db = NewStore(dir);
  const std::string other = NewStore(dir, "other.db");
  const std::string other_key = ReadText(dir.File("other.key"));
  const std::string profile = std::string(CAIRN_SOURCE_DIR) + "/profiles/referrals.toml";
  const std::string extract = dir.File("extracts") + "/referrals.csv";
  CommandResult wrong = RunCairn(
      {"--db", db, "--key", dir.File("other.key"), "ingest", "--profile", profile, extract});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("key"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find(other_key), std::string::npos) << "the key itself was printed";
  auto status = RunCairn({"--db", db, "status"});
  EXPECT_EQ(status.err.find("referrals"), std::string::npos) << status.out;
  // With its own key the same extract loads.
  EXPECT_EQ(RunCairn({"--db", db, "ingest", "--profile", profile, extract}).exit_code, 0);
}

TEST(StoreSafety, ADamagedSnapshotCacheIsRebuiltNotBelieved) {
  TempDir dir;
  const std::string db = NewStore(dir);
  std::string rows =
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
      "LSOA name,Crime type,Last outcome category,Context\n";
  for (int i = 0; i < 40; ++i)
    rows += "c" + std::to_string(i) + ",2024-0" + std::to_string(1 + i % 3) +
            ",F,F,-2.93,54.89,On or near X,E01900001,Fellshire 001A," +
            (i % 4 ? "Robbery" : "Burglary") + ",,\n";
  WriteText(dir.File("a.csv"), rows);
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("a.csv")}).exit_code, 0);
  auto by_month = [&] {
    return RunCairn({"--db", db, "query", "--by", "month", "--format", "csv"}).out;
  };
  const std::string expected = "month,count\n2024-01,14\n2024-02,13\n2024-03,13\n";
  ASSERT_EQ(by_month(), expected);
  const std::string cache = db + ".snapshot";
  const std::string good = ReadText(cache);
  ASSERT_GT(good.size(), 64u);
  for (size_t at : {good.size() / 3, good.size() / 2, good.size() - 3}) {
    std::string damaged = good;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    WriteText(cache, damaged);
    EXPECT_EQ(by_month(), expected) << "byte " << at << " flipped";
  }
}

// Issue 15 item 19: a disk that fills during a load (here: a file-size limit, which SQLite meets as
// it would a full disk) names each file not loaded and says what to do. Files committed before the
// disk filled stay loaded; nothing of the others is in the store.
TEST(StoreSafety, ADiskThatFillsDuringALoadNamesTheFilesAndKeepsOnlyWholeOnes) {
  TempDir dir;
  const std::string db = NewStore(dir);
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.05;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string err = dir.File("err.txt");
  const std::string command = "sh -c \"trap '' XFSZ; ulimit -f 1000; exec " +
                              std::string(CAIRN_BINARY) + " --db " + db + " ingest police-uk " +
                              dir.File("extracts") + "/police-uk\" 2>" + err;
  EXPECT_NE(std::system(command.c_str()), 0);
  const std::string message = ReadText(err);
  EXPECT_NE(message.find("not loaded: " + dir.File("extracts") + "/police-uk/"), std::string::npos)
      << message;
  EXPECT_NE(message.find("is the disk full"), std::string::npos) << message;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(message, m,
                                std::regex("loaded ([0-9,]+) rows from ([0-9]+) files?, rejected "
                                           "0 rows; ([0-9]+) files not loaded")))
      << message;
  EXPECT_EQ(std::stoi(m[2]) + std::stoi(m[3]), 36) << "every file is loaded or named";
  CommandResult status = RunCairn({"--db", db, "status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find(m[1].str() + " events stored"), std::string::npos)
      << "the store holds exactly the files reported loaded\n"
      << status.out;
}

}  // namespace
}  // namespace cairn::testing
