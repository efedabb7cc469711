// Standard Webhooks signing and verification (webhook_signature.hpp).
#include "webhook_signature.hpp"

#include "base64.hpp"
#include "sha256.hpp"

namespace candor::server {

namespace {

constexpr std::string_view kSecretPrefix = "whsec_";

Error bad(const char* path, std::string detail) { return Error{errc::invalid_value, path, std::move(detail)}; }

// The signed content, computed once so signing and verifying cannot drift apart.
std::string signature_of(const std::string& key, std::string_view id, std::string_view timestamp,
                         std::string_view body) {
  std::string content;
  content.reserve(id.size() + timestamp.size() + body.size() + 2);
  content.append(id).append(".").append(timestamp).append(".").append(body);
  const Sha256Digest mac = hmac_sha256(key, content);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

}  // namespace

Result<std::string> webhook_signing_key(std::string_view secret) {
  if (secret.substr(0, kSecretPrefix.size()) == kSecretPrefix) secret.remove_prefix(kSecretPrefix.size());
  if (secret.empty()) return bad("secret", "is empty");
  auto key = base64_decode(secret);
  if (!key || key->empty()) return bad("secret", "is not \"whsec_\" followed by base64");
  return std::move(*key);
}

Result<std::string> sign_webhook(std::string_view secret, std::string_view id, std::int64_t timestamp_s,
                                 std::string_view body) {
  auto key = webhook_signing_key(secret);
  if (!key) return key.error();
  if (id.empty()) return bad("webhook-id", "is empty");
  return "v1," + signature_of(key.value(), id, std::to_string(timestamp_s), body);
}

Result<bool> verify_webhook(std::string_view secret, std::string_view id, std::string_view timestamp,
                            std::string_view signatures, std::string_view body, std::int64_t now_s,
                            std::int64_t tolerance_s) {
  auto key = webhook_signing_key(secret);
  if (!key) return key.error();
  if (id.empty()) return bad("webhook-id", "is missing");
  if (timestamp.empty()) return bad("webhook-timestamp", "is missing");
  // Unix seconds as plain digits; anything longer than 18 digits cannot be a time we sent.
  if (timestamp.size() > 18) return bad("webhook-timestamp", "is not a number of seconds");
  std::int64_t ts = 0;
  for (char c : timestamp) {
    if (c < '0' || c > '9') return bad("webhook-timestamp", "is not a number of seconds");
    ts = ts * 10 + (c - '0');
  }
  if (ts < now_s - tolerance_s) return bad("webhook-timestamp", "is too old (a replay?)");
  if (ts > now_s + tolerance_s) return bad("webhook-timestamp", "is too far in the future");
  if (signatures.empty()) return bad("webhook-signature", "is missing");

  const std::string expected = signature_of(key.value(), id, timestamp, body);
  bool matched = false;
  // Every entry is compared (no early exit), so the time does not tell which one matched.
  while (!signatures.empty()) {
    const std::size_t space = signatures.find(' ');
    std::string_view entry = signatures.substr(0, space);
    signatures = space == std::string_view::npos ? std::string_view() : signatures.substr(space + 1);
    if (entry.substr(0, 3) != "v1,") continue;  // another scheme (v1a: asymmetric) or junk
    entry.remove_prefix(3);
    if (constant_time_equal(entry, expected)) matched = true;
  }
  if (!matched) return bad("webhook-signature", "matches no v1 signature of this message");
  return true;
}

}  // namespace candor::server
