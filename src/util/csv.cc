#include "util/csv.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cairn {

// Every one: a file re-saved by a program that adds a BOM to text that has one already starts with
// two, and the second would otherwise be an invisible first character of the header.
std::string_view StripBom(std::string_view data) {
  while (data.starts_with(kUtf8Bom)) data.remove_prefix(kUtf8Bom.size());
  return data;
}

CsvReader::CsvReader(std::string_view data, char delimiter)
    : data_(StripBom(data)), delim_(delimiter) {
  // Files with carriage returns but no line feeds at all end their lines with CR alone. (memchr
  // must not see the null pointer of an empty view, even for no bytes.)
  cr_only_ = !data_.empty() && std::memchr(data_.data(), '\n', data_.size()) == nullptr &&
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
  if (!SplitPlainRecord(record)) return status_.ok() && ParseQuoted(record);
  if (record->raw.size() > kMaxRecordBytes) return RecordTooLong(line_);
  ++line_;
  return true;
}

bool CsvReader::RecordTooLong(long line) {
  status_ = Status::Invalid("line " + std::to_string(line) + ": the record is longer than " +
                            std::to_string(kMaxRecordBytes >> 20) +
                            " MiB, the most one CSV record may hold; is this a CSV file at all?");
  return false;
}

namespace {

// Bit i set when p[i] is the delimiter, the line end or a quote: the bytes a record splits on.
// Byte by byte, for the last bytes of the data (less than a block).
inline uint64_t SpecialBytesScalar(const char* p, size_t n, char delim, char eol) {
  uint64_t mask = 0;
  for (size_t i = 0; i < n; ++i)
    if (p[i] == delim || p[i] == eol || p[i] == '"') mask |= uint64_t{1} << i;
  return mask;
}

// The same for a block of 16 bytes with SSE2, which every x86-64 processor has...
struct Sse2Blocks {
  static constexpr size_t kWidth = 16;
  static uint64_t Special(const char* p, char delim, char eol) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(delim)),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8(eol))),
                               _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    return static_cast<uint32_t>(_mm_movemask_epi8(hit));
#else
    return SpecialBytesScalar(p, kWidth, delim, eol);
#endif
  }
};

#if defined(__x86_64__)
// ...or of 32 with AVX2, on processors that have it (most since 2013), chosen when the program
// runs.
struct Avx2Blocks {
  static constexpr size_t kWidth = 32;
  [[gnu::target("avx2")]] static uint64_t Special(const char* p, char delim, char eol) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(delim)),
                                                  _mm256_cmpeq_epi8(v, _mm256_set1_epi8(eol))),
                                  _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')));
    return static_cast<uint32_t>(_mm256_movemask_epi8(hit));
  }
};
#endif

constexpr size_t kQuoted = SIZE_MAX;
constexpr size_t kTooLong = SIZE_MAX - 1;

// One pass over the record starting at `start`, a block at a time: appends every field but the last
// to *fields and returns where the line ends (the data's size if it does not), with *last_field
// where the last field begins. Returns kQuoted if the record has a quote, kTooLong if it goes on
// for more than CsvReader::kMaxRecordBytes.
template <typename Blocks>
[[gnu::always_inline]] inline size_t SplitPlain(std::string_view data, size_t start, char delim,
                                                char eol, std::vector<std::string_view>* fields,
                                                size_t* last_field) {
  const char* base = data.data();
  const size_t n = data.size();
  size_t field_begin = start;
  for (size_t block = start; block < n; block += Blocks::kWidth) {
    if (block - start > CsvReader::kMaxRecordBytes) return kTooLong;
    uint64_t mask = n - block >= Blocks::kWidth
                        ? Blocks::Special(base + block, delim, eol)
                        : SpecialBytesScalar(base + block, n - block, delim, eol);
    for (; mask; mask &= mask - 1) {
      const size_t at = block + static_cast<size_t>(__builtin_ctzll(mask));
      const char c = base[at];
      if (c == '"') return kQuoted;
      if (c != delim) {
        *last_field = field_begin;
        return at;
      }
      fields->emplace_back(base + field_begin, at - field_begin);
      field_begin = at + 1;
    }
  }
  *last_field = field_begin;
  return n;
}

size_t SplitPlainNarrow(std::string_view data, size_t start, char delim, char eol,
                        std::vector<std::string_view>* fields, size_t* last_field) {
  return SplitPlain<Sse2Blocks>(data, start, delim, eol, fields, last_field);
}

#if defined(__x86_64__)
[[gnu::target("avx2")]] size_t SplitPlainWide(std::string_view data, size_t start, char delim,
                                              char eol, std::vector<std::string_view>* fields,
                                              size_t* last_field) {
  return SplitPlain<Avx2Blocks>(data, start, delim, eol, fields, last_field);
}

bool ProcessorHasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
#else
size_t SplitPlainWide(std::string_view data, size_t start, char delim, char eol,
                      std::vector<std::string_view>* fields, size_t* last_field) {
  return SplitPlainNarrow(data, start, delim, eol, fields, last_field);
}

bool ProcessorHasAvx2() { return false; }
#endif

bool& UseWideBlocks() {
  static bool wide = ProcessorHasAvx2();
  return wide;
}

}  // namespace

bool CsvReader::UseWideBlocksForTesting(bool wide) {
  UseWideBlocks() = wide && ProcessorHasAvx2();
  return UseWideBlocks();
}

// The fast path splits the record on the delimiter in place and finds its end. Returns false,
// having consumed nothing, if the record has a quote.
bool CsvReader::SplitPlainRecord(CsvRecord* record) {
  const char eol = cr_only_ ? '\r' : '\n';
  size_t last_field = pos_;
  const size_t end = UseWideBlocks()
                         ? SplitPlainWide(data_, pos_, delim_, eol, &record->fields, &last_field)
                         : SplitPlainNarrow(data_, pos_, delim_, eol, &record->fields, &last_field);
  if (end == kQuoted || end == kTooLong) {
    record->fields.clear();
    if (end == kTooLong) RecordTooLong(line_);
    return false;
  }
  EndPlainRecord(record, last_field, end, end < data_.size() ? end + 1 : end);
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
    if (i - start > kMaxRecordBytes) return RecordTooLong(start_line);
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
  }
  record->fields.emplace_back(scratch_.data() + field_begin, scratch_.size() - field_begin);
  record->raw = std::string_view(base + start, end - start);
  pos_ = end;
  if (pos_ < n && base[pos_] == '\r') ++pos_;
  if (pos_ < n && base[pos_] == '\n') ++pos_;
  line_ += 1 + lines_inside;
  return true;
}

int FieldWithNul(const CsvRecord& record) {
  // A record read from a CSV carries its raw bytes: one search says whether to look further. A
  // record made from a workbook row has none, so its fields are searched.
  if (!record.raw.empty() && std::memchr(record.raw.data(), '\0', record.raw.size()) == nullptr)
    return -1;
  for (size_t field_idx = 0; field_idx < record.fields.size(); ++field_idx) {
    std::string_view field = record.fields[field_idx];
    if (field.find('\0') != std::string_view::npos) return static_cast<int>(field_idx);
  }
  return -1;
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

namespace {

// -3.5, +2, 1e-3, .5: what a spreadsheet reads as a number and not as a formula.
bool IsPlainNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < n && s[i] == '.')
    for (++i; i < n && s[i] >= '0' && s[i] <= '9'; ++i) ++digits;
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == n;
}

bool CouldRunAsFormula(std::string_view s) {
  if (s.empty()) return false;
  const char c = s[0];
  if (c == '=' || c == '@' || c == '\t' || c == '\r') return true;
  return (c == '+' || c == '-') && !IsPlainNumber(s);
}

}  // namespace

void AppendCsvField(std::string_view field, std::string* out) {
  const bool formula = CouldRunAsFormula(field);
  // A loop rather than find_first_of, which calls memchr once per character of the field.
  const bool plain = std::none_of(field.begin(), field.end(), [](char c) {
    return c == ',' || c == '"' || c == '\r' || c == '\n';
  });
  if (!formula && plain) {
    out->append(field);
    return;
  }
  out->append(formula ? "\"'" : "\"");
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string CsvField(std::string_view field) {
  std::string out;
  AppendCsvField(field, &out);
  return out;
}

void AppendCsvLine(const std::vector<std::string>& fields, std::string* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out->push_back(',');
    AppendCsvField(fields[i], out);
  }
  out->push_back('\n');
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  AppendCsvLine(fields, &out);
  return out;
}

char LikelyDelimiter(std::string_view header_line, char declared) {
  char best = '\0';
  long best_count = 0;
  for (char candidate : {',', ';', '\t', '|'}) {
    if (candidate == declared) continue;
    long count = std::count(header_line.begin(), header_line.end(), candidate);
    if (count > best_count) {
      best = candidate;
      best_count = count;
    }
  }
  return best;
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
