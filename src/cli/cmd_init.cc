// cairn init: creates the store and the partnership key (mode 0600) used for pseudonyms.
#include <iostream>

#include "cli/command.h"

namespace cairn {

namespace {

void SayWhereTheKeyIs(const std::string& path, bool created) {
  if (!created)
    std::cerr << "partnership key already exists, kept: " << path << "\n";
  else
    std::cerr
        << "partnership key created: " << path
        << " (keep it secret; every partner that pseudonymises before sending needs a copy)\n";
}

Result<Done> RunInit(const GlobalOptions& global) {
  auto workspace = OpenWorkspace(global, StoreAccess::kCreate);
  if (workspace.ok()) {
    // Before the store is made: a server store without --key would be left without a key.
    if (Status st = (*workspace)->NeedKeyPath(); !st.ok()) {
      return st;
    }
  }
  auto store = workspace.ok() ? (*workspace)->store() : Result<Store*>(workspace.status());
  if (!store.ok()) {
    return AsError(store.status());
  }
  std::cerr << "store ready: " << (*workspace)->store_name() << "\n";
  auto created = (*workspace)->EnsureKey();
  if (!created.ok()) {
    return AsError(created.status());
  }
  SayWhereTheKeyIs((*workspace)->key_path(), *created);
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterInit(CLI::App& app, GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "init", "Create the store and the partnership key (kept beside the store, mode 0600)");
  cmd->add_flag("--shared-group", global.shared_group,
                "Make a new store readable and writable by its group (0660), for a team that "
                "shares one store; the key stays 0600");
  return [&global]() { return RunInit(global); };
}

}  // namespace cairn
