// cairn register: the accountability register (docs/register.md).
//   cairn register import FILE... [--kind K] [--by NAME]   CSV or .xlsx, checked row by row
//   cairn register update ID [--status S] [--set COLUMN=VALUE]... [--note TEXT] [--by NAME]
//   cairn register list [--kind K] [--format table|csv]
//   cairn register history ID [--format table|csv]
//   cairn register export --out FILE.csv|FILE.xlsx
//   cairn register template KIND                             a kind's header line
//   cairn register response INSPECTION --out FILE.html [--as-of DATE]
//   cairn register report --out FILE.html [--public] [--as-of DATE]
// cairn brief --public|--partners --out FILE.html [--as-of DATE]
// cairn due [--within DAYS] [--owner AGENCY] [--as-of DATE] [--all] [--format table|csv]
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <tuple>

#include "cli/command.h"
#include "engine/outputs.h"
#include "util/files.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

struct RegisterArgs {
  std::vector<std::string> files, set;
  std::string kind, by, id, status, note, out, as_of, owner, format = "table";
  bool is_public = false, force = false, all = false, partners = false;
  int64_t suppress_below = 5;
  int within = 28;
};

std::string RecordedBy(const RegisterArgs& args) {
  if (!args.by.empty()) return args.by;
  const char* user = std::getenv("USER");
  return user && *user ? user : "unknown";
}

Status CheckFormat(const std::string& format) {
  if (format == "table" || format == "csv") return Status::Ok();
  return Status::Usage("--format \"" + format + "\": expected table or csv");
}

const char* OutcomeWord(RegisterOutcome o) {
  return o == RegisterOutcome::kNew       ? "new"
         : o == RegisterOutcome::kChanged ? "changed"
                                          : "unchanged";
}

// Rows, not reasons: a row may be refused for several.
size_t RowsRejected(const RegisterImportReport& report) {
  std::set<std::tuple<std::string, std::string, long>> rows;
  for (const RegisterReject& r : report.rejects) rows.emplace(r.file, r.sheet, r.line);
  return rows.size();
}

Result<Done> RunImport(const RegisterArgs& args, const GlobalOptions& global) {
  if (!args.kind.empty() && !FindRegisterKind(args.kind))
    return Status::Usage("--kind \"" + args.kind + "\" is not a register kind");
  auto ws = OpenWorkspace(global, StoreAccess::kWrite);
  if (!ws.ok()) return ws.status();
  auto report = (*ws)->ImportRegister({args.files, args.kind, RecordedBy(args)});
  if (!report.ok()) return report.status();
  std::map<RegisterOutcome, int> counts;
  for (const RegisterChange& c : report->changes) {
    ++counts[c.outcome];
    if (c.outcome == RegisterOutcome::kChanged)
      std::cerr << VisibleText(c.item + " changed (" + c.origin + "): " + Join(c.changes, "; "))
                << "\n";
  }
  for (const std::string& note : report->notes) std::cerr << VisibleText(note) << "\n";
  for (const RegisterReject& r : report->rejects)
    std::cerr << VisibleText(r.file +
                             (r.sheet.empty() ? ", line " : ", sheet " + r.sheet + ", row ") +
                             std::to_string(r.line) + (r.column.empty() ? "" : ", " + r.column) +
                             ": " + r.reason)
              << "\n";
  std::cerr << "register: " << counts[RegisterOutcome::kNew] << " new, "
            << counts[RegisterOutcome::kChanged] << " changed, "
            << counts[RegisterOutcome::kUnchanged] << " unchanged, " << RowsRejected(*report)
            << " rejected\n";
  return report->rejects.empty() ? Done::kOk : Done::kWithRejects;
}

Result<Done> RunUpdate(const RegisterArgs& args, const GlobalOptions& global) {
  RegisterUpdate update{args.id, args.status, args.note, RecordedBy(args), {}};
  for (const std::string& s : args.set) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      return Status::Usage("--set \"" + s + "\": expected COLUMN=VALUE");
    update.set.emplace_back(std::string(Trim(s.substr(0, eq))), s.substr(eq + 1));
  }
  if (update.status.empty() && update.set.empty() && update.note.empty())
    return Status::Usage("nothing to change: give --status, --set or --note");
  auto ws = OpenWorkspace(global, StoreAccess::kWrite);
  if (!ws.ok()) return ws.status();
  auto change = (*ws)->UpdateRegister(update);
  if (!change.ok()) return change.status();
  std::cerr << VisibleText(args.id + " " + OutcomeWord(change->outcome) +
                           (change->changes.empty() ? "" : ": " + Join(change->changes, "; ")))
            << "\n";
  return Done::kOk;
}

Result<Done> RunList(const RegisterArgs& args, const GlobalOptions& global) {
  CAIRN_RETURN_IF_ERROR(CheckFormat(args.format));
  const RegisterKind* kind = args.kind.empty() ? nullptr : FindRegisterKind(args.kind);
  if (!args.kind.empty() && !kind)
    return Status::Usage("--kind \"" + args.kind + "\" is not a register kind");
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto reg = (*ws)->LoadRegister();
  if (!reg.ok()) return reg.status();
  PrintListTable(RegisterListTable(*reg, kind ? kind->name : ""), args.format);
  return Done::kOk;
}

Result<Done> RunHistory(const RegisterArgs& args, const GlobalOptions& global) {
  CAIRN_RETURN_IF_ERROR(CheckFormat(args.format));
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto reg = (*ws)->LoadRegister();
  if (!reg.ok()) return reg.status();
  if (!reg->Find(args.id)) return Status::Usage(args.id + " is not in the register");
  PrintListTable(RegisterHistoryTable(*reg, args.id), args.format);
  return Done::kOk;
}

Result<Done> RunExport(const RegisterArgs& args, const GlobalOptions& global) {
  const bool xlsx = EndsWith(ToLower(args.out), ".xlsx");
  if (!xlsx && !EndsWith(ToLower(args.out), ".csv"))
    return Status::Usage("--out " + args.out + ": expected a .csv or .xlsx file");
  ProtectedFiles protect = ProtectedFilesFor(global.db, global.key);
  const OutputFile out = RegisterSheetOutput(args.out, args.force);
  CAIRN_RETURN_IF_ERROR(CheckOutputPath(out, protect));
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto reg = (*ws)->LoadRegister();
  if (!reg.ok()) return reg.status();
  std::string bytes = RegisterToCsv(*reg);
  if (xlsx) {
    // libxlsxwriter writes a file: a temporary one beside the output, then the checked write.
    const std::string temp = args.out + ".cairn-tmp";
    Status st = WriteRegisterXlsx(*reg, temp);
    auto data = st.ok() ? ReadFile(temp) : Result<std::string>(st);
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    if (!data.ok()) return data.status();
    bytes = std::move(*data);
  }
  CAIRN_RETURN_IF_ERROR(WriteOutput(out, protect, bytes));
  std::cout << args.out << "\n";
  return Done::kOk;
}

Result<Done> RunTemplate(const RegisterArgs& args) {
  const RegisterKind* kind = FindRegisterKind(args.kind);
  if (!kind) {
    std::vector<std::string> names;
    for (const RegisterKind& k : RegisterKinds()) names.push_back(k.name);
    return Status::Usage("\"" + args.kind + "\" is not a register kind (" + Join(names, ", ") +
                         ")");
  }
  std::cout << RegisterTemplateCsv(*kind);
  return Done::kOk;
}

Result<Done> RunDocument(const RegisterArgs& args, const GlobalOptions& global, bool response) {
  if (args.suppress_below < 1) return Status::Usage("--suppress-below must be at least 1");
  ProtectedFiles protect = ProtectedFilesFor(global.db, global.key);
  const OutputFile out = RegisterHtmlOutput(args.out, args.force);
  CAIRN_RETURN_IF_ERROR(CheckOutputPath(out, protect));
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto docs = (*ws)->RegisterDocumentsAsOf(args.as_of, {args.is_public, args.suppress_below});
  if (!docs.ok()) return docs.status();
  std::string html;
  if (response) {
    auto page = InspectionResponseHtml((*docs)->inputs, args.id);
    if (!page.ok()) return page.status();
    html = std::move(*page);
  } else {
    html = RegisterReportHtml((*docs)->inputs);
  }
  CAIRN_RETURN_IF_ERROR(WriteOutput(out, protect, html));
  std::cout << args.out << "\n";
  return Done::kOk;
}

Result<Done> RunBrief(const RegisterArgs& args, const GlobalOptions& global) {
  if (args.is_public == args.partners)
    return Status::Usage("give one of --public (for publication) or --partners");
  if (args.suppress_below < 1) return Status::Usage("--suppress-below must be at least 1");
  ProtectedFiles protect = ProtectedFilesFor(global.db, global.key);
  const OutputFile out = BriefHtmlOutput(args.out, args.force);
  CAIRN_RETURN_IF_ERROR(CheckOutputPath(out, protect));
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto brief = (*ws)->Brief(args.as_of, {args.is_public, args.suppress_below});
  if (!brief.ok()) return brief.status();
  CAIRN_RETURN_IF_ERROR(WriteOutput(
      out, protect,
      args.is_public ? PublicBriefHtml(brief->inputs) : PartnersBriefHtml(brief->inputs)));
  std::cout << args.out << "\n";
  return Done::kOk;
}

Result<Done> RunDue(const RegisterArgs& args, const GlobalOptions& global) {
  CAIRN_RETURN_IF_ERROR(CheckFormat(args.format));
  if (args.within < 0) return Status::Usage("--within must be 0 days or more");
  auto ws = OpenWorkspace(global, StoreAccess::kRead);
  if (!ws.ok()) return ws.status();
  auto entries = (*ws)->Due(args.as_of);
  if (!entries.ok()) return entries.status();
  auto config = (*ws)->config();
  if (!config.ok()) return config.status();
  const RegisterRules& rules = (*config)->register_rules;
  if (!args.owner.empty() && !rules.agencies.count(args.owner))
    return Status::Usage("--owner \"" + args.owner + "\" is not an agency of " +
                         RegisterRulesPath((*config)->dir));
  std::vector<DueEntry> shown;
  for (const DueEntry& e : *entries) {
    if (!args.owner.empty() && e.owner != args.owner) continue;
    const bool open = e.state == DueState::kOverdue || e.state == DueState::kDueSoon ||
                      e.state == DueState::kLater;
    if (!args.all && (!open || (e.state != DueState::kOverdue && e.days > args.within))) continue;
    shown.push_back(e);
  }
  PrintListTable(DueTable(shown, rules), args.format);
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterRegister(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<RegisterArgs>();
  auto* cmd = app.add_subcommand(
      "register",
      "The accountability register: inspections, recommendations, DHRs, lessons, actions, "
      "funding, engagement");
  cmd->require_subcommand(1);
  auto* import = cmd->add_subcommand("import", "Import register sheets (CSV or .xlsx)");
  import->add_option("FILE", args->files, "CSV files or workbooks")->required();
  import->add_option("--kind", args->kind,
                     "The kind of a CSV without a kind column (default: the file's name)");
  import->add_option("--by", args->by, "Who records them (default $USER)");
  auto* update = cmd->add_subcommand("update", "Change one item (kept as a new revision)");
  update->add_option("ID", args->id, "The item's id")->required();
  update->add_option("--status", args->status, "open, in-progress, done or closed");
  update->add_option("--set", args->set, "COLUMN=VALUE, e.g. --set due=2025-03-31");
  update->add_option("--note", args->note, "Why");
  update->add_option("--by", args->by, "Who records it (default $USER)");
  auto* list = cmd->add_subcommand("list", "The register as it stands");
  list->add_option("--kind", args->kind, "Only this kind");
  list->add_option("--format", args->format, "table or csv");
  auto* history = cmd->add_subcommand("history", "Every revision of one item");
  history->add_option("ID", args->id, "The item's id")->required();
  history->add_option("--format", args->format, "table or csv");
  auto* exp = cmd->add_subcommand("export", "Write the register as a sheet that re-imports");
  exp->add_option("--out", args->out, "FILE.csv or FILE.xlsx")->required();
  exp->add_flag("--force", args->force, "Replace an existing file that is not an export");
  auto* tmpl = cmd->add_subcommand("template", "Print a kind's header line (a new sheet)");
  tmpl->add_option("KIND", args->kind, "inspection, recommendation, dhr, ...")->required();
  auto* response = cmd->add_subcommand(
      "response", "The PCC's published response to an inspection report (HTML)");
  response->add_option("INSPECTION", args->id, "The inspection's id")->required();
  auto* report = cmd->add_subcommand(
      "report", "Open recommendations and actions with RAG and their KPIs' SPC status (HTML)");
  report->add_flag("--public", args->is_public,
                   "For publication: no evidence, no unpublished DHR, small counts suppressed");
  report->add_option("--suppress-below", args->suppress_below,
                     "With --public, suppress counts from 1 to this minus 1 (default 5)");
  for (CLI::App* doc : {response, report}) {
    doc->add_option("--out", args->out, "HTML file to write")->required();
    doc->add_option("--as-of", args->as_of, "The day (YYYY-MM-DD; default today)");
    doc->add_flag("--force", args->force, "Replace an existing file that is not one of these");
  }
  return [=, &global]() -> Result<Done> {
    if (import->parsed()) return RunImport(*args, global);
    if (update->parsed()) return RunUpdate(*args, global);
    if (list->parsed()) return RunList(*args, global);
    if (history->parsed()) return RunHistory(*args, global);
    if (exp->parsed()) return RunExport(*args, global);
    if (tmpl->parsed()) return RunTemplate(*args);
    return RunDocument(*args, global, response->parsed());
  };
}

CommandRunner RegisterBrief(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<RegisterArgs>();
  auto* cmd = app.add_subcommand(
      "brief", "A short summary: --public (plain English, for a phone) or --partners (internal)");
  cmd->add_flag("--public", args->is_public,
                "Serious violence in the area, what the partnership does and how it is going");
  cmd->add_flag("--partners", args->partners,
                "What changed this quarter, what is due, which data are late");
  cmd->add_option("--out", args->out, "HTML file to write")->required();
  cmd->add_option("--as-of", args->as_of, "The day (YYYY-MM-DD; default today)");
  cmd->add_option("--suppress-below", args->suppress_below,
                  "With --public, suppress counts from 1 to this minus 1 (default 5)");
  cmd->add_flag("--force", args->force, "Replace an existing file that is not a brief");
  return [=, &global]() -> Result<Done> { return RunBrief(*args, global); };
}

CommandRunner RegisterDue(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<RegisterArgs>();
  auto* cmd = app.add_subcommand(
      "due", "What the register says is due or overdue (responses, DHR stages, actions)");
  cmd->add_option("--within", args->within, "Show what falls due within this many days (28)");
  cmd->add_option("--owner", args->owner, "Only this agency's");
  cmd->add_option("--as-of", args->as_of, "The day (YYYY-MM-DD; default today)");
  cmd->add_flag("--all", args->all, "Every clock, met and later ones too");
  cmd->add_option("--format", args->format, "table or csv");
  return [=, &global]() -> Result<Done> { return RunDue(*args, global); };
}

}  // namespace cairn
