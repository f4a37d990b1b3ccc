#include "ingest/police_uk.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "ingest/geography.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

const char* const kPoliceUkHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context";

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
    if (got != expected[i])
      return Status::Invalid(file_name + ": column " + std::to_string(i + 1) +
                             " of the header is \"" + Abbreviate(got) + "\", expected \"" +
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

// Parses a coordinate; blank is "no location" (NaN). Returns false if present but not a number.
bool ParseCoordinate(std::string_view s, double* out) {
  if (ParseShortDecimal(s, out)) return true;
  s = Trim(s);
  if (s.empty()) {
    *out = NAN;
    return true;
  }
  auto v = ParseDouble(s);
  if (!v) return false;
  *out = *v;
  return true;
}

class PoliceUkReader {
 public:
  PoliceUkReader(const std::string& file_name, Batch* batch) : file_name_(file_name), b_(batch) {}

  void Row(const CsvRecord& rec);
  void Finish();

 private:
  void RejectRow(const CsvRecord& rec, Col col, std::string_view value, std::string reason);
  std::optional<int32_t> Month(std::string_view text);
  void FindRepeatedIds();

  const std::string& file_name_;
  Batch* b_;
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
  const auto& f = rec.fields;
  if (f.size() != kColumns) {
    b_->rejects.push_back({rec.line, "", Abbreviate(rec.raw, 60),
                           "expected 12 fields, found " + std::to_string(f.size()) +
                               " (a truncated row or an unquoted comma?)"});
    return;
  }
  auto month = Month(f[kMonth]);
  if (!month) return RejectRow(rec, kMonth, f[kMonth], "is not a month (expected YYYY-MM)");
  double lon = NAN, lat = NAN;
  if (!ParseCoordinate(f[kLon], &lon))
    return RejectRow(rec, kLon, f[kLon], "is not a longitude (expected a decimal number)");
  if (!ParseCoordinate(f[kLat], &lat))
    return RejectRow(rec, kLat, f[kLat], "is not a latitude (expected a decimal number)");
  if (std::isnan(lon) != std::isnan(lat))
    return RejectRow(rec, std::isnan(lon) ? kLon : kLat, "",
                     "only one of longitude and latitude is given");
  if (!std::isnan(lon) && !InsideGreatBritain(lon, lat))
    return RejectRow(rec, kLon, std::string(f[kLon]) + "," + std::string(f[kLat]),
                     "the location is outside Great Britain");
  std::string_view type = Trim(f[kCrimeType]);
  if (type.empty())
    return RejectRow(rec, kCrimeType, "", "is blank (every row needs a crime type)");

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

void PoliceUkReader::Finish() {
  FindRepeatedIds();
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
  if (Trim(StripBom(data)).empty()) return Status::Invalid(file_name + ": the file is empty");
  CsvReader reader(data);
  CsvRecord rec;
  if (!reader.Next(&rec)) return Status::Invalid(file_name + ": " + reader.status().message());
  CAIRN_RETURN_IF_ERROR(CheckHeader(file_name, rec));
  PoliceUkReader rows(file_name, &batch);
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
