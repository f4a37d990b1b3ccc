// XlsxWorkbook: reads the cell values of an Office Open XML spreadsheet (.xlsx, as Excel,
// LibreOffice and ONS's publishing tools write it), one sheet at a time, as text.
//
// What it reads: the sheet list (xl/workbook.xml, sheet parts found through
// xl/_rels/workbook.xml.rels), shared strings (rich-text runs joined, phonetic runs skipped),
// inline strings, formula string results, numbers exactly as written in the file, booleans as
// TRUE/FALSE, dates (a number whose cell style is a date format) as YYYY-MM-DD or YYYY-MM-DD
// HH:MM:SS in the workbook's 1900 or 1904 date system, and merged ranges. A sheet is streamed from
// the zip through the XML parser in 64 KiB chunks, so a million-row sheet is never held in memory
// whole.
//
// What it refuses, with a message naming the file (and the sheet): bytes that are not a zip (saying
// so when they are a legacy .xls workbook or a password-protected one), a damaged zip, a zip with
// no xl/workbook.xml, malformed XML (the parser's message and line), XML with a DOCTYPE or entity
// declarations (the "billion laughs"), a sheet part larger than 4 GiB uncompressed or compressed
// more than 1000:1 (a zip bomb), a cell holding more than 16 MiB of text, a cell beyond column
// XFD (16,384 columns), and rows or cells out of order. A cell that has no usable value (an error
// such as #N/A, a formula never calculated) is not a refusal: it is reported in XlsxRow::problems.
//
// Formatting, hidden-ness, comments, charts and pictures are ignored. Not thread-safe: one
// workbook is read by one thread at a time (it owns one libzip handle).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace cairn {

struct XlsxRange {
  int first_row, last_row, first_col, last_col;  // 1-based rows, 0-based columns
};

struct XlsxRow {
  long number = 0;  // the sheet's row number, 1-based as Excel shows it
  std::vector<std::string>
      cells;  // from column A; blanks are empty strings; trailing blanks trimmed
  std::vector<std::pair<int, std::string>>
      problems;  // (column, why) for cells with no usable value
};

// Column letters: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string XlsxColumnName(int col);
// A cell reference: (row 7, column 2) -> "C7".
std::string XlsxCellName(long row, int col);

// True when the bytes are a zip archive, as every .xlsx is ("PK\3\4"), or an OLE file (a legacy
// .xls or a password-protected workbook), so a reader of CSV can hand them to XlsxWorkbook.
bool LooksLikeWorkbook(std::string_view data);

class XlsxWorkbook;
// One sheet (a name or "#N"; empty = the first) as CSV text, for commands that read a plain table
// (`cairn stats`, `cairn pseudonymise`): a line per sheet row, blank lines for empty rows so line
// N is the sheet's row N. A cell without a usable value is an error naming it.
Result<std::string> XlsxSheetAsCsv(std::string_view data, const std::string& file_name,
                                   const std::string& sheet);

class XlsxWorkbook {
 public:
  // Opens the workbook from its bytes (copied; the caller read the file; `file_name` is for
  // messages). Reads the sheet list, the shared strings and the cell styles; sheets are read later.
  static Result<XlsxWorkbook> Open(std::string_view data, const std::string& file_name);

  XlsxWorkbook(XlsxWorkbook&&) noexcept;
  XlsxWorkbook& operator=(XlsxWorkbook&&) noexcept;
  ~XlsxWorkbook();

  // In workbook order (the tabs as Excel shows them, hidden ones included).
  const std::vector<std::string>& sheet_names() const;

  // A sheet by name (exact, else trimmed and case-insensitive: ONS names sheets "Table P4  " with
  // trailing spaces) or by number "#1" (1-based, workbook order). Returns the 0-based index.
  // Unknown: an error naming the file, the sheet asked for and the sheets there are.
  Result<int> FindSheet(const std::string& name_or_number) const;

  // Merged ranges of a sheet, in the order the file lists them (<mergeCells> comes after
  // <sheetData>, so this is a pass of its own over the sheet).
  Result<std::vector<XlsxRange>> MergedCells(int sheet) const;

  // Streams the sheet's rows in order: one call per row that has a cell with a value or a problem.
  // The callback returns false to stop early (ForEachRow then returns ok). The XlsxRow is reused
  // between calls: copy what you keep. Errors (malformed sheet XML, inflate failure, the limits
  // above) name the file and the sheet; rows already passed to the callback stay passed.
  Status ForEachRow(int sheet, const std::function<bool(const XlsxRow&)>& row) const;

 private:
  struct Impl;
  explicit XlsxWorkbook(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn
