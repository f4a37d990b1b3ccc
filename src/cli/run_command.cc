// The `cairn` command line, parsed and run in this process: main() calls it with the process's
// arguments, and `cairn demo` calls it for each of its steps, so a step is exactly the command a
// user would type and no second process is started.
#include <exception>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/command.h"

namespace cairn {

namespace {

using Registrar = CommandRunner (*)(CLI::App&, GlobalOptions&);

// Every command, in the order `cairn --help` lists them.
constexpr Registrar kCommands[] = {
    RegisterInit,     RegisterIngest,  RegisterStatus,  RegisterRejects,    RegisterPseudonymise,
    RegisterSynth,    RegisterDemo,    RegisterQuery,   RegisterStats,      RegisterSna,
    RegisterList,     RegisterCompare, RegisterKpi,     RegisterReidentify, RegisterNearRepeat,
    RegisterEvaluate, RegisterCopy,    RegisterPgRoles, RegisterRegister,   RegisterDue,
    RegisterBrief};

void AddGlobalOptions(CLI::App& app, GlobalOptions& global) {
  app.add_option("--db", global.db,
                 "Store: a file, or postgresql://user@host/dbname for a shared store on a server "
                 "(default $CAIRN_DB or ./cairn.db)");
  app.add_option(
      "--key", global.key,
      "Partnership key file (default: beside the store, .key; a PostgreSQL store needs it given)");
  app.add_option("--config", global.config,
                 "Configuration directory (default $CAIRN_CONFIG, else the installed one, else "
                 "the checkout's config/)");
}

// Sends std::cout to a file for as long as it lives.
class RedirectStdout {
 public:
  explicit RedirectStdout(const std::string& path) {
    if (path.empty()) return;
    file_.open(path, std::ios::binary | std::ios::trunc);
    if (file_) saved_ = std::cout.rdbuf(file_.rdbuf());
  }
  ~RedirectStdout() {
    if (!saved_) return;
    std::cout.flush();
    std::cout.rdbuf(saved_);
  }
  RedirectStdout(const RedirectStdout&) = delete;
  RedirectStdout& operator=(const RedirectStdout&) = delete;
  // False when the file could not be opened (std::cout is then left as it was).
  bool ok() const { return saved_ != nullptr; }

 private:
  std::ofstream file_;
  std::streambuf* saved_ = nullptr;
};

}  // namespace

int RunCommandLine(const std::vector<std::string>& args, const std::string& stdout_path) {
  RedirectStdout redirect(stdout_path);
  if (!stdout_path.empty() && !redirect.ok()) {
    PrintError(stdout_path + ": cannot write the command's output there");
    return kExitError;
  }
  CLI::App app{"Cairn: Serious Violence Duty analysis for community safety partnerships", "cairn"};
  app.require_subcommand(1);
  GlobalOptions global;
  AddGlobalOptions(app, global);
  std::map<CLI::App*, CommandRunner> runners;
  for (Registrar add : kCommands) {
    size_t before = app.get_subcommands({}).size();
    CommandRunner run = add(app, global);
    runners[app.get_subcommands({})[before]] = std::move(run);
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses from the back
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  ResolveGlobalOptions(&global);
  try {
    for (auto& [sub, run] : runners) {
      if (!sub->parsed()) continue;
      Result<Done> ended = run();
      if (!ended.ok() && !ended.status().message().empty()) PrintError(ended.status().message());
      return ExitCodeFor(ended);
    }
  } catch (const std::exception& e) {
    PrintError(std::string("internal error: ") + e.what());
    return kExitError;
  }
  return kExitUsage;
}

}  // namespace cairn
