// Reading configuration files as TOML, once for every reader (offence codes, profiles,
// definitions, harm weights, KPIs, list rules, the register), with one error form:
//   config/kpis/priority-1.toml line 12: expected '=' ...
// and one way of naming a key that is not known: "nmae" is not a known key (did you mean
// "name"?).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

// `name` is what messages call the text (its file, usually).
Result<toml::table> ParseToml(std::string_view text, const std::string& name);
Result<toml::table> ParseTomlFile(const std::string& path);

// " (did you mean \"name\"?)" when a candidate is close to `word`, else "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);
// One message per key of `table` not in `known`: "\"nmae\" is not a known key (did you mean
// \"name\"?)".
std::vector<std::string> UnknownKeys(const toml::table& table,
                                     const std::vector<std::string>& known);

}  // namespace cairn
