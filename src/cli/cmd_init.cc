// cairn init: creates the store and the partnership key (mode 0600) used for pseudonyms.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "ingest/pseudonymise.h"

namespace cairn {

CommandRunner RegisterInit(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "init", "Create the store and the partnership key (kept beside the store, mode 0600)");
  return [&global, cmd]() {
    (void)cmd;
    auto workspace = OpenWorkspace(global);
    auto store = workspace.ok() ? (*workspace)->store() : Result<Store*>(workspace.status());
    if (!store.ok()) {
      PrintError(store.status().message());
      return kExitError;
    }
    std::cerr << "store ready: " << global.db << "\n";
    if (std::filesystem::exists(global.key)) {
      std::cerr << "partnership key already exists, kept: " << global.key << "\n";
      return kExitOk;
    }
    Status st = CreateKeyFile(global.key);
    if (!st.ok()) {
      PrintError(st.message());
      return kExitError;
    }
    std::cerr
        << "partnership key created: " << global.key
        << " (keep it secret; every partner that pseudonymises before sending needs a copy)\n";
    return kExitOk;
  };
}

}  // namespace cairn
