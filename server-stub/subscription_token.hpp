// A subscriber's capability tokens (manage/unsubscribe, confirm) are never stored: each is
// the subscriber id plus an HMAC-SHA256 under the store's link key, so the worker can put one
// into a message at send time and the API verifies one by recomputing it (constant time).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "candor/time.hpp"

namespace candor::server {

// How long a confirmation link works, from the subscribe (or re-subscribe) it was sent for.
constexpr TimeMs kConfirmTokenLifetimeMs = 48LL * 60 * 60 * 1000;

// SUB_ID "." base64url(HMAC-SHA256(link_key, "manage:" SUB_ID))
std::string manage_token(std::string_view link_key, std::string_view subscriber_id);
// SUB_ID "." base64url(HMAC-SHA256(link_key, "confirm:" SUB_ID ":" created_at)): a re-subscribe
// moves created_at, which retires every earlier confirmation link.
std::string confirm_token(std::string_view link_key, std::string_view subscriber_id, TimeMs created_at);

// The subscriber id a token claims to be for ("sub_" + 16 hex), before any verification;
// nullopt when the token does not have the shape.
std::optional<std::string> token_subscriber_id(std::string_view token);

// A new subscriber id: "sub_" + 16 random hex digits; empty when no randomness is available.
std::string new_subscriber_id();

}  // namespace candor::server
