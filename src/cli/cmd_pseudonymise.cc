// `cairn pseudonymise`: what a partner runs on its own extract before sending it. Named identifier
// columns are replaced in place by keyed pseudonyms; --link combines several identifier columns
// into one person pseudonym column and drops the originals. Everything else passes through
// unchanged.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "engine/outputs.h"
#include "engine/table_file.h"
#include "ingest/pseudonymise.h"
#include "ingest/pseudonymise_csv.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/status.h"
#include "util/strings.h"

namespace cairn {

namespace {

namespace fs = std::filesystem;

struct Options {
  std::string key;
  std::vector<std::string> columns;
  std::vector<std::string> links;
  std::vector<std::string> link_names;
  std::string delimiter = ",";
  std::string encoding;
  std::string in;
  std::string out;
  std::string sheet;  // a workbook's sheet; empty = the first
  bool force = false;
};

// --- Options ------------------------------------------------------------------------------------

Result<char> ParseDelimiter(const std::string& text) {
  if (text == "\\t" || text == "\t" || ToLower(text) == "tab") return '\t';
  if (text.size() == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') return text[0];
  return Status::Usage("--delimiter must be one character (or \"\\t\" for tab), not \"" + text +
                       "\"");
}

Result<bool> ParseEncodingIsWindows1252(const std::string& text) {
  std::string e = ToLower(text);
  if (e.empty() || e == "utf-8" || e == "utf8") return false;
  if (e == "windows-1252" || e == "cp1252" || e == "windows1252") return true;
  return Status::Usage("--encoding must be utf-8 or windows-1252, not \"" + text + "\"");
}

// --- Input --------------------------------------------------------------------------------------

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

// The extract as CSV text: a CSV file, or a sheet of a workbook (the first unless --sheet).
Result<std::string> ReadInput(const std::string& path, bool windows1252, const Options& opt) {
  auto table = ReadTableText(path, opt.sheet);
  if (!table.ok()) return table.status();
  if (table->from_workbook) {
    if (opt.delimiter != "," || windows1252)
      return Status::Usage(path + " is an .xlsx workbook: --delimiter and --encoding are for CSV");
    return std::move(table->text);
  }
  Result<std::string> data = std::move(table->text);
  if (LooksBinary(*data))
    return Status::Invalid(path +
                           ": this looks like a binary file, not CSV text (is it an .xlsx? "
                           "save it from Excel as \"CSV UTF-8\")");
  if (windows1252) return Windows1252ToUtf8(*data);
  if (long line = FirstInvalidUtf8Line(*data); line > 0)
    return Status::Usage(path + " line " + std::to_string(line) +
                         ": the file is not valid UTF-8; if it was saved by Excel as plain "
                         "\"CSV\", add --encoding windows-1252");
  return std::move(data).value();
}

// --- The command --------------------------------------------------------------------------------

class Pseudonymiser {
 public:
  Pseudonymiser(const Options& opt, const GlobalOptions& global) : opt_(opt), global_(global) {}

  Result<Done> Run() {
    Result<char> delim = ParseDelimiter(opt_.delimiter);
    if (!delim.ok()) return delim.status();
    Result<bool> windows1252 = ParseEncodingIsWindows1252(opt_.encoding);
    if (!windows1252.ok()) return windows1252.status();
    if (opt_.columns.empty() && opt_.links.empty())
      return Status::Usage(
          "nothing to pseudonymise: name identifier columns with --columns and/or --link");
    std::string key_path = opt_.key.empty() ? global_.key : opt_.key;
    if (Status st = CheckPaths(key_path); !st.ok()) return st;
    Result<PartnershipKey> key = LoadKeyFile(key_path);
    if (!key.ok()) return key.status();
    Result<std::string> data = ReadInput(opt_.in, *windows1252, opt_);
    if (!data.ok()) return data.status();
    return Convert(*data, *delim, *key, *windows1252, key_path);
  }

 private:
  // The output replaces a file atomically, so it must not be the input (keep the original until the
  // output has been checked) nor, worse, the store or a key (checked again, with the header, when
  // the output is written).
  Status CheckPaths(const std::string& key_path) const {
    std::error_code ec;
    if (fs::equivalent(opt_.out, opt_.in, ec))
      return Status::Usage(opt_.out +
                           ": OUT is the input file; write the pseudonymised copy to "
                           "another file and keep the original until you have checked it");
    return CheckOutputPath(PseudonymisedCsvOutput(opt_.out, "", /*force=*/true),
                           Protected(key_path));
  }

  ProtectedFiles Protected(const std::string& key_path) const {
    return ProtectedFilesFor(global_.db, global_.key, {key_path});
  }

  Status Write(const std::string& key_path, std::string_view out) const {
    std::string_view body = StripBom(out);
    std::string header(body.substr(0, body.find_first_of("\r\n")));
    return WriteOutput(PseudonymisedCsvOutput(opt_.out, std::move(header), opt_.force),
                       Protected(key_path), out);
  }

  Result<Done> Convert(const std::string& data, char delim, const PartnershipKey& key,
                       bool converted, const std::string& key_path) {
    CsvPseudonymisation spec{opt_.columns, opt_.links, opt_.link_names, delim};
    Result<PseudonymisedCsv> copy = PseudonymiseCsv(data, opt_.in, spec, key, converted);
    if (!copy.ok()) return copy.status();
    Status written = Write(key_path, copy->text);
    if (!written.ok()) return written;
    std::cerr << "cairn: " << copy->summary << "\n";
    return Done::kOk;
  }

  const Options& opt_;
  const GlobalOptions& global_;
};

}  // namespace

CommandRunner RegisterPseudonymise(CLI::App& app, GlobalOptions& global) {
  auto opt = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "pseudonymise",
      "Replace identifier columns of a CSV extract with keyed pseudonyms before it is shared");
  cmd->alias("pseudonymize");
  cmd->add_option("--key", opt->key, "Partnership key file (default: the global --key)");
  cmd->add_option("--columns", opt->columns,
                  "Identifier columns to replace in place by their pseudonyms (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--link", opt->links,
                  "Columns that together identify a person, joined by '+' (e.g. "
                  "Surname+Forename+DOB): replaced by ONE pseudonym column; repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--link-name", opt->link_names,
                  "Name of the pseudonym column of the --link in the same position (default: the "
                  "link text)")
      ->allow_extra_args(false);
  cmd->add_option("--delimiter", opt->delimiter, "Field delimiter: one character, or tab")
      ->capture_default_str();
  cmd->add_option("--encoding", opt->encoding,
                  "Input encoding: utf-8 (default) or windows-1252 (Excel's plain \"CSV\")");
  cmd->add_option("--sheet", opt->sheet,
                  "When IN is an .xlsx workbook: its sheet (a name or #N; default the first)");
  cmd->add_option("IN", opt->in, "Input CSV file (or .xlsx workbook)")->required();
  cmd->add_option("OUT", opt->out, "Output CSV file (written atomically, mode 0600)")->required();
  cmd->add_flag("--force", opt->force,
                "Replace an existing OUT that is not an earlier pseudonymised copy with the same "
                "header (never the store or a key)");
  return [opt, &global] { return Pseudonymiser(*opt, global).Run(); };
}

}  // namespace cairn
