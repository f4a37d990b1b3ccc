// cairn nearrepeat: the Knox test for near repeats among the store's events (docs/stats.md).
//   cairn nearrepeat [--where EXPR] [--space-bands B,...] [--time-bands B,...]
//                    [--distance manhattan|euclidean] [--permutations N] [--seed S]
//                    [--format table|csv|json]
// One row per cell (spatial band × time band); near_repeat marks the cells with p ≤ 0.05 and a
// ratio of at least 1.2. With --format table the plain-words summary follows the table; with csv
// or json it goes to stderr so stdout stays the data.
#include <iostream>

#include "cli/command.h"
#include "present/knox_render.h"
#include "util/strings.h"

namespace cairn {

namespace {

struct NearRepeatArgs {
  std::string where, space_bands = kKnoxDefaultSpaceBands, time_bands = kKnoxDefaultTimeBands,
                     distance = "manhattan", format = "table";
  int permutations = 999;
  uint64_t seed = 1;
};

Result<NearRepeatRequest> MakeRequest(const NearRepeatArgs& args) {
  NearRepeatRequest request;
  request.where = args.where;
  auto knox = KnoxOptionsFromFlags(args.space_bands, args.time_bands, args.distance,
                                   args.permutations, args.seed);
  if (!knox.ok()) return knox.status();
  request.knox = std::move(knox).value();
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  return request;
}

KnoxSource SourceOf(const NearRepeatResult& r, const std::string& where) {
  KnoxSource source;
  source.notes.push_back("Selected " + WithCommas(r.selected) + " events (" +
                         (where.empty() ? std::string("every event") : "--where " + where) +
                         "): " + WithCommas(r.without_location) + " without a location and " +
                         WithCommas(r.without_date) +
                         " without a date (only a month) are left out.");
  return source;
}

Result<Done> RunNearRepeatCommand(const NearRepeatArgs& args, const GlobalOptions& global) {
  auto request = MakeRequest(args);
  if (!request.ok()) {
    return AsUsage(request.status());
  }
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) {
    return AsError(workspace.status());
  }
  auto result = (*workspace)->NearRepeat(*request);
  if (!result.ok()) {
    return result.status();
  }
  const KnoxSource source = SourceOf(*result, args.where);
  const auto summary = KnoxSummary(result->knox, request->knox.distance, source);
  if (args.format == "table") {
    std::cout << KnoxToTable(result->knox);
    for (const auto& line : summary) std::cout << line << "\n";
    return Done::kOk;
  }
  std::cout << (args.format == "json" ? KnoxToJson(result->knox, request->knox.distance, source)
                                      : KnoxToCsv(result->knox));
  for (const auto& line : summary) std::cerr << line << "\n";
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterNearRepeat(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<NearRepeatArgs>();
  auto* cmd = app.add_subcommand(
      "nearrepeat", "Knox test for near repeats: are events close in space also close in time?");
  cmd->add_option("--where", args->where,
                  "Expression selecting events (default: every event), e.g. 'category = "
                  "\"Burglary\"'");
  cmd->add_option("--space-bands", args->space_bands,
                  std::string("Spatial break points in metres, intervals [a, b), last may be inf "
                              "(default ") +
                      kKnoxDefaultSpaceBands + ")");
  cmd->add_option("--time-bands", args->time_bands,
                  std::string("Time break points in days, intervals [a, b) (default ") +
                      kKnoxDefaultTimeBands + ")");
  cmd->add_option("--distance", args->distance, "manhattan (default) or euclidean");
  cmd->add_option("--permutations", args->permutations, "Permutations of the times (default 999)");
  cmd->add_option("--seed", args->seed, "Seed of the permutations (default 1)");
  cmd->add_option("--format", args->format, "table, csv or json");
  return [args, &global]() { return RunNearRepeatCommand(*args, global); };
}

}  // namespace cairn
