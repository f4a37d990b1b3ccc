#include "engine/table_file.h"

#include "ingest/xlsx.h"
#include "util/files.h"

namespace cairn {

Result<TableText> ReadTableText(const std::string& path, const std::string& sheet) {
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  if (!LooksLikeWorkbook(*data)) {
    if (!sheet.empty()) return Status::Usage("--sheet: " + path + " is not an .xlsx workbook");
    return TableText{std::move(*data), false};
  }
  auto csv = XlsxSheetAsCsv(*data, path, sheet);
  if (!csv.ok()) return csv.status();
  return TableText{std::move(*csv), true};
}

}  // namespace cairn
