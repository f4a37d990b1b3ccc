// ReadWithProfile: one partner extract, read through its mapping profile into a Batch.
//
// Problems with the file as a whole stop it before any row is read, with one message that says what
// to do: an empty or binary file, text in the wrong encoding, a header without the profile's
// columns or split on the wrong delimiter. Problems with single rows become Rejects
// (profile_rows.cc) and never stop the rest. A record the CSV reader cannot finish (a quote left
// open at the end: a truncated file) voids the whole file, so a partial extract never replaces a
// complete one:
//   crime.csv line 4122: a quoted field is never closed (the file may be truncated); nothing from
//   this file was loaded
#include <algorithm>
#include <map>
#include <memory>  // profile.h uses std::shared_ptr without including it
#include <set>

#include "ingest/profile.h"
#include "ingest/profile_rows.h"
#include "ingest/profile_spec.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

Status FileError(const std::string& file_name, const std::string& what) {
  return Status::Invalid(file_name + ": " + what);
}

long LineAt(std::string_view s, size_t offset) {
  return 1 + static_cast<long>(std::count(s.begin(), s.begin() + offset, '\n'));
}

bool HasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (c & 0x80) != 0; });
}

// Checks the bytes are readable text and leaves UTF-8 in *text (pointing into `data` or *owned).
Status Decode(const Profile& profile, const std::string& file_name, std::string_view data,
              std::string* owned, std::string_view* text, std::vector<std::string>* findings) {
  std::string_view body = StripBom(data);
  const bool has_bom = body.size() != data.size();
  if (Trim(body).empty()) return FileError(file_name, "the file is empty");
  CAIRN_RETURN_IF_ERROR(CheckNotUtf16(file_name, data));
  if (LooksBinary(data))
    return FileError(file_name, "this is not a text/CSV file (it contains binary data)");
  *text = body;
  if (profile.windows_1252 && !has_bom) {
    // Bytes that are valid UTF-8 with accents are UTF-8 whatever the profile says: Windows-1252
    // text almost never forms valid multi-byte sequences.
    if (HasNonAscii(body) && IsValidUtf8(body)) {
      findings->push_back(
          "the profile declares windows-1252, but the file is valid UTF-8; it was read as UTF-8");
      return Status::Ok();
    }
    *owned = Windows1252ToUtf8(body);
    *text = *owned;
    return Status::Ok();
  }
  if (size_t bad = FirstInvalidUtf8(body); bad != std::string_view::npos)
    return Status::Invalid(
        file_name + " line " + std::to_string(LineAt(body, bad)) +
        ": the text is not valid UTF-8; if the file was saved by Excel as \"CSV\" it is probably "
        "Windows-1252: set encoding = \"windows-1252\" in the profile");
  return Status::Ok();
}

// A CSV reader failure (an unterminated quote, a field too large) as a file-level error.
Status ReaderError(const std::string& file_name, const Status& status) {
  const std::string& message = status.message();
  std::string where = StartsWith(message, "line ") ? file_name + " " : file_name + ": ";
  return Status::Invalid(where + message + "; nothing from this file was loaded");
}

// Reads records up to the profile's header row and returns the header's fields.
Result<std::vector<std::string>> ReadHeader(const Profile& profile, const std::string& file_name,
                                            CsvReader* reader, CsvRecord* record) {
  while (reader->Next(record)) {
    if (record->line < profile.header_row) continue;
    std::vector<std::string> header;
    for (std::string_view field : record->fields) header.emplace_back(Trim(field));
    return header;
  }
  if (!reader->status().ok()) return ReaderError(file_name, reader->status());
  return FileError(file_name, "the file ends before its header (line " +
                                  std::to_string(profile.header_row) + ")");
}

std::string DelimiterName(char delimiter) {
  if (delimiter == '\t') return "\"\\t\" (tab)";
  std::string out = "\"";
  out.push_back(delimiter);
  out.push_back('"');
  return out;
}

// The delimiter a one-column header appears to use instead of the profile's, or '\0'.
char OtherDelimiter(std::string_view header_line, char declared) {
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

// The header name most like `column`: one containing it (or contained in it), else the one with the
// smallest edit distance. "Postcode" -> "VictimPostcodeDistrict".
std::string NearestName(const std::string& column, const std::vector<std::string>& header) {
  const std::string wanted = ToLower(column);
  std::string nearest;
  size_t best = SIZE_MAX;
  for (const auto& name : header) {
    const std::string lower = ToLower(name);
    const bool contains =
        std::min(lower.size(), wanted.size()) >= 3 &&
        (lower.find(wanted) != std::string::npos || wanted.find(lower) != std::string::npos);
    const size_t length_gap =
        lower.size() > wanted.size() ? lower.size() - wanted.size() : wanted.size() - lower.size();
    // Containment ranks before any edit distance.
    const size_t score = contains ? length_gap : (1u << 20) + EditDistance(wanted, lower);
    if (score < best) {
      best = score;
      nearest = name;
    }
  }
  return nearest;
}

// Every column the profile names must be in the header.
Status CheckHeader(const LoadedProfile& loaded, const std::string& file_name,
                   const std::vector<std::string>& header, std::string_view header_line) {
  const Profile& profile = *loaded.profile;
  const std::vector<std::string> named = NamedColumns(profile);
  const HeaderIndex index(header);
  std::vector<std::string> missing;
  for (const auto& column : named)
    if (index.Find(column) < 0) missing.push_back(column);
  if (missing.empty()) return Status::Ok();
  if (header.size() == 1 && named.size() > 1) {
    if (char other = OtherDelimiter(header_line, profile.delimiter); other != '\0')
      return FileError(file_name,
                       "the header is a single column, but the profile names " +
                           std::to_string(named.size()) + " columns; the file appears to use " +
                           DelimiterName(other) + " as its delimiter, not " +
                           DelimiterName(profile.delimiter) + " (set delimiter = \"" +
                           (other == '\t' ? "\\t" : std::string(1, other)) + "\" in the profile)");
  }
  // Most columns missing: the wrong profile for this file, not a renamed column or two.
  if (missing.size() > 3 && missing.size() * 2 > named.size())
    return FileError(file_name, std::to_string(missing.size()) + " of the " +
                                    std::to_string(named.size()) + " columns profile \"" +
                                    loaded.name + "\" reads are not in the header (\"" +
                                    missing[0] + "\", \"" + missing[1] + "\", \"" + missing[2] +
                                    "\", ...); is this the right profile for this file?");
  std::vector<std::string> lines;
  for (const auto& column : missing) {
    std::string hint = Suggest(column, header);
    std::string line = file_name + ": column \"" + column + "\" is not in the header";
    if (!hint.empty())
      line += " (did you mean \"" + hint + "\"?)";
    else if (!header.empty())
      line += " (nearest header name: \"" + NearestName(column, header) + "\")";
    lines.push_back(line);
  }
  return Status::Invalid(Join(lines, "\n"));
}

// Two header columns with one name (ignoring case): the first would be read and the other never,
// without a word. A name the profile reads is refused, since which column is meant is unknown;
// others are noted.
Status CheckRepeatedNames(const Profile& profile, const std::string& file_name,
                          const std::vector<std::string>& header,
                          std::vector<std::string>* findings) {
  std::map<std::string, std::vector<size_t>> columns;  // lower-case name -> 1-based columns
  for (size_t col = 0; col < header.size(); ++col)
    if (!header[col].empty()) columns[ToLower(header[col])].push_back(col + 1);
  std::set<std::string> read;
  for (const std::string& name : NamedColumns(profile)) read.insert(ToLower(Trim(name)));
  std::vector<std::string> refused;
  for (const auto& [lower, cols] : columns) {
    if (cols.size() < 2) continue;
    std::vector<std::string> numbers;
    for (size_t col : cols) numbers.push_back(std::to_string(col));
    const std::string repeated = "\"" + header[cols[0] - 1] + "\" is the name of " +
                                 std::to_string(cols.size()) + " header columns (columns " +
                                 Join(numbers, ", ") + ")";
    if (read.count(lower))
      refused.push_back(file_name + ": " + repeated +
                        "; the profile reads it, so which one is meant is unknown: rename the "
                        "others");
    else
      findings->push_back(repeated + "; the profile reads none of them");
  }
  if (refused.empty()) return Status::Ok();
  return Status::Invalid(Join(refused, "\n"));
}

bool NeedsKey(const Profile& profile) {
  return std::any_of(profile.people.begin(), profile.people.end(),
                     [](const PersonSpec& person) { return !person.link.empty(); });
}

Batch NewBatch(const LoadedProfile& loaded, const std::string& file_name,
               const std::string& source_override) {
  Batch batch;
  batch.source = source_override.empty() ? loaded.source : source_override;
  batch.extract = loaded.extract;
  batch.file_name = file_name;
  batch.profile = loaded.name + " v" + std::to_string(loaded.version);
  return batch;
}

}  // namespace

Result<Batch> ReadWithProfile(const LoadedProfile& loaded, const std::string& file_name,
                              std::string_view data, const PartnershipKey* key,
                              const std::string& source_override) {
  const Profile& profile = *loaded.profile;
  // People are linked by keyed pseudonyms; without the key no identifier can be read safely.
  if (NeedsKey(profile) && !key)
    return Status::Usage(file_name + ": profile \"" + loaded.name +
                         "\" links people by their identifiers, which needs the partnership key "
                         "(create one with cairn init)");

  // 1. Refuse what is not readable text; bring Windows-1252 to UTF-8.
  std::vector<std::string> findings;
  std::string converted;
  std::string_view text;
  CAIRN_RETURN_IF_ERROR(Decode(profile, file_name, data, &converted, &text, &findings));

  // 2. Find the header and check that it has every column the profile reads.
  CsvReader reader(text, profile.delimiter);
  CsvRecord record;
  Result<std::vector<std::string>> header = ReadHeader(profile, file_name, &reader, &record);
  if (!header.ok()) return header.status();
  CAIRN_RETURN_IF_ERROR(CheckHeader(loaded, file_name, *header, record.raw));
  CAIRN_RETURN_IF_ERROR(CheckRepeatedNames(profile, file_name, *header, &findings));

  // 3. Convert every data row; a bad row becomes one reject and the rest carry on.
  Batch batch = NewBatch(loaded, file_name, source_override);
  batch.findings = std::move(findings);
  RowConverter converter(profile, *header, key, &batch);
  CAIRN_RETURN_IF_ERROR(converter.Init());
  while (reader.Next(&record)) converter.Convert(record);

  // 4. A record the reader could not finish voids the file: no partial batch.
  if (!reader.status().ok()) return ReaderError(file_name, reader.status());
  if (batch.rows_read == 0) return FileError(file_name, "the file has a header but no data rows");
  converter.Finish();
  return batch;
}

}  // namespace cairn
