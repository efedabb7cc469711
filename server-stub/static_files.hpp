// Serving the built portal (the web directory `npm run build` fills) without ever leaving
// that directory: percent-decoding is strict, dot segments and encoded separators are
// refused, and the resolved file must still lie under the root after symlinks.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http_message.hpp"

namespace candor::server {

// A request path (the target without its query) made safe: the decoded path relative to
// the web root, "index.html" appended after a trailing slash. nullopt means 400: bad
// percent-encoding, NUL, backslash, an encoded '/' or '\', a "." or ".." segment, or a
// target that does not start with '/'.
std::optional<std::string> safe_relative_path(std::string_view request_path);

// esbuild's "[name]-[hash]" file names (web/build.mjs): eight upper-case base32 characters
// before the extension. Such a file never changes, so it may be cached for good.
bool content_hashed(std::string_view rel);

// GET/HEAD of one file under `root` (the method was checked by the caller). 200 with the
// file, 304 when If-None-Match matches its ETag, 301 to add the slash for a directory,
// 400 for unsafe paths, 404 otherwise (hidden dot-files included). Bodies are full even
// for HEAD; routes strips them.
Response serve_static(const std::filesystem::path& root, const Request& req, std::string_view request_path,
                      std::string_view query);

}  // namespace candor::server
