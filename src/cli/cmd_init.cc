// cairn init: creates the store and the partnership key (mode 0600) used for pseudonyms.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "ingest/pseudonymise.h"

namespace cairn {

namespace {

// The key beside the store: kept when it exists, else created; either way recorded in the store by
// fingerprint, so a load with another key is refused.
Status EnsureKey(Workspace& workspace) {
  const std::string& path = workspace.key_path();
  const bool existed = std::filesystem::exists(path);
  if (!existed) CAIRN_RETURN_IF_ERROR(CreateKeyFile(path));
  auto key = workspace.KeyForLoading();
  if (!key.ok()) return key.status();
  CAIRN_RETURN_IF_ERROR(workspace.RecordKey(**key));
  if (existed)
    std::cerr << "partnership key already exists, kept: " << path << "\n";
  else
    std::cerr
        << "partnership key created: " << path
        << " (keep it secret; every partner that pseudonymises before sending needs a copy)\n";
  return Status::Ok();
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
  Status st = EnsureKey(**workspace);
  if (!st.ok()) {
    return AsError(st);
  }
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
