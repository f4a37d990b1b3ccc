#include "util/files.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "util/strings.h"

namespace cairn {

namespace fs = std::filesystem;

namespace {

std::string Str(int64_t n) { return std::to_string(n); }

FileStamp StampOf(const struct stat& st) {
  return {static_cast<int64_t>(st.st_size),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// What a path that is not a regular file is, for the message that refuses it.
std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

Status NotARegularFile(const std::string& path, mode_t mode) {
  return Status::Invalid(path + " is " + KindOf(mode) +
                         ", not a regular file; Cairn reads only regular files");
}

// Opens `path` for reading if it is a regular file, with its size and modification time. Opened
// without blocking, so a named pipe is refused rather than waited on.
Result<int> OpenRegularFile(const std::string& path, FileStamp* stamp) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int open_errno = errno;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      return NotARegularFile(path, st.st_mode);
    return Status::IoError(path + ": cannot open file (" + std::strerror(open_errno) + ")");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Status status = Status::IoError(path + ": cannot read file (" + std::strerror(errno) + ")");
    ::close(fd);
    return status;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return NotARegularFile(path, st.st_mode);
  }
  *stamp = StampOf(st);
  return fd;
}

// Reads an open regular file to its end into `buffer` (see FileBuffer::Reserve) and checks that the
// file did not change meanwhile. A file whose size is known is read to at most one byte more than
// that size, so a file that keeps growing is refused rather than read for ever; files that report
// no size (procfs) are read to their end.
template <typename Buffer>
Status ReadWhole(int fd, const std::string& path, const FileStamp& before, Buffer* buffer,
                 size_t* size) {
  const bool size_known = before.size > 0;
  const size_t limit = size_known ? static_cast<size_t>(before.size) + 1 : SIZE_MAX;
  if (size_known) buffer->Reserve(limit, 0);
  *size = 0;
  while (*size < limit) {
    if (*size == buffer->capacity()) buffer->Reserve(*size + 1, *size);
    const size_t room = std::min(buffer->capacity(), limit) - *size;
    ssize_t got = ::read(fd, buffer->bytes() + *size, room);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IoError(path + ": cannot read file (" + std::strerror(errno) + ")");
    if (got == 0) break;
    *size += static_cast<size_t>(got);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return Status::IoError(path + ": cannot read file (" + std::strerror(errno) + ")");
  // A file that reports no size has nothing to compare its bytes with.
  const int64_t compared = size_known ? static_cast<int64_t>(*size) : before.size;
  return CheckFileUnchanged(path, before, StampOf(st), compared);
}

// A std::string grown the way FileBuffer grows its bytes, for ReadFile.
class StringBuffer {
 public:
  void Reserve(size_t bytes, size_t /*keep*/) {
    if (bytes > text_.size()) text_.resize(std::max({bytes, text_.size() * 2, size_t{4096}}));
  }
  size_t capacity() const { return text_.size(); }
  char* bytes() { return text_.data(); }
  std::string Take(size_t size) {
    text_.resize(size);
    return std::move(text_);
  }

 private:
  std::string text_;
};

}  // namespace

Status CheckFileUnchanged(const std::string& path, const FileStamp& before, const FileStamp& after,
                          int64_t bytes_read) {
  std::string what;
  if (after.size != before.size)
    what = "size " + Str(before.size) + " then " + Str(after.size);
  else if (bytes_read != before.size)
    what = "size " + Str(before.size) + ", but " + Str(bytes_read) + " bytes read";
  else if (after.mtime_ns != before.mtime_ns)
    what = "size " + Str(before.size) + " then " + Str(after.size) + ", modified during the read";
  else
    return Status::Ok();
  return Status::Invalid(path + " changed while it was being read (" + what + "); not loaded");
}

Result<std::string> ReadFile(const std::string& path) {
  FileStamp stamp;
  Result<int> fd = OpenRegularFile(path, &stamp);
  if (!fd.ok()) return fd.status();
  StringBuffer buffer;
  size_t size = 0;
  Status status = ReadWhole(*fd, path, stamp, &buffer, &size);
  ::close(*fd);
  if (!status.ok()) return status;
  return buffer.Take(size);
}

void FileBuffer::Reserve(size_t bytes, size_t keep) {
  if (bytes <= capacity_) return;
  size_t capacity = std::max({bytes, capacity_ * 2, size_t{1} << 20});
  auto grown = std::make_unique_for_overwrite<char[]>(capacity);
  if (keep > 0) std::memcpy(grown.get(), bytes_.get(), keep);
  bytes_ = std::move(grown);
  capacity_ = capacity;
}

Status FileBuffer::Read(const std::string& path) {
  data_ = {};
  FileStamp stamp;
  Result<int> fd = OpenRegularFile(path, &stamp);
  if (!fd.ok()) return fd.status();
  Status status = ReadToEnd(*fd, path, stamp);
  ::close(*fd);
  return status;
}

Status FileBuffer::ReadToEnd(int fd, const std::string& path, const FileStamp& before) {
  struct Bytes {  // ReadWhole's view of this buffer
    FileBuffer* buffer;
    void Reserve(size_t bytes, size_t keep) { buffer->Reserve(bytes, keep); }
    size_t capacity() const { return buffer->capacity_; }
    char* bytes() { return buffer->bytes_.get(); }
  } bytes{this};
  size_t size = 0;
  CAIRN_RETURN_IF_ERROR(ReadWhole(fd, path, before, &bytes, &size));
  data_ = std::string_view(bytes_.get(), size);
  return Status::Ok();
}

Status WriteFile(const std::string& path, std::string_view data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Status::IoError(path + ": cannot write file (" + std::strerror(errno) + ")");
  size_t put = std::fwrite(data.data(), 1, data.size(), f);
  bool ok = std::fclose(f) == 0 && put == data.size();
  return ok ? Status::Ok() : Status::IoError(path + ": write failed (disk full?)");
}

namespace {

std::string ErrnoMessage() { return std::strerror(errno); }

// Writes all of `data` to `fd`, retrying short writes.
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t put = ::write(fd, data.data(), data.size());
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    data.remove_prefix(static_cast<size_t>(put));
  }
  return true;
}

unsigned CurrentUmask() {
  mode_t old = ::umask(0);
  ::umask(old);
  return old;
}

}  // namespace

Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode) {
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Status::IoError(path + ": cannot write file (" + ErrnoMessage() + ")");
  std::string failure;
  if (::fchmod(fd, mode & ~CurrentUmask()) != 0) failure = "cannot set its mode";
  if (failure.empty() && !WriteAll(fd, data)) failure = "write failed (" + ErrnoMessage() + ")";
  if (failure.empty() && ::fsync(fd) != 0) failure = "write failed (" + ErrnoMessage() + ")";
  if (::close(fd) != 0 && failure.empty()) failure = "write failed (" + ErrnoMessage() + ")";
  if (failure.empty() && ::rename(tmp.c_str(), path.c_str()) != 0)
    failure = "cannot rename into place (" + ErrnoMessage() + ")";
  if (failure.empty()) return Status::Ok();
  ::unlink(tmp.c_str());
  return Status::IoError(path + ": " + failure + "; nothing was written");
}

namespace {

std::string CanonicalPath(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return path;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return (ec ? absolute.lexically_normal() : canonical).string();
}

bool SameFile(const std::string& a, const struct stat& b) {
  struct stat st {};
  return ::stat(a.c_str(), &st) == 0 && st.st_dev == b.st_dev && st.st_ino == b.st_ino;
}

Status Refuse(const OutputFile& out, const std::string& why) {
  return Status::Usage(out.path + ": " + why);
}

}  // namespace

Status CheckOutputPath(const OutputFile& out, const ProtectedFiles& protect) {
  const std::string canonical = CanonicalPath(out.path);
  for (const auto& p : protect.paths)
    if (CanonicalPath(p.path) == canonical)
      return Refuse(out, "is " + p.what + "; a " + out.kind +
                             " never replaces it. Choose another file name.");
  int fd = ::open(out.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return Refuse(out, "cannot check what is there (" + ErrnoMessage() + ")");
  }
  struct stat st {};
  char head[64 * 1024];
  ssize_t got = -1;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) got = ::read(fd, head, sizeof head);
  ::close(fd);
  if (!S_ISREG(st.st_mode))
    return Refuse(out, "is not a regular file; a " + out.kind + " is written only to a file");
  for (const auto& p : protect.paths)
    if (SameFile(p.path, st))
      return Refuse(out, "is " + p.what + " (" + p.path + "); a " + out.kind +
                             " never replaces it. Choose another file name.");
  std::string_view existing(head, got > 0 ? static_cast<size_t>(got) : 0);
  for (const auto& m : protect.magics)
    if (existing.substr(0, m.prefix.size()) == m.prefix)
      return Refuse(out, "holds " + m.what + "; a " + out.kind +
                             " never replaces it. Choose another file name.");
  if (out.force || existing.empty()) return Status::Ok();
  if (out.is_earlier_output && out.is_earlier_output(existing)) return Status::Ok();
  return Refuse(out, "already exists and is not an earlier " + out.kind +
                         "; not replaced. Choose another file name, or add --force to replace it.");
}

Status WriteOutput(const OutputFile& out, const ProtectedFiles& protect, std::string_view data) {
  CAIRN_RETURN_IF_ERROR(CheckOutputPath(out, protect));
  return WriteFileAtomic(out.path, data, out.mode);
}

Status ClaimOutputFolder(const std::string& dir, const std::string& marker,
                         const std::string& who) {
  std::error_code ec;
  const fs::path marker_path = fs::path(dir) / marker;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) return Status::Usage(dir + ": exists and is not a folder");
    if (!fs::exists(marker_path, ec) && !fs::is_empty(dir, ec)) {
      const bool store = fs::exists(dir + "/cairn.db", ec) || fs::exists(dir + "/cairn.key", ec);
      return Status::Usage(dir +
                           (store ? ": holds a store or key that `" + who + "` did not make"
                                  : ": is not empty and was not made by `" + who + "`") +
                           "; " + who +
                           " would replace what is there. Give an empty or new folder with --out.");
    }
  }
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError(dir + ": cannot create the folder (" + ec.message() + ")");
  return WriteFile(marker_path.string(), "This folder was made by `" + who + "`; the next `" + who +
                                             "` may replace what is in it.\n");
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

Result<std::vector<std::string>> ExpandCsvPaths(const std::vector<std::string>& paths) {
  return ExpandPaths(paths, {".csv"});
}

namespace {

bool IsHidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

bool HasExtension(const fs::path& path, const std::vector<std::string>& extensions) {
  const std::string ext = ToLower(path.extension().string());
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

// Why an entry of a folder that is not a regular file is not loaded, or "" for a directory (the
// walk goes into it) and for entries that are loadable files.
std::string WhyNotLoadable(const fs::directory_entry& entry) {
  std::error_code ec;
  const fs::file_status own = entry.symlink_status(ec);
  if (ec) return "cannot be read (" + ec.message() + ")";
  if (fs::is_symlink(own)) {
    const fs::file_status target = fs::status(entry.path(), ec);
    if (ec && ec.value() == ELOOP) return "a symbolic link loop (it leads back to itself)";
    if (ec || !fs::exists(target)) return "a symbolic link to a file that does not exist";
    if (fs::is_regular_file(target) || fs::is_directory(target)) return "";
    return "a symbolic link to something that is not a regular file";
  }
  if (fs::is_regular_file(own) || fs::is_directory(own)) return "";
  if (fs::is_fifo(own)) return "a named pipe (FIFO), not a regular file";
  if (fs::is_socket(own)) return "a socket, not a regular file";
  if (fs::is_character_file(own) || fs::is_block_file(own)) return "a device, not a regular file";
  return "not a regular file";
}

// Adds a folder's loadable files to *out; what it leaves out that looks like one of them goes in
// *notes.
Status ExpandDirectory(const std::string& dir, const std::vector<std::string>& extensions,
                       std::vector<std::string>* out, std::vector<std::string>* notes) {
  auto note = [&](const fs::path& path, const std::string& why) {
    if (notes) notes->push_back(path.string() + ": skipped, " + why);
  };
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    if (IsHidden(path)) {
      if (it->is_directory(ec)) {
        it.disable_recursion_pending();
        note(path, "a hidden folder (its name starts with '.')");
      } else if (HasExtension(path, extensions)) {
        note(path, "a hidden file (its name starts with '.'); name it to load it");
      }
      ec.clear();
      continue;
    }
    if (!HasExtension(path, extensions)) continue;
    const std::string why = WhyNotLoadable(*it);
    if (!why.empty()) {
      note(path, why);
      continue;
    }
    if (it->is_regular_file(ec) && !ec) out->push_back(path.string());
    ec.clear();
  }
  if (ec) return Status::IoError(dir + ": cannot read directory (" + ec.message() + ")");
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& extensions,
                                             std::vector<std::string>* notes) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      CAIRN_RETURN_IF_ERROR(ExpandDirectory(p, extensions, &out, notes));
    } else if (fs::exists(p, ec)) {
      out.push_back(p);  // named, so loaded whatever it is called; reading refuses a non-file
    } else if (ec && ec.value() == ELOOP) {
      return Status::NotFound(p + ": a symbolic link loop (it leads back to itself)");
    } else if (fs::is_symlink(fs::symlink_status(p, ec))) {
      return Status::NotFound(p + ": a symbolic link to a file that does not exist");
    } else {
      return Status::NotFound(p + ": no such file or directory");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing
// past U+10FFFF) starting with the non-ASCII byte at s[i], or 0 if there is none.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t extra = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the byte after c
  if (c >= 0xC2 && c <= 0xDF) {
    extra = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    extra = 2;
    if (c == 0xE0) low = 0xA0;   // overlong
    if (c == 0xED) high = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    extra = 3;
    if (c == 0xF0) low = 0x90;   // overlong
    if (c == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (i + extra >= s.size()) return 0;
  for (size_t k = 1; k <= extra; ++k) {
    const unsigned char b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return 0;
  }
  return extra + 1;
}

}  // namespace

size_t FirstInvalidUtf8(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most text is nearly all ASCII.
    uint64_t word = 0;
    if (i + 8 <= n && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080u) == 0)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceAt(s, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view s) { return FirstInvalidUtf8(s) == std::string_view::npos; }

std::string ToValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const size_t bad = FirstInvalidUtf8(s);
    if (bad == std::string_view::npos) {
      out += s;
      break;
    }
    out += s.substr(0, bad);
    out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    s.remove_prefix(bad + 1);
  }
  return out;
}

// A byte-order mark, or the NUL bytes that UTF-16 puts beside every ASCII character (at odd
// offsets in little-endian text, even ones in big-endian) while the other half of the bytes has
// almost none, as no binary file looks.
bool LooksUtf16(std::string_view s) {
  if (s.starts_with("\xFF\xFE") || s.starts_with("\xFE\xFF")) return true;
  const size_t n = std::min<size_t>(s.size(), 4096) & ~size_t{1};
  if (n < 4) return false;
  size_t zeros[2] = {0, 0};
  for (size_t i = 0; i < n; ++i) zeros[i & 1] += s[i] == '\0';
  const size_t half = n / 2;
  auto many = [&](size_t z) { return z * 10 >= half * 4; };  // 40% or more
  auto few = [&](size_t z) { return z * 10 <= half; };       // 10% or less
  return (many(zeros[1]) && few(zeros[0])) || (many(zeros[0]) && few(zeros[1]));
}

Status CheckNotUtf16(const std::string& file_name, std::string_view data) {
  if (!LooksUtf16(data)) return Status::Ok();
  return Status::Invalid(file_name + " looks like UTF-16; save it as UTF-8 CSV");
}

std::string Windows1252ToUtf8(std::string_view s) {
  // 0x80-0x9F differ from Latin-1; the rest of the upper half maps to U+00A0..U+00FF.
  static const char16_t kHigh[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    char32_t cp = c < 0x80 ? c : c < 0xA0 ? kHigh[c - 0x80] : c;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

bool LooksBinary(std::string_view s) {
  size_t n = std::min<size_t>(s.size(), 8192), control = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ++control;
  }
  return n > 0 && control * 20 > n;
}

}  // namespace cairn
