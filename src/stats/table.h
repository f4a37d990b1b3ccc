// The user's own table for `cairn stats`: read a CSV with a header, find columns by name, parse
// numbers with messages that name the file, line, column and what was expected, e.g.
//   in.csv line 4, column "population": "-5" is not a positive number
// and write the result as CSV or JSON with every input column kept as text and the added
// statistics as numbers (JSON null / empty CSV field where undefined). Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

struct InputTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
  std::vector<long> lines;                     // physical line of each row
};

Result<InputTable> ReadInputTable(const std::string& path);
// Index of a named column (exact, after trimming), or an error naming the columns there are.
Result<size_t> FindColumn(const InputTable& table, const std::string& name);
std::optional<size_t> FindOptionalColumn(const InputTable& table, const std::string& name);

enum class NumberRule { kAny, kNonNegative, kPositive };
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

}  // namespace cairn
