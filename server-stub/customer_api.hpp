// What customers (and operators, for cases) do beside reading the portal:
//
//   POST /api/v1/cases                       operator: open a case → 201 {"id", "token", "link"}
//   POST /api/v1/cases/{id}/updates          operator: {"stage","message",...} → 201
//   POST /api/v1/cases/{id}/resolve          operator: {"message"?} → 201
//   GET  /api/v1/cases/{token}.json          the case (candor::encode_case); any other token: the same 404
//   POST /api/v1/cases/{token}/feedback      {"rating": 1-5, "comment"?} once per case → 201, then 409
//   POST /api/v1/incidents/{id}/feedback     {"rating": 1-5, "comment"?} → 201 (rate-limited per client)
//   POST /api/v1/reports                     {"incident_id"? , "component_id"?} "I'm affected too" → 202 (rate-limited)
//   GET  /api/v1/reports/summary.json        operator (read-reports or write): counts per incident, component, hour
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "candor/time.hpp"
#include "http_message.hpp"

namespace candor::server {

class Store;
class PortalCache;

// A fixed-window limit per client key: at most `limit` events per `window_ms`.
class RateLimiter {
 public:
  RateLimiter(int limit, TimeMs window_ms) : limit_(limit), window_ms_(window_ms) {}
  // nullopt = allowed (and counted); otherwise the seconds until the client may try again.
  std::optional<std::int64_t> allow(const std::string& key, TimeMs now);

 private:
  struct Window {
    TimeMs start = 0;
    int count = 0;
  };
  int limit_;
  TimeMs window_ms_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

// Customer writes per client: 10 a minute is plenty for clicking "affected" or a rating.
constexpr int kCustomerWritesPerMinute = 10;

struct CustomerContext {
  Store* store = nullptr;
  PortalCache* portal = nullptr;
  RateLimiter* limiter = nullptr;  // null = no limit
};

// The response for a customer or case path, or nullopt when `path` is not one.
std::optional<Response> handle_customer(CustomerContext& ctx, const Request& req, std::string_view path, TimeMs now);

}  // namespace candor::server
