// cairn query: ad-hoc counts over the snapshot of the store.
//   cairn query [--where EXPR] [--by DIM,...] [--from YYYY-MM] [--to YYYY-MM]
//               [--measure count|harm|people] [--format table|csv|json]
#include <iostream>

#include "analysis/query.h"
#include "cli/command.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

struct QueryArgs {
  std::string where, by, from, to, measure = "count", format = "table", harm_scheme = "cchi",
                                   definitions;
};

Status ParseMonthOption(const std::string& option, const std::string& value, int32_t* out) {
  if (Trim(value).empty()) return Status::Ok();  // blank is empty: no bound
  auto m = ParseMonth(value);
  if (!m) return Status::Usage(option + " \"" + value + "\" is not a month (expected YYYY-MM)");
  *out = *m;
  return Status::Ok();
}

Result<QuerySpec> MakeSpec(const QueryArgs& args) {
  QuerySpec spec;
  if (!Trim(args.by).empty()) spec.by = Split(args.by, ',');
  for (auto& d : spec.by) d = std::string(Trim(d));
  std::cerr << RenameOldDimensions(spec.by);
  CAIRN_RETURN_IF_ERROR(CheckDimensions(spec.by));
  CAIRN_RETURN_IF_ERROR(ParseMonthOption("--from", args.from, &spec.from_month));
  CAIRN_RETURN_IF_ERROR(ParseMonthOption("--to", args.to, &spec.to_month));
  if (spec.from_month != QuerySpec::kNoMonthBound && spec.to_month != QuerySpec::kNoMonthBound)
    CAIRN_RETURN_IF_ERROR(CheckMonthOrder(spec.from_month, spec.to_month));
  if (args.measure == "count")
    spec.measure = Measure::kCount;
  else if (args.measure == "harm")
    spec.measure = Measure::kHarm;
  else if (args.measure == "people")
    spec.measure = Measure::kPeople;
  else
    return Status::Usage("--measure \"" + args.measure + "\": expected count, harm or people");
  spec.definition_set = args.definitions;
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  return spec;
}

// Every output states the definitions and versions it used (on stderr, so the data stays a
// clean CSV/JSON contract on stdout).
void ReportProvenance(const QuerySpec& spec, const QueryArgs& args) {
  for (const auto& d : spec.definitions_used) std::cerr << "definition: " << d << "\n";
  if (!spec.definition_label.empty())
    std::cerr << "definition dimension: " << spec.definition_label << "\n";
  if (spec.measure == Measure::kHarm) {
    std::cerr << "harm scheme: " << args.harm_scheme
              << " (weights in config/harm_weights.toml; unconfirmed values are labelled there)\n";
    if (!spec.unweighted_offence_codes.empty())
      std::cerr << "note: no " << args.harm_scheme << " weight for offence codes "
                << Join(spec.unweighted_offence_codes, ", ")
                << "; those events count as 0 harm (events without an offence code, such as "
                   "data.police.uk rows, also count as 0)\n";
  }
}

Result<Done> RunQueryCommand(const QueryArgs& args, const GlobalOptions& global) {
  auto spec = MakeSpec(args);
  if (!spec.ok()) {
    return AsUsage(spec.status());
  }
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) {
    return AsError(workspace.status());
  }
  QueryRequest request{args.where, args.harm_scheme, std::move(spec).value()};
  auto result = (*workspace)->Query(request);
  if (!result.ok()) {
    return result.status();
  }
  ReportProvenance(request.spec, args);
  if (result->rows.empty()) std::cerr << "note: " << QueryEmptyNote(*result) << "\n";
  if (args.format == "csv")
    std::cout << QueryToCsv(*result);
  else if (args.format == "json")
    std::cout << QueryToJson(*result);
  else
    std::cout << QueryToTable(*result);
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterQuery(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<QueryArgs>();
  auto* cmd = app.add_subcommand("query", "Count events, harm or people, grouped by dimensions");
  cmd->add_option("--where", args->where,
                  "Expression selecting events, e.g. 'serious_violence and victim.age < 25'");
  cmd->add_option("--by", args->by,
                  "Dimensions, comma-separated (" + Join(KnownDimensions(), ", ") + ")");
  cmd->add_option("--from", args->from, "First month (YYYY-MM); earlier events count as (missing)");
  cmd->add_option("--to", args->to, "Last month (YYYY-MM); later events count as (missing)");
  cmd->add_option("--measure", args->measure, "count (events), harm or people (distinct)");
  cmd->add_option("--harm-scheme", args->harm_scheme, "cchi (Cambridge Crime Harm Index) or css");
  cmd->add_option("--format", args->format, "table, csv or json");
  cmd->add_option("--definitions", args->definitions,
                  "Definition set for the `definition` dimension (default: the default set)");
  return [args, &global]() { return RunQueryCommand(*args, global); };
}

}  // namespace cairn
