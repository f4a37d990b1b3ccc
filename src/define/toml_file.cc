#include "define/toml_file.h"

#include "util/files.h"

namespace cairn {

Result<toml::table> ParseTomlFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  try {
    return toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    return Status::Invalid(path + " line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
}

}  // namespace cairn
