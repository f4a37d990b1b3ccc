// Thin RAII wrappers over the SQLite C API; errors become Status with SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace cairn::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept : stmt_(o.stmt_), status_(std::move(o.status_)) {
    o.stmt_ = nullptr;
  }

  const Status& status() const { return status_; }
  Statement& Bind(int idx, int64_t v);
  Statement& Bind(int idx, double v);
  Statement& Bind(int idx, std::string_view v);
  Statement& BindBlob(int idx, const void* data, size_t size);
  // Binds without SQLite's copy: `data` must outlive the next Run() or Reset(). For event chunks,
  // tens of KiB each, copied once more for nothing otherwise.
  Statement& BindBlobInPlace(int idx, const void* data, size_t size);
  Statement& BindNull(int idx);
  // Steps once: true if a row is available, false when done (check status() for errors).
  bool Step();
  // Steps to completion, then resets for reuse.
  Status Run();
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;
  std::string_view Blob(int col) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  Status status_;
};

Status Exec(sqlite3* db, const char* sql);

}  // namespace cairn::sqlite
