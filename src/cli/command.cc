#include "cli/command.h"

#include <cstdlib>
#include <iostream>

#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

void ResolveGlobalOptions(GlobalOptions* global) {
  if (global->db.empty()) {
    const char* env = std::getenv("CAIRN_DB");
    global->db = env && *env ? env : "cairn.db";
  }
  if (global->key.empty()) {
    const char* env = std::getenv("CAIRN_KEY");
    if (env && *env) {
      global->key = env;
    } else if (auto location = ParseStoreLocation(global->db);
               !location.ok() || location->kind != StoreLocation::Kind::kPostgres) {
      // A server store has no file to keep a key beside: its key is given with --key.
      auto path = SqlitePathOf(global->db);
      global->key = DefaultKeyPath(path.ok() ? *path : global->db);
    }
  }
}

Result<std::unique_ptr<Workspace>> OpenWorkspace(const GlobalOptions& global, StoreAccess access) {
  WorkspaceOptions options{global.db, global.key, global.config, {}};
  options.store_options.access = access;
  options.store_options.file_mode = global.shared_group ? 0660 : 0600;
  return Workspace::Open(options);
}

int ExitCodeFor(const Status& status) {
  return status.code() == Status::Code::kUsage ? kExitUsage : kExitError;
}

// A message may quote a value from a file: its control characters are shown, not obeyed.
void PrintError(const std::string& message) {
  std::cerr << "cairn: " << VisibleLines(message) << "\n";
}

}  // namespace cairn
