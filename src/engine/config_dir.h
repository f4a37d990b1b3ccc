// Where the configuration (definitions, harm weights, offence codes) and the shipped profiles are
// read from. Found once, at the edge (a command or a server), then passed down; nothing below the
// engine looks at flags, the environment or the working directory.
#pragma once

#include <string>

#include "util/status.h"

namespace cairn {

struct ConfigLocation {
  std::string dir;       // the configuration directory
  std::string profiles;  // the shipped profiles (the folder beside it named profiles)
  std::string found_by;  // "--config", "$CAIRN_CONFIG", "installed", "source tree"
};

// In order: `flag` (--config) when not empty, $CAIRN_CONFIG when set, the installed share
// directory (<prefix>/share/cairn/config, found from the running binary), then the checkout this
// binary was built from. Fails, naming every place tried, when none holds a configuration.
Result<ConfigLocation> FindConfig(const std::string& flag);

}  // namespace cairn
