// Subscription capability tokens (subscription_token.hpp).
#include "subscription_token.hpp"

#include "base64.hpp"
#include "sha256.hpp"

namespace candor::server {
namespace {

std::string sign(std::string_view link_key, std::string_view subscriber_id, const std::string& message) {
  const Sha256Digest mac = hmac_sha256(link_key, message);
  std::string token(subscriber_id);
  token += '.';
  token += base64url_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
  return token;
}

bool is_subscriber_id(std::string_view id) {
  if (id.size() != 20 || id.substr(0, 4) != "sub_") return false;
  for (const char c : id.substr(4))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string manage_token(std::string_view link_key, std::string_view subscriber_id) {
  return sign(link_key, subscriber_id, "manage:" + std::string(subscriber_id));
}

std::string confirm_token(std::string_view link_key, std::string_view subscriber_id, TimeMs created_at) {
  return sign(link_key, subscriber_id, "confirm:" + std::string(subscriber_id) + ":" + std::to_string(created_at));
}

std::optional<std::string> token_subscriber_id(std::string_view token) {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view id = token.substr(0, dot);
  // 32 MAC bytes are 43 base64url characters.
  if (!is_subscriber_id(id) || token.size() - dot - 1 != 43) return std::nullopt;
  return std::string(id);
}

std::string new_subscriber_id() {
  const std::string hex = random_hex(8);
  return hex.empty() ? std::string() : "sub_" + hex;
}

}  // namespace candor::server
