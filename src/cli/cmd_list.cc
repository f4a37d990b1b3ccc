// cairn list: the operational lists the partnership's meetings work from, computed from the
// linked, pseudonymised data. Record-level: for partners inside the data-sharing agreement.
//   cairn list matac [--as-of YYYY-MM-DD] [--format table|csv|json]
#include <iostream>

#include "cli/command.h"
#include "present/list_render.h"
#include "util/terminal.h"

namespace cairn {

namespace {

struct ListArgs {
  std::string name, as_of, format = "table";
};

Status CheckArgs(const ListArgs& args) {
  if (args.name != "matac")
    return Status::Usage("list \"" + args.name + "\": the lists are: matac");
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  return Status::Ok();
}

void Print(const ListArgs& args, const MatacList& list, const Frame& frame) {
  if (args.format == "json") {
    std::cout << MatacToJson(list, frame);
    return;
  }
  for (const auto& line : MatacPreamble(list)) std::cerr << VisibleText(line) << "\n";
  ListTable table = MatacTable(list, frame);
  if (args.format == "csv") {
    std::cout << ListToCsv(table);
    return;
  }
  table.columns.pop_back();  // the terminal table leaves out the long `why`; csv and json have it
  std::vector<std::vector<std::string>> lines = {table.columns};
  for (auto& row : table.rows) {
    row.pop_back();
    row[1] = row[1].substr(0, 16);  // enough to tell people apart on screen; files carry it whole
    lines.push_back(std::move(row));
  }
  std::cout << FormatTable(lines);
}

int RunList(const ListArgs& args, const GlobalOptions& global) {
  if (Status st = CheckArgs(args); !st.ok()) {
    PrintError(st.message());
    return kExitUsage;
  }
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) {
    PrintError(workspace.status().message());
    return ExitCodeFor(workspace.status());
  }
  auto list = (*workspace)->Matac(args.as_of);
  if (!list.ok()) {
    PrintError(list.status().message());
    return ExitCodeFor(list.status());
  }
  auto frame = (*workspace)->Snapshot();
  if (!frame.ok()) {
    PrintError(frame.status().message());
    return kExitError;
  }
  Print(args, *list, **frame);
  return kExitOk;
}

}  // namespace

CommandRunner RegisterList(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ListArgs>();
  auto* cmd = app.add_subcommand(
      "list", "Operational lists for the partnership's meetings (record-level, pseudonymised)");
  cmd->add_option("NAME", args->name, "The list: matac (serial domestic abuse perpetrators)")
      ->required();
  cmd->add_option("--as-of", args->as_of,
                  "Make the list as at the end of this day (YYYY-MM-DD; default: the latest day "
                  "with a domestic abuse event)");
  cmd->add_option("--format", args->format, "table, csv or json");
  return [args, &global]() { return RunList(*args, global); };
}

}  // namespace cairn
