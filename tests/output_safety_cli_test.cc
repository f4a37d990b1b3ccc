// No output of Cairn's may cost a partnership its store, its key or a file it did not write: a
// report or a pseudonymised copy never replaces the store, its journal or caches, or a key (even
// with --force), replaces any other file only when it is an earlier output of the same kind, and
// `cairn demo` refuses a folder it did not make.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/test_util.h"

namespace cairn::testing {
namespace {

namespace fs = std::filesystem;

const char kPoliceUk[] =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context\n"
    "a,2024-01,F,F,-2.93,54.89,On or near X,E01900001,Fellshire 001A,Robbery,,\n"
    "b,2024-02,F,F,-2.93,54.89,On or near X,E01900001,Fellshire 001A,Burglary,,\n";

// A store with two crimes, and the contents of its store and key files.
struct Loaded {
  explicit Loaded(const TempDir& dir) : db(NewStore(dir)), key(dir.File("cairn.key")) {
    WriteText(dir.File("a.csv"), kPoliceUk);
    EXPECT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("a.csv")}).exit_code, 0);
    EXPECT_EQ(RunCairn({"--db", db, "query"}).exit_code, 0);  // builds the snapshot cache
    store_bytes = ReadText(db);
    key_bytes = ReadText(key);
  }
  std::string db, key, store_bytes, key_bytes;
};

CommandResult Sna(const std::string& db, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--db", db, "sna", "--from", "2024-01", "--to", "2024-02"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCairn(args);
}

int ModeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

TEST(OutputSafety, AReportNeverReplacesTheStoreItsCachesOrTheKeyEvenWithForce) {
  TempDir dir;
  Loaded s(dir);
  fs::create_symlink(s.key, dir.File("innocent.html"));
  for (const std::string& target :
       {s.key, s.db, s.db + "-wal", s.db + "-shm", s.db + ".snapshot", dir.File("innocent.html")})
    for (bool force : {false, true})
      for (const char* flag : {"--out", "--json"}) {
        std::vector<std::string> extra = {flag, target};
        if (std::string(flag) == "--json") extra = {"--out", dir.File("sna.html"), flag, target};
        if (force) extra.push_back("--force");
        CommandResult r = Sna(s.db, extra);
        EXPECT_EQ(r.exit_code, 2) << target << " " << flag << (force ? " --force" : "");
        EXPECT_NE(r.err.find("never replaces it"), std::string::npos) << r.err;
      }
  EXPECT_EQ(ReadText(s.key), s.key_bytes);
  EXPECT_EQ(ReadText(s.db), s.store_bytes);
  EXPECT_FALSE(fs::exists(s.db + "-journal"));
  EXPECT_EQ(RunCairn({"--db", s.db, "query"}).exit_code, 0) << "the store still works";
}

TEST(OutputSafety, AReportNeverReplacesAnotherStoreOrKeyFoundByItsContent) {
  TempDir dir;
  Loaded s(dir);
  NewStore(dir, "other.db");
  fs::copy_file(dir.File("other.db"), dir.File("backup.html"));
  fs::copy_file(dir.File("other.key"), dir.File("old-key.json"));
  for (const char* name : {"other.db", "other.key", "backup.html", "old-key.json"}) {
    const std::string before = ReadText(dir.File(name));
    CommandResult r = Sna(s.db, {"--out", dir.File(name), "--force"});
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_EQ(ReadText(dir.File(name)), before) << name;
  }
}

TEST(OutputSafety, AReportReplacesOnlyAnEarlierReportOfTheSameKindUnlessForced) {
  TempDir dir;
  Loaded s(dir);
  const std::string html = dir.File("sna.html"), json = dir.File("sna.json");
  ASSERT_EQ(Sna(s.db, {"--out", html, "--json", json}).exit_code, 0);
  EXPECT_EQ(Sna(s.db, {"--out", html, "--json", json}).exit_code, 0) << "earlier reports";
  // An HTML report is not a JSON report, nor the other way round.
  EXPECT_EQ(Sna(s.db, {"--out", json}).exit_code, 2);
  EXPECT_EQ(Sna(s.db, {"--out", dir.File("x.html"), "--json", html}).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir.File("x.html"))) << "refused before anything was written";

  WriteText(dir.File("minutes.html"), "<html><head><title>Board minutes</title></head></html>\n");
  CommandResult refused = Sna(s.db, {"--out", dir.File("minutes.html")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_NE(ReadText(dir.File("minutes.html")).find("Board minutes"), std::string::npos);
  EXPECT_EQ(Sna(s.db, {"--out", dir.File("minutes.html"), "--force"}).exit_code, 0);
  EXPECT_NE(ReadText(dir.File("minutes.html")).find("Cairn sna"), std::string::npos);
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos)
        << "left behind: " << entry.path();
}

TEST(OutputSafety, APseudonymisedCopyIsPrivateAndNeverReplacesTheStoreOrAnUnrelatedFile) {
  TempDir dir;
  Loaded s(dir);
  WriteText(dir.File("in.csv"), "NHSNumber,Age\n4857773456,34\n");
  auto pseudonymise = [&](const std::string& out, bool force = false) {
    std::vector<std::string> args = {
        "--db", s.db, "pseudonymise", "--columns", "NHSNumber", dir.File("in.csv"), out};
    if (force) args.push_back("--force");
    return RunCairn(args);
  };
  for (const std::string& target : {s.db, s.key, s.db + "-wal", s.db + ".snapshot"}) {
    EXPECT_EQ(pseudonymise(target, true).exit_code, 2) << target;
  }
  EXPECT_EQ(ReadText(s.db), s.store_bytes);
  EXPECT_EQ(ReadText(s.key), s.key_bytes);

  const std::string out = dir.File("out.csv");
  ASSERT_EQ(pseudonymise(out).exit_code, 0);
  EXPECT_EQ(ModeOf(out), 0600);
  EXPECT_EQ(ReadText(out).find("4857773456"), std::string::npos);
  EXPECT_EQ(pseudonymise(out).exit_code, 0) << "an earlier copy with the same header";

  WriteText(dir.File("budget.csv"), "Line,Amount\nYouth work,12000\n");
  EXPECT_EQ(pseudonymise(dir.File("budget.csv")).exit_code, 2);
  EXPECT_NE(ReadText(dir.File("budget.csv")).find("Youth work"), std::string::npos);
  EXPECT_EQ(pseudonymise(dir.File("budget.csv"), true).exit_code, 0);
}

TEST(OutputSafety, TheDemoRefusesAFolderItDidNotMake) {
  TempDir dir;
  const std::string folder = dir.File("work");
  fs::create_directories(folder);
  const std::string db = NewStore(dir, "work/cairn.db");
  const std::string store = ReadText(db), key = ReadText(folder + "/cairn.key");
  CommandResult r = RunCairn({"demo", "--out", folder});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did not make"), std::string::npos) << r.err;
  EXPECT_EQ(ReadText(db), store);
  EXPECT_EQ(ReadText(folder + "/cairn.key"), key);

  fs::create_directories(dir.File("notes"));
  WriteText(dir.File("notes/plan.txt"), "action plan\n");
  EXPECT_EQ(RunCairn({"demo", "--out", dir.File("notes")}).exit_code, 2);
  EXPECT_EQ(ReadText(dir.File("notes/plan.txt")), "action plan\n");
}

// `make demo` twice: the second run replaces every file of the first (the register workbook,
// which no other command would replace without --force, included) and succeeds.
TEST(OutputSafety, TheDemoRunsAgainIntoItsOwnFolder) {
  TempDir dir;
  const std::string folder = dir.File("demo");
  ASSERT_EQ(RunCairn({"demo", "--out", folder}).exit_code, 0);
  ASSERT_TRUE(fs::exists(folder + "/register.xlsx"));
  WriteText(folder + "/register.xlsx", "an old workbook");
  CommandResult again = RunCairn({"demo", "--out", folder});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(ReadText(folder + "/register.xlsx"), "an old workbook");
}

TEST(OutputSafety, SynthWritesOnlyIntoAFolderItMade) {
  TempDir dir;
  fs::create_directories(dir.File("partner"));
  WriteText(dir.File("partner/ed-istv.csv"), "a real extract, not synthetic\n");
  CommandResult refused =
      RunCairn({"synth", "--out", dir.File("partner"), "--only", "police-uk", "--scale", "0.01"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("not made by `cairn synth`"), std::string::npos) << refused.err;
  EXPECT_EQ(ReadText(dir.File("partner/ed-istv.csv")), "a real extract, not synthetic\n");
  for (int run = 0; run < 2; ++run)  // a new folder, then the same folder again
    EXPECT_EQ(
        RunCairn({"synth", "--out", dir.File("made"), "--only", "police-uk", "--scale", "0.01"})
            .exit_code,
        0)
        << "run " << run;
}

}  // namespace
}  // namespace cairn::testing
