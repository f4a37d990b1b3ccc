// Helpers for end-to-end tests: a temporary directory per test, and running the built `cairn`
// binary with captured stdout, stderr and exit code.
#pragma once

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

}  // namespace cairn::testing
