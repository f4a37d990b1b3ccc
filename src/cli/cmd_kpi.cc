// cairn kpi: the performance framework.
//   cairn kpi list                                     the catalogue (config/kpis/)
//   cairn kpi compute [--period P] [--kpi ID...] [--format table|csv|json]
//   cairn kpi record ID --period P --value V [--note TEXT] [--by NAME]
//   cairn kpi import FILE.csv|FILE.xlsx [--sheet S]    columns kpi, period, value, note
//   cairn kpi history [--kpi ID...]                    every reported value, corrections included
//   cairn kpi sharing [--by month|quarter|year]       data sharing per partner, from the loads
//   cairn kpi report --out F.html [--json F.json] [--period P | --annual YEAR] [--public]
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "engine/outputs.h"
#include "present/kpi_render.h"
#include "present/kpi_report.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

struct KpiArgs {
  std::vector<std::string> ids;
  std::string format = "table", id, period, value, note, by, file, sheet;
  std::string out, json, sna;
  std::optional<int> annual;
  bool is_public = false, force = false, evaluations = false;
  int64_t suppress_below = 5;
};

std::string RecordedBy(const KpiArgs& args) {
  if (!args.by.empty()) return args.by;
  const char* user = std::getenv("USER");
  if (user && *user) return user;
  if (const passwd* account = getpwuid(getuid()); account && account->pw_name)
    return account->pw_name;  // $USER is unset under cron and in containers
  return "unknown";
}

Result<Done> RunList(const KpiArgs& args, const GlobalOptions& global) {
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto kpis = (*ws)->Kpis();
  if (!kpis.ok()) return kpis.status();
  PrintListTable(KpiCatalogueTable(**kpis), args.format);
  return Done::kOk;
}

// The last month of --period, or a usage error naming the forms a period takes.
Result<std::optional<int32_t>> AsOf(const std::string& period) {
  if (period.empty()) return std::optional<int32_t>();
  auto months = PeriodMonths(period);
  if (!months)
    return Status::Usage("--period \"" + period + "\" is not a period (2024-Q4, 2024-12 or 2024)");
  return std::optional<int32_t>(months->second);
}

// Every series cut at the end of --period (as it was then), or everything loaded.
Result<Done> RunCompute(const KpiArgs& args, const GlobalOptions& global) {
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    return Status::Usage("--format \"" + args.format + "\": expected table, csv or json");
  auto as_of = AsOf(args.period);
  if (!as_of.ok()) return as_of.status();
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto results = (*ws)->ComputeKpis(args.ids, *as_of);
  if (!results.ok()) return results.status();
  if (args.format == "json")
    std::cout << KpiToJson(*results, args.period);
  else if (args.format == "csv")
    std::cout << ListToCsv(KpiSeriesTable(*results));
  else
    PrintListTable(KpiSummaryTable(*results), "table");
  return Done::kOk;
}

Result<Done> RunRecord(const KpiArgs& args, const GlobalOptions& global) {
  auto value = ParseDouble(Trim(args.value));
  if (!value) return Status::Usage("--value \"" + args.value + "\" is not a number");
  auto ws = OpenWorkspace(global, StoreAccess::kWrite);
  if (!ws.ok()) return ws.status();
  ReportedValue v;
  v.kpi = args.id;
  v.period = args.period;
  v.value = *value;
  v.note = args.note;
  v.recorded_by = RecordedBy(args);
  auto done = (*ws)->RecordKpiValue(v);
  if (!done.ok()) return Status::Usage(done.status().message());
  if (done->unchanged)
    std::cerr << "unchanged: " << args.id << " " << args.period << " is already " << args.value
              << " with this note (value " << done->id << "); nothing recorded\n";
  else
    std::cerr << "recorded " << args.id << " " << args.period << " = " << args.value << " (value "
              << done->id << ", by " << v.recorded_by << ")\n";
  return Done::kOk;
}

// Rows kpi,period,value[,note] of a CSV or a workbook sheet; each bad row is said with its line,
// and the good rows are recorded.
Result<Done> RunImport(const KpiArgs& args, const GlobalOptions& global) {
  auto ws = OpenWorkspace(global, StoreAccess::kWrite);
  if (!ws.ok()) return ws.status();
  auto report = (*ws)->ImportKpiValues(args.file, args.sheet, RecordedBy(args));
  if (!report.ok()) return report.status();
  for (const std::string& r : report->rejects) std::cerr << VisibleText(r) << "\n";
  std::cerr << "recorded " << report->recorded << " values from " << args.file;
  if (report->unchanged > 0)
    std::cerr << ", " << report->unchanged << " unchanged (already the current value)";
  std::cerr << ", rejected " << report->rejects.size() << " rows\n";
  return report->rejects.empty() ? Done::kOk : Done::kWithRejects;
}

// The quarterly report (or, with --annual, the annual review) as HTML and optionally JSON.
Result<Done> RunReport(const KpiArgs& args, const GlobalOptions& global) {
  if (args.suppress_below < 1) return Status::Usage("--suppress-below must be at least 1");
  if (!args.period.empty() && args.annual)
    return Status::Usage("--period and --annual: give one (the annual review is of a whole year)");
  auto as_of = AsOf(args.annual ? std::to_string(*args.annual) : args.period);
  if (!as_of.ok()) return as_of.status();
  if (!args.json.empty() && args.json == args.out)
    return Status::Usage("--out and --json are the same file (" + args.out + ")");
  ProtectedFiles protect = ProtectedFilesFor(global.db, global.key);
  Status st = CheckOutputPath(KpiHtmlOutput(args.out, args.force), protect);
  if (st.ok() && !args.json.empty())
    st = CheckOutputPath(KpiJsonOutput(args.json, args.force), protect);
  if (!st.ok()) return st;
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto results = (*ws)->ComputeKpis(args.ids, *as_of);
  if (!results.ok()) return results.status();
  KpiReportOptions options;
  options.period = args.annual ? std::to_string(*args.annual) : args.period;
  options.annual = args.annual;
  options.sna_file = args.sna;
  options.disclosure = DisclosureOptions{args.is_public, args.suppress_below};
  if (options.period.empty()) {
    // The latest quarter the data cover fully, every series cut at its end.
    const ReportPeriodChoice choice = DefaultReportPeriod(*results);
    options.period = choice.period;
    options.period_note = choice.why;
    if (!choice.why.empty())
      std::cerr << "reporting " << choice.period << ": " << choice.why << "\n";
    if (!choice.period.empty() && LastMonthOf(*results) > PeriodMonths(choice.period)->second) {
      results = (*ws)->ComputeKpis(args.ids, PeriodMonths(choice.period)->second);
      if (!results.ok()) return results.status();
    }
  }
  if (args.annual) {
    auto yearly = (*ws)->ComputeKpis(args.ids, *as_of, KpiPeriod::kYear);
    if (!yearly.ok()) return yearly.status();
    options.yearly = std::move(yearly).value();
  }
  auto sharing = (*ws)->DataSharing(args.annual ? KpiPeriod::kYear : KpiPeriod::kQuarter);
  if (!sharing.ok()) return sharing.status();
  // Programme evaluation looks a year past each start: a matter for the annual review (and a
  // few seconds of matching), or a quarterly report that asks for it.
  if (args.annual || args.evaluations) {
    auto evaluations = (*ws)->EvaluateEveryProgramme();
    if (!evaluations.ok()) return evaluations.status();
    options.evaluations = std::move(evaluations).value();
  }
  if (args.annual) {
    auto docs =
        (*ws)->RegisterDocumentsAsOf("", options.disclosure, Workspace::RegisterKpis::kNone);
    if (!docs.ok()) return docs.status();
    options.funding_html = FundingSectionHtml((*docs)->inputs);
  }
  st = WriteOutput(KpiHtmlOutput(args.out, args.force), protect,
                   KpiReportHtml(*results, *sharing, options));
  if (st.ok() && !args.json.empty())
    st = WriteOutput(KpiJsonOutput(args.json, args.force), protect,
                     KpiReportJson(*results, options));
  if (!st.ok()) return st;
  std::cout << args.out << "\n";
  if (!args.json.empty()) std::cout << args.json << "\n";
  return Done::kOk;
}

Result<Done> RunSharing(const KpiArgs& args, const GlobalOptions& global) {
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  const KpiPeriod period = args.period == "month"  ? KpiPeriod::kMonth
                           : args.period == "year" ? KpiPeriod::kYear
                                                   : KpiPeriod::kQuarter;
  auto rows = (*ws)->DataSharing(period);
  if (!rows.ok()) return rows.status();
  PrintListTable(SharingTable(*rows), args.format);
  return Done::kOk;
}

Result<Done> RunHistory(const KpiArgs& args, const GlobalOptions& global) {
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto store = (*ws)->store();
  if (!store.ok()) return store.status();
  auto values = (*store)->ListReportedValues(true);
  if (!values.ok()) return values.status();
  // A KPI asked for must be in the catalogue: a misspelt id would list nothing, as if nothing had
  // been reported.
  auto kpis = (*ws)->Kpis();
  if (!kpis.ok()) return kpis.status();
  for (const std::string& id : args.ids)
    if (!(*kpis)->Find(id))
      return Status::Usage("--kpi \"" + id + "\": no such KPI in the catalogue (cairn kpi list)");
  std::vector<ReportedValue> shown;
  for (ReportedValue& v : *values)
    if (args.ids.empty() || std::find(args.ids.begin(), args.ids.end(), v.kpi) != args.ids.end())
      shown.push_back(std::move(v));
  PrintListTable(ReportedValuesTable(shown), args.format);
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterKpi(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<KpiArgs>();
  auto* cmd = app.add_subcommand(
      "kpi",
      "The performance framework: the KPI catalogue, computed series with SPC, reported values");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "The KPI catalogue (config/kpis/)");
  list->add_option("--format", args->format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  auto* compute = cmd->add_subcommand(
      "compute", "Every KPI's series, SPC status and icons, baseline change and target");
  compute->add_option("--kpi", args->ids, "Only these KPIs (ids)");
  compute->add_option("--period", args->period,
                      "As at the end of this period (2024-Q2, 2024-06 or 2024): every series cut "
                      "there (default: everything loaded)");
  compute->add_option("--format", args->format,
                      "table (a line per KPI), csv (every period) or json");
  auto* record = cmd->add_subcommand("record", "Record a value people report for a KPI");
  record->add_option("ID", args->id, "The KPI id")->required();
  record->add_option("--period", args->period, "2024, 2024-Q3 or 2024-07, as the KPI's period")
      ->required();
  record->add_option("--value", args->value, "The value")->required();
  record->add_option("--note", args->note, "Where the figure comes from, or what it says");
  record->add_option("--by", args->by, "Who records it (default $USER)");
  auto* import = cmd->add_subcommand("import", "Record reported values from a sheet");
  import->add_option("FILE", args->file, "CSV or .xlsx with columns kpi, period, value, note")
      ->required();
  import->add_option("--sheet", args->sheet, "The workbook's sheet (default the first)");
  import->add_option("--by", args->by, "Who records them (default $USER)");
  auto* history = cmd->add_subcommand("history", "Every reported value, corrections included");
  history->add_option("--kpi", args->ids, "Only these KPIs (ids)");
  history->add_option("--format", args->format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  auto* report = cmd->add_subcommand(
      "report", "The quarterly KPI report (HTML, SPC charts), or with --annual the annual review");
  report->add_option("--out", args->out, "HTML file to write")->required();
  report->add_option("--json", args->json, "Also write the numbers as JSON to this file");
  report->add_option("--period", args->period,
                     "The period reported, every series cut at its end (default: the latest "
                     "quarter the loaded data cover fully)");
  report->add_option("--annual", args->annual, "The annual review of this year instead");
  report->add_option("--sna", args->sna, "The SNA report the annual review links to");
  report->add_option("--kpi", args->ids, "Only these KPIs (ids)");
  report->add_flag("--evaluations", args->evaluations,
                   "Add every programme's evaluation (cairn evaluate) to a quarterly report; the "
                   "annual review always has them");
  report->add_flag("--public", args->is_public,
                   "Disclosure control for publication: suppress small counts");
  report->add_option("--suppress-below", args->suppress_below,
                     "With --public, suppress counts from 1 to this minus 1 (default 5)");
  report->add_flag("--force", args->force,
                   "Replace an existing file that is not an earlier KPI report (never the store "
                   "or a key)");
  auto* sharing = cmd->add_subcommand(
      "sharing",
      "Data sharing per partner and period: files, rows rejected, days to receipt, gaps");
  sharing->add_option("--by", args->period, "month, quarter (default) or year")
      ->check(CLI::IsMember({"month", "quarter", "year"}));
  sharing->add_option("--format", args->format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  return [=, &global]() -> Result<Done> {
    if (sharing->parsed()) return RunSharing(*args, global);
    if (report->parsed()) return RunReport(*args, global);
    if (list->parsed()) return RunList(*args, global);
    if (compute->parsed()) return RunCompute(*args, global);
    if (record->parsed()) return RunRecord(*args, global);
    if (import->parsed()) return RunImport(*args, global);
    return RunHistory(*args, global);
  };
}

}  // namespace cairn
