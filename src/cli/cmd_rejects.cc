// cairn rejects: the rows that could not be loaded, with file, line, column and reason, as CSV.
#include <iostream>

#include "cli/command.h"
#include "store/store.h"

namespace cairn {

namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

CommandRunner RegisterRejects(CLI::App& app, GlobalOptions& global) {
  auto batch = std::make_shared<int64_t>(0);
  auto* cmd = app.add_subcommand("rejects",
                                 "List rejected rows (CSV: batch,file,line,column,value,reason)");
  auto* opt = cmd->add_option("--batch", *batch, "Only this batch");
  return [batch, opt, &global]() {
    auto store = OpenSqliteStore(global.db);
    if (!store.ok()) {
      PrintError(store.status().message());
      return kExitError;
    }
    std::optional<int64_t> which;
    if (opt->count()) which = *batch;
    auto rows = (*store)->ListRejects(which);
    if (!rows.ok()) {
      PrintError(rows.status().message());
      return kExitError;
    }
    std::cout << "batch,file,line,column,value,reason\n";
    for (const auto& r : *rows)
      std::cout << r.batch_id << "," << CsvField(r.file_name) << "," << r.reject.line << ","
                << CsvField(r.reject.column) << "," << CsvField(r.reject.value) << ","
                << CsvField(r.reject.reason) << "\n";
    std::cerr << rows->size() << " rejected rows\n";
    return kExitOk;
  };
}

}  // namespace cairn
