// The Workspace's register operations: sheets read (CSV, .xlsx), checked, recorded.
#include <algorithm>
#include <ctime>
#include <filesystem>

#include "engine/workspace.h"
#include "ingest/xlsx.h"
#include "present/kpi_report.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

Result<RegisterSheet> ReadCsvSheet(const std::string& file, std::string_view data,
                                   const std::string& kind) {
  RegisterSheet sheet{file, "", kind, {}, {}};
  CsvReader reader(StripBom(data));
  CsvRecord rec;
  while (reader.Next(&rec)) {
    SheetRow row{rec.line, {}, {}};
    for (auto f : rec.fields) row.cells.emplace_back(f);
    sheet.rows.push_back(std::move(row));
  }
  if (!reader.status().ok()) return reader.status().WithContext(file);
  return sheet;
}

Result<std::vector<RegisterSheet>> ReadWorkbookSheets(const std::string& file,
                                                      std::string_view data) {
  auto book = XlsxWorkbook::Open(data, file);
  if (!book.ok()) return book.status();
  std::vector<RegisterSheet> sheets;
  for (size_t i = 0; i < book->sheet_names().size(); ++i) {
    const std::string& name = book->sheet_names()[i];
    RegisterSheet sheet{file, name, name, {}, {}};
    auto merged = book->MergedCells(static_cast<int>(i));
    if (!merged.ok()) return merged.status();
    for (const XlsxRange& r : *merged)
      sheet.merges.push_back(
          {r.first_row, r.last_row, r.first_col, r.last_col,
           XlsxCellName(r.first_row, r.first_col) + ":" + XlsxCellName(r.last_row, r.last_col)});
    CAIRN_RETURN_IF_ERROR(book->ForEachRow(static_cast<int>(i), [&](const XlsxRow& row) {
      sheet.rows.push_back({row.number, row.cells, row.problems});
      return true;
    }));
    sheets.push_back(std::move(sheet));
  }
  return sheets;
}

Result<std::vector<RegisterSheet>> ReadRegisterFile(const std::string& file,
                                                    const std::string& kind) {
  auto data = ReadFile(file);
  if (!data.ok()) return data.status();
  if (LooksLikeWorkbook(*data)) return ReadWorkbookSheets(file, *data);
  const std::string stem = std::filesystem::path(file).stem().string();
  auto sheet = ReadCsvSheet(file, *data, kind.empty() ? stem : kind);
  if (!sheet.ok()) return sheet.status();
  return std::vector<RegisterSheet>{std::move(*sheet)};
}

std::string Today() {
  const std::time_t now = std::time(nullptr);
  return RegisterDate(static_cast<int64_t>(now) / 86400);
}

int64_t LatestRevisionId(const Register& reg, const std::string& id) {
  auto revisions = reg.HistoryOf(id);
  return revisions.empty() ? 0 : revisions.back()->id;
}

// The day `as_of` names (empty: today), or a usage error.
Result<int64_t> AsOfDay(const std::string& as_of) {
  auto day = RegisterDay(as_of.empty() ? Today() : as_of);
  if (!day) return Status::Usage("--as-of \"" + as_of + "\": expected a date YYYY-MM-DD");
  return *day;
}

}  // namespace

Result<Register> Workspace::LoadRegister() {
  auto s = store();
  if (!s.ok()) return s.status();
  auto history = (*s)->RegisterHistory();
  if (!history.ok()) return history.status();
  return Register(std::move(*history));
}

Result<RegisterImportReport> Workspace::ImportRegister(const RegisterImportRequest& request) {
  auto cfg = config();
  if (!cfg.ok()) return cfg.status();
  if ((*cfg)->register_rules.agencies.empty())
    return Status::Usage(RegisterRulesPath((*cfg)->dir) +
                         ": missing or names no agencies; the register needs its owners (copy "
                         "the shipped config/register/register.toml and edit it)");
  std::vector<RegisterSheet> sheets;
  for (const std::string& file : request.files) {
    auto read = ReadRegisterFile(file, request.kind);
    if (!read.ok()) return read.status();
    for (RegisterSheet& s : *read) sheets.push_back(std::move(s));
  }
  auto current = LoadRegister();
  if (!current.ok()) return current.status();
  RegisterImport checked = CheckRegisterSheets(sheets, *current, (*cfg)->register_rules,
                                               (*cfg)->kpis, request.recorded_by);
  RegisterImportReport report{{}, std::move(checked.rejects), std::move(checked.notes)};
  std::map<std::string, std::map<std::string, std::string>> before;
  for (const RegisterRevision& r : checked.revisions)
    if (const RegisterItem* item = current->Find(r.item)) before[r.item] = item->fields;
  auto outcomes = store_->RecordRegister(checked.revisions);
  if (!outcomes.ok()) return outcomes.status();
  for (size_t i = 0; i < checked.revisions.size(); ++i) {
    const RegisterRevision& r = checked.revisions[i];
    RegisterChange change{r.item, r.kind, r.origin, (*outcomes)[i], {}};
    if (change.outcome == RegisterOutcome::kChanged)
      change.changes = RegisterFieldChanges(before[r.item], r.fields);
    before[r.item] = r.fields;
    report.changes.push_back(std::move(change));
  }
  return report;
}

Result<RegisterChange> Workspace::UpdateRegister(const RegisterUpdate& update) {
  auto cfg = config();
  if (!cfg.ok()) return cfg.status();
  auto current = LoadRegister();
  if (!current.ok()) return current.status();
  const RegisterItem* item = current->Find(update.id);
  if (!item) return Status::Usage(update.id + " is not in the register (`cairn register list`)");
  const RegisterKind* kind = FindRegisterKind(item->kind);
  if (!kind) return Status::Internal(update.id + ": unknown kind " + item->kind);
  // The item as a one-row sheet with the changes applied, checked as an import would check it.
  std::map<std::string, std::string> fields = item->fields;
  fields["id"] = item->id;
  if (!update.status.empty()) fields["status"] = update.status;
  for (const auto& [column, value] : update.set) {
    if (column == "id" || !kind->Column(column))
      return Status::Usage("--set " + column + ": a " + kind->name + " has no such column");
    fields[column] = value;
  }
  RegisterSheet sheet{"register update", "", kind->name, {{0, {}, {}}, {1, {}, {}}}, {}};
  for (const RegisterColumn& c : kind->columns) {
    sheet.rows[0].cells.push_back(c.name);
    sheet.rows[1].cells.push_back(fields[c.name]);
  }
  RegisterImport checked = CheckRegisterSheets({sheet}, *current, (*cfg)->register_rules,
                                               (*cfg)->kpis, update.recorded_by);
  if (!checked.rejects.empty()) {
    const RegisterReject& r = checked.rejects.front();
    return Status::Usage(update.id + " " + r.column + ": " + r.reason);
  }
  RegisterRevision revision = std::move(checked.revisions.at(0));
  revision.note = update.note;
  revision.origin = "register update";
  auto outcome =
      store_->RecordRegister({revision}, {{item->id, LatestRevisionId(*current, item->id)}});
  if (!outcome.ok()) return outcome.status();
  return RegisterChange{update.id, kind->name, revision.origin, outcome->at(0),
                        RegisterFieldChanges(item->fields, revision.fields)};
}

Result<std::unique_ptr<RegisterDocuments>> Workspace::RegisterDocumentsAsOf(
    const std::string& as_of, const DisclosureOptions& disclosure, RegisterKpis which) {
  return Answer([&]() -> Result<std::unique_ptr<RegisterDocuments>> {
    auto day = RegisterDayAsOf(as_of);
    if (!day.ok()) return day.status();
    auto reg = LoadRegister();
    if (!reg.ok()) return reg.status();
    auto docs = std::make_unique<RegisterDocuments>();
    docs->reg = std::move(*reg);
    auto kpis = RegisterDocumentKpis(docs->reg, which);
    if (!kpis.ok()) return kpis.status();
    // A public document shows no SPC that a suppressed small count would give away.
    docs->kpis = disclosure.enabled ? DiscloseKpis(std::move(*kpis), disclosure) : std::move(*kpis);
    auto frame = Snapshot();
    if (!frame.ok()) return frame.status();
    RegisterReportInputs& in = docs->inputs;
    in.reg = &docs->reg;
    in.rules = &config_->register_rules;
    in.due = RegisterClocks(docs->reg, config_->register_rules, *day);
    in.kpis = &docs->kpis;
    in.participants = CountParticipants(**frame);
    in.participants_through = LatestReferralDay(**frame);
    in.as_of = RegisterDate(*day);  // "2025-1-31" is shown as "2025-01-31"
    in.is_public = disclosure.enabled;
    in.suppress_below = disclosure.threshold;
    return docs;
  });
}

Result<std::vector<KpiResult>> Workspace::RegisterDocumentKpis(const Register& reg,
                                                               RegisterKpis which) {
  if (which == RegisterKpis::kNone) return std::vector<KpiResult>();
  if (which == RegisterKpis::kEvery) return ComputeKpis({});
  // A KPI catalogue with a problem (warned of when the configuration was read) leaves the
  // register's report without its actions' KPIs rather than without the register.
  if (!config_->kpi_problems.ok()) return std::vector<KpiResult>();
  std::vector<std::string> ids;
  for (const RegisterItem* action : reg.OfKind("action"))
    for (const std::string& part : Split(action->Field("kpis"), ';'))
      if (config_->kpis.Find(std::string(Trim(part)))) ids.emplace_back(Trim(part));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return std::vector<KpiResult>();  // ComputeKpis({}) would compute them all
  return ComputeKpis(ids);
}

Result<BriefData> Workspace::Brief(const std::string& as_of, const DisclosureOptions& disclosure) {
  auto kpis = Kpis();  // first: a catalogue's problem is the brief's error, not a warning too
  if (!kpis.ok()) return kpis.status();
  auto docs = RegisterDocumentsAsOf(as_of, disclosure, RegisterKpis::kEvery);
  if (!docs.ok()) return docs.status();
  auto batches = store_->ListBatches(false);
  if (!batches.ok()) return batches.status();
  BriefData brief;
  brief.register_docs = std::move(*docs);
  brief.inputs.reg = &brief.register_docs->inputs;
  brief.inputs.kpis = &brief.register_docs->kpis;
  const std::string& day = brief.inputs.reg->as_of;
  auto as_of_month = ParseMonth(day.substr(0, 7));
  if (!as_of_month) return Status::Internal("brief: as-of day " + day + " has no month");
  brief.inputs.data = FreshnessOf(*batches, *as_of_month, brief.inputs.late_after_months);
  // "This quarter": revisions recorded in the 92 days to the later of as_of and today.
  const std::string later = std::max(day, Today());
  brief.inputs.changes_since = RegisterDate(RegisterDay(later).value_or(0) - 91);
  return brief;
}

Result<int64_t> Workspace::RegisterDayAsOf(const std::string& as_of) {
  auto cfg = config();
  if (!cfg.ok()) return cfg.status();
  auto day = AsOfDay(as_of);
  if (!day.ok()) return day.status();
  CAIRN_RETURN_IF_ERROR(CheckClocks((*cfg)->register_rules, RegisterRulesPath((*cfg)->dir)));
  return *day;
}

Result<std::vector<DueEntry>> Workspace::Due(const std::string& as_of) {
  auto day = RegisterDayAsOf(as_of);
  if (!day.ok()) return day.status();
  auto reg = LoadRegister();
  if (!reg.ok()) return reg.status();
  return RegisterClocks(*reg, config_->register_rules, *day);
}

}  // namespace cairn
