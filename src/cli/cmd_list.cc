// cairn list: the operational lists the partnership's meetings work from, computed from the
// linked, pseudonymised data. Record-level: for partners inside the data-sharing agreement.
//   cairn list matac|da30|asb-review|county-lines|repeat-victims|repeat-suspects|repeat-locations
//   [--as-of YYYY-MM-DD]
//              [--where EXPR] [--format table|csv|json]
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iostream>
#include <optional>

#include "cli/command.h"
#include "present/list_render.h"
#include "util/terminal.h"

namespace cairn {

namespace {

struct ListArgs {
  std::string name, as_of, where, format = "table";
};

const char kLists[] =
    "matac, da30, asb-review, county-lines, repeat-victims, repeat-suspects, repeat-locations";

std::optional<RepeatKind> RepeatKindOf(const std::string& name) {
  if (name == "repeat-victims") return RepeatKind::kVictims;
  if (name == "repeat-suspects") return RepeatKind::kSuspects;
  if (name == "repeat-locations") return RepeatKind::kLocations;
  return std::nullopt;
}

Status CheckArgs(const ListArgs& args) {
  const bool repeat = RepeatKindOf(args.name).has_value();
  if (args.name != "matac" && args.name != "da30" && args.name != "county-lines" &&
      args.name != "asb-review" && !repeat)
    return Status::Usage("list \"" + args.name + "\": the lists are: " + kLists);
  if (!repeat && !args.where.empty())
    return Status::Usage("--where applies to the repeat lists; " + args.name +
                         " has its own definition");
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  return Status::Ok();
}

// Every whole pseudonym (64 hex digits) in a cell shortened to its first 16, as the person column.
std::string ShortenPseudonyms(const std::string& cell) {
  std::string out;
  size_t i = 0;
  while (i < cell.size()) {
    size_t j = i;
    while (j < cell.size() && std::isxdigit(static_cast<unsigned char>(cell[j]))) ++j;
    if (j - i == 64) {
      out.append(cell, i, 16);
      i = j;
    } else if (j > i) {
      out.append(cell, i, j - i);
      i = j;
    } else {
      out += cell[i++];
    }
  }
  return out;
}

struct PrintedList {
  std::string out, err;
};

// A list as people read it: the preamble for stderr, then the table (csv: every column; the
// terminal: the columns before `drop_from`, persons shortened to 16 characters).
PrintedList PrintTable(const ListArgs& args, const std::vector<std::string>& preamble,
                       ListTable table, size_t drop_from, size_t person_column) {
  PrintedList printed;
  for (const auto& line : preamble) printed.err += VisibleText(line) + "\n";
  if (args.format == "csv") {
    printed.out = ListToCsv(table);
    return printed;
  }
  table.columns.resize(std::min(drop_from, table.columns.size()));
  std::vector<std::vector<std::string>> lines = {table.columns};
  for (auto& row : table.rows) {
    row.resize(table.columns.size());
    if (person_column < row.size())
      row[person_column] = row[person_column].substr(0, 16);       // files carry it whole
    for (std::string& cell : row) cell = ShortenPseudonyms(cell);  // people named in a cell
    lines.push_back(std::move(row));
  }
  printed.out = FormatTable(lines);
  return printed;
}

// The list and what is printed of it are one answer (Workspace::Answer): printing reads the
// snapshot too, so a damaged snapshot cache found by either makes both again from the store.
template <typename Make, typename Json, typename Table, typename Preamble>
Result<Done> PrintList(const ListArgs& args, Workspace& workspace, Make make, Json to_json,
                       Table to_table, Preamble preamble, size_t drop_from, size_t person_column) {
  auto printed = workspace.Answer([&]() -> Result<PrintedList> {
    auto list = make();
    if (!list.ok()) return list.status();
    auto frame = workspace.Snapshot();
    if (!frame.ok()) return frame.status();
    if (args.format == "json") return PrintedList{to_json(*list, **frame), ""};
    return PrintTable(args, preamble(*list), to_table(*list, **frame), drop_from, person_column);
  });
  if (!printed.ok()) return printed.status();
  std::cerr << printed->err;
  std::cout << printed->out;
  return Done::kOk;
}

Result<Done> RunList(const ListArgs& args, const GlobalOptions& global) {
  if (Status st = CheckArgs(args); !st.ok()) {
    return AsUsage(st);
  }
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) {
    return workspace.status();
  }
  Workspace& ws = **workspace;
  if (auto kind = RepeatKindOf(args.name))
    return PrintList(
        args, ws, [&] { return ws.Repeats(*kind, args.as_of, args.where); }, RepeatToJson,
        RepeatTable, RepeatPreamble, 6, IsPlaceKind(*kind) ? SIZE_MAX : 1);
  if (args.name == "county-lines")
    return PrintList(
        args, ws, [&] { return ws.CountyLines(args.as_of); }, CountyLinesToJson, CountyLinesTable,
        CountyLinesPreamble, 7, 2);
  if (args.name == "asb-review")
    return PrintList(
        args, ws, [&] { return ws.AsbReview(args.as_of); }, AsbReviewToJson, AsbReviewTable,
        AsbReviewPreamble, 12, 2);
  if (args.name == "da30")
    return PrintList(
        args, ws, [&] { return ws.Da30(args.as_of); }, Da30ToJson, Da30Table, Da30Preamble, 9, 0);
  // matac: the terminal leaves out the long `why`.
  return PrintList(
      args, ws, [&] { return ws.Matac(args.as_of); }, MatacToJson, MatacTable, MatacPreamble, 12,
      1);
}

}  // namespace

CommandRunner RegisterList(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ListArgs>();
  auto* cmd = app.add_subcommand(
      "list", "Operational lists for the partnership's meetings (record-level, pseudonymised)");
  cmd->add_option(
         "NAME", args->name,
         std::string("The list: ") + kLists +
             " (matac: serial domestic abuse perpetrators; da30: the 30 days after a "
             "domestic abuse offence; asb-review: victims reaching the ASB case-review threshold)")
      ->required();
  cmd->add_option("--as-of", args->as_of,
                  "Make the list as at the end of this day (YYYY-MM-DD; default: the latest day "
                  "with the list's events)");
  cmd->add_option("--where", args->where,
                  "Repeat lists: only the events this expression selects (e.g. serious_violence)");
  cmd->add_option("--format", args->format, "table, csv or json");
  return [args, &global]() { return RunList(*args, global); };
}

}  // namespace cairn
