// Selection: turns a --where expression (which may name definitions from config/definitions) into
// the per-event mask a query counts, and fills in what the query spec needs from configuration:
// the masks of every named definition (for the `definition` dimension) and harm weights.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/query.h"
#include "define/configuration.h"
#include "snapshot/frame.h"
#include "util/status.h"

namespace cairn {

// Returns one byte per event (1 = selected); empty `where` selects everything (an empty vector).
// Errors in the expression are Usage errors that point at the column.
Result<std::vector<uint8_t>> PrepareSelection(const Configuration& config, const Frame& frame,
                                              const std::string& where, QuerySpec& spec,
                                              const std::string& harm_scheme);

}  // namespace cairn
