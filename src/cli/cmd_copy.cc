// cairn copy: moves a whole store into a new, empty one, e.g. from an SQLite file to a PostgreSQL
// server or back (store/copy_store.h), and shows that both read the same, table by table.
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "cli/command.h"
#include "engine/tools.h"
#include "util/strings.h"

namespace cairn {

namespace {

void PrintChecks(const std::vector<TableCheck>& checks) {
  std::cout << std::left << std::setw(18) << "table" << std::right << std::setw(12) << "source"
            << std::setw(12) << "copy"
            << "  sha-256 (both)\n";
  for (const TableCheck& c : checks)
    std::cout << std::left << std::setw(18) << c.source.table << std::right << std::setw(12)
              << WithCommas(c.source.rows) << std::setw(12) << WithCommas(c.target.rows) << "  "
              << c.target.sha256 << "\n";
}

}  // namespace

CommandRunner RegisterCopy(CLI::App& app, GlobalOptions&) {
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "copy", "Copy a whole store into a new, empty one (e.g. SQLite to PostgreSQL), verified");
  cmd->add_option("--from", *from, "The store to copy: sqlite:PATH, a path, or postgresql://...")
      ->required();
  cmd->add_option("--to", *to, "The new store: empty, or made now where it does not exist")
      ->required();
  return [from, to]() -> Result<Done> {
    auto checks = CopyStore(*from, *to);
    if (!checks.ok()) return checks.status();  // a usage error (the same store twice) exits 2
    PrintChecks(*checks);
    std::cerr << "copied; every table reads back the same from both stores\n";
    const bool has_key = std::any_of(checks->begin(), checks->end(), [](const TableCheck& c) {
      return c.target.table == "store_key" && c.target.rows > 0;
    });
    if (has_key)
      std::cerr << "the partnership key itself is never in a store: load into the copy with the "
                   "source's key file (--key, or copied beside a new SQLite store as NAME.key)\n";
    return Done::kOk;
  };
}

}  // namespace cairn
