// Base64 (RFC 4648 §4) and its URL-safe form without padding (§5): webhook secrets and
// signatures (Standard Webhooks) and capability tokens that travel in links.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace candor::server {

std::string base64_encode(std::string_view bytes);
// nullopt for anything but canonical padded base64 (no whitespace, no stray characters).
std::optional<std::string> base64_decode(std::string_view text);

std::string base64url_encode(std::string_view bytes);  // no '=' padding
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace candor::server
