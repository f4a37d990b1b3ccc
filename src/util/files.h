// Files: reading whole files, SHA-256 fingerprints, finding CSVs under directories, text encodings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

// A file's size and modification time when it was opened, to tell whether it changed while it
// was being read.
struct FileStamp {
  int64_t size = 0;
  int64_t mtime_ns = 0;
};

// Ok if the file is as it was (`before`) once read (`after`) and all of it was read; otherwise
//   FILE changed while it was being read (size X then Y); not loaded
Status CheckFileUnchanged(const std::string& path, const FileStamp& before, const FileStamp& after,
                          int64_t bytes_read);

// The whole of a regular file. Anything else (a directory, a device such as /dev/zero, a named
// pipe, a socket) is refused by name, and so is a file that changes while it is read.
Result<std::string> ReadFile(const std::string& path);

// A whole file's bytes, for a loader that reads thousands of files one after another: read into a
// buffer reused from file to file. data() stays valid until the next Read or the end of the
// FileBuffer. The same rules as ReadFile: regular files only, and a file that changes size or
// modification time while it is read is refused, so a load never keeps half a file. (Not mapped: on
// a national load, mapping and unmapping 1,500 files cost more than copying them, since every unmap
// stops the other cores to flush their TLBs; a copy also means a file truncated by another program
// mid-load is refused, not a crash.)
class FileBuffer {
 public:
  Status Read(const std::string& path);
  std::string_view data() const { return data_; }

 private:
  Status ReadToEnd(int fd, const std::string& path, const FileStamp& before);
  // Room for at least `bytes`, keeping the first `keep` bytes.
  void Reserve(size_t bytes, size_t keep);

  std::string_view data_;
  std::unique_ptr<char[]> bytes_;
  size_t capacity_ = 0;
};

Status WriteFile(const std::string& path, std::string_view data);
// Writes via a temporary file and rename, so readers never see half a file.
Status WriteFileAtomic(const std::string& path, std::string_view data);

// Lower-case hex SHA-256 of the bytes (OpenSSL).
std::string Sha256Hex(std::string_view data);

// Expands files and directories (recursively) into a sorted list of .csv files.
Result<std::vector<std::string>> ExpandCsvPaths(const std::vector<std::string>& paths);
// The same for other kinds of file: files named are kept whatever their extension; directories
// give their regular files whose lower-case extension is one of `extensions` (e.g. ".geojson").
// What a directory holds under such a name but cannot be loaded (a symbolic link loop or one to a
// missing file, a named pipe, a device, a socket) and hidden files and folders (names starting
// with '.') are skipped, each with a note in *notes naming it, e.g.
//   data/loop.csv: skipped, a symbolic link loop (it leads back to itself)
Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& extensions,
                                             std::vector<std::string>* notes = nullptr);

// True if the bytes are well-formed UTF-8 (RFC 3629: no overlong forms or surrogates), as every
// JSON reader and writer requires.
bool IsValidUtf8(std::string_view s);
// The offset of the first byte that does not start a well-formed UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view s);
// The text with each byte that is not part of well-formed UTF-8 replaced by U+FFFD, for messages
// that quote bad input.
std::string ToValidUtf8(std::string_view s);
// True if the data starts with a UTF-16 byte-order mark or has UTF-16's pattern of NUL bytes.
bool LooksUtf16(std::string_view s);
// Refuses UTF-16 text: "FILE looks like UTF-16; save it as UTF-8 CSV".
Status CheckNotUtf16(const std::string& file_name, std::string_view data);
// Converts Windows-1252 (what Excel writes as "CSV") to UTF-8.
std::string Windows1252ToUtf8(std::string_view s);
// True if the data looks like a binary file (NUL bytes or many control characters early on).
bool LooksBinary(std::string_view s);

}  // namespace cairn
