// `cairn pseudonymise`: what a partner runs on its own extract before sending it. Named identifier
// columns are replaced in place by keyed pseudonyms; --link combines several identifier columns
// into one person pseudonym column and drops the originals. Everything else passes through
// unchanged.
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "engine/tools.h"
#include "util/status.h"
#include "util/strings.h"

namespace cairn {

namespace {

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

Result<Done> RunPseudonymise(const Options& opt, const GlobalOptions& global) {
  Result<char> delimiter = ParseDelimiter(opt.delimiter);
  if (!delimiter.ok()) return delimiter.status();
  Result<bool> windows1252 = ParseEncodingIsWindows1252(opt.encoding);
  if (!windows1252.ok()) return windows1252.status();
  PseudonymiseFileRequest request{opt.key.empty() ? global.key : opt.key,
                                  opt.columns,
                                  opt.links,
                                  opt.link_names,
                                  *delimiter,
                                  *windows1252,
                                  opt.in,
                                  opt.out,
                                  opt.sheet,
                                  opt.force,
                                  {}};
  request.protect = ProtectedFilesFor(global.db, global.key, {request.key_path});
  auto summary = PseudonymiseFile(request);
  if (!summary.ok()) return summary.status();
  std::cerr << "cairn: " << *summary << "\n";
  return Done::kOk;
}

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
  return [opt, &global] { return RunPseudonymise(*opt, global); };
}

}  // namespace cairn
