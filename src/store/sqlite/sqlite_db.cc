#include "store/sqlite/sqlite_db.h"

namespace cairn::sqlite {

namespace {

// SQLite's words, with what to do when the disk is the cause.
Status ErrorFrom(sqlite3* db, const std::string& message) {
  const int rc = sqlite3_errcode(db) & 0xff;
  std::string hint;
  if (rc == SQLITE_FULL || rc == SQLITE_IOERR)
    hint =
        " (is the disk full, or a file-size limit reached? Free some space and try again; what "
        "failed was rolled back)";
  return Status::IoError("SQLite: " + message + hint);
}

}  // namespace

Statement::Statement(sqlite3* db, const char* sql) {
  if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
    status_ = Status::Internal(std::string("SQLite: ") + sqlite3_errmsg(db) + " in: " + sql);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int idx, int64_t v) {
  sqlite3_bind_int64(stmt_, idx, v);
  return *this;
}
Statement& Statement::Bind(int idx, double v) {
  sqlite3_bind_double(stmt_, idx, v);
  return *this;
}
Statement& Statement::Bind(int idx, std::string_view v) {
  sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlob(int idx, const void* data, size_t size) {
  sqlite3_bind_blob64(stmt_, idx, data, size, SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindBlobInPlace(int idx, const void* data, size_t size) {
  sqlite3_bind_blob64(stmt_, idx, data, size, SQLITE_STATIC);
  return *this;
}
Statement& Statement::BindNull(int idx) {
  sqlite3_bind_null(stmt_, idx);
  return *this;
}

bool Statement::Step() {
  if (!status_.ok() || !stmt_) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE)
    status_ = ErrorFrom(sqlite3_db_handle(stmt_), sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  Status st = status_;
  Reset();
  return st;
}

void Statement::Reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  if (status_.code() != Status::Code::kInternal) status_ = Status::Ok();
}

std::string Statement::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}

std::string_view Statement::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  return p ? std::string_view(static_cast<const char*>(p),
                              static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string_view();
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return ErrorFrom(db, msg);
  }
  return Status::Ok();
}

}  // namespace cairn::sqlite
