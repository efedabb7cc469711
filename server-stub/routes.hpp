// What the server answers, as one plain function from a request to a response (the shape
// of Beast's http_server_async handle_request, without Beast types): cheap to compile,
// tested without sockets. The caller reads the clock once and passes `now`.
#pragma once

#include <filesystem>
#include <string_view>

#include "candor/time.hpp"
#include "http_message.hpp"

namespace candor::server {

class PortalCache;
class Store;
class RateLimiter;

// Sent with every response, errors and 304s included.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'";

constexpr std::string_view kPortalPath = "/api/v1/portal.json";
constexpr std::string_view kPortalCacheControl = "public, max-age=5, stale-while-revalidate=30";

struct RouteContext {
  PortalCache* portal = nullptr;        // the snapshot source
  Store* store = nullptr;               // operator writes (operator_api.hpp); null = read-only
  RateLimiter* limiter = nullptr;       // per-client limit on customer writes; null = none
  std::filesystem::path web_root;       // the built portal; may not exist (API only)
};

//   GET|HEAD /api/v1/portal.json   the snapshot (ETag, If-None-Match → 304, CORS *)
//   GET|HEAD /api/v2/*.json         Statuspage-compatible documents (statuspage.hpp)
//   POST|PATCH operator paths       writes with a bearer token (operator_api.hpp)
//   OPTIONS  /api/...              CORS preflight
//   other    /api/...              404 / 405, JSON error bodies
//   GET|HEAD anything else         static files from web_root ("/" → index.html)
Response handle_request(RouteContext& ctx, const Request& req, TimeMs now);

// For failures before routing (malformed request, body too large): `detail` as text/plain,
// with the security headers.
Response error_response(int status, std::string_view detail);

}  // namespace candor::server
