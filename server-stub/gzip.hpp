// gzip for responses (zlib): what a client's Accept-Encoding allows, and the compression.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace candor::server {

// RFC 9110 §12.5.3: true when "gzip" (or "*") is listed with a q-value above 0.
bool accepts_gzip(std::string_view accept_encoding);

// RFC 1952 gzip of `bytes`; nullopt only if zlib fails (then send the identity body).
// `level` is zlib's: -1 its default (what responses use), 9 the smallest (publish, once).
// The header carries no time or name, so equal input gives equal bytes.
std::optional<std::string> gzip_compress(std::string_view bytes, int level = -1);

// Bodies smaller than this are sent as they are: gzip would barely shrink them.
constexpr std::size_t kGzipMinBytes = 1024;

// The strong ETag of the gzip representation of the one given: "<tag>-gz".
std::string gzip_etag(std::string_view etag);

}  // namespace candor::server
