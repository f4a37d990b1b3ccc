#include "util/files.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

namespace cairn {

namespace {

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  std::string path =
      (std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// A fresh empty folder under the system's temporary folder, removed at the end of the test.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
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

// A file that changes while it is read (truncated, appended to, rewritten in place) is refused with
// both sizes, so a load never commits half a file under a hash of neither version.
TEST(FileBuffer, RefusesAFileThatChangedWhileItWasRead) {
  const FileStamp before{596600, 1000};
  EXPECT_TRUE(CheckFileUnchanged("f.csv", before, before, 596600).ok());
  EXPECT_EQ(CheckFileUnchanged("f.csv", before, {219710, 2000}, 219710).message(),
            "f.csv changed while it was being read (size 596600 then 219710); not loaded");
  EXPECT_EQ(CheckFileUnchanged("f.csv", before, before, 219710).message(),
            "f.csv changed while it was being read (size 596600, but 219710 bytes read); not "
            "loaded");
  EXPECT_EQ(CheckFileUnchanged("f.csv", before, {596600, 2000}, 596600).message(),
            "f.csv changed while it was being read (size 596600 then 596600, modified during the "
            "read); not loaded");
}

// The same end to end: a second thread truncates the file while it is read. Whenever the race is
// hit the read is refused; whenever it is not, the buffer holds one whole version. Never a part.
TEST(FileBuffer, AFileTruncatedByAnotherThreadIsNeverReadAsPartOfItself) {
  TempFolder dir("cairn_files_test_truncate");
  const std::string path = dir.File("f.csv");
  const std::string whole(8u << 20, 'x');
  FileBuffer buffer;
  int refused = 0;
  for (int attempt = 0; attempt < 20; ++attempt) {
    Write(path, whole);
    std::thread truncate([&] { std::filesystem::resize_file(path, 1u << 20); });
    Status status = buffer.Read(path);
    truncate.join();
    if (!status.ok()) {
      ++refused;
      EXPECT_NE(status.message().find(path + " changed while it was being read (size "),
                std::string::npos)
          << status.message();
      continue;
    }
    EXPECT_TRUE(buffer.data().size() == whole.size() || buffer.data().size() == (1u << 20))
        << buffer.data().size();
  }
  std::cout << refused << " of 20 reads were refused as the file changed\n";
}

// Devices, named pipes, sockets and directories are refused by name before a byte is read:
// /dev/zero would otherwise be read for ever, and a pipe would wait for a writer.
TEST(FileBuffer, RefusesWhatIsNotARegularFile) {
  TempFolder dir("cairn_files_test_special");
  const std::string fifo = dir.File("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string socket_path = dir.File("s.csv");
  int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  FileBuffer buffer;
  EXPECT_EQ(buffer.Read("/dev/zero").message(),
            "/dev/zero is a character device, not a regular file; Cairn reads only regular files");
  EXPECT_EQ(buffer.Read(fifo).message(),
            fifo + " is a named pipe (FIFO), not a regular file; Cairn reads only regular files");
  EXPECT_EQ(buffer.Read(socket_path).message(),
            socket_path + " is a socket, not a regular file; Cairn reads only regular files");
  EXPECT_EQ(buffer.Read(dir.path()).message(),
            dir.path() + " is a directory, not a regular file; Cairn reads only regular files");
  ::close(sock);
}

// ReadFile (configuration, stats inputs) follows the same rule: a directory is refused by name,
// not read as a file of absurd size (std::bad_alloc).
TEST(ReadFile, RefusesADirectoryAndADevice) {
  TempFolder dir("cairn_files_test_readfile");
  EXPECT_EQ(ReadFile(dir.path()).status().message(),
            dir.path() + " is a directory, not a regular file; Cairn reads only regular files");
  EXPECT_EQ(ReadFile("/dev/urandom").status().message(),
            "/dev/urandom is a character device, not a regular file; Cairn reads only regular "
            "files");
  Write(dir.File("a.txt"), "hello");
  auto text = ReadFile(dir.File("a.txt"));
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "hello");
}

// A folder's symbolic link loops, links to missing files, pipes and hidden files are skipped, each
// with a note naming it, and the good files still load.
TEST(ExpandPaths, SkipsWhatCannotBeLoadedWithANoteNamingIt) {
  TempFolder dir("cairn_files_test_expand");
  Write(dir.File("good.csv"), "a\n");
  Write(dir.File(".hidden.csv"), "a\n");
  Write(dir.File("notes.txt"), "a\n");
  std::filesystem::create_directories(dir.File(".cache"));
  Write(dir.File(".cache/inside.csv"), "a\n");
  std::filesystem::create_symlink("loop.csv", dir.File("loop.csv"));
  std::filesystem::create_symlink("missing.csv", dir.File("dangling.csv"));
  std::filesystem::create_symlink("good.csv", dir.File("alias.csv"));
  ASSERT_EQ(::mkfifo(dir.File("pipe.csv").c_str(), 0600), 0);
  std::vector<std::string> notes;
  auto files = ExpandPaths({dir.path()}, {".csv"}, &notes);
  ASSERT_TRUE(files.ok()) << files.status().message();
  EXPECT_EQ(*files, (std::vector<std::string>{dir.File("alias.csv"), dir.File("good.csv")}));
  std::sort(notes.begin(), notes.end());
  EXPECT_EQ(
      notes,
      (std::vector<std::string>{
          dir.File(".cache") + ": skipped, a hidden folder (its name starts with '.')",
          dir.File(".hidden.csv") +
              ": skipped, a hidden file (its name starts with '.'); name it to load it",
          dir.File("dangling.csv") + ": skipped, a symbolic link to a file that does not exist",
          dir.File("loop.csv") + ": skipped, a symbolic link loop (it leads back to itself)",
          dir.File("pipe.csv") + ": skipped, a named pipe (FIFO), not a regular file",
      }));
  // Named on the command line, a hidden file loads; a loop is named.
  EXPECT_EQ(*ExpandPaths({dir.File(".hidden.csv")}, {".csv"}),
            std::vector<std::string>{dir.File(".hidden.csv")});
  EXPECT_EQ(ExpandPaths({dir.File("loop.csv")}, {".csv"}).status().message(),
            dir.File("loop.csv") + ": a symbolic link loop (it leads back to itself)");
}

// Strict, as JSON readers and writers are: overlong forms and surrogates are not UTF-8.
TEST(Utf8, IsStrictAndBadBytesBecomeReplacementCharacters) {
  EXPECT_TRUE(IsValidUtf8("plain ASCII, then caf\xC3\xA9 and \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("0123456789abcdef\xE9"));
  EXPECT_EQ(FirstInvalidUtf8("0123456789\xE9"), 10u);
  EXPECT_EQ(ToValidUtf8("Caf\xE9!"), "Caf\xEF\xBF\xBD!");
}

TEST(Utf16, IsRecognisedByItsByteOrderMarkOrItsNulBytes) {
  std::string le, be;
  for (char c : std::string("Crime ID,Month\n")) {
    le += std::string{c, '\0'};
    be += std::string{'\0', c};
  }
  EXPECT_TRUE(LooksUtf16(le));
  EXPECT_TRUE(LooksUtf16(be));
  EXPECT_TRUE(LooksUtf16("\xFF\xFE"));
  EXPECT_FALSE(LooksUtf16("Crime ID,Month\n"));
  EXPECT_FALSE(LooksUtf16(std::string(64, '\0')));  // binary, not UTF-16
  EXPECT_EQ(CheckNotUtf16("u.csv", le).message(), "u.csv looks like UTF-16; save it as UTF-8 CSV");
}

}  // namespace cairn
