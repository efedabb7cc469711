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
// Reads (every GET and HEAD) per client: generous, so a CDN edge, an aggregator or an office
// behind one NAT address is never throttled (a portal load is about 10 requests, so this is
// 600 page loads a minute from one address); it stops a single client hammering the server.
constexpr int kReadsPerMinute = 6000;
// Operator writes per client: 10 a second on average is far above any person or script
// posting updates, and bounds a runaway loop or a token-guessing client.
constexpr int kOperatorWritesPerMinute = 600;

// The 429 (with Retry-After, in seconds) when `limiter` refuses this request's client;
// nullopt when it is allowed (and counted) or `limiter` is null.
std::optional<Response> rate_limited(RateLimiter* limiter, const Request& req, TimeMs now);

struct CustomerContext {
  Store* store = nullptr;
  PortalCache* portal = nullptr;
  RateLimiter* limiter = nullptr;  // null = no limit
};

// The response for a customer or case path, or nullopt when `path` is not one.
std::optional<Response> handle_customer(CustomerContext& ctx, const Request& req, std::string_view path, TimeMs now);

}  // namespace candor::server
