// Store failures → 503 + Retry-After or 500 (store_failure.hpp).
#include "store_failure.hpp"

#include <string>

#include "json_body.hpp"
#include "log.hpp"

namespace candor::server {

Response store_failure_response(std::string_view what, const Error& e) {
  log(LogLevel::error, std::string(what) + ": " + e.path + ": " + e.detail);
  int retry_after_s = kRetryAfterFaultS;
  switch (store_failure_kind(e)) {
    case StoreFailure::busy: retry_after_s = kRetryAfterBusyS; break;
    case StoreFailure::read_only:
    case StoreFailure::disk_full: break;
    case StoreFailure::io_error:
    case StoreFailure::other:
      return json_error(500, "store_error", "", "it could not be stored; nothing was changed");
  }
  Response r = json_error(503, "store_unavailable", "",
                          "the store cannot take writes right now; nothing was changed; retry in " +
                              std::to_string(retry_after_s) + " s");
  r.headers.push_back({"Retry-After", std::to_string(retry_after_s)});
  return r;
}

}  // namespace candor::server
