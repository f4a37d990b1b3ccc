// The register as a workbook (`cairn register export --out FILE.xlsx`), with libxlsxwriter: a sheet
// per kind, named as the importer reads it, dates as date cells and amounts as numbers.
#include <xlsxwriter.h>

#include "present/register_render.h"
#include "util/strings.h"

namespace cairn {

namespace {

Status Check(lxw_error error, const std::string& path) {
  if (error == LXW_NO_ERROR) return Status::Ok();
  return Status::IoError(path + ": cannot write the workbook: " + lxw_strerror(error));
}

lxw_error WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const RegisterColumn& c,
                    const std::string& value, lxw_format* date_format) {
  if (value.empty()) return LXW_NO_ERROR;
  if (c.type == ColumnType::kDate) {
    auto parts = Split(value, '-');
    if (parts.size() == 3) {
      lxw_datetime when = {static_cast<int>(ParseInt(parts[0]).value_or(1900)),
                           static_cast<int>(ParseInt(parts[1]).value_or(1)),
                           static_cast<int>(ParseInt(parts[2]).value_or(1)),
                           0,
                           0,
                           0};
      return worksheet_write_datetime(sheet, row, col, &when, date_format);
    }
  }
  if (c.type == ColumnType::kMoney || c.type == ColumnType::kCount)
    if (auto v = ParseDouble(value)) return worksheet_write_number(sheet, row, col, *v, nullptr);
  return worksheet_write_string(sheet, row, col, value.c_str(), nullptr);
}

}  // namespace

Status WriteRegisterXlsx(const Register& reg, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return Status::IoError(path + ": cannot create the workbook");
  lxw_format* date_format = workbook_add_format(book);
  format_set_num_format(date_format, "yyyy-mm-dd");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (const RegisterKind& kind : RegisterKinds()) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, kind.title.substr(0, 31).c_str());
    if (!sheet) {
      (void)workbook_close(book);  // the error that matters is the sheet's
      return Status::IoError(path + ": cannot add the sheet " + kind.title);
    }
    for (size_t c = 0; c < kind.columns.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), kind.columns[c].name.c_str(),
                             bold);
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           kind.columns[c].type == ColumnType::kText ? 40 : 14, nullptr);
    }
    lxw_row_t row = 1;
    for (const RegisterItem* item : reg.OfKind(kind.name)) {
      for (size_t c = 0; c < kind.columns.size(); ++c) {
        const RegisterColumn& column = kind.columns[c];
        const std::string value = column.name == "id" ? item->id : item->Field(column.name);
        lxw_error e = WriteCell(sheet, row, static_cast<lxw_col_t>(c), column, value, date_format);
        if (e != LXW_NO_ERROR) {
          (void)workbook_close(book);  // the error that matters is the cell's
          return Check(e, path);
        }
      }
      ++row;
    }
  }
  return Check(workbook_close(book), path);
}

}  // namespace cairn
