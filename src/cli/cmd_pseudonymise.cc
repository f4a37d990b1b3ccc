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
#include "ingest/pseudonymise.h"
#include "ingest/xlsx.h"
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

struct Link {
  std::string spec;  // "A+B+C" as given
  std::string name;  // output column name
  std::vector<std::string> column_names;
  std::vector<size_t> columns;  // input column indexes, in spec order
};

// What happens to each input column, in input order.
struct Plan {
  std::vector<std::string> header;
  std::vector<bool> replace;                  // pseudonymised in place
  std::vector<bool> drop;                     // a linked identifier: removed from the output
  std::vector<std::vector<size_t>> links_at;  // links whose column is written here
  std::vector<Link> links;
  std::vector<std::string> replaced_names;  // for the summary
};

// A failure plus the exit code it maps to.
struct Failure {
  int exit_code;
  std::string message;
};

int Fail(const Failure& f) {
  PrintError(f.message);
  return f.exit_code;
}

Failure UsageFailure(std::string message) { return {kExitUsage, std::move(message)}; }

Failure FromStatus(const Status& st) {
  return {st.code() == Status::Code::kUsage ? kExitUsage : kExitError, st.message()};
}

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

// Splits "A, B" lists given to --columns (CLI11 already split on commas) and trims each name.
std::vector<std::string> CleanNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    std::string t(Trim(n));
    if (!t.empty()) out.push_back(t);
  }
  return out;
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
  Result<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  if (LooksLikeWorkbook(*data)) {
    if (opt.delimiter != "," || windows1252)
      return Status::Usage(path + " is an .xlsx workbook: --delimiter and --encoding are for CSV");
    return XlsxSheetAsCsv(*data, path, opt.sheet);
  }
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

// --- Plan ---------------------------------------------------------------------------------------

// When the header is a single column, the delimiter is probably wrong; says which one it may be.
std::string HeaderHint(const std::vector<std::string>& header) {
  if (header.size() != 1) return "";
  for (const auto& [c, name] :
       {std::pair<char, const char*>{',', "','"}, {';', "';'"}, {'\t', "tab"}, {'|', "'|'"}})
    if (header[0].find(c) != std::string::npos)
      return std::string(" (the header was read as one column: try --delimiter ") + name + ")";
  return "";
}

Result<size_t> FindColumn(const std::vector<std::string>& header, const std::string& name,
                          const std::string& option) {
  std::vector<size_t> hits;
  for (size_t i = 0; i < header.size(); ++i)
    if (Trim(header[i]) == name) hits.push_back(i);
  if (hits.size() == 1) return hits[0];
  if (hits.size() > 1)
    return Status::Usage(option + ": column \"" + name + "\" appears " +
                         std::to_string(hits.size()) +
                         " times in the header; rename the duplicates so it is clear which one "
                         "holds the identifier");
  std::string msg = option + ": no column \"" + name + "\" in the header";
  std::string near = Suggest(name, header);
  if (!near.empty()) msg += "; did you mean \"" + std::string(Trim(near)) + "\"?";
  return Status::Usage(msg + HeaderHint(header));
}

Status AddColumns(const std::vector<std::string>& names, Plan* plan) {
  for (const auto& name : names) {
    Result<size_t> col = FindColumn(plan->header, name, "--columns");
    if (!col.ok()) return col.status();
    if (plan->replace[*col]) continue;  // named twice
    plan->replace[*col] = true;
    plan->replaced_names.push_back(name);
  }
  return Status::Ok();
}

Result<Link> ParseLink(const std::string& spec, const Plan& plan) {
  Link link;
  link.spec = spec;
  for (const auto& part : Split(spec, '+')) {
    std::string name(Trim(part));
    if (name.empty())
      return Status::Usage("--link \"" + spec +
                           "\": expected column names joined by '+', "
                           "e.g. --link Surname+Forename+DOB");
    Result<size_t> col = FindColumn(plan.header, name, "--link");
    if (!col.ok()) return col.status();
    if (plan.replace[*col])
      return Status::Usage("column \"" + name + "\" is given to both --columns and --link; a " +
                           "linked column is already removed from the output, so name it once");
    link.column_names.push_back(name);
    link.columns.push_back(*col);
  }
  return link;
}

Status CheckOutputNames(const Plan& plan) {
  std::vector<std::string> names;
  for (size_t i = 0; i < plan.header.size(); ++i)
    if (!plan.drop[i]) names.emplace_back(Trim(plan.header[i]));
  for (const Link& link : plan.links) {
    for (const auto& n : names)
      if (n == link.name)
        return Status::Usage("--link-name \"" + link.name +
                             "\" is already a column of the output; "
                             "choose another name");
    names.push_back(link.name);
  }
  return Status::Ok();
}

Status AddLinks(const Options& opt, Plan* plan) {
  if (opt.link_names.size() > opt.links.size())
    return Status::Usage("more --link-name options (" + std::to_string(opt.link_names.size()) +
                         ") than --link options (" + std::to_string(opt.links.size()) +
                         "); each --link-name names the --link in the same position");
  for (size_t k = 0; k < opt.links.size(); ++k) {
    Result<Link> link = ParseLink(std::string(Trim(opt.links[k])), *plan);
    if (!link.ok()) return link.status();
    link->name = k < opt.link_names.size() ? std::string(Trim(opt.link_names[k])) : link->spec;
    if (link->name.empty()) return Status::Usage("--link-name must not be blank");
    size_t first = *std::min_element(link->columns.begin(), link->columns.end());
    plan->links_at[first].push_back(plan->links.size());
    for (size_t c : link->columns) plan->drop[c] = true;
    plan->links.push_back(std::move(link).value());
  }
  return CheckOutputNames(*plan);
}

Result<Plan> MakePlan(std::vector<std::string> header, const Options& opt) {
  Plan plan;
  plan.header = std::move(header);
  plan.replace.assign(plan.header.size(), false);
  plan.drop.assign(plan.header.size(), false);
  plan.links_at.resize(plan.header.size());
  CAIRN_RETURN_IF_ERROR(AddColumns(CleanNames(opt.columns), &plan));
  CAIRN_RETURN_IF_ERROR(AddLinks(opt, &plan));
  return plan;
}

// --- Output -------------------------------------------------------------------------------------

void AppendField(std::string_view field, char delim, std::string* out) {
  bool quote = false;
  for (char c : field) quote |= c == delim || c == '"' || c == '\r' || c == '\n';
  if (!quote) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string PseudonymCell(const PartnershipKey& key, const std::vector<std::string_view>& values) {
  if (AllBlank(values)) return "";
  return PseudonymToHex(MakePseudonym(key, values));
}

std::string LinkCell(const PartnershipKey& key, const Link& link,
                     const std::vector<std::string_view>& fields) {
  std::vector<std::string_view> values;
  values.reserve(link.columns.size());
  for (size_t c : link.columns) values.push_back(fields[c]);
  return PseudonymCell(key, values);
}

// Writes one output row: `fields` are the input fields (or header names when `key` is null).
void AppendRow(const Plan& plan, const std::vector<std::string_view>& fields,
               const PartnershipKey* key, char delim, std::string_view eol, std::string* out) {
  bool first = true;
  auto put = [&](std::string_view v) {
    if (!first) out->push_back(delim);
    first = false;
    AppendField(v, delim, out);
  };
  for (size_t i = 0; i < fields.size(); ++i) {
    for (size_t l : plan.links_at[i]) {
      if (key) {
        put(LinkCell(*key, plan.links[l], fields));
      } else {
        put(plan.links[l].name);
      }
    }
    if (plan.drop[i]) continue;
    if (key && plan.replace[i]) {
      put(PseudonymCell(*key, {fields[i]}));
    } else {
      put(fields[i]);
    }
  }
  out->append(eol);
}

std::string Summary(const Plan& plan, long rows, bool converted) {
  std::string s = "pseudonymised " + WithCommas(rows) + (rows == 1 ? " row" : " rows");
  std::string sep = ": ";
  if (!plan.replaced_names.empty()) {
    s += sep + "columns " + Join(plan.replaced_names, ", ");
    sep = "; ";
  }
  for (const Link& link : plan.links) {
    s += sep + "linked " + Join(link.column_names, "+") + " -> " + link.name;
    sep = "; ";
  }
  if (converted) s += " (converted from windows-1252 to UTF-8)";
  return s;
}

// --- The command --------------------------------------------------------------------------------

class Pseudonymiser {
 public:
  Pseudonymiser(const Options& opt, const GlobalOptions& global) : opt_(opt), global_(global) {}

  int Run() {
    Result<char> delim = ParseDelimiter(opt_.delimiter);
    if (!delim.ok()) return Fail(FromStatus(delim.status()));
    Result<bool> windows1252 = ParseEncodingIsWindows1252(opt_.encoding);
    if (!windows1252.ok()) return Fail(FromStatus(windows1252.status()));
    if (opt_.columns.empty() && opt_.links.empty())
      return Fail(UsageFailure(
          "nothing to pseudonymise: name identifier columns with --columns and/or --link"));
    std::string key_path = opt_.key.empty() ? global_.key : opt_.key;
    if (Status st = CheckPaths(key_path); !st.ok()) return Fail(FromStatus(st));
    Result<PartnershipKey> key = LoadKeyFile(key_path);
    if (!key.ok()) return Fail(FromStatus(key.status()));
    Result<std::string> data = ReadInput(opt_.in, *windows1252, opt_);
    if (!data.ok()) return Fail(FromStatus(data.status()));
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

  int Convert(const std::string& data, char delim, const PartnershipKey& key, bool converted,
              const std::string& key_path) {
    CsvReader reader(data, delim);
    CsvRecord record;
    if (!reader.Next(&record)) {
      if (!reader.status().ok()) return Fail(FromStatus(reader.status().WithContext(opt_.in)));
      return Fail({kExitError, opt_.in + ": the file is empty; expected a header line"});
    }
    Result<Plan> plan = MakePlan({record.fields.begin(), record.fields.end()}, opt_);
    if (!plan.ok()) return Fail(FromStatus(plan.status().WithContext(opt_.in)));
    const std::string_view eol = LineEnding(data);
    std::string out;
    out.reserve(data.size() + data.size() / 2);
    if (StripBom(data).size() != data.size()) out.append("\xEF\xBB\xBF");
    AppendRow(*plan, record.fields, nullptr, delim, eol, &out);

    const size_t width = plan->header.size();
    long rows = 0;
    while (reader.Next(&record)) {
      if (record.fields.size() != width)
        return Fail({kExitError, opt_.in + " line " + std::to_string(record.line) + ": " +
                                     std::to_string(record.fields.size()) +
                                     " fields, but the header has " + std::to_string(width) +
                                     "; is the delimiter right, or a quote unbalanced? Nothing "
                                     "was written."});
      AppendRow(*plan, record.fields, &key, delim, eol, &out);
      ++rows;
    }
    if (!reader.status().ok())
      return Fail(FromStatus(reader.status().WithContext(opt_.in + " (nothing was written)")));
    Status written = Write(key_path, out);
    if (!written.ok()) return Fail(FromStatus(written));
    std::cerr << "cairn: " << Summary(*plan, rows, converted) << "\n";
    return kExitOk;
  }

  // Keeps the input's line endings (Excel users expect CRLF back if they sent CRLF).
  static std::string_view LineEnding(std::string_view data) {
    size_t nl = data.find('\n');
    return nl != std::string_view::npos && nl > 0 && data[nl - 1] == '\r' ? "\r\n" : "\n";
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
