// ReadWithProfile: one partner extract, read through its mapping profile into a Batch.
//
// Problems with the file as a whole stop it before any row is read, with one message that says what
// to do: an empty or binary file, text in the wrong encoding, a header without the profile's
// columns or split on the wrong delimiter. Problems with single rows become Rejects
// (profile_rows.cc) and never stop the rest. A record the CSV reader cannot finish (a quote left
// open at the end: a truncated file) voids the whole file, so a partial extract never replaces a
// complete one:
//   crime.csv line 4122: a quoted field is never closed (the file may be truncated); nothing from
//   this file was loaded
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>  // profile.h uses std::shared_ptr without including it
#include <set>

#include "ingest/profile.h"
#include "ingest/profile_rows.h"
#include "ingest/profile_spec.h"
#include "ingest/xlsx.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/published_table.h"
#include "util/strings.h"

namespace cairn {

namespace {

Status FileError(const std::string& file_name, const std::string& what) {
  return Status::Invalid(file_name + ": " + what);
}

long LineAt(std::string_view s, size_t offset) {
  return 1 + static_cast<long>(std::count(s.begin(), s.begin() + offset, '\n'));
}

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (c & 0x80) != 0; });
}

// Checks the bytes are readable text and leaves UTF-8 in *text (pointing into `data` or *owned).
Status Decode(const Profile& profile, const std::string& file_name, std::string_view data,
              std::string* owned, std::string_view* text, std::vector<std::string>* findings) {
  std::string_view body = StripBom(data);
  const bool has_bom = body.size() != data.size();
  if (Trim(body).empty()) return FileError(file_name, "the file is empty");
  CAIRN_RETURN_IF_ERROR(CheckNotUtf16(file_name, data));
  if (LooksBinary(data))
    return FileError(file_name, "this is not a text/CSV file (it contains binary data)");
  *text = body;
  if (profile.windows_1252 && !has_bom) {
    // Bytes that are valid UTF-8 with accents are UTF-8 whatever the profile says: Windows-1252
    // text almost never forms valid multi-byte sequences.
    if (HasNonAscii(body) && IsValidUtf8(body)) {
      findings->push_back(
          "the profile declares windows-1252, but the file is valid UTF-8; it was read as UTF-8");
      return Status::Ok();
    }
    *owned = Windows1252ToUtf8(body);
    *text = *owned;
    return Status::Ok();
  }
  if (size_t bad = FirstInvalidUtf8(body); bad != std::string_view::npos)
    return Status::Invalid(
        file_name + " line " + std::to_string(LineAt(body, bad)) +
        ": the text is not valid UTF-8; if the file was saved by Excel as \"CSV\" it is probably "
        "Windows-1252: set encoding = \"windows-1252\" in the profile");
  return Status::Ok();
}

// A CSV reader failure (an unterminated quote, a field too large) as a file-level error.
Status ReaderError(const std::string& file_name, const Status& status) {
  const std::string& message = status.message();
  std::string where = StartsWith(message, "line ") ? file_name + " " : file_name + ": ";
  return Status::Invalid(where + message + "; nothing from this file was loaded");
}

std::string DelimiterName(char delimiter) {
  if (delimiter == '\t') return "\"\\t\" (tab)";
  std::string out = "\"";
  out.push_back(delimiter);
  out.push_back('"');
  return out;
}

// Every column the profile names must be in the header.
Status CheckHeader(const LoadedProfile& loaded, const std::string& file_name,
                   const std::vector<std::string>& header, std::string_view header_line) {
  const Profile& profile = *loaded.profile;
  const std::vector<std::string> named = NamedColumns(profile);
  const HeaderIndex index(header);
  std::vector<std::string> missing;
  for (const auto& column : named)
    if (index.Find(column) < 0) missing.push_back(column);
  if (missing.empty()) return Status::Ok();
  if (header.size() == 1 && named.size() > 1) {
    if (char other = LikelyDelimiter(header_line, profile.delimiter); other != '\0')
      return FileError(file_name,
                       "the header is a single column, but the profile names " +
                           std::to_string(named.size()) + " columns; the file appears to use " +
                           DelimiterName(other) + " as its delimiter, not " +
                           DelimiterName(profile.delimiter) + " (set delimiter = \"" +
                           (other == '\t' ? "\\t" : std::string(1, other)) + "\" in the profile)");
  }
  // Most columns missing: the wrong profile for this file, not a renamed column or two.
  if (missing.size() > 3 && missing.size() * 2 > named.size())
    return FileError(file_name, std::to_string(missing.size()) + " of the " +
                                    std::to_string(named.size()) + " columns profile \"" +
                                    loaded.name + "\" reads are not in the header (\"" +
                                    missing[0] + "\", \"" + missing[1] + "\", \"" + missing[2] +
                                    "\", ...); is this the right profile for this file?");
  std::vector<std::string> lines;
  for (const auto& column : missing) {
    if (std::vector<int> matches = index.PrefixMatches(column); matches.size() > 1) {
      std::vector<std::string> names;
      for (int col : matches) names.push_back("\"" + header[col] + "\"");
      lines.push_back(file_name + ": column \"" + column + "\" matches " +
                      std::to_string(matches.size()) + " headings (" + Join(names, ", ") +
                      "), so which one is meant is unknown; give more of the heading");
      continue;
    }
    std::string hint = Suggest(column, header);
    std::string line = file_name + ": column \"" + column + "\" is not in the header";
    if (!hint.empty())
      line += " (did you mean \"" + hint + "\"?)";
    else if (!header.empty())
      line += " (nearest header name: \"" +
              Suggest(column, header, {.nearest = true, .containment_first = true}) + "\")";
    lines.push_back(line);
  }
  return Status::Invalid(Join(lines, "\n"));
}

// Two header columns with one name (ignoring case): the first would be read and the other never,
// without a word. A name the profile reads is refused, since which column is meant is unknown;
// others are noted.
Status CheckRepeatedNames(const Profile& profile, const std::string& file_name,
                          const std::vector<std::string>& header,
                          std::vector<std::string>* findings) {
  std::map<std::string, std::vector<size_t>> columns;  // lower-case name -> 1-based columns
  for (size_t col = 0; col < header.size(); ++col)
    if (!header[col].empty()) columns[ToLower(header[col])].push_back(col + 1);
  std::set<std::string> read;
  for (const std::string& name : NamedColumns(profile)) read.insert(ToLower(Trim(name)));
  std::vector<std::string> refused;
  for (const auto& [lower, cols] : columns) {
    if (cols.size() < 2) continue;
    std::vector<std::string> numbers;
    for (size_t col : cols) numbers.push_back(std::to_string(col));
    const std::string repeated = "\"" + header[cols[0] - 1] + "\" is the name of " +
                                 std::to_string(cols.size()) + " header columns (columns " +
                                 Join(numbers, ", ") + ")";
    if (read.count(lower))
      refused.push_back(file_name + ": " + repeated +
                        "; the profile reads it, so which one is meant is unknown: rename the "
                        "others");
    else
      findings->push_back(repeated + "; the profile reads none of them");
  }
  if (refused.empty()) return Status::Ok();
  return Status::Invalid(Join(refused, "\n"));
}

Batch NewBatch(const LoadedProfile& loaded, const std::string& file_name,
               const std::string& source_override) {
  Batch batch;
  batch.source = source_override.empty() ? loaded.source : source_override;
  batch.extract = loaded.extract;
  batch.file_name = file_name;
  batch.profile = loaded.name + " v" + std::to_string(loaded.version);
  return batch;
}

// Takes a table's records in order: finds the header (by its row number or by the names it must
// hold), names the columns (joining header rows when the profile says so), reads the period from
// the title rows above it, then converts every row below it.
class TableReader {
 public:
  TableReader(const LoadedProfile& loaded, const std::string& file_name, const PartnershipKey* key,
              const std::string& source_override, std::vector<std::string> findings)
      : loaded_(loaded), profile_(*loaded.profile), file_name_(file_name), key_(key) {
    batch_ = NewBatch(loaded, file_name, source_override);
    batch_.findings = std::move(findings);
  }

  // Merged cells of the sheet (xlsx), so a merged upper header names every column it spans.
  void SetMergedCells(std::vector<XlsxRange> merged) { merged_ = std::move(merged); }

  // Takes the next record; false stops the table (status() says why).
  bool Add(const CsvRecord& record) {
    if (converter_) {
      converter_->Convert(record);
      return true;
    }
    if (IsHeader(record)) {
      status_ = Start(record);
      return status_.ok();
    }
    Row above{record.line, {}};
    for (std::string_view field : record.fields) above.cells.emplace_back(Trim(field));
    above_.push_back(std::move(above));
    if (above_.size() > kMaxRowsAboveHeader) {
      status_ = HeaderNotFound();
      return false;
    }
    return true;
  }

  // A workbook cell without a usable value; true when the row was rejected for it.
  bool RejectUnreadableCell(const CsvRecord& record, int col, const std::string& why) {
    return converter_ && converter_->RejectUnreadableCell(record, col, why);
  }
  bool started() const { return converter_ != nullptr; }
  size_t columns() const { return header_.size(); }
  const Status& status() const { return status_; }

  Result<Batch> Finish() {
    if (!status_.ok()) return status_;
    if (!converter_) return HeaderNotFound();
    if (batch_.rows_read == 0)
      return FileError(file_name_, "the file has a header but no data rows");
    converter_->Finish();
    return std::move(batch_);
  }

 private:
  static constexpr size_t kMaxRowsAboveHeader = 200;
  struct Row {
    long line;
    std::vector<std::string> cells;
  };

  bool Names() const {
    return profile_.kind == ProfileKind::kFigures || profile_.kind == ProfileKind::kDistrictLookup;
  }
  std::string CellText(std::string_view cell) const {
    return Names() ? PublishedName(cell) : std::string(Trim(cell));
  }

  bool IsHeader(const CsvRecord& record) const {
    if (profile_.find_header.empty()) return record.line >= profile_.header_row;
    std::set<std::string> cells;
    for (std::string_view field : record.fields) cells.insert(ToLower(CellText(field)));
    return std::all_of(profile_.find_header.begin(), profile_.find_header.end(),
                       [&](const std::string& name) { return cells.count(ToLower(Trim(name))); });
  }

  Status HeaderNotFound() const {
    if (profile_.find_header.empty())
      return FileError(file_name_, "the file ends before its header (line " +
                                       std::to_string(profile_.header_row) + ")");
    return FileError(file_name_, "no row holds all the header names the profile looks for (\"" +
                                     Join(profile_.find_header, "\", \"") +
                                     "\"); is this the right profile, or the right sheet?");
  }

  // The text of a cell in an upper header row: a merged cell's value over every column it spans;
  // in CSV, where merges are lost, the nearest value to the left.
  std::string UpperText(const Row& row, size_t col) const {
    auto cell = [&](size_t c) { return c < row.cells.size() ? row.cells[c] : std::string(); };
    if (!cell(col).empty()) return CellText(cell(col));
    if (merged_.empty()) {
      for (size_t c = col; c-- > 0;)
        if (!cell(c).empty()) return CellText(cell(c));
      return "";
    }
    for (const XlsxRange& m : merged_)
      if (row.line >= m.first_row && row.line <= m.last_row &&
          static_cast<int>(col) >= m.first_col && static_cast<int>(col) <= m.last_col)
        return CellText(cell(m.first_col));
    return "";
  }

  std::vector<std::string> HeaderNames(const CsvRecord& record) const {
    std::vector<std::string> names;
    const size_t uppers = std::min<size_t>(profile_.header_rows - 1, above_.size());
    for (size_t col = 0; col < record.fields.size(); ++col) {
      std::vector<std::string> parts;
      for (size_t r = above_.size() - uppers; r < above_.size(); ++r)
        if (std::string upper = UpperText(above_[r], col); !upper.empty()) parts.push_back(upper);
      std::string lower = CellText(record.fields[col]);
      if (!lower.empty()) parts.push_back(lower);
      names.push_back(Join(parts, " / "));
    }
    return names;
  }

  // With one header row, a merged header cell the profile reads names several columns at once.
  Status CheckMergedHeader(const CsvRecord& record) const {
    if (profile_.header_rows > 1) return Status::Ok();
    const HeaderIndex index(header_);
    for (const std::string& column : NamedColumns(profile_)) {
      int col = index.Find(column);
      for (const XlsxRange& m : merged_)
        if (col == m.first_col && m.last_col > m.first_col && record.line >= m.first_row &&
            record.line <= m.last_row)
          return FileError(file_name_, "header row " + std::to_string(record.line) + ": column \"" +
                                           column + "\" is a merged cell over " +
                                           XlsxCellName(m.first_row, m.first_col) + ":" +
                                           XlsxCellName(m.last_row, m.last_col) +
                                           ", so it names no single column; set header_rows = 2 "
                                           "in the profile so each column is named by the row "
                                           "below it too (\"upper / lower\")");
    }
    return Status::Ok();
  }

  Status Start(const CsvRecord& record) {
    header_ = HeaderNames(record);
    CAIRN_RETURN_IF_ERROR(CheckHeader(loaded_, file_name_, header_, record.raw));
    CAIRN_RETURN_IF_ERROR(CheckRepeatedNames(profile_, file_name_, header_, &batch_.findings));
    CAIRN_RETURN_IF_ERROR(CheckMergedHeader(record));
    converter_ = std::make_unique<RowConverter>(profile_, header_, key_, &batch_);
    CAIRN_RETURN_IF_ERROR(converter_->Init().WithContext(file_name_));
    if (profile_.kind != ProfileKind::kFigures) return Status::Ok();
    Result<std::string> period = TablePeriod();
    if (!period.ok()) return period.status();
    converter_->SetTablePeriod(*period);
    return Status::Ok();
  }

  // The period a figures table covers: the profile's, else its title's, else its file name's.
  Result<std::string> TablePeriod() const {
    if (!profile_.figure_period.empty() || profile_.period_from_title == TitlePeriod::kNone)
      return profile_.figure_period;
    std::vector<std::string> title;
    for (const Row& row : above_)
      for (const std::string& cell : row.cells)
        if (!cell.empty()) title.push_back(cell);
    const bool year_ending = profile_.period_from_title == TitlePeriod::kYearEnding;
    // The file's own name, not the folders it sits in ("mid-2019/" says nothing of the table).
    const std::string base = std::filesystem::path(file_name_).filename().string();
    for (const std::string& text : {Join(title, " "), base}) {
      std::string period = year_ending ? YearEndingFrom(text) : MidYearFrom(text);
      if (!period.empty()) return period;
    }
    if (!year_ending)
      if (size_t at = ToLower(base).find("mye");
          at != std::string::npos && at + 5 <= base.size() && ParseInt(base.substr(at + 3, 2)))
        return "20" + base.substr(at + 3, 2);
    return FileError(file_name_, std::string("the title rows above the header do not say which ") +
                                     (year_ending ? "year ending (\"year ending December 2019\")"
                                                  : "mid-year (\"mid-2023\")") +
                                     " the table covers, nor does the file name; set [figures] "
                                     "period in a copy of the profile");
  }

  const LoadedProfile& loaded_;
  const Profile& profile_;
  std::string file_name_;
  const PartnershipKey* key_;
  Batch batch_;
  std::vector<Row> above_;
  std::vector<XlsxRange> merged_;
  std::vector<std::string> header_;
  std::unique_ptr<RowConverter> converter_;
  Status status_;
};

Result<Batch> ReadCsv(const LoadedProfile& loaded, const std::string& file_name,
                      std::string_view data, const PartnershipKey* key,
                      const std::string& source_override) {
  // Refuse what is not readable text; bring Windows-1252 to UTF-8.
  std::vector<std::string> findings;
  std::string converted;
  std::string_view text;
  CAIRN_RETURN_IF_ERROR(Decode(*loaded.profile, file_name, data, &converted, &text, &findings));
  TableReader table(loaded, file_name, key, source_override, std::move(findings));
  CsvReader reader(text, loaded.profile->delimiter);
  CsvRecord record;
  while (reader.Next(&record))
    if (!table.Add(record)) return table.status();
  // A record the reader could not finish voids the file: no partial batch.
  if (!reader.status().ok()) return ReaderError(file_name, reader.status());
  return table.Finish();
}

// One sheet of a workbook, its rows given to the table reader as CSV records are: each padded
// to the header's width (a sheet leaves trailing blank cells out), and a cell without a usable
// value (a formula never calculated, #N/A) rejecting its row when the profile reads it.
Result<Batch> ReadXlsx(const LoadedProfile& loaded, const std::string& file_name,
                       std::string_view data, const PartnershipKey* key,
                       const std::string& source_override) {
  Result<XlsxWorkbook> book = XlsxWorkbook::Open(data, file_name);
  if (!book.ok()) return book.status();
  const std::string& wanted = loaded.profile->sheet;
  Result<int> sheet = book->FindSheet(wanted.empty() ? "#1" : wanted);
  if (!sheet.ok()) return sheet.status();
  const std::string label =
      file_name + " (sheet \"" + std::string(Trim(book->sheet_names()[*sheet])) + "\")";
  Result<std::vector<XlsxRange>> merged = book->MergedCells(*sheet);
  if (!merged.ok()) return merged.status();
  TableReader table(loaded, label, key, source_override, {});
  table.SetMergedCells(std::move(*merged));
  CsvRecord record;
  Status read = book->ForEachRow(*sheet, [&](const XlsxRow& row) {
    record.line = row.number;
    record.raw = {};
    record.fields.assign(row.cells.begin(), row.cells.end());
    if (table.started() && record.fields.size() < table.columns())
      record.fields.resize(table.columns());
    for (const auto& [col, why] : row.problems)
      if (table.RejectUnreadableCell(record, col, why)) return true;
    return table.Add(record);
  });
  if (!table.status().ok()) return table.status();
  if (!read.ok()) return Status::Invalid(read.message() + "; nothing from this file was loaded");
  return table.Finish();
}

}  // namespace

bool NeedsKey(const Profile& profile) {
  const FieldSpec* premises = profile.Field("premises");
  if (premises && !premises->column.empty() && !premises->pseudonym) return true;
  return std::any_of(profile.people.begin(), profile.people.end(),
                     [](const PersonSpec& person) { return !person.link.empty(); });
}

Result<Batch> ReadWithProfile(const LoadedProfile& loaded, const std::string& file_name,
                              std::string_view data, const PartnershipKey* key,
                              const std::string& source_override) {
  // People are linked by keyed pseudonyms; without the key no identifier can be read safely.
  if (NeedsKey(*loaded.profile) && !key)
    return Status::Usage(
        file_name + ": profile \"" + loaded.name +
        "\" links people or premises by their identifiers, which needs the partnership key "
        "(create one with cairn init)");
  if (loaded.profile->format == FileFormat::kXlsx)
    return ReadXlsx(loaded, file_name, data, key, source_override);
  return ReadCsv(loaded, file_name, data, key, source_override);
}

}  // namespace cairn
