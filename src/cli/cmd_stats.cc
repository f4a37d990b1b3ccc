// cairn stats: a statistic on the user's own table (engine/user_stats.h).
//   cairn stats rate|proportion|dsr|compare|change|gistar|kde|spc|knox --input FILE.csv
//               [--format csv|json (knox: table too)] [--multiplier N] [--polarity
//               high-good|low-good] [--levels 1|2]
//               [--method value|intervals]
//               [--cell-size METRES] [--p-adjust none|holm|fdr] [--bandwidth METRES]
//               [--bandwidth-rule sfhotspot|mean]
//               [--space-bands B,...] [--time-bands B,...] [--distance manhattan|euclidean]
//               [--permutations N] [--seed S]
// Notes on the method used go to stderr so stdout stays a clean CSV/JSON contract.
#include <iostream>

#include "cli/command.h"
#include "engine/user_stats.h"

namespace cairn {

namespace {

Result<Done> RunStatsCommand(StatsRequest& request) {
  if (Status usage = CheckStatsRequest(request); !usage.ok()) return AsUsage(usage);
  CAIRN_RETURN_IF_ERROR(RunStatistic(request, std::cout, std::cerr));
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterStats(CLI::App& app, GlobalOptions& /*global*/) {
  auto args = std::make_shared<StatsRequest>();
  auto* cmd = app.add_subcommand(
      "stats",
      "Rates, proportions, DSRs, benchmark comparisons, Gi*, KDE, SPC and the Knox test on your "
      "own CSV");
  cmd->add_option("statistic", args->statistic,
                  "rate, proportion, dsr, compare, change, gistar, kde, spc or knox")
      ->required();
  cmd->add_option("--input", args->input, "CSV file (or .xlsx workbook) with a header line")
      ->required();
  cmd->add_option("--sheet", args->sheet, "The workbook's sheet (a name or #N; default the first)");
  cmd->add_option("--format", args->format, "csv (default) or json; knox: table too");
  cmd->add_option(
      "--multiplier", args->multiplier_text,
      "Per how many, 1 to 1e9 (rate, dsr: 100000; proportion: 1, or 100 for a percentage)");
  cmd->add_option("--polarity", args->polarity, "compare: high-good or low-good");
  cmd->add_option("--levels", args->levels, "compare: 1 (95%) or 2 (95% and 99.8%)");
  cmd->add_option("--method", args->method,
                  "compare: value (the benchmark value inside the area's interval, default) or "
                  "intervals (the two 95% intervals overlap; needs benchmark_lower95, "
                  "benchmark_upper95)");
  cmd->add_option(
      "--cell-size", args->cell_size_text,
      "gistar, kde: grid cell side in metres, 1 to 100000 (kde default: sfhotspot rule)");
  cmd->add_option("--p-adjust", args->p_adjust, "gistar: none (default), holm or fdr");
  cmd->add_option("--bandwidth", args->bandwidth_text,
                  "kde: kernel radius in metres, 1 to 500000 (default: see --bandwidth-rule)");
  cmd->add_option("--bandwidth-rule", args->bandwidth_rule,
                  "kde default bandwidth: sfhotspot (h(x), as sfhotspot 1.0.0) or mean (of h(x), "
                  "h(y))");
  cmd->add_option("--chart", args->chart,
                  "spc: xmr (default; columns date, value), c (counts) or u (counts per "
                  "exposure; columns date, value, exposure)");
  cmd->add_option("--improvement", args->improvement,
                  "spc: which way is better: increase (default, as NHSRplotthedots), decrease or "
                  "neutral");
  cmd->add_option("--target", args->target_text, "spc: the target, for the assurance icon");
  cmd->add_option("--run", args->run, "spc: points in a run or trend, 7 (default) or 6");
  cmd->add_option("--fix-after", args->fix_after,
                  "spc: limits from the first N points (at least 12) of each period");
  cmd->add_option("--rebase", args->rebase,
                  "spc: dates where new limits start (a programme start, a recording change), "
                  "comma-separated");
  cmd->add_flag("--no-screen", args->no_screen,
                "spc: keep every moving range (no screening of outlying ranges)");
  cmd->add_option("--space-bands", args->space_bands,
                  std::string("knox (columns x, y in metres, t a date or days): spatial break "
                              "points in metres, intervals [a, b), last may be inf (default ") +
                      kKnoxDefaultSpaceBands + ")");
  cmd->add_option(
      "--time-bands", args->time_bands,
      std::string("knox: time break points in days (default ") + kKnoxDefaultTimeBands + ")");
  cmd->add_option("--distance", args->distance, "knox: manhattan (default) or euclidean");
  cmd->add_option("--permutations", args->permutations,
                  "knox: permutations of the times (default 999)");
  cmd->add_option("--seed", args->seed, "knox: seed of the permutations (default 1)");
  return [args]() { return RunStatsCommand(*args); };
}

}  // namespace cairn
