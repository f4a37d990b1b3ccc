// cairn status: what is in the store, per source: batches, rows loaded and rejected, first and last
// period, when last loaded. `--json` is a contract: top-level "events" and "sources".
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

nlohmann::json StatusJson(const StoreReport& report) {
  const auto& sources = report.sources;
  nlohmann::json j;
  j["events"] = report.events;
  j["sources"] = nlohmann::json::array();
  for (const auto& s : sources)
    j["sources"].push_back({{"source", s.source},
                            {"extract", s.extract},
                            {"batches", s.batches},
                            {"rows", s.rows},
                            {"rejected", s.rejected},
                            {"events", s.events},
                            {"first_period", s.first_period},
                            {"last_period", s.last_period},
                            {"last_loaded", s.last_loaded}});
  j["findings"] = report.findings;
  j["configuration"] = {{"dir", report.config.dir}, {"found_by", report.config.found_by}};
  return j;
}

void PrintTable(const StoreReport& report) {
  const auto& sources = report.sources;
  const size_t findings = report.findings.size();
  std::cout << std::left << std::setw(34) << "source" << std::setw(20) << "extract" << std::right
            << std::setw(8) << "batches" << std::setw(12) << "rows" << std::setw(10) << "rejected"
            << "  " << std::setw(8) << "first"
            << "  " << std::setw(8) << "last"
            << "  last loaded\n";
  for (const auto& s : sources)
    std::cout << std::left << std::setw(34) << Abbreviate(VisibleText(s.source), 32)
              << std::setw(20) << Abbreviate(VisibleText(s.extract), 18) << std::right
              << std::setw(8) << s.batches << std::setw(12) << WithCommas(s.rows) << std::setw(10)
              << WithCommas(s.rejected) << "  " << std::setw(8) << s.first_period << "  "
              << std::setw(8) << s.last_period << "  " << VisibleText(s.last_loaded) << "\n";
  std::cout << "\n" << WithCommas(report.events) << " events stored";
  if (findings) std::cout << "; " << findings << " data-quality notes (see --json)";
  std::cout << "\nconfiguration: " << VisibleText(report.config.dir) << " ("
            << report.config.found_by << ")\n";
}

}  // namespace

CommandRunner RegisterStatus(CLI::App& app, GlobalOptions& global) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("status", "What the store holds, per source");
  cmd->add_flag("--json", *json, "Machine-readable output");
  return [json, &global]() -> Result<Done> {
    auto workspace = OpenWorkspace(global, StoreAccess::kRead);
    if (!workspace.ok()) {
      return AsError(workspace.status());
    }
    auto report = (*workspace)->Describe();
    if (!report.ok()) {
      return AsError(report.status());
    }
    if (*json)
      std::cout << StatusJson(*report).dump(2) << "\n";
    else
      PrintTable(*report);
    return Done::kOk;
  };
}

}  // namespace cairn
