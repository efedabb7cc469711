// Standard Webhooks signatures (https://www.standardwebhooks.com/, "Signature scheme"):
// what a webhook subscriber's receiver checks to know a request came from this portal
// and was not replayed. Signing and verifying live together so the sender and its tests
// share one definition of the signed content.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "candor/error.hpp"

namespace candor::server {

// The HMAC key of a secret: "whsec_" + base64(key bytes), or the bare base64 (the
// reference libraries accept both). An error (path "secret") when it is not base64 or empty.
Result<std::string> webhook_signing_key(std::string_view secret);

// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp_s + "." + body)): the value of the
// `webhook-signature` header for a message `id` sent at `timestamp_s` (Unix seconds).
Result<std::string> sign_webhook(std::string_view secret, std::string_view id, std::int64_t timestamp_s,
                                 std::string_view body);

// How far a receiver lets `webhook-timestamp` stray from its clock (the spec's
// reference libraries use five minutes either way).
constexpr std::int64_t kWebhookToleranceS = 5 * 60;

// Checks a received message: `signatures` is the header's space-separated list ("v1,..."
// entries; other versions are ignored, as the spec says), any one may match. Errors say
// which header is wrong and why (missing, not a number, outside the tolerance, no match).
Result<bool> verify_webhook(std::string_view secret, std::string_view id, std::string_view timestamp,
                            std::string_view signatures, std::string_view body, std::int64_t now_s,
                            std::int64_t tolerance_s = kWebhookToleranceS);

}  // namespace candor::server
