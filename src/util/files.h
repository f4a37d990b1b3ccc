// Files: reading whole files, SHA-256 fingerprints, finding CSVs under directories, text encodings.
#pragma once

#include <cstdint>
#include <functional>
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
// Writes via a temporary file beside `path` (mode `mode`, flushed to disk) and a rename, so readers
// never see half a file; the temporary file is removed if anything fails.
Status WriteFileAtomic(const std::string& path, std::string_view data, unsigned mode = 0644);

// A file a command writes for people (a report, a pseudonymised extract), and what it may replace.
struct OutputFile {
  std::string path;
  std::string kind;  // for messages: "HTML report", "pseudonymised CSV"
  // True when the bytes at the start of the file already at `path` (up to 64 KiB) are an earlier
  // output of this kind, which may be replaced without --force.
  std::function<bool(std::string_view head)> is_earlier_output;
  bool force = false;  // replace any regular file that is not protected
  unsigned mode = 0644;
};

// Files an output must never replace, even with --force: by path (a store, its journal, its
// caches, a key file) and by what a file starts with (any SQLite database, key or snapshot cache).
struct ProtectedFiles {
  struct Path {
    std::string path, what;  // what: "the store", "the partnership key"
  };
  struct Magic {
    std::string prefix, what;
  };
  std::vector<Path> paths;
  std::vector<Magic> magics;
};

// Checks `out` against `protect` and what is already there, then writes it with WriteFileAtomic.
// Messages name the file and say how to go on.
Status WriteOutput(const OutputFile& out, const ProtectedFiles& protect, std::string_view data);
// The check alone, for a command that wants to refuse before doing its work.
Status CheckOutputPath(const OutputFile& out, const ProtectedFiles& protect);

// A folder a command fills with files it may later delete or replace (`cairn demo`, `cairn synth`):
// claimed when it is new or empty, or already holds `marker` (the command made it before), and
// marked. Any other folder is refused, naming `who`, so no one's own files are replaced.
Status ClaimOutputFolder(const std::string& dir, const std::string& marker, const std::string& who);

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
