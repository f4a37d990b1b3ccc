#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "tests/test_util.h"

namespace cairn {
namespace {

using testing::ReadText;
using testing::TempDir;

// Holds what std::cout receives while it lives.
class CaptureStdout {
 public:
  CaptureStdout() : saved_(std::cout.rdbuf(captured_.rdbuf())) {}
  ~CaptureStdout() { std::cout.rdbuf(saved_); }
  std::string text() const { return captured_.str(); }

 private:
  std::ostringstream captured_;
  std::streambuf* saved_;
};

TEST(RunCommandLine, RunsCommandsInThisProcessWithTheOutputWhereAsked) {
  TempDir dir;
  const std::string db = dir.File("cairn.db"), config = std::string(CAIRN_SOURCE_DIR) + "/config";
  CaptureStdout console;
  ASSERT_EQ(RunCommandLine({"--db", db, "--config", config, "init"}), kExitOk);
  EXPECT_TRUE(std::filesystem::exists(db));
  const std::string before = console.text();
  ASSERT_EQ(
      RunCommandLine({"--db", db, "--config", config, "status", "--json"}, dir.File("status.json")),
      kExitOk);
  std::cout << "after";
  // The command's output went to the file, and std::cout is the console again afterwards.
  EXPECT_EQ(console.text(), before + "after");
  const std::string status = ReadText(dir.File("status.json"));
  EXPECT_NE(status.find("\"events\""), std::string::npos) << status;
}

TEST(RunCommandLine, ExitCodesAreTheCommandLinesOwn) {
  TempDir dir;
  const std::string db = dir.File("cairn.db");
  CaptureStdout console;
  EXPECT_EQ(RunCommandLine({"--db", db, "no-such-command"}), kExitUsage);
  EXPECT_EQ(RunCommandLine({"--db", db, "status"}), kExitError);  // no store there
  EXPECT_EQ(RunCommandLine({"--help"}), kExitOk);
  EXPECT_NE(console.text().find("Usage: cairn"), std::string::npos) << console.text();
  // Output that cannot be written: nothing runs.
  EXPECT_EQ(RunCommandLine({"--db", db, "init"}, dir.File("missing/folder/out.txt")), kExitError);
  EXPECT_FALSE(std::filesystem::exists(db));
}

}  // namespace
}  // namespace cairn
