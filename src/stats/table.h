// The user's own table for `cairn stats`: read a CSV with a header, find columns by name, parse
// numbers with messages that name the file, line, column and what was expected, e.g.
//   in.csv line 4, column "population": "-5" is not a positive number
// and write the result as CSV or JSON with every input column kept as text and the added
// statistics as numbers (JSON null / empty CSV field where undefined). Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "util/csv.h"
#include "util/status.h"

namespace cairn {

struct InputTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
  std::vector<long> lines;                     // physical line of each row
};

enum class NumberRule { kAny, kNonNegative, kPositive };

// The user's table a row at a time, for statistics worked out row by row: only the file's bytes
// are held, never a string per field (10 million rows of `stats rate` once took 6.9 GB). Rewind()
// starts again at the first row, so a statistic can check every row before it writes any.
class RowReader {
 public:
  // Reads the file and its header line. Error if it cannot be read or has no header.
  static Result<std::unique_ptr<RowReader>> Open(const std::string& path);
  // The same over CSV text already read (a workbook sheet turned into CSV); `path` names it.
  static Result<std::unique_ptr<RowReader>> FromText(const std::string& path, std::string data);
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  // The next row (false at the end, or on an error: see status()). A row must be as wide as the
  // header.
  bool Next();
  const Status& status() const { return status_; }
  void Rewind();

  // The current row.
  long line() const { return record_.line; }
  const std::vector<std::string_view>& fields() const { return record_.fields; }
  // The number in column c; nullopt for an empty or NA field. Error names file, line, column.
  Result<std::optional<double>> Number(size_t c, NumberRule rule) const;
  // As Number, but an empty field is an error too.
  Result<double> RequiredNumber(size_t c, NumberRule rule) const;
  // "in.csv line 4: <message>".
  Status Error(const std::string& message) const;

 private:
  RowReader(std::string path, std::string data);
  std::string path_, data_;
  std::vector<std::string> header_;
  CsvReader reader_;
  size_t first_row_ = 0;
  long first_line_ = 1;
  CsvRecord record_;
  Status status_;
};

Result<InputTable> ReadInputTable(const std::string& path);
Result<InputTable> ReadInputTable(std::unique_ptr<RowReader> rows);
// Index of a named column (exact, after trimming), or an error naming the columns there are.
Result<size_t> FindColumn(const InputTable& table, const std::string& name);
std::optional<size_t> FindOptionalColumn(const InputTable& table, const std::string& name);

// The number in row r, column c; nullopt for an empty field. Error names file, line and column.
Result<std::optional<double>> ReadNumber(const InputTable& table, size_t r, size_t c,
                                         NumberRule rule);
// An error about row r: "in.csv line 4: <message>".
Status RowError(const InputTable& table, size_t r, const std::string& message);

struct OutputCell {
  std::string text;
  bool number = false;  // written unquoted in JSON; an empty number is null
};
struct OutputTable {
  std::vector<std::string> header;
  std::vector<std::vector<OutputCell>> rows;
};
OutputCell TextCell(std::string text);
OutputCell NumberCell(std::optional<double> value);  // shortest round-trip decimal

std::string OutputToCsv(const OutputTable& table);
std::string OutputToJson(const OutputTable& table);

// Writes an output a row at a time, exactly as OutputToCsv / OutputToJson would write it whole.
// CSV fields go through CsvField (the input's text may hold formulas).
class OutputWriter {
 public:
  enum class Format { kCsv, kJson };
  OutputWriter(Format format, std::vector<std::string> header, std::ostream* out);
  ~OutputWriter();  // writes what is buffered (End() first for a complete JSON array)
  void Row(const std::vector<OutputCell>& cells);
  void End();

 private:
  void Flush();
  Format format_;
  std::vector<std::string> header_;
  std::ostream* out_;
  std::string buffer_;
  size_t rows_ = 0;
  bool ended_ = false;
};

}  // namespace cairn
