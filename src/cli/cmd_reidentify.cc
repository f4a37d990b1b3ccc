// cairn reidentify: run at a partner, never at the centre. Adds the partner's own values (the
// profile's link columns: surname, forename, date of birth) to the rows of a list whose person is
// in the partner's extract, and leaves every other row pseudonymised.
//   cairn reidentify --key KEY --list LIST.csv --extract EXTRACT.csv --profile P.toml [--out F]
#include <iostream>

#include "cli/command.h"
#include "engine/tools.h"

namespace cairn {

namespace {

struct ReidentifyArgs {
  std::string key, list, extract, profile, out;
  bool force = false;
};

Result<Done> RunReidentify(const ReidentifyArgs& args, const GlobalOptions& global) {
  const std::string key = args.key.empty() ? global.key : args.key;
  auto named = ReidentifyList({key, args.list, args.extract, args.profile, args.out, args.force,
                               ProtectedFilesFor(global.db, global.key, {args.key})});
  if (!named.ok()) return named.status();
  if (args.out.empty()) std::cout << named->csv;
  std::cerr << "cairn: " << named->matched << " rows named from " << args.extract
            << "; the others stay pseudonymised\n";
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterReidentify(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ReidentifyArgs>();
  auto* cmd = app.add_subcommand(
      "reidentify",
      "At a partner: add your own records' names to the rows of a list you can match");
  cmd->add_option("--key", args->key, "Partnership key file (default: the global --key)");
  cmd->add_option("--list", args->list, "A list written by `cairn list ... --format csv`")
      ->required();
  cmd->add_option("--extract", args->extract, "Your own extract, as you sent it for loading")
      ->required();
  cmd->add_option("--profile", args->profile, "The profile your extract is loaded with")
      ->required();
  cmd->add_option("--out", args->out, "Write here (mode 0600) instead of standard output");
  cmd->add_flag("--force", args->force, "Replace an existing --out file");
  return [args, &global]() { return RunReidentify(*args, global); };
}

}  // namespace cairn
