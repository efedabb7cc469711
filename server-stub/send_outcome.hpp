// What one attempt to hand a message over (SMTP relay, webhook receiver) came to: the
// delivery worker turns it into sent / retry / failed in the outbox. `why` reaches the log
// and the outbox's last_error, so it never holds an address or URL (the caller logs sub_ ids).
#pragma once

#include <string>

#include "candor/time.hpp"

namespace candor::server {

struct SendOutcome {
  enum class Kind {
    delivered,  // accepted (SMTP 250 after DATA, HTTP 2xx)
    retry,      // worth trying again later (4xx SMTP, connection trouble, HTTP 5xx/4xx, ...)
    failed,     // will never work (SMTP 5xx): not retried
    abandoned,  // the worker is stopping: leave the delivery as it was, so it is retried
  };
  Kind kind = Kind::retry;
  std::string why;                // empty when delivered
  bool address_rejected = false;  // SMTP 5xx on RCPT: the subscriber is disabled

  static SendOutcome delivered() { return {Kind::delivered, {}, false}; }
  static SendOutcome retry(std::string why) { return {Kind::retry, std::move(why), false}; }
  static SendOutcome failed(std::string why) { return {Kind::failed, std::move(why), false}; }
  static SendOutcome abandoned() { return {Kind::abandoned, "abandoned at shutdown", false}; }
};

}  // namespace candor::server
