// Error values and their two renderings: JSON for APIs, one line for the command line.
#include "candor/error.hpp"

#include <boost/json.hpp>

namespace candor {

const char* to_string(errc code) {
  switch (code) {
    case errc::ok: return "ok";
    case errc::parse_error: return "parse_error";
    case errc::missing_field: return "missing_field";
    case errc::wrong_type: return "wrong_type";
    case errc::invalid_value: return "invalid_value";
    case errc::unknown_field: return "unknown_field";
  }
  return "unknown";
}

std::string error_to_json(const Error& e) {
  boost::json::object inner;
  inner["code"] = to_string(e.code);
  inner["path"] = e.path;
  inner["detail"] = e.detail;
  boost::json::object outer;
  outer["error"] = std::move(inner);
  return boost::json::serialize(outer);
}

std::string error_to_text(const Error& e) {
  if (e.path.empty()) return e.detail;
  return e.path + ": " + e.detail;
}

}  // namespace candor
