// RowConverter: applies a Profile to the data rows of one extract, after ReadWithProfile
// (profile_read.cc) has decoded the file and checked its header. Each row either becomes canonical
// records in the Batch (events + involvements, referrals, outcomes, training attendances, areas or
// populations) or one
// Reject naming the line, the source column, the value and the reason — never both, never neither.
// Identifier values are never copied into a Reject. Not thread-safe; one converter per file.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ingest/profile_spec.h"
#include "ingest/pseudonymise.h"
#include "model/batch.h"
#include "util/crs_transform.h"
#include "util/csv.h"
#include "util/status.h"

namespace cairn {

// Every source column the profile names, each once, in profile order.
std::vector<std::string> NamedColumns(const Profile& profile);

// Header name -> column index, exact names first, then case-insensitive. A name ending in "*"
// ("Population figures*") is the first column whose name starts with the rest, ignoring case:
// for published tables whose headings carry a year ("Population figures (mid-2018) ...").
class HeaderIndex {
 public:
  explicit HeaderIndex(const std::vector<std::string>& header);
  int Find(const std::string& column) const;  // -1 if absent (or a prefix two headings share)
  // The columns whose heading starts with a "prefix*" name; empty for other names.
  std::vector<int> PrefixMatches(const std::string& column) const;
  size_t size() const { return size_; }

 private:
  std::unordered_map<std::string, int> exact_, lower_;
  std::vector<std::string> lower_names_;  // in column order, for prefix names
  size_t size_;
};

// The months a file covers, from its rows per month: its first to its last month, but for a month
// at either end of an event extract holding under a tenth of the rows of the file's median month (a
// record entered late, or dated by mistake, in a month the extract is not of: it would have the
// file taken as covering that month, and a partial month as whole). `stray` gets the months left
// out.
struct MonthsCovered {
  int32_t first = 0, last = -1;  // none when last < first
  std::vector<int32_t> stray;
};
// Only when `judge_edges` (event extracts) and the median month has kFewestRowsToJudge rows or
// more: with fewer, one record is not told from a quiet month.
constexpr int64_t kFewestRowsToJudge = 20;
MonthsCovered CoveredMonths(const std::map<int32_t, int64_t>& rows_by_month,
                            bool judge_edges = true);

class RowConverter {
 public:
  // `header` must contain every column in NamedColumns(profile); `key` must be set when the profile
  // links people by identifiers. The batch's source must already be set (it fills events' force).
  RowConverter(const Profile& profile, const std::vector<std::string>& header,
               const PartnershipKey* key, Batch* batch);
  ~RowConverter();

  // Creates what the rows need (the grid converter when eastings are mapped).
  Status Init();
  // Converts one data record into the batch, or appends one Reject.
  void Convert(const CsvRecord& record);
  // A workbook cell the record's column `col` reads has no usable value (a formula never
  // calculated, a spreadsheet error): the row becomes one Reject saying why. False when the
  // profile does not read `col`, so the row is converted as usual.
  bool RejectUnreadableCell(const CsvRecord& record, int col, const std::string& why);
  // Figures tables: the period of figures whose column names none ("2019-12", "2023").
  void SetTablePeriod(std::string period) { table_period_ = std::move(period); }
  // Sets the batch's period and data-quality findings once every row has been converted.
  void Finish();

 private:
  struct Bound {
    const FieldSpec* spec = nullptr;
    int col = -1;
    explicit operator bool() const { return spec != nullptr; }
  };
  struct UsedColumn {
    int col;
    std::string name;
    bool identifier;
  };
  struct PersonBinding {
    const PersonSpec* spec;
    std::vector<int> link_cols;
    int pseudonym_col = -1, age_col = -1, sex_col = -1;
  };
  struct PersonValue {
    bool present = false;
    Pseudonym pseudonym{};
    int16_t age = -1;
    Sex sex = Sex::kUnknown;
  };
  struct MarkerBinding {
    Marker bit;
    std::vector<int> cols;
    const std::vector<std::string>* truthy;
  };

  Bound Bind(const char* field) const;
  void NoteIfIdentifier(int col, const std::string& what, const std::string& column);
  std::string_view Cell(int col) const;
  std::string_view Value(const Bound& f) const;  // trimmed cell, else the default
  const std::string& ColumnName(int col) const { return header_names_[col]; }
  // Record the row's one Reject and return false. RejectValue() words the reason as
  // `"value" predicate`; RejectRow() takes a reason that does not quote the value. For identifier
  // columns both leave the value out and say so.
  bool RejectValue(int col, std::string_view value, const std::string& predicate);
  bool RejectRow(int col, std::string_view value, const std::string& reason);

  bool CheckFieldCount();
  bool CheckLengths();
  bool Required(const Bound& f, std::string_view value);
  bool Text(const Bound& f, std::string* out);
  // The premises' pseudonym as 64 hex digits (made here with the key from an address in clear, or
  // checked when the partner pseudonymised it), or "" when the cell is blank.
  bool Premises(std::string* out);
  bool Date(const Bound& f, int64_t* minutes);
  bool EndNotBeforeStart(const Bound& start_field, int64_t start, const Bound& end_field,
                         int64_t end);
  bool Month(const Bound& f, int32_t* month);
  bool Lsoa(const Bound& f, std::string* out);
  bool OffenceCodeValue(const Bound& f, std::string* code, std::string* group);
  bool Kind(const Bound& f, EventKind* kind);
  bool OutcomeType(const Bound& f, std::string* out);
  // A whole number from 1 to the field's scale, or 0 when blank.
  bool Score(const Bound& f, int16_t* out);
  bool Coordinates(double* longitude, double* latitude);
  bool Degrees(const Bound& f, double min, double max, const char* axis, double* out);
  bool GridMetres(const Bound& f, double max, const char* axis, double* out);
  bool Person(const PersonBinding& binding, PersonValue* out);
  bool RequirePerson(const PersonBinding& binding, PersonValue* out);
  bool CheckNoNul();
  uint16_t Markers();
  void ReportUnclearFlags();

  bool ConvertEvent();
  bool ConvertReferral();
  bool ConvertOutcome();
  bool ConvertTraining();
  bool ConvertArea();
  bool ConvertPopulation();
  bool ConvertFigures();
  bool ConvertDistrictLink();
  bool IsTableRow() const;
  void NoteMonth(int32_t month);

  const Profile& profile_;
  const PartnershipKey* key_;
  Batch* batch_;
  HeaderIndex header_;
  std::vector<std::string> header_names_;
  std::vector<bool> identifier_col_;
  std::vector<std::string> stored_identifiers_;  // mappings that would store one (Init refuses)
  std::vector<UsedColumn> used_columns_;
  std::vector<PersonBinding> people_;
  std::vector<MarkerBinding> markers_;
  std::vector<std::pair<int, const PopulationColumn*>> population_;
  std::vector<std::pair<int, const FigureColumn*>> figure_columns_;
  std::vector<std::string> figure_periods_;   // per figure column, "" = the table's
  std::vector<std::string> figure_measures_;  // per figure column, with a heading's period
  std::string table_period_;
  long not_table_rows_ = 0, missing_figures_ = 0;
  std::unique_ptr<CrsTransform> grid_;
  int64_t earliest_minute_ = 0, latest_minute_ = 0;
  std::string latest_date_;                // "YYYY-MM-DD", for messages
  std::map<int32_t, int64_t> month_rows_;  // rows per month, for the months the file covers
  int32_t last_noted_ = kNoMonth;  // the month of the last row, and its count in month_rows_
  int64_t* last_noted_rows_ = nullptr;

  // Fields bound once; an unmapped field stays empty (operator bool false).
  Bound event_kind_, reference_, start_, end_, month_, longitude_, latitude_, easting_, northing_,
      location_, premises_, lsoa_code_, lsoa_name_, category_, offence_code_, outcome_, context_,
      weapon_, force_, reported_by_, programme_, agency_, referred_, started_, ended_, date_,
      outcome_type_, district_code_, district_name_, csp_, rural_urban_, imd_rank_, imd_decile_,
      area_code_, area_name_, csp_code_, csp_name_, force_code_, force_name_, course_,
      understanding_before_, understanding_after_, feedback_;

  // Areas: first line of each LSOA, to fold identical repeats and reject conflicting ones.
  std::unordered_map<std::string, std::pair<size_t, long>> area_rows_;
  long repeated_areas_ = 0;
  std::string repeated_area_example_;
  // Flag values neither truthy, false nor blank: how many, and the first.
  long unclear_flags_ = 0, unclear_flag_line_ = 0;
  int unclear_flag_col_ = -1;
  std::string unclear_flag_value_;
  const std::vector<std::string>* unclear_flag_truthy_ = nullptr;

  const CsvRecord* record_ = nullptr;
};

}  // namespace cairn
