// Files: reading whole files, SHA-256 fingerprints, finding CSVs under directories, text encodings.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

Result<std::string> ReadFile(const std::string& path);

// A buffer a whole file is read into, reused from file to file (a loader reads thousands): no
// allocation, zero-filling or page faults per file once it is big enough.
class FileBuffer {
 public:
  Status Read(const std::string& path);
  std::string_view data() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0, capacity_ = 0;
};
Status WriteFile(const std::string& path, std::string_view data);
// Writes via a temporary file and rename, so readers never see half a file.
Status WriteFileAtomic(const std::string& path, std::string_view data);

// Lower-case hex SHA-256 of the bytes (OpenSSL).
std::string Sha256Hex(std::string_view data);

// Expands files and directories (recursively) into a sorted list of .csv files.
Result<std::vector<std::string>> ExpandCsvPaths(const std::vector<std::string>& paths);

// True if the bytes are valid UTF-8.
bool IsValidUtf8(std::string_view s);
// Converts Windows-1252 (what Excel writes as "CSV") to UTF-8.
std::string Windows1252ToUtf8(std::string_view s);
// True if the data looks like a binary file (NUL bytes or many control characters early on).
bool LooksBinary(std::string_view s);

}  // namespace cairn
