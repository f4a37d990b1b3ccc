// Status and Result<T>: how a failure a user can cause travels back to the command that reports it.
// A Status is either ok or carries a message that names the thing and the cause, e.g.
//   police.csv line 4122, column "Month": "2023-13" is not a month (expected YYYY-MM)
// Not thread-safe to share a single instance being mutated; copying is cheap.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace cairn {

// [[nodiscard]]: a Status nobody looks at is a failure nobody hears about. Where a caller really
// has nothing to do with one (a rollback after the error that matters), it says so with (void).
class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalid, kNotFound, kIoError, kUsage, kInternal };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string msg) { return Status(Code::kInvalid, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Usage(std::string msg) { return Status(Code::kUsage, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with where it happened: "file.csv: <message>".
  Status WithContext(const std::string& where) const {
    if (ok()) return *this;
    return Status(code_, where + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }

 private:
  std::optional<T> value_;
  Status status_;
};

#define CAIRN_RETURN_IF_ERROR(expr) \
  do {                              \
    ::cairn::Status _st = (expr);   \
    if (!_st.ok()) return _st;      \
  } while (0)

}  // namespace cairn
