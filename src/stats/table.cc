#include "stats/table.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

Result<InputTable> ReadInputTable(const std::string& path) {
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  InputTable table;
  table.path = path;
  CsvReader reader(*data);
  CsvRecord rec;
  if (!reader.Next(&rec)) {
    if (!reader.status().ok()) return reader.status().WithContext(path);
    return Status::Invalid(path + ": the file is empty (expected a header line)");
  }
  for (auto f : rec.fields) table.header.emplace_back(Trim(f));
  while (reader.Next(&rec)) {
    if (rec.fields.size() != table.header.size())
      return Status::Invalid(path + " line " + std::to_string(rec.line) + ": " +
                             std::to_string(rec.fields.size()) + " fields, expected " +
                             std::to_string(table.header.size()) + " as in the header");
    table.rows.emplace_back(rec.fields.begin(), rec.fields.end());
    table.lines.push_back(rec.line);
  }
  if (!reader.status().ok()) return reader.status().WithContext(path);
  return table;
}

std::optional<size_t> FindOptionalColumn(const InputTable& table, const std::string& name) {
  for (size_t i = 0; i < table.header.size(); ++i)
    if (table.header[i] == name) return i;
  return std::nullopt;
}

Result<size_t> FindColumn(const InputTable& table, const std::string& name) {
  if (auto c = FindOptionalColumn(table, name)) return *c;
  std::string msg =
      table.path + ": no column \"" + name + "\" (the header has " + Join(table.header, ", ") + ")";
  std::string guess = Suggest(name, table.header);
  if (!guess.empty()) msg += "; did you mean \"" + guess + "\"?";
  return Status::Invalid(msg);
}

Status RowError(const InputTable& table, size_t r, const std::string& message) {
  return Status::Invalid(table.path + " line " + std::to_string(table.lines[r]) + ": " + message);
}

Result<std::optional<double>> ReadNumber(const InputTable& table, size_t r, size_t c,
                                         NumberRule rule) {
  std::string_view text = Trim(table.rows[r][c]);
  if (text.empty() || text == "NA") return std::optional<double>();
  auto v = ParseDouble(text);
  const char* expected = rule == NumberRule::kPositive      ? "a positive number"
                         : rule == NumberRule::kNonNegative ? "a number of at least 0"
                                                            : "a number";
  bool ok = v && std::isfinite(*v) && (rule != NumberRule::kPositive || *v > 0) &&
            (rule != NumberRule::kNonNegative || *v >= 0);
  if (!ok)
    return Status::Invalid(table.path + " line " + std::to_string(table.lines[r]) + ", column \"" +
                           table.header[c] + "\": \"" + Abbreviate(text) + "\" is not " + expected);
  return std::optional<double>(*v);
}

OutputCell TextCell(std::string text) { return {std::move(text), false}; }

OutputCell NumberCell(std::optional<double> value) {
  if (!value || std::isnan(*value)) return {"", true};
  if (std::isinf(*value)) return {*value > 0 ? "Inf" : "-Inf", true};
  return {fmt::format("{}", *value), true};
}

std::string OutputToCsv(const OutputTable& table) {
  std::string out;
  for (size_t i = 0; i < table.header.size(); ++i)
    out += (i ? "," : "") + CsvQuote(table.header[i]);
  out += "\n";
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + CsvQuote(row[i].text);
    out += "\n";
  }
  return out;
}

std::string OutputToJson(const OutputTable& table) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t i = 0; i < row.size(); ++i) {
      const OutputCell& cell = row[i];
      if (!cell.number)
        obj[table.header[i]] = cell.text;
      else if (cell.text.empty() || cell.text == "Inf" || cell.text == "-Inf")
        obj[table.header[i]] = nullptr;
      else
        obj[table.header[i]] = std::stod(cell.text);
    }
    rows.push_back(std::move(obj));
  }
  return rows.dump(2) + "\n";
}

}  // namespace cairn
