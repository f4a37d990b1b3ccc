#include "ingest/pseudonymise_csv.h"

#include <algorithm>
#include <utility>

#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

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

// Splits "A, B" lists given to --columns (CLI11 already split on commas) and trims each name.
std::vector<std::string> CleanNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    std::string t(Trim(n));
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

// --- Plan ---------------------------------------------------------------------------------------

// When the header is a single column, the delimiter is probably wrong; says which one it may be.
std::string HeaderHint(const std::vector<std::string>& header) {
  if (header.size() != 1) return "";
  const char likely = LikelyDelimiter(header[0], '\0');
  if (likely == '\0') return "";
  const std::string name = likely == '\t' ? "tab" : "'" + std::string(1, likely) + "'";
  return " (the header was read as one column: try --delimiter " + name + ")";
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

Status AddLinks(const CsvPseudonymisation& opt, Plan* plan) {
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

Result<Plan> MakePlan(std::vector<std::string> header, const CsvPseudonymisation& opt) {
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

// Keeps the input's line endings (Excel users expect CRLF back if they sent CRLF).
std::string_view LineEnding(std::string_view data) {
  size_t nl = data.find('\n');
  return nl != std::string_view::npos && nl > 0 && data[nl - 1] == '\r' ? "\r\n" : "\n";
}

}  // namespace

Result<PseudonymisedCsv> PseudonymiseCsv(std::string_view data, const std::string& file_name,
                                         const CsvPseudonymisation& spec, const PartnershipKey& key,
                                         bool converted) {
  const char delim = spec.delimiter;
  CsvReader reader(data, delim);
  CsvRecord record;
  if (!reader.Next(&record)) {
    if (!reader.status().ok()) return reader.status().WithContext(file_name);
    return Status::Invalid(file_name + ": the file is empty; expected a header line");
  }
  Result<Plan> plan = MakePlan({record.fields.begin(), record.fields.end()}, spec);
  if (!plan.ok()) return plan.status().WithContext(file_name);
  const std::string_view eol = LineEnding(data);
  PseudonymisedCsv result;
  std::string& out = result.text;
  out.reserve(data.size() + data.size() / 2);
  if (StripBom(data).size() != data.size()) out.append("\xEF\xBB\xBF");
  AppendRow(*plan, record.fields, nullptr, delim, eol, &out);
  const size_t width = plan->header.size();
  while (reader.Next(&record)) {
    if (record.fields.size() != width)
      return Status::Invalid(file_name + " line " + std::to_string(record.line) + ": " +
                             std::to_string(record.fields.size()) + " fields, but the header has " +
                             std::to_string(width) +
                             "; is the delimiter right, or a quote unbalanced? Nothing was "
                             "written.");
    AppendRow(*plan, record.fields, &key, delim, eol, &out);
    ++result.rows;
  }
  if (!reader.status().ok())
    return reader.status().WithContext(file_name + " (nothing was written)");
  result.summary = Summary(*plan, result.rows, converted);
  return result;
}

}  // namespace cairn
