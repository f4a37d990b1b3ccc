// cairn rejects: the rows that could not be loaded, with file, line, column and reason, as CSV.
#include <iostream>

#include "cli/command.h"
#include "util/csv.h"
#include "util/terminal.h"

namespace cairn {

CommandRunner RegisterRejects(CLI::App& app, GlobalOptions& global) {
  auto batch = std::make_shared<int64_t>(0);
  auto* cmd = app.add_subcommand("rejects",
                                 "List rejected rows (CSV: batch,file,line,column,value,reason)");
  auto* opt = cmd->add_option("--batch", *batch, "Only this batch");
  return [batch, opt, &global]() -> Result<Done> {
    auto workspace = OpenWorkspace(global, StoreAccess::kRead);
    if (!workspace.ok()) {
      return AsError(workspace.status());
    }
    std::optional<int64_t> which;
    if (opt->count()) which = *batch;
    auto rows = (*workspace)->Rejects(which);
    if (!rows.ok()) {
      return AsError(rows.status());
    }
    // For people, often on a terminal: control characters shown, formulas neutralised.
    std::cout << CsvLine({"batch", "file", "line", "column", "value", "reason"});
    for (const auto& r : *rows)
      std::cout << CsvLine({std::to_string(r.batch_id), VisibleText(r.file_name),
                            std::to_string(r.reject.line), VisibleText(r.reject.column),
                            VisibleText(r.reject.value), VisibleText(r.reject.reason)});
    std::cerr << rows->size() << " rejected rows\n";
    return Done::kOk;
  };
}

}  // namespace cairn
