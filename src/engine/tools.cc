#include "engine/tools.h"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <utility>

#include "engine/table_file.h"
#include "ingest/pseudonymise.h"
#include "ingest/pseudonymise_csv.h"
#include "ingest/reidentify.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

namespace fs = std::filesystem;

// The 1-based line holding the first invalid UTF-8 sequence, or 0 if the data is valid. Exact per
// line because '\n' can never be part of a multi-byte sequence.
long FirstInvalidUtf8Line(std::string_view s) {
  if (IsValidUtf8(s)) return 0;
  long line = 1;
  for (size_t start = 0; start <= s.size(); ++line) {
    size_t nl = std::min(s.find('\n', start), s.size());
    if (!IsValidUtf8(s.substr(start, nl - start))) return line;
    start = nl + 1;
  }
  return line;
}

// The extract as CSV text: a CSV file, or a sheet of a workbook (the first unless one is named).
Result<std::string> ReadExtract(const PseudonymiseFileRequest& r) {
  auto table = ReadTableText(r.in, r.sheet);
  if (!table.ok()) return table.status();
  if (table->from_workbook) {
    if (r.delimiter != ',' || r.windows1252)
      return Status::Usage(r.in + " is an .xlsx workbook: --delimiter and --encoding are for CSV");
    return std::move(table->text);
  }
  std::string data = std::move(table->text);
  if (LooksBinary(data))
    return Status::Invalid(r.in +
                           ": this looks like a binary file, not CSV text (is it an .xlsx? "
                           "save it from Excel as \"CSV UTF-8\")");
  if (r.windows1252) return Windows1252ToUtf8(data);
  if (long line = FirstInvalidUtf8Line(data); line > 0)
    return Status::Usage(r.in + " line " + std::to_string(line) +
                         ": the file is not valid UTF-8; if it was saved by Excel as plain "
                         "\"CSV\", add --encoding windows-1252");
  return data;
}

// The output replaces a file atomically, so it must not be the input (keep the original until the
// output has been checked) nor, worse, the store or a key (checked again, with the header, when the
// output is written).
Status CheckOutput(const PseudonymiseFileRequest& r) {
  std::error_code ec;
  if (fs::equivalent(r.out, r.in, ec))
    return Status::Usage(r.out +
                         ": OUT is the input file; write the pseudonymised copy to another file "
                         "and keep the original until you have checked it");
  return CheckOutputPath(PseudonymisedCsvOutput(r.out, "", /*force=*/true), r.protect);
}

}  // namespace

Result<std::string> PseudonymiseFile(const PseudonymiseFileRequest& r) {
  if (r.columns.empty() && r.links.empty())
    return Status::Usage(
        "nothing to pseudonymise: name identifier columns with --columns and/or --link");
  CAIRN_RETURN_IF_ERROR(CheckOutput(r));
  Result<PartnershipKey> key = LoadKeyFile(r.key_path);
  if (!key.ok()) return key.status();
  Result<std::string> data = ReadExtract(r);
  if (!data.ok()) return data.status();
  CsvPseudonymisation spec{r.columns, r.links, r.link_names, r.delimiter};
  Result<PseudonymisedCsv> copy = PseudonymiseCsv(*data, r.in, spec, *key, r.windows1252);
  if (!copy.ok()) return copy.status();
  std::string_view body = StripBom(copy->text);
  std::string header(body.substr(0, body.find_first_of("\r\n")));
  CAIRN_RETURN_IF_ERROR(WriteOutput(PseudonymisedCsvOutput(r.out, std::move(header), r.force),
                                    r.protect, copy->text));
  return std::move(copy->summary);
}

Result<Reidentified> ReidentifyList(const ReidentifyRequest& r) {
  auto key = LoadKeyFile(r.key_path);
  if (!key.ok()) return key.status();
  auto profile = LoadProfile(r.profile);
  if (!profile.ok()) return profile.status();
  auto extract = ReadFile(r.extract);
  if (!extract.ok()) return extract.status();
  auto names = NamesInExtract(*profile->profile, r.extract, *extract, *key);
  if (!names.ok()) return names.status();
  auto list = ReadFile(r.list);
  if (!list.ok()) return list.status();
  Reidentified result;
  auto csv = AddPartnerNames(r.list, *list, *names, &result.matched);
  if (!csv.ok()) return csv.status();
  result.csv = std::move(*csv);
  if (!r.out.empty())
    CAIRN_RETURN_IF_ERROR(WriteOutput(
        OutputFile{r.out, "re-identified list", nullptr, r.force, 0600}, r.protect, result.csv));
  return result;
}

Result<SynthSummary> Synthesise(const SynthOptions& options) {
  if (!options.out_dir.empty())
    CAIRN_RETURN_IF_ERROR(ClaimOutputFolder(options.out_dir, ".cairn-synth", "cairn synth"));
  return WriteSyntheticPartnership(options);
}

Result<std::vector<TableCheck>> CopyStore(const std::string& from, const std::string& to) {
  return CopyStoreBetween(from, to);
}

Result<std::string> PartnerAccessSql(const std::string& location, const AgencyAccess& access) {
  auto parsed = ParseStoreLocation(location);
  if (!parsed.ok()) return Status::Usage(parsed.status().message());
  if (parsed->kind != StoreLocation::Kind::kPostgres)
    return Status::Usage(location +
                         ": pg-roles is for a store on a PostgreSQL server (--db "
                         "postgresql://...); an SQLite store is one file, shared by its mode");
  auto sql = AgencyAccessSql(parsed->path, access);
  // A problem with the agencies or the login is the server's answer, not the command line's.
  if (!sql.ok() && sql.status().code() == Status::Code::kUsage)
    return Status::Invalid(sql.status().message());
  return sql;
}

Status ApplyPartnerAccess(const std::string& location, const std::string& sql) {
  auto parsed = ParseStoreLocation(location);
  if (!parsed.ok()) return Status::Usage(parsed.status().message());
  return ApplyAccessSql(parsed->path, sql);
}

}  // namespace cairn
