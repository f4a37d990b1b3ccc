// How commands plug into the `cairn` binary. Each command lives in its own file, registers a CLI11
// subcommand and returns the function that runs it; main.cc only dispatches.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/workspace.h"

namespace cairn {

// Exit codes are part of the command-line contract.
constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitRejects = 3;  // finished, but some rows were rejected

struct GlobalOptions {
  std::string db;             // --db, $CAIRN_DB, else ./cairn.db
  std::string key;            // --key, $CAIRN_KEY, else the db path with .key in place of .db
  std::string config;         // --config; empty: $CAIRN_CONFIG, installed, then the checkout
  bool shared_group = false;  // init --shared-group: a new store is 0660, not 0600
};

// How a command ends: done, or done with some rows rejected (exit 3). A failure is a Status, which
// main prints and maps to exit 1 (an error) or 2 (a usage error): the one place exit codes are
// decided.
enum class Done { kOk, kWithRejects };
using CommandRunner = std::function<Result<Done>()>;

CommandRunner RegisterInit(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterIngest(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterStatus(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterRejects(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterPseudonymise(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterSynth(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterDemo(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterQuery(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterStats(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterSna(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterList(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterCompare(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterKpi(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterReidentify(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterNearRepeat(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterEvaluate(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterCopy(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterPgRoles(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterRegister(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterDue(CLI::App& app, GlobalOptions& global);
CommandRunner RegisterBrief(CLI::App& app, GlobalOptions& global);

// Parses and runs one `cairn` command line (`args` without the program's name) in this process;
// its standard output goes to `stdout_path` when one is given. Returns the exit code.
int RunCommandLine(const std::vector<std::string>& args, const std::string& stdout_path = "");

// Resolves defaults for the global options after parsing.
void ResolveGlobalOptions(GlobalOptions* global);

// Opens the workspace the global options name, its store for reading, writing or (init) creating.
Result<std::unique_ptr<Workspace>> OpenWorkspace(const GlobalOptions& global, StoreAccess access);

// The exit code for how a command ended (main's only mapping).
int ExitCodeFor(const Result<Done>& ended);
// A failure whose exit code is 1 even when the step called it a usage error, as the command has
// always said; and one whose code is 2.
Status AsError(const Status& status);
Status AsUsage(const Status& status);
// A failure already reported line by line (e.g. each file not loaded): nothing more is printed.
Status AlreadySaid();

// A table for people: CSV (every column, formula-safe) when `format` is "csv", else aligned
// columns for the terminal.
void PrintListTable(const ListTable& table, const std::string& format);

// Prints "cairn: <message>" to stderr.
void PrintError(const std::string& message);

}  // namespace cairn
