// cairn sna: the Serious Violence Duty strategic needs assessment as one self-contained HTML file
// (and optionally the same numbers as JSON).
//   cairn sna --from YYYY-MM --to YYYY-MM --out sna.html [--json sna.json] [--public]
//             [--suppress-below 5] [--force]
#include <iostream>

#include "cli/command.h"
#include "engine/outputs.h"
#include "present/sna_render.h"
#include "util/dates.h"
#include "util/files.h"

namespace cairn {

namespace {

struct SnaArgs {
  std::string from, to, out, json;
  bool is_public = false;
  bool force = false;
  int64_t suppress_below = 5;
};

Result<SnaPeriod> ParsePeriod(const SnaArgs& args) {
  auto from = ParseMonth(args.from);
  if (!from) return Status::Usage("--from \"" + args.from + "\" is not a month (expected YYYY-MM)");
  auto to = ParseMonth(args.to);
  if (!to) return Status::Usage("--to \"" + args.to + "\" is not a month (expected YYYY-MM)");
  CAIRN_RETURN_IF_ERROR(CheckMonthOrder(*from, *to));
  if (args.suppress_below < 1) return Status::Usage("--suppress-below must be at least 1");
  return SnaPeriod{*from, *to};
}

Result<SnaDocument> Assemble(const SnaArgs& args, const GlobalOptions& global, SnaPeriod period) {
  auto workspace = OpenWorkspace(global, StoreAccess::kRead);
  if (!workspace.ok()) return workspace.status();
  return (*workspace)->Sna(period, DisclosureOptions{args.is_public, args.suppress_below});
}

// Refused before any work: an output that would replace the store, a key or another file.
Status CheckOutputs(const SnaArgs& args, const GlobalOptions& global) {
  if (!args.json.empty() && args.json == args.out)
    return Status::Usage("--out and --json are the same file (" + args.out + ")");
  ProtectedFiles protect = ProtectedFilesFor(global.db, global.key);
  CAIRN_RETURN_IF_ERROR(CheckOutputPath(SnaHtmlOutput(args.out, args.force), protect));
  if (args.json.empty()) return Status::Ok();
  return CheckOutputPath(SnaJsonOutput(args.json, args.force), protect);
}

Status WriteOutputs(const SnaArgs& args, const GlobalOptions& global, const SnaDocument& doc) {
  ProtectedFiles protect = ProtectedFilesFor(global.db, global.key);
  CAIRN_RETURN_IF_ERROR(WriteOutput(SnaHtmlOutput(args.out, args.force), protect, SnaToHtml(doc)));
  if (args.json.empty()) return Status::Ok();
  return WriteOutput(SnaJsonOutput(args.json, args.force), protect, SnaToJson(doc));
}

Result<Done> RunSna(const SnaArgs& args, const GlobalOptions& global) {
  auto period = ParsePeriod(args);
  if (!period.ok()) {
    return AsUsage(period.status());
  }
  if (Status st = CheckOutputs(args, global); !st.ok()) {
    return st;
  }
  auto doc = Assemble(args, global, *period);
  if (!doc.ok()) {
    return doc.status();
  }
  std::cerr << "definition: " << doc->data.definition << " (" << doc->data.definition_label
            << ")\n";
  if (Status st = WriteOutputs(args, global, *doc); !st.ok()) {
    return st;
  }
  std::cout << args.out << "\n";
  if (!args.json.empty()) std::cout << args.json << "\n";
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterSna(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<SnaArgs>();
  auto* cmd = app.add_subcommand("sna", "Write the strategic needs assessment (HTML, JSON)");
  cmd->add_option("--from", args->from, "First month of the period (YYYY-MM)")->required();
  cmd->add_option("--to", args->to, "Last month of the period (YYYY-MM)")->required();
  cmd->add_option("--out", args->out, "HTML file to write")->required();
  cmd->add_option("--json", args->json, "Also write the numbers as JSON to this file");
  cmd->add_flag(
      "--public", args->is_public,
      "Disclosure control for publication: suppress small counts, no person-level detail");
  cmd->add_option("--suppress-below", args->suppress_below,
                  "With --public, suppress counts from 1 to this minus 1 (default 5)");
  cmd->add_flag("--force", args->force,
                "Replace an existing file that is not an earlier Cairn report (never the store "
                "or a key)");
  return [args, &global]() { return RunSna(*args, global); };
}

}  // namespace cairn
