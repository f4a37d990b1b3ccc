#include "engine/config_dir.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace cairn {

namespace fs = std::filesystem;

namespace {

bool HoldsConfiguration(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "definitions", ec) &&
         fs::is_regular_file(dir / "harm_weights.toml", ec);
}

// <prefix>/share/cairn when this binary is <prefix>/bin/cairn.
fs::path InstalledDataDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().parent_path() / CAIRN_DATA_SUBDIR;
}

ConfigLocation At(const fs::path& dir, const std::string& found_by) {
  return {dir.string(), (dir.parent_path() / "profiles").string(), found_by};
}

}  // namespace

Result<ConfigLocation> FindConfig(const std::string& flag) {
  const char* env = std::getenv("CAIRN_CONFIG");
  const std::string chosen = !flag.empty() ? flag : env ? env : "";
  if (!chosen.empty()) {
    const std::string found_by = !flag.empty() ? "--config" : "$CAIRN_CONFIG";
    if (!HoldsConfiguration(chosen))
      return Status::Invalid(found_by + " " + chosen +
                             ": not a configuration directory (expected definitions/ and "
                             "harm_weights.toml in it)");
    return At(chosen, found_by);
  }
  std::vector<std::pair<fs::path, std::string>> candidates = {
      {InstalledDataDir() / "config", "installed"},
      {fs::path(CAIRN_SOURCE_DIR) / "config", "source tree"}};
  std::string tried;
  for (const auto& [dir, found_by] : candidates) {
    if (HoldsConfiguration(dir)) return At(dir, found_by);
    tried += (tried.empty() ? "" : ", ") + dir.string();
  }
  return Status::NotFound("no configuration found (tried " + tried +
                          "); give one with --config DIR or $CAIRN_CONFIG");
}

}  // namespace cairn
