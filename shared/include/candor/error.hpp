// Errors are values: the core never throws (wasm runs with exceptions off).
#pragma once

#include <string>
#include <utility>

namespace candor {

enum class errc {
  ok = 0,
  parse_error,    // not JSON / not CSV at all
  missing_field,  // a required field is absent
  wrong_type,     // present, but of another JSON type
  invalid_value,  // right type, value not allowed (enum, format, range)
  unknown_field,  // a field the format does not define
};

const char* to_string(errc code);

// `path` is a JSON pointer ("/incidents/0/impact") or, for CSV, "line N, column C".
struct Error {
  errc code = errc::ok;
  std::string path;
  std::string detail;
};

// {"error": {"code": "...", "path": "...", "detail": "..."}}
std::string error_to_json(const Error& e);
// "path: detail" for command-line messages.
std::string error_to_text(const Error& e);

template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return error_.code == errc::ok; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return value_; }
  T& value() & { return value_; }
  T&& value() && { return std::move(value_); }
  const Error& error() const { return error_; }

 private:
  T value_{};
  Error error_;
};

}  // namespace candor
