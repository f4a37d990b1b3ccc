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

}  // namespace cairn
