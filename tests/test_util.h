// Helpers for end-to-end tests: a temporary directory per test, and running the built `cairn`
// binary with captured stdout, stderr and exit code.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cairn::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs CAIRN_BINARY with the arguments (no shell), in `cwd` if given.
CommandResult RunCairn(const std::vector<std::string>& args, const std::string& cwd = "");

// Creates a new, empty store called `name` in `dir` with `cairn init` and returns its path; a
// failure to create it fails the calling test.
std::string NewStore(const TempDir& dir, const std::string& name = "cairn.db");
// A new store in `dir` holding the real Cumbria data.police.uk files (SharedDir(): the caller
// skips when it is absent); a failure to load them fails the calling test.
std::string CumbriaStore(const TempDir& dir);

void WriteText(const std::string& path, const std::string& text);
// A command's CSV output as rows of fields (header first).
std::vector<std::vector<std::string>> CsvRows(const std::string& text);
std::string ReadText(const std::string& path);
std::string SharedDir();  // ../shared beside the repository, or "" if absent

// One file of a zip archive made in memory: name, content and libzip's compression method (-1,
// ZIP_CM_DEFAULT: deflate).
struct ZipPart {
  std::string name, text;
  int method = -1;
};
// The bytes of a zip archive of `parts`, made with libzip (workbooks for the .xlsx tests).
std::string ZipInMemory(const std::vector<ZipPart>& parts);

// A test suite over one synthetic county, made by `cairn demo` once for the suite (each suite its
// own: `class KpiCli : public DemoSuite<KpiCli>`). dir_ holds the demo's folder as "demo".
template <typename Suite>
class DemoSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto r = RunCairn({"demo", "--out", dir_->File("demo")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    demo_err_ = new std::string(r.err);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
    delete demo_err_;
    demo_err_ = nullptr;
  }
  static std::string Db() { return dir_->File("demo/cairn.db"); }

  static inline TempDir* dir_ = nullptr;
  static inline std::string* demo_err_ = nullptr;  // what `cairn demo` said on stderr
};

}  // namespace cairn::testing
