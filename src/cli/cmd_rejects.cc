// cairn rejects: the rows that could not be loaded, with file, line, column and reason, as CSV.
#include <iostream>

#include "cli/command.h"
#include "util/csv.h"

namespace cairn {

CommandRunner RegisterRejects(CLI::App& app, GlobalOptions& global) {
  auto batch = std::make_shared<int64_t>(0);
  auto* cmd = app.add_subcommand("rejects",
                                 "List rejected rows (CSV: batch,file,line,column,value,reason)");
  auto* opt = cmd->add_option("--batch", *batch, "Only this batch");
  return [batch, opt, &global]() {
    auto workspace = OpenWorkspace(global, StoreAccess::kRead);
    if (!workspace.ok()) {
      PrintError(workspace.status().message());
      return kExitError;
    }
    std::optional<int64_t> which;
    if (opt->count()) which = *batch;
    auto rows = (*workspace)->Rejects(which);
    if (!rows.ok()) {
      PrintError(rows.status().message());
      return kExitError;
    }
    std::cout << "batch,file,line,column,value,reason\n";
    for (const auto& r : *rows)
      std::cout << r.batch_id << "," << CsvQuote(r.file_name) << "," << r.reject.line << ","
                << CsvQuote(r.reject.column) << "," << CsvQuote(r.reject.value) << ","
                << CsvQuote(r.reject.reason) << "\n";
    std::cerr << rows->size() << " rejected rows\n";
    return kExitOk;
  };
}

}  // namespace cairn
