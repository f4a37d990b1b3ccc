// cairn compare: how the area compares with every other police force area, from ONS's own
// force-area tables and population estimates.
//   cairn compare --measure homicide [--year-ending 2019-12] [--population-year 2018]
//                 [--area Cumbria] [--format table|csv|json]
#include <iostream>

#include "cli/command.h"
#include "present/compare_render.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

struct CompareArgs {
  std::string measure, year_ending, area, format = "table";
  std::optional<int> population_year;
};

Status CheckArgs(const CompareArgs& args) {
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  if (!args.year_ending.empty() && !ParseMonth(args.year_ending))
    return Status::Usage("--year-ending \"" + args.year_ending +
                         "\" is not a month (expected YYYY-MM, e.g. 2019-12)");
  return Status::Ok();
}

Result<Done> RunCompare(const CompareArgs& args, const GlobalOptions& global) {
  if (Status st = CheckArgs(args); !st.ok()) {
    return AsUsage(st);
  }
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) {
    return workspace.status();
  }
  auto c = (*workspace)
               ->CompareForces({args.measure, args.year_ending, args.population_year, args.area});
  if (!c.ok()) {
    return c.status();
  }
  if (args.format == "json") {
    std::cout << CompareToJson(*c);
    return Done::kOk;
  }
  for (const std::string& line : ComparePreamble(*c)) std::cerr << VisibleText(line) << "\n";
  ListTable table = CompareTable(*c);
  if (args.format == "csv") {
    std::cout << ListToCsv(table);
    return Done::kOk;
  }
  // The terminal marks the area beside its name and leaves the long reasons to the notes above.
  table.columns.resize(8);
  std::vector<std::vector<std::string>> lines = {table.columns};
  for (auto& row : table.rows) {
    if (row[8] == "yes") row[1] += "  <- area";
    row.resize(8);
    lines.push_back(std::move(row));
  }
  std::cout << FormatTable(lines);
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterCompare(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Rank every territorial police force area per 1,000 residents on a measure of ONS's "
      "force-area tables, with 95% intervals and how stable the area's rank is");
  std::vector<std::string> ids;
  for (const ForceMeasure& m : ForceMeasures()) ids.push_back(m.id);
  cmd->add_option("--measure", args->measure, "The measure: " + Join(ids, ", "))->required();
  cmd->add_option("--year-ending", args->year_ending,
                  "The table's year ending (YYYY-MM; default: the latest loaded)");
  cmd->add_option("--population-year", args->population_year,
                  "Mid-year of the population estimates (default: the one ONS's Table P3 of the "
                  "edition uses when loaded, else the year before the year ending)");
  cmd->add_option("--area", args->area,
                  "The partnership's force (code or name; default: the force of most events in "
                  "the store)");
  cmd->add_option("--format", args->format, "table, csv or json");
  return [args, &global]() { return RunCompare(*args, global); };
}

}  // namespace cairn
