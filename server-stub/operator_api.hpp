// The operator write API (bearer tokens) and the periodic promise tick. Plain functions over
// Request/Response like routes.cpp: strict validation first, then one durable store write
// per request, and a 2xx only after it committed.
//
//   POST  /api/v1/incidents                 {"name","impact","category","components","status","message",...} → 201
//                                           ("components": [ids], or {id: status} to set statuses too)
//   POST  /api/v1/incidents/{id}/updates    {"status","message","components"?: {id: status},...} → 201
//                                           (any incident in the store; a resolved one takes only "postmortem")
//   POST  /api/v1/incidents/{id}/resolve    {"message"?} → 200
//   PATCH /api/v1/components/{id}           {"status"} → 200
//   PATCH /api/v1/channels/{id}             {"agents"?,"calls_per_hour"?,"handle_seconds"?,"target_seconds"?,"queue_length"?,
//                                            "time_zone"?,"hours"?: ["mon-fri 09:00-17:00"],"holidays"?: ["2026-12-25=Name"]} → 200
//   Component statuses given with an incident write are recorded as that update's Statuspage
//   affected_components. Every operator path is rate-limited per client (OperatorContext::limiter).
//   POST  /api/v1/maintenances              {"name","scheduled_for","scheduled_until","components"?,"message"?} → 201
//   POST  /api/v1/maintenances/{id}/updates {"status","message"} → 201 (forward only)
//   POST  /api/v1/maintenances/{id}/start | /complete   {"message"?} → 201
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "candor/time.hpp"
#include "http_message.hpp"
#include "json_body.hpp"

namespace candor::server {

class Store;
class PortalCache;
class RateLimiter;

struct OperatorContext {
  Store* store = nullptr;
  PortalCache* portal = nullptr;  // the current snapshot: components, history, open incidents
  RateLimiter* limiter = nullptr;  // per-client limit on operator writes; null = none
};

// The response for an operator path (any method), or nullopt when `path` is not one.
std::optional<Response> handle_operator(OperatorContext& ctx, const Request& req, std::string_view path,
                                        TimeMs now);

// Checks "Authorization: Bearer TOKEN" against the stored hashes (constant time, every
// token compared). nullopt = allowed; otherwise the 401 or 403 to send.
std::optional<Response> authorize_operator(Store& store, const Request& req,
                                           std::initializer_list<std::string_view> scopes);

// Re-runs the promise step for every open incident and open case and stores the promises
// that changed.
// Returns how many changed, or the store's error.
Result<int> run_promise_tick(OperatorContext& ctx, TimeMs now);

// A new operator token: its id and secret; only the secret's SHA-256 is stored. The secret
// is "cnd_" followed by 64 hex digits (256 bits).
struct NewToken {
  std::string id;
  std::string secret;
};
Result<NewToken> create_operator_token(Store& store, std::string_view scope, TimeMs now);

}  // namespace candor::server
