// (test_util.h is implemented here so the helpers are compiled once into the test binary.)
#include "tests/test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/csv.h"

extern char** environ;

namespace cairn::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "cairn-test-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  path_ = p ? p : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  CsvReader reader(text);
  CsvRecord rec;
  while (reader.Next(&rec)) rows.emplace_back(rec.fields.begin(), rec.fields.end());
  return rows;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

std::string ZipInMemory(const std::vector<ZipPart>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr) << zip_error_strerror(&error);
  for (const ZipPart& part : parts) {
    zip_source_t* source = zip_source_buffer(archive, part.text.data(), part.text.size(), 0);
    zip_int64_t index = zip_file_add(archive, part.name.c_str(), source, ZIP_FL_OVERWRITE);
    EXPECT_GE(index, 0) << zip_strerror(archive);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), part.method, 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  zip_stat_t st;
  zip_stat_init(&st);
  zip_source_stat(out, &st);
  std::string bytes(st.size, '\0');
  zip_source_open(out);
  zip_source_read(out, bytes.data(), st.size);
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

std::string ReadText(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string SharedDir() {
  std::string dir = CAIRN_SHARED_DIR;
  return fs::exists(dir + "/data/real") ? dir : "";
}

std::string NewStore(const TempDir& dir, const std::string& name) {
  const std::string db = dir.File(name);
  CommandResult r = RunCairn({"--db", db, "init"});
  if (r.exit_code != 0) ADD_FAILURE() << "cairn init --db " << db << " failed: " << r.err;
  return db;
}

std::string CumbriaStore(const TempDir& dir) {
  const std::string db = NewStore(dir);
  const std::string files = SharedDir() + "/data/real/police-uk-street/cumbria";
  CommandResult r = RunCairn({"--db", db, "ingest", "police-uk", files});
  if (r.exit_code != 0) ADD_FAILURE() << "cairn ingest police-uk " << files << ": " << r.err;
  return db;
}

CommandResult RunCairn(const std::vector<std::string>& args, const std::string& cwd) {
  TempDir io;
  std::string out_path = io.File("out"), err_path = io.File("err");
  std::vector<std::string> argv_s = {CAIRN_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  std::string old_cwd = fs::current_path().string();
  if (!cwd.empty()) fs::current_path(cwd);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv_s[0].c_str(), &actions, nullptr, argv.data(), environ);
  if (!cwd.empty()) fs::current_path(old_cwd);
  posix_spawn_file_actions_destroy(&actions);
  CommandResult result;
  if (rc != 0) return result;
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadText(out_path);
  result.err = ReadText(err_path);
  return result;
}

TEST(TestUtil, RunCairnCapturesExitCodeAndOutput) {
  CommandResult r = RunCairn({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("ingest"), std::string::npos);
}

}  // namespace cairn::testing
