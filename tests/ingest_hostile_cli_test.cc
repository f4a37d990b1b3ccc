// End-to-end tests of what `cairn ingest` and `cairn stats` must refuse or skip by name rather than
// hang, abort or load silently (issue 15): symbolic link loops, devices, named pipes, hidden files,
// directories where a file is expected. Each runs in its own temporary directory.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace cairn::testing {

namespace {

namespace fs = std::filesystem;

const std::string kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

const std::string kRow =
    "a,2024-01,Fellshire Constabulary,Fellshire Constabulary,-2.93,54.89,On or near Park "
    "Road,E01900001,Fellshire 001A,Robbery,,\n";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

int64_t Events(const std::string& db) {
  CommandResult r = RunCairn({"--db", db, "status", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out)["events"].get<int64_t>();
}

}  // namespace

// A self-referencing symbolic link once aborted the whole load ("internal error: filesystem
// error"); now it, a link to a missing file, a named pipe and a hidden file are each skipped with a
// note naming them, and the good file loads.
TEST(IngestHostileCli, AFolderWithLinkLoopsAndPipesLoadsItsGoodFiles) {
  TempDir dir;
  std::string db = NewStore(dir);
  fs::create_directories(dir.File("data"));
  WriteText(dir.File("data/good.csv"), kHeader + kRow);
  WriteText(dir.File("data/.~lock.csv"), kHeader + kRow);
  fs::create_symlink("loop.csv", dir.File("data/loop.csv"));
  fs::create_symlink("gone.csv", dir.File("data/dangling.csv"));
  ASSERT_EQ(::mkfifo(dir.File("data/pipe.csv").c_str(), 0600), 0);
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", dir.File("data")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& note :
       {"note: " + dir.File("data/loop.csv") +
            ": skipped, a symbolic link loop (it leads back to itself)",
        "note: " + dir.File("data/dangling.csv") +
            ": skipped, a symbolic link to a file that does not exist",
        "note: " + dir.File("data/pipe.csv") + ": skipped, a named pipe (FIFO), not a regular file",
        "note: " + dir.File("data/.~lock.csv") +
            ": skipped, a hidden file (its name starts with '.'); name it to load it"})
    EXPECT_TRUE(Contains(r.err, note)) << note << "\n" << r.err;
  EXPECT_EQ(Events(db), 1);
}

// /dev/zero and /dev/urandom were read for ever (past 2 GB in seconds); a named pipe would wait
// for a writer. Each is refused by name at once.
TEST(IngestHostileCli, DevicesAndPipesNamedOnTheCommandLineAreRefused) {
  TempDir dir;
  std::string db = NewStore(dir);
  ASSERT_EQ(::mkfifo(dir.File("pipe.csv").c_str(), 0600), 0);
  CommandResult r = RunCairn(
      {"--db", db, "ingest", "police-uk", "/dev/zero", "/dev/urandom", dir.File("pipe.csv")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err,
                       "not loaded: /dev/zero is a character device, not a regular file; Cairn "
                       "reads only regular files"))
      << r.err;
  EXPECT_TRUE(Contains(r.err, "not loaded: /dev/urandom is a character device")) << r.err;
  EXPECT_TRUE(Contains(
      r.err, "not loaded: " + dir.File("pipe.csv") + " is a named pipe (FIFO), not a regular file"))
      << r.err;
  EXPECT_EQ(Events(db), 0);
}

// A file with no line breaks (here 17 MiB of one character) is refused with its name and line,
// not read as one giant record.
TEST(IngestHostileCli, ARecordLongerThanSixteenMebibytesIsRefusedByFileAndLine) {
  TempDir dir;
  std::string db = NewStore(dir);
  WriteText(dir.File("long.csv"), kHeader + kRow + std::string(17u << 20, 'x') + "\n" + kRow);
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", dir.File("long.csv")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(
      r.err, "not loaded: " + dir.File("long.csv") + ": line 3: the record is longer than 16 MiB"))
      << r.err;
  EXPECT_EQ(Events(db), 0);
}

// A Windows-1252 file once loaded with 0 rejects and then made `status --json` and `query --format
// json` fail with "invalid UTF-8 byte". Its rows are now read as Windows-1252 and the store holds
// only UTF-8.
TEST(IngestHostileCli, AWindows1252FileLoadsAsUtf8AndJsonOutputsStillWork) {
  TempDir dir;
  std::string db = NewStore(dir);
  const std::string row =
      "a,2024-01,Ynys M\xF4n Police,Ynys M\xF4n Police,-2.93,54.89,On or near Caf\xE9 "
      "Road,E01900001,Fellshire 001A,Robbery,,\n";
  WriteText(dir.File("cp1252.csv"), kHeader + row);
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", dir.File("cp1252.csv")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err,
                       "note: 1 row is not valid UTF-8 (the first on line 2); read as "
                       "Windows-1252"))
      << r.err;
  EXPECT_EQ(Events(db), 1);
  CommandResult query = RunCairn({"--db", db, "query", "--by", "force", "--format", "json"});
  EXPECT_EQ(query.exit_code, 0) << query.err;
  EXPECT_TRUE(Contains(query.out, "Ynys M\xC3\xB4n Police")) << query.out;
  EXPECT_NO_THROW(nlohmann::json::parse(query.out)) << query.out;
}

// `stats rate --input DIR` ended in "internal error: std::bad_alloc".
TEST(IngestHostileCli, StatsRefusesADirectoryGivenAsItsInput) {
  TempDir dir;
  fs::create_directories(dir.File("rates"));
  CommandResult r = RunCairn({"stats", "rate", "--input", dir.File("rates")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, dir.File("rates") +
                                  " is a directory, not a regular file; Cairn reads only regular "
                                  "files"))
      << r.err;
  EXPECT_FALSE(Contains(r.err, "bad_alloc")) << r.err;
}

}  // namespace cairn::testing
