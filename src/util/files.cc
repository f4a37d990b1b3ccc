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

Result<std::string> ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(path + ": cannot open file (" + std::strerror(errno) + ")");
  std::string data;
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size > 0) {
    data.resize(static_cast<size_t>(size));
    size_t got = std::fread(data.data(), 1, data.size(), f);
    data.resize(got);
  }
  std::fclose(f);
  return data;
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
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot open file (" + std::strerror(errno) + ")");
  Status status = ReadToEnd(fd, path);
  ::close(fd);
  return status;
}

// The size from fstat is only a hint (reading goes on to the end of file: one read() more sees it),
// and pipes and special files have none.
Status FileBuffer::ReadToEnd(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) Reserve(static_cast<size_t>(st.st_size) + 1, 0);
  size_t size = 0;
  for (;;) {
    if (size == capacity_) Reserve(size + 1, size);
    ssize_t got = ::read(fd, bytes_.get() + size, capacity_ - size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IoError(path + ": cannot read file (" + std::strerror(errno) + ")");
    if (got == 0) break;
    size += static_cast<size_t>(got);
  }
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

Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& extensions) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file()) continue;
        std::string ext = ToLower(it->path().extension().string());
        if (std::find(extensions.begin(), extensions.end(), ext) != extensions.end())
          out.push_back(it->path().string());
      }
      if (ec) return Status::IoError(p + ": cannot read directory (" + ec.message() + ")");
    } else if (fs::exists(p, ec)) {
      out.push_back(p);
    } else {
      return Status::NotFound(p + ": no such file or directory");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    if (extra == 0 || c == 0xC0 || c == 0xC1 || i + extra >= n) return false;
    for (size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
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
