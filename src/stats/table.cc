#include "stats/table.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::string Where(const std::string& path, long line, const std::string& column) {
  return path + " line " + std::to_string(line) + ", column \"" + column + "\"";
}

// The number in a field; nullopt for an empty or NA field.
Result<std::optional<double>> ParseNumberField(std::string_view field, NumberRule rule,
                                               const std::string& path, long line,
                                               const std::string& column) {
  std::string_view text = Trim(field);
  if (text.empty() || text == "NA") return std::optional<double>();
  auto v = ParseDouble(text);
  const char* expected = rule == NumberRule::kPositive      ? "a positive number"
                         : rule == NumberRule::kNonNegative ? "a number of at least 0"
                                                            : "a number";
  bool ok = v && std::isfinite(*v) && (rule != NumberRule::kPositive || *v > 0) &&
            (rule != NumberRule::kNonNegative || *v >= 0);
  if (!ok)
    return Status::Invalid(Where(path, line, column) + ": \"" + Abbreviate(text) + "\" is not " +
                           expected);
  return std::optional<double>(*v);
}

}  // namespace

RowReader::RowReader(std::string path, std::string data)
    : path_(std::move(path)), data_(std::move(data)), reader_(data_) {}

Result<std::unique_ptr<RowReader>> RowReader::Open(const std::string& path) {
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  return FromText(path, std::move(data).value());
}

Result<std::unique_ptr<RowReader>> RowReader::FromText(const std::string& path, std::string data) {
  std::unique_ptr<RowReader> rows(new RowReader(path, std::move(data)));
  CsvRecord rec;
  if (!rows->reader_.Next(&rec)) {
    if (!rows->reader_.status().ok()) return rows->reader_.status().WithContext(path);
    return Status::Invalid(path + ": the file is empty (expected a header line)");
  }
  for (auto f : rec.fields) rows->header_.emplace_back(Trim(f));
  rows->first_row_ = rows->reader_.offset();
  rows->first_line_ = rec.line + 1;
  return rows;
}

bool RowReader::Next() {
  if (!status_.ok()) return false;
  if (!reader_.Next(&record_)) {
    if (!reader_.status().ok()) status_ = reader_.status().WithContext(path_);
    return false;
  }
  if (record_.fields.size() != header_.size()) {
    status_ = Status::Invalid(path_ + " line " + std::to_string(record_.line) + ": " +
                              std::to_string(record_.fields.size()) + " fields, expected " +
                              std::to_string(header_.size()) + " as in the header");
    return false;
  }
  return true;
}

void RowReader::Rewind() {
  reader_ = CsvReader(data_);
  CsvRecord header;
  reader_.Next(&header);
  status_ = Status::Ok();
}

Result<std::optional<double>> RowReader::Number(size_t c, NumberRule rule) const {
  return ParseNumberField(record_.fields[c], rule, path_, record_.line, header_[c]);
}

Result<double> RowReader::RequiredNumber(size_t c, NumberRule rule) const {
  auto v = Number(c, rule);
  if (!v.ok()) return v.status();
  if (!v->has_value())
    return Status::Invalid(Where(path_, record_.line, header_[c]) +
                           ": the field is empty (expected a number)");
  return **v;
}

Status RowReader::Error(const std::string& message) const {
  return Status::Invalid(path_ + " line " + std::to_string(record_.line) + ": " + message);
}

Result<InputTable> ReadInputTable(const std::string& path) {
  auto rows = RowReader::Open(path);
  if (!rows.ok()) return rows.status();
  return ReadInputTable(std::move(rows).value());
}

Result<InputTable> ReadInputTable(std::unique_ptr<RowReader> rows) {
  InputTable table;
  table.path = rows->path();
  table.header = rows->header();
  while (rows->Next()) {
    table.rows.emplace_back(rows->fields().begin(), rows->fields().end());
    table.lines.push_back(rows->line());
  }
  if (!rows->status().ok()) return rows->status();
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
  return ParseNumberField(table.rows[r][c], rule, table.path, table.lines[r], table.header[c]);
}

OutputCell TextCell(std::string text) { return {std::move(text), false}; }

OutputCell NumberCell(std::optional<double> value) {
  if (!value || std::isnan(*value)) return {"", true};
  if (std::isinf(*value)) return {*value > 0 ? "Inf" : "-Inf", true};
  return {fmt::format("{}", *value), true};
}

std::string OutputToCsv(const OutputTable& table) {
  std::ostringstream out;
  OutputWriter writer(OutputWriter::Format::kCsv, table.header, &out);
  for (const auto& row : table.rows) writer.Row(row);
  writer.End();
  return out.str();
}

std::string OutputToJson(const OutputTable& table) {
  std::ostringstream out;
  OutputWriter writer(OutputWriter::Format::kJson, table.header, &out);
  for (const auto& row : table.rows) writer.Row(row);
  writer.End();
  return out.str();
}

OutputWriter::OutputWriter(Format format, std::vector<std::string> header, std::ostream* out)
    : format_(format), header_(std::move(header)), out_(out) {
  if (format_ == Format::kCsv) buffer_ = CsvLine(header_);
}

OutputWriter::~OutputWriter() { Flush(); }

// As nlohmann::ordered_json would write the array whole with dump(2): each object indented by 2.
void OutputWriter::Row(const std::vector<OutputCell>& cells) {
  if (format_ == Format::kCsv) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) buffer_ += ',';
      buffer_ += CsvField(cells[i].text);
    }
    buffer_ += '\n';
  } else {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t i = 0; i < cells.size(); ++i) {
      const OutputCell& cell = cells[i];
      if (!cell.number)
        obj[header_[i]] = cell.text;
      else if (cell.text.empty() || cell.text == "Inf" || cell.text == "-Inf")
        obj[header_[i]] = nullptr;
      else
        obj[header_[i]] = std::stod(cell.text);
    }
    buffer_ += rows_ ? ",\n  " : "[\n  ";
    for (char c : obj.dump(2)) {
      buffer_ += c;
      if (c == '\n') buffer_ += "  ";
    }
  }
  ++rows_;
  if (buffer_.size() > (1u << 20)) Flush();
}

void OutputWriter::End() {
  if (ended_) return;
  ended_ = true;
  if (format_ == Format::kJson) buffer_ += rows_ ? "\n]\n" : "[]\n";
  Flush();
}

void OutputWriter::Flush() {
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace cairn
