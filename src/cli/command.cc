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
  WorkspaceOptions options{global.db, global.key, global.config, {}, {}};
  options.store_options.access = access;
  options.store_options.file_mode = global.shared_group ? 0660 : 0600;
  options.warn = [](const std::string& line) {
    std::cerr << "cairn: warning: " << VisibleText(line) << "\n";  // may quote a file's text
  };
  return Workspace::Open(options);
}

int ExitCodeFor(const Result<Done>& ended) {
  if (ended.ok()) return *ended == Done::kWithRejects ? kExitRejects : kExitOk;
  return ended.status().code() == Status::Code::kUsage ? kExitUsage : kExitError;
}

Status AsError(const Status& status) {
  if (status.code() != Status::Code::kUsage) return status;
  return Status::Invalid(status.message());
}

Status AsUsage(const Status& status) {
  if (status.ok()) return status;
  return Status::Usage(status.message());
}

Status AlreadySaid() { return Status::Invalid(""); }

// A message may quote a value from a file: its control characters are shown, not obeyed.
void PrintError(const std::string& message) {
  std::cerr << "cairn: " << VisibleLines(message) << "\n";
}

void PrintListTable(const ListTable& table, const std::string& format) {
  if (format == "csv") {
    std::cout << ListToCsv(table);
    return;
  }
  std::vector<std::vector<std::string>> lines = {table.columns};
  for (const auto& row : table.rows) lines.push_back(row);
  std::cout << FormatTable(lines);
}

}  // namespace cairn
