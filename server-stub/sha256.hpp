// SHA-256 (FIPS 180-4) for hashing operator and case tokens before they are stored or
// compared: small and self-contained, so OpenSSL is not a dependency. Plus the helpers
// that go with secrets: random tokens and a constant-time comparison.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace candor::server {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);
// The digest as 32 raw bytes in a string (the form the store keeps).
std::string sha256_bytes(std::string_view bytes);

// HMAC-SHA256 (RFC 2104): signs webhook payloads and derives capability tokens.
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

// Equal length and contents, in a time that depends only on the length.
bool constant_time_equal(std::string_view a, std::string_view b);

// `n_bytes` from the operating system's CSPRNG (std::random_device, /dev/urandom on
// Linux), as lowercase hex. Empty when no randomness is available: callers fail the write.
std::string random_hex(std::size_t n_bytes);
// The same randomness as raw bytes (secrets that are base64-encoded, HMAC keys).
std::string random_bytes(std::size_t n_bytes);

}  // namespace candor::server
