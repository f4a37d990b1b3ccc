// cairn evaluate: a programme's participants against a matched comparison group, as the Justice
// Data Lab judges a programme (docs/evaluate.md).
//   cairn evaluate PROGRAMME [--as-of YYYY-MM-DD] [--format table|csv|json]
// Aggregates only. With --format table the verdict comes first; with csv or json the verdict is
// in the data and also goes to stderr, so stdout stays the data.
#include <iostream>

#include "cli/command.h"
#include "present/evaluate_render.h"

namespace cairn {

namespace {

struct EvaluateArgs {
  std::string programme, as_of, format = "table";
};

Result<Done> RunEvaluateCommand(const EvaluateArgs& args, const GlobalOptions& global) {
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) return AsError(workspace.status());
  auto evaluation = (*workspace)->Evaluate(args.programme, args.as_of);
  if (!evaluation.ok()) return evaluation.status();
  if (args.format == "table") {
    std::cout << EvaluationToText(*evaluation);
    return Done::kOk;
  }
  std::cout << (args.format == "json" ? EvaluationToJson(*evaluation)
                                      : EvaluationToCsv(*evaluation));
  for (const std::string& line : evaluation->verdict) std::cerr << line << "\n";
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterEvaluate(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<EvaluateArgs>();
  auto* cmd = app.add_subcommand(
      "evaluate",
      "Did a programme reduce reoffending? Participants against matched non-participants "
      "(Justice Data Lab method)");
  cmd->add_option("programme", args->programme,
                  "Programme as named in the referrals, e.g. Turnaround")
      ->required();
  cmd->add_option("--as-of", args->as_of,
                  "YYYY-MM-DD (default: the latest day of any event, referral or outcome)");
  cmd->add_option("--format", args->format, "table, csv or json");
  return [args, &global]() { return RunEvaluateCommand(*args, global); };
}

}  // namespace cairn
