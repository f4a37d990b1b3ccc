// cairn status: what is in the store, per source: batches, rows loaded and rejected, first and last
// period, when last loaded and the latest day a file was received. `--batches`: one line per file
// loaded (period, received, loaded, rows). `--json` is a contract: top-level "events" and
// "sources" (and "batches" with --batches).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

nlohmann::json BatchesJson(const std::vector<BatchSummary>& batches) {
  nlohmann::json out = nlohmann::json::array();
  for (const BatchSummary& b : batches)
    out.push_back({{"batch", b.id},
                   {"source", b.source},
                   {"extract", b.extract},
                   {"file", b.file_name},
                   {"period_from", b.period_from},
                   {"period_to", b.period_to},
                   {"received", b.received_on},
                   {"loaded", b.loaded_at},
                   {"rows", b.rows_loaded},
                   {"rejected", b.rows_rejected}});
  return out;
}

nlohmann::json StatusJson(const StoreReport& report, bool batches) {
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
                            {"last_loaded", s.last_loaded},
                            {"last_received", s.last_received}});
  if (batches) j["batches"] = BatchesJson(report.batches);
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
            << "  last received  last loaded\n";
  for (const auto& s : sources)
    std::cout << std::left << std::setw(34) << Abbreviate(VisibleText(s.source), 30)
              << std::setw(20) << Abbreviate(VisibleText(s.extract), 16) << std::right
              << std::setw(8) << s.batches << std::setw(12) << WithCommas(s.rows) << std::setw(10)
              << WithCommas(s.rejected) << "  " << std::setw(8) << s.first_period << "  "
              << std::setw(8) << s.last_period << "  " << std::left << std::setw(13)
              << s.last_received << "  " << VisibleText(s.last_loaded) << "\n";
  std::cout << "\n" << WithCommas(report.events) << " events stored";
  if (findings) std::cout << "; " << findings << " data-quality notes (see --json)";
  std::cout << "\nconfiguration: " << VisibleText(report.config.dir) << " ("
            << report.config.found_by << ")\n";
}

// One line per file: what it covers, when the partner sent it and when it was loaded.
void PrintBatches(const std::vector<BatchSummary>& batches) {
  std::cout << std::right << std::setw(6) << "batch"
            << "  " << std::left << std::setw(34) << "source" << std::setw(20) << "extract"
            << std::setw(18) << "period" << std::setw(12) << "received" << std::setw(22) << "loaded"
            << std::right << std::setw(10) << "rows" << std::setw(10) << "rejected"
            << "  file\n";
  for (const BatchSummary& b : batches) {
    const std::string period =
        b.period_from.empty()
            ? ""
            : b.period_from + (b.period_to == b.period_from ? "" : ".." + b.period_to);
    std::cout << std::right << std::setw(6) << b.id << "  " << std::left << std::setw(34)
              << Abbreviate(VisibleText(b.source), 30) << std::setw(20)
              << Abbreviate(VisibleText(b.extract), 16) << std::setw(18) << period << std::setw(12)
              << b.received_on << std::setw(22) << VisibleText(b.loaded_at) << std::right
              << std::setw(10) << WithCommas(b.rows_loaded) << std::setw(10)
              << WithCommas(b.rows_rejected) << "  " << VisibleText(b.file_name) << "\n";
  }
}

}  // namespace

CommandRunner RegisterStatus(CLI::App& app, GlobalOptions& global) {
  auto json = std::make_shared<bool>(false);
  auto batches = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("status", "What the store holds, per source");
  cmd->add_flag("--json", *json, "Machine-readable output");
  cmd->add_flag("--batches", *batches,
                "One line per file loaded: its period, the day the partner sent it, when it was "
                "loaded, rows and rejects");
  return [json, batches, &global]() -> Result<Done> {
    auto workspace = OpenWorkspace(global, StoreAccess::kRead);
    if (!workspace.ok()) {
      return AsError(workspace.status());
    }
    auto report = (*workspace)->Describe();
    if (!report.ok()) {
      return AsError(report.status());
    }
    if (*json)
      std::cout << StatusJson(*report, *batches).dump(2) << "\n";
    else if (*batches)
      PrintBatches(report->batches);
    else
      PrintTable(*report);
    return Done::kOk;
  };
}

}  // namespace cairn
