// cairn: turns partner extracts into the Serious Violence Duty's needs assessment, KPIs and lists.
// This file only dispatches to the commands in src/cli/.
#include <malloc.h>

#include <exception>
#include <iostream>
#include <map>

#include "cli/command.h"

int main(int argc, char** argv) {
  using namespace cairn;
  // A load allocates each batch's columns afresh and frees them once committed: keep freed memory
  // in the heap for the next batch instead of handing it back to the kernel and faulting it in
  // again. A process-wide choice, so it is made here and not in the library.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  CLI::App app{"Cairn: Serious Violence Duty analysis for community safety partnerships"};
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("--db", global.db,
                 "Store: a file, or postgresql://user@host/dbname for a shared store on a server "
                 "(default $CAIRN_DB or ./cairn.db)");
  app.add_option(
      "--key", global.key,
      "Partnership key file (default: beside the store, .key; a PostgreSQL store needs it given)");
  app.add_option("--config", global.config,
                 "Configuration directory (default $CAIRN_CONFIG, else the installed one, else "
                 "the checkout's config/)");

  std::map<CLI::App*, CommandRunner> runners;
  auto add = [&](CommandRunner (*reg)(CLI::App&, GlobalOptions&)) {
    size_t before = app.get_subcommands({}).size();
    CommandRunner run = reg(app, global);
    runners[app.get_subcommands({})[before]] = std::move(run);
  };
  add(RegisterInit);
  add(RegisterIngest);
  add(RegisterStatus);
  add(RegisterRejects);
  add(RegisterPseudonymise);
  add(RegisterSynth);
  add(RegisterDemo);
  add(RegisterQuery);
  add(RegisterStats);
  add(RegisterSna);
  add(RegisterList);
  add(RegisterCompare);
  add(RegisterKpi);
  add(RegisterReidentify);
  add(RegisterNearRepeat);
  add(RegisterEvaluate);
  add(RegisterCopy);
  add(RegisterPgRoles);
  add(RegisterRegister);
  add(RegisterDue);
  add(RegisterBrief);

  try {
    app.parse(argc, argv);
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
