// Harm weights from config/harm_weights.toml. The schemes are declared first ([scheme.<name>]);
// every [[offence]] then carries one sub-table per scheme that weights it, so a new scheme (a local
// harm index, a newer CSS release) is a new [scheme.x] table and x sub-tables, with no code change.
//
// Worked example (CCHI, METHODS.md 6.1): one murder (5,475 days) and ten robberies (365 days each)
// are 5,475 + 10 x 365 = 9,125 harm days, against a count of 11.
#include "define/harm.h"

#include <toml++/toml.h>

#include <algorithm>

#include "model/offence_codes.h"
#include "model/toml_file.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {
namespace {

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string UnknownKey(const std::string& key, const std::vector<std::string>& known) {
  return Quoted(key) + " is not a known key" + DidYouMean(key, known);
}

// Text value of `key` in `table`, "" if absent; an error if present but not text, or if required
// and missing or empty.
std::string Text(const toml::table& table, std::string_view key, bool required,
                 const std::string& where, std::vector<std::string>* errors) {
  const toml::node* node = table.get(key);
  if (!node) {
    if (required) errors->push_back(where + ": " + Quoted(key) + " is missing");
    return "";
  }
  if (!node->is_string()) {
    errors->push_back(where + ": " + Quoted(key) + " must be text in quotes");
    return "";
  }
  std::string value = *node->value<std::string>();
  if (required && Trim(value).empty()) errors->push_back(where + ": " + Quoted(key) + " is empty");
  return value;
}

void ReadScheme(const std::string& name, const toml::table& table, const std::string& where,
                HarmScheme* scheme, std::vector<std::string>* errors) {
  static const std::vector<std::string> kKeys = {"title", "unit", "citation", "status"};
  for (const auto& [key, node] : table) {
    std::string key_name(key.str());
    if (std::find(kKeys.begin(), kKeys.end(), key_name) == kKeys.end())
      errors->push_back(where + ": " + UnknownKey(key_name, kKeys));
  }
  scheme->name = name;
  scheme->title = Text(table, "title", true, where, errors);
  scheme->unit = Text(table, "unit", true, where, errors);
  scheme->citation = Text(table, "citation", true, where, errors);
  scheme->status = Text(table, "status", false, where, errors);
}

// One scheme's sub-table of an [[offence]] entry.
bool ReadWeight(const toml::table& table, const std::string& where, HarmWeight* out,
                std::vector<std::string>* errors) {
  static const std::vector<std::string> kKeys = {"weight", "confirmed", "placeholder", "note"};
  size_t errors_before = errors->size();
  for (const auto& [key, node] : table) {
    std::string key_name(key.str());
    if (std::find(kKeys.begin(), kKeys.end(), key_name) == kKeys.end())
      errors->push_back(where + ": " + UnknownKey(key_name, kKeys));
  }
  const toml::node* weight = table.get("weight");
  if (!weight) {
    errors->push_back(where + ": \"weight\" is missing");
  } else if (!weight->is_number() || *weight->value<double>() < 0) {
    errors->push_back(where + ": \"weight\" must be a number of at least 0 (no quotes)");
  } else {
    out->weight = *weight->value<double>();
  }
  const toml::node* confirmed = table.get("confirmed");
  if (!confirmed || !confirmed->is_boolean()) {
    errors->push_back(where + ": \"confirmed\" must be given as true or false");
  } else {
    out->confirmed = *confirmed->value<bool>();
  }
  if (const toml::node* placeholder = table.get("placeholder")) {
    if (!placeholder->is_boolean()) {
      errors->push_back(where + ": \"placeholder\" must be true or false");
    } else {
      out->placeholder = *placeholder->value<bool>();
    }
  }
  out->note = Text(table, "note", false, where, errors);
  if (!out->confirmed && Trim(out->note).empty() && errors->size() == errors_before)
    errors->push_back(where +
                      ": an unconfirmed weight needs a \"note\" saying where it comes from");
  if (out->confirmed && out->placeholder)
    errors->push_back(where + ": a placeholder cannot be confirmed");
  return errors->size() == errors_before;
}

}  // namespace

Result<HarmWeights> HarmWeights::Load(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

Result<HarmWeights> HarmWeights::Parse(std::string_view text, const std::string& display_name) {
  auto parsed = ParseToml(text, display_name);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  std::vector<std::string> errors;
  for (const auto& [key, node] : root) {
    std::string name(key.str());
    if (name != "scheme" && name != "offence")
      errors.push_back(display_name + ": " + UnknownKey(name, {"scheme", "offence"}));
  }

  HarmWeights weights;
  const toml::table* schemes = root["scheme"].as_table();
  if (!schemes || schemes->empty())
    return Status::Invalid(display_name +
                           ": expected [scheme.<name>] tables (title, unit, citation)");
  std::vector<std::string> scheme_names;
  for (const auto& [key, node] : *schemes) {
    std::string name(key.str());
    const std::string where = display_name + ": [scheme." + name + "]";
    if (name != ToLower(name)) {
      errors.push_back(where + ": scheme names are lower case");
      continue;
    }
    if (!node.is_table()) {
      errors.push_back(where + ": expected a table (title, unit, citation)");
      continue;
    }
    SchemeWeights scheme;
    ReadScheme(name, *node.as_table(), where, &scheme.scheme, &errors);
    weights.schemes_.emplace(name, std::move(scheme));
    scheme_names.push_back(name);
  }

  const toml::array* offences = root["offence"].as_array();
  if (!offences || offences->empty()) {
    errors.push_back(display_name +
                     ": expected [[offence]] entries (code, then one table per scheme)");
    return Status::Invalid(Join(errors, "\n"));
  }
  std::vector<std::string> entry_keys = {"code", "description"};
  entry_keys.insert(entry_keys.end(), scheme_names.begin(), scheme_names.end());
  for (size_t entry_idx = 0; entry_idx < offences->size(); ++entry_idx) {
    const toml::table* entry = offences->get(entry_idx)->as_table();
    std::string where = display_name + ": [[offence]] #" + std::to_string(entry_idx + 1);
    if (!entry) {
      errors.push_back(where + ": expected a table");
      continue;
    }
    auto code_text = (*entry)["code"].value<std::string>();
    if (!code_text || !(*entry)["code"].is_string() || Trim(*code_text).empty()) {
      errors.push_back(where + ": \"code\" must be a Home Office offence code in quotes");
      continue;
    }
    const std::string code = NormaliseOffenceCode(*code_text);
    where = display_name + ": offence " + Quoted(code);
    Text(*entry, "description", false, where, &errors);
    for (const auto& [key, node] : *entry) {
      std::string key_name(key.str());
      if (key_name == "code" || key_name == "description") continue;
      auto scheme = weights.schemes_.find(key_name);
      if (scheme == weights.schemes_.end()) {
        errors.push_back(where + ": " + UnknownKey(key_name, entry_keys) +
                         "; schemes are declared as [scheme.<name>]");
        continue;
      }
      const std::string weight_where = where + ", " + key_name;
      if (!node.is_table()) {
        errors.push_back(weight_where + ": expected a table (weight, confirmed, note)");
        continue;
      }
      HarmWeight weight;
      if (!ReadWeight(*node.as_table(), weight_where, &weight, &errors)) continue;
      if (!scheme->second.by_code.emplace(code, std::move(weight)).second)
        errors.push_back(weight_where + ": the code is weighted twice");
    }
  }
  if (!errors.empty()) return Status::Invalid(Join(errors, "\n"));
  return weights;
}

const HarmWeights::SchemeWeights* HarmWeights::FindScheme(std::string_view name) const {
  auto it = schemes_.find(ToLower(name));
  return it == schemes_.end() ? nullptr : &it->second;
}

const HarmWeight* HarmWeights::Find(std::string_view scheme, std::string_view offence_code) const {
  const SchemeWeights* weights = FindScheme(scheme);
  if (!weights) return nullptr;
  auto it = weights->by_code.find(NormaliseOffenceCode(offence_code));
  return it == weights->by_code.end() ? nullptr : &it->second;
}

std::optional<double> HarmWeights::Weight(std::string_view scheme,
                                          std::string_view offence_code) const {
  const HarmWeight* weight = Find(scheme, offence_code);
  if (!weight) return std::nullopt;
  return weight->weight;
}

bool HarmWeights::Confirmed(std::string_view scheme, std::string_view offence_code) const {
  const HarmWeight* weight = Find(scheme, offence_code);
  return weight && weight->confirmed;
}

const HarmScheme* HarmWeights::Scheme(std::string_view name) const {
  const SchemeWeights* weights = FindScheme(name);
  return weights ? &weights->scheme : nullptr;
}

std::vector<std::string> HarmWeights::SchemeNames() const {
  std::vector<std::string> names;
  for (const auto& [name, weights] : schemes_) names.push_back(name);
  return names;
}

std::vector<std::string> HarmWeights::Codes(std::string_view scheme) const {
  std::vector<std::string> codes;
  if (const SchemeWeights* weights = FindScheme(scheme)) {
    for (const auto& [code, weight] : weights->by_code) codes.push_back(code);
  }
  std::sort(codes.begin(), codes.end());
  return codes;
}

Status HarmWeights::CheckScheme(std::string_view name) const {
  if (FindScheme(name)) return Status::Ok();
  std::vector<std::string> names = SchemeNames();
  std::string hint = Suggest(ToLower(name), names);
  return Status::Usage(
      "harm scheme " + Quoted(name) + " is not known (" +
      (hint.empty() ? "known: " + Join(names, ", ") : "did you mean " + Quoted(hint) + "?") + ")");
}

std::vector<double> HarmWeights::WeightsByCode(std::string_view scheme,
                                               const std::vector<std::string>& offence_code_dict,
                                               std::vector<std::string>* unweighted) const {
  std::vector<double> out(offence_code_dict.size(), 0.0);
  for (size_t code_idx = 1; code_idx < offence_code_dict.size(); ++code_idx) {
    if (auto weight = Weight(scheme, offence_code_dict[code_idx])) {
      out[code_idx] = *weight;
    } else if (unweighted) {
      unweighted->push_back(offence_code_dict[code_idx]);
    }
  }
  return out;
}

}  // namespace cairn
