// The accountability register (`cairn register`): what the partnership has been asked to do and
// what it is doing about it. Items of seven kinds, each with the columns a sheet gives them
// (docs/register.md): inspections and their recommendations, domestic homicide reviews and their
// lessons, SNA and strategy recommendations, the actions that answer any of them, the Duty's
// funding, and engagement with the public and people with lived experience.
//
// The store keeps every revision of every item (store/store.h, RegisterRevision); a Register is
// the items as they stand (each its latest revision) with that history beside them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "define/kpis.h"
#include "define/register_rules.h"
#include "snapshot/frame.h"
#include "store/store.h"

namespace cairn {

enum class ColumnType {
  kId,      // the item's own id: letters, digits, '-', '_', '.', '/'
  kText,    // any text
  kDate,    // a day: YYYY-MM-DD, DD/MM/YYYY or a spreadsheet date cell
  kAgency,  // an agency code of config/register/register.toml
  kStatus,  // open, in-progress, done, closed (with common spellings of each)
  kRef,     // the id of an item of one of `choices`' kinds
  kKpis,    // KPI ids of the catalogue, separated by ';' or ','
  kCount,   // a whole number, 0 or more
  kMoney,   // pounds, 0 or more ("£12,500.50" is read as 12500.50)
  kLink,    // an http:// or https:// address
  kChoice,  // one of `choices`
  kYear,    // a financial year: 2024/25
};

struct RegisterColumn {
  std::string name;
  ColumnType type;
  bool required = false;
  std::vector<std::string> choices;  // kChoice: the values; kRef: the kinds referred to
  std::string help;                  // for the guide and the templates
};

struct RegisterKind {
  std::string name;                     // "action"
  std::string plural;                   // "actions": a workbook's sheet may be named either
  std::string title;                    // "Actions"
  std::vector<RegisterColumn> columns;  // "id" first

  const RegisterColumn* Column(std::string_view name) const;
};

// The seven kinds, in the order documents show them.
const std::vector<RegisterKind>& RegisterKinds();
// By name or plural, case-insensitive; nullptr when none.
const RegisterKind* FindRegisterKind(std::string_view name);

struct RegisterItem {
  std::string id, kind;
  std::map<std::string, std::string> fields;
  std::string first_recorded, last_recorded;  // UTC, ISO 8601
  int revisions = 0;

  // The field's value, or "" when it has none.
  const std::string& Field(const std::string& name) const;
};

class Register {
 public:
  explicit Register(std::vector<RegisterRevision> history);

  // In the order they were first recorded.
  const std::vector<RegisterItem>& items() const { return items_; }
  const std::vector<RegisterRevision>& history() const { return history_; }
  const RegisterItem* Find(const std::string& id) const;
  std::vector<const RegisterItem*> OfKind(const std::string& kind) const;
  // Items that point at `id`: its recommendations, lessons and the actions answering it.
  std::vector<const RegisterItem*> Answering(const std::string& id) const;
  // The revisions of one item, oldest first.
  std::vector<const RegisterRevision*> HistoryOf(const std::string& id) const;

 private:
  std::vector<RegisterRevision> history_;
  std::vector<RegisterItem> items_;
  std::map<std::string, size_t> index_;
};

// The columns of an item that point at another item (recommendation.inspection, lesson.dhr,
// action.answers).
std::vector<std::string> ReferenceColumns(const RegisterKind& kind);

// Open: not done or closed.
bool IsOpenStatus(const std::string& status);

// A sheet as read from a CSV file or one workbook sheet: the header and the rows, each with the
// line (CSV) or row (workbook) it came from.
struct SheetRow {
  long line = 0;
  std::vector<std::string> cells;
  std::vector<std::pair<int, std::string>> problems;  // (column, why) cells with no usable value
};
struct SheetMerge {
  long first_row, last_row;  // 1-based
  int first_col, last_col;   // 0-based
  std::string name;          // "C4:C6"
};
struct RegisterSheet {
  std::string file;
  std::string sheet;           // empty for a CSV file
  std::string kind;            // the kind when the sheet has no kind column (sheet or file name)
  std::vector<SheetRow> rows;  // rows[0] is the header
  std::vector<SheetMerge> merges;
};

// A row kept aside, and why: where (file, sheet, row, column) and what was expected.
struct RegisterReject {
  std::string file, sheet;
  long line = 0;
  std::string column;  // "due (column F)"; empty for the whole row
  std::string reason;
};

struct RegisterImport {
  std::vector<RegisterRevision> revisions;  // the good rows, to record
  std::vector<RegisterReject> rejects;
  std::vector<std::string> notes;  // sheets skipped, columns ignored: said, never silent
};

// Checks every row of every sheet: types, owners, references (to an item of the right kind in
// these sheets or already in the register) and KPI ids; a row pointing at a rejected row is
// rejected too. Good rows become revisions (recorded_by as given; origin where the row was).
RegisterImport CheckRegisterSheets(const std::vector<RegisterSheet>& sheets,
                                   const Register& current, const RegisterRules& rules,
                                   const KpiCatalogue& kpis, const std::string& recorded_by);

// Reads a value of a column's type as a sheet gives it, normalised ("12/03/2024" ->
// "2024-03-12", "In progress" -> "in-progress", "£1,200" -> "1200"); an error says what was
// expected. `kpis` and `rules` are needed for kKpis and kAgency.
Result<std::string> ReadRegisterValue(const RegisterColumn& column, std::string_view text,
                                      const RegisterRules& rules, const KpiCatalogue& kpis);

// What changed between two states of an item: "status: open -> done", "due: (none) -> 2025-01-31".
std::vector<std::string> RegisterFieldChanges(const std::map<std::string, std::string>& before,
                                              const std::map<std::string, std::string>& after);

// People referred to each programme in each financial year, (programme, "2024/25") -> people,
// from the snapshot's referrals: what a funding row's cost per participant divides by.
using ProgrammeParticipants = std::map<std::pair<std::string, std::string>, int64_t>;
ProgrammeParticipants CountParticipants(const Frame& frame);
// The day of the latest referral with a date ("YYYY-MM-DD"); "" when none.
std::string LatestReferralDay(const Frame& frame);
// The financial year (April to March) holding a day: "2024/25".
std::string FinancialYear(int64_t day);

// "2024-03-12" -> days since 1970-01-01; nullopt when it is not a date.
std::optional<int64_t> RegisterDay(const std::string& date);
std::string RegisterDate(int64_t day);

}  // namespace cairn
