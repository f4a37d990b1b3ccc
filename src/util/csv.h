// CsvReader: a fast RFC 4180 reader over an in-memory buffer, for partner extracts as they really
// are. Handles a UTF-8 BOM, LF, CRLF and CR-only line endings, quoted fields with embedded
// delimiters, newlines and doubled quotes, and any single-byte delimiter. Reports the physical line
// on which each record starts, so messages can say "line 4122". Field views stay valid until the
// next Next(). Not thread-safe; one reader per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

struct CsvRecord {
  std::vector<std::string_view> fields;
  long line = 0;         // 1-based physical line on which the record starts
  std::string_view raw;  // the record's bytes as in the file, without the line ending
};

class CsvReader {
 public:
  // A record (a line, or several when a quoted field holds line breaks) longer than this is an
  // error that stops the file: generous for any real extract (loaders reject a row whose value is
  // over 10,000 characters, and say so, well below it), and it stops binary junk or a file with
  // no line breaks being split into millions of fields as one giant record.
  static constexpr size_t kMaxRecordBytes = 16u << 20;

  CsvReader(std::string_view data, char delimiter = ',');

  // Reads the next record. Returns false at the end of the data or on a malformed record, in which
  // case status() says why (an unterminated quote, a record too long). Blank lines are skipped.
  bool Next(CsvRecord* record);
  const Status& status() const { return status_; }
  size_t offset() const { return pos_; }
  size_t size() const { return data_.size(); }

  // Records are split 32 bytes at a time where the processor has AVX2, else 16. Tests use this to
  // run both ways; returns whether 32 is now in use.
  static bool UseWideBlocksForTesting(bool wide);

 private:
  bool ParseQuoted(CsvRecord* record);
  bool SplitPlainRecord(CsvRecord* record);
  void EndPlainRecord(CsvRecord* record, size_t field_begin, size_t end, size_t next);
  bool RecordTooLong(long line);
  std::string_view data_;
  char delim_;
  size_t pos_ = 0;
  long line_ = 1;
  Status status_;
  std::string scratch_;
  bool cr_only_ = false;
};

// The index of the first field holding a NUL byte (which text never holds), or -1.
int FieldWithNul(const CsvRecord& record);

// Splits a single line (no quotes expected) — used for headers and tests.
std::vector<std::string> SplitCsvLine(std::string_view line, char delimiter = ',');

// The one delimiter sniffer: of the delimiters partners' exports use (comma, semicolon, tab, pipe),
// the one a header line holds most often, other than `declared` ('\0' for none); '\0' when it
// holds none of them. For a header read as one column, to say which delimiter the file has.
char LikelyDelimiter(std::string_view header_line, char declared);

// Quotes a field for CSV output when it holds a comma, quote, CR or LF (RFC 4180). For CSV that
// programs read (extracts Cairn writes for itself); CSV meant for people goes through CsvField.
std::string CsvQuote(const std::string& field);

// A field of CSV meant for people (query, rejects, stats and list outputs), which may be opened in
// a spreadsheet: as CsvQuote, but a field that starts with = + - @, tab or CR and is not a plain
// number (-3.5, +2, 1e-3) could run as a formula, so it is written as a quoted text with a
// leading single quote, as OWASP advises: =1+2 -> "'=1+2". Numbers stay numbers.
std::string CsvField(std::string_view field);
// CsvField and CsvLine appended to `out` (for long outputs: no string per field or line).
void AppendCsvField(std::string_view field, std::string* out);
void AppendCsvLine(const std::vector<std::string>& fields, std::string* out);
// One line of CSV meant for people: every field through CsvField, comma-separated, then "\n".
std::string CsvLine(const std::vector<std::string>& fields);

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Strips leading UTF-8 byte-order marks (all of them: some files have two).
std::string_view StripBom(std::string_view data);

}  // namespace cairn
