#include "define/register_rules.h"

#include <toml++/toml.h>

#include "model/toml_file.h"
#include "util/strings.h"

namespace cairn {

namespace {

Result<RegisterClock> ReadClock(const toml::table& t, const std::string& where) {
  if (auto unknown = UnknownKeys(t, {"name", "what", "kind", "from", "until", "basis", "days",
                                     "months", "counting", "confirmed"});
      !unknown.empty())
    return Status::Invalid(where + ": " + Join(unknown, "; "));
  RegisterClock c;
  auto text = [&](const char* key, std::string* out) -> Status {
    auto v = t[key].value<std::string>();
    if (!v || v->empty()) return Status::Invalid(where + " " + key + ": expected a text");
    *out = *v;
    return Status::Ok();
  };
  CAIRN_RETURN_IF_ERROR(text("name", &c.name));
  CAIRN_RETURN_IF_ERROR(text("what", &c.what));
  CAIRN_RETURN_IF_ERROR(text("kind", &c.kind));
  CAIRN_RETURN_IF_ERROR(text("from", &c.from));
  CAIRN_RETURN_IF_ERROR(text("until", &c.until));
  CAIRN_RETURN_IF_ERROR(text("basis", &c.basis));
  c.days = static_cast<int>(t["days"].value_or(int64_t{0}));
  c.months = static_cast<int>(t["months"].value_or(int64_t{0}));
  if ((c.days > 0) == (c.months > 0) || c.days < 0 || c.months < 0 || c.days > 3660 ||
      c.months > 120)
    return Status::Invalid(where + ": expected days (1 to 3660) or months (1 to 120), not both");
  const std::string counting = t["counting"].value_or(std::string("after"));
  if (counting != "after" && counting != "beginning-with")
    return Status::Invalid(where + " counting: expected \"after\" or \"beginning-with\"");
  c.beginning_with = counting == "beginning-with";
  auto confirmed = t["confirmed"].value<bool>();
  if (!confirmed) return Status::Invalid(where + " confirmed: expected true or false");
  c.confirmed = *confirmed;
  return c;
}

}  // namespace

Result<RegisterRules> RegisterRules::Load(const std::string& path) {
  auto root = ParseTomlFile(path);
  if (!root.ok()) return root.status();
  RegisterRules rules;
  std::vector<std::string> unknown = UnknownKeys(*root, {"agencies", "rag", "clock"});
  if (const toml::table* rag = (*root)["rag"].as_table())
    for (const std::string& u : UnknownKeys(*rag, {"amber_within_days"}))
      unknown.push_back("[rag] " + u);
  if (!unknown.empty()) return Status::Invalid(path + ": " + Join(unknown, "; "));
  const toml::table* agencies = (*root)["agencies"].as_table();
  if (!agencies || agencies->empty())
    return Status::Invalid(path + ": [agencies]: expected at least one agency (code = \"name\")");
  for (const auto& [code, name] : *agencies) {
    auto text = name.value<std::string>();
    if (!text)
      return Status::Invalid(path + ": [agencies] " + std::string(code.str()) +
                             ": expected the agency's name as a text");
    rules.agencies[ToLower(code.str())] = *text;  // sheets' owners are matched in lower case
  }
  auto amber = (*root)["rag"]["amber_within_days"].value_or(int64_t{28});
  if (amber < 0 || amber > 366)
    return Status::Invalid(path + ": [rag] amber_within_days: expected 0 to 366 days");
  rules.amber_within_days = static_cast<int>(amber);
  if (const toml::array* clocks = (*root)["clock"].as_array()) {
    for (size_t i = 0; i < clocks->size(); ++i) {
      const toml::table* t = (*clocks)[i].as_table();
      const std::string where = path + ": clock " + std::to_string(i + 1);
      if (!t) return Status::Invalid(where + ": expected a [[clock]] table");
      auto clock = ReadClock(*t, where);
      if (!clock.ok()) return clock.status();
      rules.clocks.push_back(std::move(*clock));
    }
  }
  return rules;
}

std::string RegisterRules::AgencyName(const std::string& code) const {
  auto it = agencies.find(code);
  return it == agencies.end() ? code : it->second;
}

}  // namespace cairn
