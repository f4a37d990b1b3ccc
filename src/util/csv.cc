#include "util/csv.h"

#include <cstring>

namespace cairn {

std::string_view StripBom(std::string_view data) {
  if (data.size() >= 3 && static_cast<unsigned char>(data[0]) == 0xEF &&
      static_cast<unsigned char>(data[1]) == 0xBB && static_cast<unsigned char>(data[2]) == 0xBF)
    return data.substr(3);
  return data;
}

CsvReader::CsvReader(std::string_view data, char delimiter)
    : data_(StripBom(data)), delim_(delimiter) {
  // Files with carriage returns but no line feeds at all end their lines with CR alone.
  cr_only_ = std::memchr(data_.data(), '\n', data_.size()) == nullptr &&
             std::memchr(data_.data(), '\r', data_.size()) != nullptr;
}

static inline bool IsEol(char c) { return c == '\n' || c == '\r'; }

bool CsvReader::Next(CsvRecord* record) {
  if (!status_.ok()) return false;
  // Skip blank lines.
  while (pos_ < data_.size() && IsEol(data_[pos_])) {
    if (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  if (pos_ >= data_.size()) return false;
  record->fields.clear();
  record->line = line_;
  const char* base = data_.data();
  const size_t n = data_.size();
  const size_t start = pos_;
  // Fast path, using memchr (vectorised in glibc): find the line end, check the line has no quote,
  // then split on the delimiter in place.
  const char* nl =
      static_cast<const char*>(std::memchr(base + start, cr_only_ ? '\r' : '\n', n - start));
  size_t end = nl ? static_cast<size_t>(nl - base) : n;
  size_t next = nl ? end + 1 : n;
  if (!cr_only_ && end > start && base[end - 1] == '\r') --end;
  if (std::memchr(base + start, '"', end - start) != nullptr) return ParseQuoted(record);
  if (end - start > kMaxFieldBytes && std::memchr(base + start, delim_, end - start) == nullptr) {
    status_ =
        Status::Invalid("line " + std::to_string(line_) + ": a field is larger than " +
                        std::to_string(kMaxFieldBytes >> 20) + " MB; is this a CSV file at all?");
    return false;
  }
  const char* p = base + start;
  const char* const stop = base + end;
  for (;;) {
    const char* d = static_cast<const char*>(std::memchr(p, delim_, static_cast<size_t>(stop - p)));
    if (!d) break;
    record->fields.emplace_back(p, static_cast<size_t>(d - p));
    p = d + 1;
  }
  record->fields.emplace_back(p, static_cast<size_t>(stop - p));
  record->raw = std::string_view(base + start, end - start);
  pos_ = next;
  ++line_;
  return true;
}

// Slow path for records containing quotes. Unescaped field text goes into scratch_, which is sized
// up front so the views into it stay valid.
bool CsvReader::ParseQuoted(CsvRecord* record) {
  const char* base = data_.data();
  const size_t n = data_.size();
  const size_t start = pos_;
  const long start_line = line_;
  // First pass: find the record end honouring quotes.
  size_t i = start;
  bool in_quotes = false;
  long lines_inside = 0;
  while (i < n) {
    char c = base[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < n && base[i + 1] == '"') {
          i += 2;
          continue;
        }
        in_quotes = false;
      } else if (c == '\n' || (c == '\r' && !(i + 1 < n && base[i + 1] == '\n'))) {
        ++lines_inside;
      }
      ++i;
      continue;
    }
    if (c == '"')
      in_quotes = true;
    else if (c == '\n' || c == '\r')
      break;
    ++i;
  }
  if (in_quotes) {
    status_ = Status::Invalid("line " + std::to_string(start_line) +
                              ": a quoted field is never closed (the file may be truncated)");
    return false;
  }
  const size_t end = i;
  scratch_.clear();
  scratch_.reserve(end - start + 1);
  size_t field_begin = 0;
  in_quotes = false;
  for (size_t j = start; j < end; ++j) {
    char c = base[j];
    if (in_quotes) {
      if (c == '"') {
        if (j + 1 < end && base[j + 1] == '"') {
          scratch_.push_back('"');
          ++j;
        } else {
          in_quotes = false;
        }
      } else {
        scratch_.push_back(c);
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == delim_) {
      record->fields.emplace_back(scratch_.data() + field_begin, scratch_.size() - field_begin);
      field_begin = scratch_.size();
    } else {
      scratch_.push_back(c);
    }
    if (scratch_.size() - field_begin > kMaxFieldBytes) {
      status_ = Status::Invalid("line " + std::to_string(start_line) + ": a field is larger than " +
                                std::to_string(kMaxFieldBytes >> 20) + " MB");
      return false;
    }
  }
  record->fields.emplace_back(scratch_.data() + field_begin, scratch_.size() - field_begin);
  record->raw = std::string_view(base + start, end - start);
  pos_ = end;
  if (pos_ < n && base[pos_] == '\r') ++pos_;
  if (pos_ < n && base[pos_] == '\n') ++pos_;
  line_ += 1 + lines_inside;
  return true;
}

std::string CsvQuote(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> SplitCsvLine(std::string_view line, char delimiter) {
  CsvReader reader(line, delimiter);
  CsvRecord rec;
  std::vector<std::string> out;
  if (reader.Next(&rec))
    for (auto f : rec.fields) out.emplace_back(f);
  return out;
}

}  // namespace cairn
