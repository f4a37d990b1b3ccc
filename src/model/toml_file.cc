#include "model/toml_file.h"

#include <algorithm>

#include "util/files.h"
#include "util/strings.h"

namespace cairn {

Result<toml::table> ParseToml(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return Status::Invalid(name + " line " + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
}

Result<toml::table> ParseTomlFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ParseToml(*text, path);
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string hint = Suggest(word, candidates);
  return hint.empty() ? "" : " (did you mean \"" + hint + "\"?)";
}

std::vector<std::string> UnknownKeys(const toml::table& table,
                                     const std::vector<std::string>& known) {
  std::vector<std::string> out;
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (std::find(known.begin(), known.end(), name) == known.end())
      out.push_back("\"" + name + "\" is not a known key" + DidYouMean(name, known));
  }
  return out;
}

}  // namespace cairn
