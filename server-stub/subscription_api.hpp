// Customers subscribe themselves (issue 10): email with double opt-in, webhooks, a private
// case's updates; a manage page; RFC 8058 one-click unsubscribe. All JSON except the
// unsubscribe page; errors in json_error's shape; writes rate-limited like other public writes.
//
//   GET    /api/v1/subscriptions/options.json          {"email": bool, "webhook": true, "languages": [...]}
//   POST   /api/v1/subscriptions                       {"email", "language"?, "components"?} → 202
//                                                      {"webhook_url", "language"?, "components"?} → 201
//   POST   /api/v1/subscriptions/confirm               {"token"} → 200 | 404
//   GET|PUT|DELETE /api/v1/subscriptions/{manage_token}.json
//   POST   /api/v1/subscriptions/{manage_token}/unsubscribe   one click (any body) → 200
//   GET    /api/v1/subscriptions/{manage_token}/unsubscribe   a page whose button POSTs it
//   POST   /api/v1/cases/{case_token}/subscribe        {"email", "language"?} → 202
//
// An email subscribe answers 202 {"status":"confirmation_sent"} whether or not the address
// was known, so the API cannot be asked who subscribes. A second webhook subscribe of the
// same URL is a 409: answering with the first one's secret would give it to anyone who knows
// the URL. Tokens are not stored (subscription_token.hpp); wrong and expired answer alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "candor/time.hpp"
#include "http_message.hpp"

namespace candor::server {

class Store;
class RateLimiter;

struct SubscriptionContext {
  Store* store = nullptr;
  RateLimiter* limiter = nullptr;  // per-client limit on customer writes; null = none
  bool mail_enabled = false;       // an SMTP relay is configured: email subscriptions are offered
};

// The response for a subscription path (any method), or nullopt when `path` is not one.
std::optional<Response> handle_subscription(SubscriptionContext& ctx, const Request& req, std::string_view path,
                                            TimeMs now);

// RFC 5321 limits (254 octets in all, 64 before the '@'), one '@', a dotted domain of
// letters, digits and hyphens, nothing that could break a header. Returns the address with
// its domain lower-cased, or nullopt.
std::optional<std::string> normalise_email(std::string_view address);
// http(s), a host, no user:password@, at most 2,000 characters, nothing to escape.
bool is_webhook_url(std::string_view url);
// "a***@b.example": enough for its owner to recognise it, not enough to harvest.
std::string mask_email(std::string_view address);

}  // namespace candor::server
