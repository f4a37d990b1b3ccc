// Reading one configuration file as TOML, with the one error form every config reader uses:
//   config/kpis/priority-1.toml line 12: expected '=' ...
#pragma once

#include <toml++/toml.h>

#include <string>

#include "util/status.h"

namespace cairn {

Result<toml::table> ParseTomlFile(const std::string& path);

}  // namespace cairn
