#include "ingest/police_uk.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "ingest/geography.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

const char* const kPoliceUkHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context";

const std::vector<std::string>& CrimeTypes() {
  static const std::vector<std::string> kTypes = {
      "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs",
      "Other crime", "Other theft", "Possession of weapons", "Public order", "Robbery",
      "Shoplifting", "Theft from the person", "Vehicle crime", "Violence and sexual offences",
      // Published until April 2013.
      "Public disorder and weapons", "Violent crime"};
  return kTypes;
}

namespace {

enum Col {
  kCrimeId,
  kMonth,
  kReportedBy,
  kFallsWithin,
  kLon,
  kLat,
  kLocation,
  kLsoaCode,
  kLsoaName,
  kCrimeType,
  kOutcome,
  kContext,
  kColumns
};

Status CheckHeader(const std::string& file_name, const CsvRecord& header) {
  std::vector<std::string> expected = Split(kPoliceUkHeader, ',');
  if (header.fields.size() == 1 && header.fields[0].find(';') != std::string_view::npos)
    return Status::Invalid(file_name +
                           ": the header is separated by ';', not ','; data.police.uk "
                           "files are comma-separated (was the file re-saved by a spreadsheet?)");
  for (size_t i = 0; i < expected.size(); ++i) {
    std::string_view got = i < header.fields.size() ? Trim(header.fields[i]) : std::string_view();
    if (got == expected[i]) continue;
    std::string where = file_name + ": column " + std::to_string(i + 1) + " of the header";
    if (got.find(kUtf8Bom) != std::string_view::npos)
      return Status::Invalid(where +
                             " holds a byte-order mark (U+FEFF, an invisible character) "
                             "inside the line; expected \"" +
                             expected[i] + "\" (were two files joined together?)");
    return Status::Invalid(where + " is \"" + ToValidUtf8(Abbreviate(got)) + "\", expected \"" +
                           expected[i] + "\" (is this a data.police.uk street-level file?)");
  }
  if (header.fields.size() != expected.size())
    return Status::Invalid(file_name + ": the header has " + std::to_string(header.fields.size()) +
                           " columns, expected 12");
  return Status::Ok();
}

// The common case of a coordinate, "-2.793458": at most 15 digits, so the digits make an exact
// integer and dividing it by an exact power of ten rounds once, giving the same double as a full
// parse (Clinger's fast path). Returns false for anything else, which the full parser then takes.
bool ParseShortDecimal(std::string_view s, double* out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = p != end && *p == '-';
  p += negative;
  uint64_t mantissa = 0;  // wraps (defined) past 19 digits; more than 15 are refused below
  auto digits = [&]() {
    const char* from = p;
    for (; p != end && static_cast<unsigned>(*p - '0') < 10; ++p)
      mantissa = mantissa * 10 + (*p - '0');
    return p - from;
  };
  const auto whole_digits = digits();
  if (whole_digits == 0) return false;
  ptrdiff_t fraction_digits = 0;
  if (p != end && *p == '.') {
    ++p;
    fraction_digits = digits();
    if (fraction_digits == 0) return false;
  }
  if (p != end || whole_digits + fraction_digits > 15) return false;
  const double v = static_cast<double>(mantissa) / kPow10[fraction_digits];
  *out = negative ? -v : v;
  return true;
}

// Parses a coordinate; blank is "no location" (NaN). Returns false if present but not a number,
// which "NaN" and "inf" are not either (a NaN would read as blank).
bool ParseCoordinate(std::string_view s, double* out) {
  if (ParseShortDecimal(s, out)) return true;
  s = Trim(s);
  if (s.empty()) {
    *out = NAN;
    return true;
  }
  auto v = ParseDouble(s);
  if (!v || !std::isfinite(*v)) return false;
  *out = *v;
  return true;
}

// Sizes first: most comparisons stop there.
bool IsCrimeType(std::string_view type) {
  for (const std::string& known : CrimeTypes())
    if (known.size() == type.size() && known == type) return true;
  return false;
}

// How rows that are not UTF-8 are read: a file that is valid UTF-8 throughout needs no check per
// row; one that declares UTF-8 with a byte-order mark has its bad rows rejected; one that does not
// is what Excel saves as "CSV" (Windows-1252), and such rows are decoded from it.
enum class TextRule { kAllUtf8, kRejectNonUtf8, kDecodeWindows1252 };

class PoliceUkReader {
 public:
  PoliceUkReader(const std::string& file_name, Batch* batch, TextRule text)
      : file_name_(file_name), b_(batch), text_(text) {}

  void Row(const CsvRecord& rec);
  void Finish();

 private:
  // Where a row's coordinates are unusable, the event is kept without them and counted here by
  // reason, with the first line and value.
  struct Unplaced {
    long rows = 0, first_line = 0;
    std::string example;
  };

  void Convert(const CsvRecord& rec);
  void RowNotUtf8(const CsvRecord& rec);
  void RejectRow(const CsvRecord& rec, Col col, std::string_view value, std::string reason);
  // False if the row is rejected; *unusable is set (and the coordinates cleared) when they are
  // numbers but no usable location.
  bool CheckCoordinates(const CsvRecord& rec, double* lon, double* lat, const char** unusable);
  void NoteUnplaced(const CsvRecord& rec, const char* reason);
  void RejectCrimeType(const CsvRecord& rec, std::string_view type);
  std::optional<int32_t> Month(std::string_view text);
  void FindRepeatedIds();
  void ReportUnplaced();

  const std::string& file_name_;
  Batch* b_;
  const TextRule text_;
  std::vector<std::string> decoded_;  // a Windows-1252 row's fields as UTF-8
  CsvRecord decoded_record_;
  long decoded_rows_ = 0, first_decoded_line_ = 0;
  std::map<std::string, Unplaced> unplaced_;  // by reason
  int32_t min_month_ = INT32_MAX, max_month_ = INT32_MIN;
  std::string last_month_text_;  // a file is usually one month: parse it once
  int32_t last_month_ = kNoMonth;
  std::vector<long> force_rows_;  // by code in events.force
  // The LSOA name last seen with each LSOA code (by their codes): a code has one name, so the
  // name's dictionary lookup is usually a comparison.
  std::vector<uint32_t> name_of_lsoa_;
};

std::optional<int32_t> PoliceUkReader::Month(std::string_view text) {
  if (last_month_ != kNoMonth && text == last_month_text_) return last_month_;
  auto month = ParseMonth(text);
  if (month) last_month_text_ = text, last_month_ = *month;
  return month;
}

// A Crime ID published twice in one file: both rows are kept, and each repeat is reported. Done
// once the file is read, with an open-addressing table of row numbers keyed by the ID.
void PoliceUkReader::FindRepeatedIds() {
  const EventColumns& e = b_->events;
  const StringColumn& ids = e.reference;
  size_t size = 16;
  while (size < 2 * ids.size()) size *= 2;
  std::vector<uint32_t> first_row(size, UINT32_MAX);
  const size_t mask = size - 1;
  for (size_t row = 0; row < ids.size(); ++row) {
    uint64_t key = ids.RepeatKey(row);
    if (key == 0) continue;
    size_t slot = key & mask;
    while (first_row[slot] != UINT32_MAX && !ids.SameValue(first_row[slot], row))
      slot = (slot + 1) & mask;
    if (first_row[slot] == UINT32_MAX) {
      first_row[slot] = static_cast<uint32_t>(row);
      continue;
    }
    b_->findings.push_back("Crime ID " + ids.Text(row) + " appears again on line " +
                           std::to_string(e.source_line[row]) + " (first on line " +
                           std::to_string(e.source_line[first_row[slot]]) +
                           "); both rows are kept");
  }
}

void PoliceUkReader::RejectRow(const CsvRecord& rec, Col col, std::string_view value,
                               std::string reason) {
  static const std::vector<std::string> kNames = Split(kPoliceUkHeader, ',');
  b_->rejects.push_back({rec.line, kNames[col], Abbreviate(value, 60), std::move(reason)});
}

void PoliceUkReader::Row(const CsvRecord& rec) {
  if (text_ == TextRule::kAllUtf8 || IsValidUtf8(rec.raw)) return Convert(rec);
  RowNotUtf8(rec);
}

// A row with bytes that are not UTF-8: rejected if the file declares UTF-8, else read as
// Windows-1252 (Excel's "CSV"), so that no text that is not UTF-8 reaches the store.
void PoliceUkReader::RowNotUtf8(const CsvRecord& rec) {
  if (text_ == TextRule::kRejectNonUtf8) {
    size_t col = 0;
    while (col + 1 < rec.fields.size() && IsValidUtf8(rec.fields[col])) ++col;
    b_->rejects.push_back(
        {rec.line, col < kColumns ? Split(kPoliceUkHeader, ',')[col] : "",
         ToValidUtf8(Abbreviate(col < rec.fields.size() ? rec.fields[col] : rec.raw, 60)),
         "is not valid UTF-8 text, though the file starts with a UTF-8 byte-order mark"});
    return;
  }
  decoded_.assign(rec.fields.begin(), rec.fields.end());
  for (std::string& field : decoded_) field = Windows1252ToUtf8(field);
  decoded_record_.fields.assign(decoded_.begin(), decoded_.end());
  decoded_record_.line = rec.line;
  decoded_record_.raw = rec.raw;  // only quoted, made valid, when a reject quotes the whole row
  if (decoded_rows_++ == 0) first_decoded_line_ = rec.line;
  Convert(decoded_record_);
}

// Coordinates that are not numbers, or only one of the pair, reject the row. Coordinates that are
// numbers but place the crime outside Great Britain (0,0 among them: a placeholder) are unusable,
// not wrong: the event is kept without a location and counted in data quality.
bool PoliceUkReader::CheckCoordinates(const CsvRecord& rec, double* lon, double* lat,
                                      const char** unusable) {
  const auto& f = rec.fields;
  if (!ParseCoordinate(f[kLon], lon)) {
    RejectRow(rec, kLon, f[kLon], "is not a number (expected a decimal longitude)");
    return false;
  }
  if (!ParseCoordinate(f[kLat], lat)) {
    RejectRow(rec, kLat, f[kLat], "is not a number (expected a decimal latitude)");
    return false;
  }
  if (std::isnan(*lon) != std::isnan(*lat)) {
    const bool lon_blank = std::isnan(*lon);
    RejectRow(rec, lon_blank ? kLon : kLat, "",
              std::string("is blank, but the ") + (lon_blank ? "latitude" : "longitude") +
                  " is \"" + std::string(Trim(f[lon_blank ? kLat : kLon])) +
                  "\" (both or neither expected)");
    return false;
  }
  if (std::isnan(*lon) || InsideGreatBritain(*lon, *lat)) return true;
  *unusable = *lon == 0 && *lat == 0 ? "the coordinates are 0,0 (a placeholder, not a place)"
                                     : "the coordinates are outside Great Britain";
  *lon = *lat = NAN;
  return true;
}

// Counts a kept event whose location was unusable (once the row is known to be kept).
void PoliceUkReader::NoteUnplaced(const CsvRecord& rec, const char* reason) {
  Unplaced& unplaced = unplaced_[reason];
  if (unplaced.rows++ > 0) return;
  unplaced.first_line = rec.line;
  unplaced.example =
      std::string(Trim(rec.fields[kLon])) + "," + std::string(Trim(rec.fields[kLat]));
}

void PoliceUkReader::RejectCrimeType(const CsvRecord& rec, std::string_view type) {
  if (type.empty())
    return RejectRow(rec, kCrimeType, "", "is blank (every row needs a crime type)");
  std::string reason = "is not a data.police.uk crime type";
  if (std::string hint = Suggest(type, CrimeTypes()); !hint.empty())
    reason += " (did you mean \"" + hint + "\"?)";
  RejectRow(rec, kCrimeType, type, reason);
}

void PoliceUkReader::Convert(const CsvRecord& rec) {
  const auto& f = rec.fields;
  if (f.size() != kColumns) {
    b_->rejects.push_back({rec.line, "", ToValidUtf8(Abbreviate(rec.raw, 60)),
                           "expected 12 fields, found " + std::to_string(f.size()) +
                               " (a truncated row or an unquoted comma?)"});
    return;
  }
  if (int col = FieldWithNul(rec); col >= 0)
    return RejectRow(rec, static_cast<Col>(col), "",
                     "holds a NUL byte (\\0), which text never does (is the file damaged?)");
  auto month = Month(f[kMonth]);
  if (!month) return RejectRow(rec, kMonth, f[kMonth], WhyNotAMonth(f[kMonth]));
  double lon = NAN, lat = NAN;
  const char* unusable = nullptr;
  if (!CheckCoordinates(rec, &lon, &lat, &unusable)) return;
  std::string_view type = Trim(f[kCrimeType]);
  if (!IsCrimeType(type)) return RejectCrimeType(rec, type);
  if (unusable) NoteUnplaced(rec, unusable);

  EventColumns& e = b_->events;
  e.kind.push_back(
      static_cast<uint8_t>(type == "Anti-social behaviour" ? EventKind::kAsb : EventKind::kCrime));
  e.month.push_back(*month);
  e.start_minute.push_back(kNoTime);
  e.end_minute.push_back(kNoTime);
  e.longitude.push_back(lon);
  e.latitude.push_back(lat);
  e.markers.push_back(0);
  e.source_line.push_back(static_cast<uint32_t>(rec.line));
  e.reference.AppendDistinct(f[kCrimeId]);
  e.force.Append(f[kFallsWithin]);
  e.reported_by.Append(f[kReportedBy]);
  std::string_view location = f[kLocation];
  e.location.Append(location == "No Location" ? std::string_view() : location);
  e.lsoa_code.Append(Trim(f[kLsoaCode]));
  const uint32_t lsoa = e.lsoa_code.codes().back();
  if (lsoa >= name_of_lsoa_.size()) name_of_lsoa_.resize(lsoa + 1, 0);
  name_of_lsoa_[lsoa] = e.lsoa_name.AppendLike(f[kLsoaName], name_of_lsoa_[lsoa]);
  e.category.Append(type);
  e.offence_code.AppendCode(0);
  e.outcome.Append(f[kOutcome]);
  e.context.Append(f[kContext]);
  e.weapon.AppendCode(0);
  min_month_ = std::min(min_month_, *month);
  max_month_ = std::max(max_month_, *month);
  uint32_t force_code = e.force.codes().back();
  if (force_code >= force_rows_.size()) force_rows_.resize(force_code + 1, 0);
  ++force_rows_[force_code];
}

void PoliceUkReader::ReportUnplaced() {
  for (const auto& [reason, unplaced] : unplaced_)
    b_->findings.push_back(
        WithCommas(unplaced.rows) + (unplaced.rows == 1 ? " event was" : " events were") +
        " kept without a usable location: " + reason + " (e.g. \"" +
        ToValidUtf8(Abbreviate(unplaced.example, 60)) + "\" on line " +
        std::to_string(unplaced.first_line) + "); they are counted, but not placed on maps");
}

void PoliceUkReader::Finish() {
  FindRepeatedIds();
  ReportUnplaced();
  if (decoded_rows_ > 0)
    b_->findings.push_back(
        WithCommas(decoded_rows_) + (decoded_rows_ == 1 ? " row is" : " rows are") +
        " not valid UTF-8 (the first on line " + std::to_string(first_decoded_line_) +
        "); read as Windows-1252, the encoding Excel saves as \"CSV\"");
  // The source is the force the file falls within; a file mixing forces is named after the largest.
  std::string force;
  long best = -1;
  size_t forces = 0;
  for (size_t code = 0; code < force_rows_.size(); ++code) {
    if (force_rows_[code] == 0) continue;
    ++forces;
    const std::string& name = b_->events.force.dict()[code];
    if (force_rows_[code] > best || (force_rows_[code] == best && name < force))
      force = name, best = force_rows_[code];
  }
  b_->source = force.empty() ? "data.police.uk" : force;
  if (forces > 1)
    b_->findings.push_back("the file mixes " + std::to_string(forces) + " forces; filed under " +
                           force);
  if (min_month_ <= max_month_) {
    b_->period_from = FormatMonth(min_month_);
    b_->period_to = FormatMonth(max_month_);
  }
}

}  // namespace

Result<Batch> ReadPoliceUk(const std::string& file_name, std::string_view data) {
  Batch batch;
  batch.file_name = file_name;
  batch.extract = "police-uk-street";
  batch.profile = "police-uk-street v1";
  CAIRN_RETURN_IF_ERROR(CheckNotUtf16(file_name, data));
  const std::string_view body = StripBom(data);
  if (Trim(body).empty()) return Status::Invalid(file_name + ": the file is empty");
  const TextRule text = IsValidUtf8(body)            ? TextRule::kAllUtf8
                        : body.size() != data.size() ? TextRule::kRejectNonUtf8
                                                     : TextRule::kDecodeWindows1252;
  CsvReader reader(data);
  CsvRecord rec;
  if (!reader.Next(&rec)) return Status::Invalid(file_name + ": " + reader.status().message());
  CAIRN_RETURN_IF_ERROR(CheckHeader(file_name, rec));
  PoliceUkReader rows(file_name, &batch, text);
  size_t estimate = data.size() / 150 + 16;
  batch.events.Reserve(estimate);
  while (reader.Next(&rec)) {
    ++batch.rows_read;
    rows.Row(rec);
  }
  if (!reader.status().ok()) return Status::Invalid(file_name + ": " + reader.status().message());
  if (batch.rows_read == 0)
    return Status::Invalid(file_name + ": the file has a header but no data rows");
  rows.Finish();
  return batch;
}

}  // namespace cairn
