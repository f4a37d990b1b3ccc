#include "util/files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace cairn {

namespace {

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  std::string path =
      (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace

// One buffer serves file after file: a big file, then a smaller one (no bytes of the first left
// over), then an empty one.
TEST(FileBuffer, ReadsFileAfterFileWhole) {
  std::string big(3u << 20, 'x');
  big.back() = 'y';
  std::string big_path = WriteTemp("cairn_files_test_big.csv", big);
  std::string small_path = WriteTemp("cairn_files_test_small.csv", "a,b\n1,2\n");
  std::string empty_path = WriteTemp("cairn_files_test_empty.csv", "");
  FileBuffer buffer;
  ASSERT_TRUE(buffer.Read(big_path).ok());
  EXPECT_EQ(buffer.data().size(), big.size());
  EXPECT_EQ(buffer.data(), big);
  ASSERT_TRUE(buffer.Read(small_path).ok());
  EXPECT_EQ(buffer.data(), "a,b\n1,2\n");
  ASSERT_TRUE(buffer.Read(empty_path).ok());
  EXPECT_EQ(buffer.data(), "");
  for (const auto& p : {big_path, small_path, empty_path}) std::filesystem::remove(p);
}

// Files whose size the system does not know up front (procfs, pipes) are read to their end.
TEST(FileBuffer, ReadsFilesWithNoSizeToTheirEnd) {
  FileBuffer buffer;
  ASSERT_TRUE(buffer.Read("/proc/self/status").ok());
  EXPECT_NE(buffer.data().find("VmRSS"), std::string_view::npos);
}

TEST(FileBuffer, NamesAFileItCannotOpen) {
  FileBuffer buffer;
  Status st = buffer.Read("/nonexistent/cairn/extract.csv");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("/nonexistent/cairn/extract.csv: cannot open file"),
            std::string::npos);
}

// A write that cannot be put in place (here: a folder is in the way) leaves no temporary file.
TEST(WriteFileAtomic, LeavesNothingBehindWhenItFails) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / (std::to_string(::getpid()) + "-cairn-atomic");
  fs::remove_all(dir);
  fs::create_directories(dir / "report.html" / "inside");
  Status st = WriteFileAtomic((dir / "report.html").string(), "<html></html>");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("report.html"), std::string::npos) << st.message();
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++entries;
    EXPECT_EQ(entry.path().filename(), "report.html") << "left behind: " << entry.path();
  }
  EXPECT_EQ(entries, 1u);
  EXPECT_TRUE(WriteFileAtomic((dir / "ok.html").string(), "x", 0600).ok());
  EXPECT_EQ(fs::status(dir / "ok.html").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  fs::remove_all(dir);
}

}  // namespace cairn
