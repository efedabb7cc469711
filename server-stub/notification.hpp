// The contract between the subscription store (events, deliveries) and the delivery worker:
// what a claimed delivery carries, and the messages rendered from it at send time. Messages are
// rendered from the event payload and the subscriber's language when sent, so the outbox holds
// no personal data beyond the subscriber row.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "candor/error.hpp"
#include "candor/time.hpp"

namespace candor::server {

class MailCatalogs;  // notification_message.hpp

// A delivery the worker may attempt now (Store::claim_deliveries).
struct DueDelivery {
  std::int64_t id = 0;
  std::string key;             // idempotency key: Message-ID / webhook-id
  std::string kind;            // "email" | "webhook"
  std::string subscriber_id;
  std::string address;         // email address or webhook URL
  std::string secret;          // webhook signing secret ("whsec_...")
  std::string language;
  // NOT stored in clear: derived from the store's link key when claimed (subscription_token.hpp
  // describes the scheme), so the worker can put it into links.
  std::string manage_token;
  std::string event_type;
  std::string event_payload;   // JSON
  TimeMs event_at = 0;
  int attempts = 0;            // attempts made before this one
  TimeMs created_at = 0;       // when the delivery was queued (the one-day retry horizon)
};

struct OutgoingEmail {
  std::string subject, text, html;                           // UTF-8
  std::vector<std::pair<std::string, std::string>> headers;  // List-Unsubscribe, List-Unsubscribe-Post, ...
};

struct MessageContext {
  std::string public_url;
  std::string page_name;
};

// The outbox's deliveries by state (logs, bench, tests).
struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
};

// Rendered at send time (notification_message.cpp; the delivery worker calls them).
Result<OutgoingEmail> compose_email(const DueDelivery& d, const MessageContext& ctx, const MailCatalogs& catalogs);
Result<std::string> compose_webhook_body(const DueDelivery& d, const MessageContext& ctx);  // JSON

}  // namespace candor::server
