// The accountability register's outputs: tables for the terminal and CSV, the sheet export and
// templates, the PCC's published response to an inspection, and the register report for the
// board (partners) or the public.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/kpi/kpi.h"
#include "analysis/register/due.h"
#include "analysis/register/register.h"
#include "define/register_rules.h"
#include "present/list_render.h"

namespace cairn {

// id, kind, owner, status, due, title (the item's title or text), revisions, last_changed.
ListTable RegisterListTable(const Register& reg, const std::string& kind);
// Every revision of one item: revision, recorded_at, recorded_by, origin, note, changes.
ListTable RegisterHistoryTable(const Register& reg, const std::string& id);
// item, kind, what, owner, due, state, rag, met, basis ("not confirmed: ..." when unconfirmed).
ListTable DueTable(const std::vector<DueEntry>& entries, const RegisterRules& rules);

// The register as one sheet: a kind column, then every kind's columns; re-imports as it is.
std::string RegisterToCsv(const Register& reg);
// A template for one kind: its header line (docs/register.md says what each column holds).
std::string RegisterTemplateCsv(const RegisterKind& kind);
// The register as a workbook, a sheet per kind (dates as dates, amounts as numbers), written to
// `path`; re-imports as it is.
Status WriteRegisterXlsx(const Register& reg, const std::string& path);

struct RegisterReportInputs {
  const Register* reg = nullptr;
  const RegisterRules* rules = nullptr;
  std::vector<DueEntry> due;
  const std::vector<KpiResult>* kpis = nullptr;  // the catalogue's KPIs, for actions' kpis
  ProgrammeParticipants participants;
  std::string participants_through;  // the latest referral day loaded; empty when none
  std::string as_of;                 // YYYY-MM-DD
  bool is_public = false;
  int64_t suppress_below = 5;
};

// The published response to one inspection report (Police Act 1996 s.55): title, date published,
// type, key findings, link, the response, and for each recommendation the action taken or
// proposed or the reason for none; whether it was (or is still) on time.
Result<std::string> InspectionResponseHtml(const RegisterReportInputs& in,
                                           const std::string& inspection);
// Every open recommendation and action by priority and owner (status, due, RAG, and the latest
// SPC status of the KPIs each action should move), inspections and their responses, DHRs,
// funding with cost per participant, and engagement ("you said, we did"). Public: no evidence or
// notes, no DHR before it is published, counts below the threshold suppressed.
std::string RegisterReportHtml(const RegisterReportInputs& in);
bool IsRegisterDocument(std::string_view head);

// The "funding" part alone, for the KPI report's annual review.
std::string FundingSectionHtml(const RegisterReportInputs& in);

}  // namespace cairn
