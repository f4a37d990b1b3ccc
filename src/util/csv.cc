#include "util/csv.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
  if (!SplitPlainRecord(record)) return ParseQuoted(record);
  if (record->fields.size() == 1 && record->raw.size() > kMaxFieldBytes) {
    status_ =
        Status::Invalid("line " + std::to_string(line_) + ": a field is larger than " +
                        std::to_string(kMaxFieldBytes >> 20) + " MB; is this a CSV file at all?");
    return false;
  }
  ++line_;
  return true;
}

namespace {

// Bit i set when p[i] is the delimiter, the line end or a quote: the bytes a record splits on.
inline uint32_t SpecialBytes(const char* p, size_t n, char delim, char eol) {
#if defined(__SSE2__)
  if (n >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(delim)),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8(eol))),
                               _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    return static_cast<uint32_t>(_mm_movemask_epi8(hit));
  }
#endif
  uint32_t mask = 0;
  for (size_t i = 0; i < std::min<size_t>(n, 16); ++i)
    if (p[i] == delim || p[i] == eol || p[i] == '"') mask |= 1u << i;
  return mask;
}

}  // namespace

// The fast path: one pass over the record, 16 bytes at a time, splits it on the delimiter in place
// and finds its end. Returns false, having consumed nothing, if the record has a quote.
bool CsvReader::SplitPlainRecord(CsvRecord* record) {
  const char* base = data_.data();
  const size_t n = data_.size();
  const size_t start = pos_;
  const char eol = cr_only_ ? '\r' : '\n';
  size_t field_begin = start;
  for (size_t block = start; block < n; block += 16) {
    for (uint32_t mask = SpecialBytes(base + block, n - block, delim_, eol); mask;
         mask &= mask - 1) {
      const size_t at = block + static_cast<size_t>(__builtin_ctz(mask));
      const char c = base[at];
      if (c == '"') {
        record->fields.clear();
        return false;
      }
      if (c == delim_) {
        record->fields.emplace_back(base + field_begin, at - field_begin);
        field_begin = at + 1;
        continue;
      }
      EndPlainRecord(record, field_begin, at, at + 1);
      return true;
    }
  }
  EndPlainRecord(record, field_begin, n, n);
  return true;
}

void CsvReader::EndPlainRecord(CsvRecord* record, size_t field_begin, size_t end, size_t next) {
  const char* base = data_.data();
  // A CRLF line ends before its CR (the last field may then be empty).
  if (!cr_only_ && end > pos_ && base[end - 1] == '\r') --end;
  record->fields.emplace_back(base + field_begin, end - std::min(field_begin, end));
  record->raw = std::string_view(base + pos_, end - pos_);
  pos_ = next;
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
