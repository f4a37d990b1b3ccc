#include "model/offence_codes.h"

#include <toml++/toml.h>

#include <algorithm>
#include <vector>

#include "model/toml_file.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

std::string NormaliseOffenceCode(std::string_view code) {
  std::string_view trimmed = Trim(code);
  std::string out;
  out.reserve(trimmed.size());
  bool at_number_start = true;
  for (char c : trimmed) {
    if (c == '.') c = '/';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (at_number_start && c == '0') continue;  // "08N" -> "8N", "004/01" -> "4/1"
    at_number_start = c == '/';
    out.push_back(c);
  }
  if (out.empty() && !trimmed.empty()) out.push_back('0');  // "0" or "00"
  return out;
}

namespace {

// One [[offence]] entry; returns "" when well formed, else what is wrong.
std::string ReadEntry(const toml::table& entry, OffenceCode* out) {
  static const std::vector<std::string> kKeys = {"code", "description", "group", "confirmed"};
  if (auto unknown = UnknownKeys(entry, kKeys); !unknown.empty()) return unknown.front();
  auto code = entry["code"].value<std::string>();
  auto description = entry["description"].value<std::string>();
  auto group = entry["group"].value<std::string>();
  if (!code || Trim(*code).empty()) return "\"code\": expected a non-empty string";
  if (!description) return "\"description\": expected a string";
  if (!group || Trim(*group).empty()) return "\"group\": expected a non-empty string";
  if (entry.contains("confirmed") && !entry["confirmed"].is_boolean())
    return "\"confirmed\": expected true or false";
  out->code = NormaliseOffenceCode(*code);
  out->description = *description;
  out->group = *group;
  out->confirmed = entry["confirmed"].value_or(true);
  return "";
}

}  // namespace

Result<OffenceCodes> OffenceCodes::Load(const std::string& path, const std::string& display_name) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto parsed = ParseToml(*text, display_name);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  const toml::array* entries = root["offence"].as_array();
  if (!entries || entries->empty())
    return Status::Invalid(display_name +
                           ": expected [[offence]] entries (code, description, group)");
  OffenceCodes codes;
  codes.display_name_ = display_name;
  std::vector<std::string> errors;
  for (size_t entry_idx = 0; entry_idx < entries->size(); ++entry_idx) {
    const std::string where = display_name + ": [[offence]] #" + std::to_string(entry_idx + 1);
    const toml::table* entry = entries->get(entry_idx)->as_table();
    if (!entry) {
      errors.push_back(where + ": expected a table");
      continue;
    }
    OffenceCode code;
    if (std::string problem = ReadEntry(*entry, &code); !problem.empty()) {
      errors.push_back(where + " " + problem);
      continue;
    }
    if (codes.by_code_.count(code.code)) {
      errors.push_back(where + ": code \"" + code.code + "\" is listed twice");
      continue;
    }
    codes.by_code_.emplace(code.code, std::move(code));
  }
  if (!errors.empty()) return Status::Invalid(Join(errors, "\n"));
  return codes;
}

const OffenceCode* OffenceCodes::Find(std::string_view code) const {
  auto it = by_code_.find(NormaliseOffenceCode(code));
  return it == by_code_.end() ? nullptr : &it->second;
}

}  // namespace cairn
