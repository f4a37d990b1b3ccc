// A user's table, as the commands that read one take it (`cairn stats`, `cairn pseudonymise`,
// `cairn kpi import`): a CSV file as it is, or one sheet of an .xlsx workbook as CSV text, line N
// being the sheet's row N. The one place a command's table may turn out to be a workbook.
#pragma once

#include <string>

#include "util/status.h"

namespace cairn {

struct TableText {
  std::string text;
  bool from_workbook = false;
};

// `sheet`: a sheet name or "#N" of a workbook (empty: the first); for a CSV file it must be empty
// (a usage error names the file otherwise).
Result<TableText> ReadTableText(const std::string& path, const std::string& sheet);

}  // namespace cairn
