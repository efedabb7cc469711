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
class PrerenderCache;
class Store;
class RateLimiter;

// Sent with every response, errors and 304s included. Images may come from any https origin:
// the operator's logo (page theme) is often on the company's own site, and an image cannot run.
#define CANDOR_CSP_BEFORE_FRAME_ANCESTORS                                                              \
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https:; " \
  "connect-src 'self'; object-src 'none'; base-uri 'none'; "
constexpr std::string_view kContentSecurityPolicy =
    CANDOR_CSP_BEFORE_FRAME_ANCESTORS "frame-ancestors 'self'; form-action 'self'";

// The widget's live mode frames this page on the company's own sites (web/embed.html), so it
// alone may be framed anywhere; the rest of its policy is the portal's.
constexpr std::string_view kEmbedPath = "/embed.html";
constexpr std::string_view kEmbedContentSecurityPolicy =
    CANDOR_CSP_BEFORE_FRAME_ANCESTORS "frame-ancestors *; form-action 'self'";
#undef CANDOR_CSP_BEFORE_FRAME_ANCESTORS

// Sent with every response too: asks the browser for an origin-keyed agent cluster, which
// Chromium honours with a process of the portal's own. The widget's live card frames the
// portal on the company's site, usually the same site (status.example.com beside
// www.example.com), where the frame would otherwise share the host page's main thread.
constexpr std::string_view kOriginAgentCluster = "?1";

constexpr std::string_view kPortalPath = "/api/v1/portal.json";
constexpr std::string_view kPortalCacheControl = "public, max-age=5, stale-while-revalidate=30";

struct RouteContext {
  PortalCache* portal = nullptr;        // the snapshot source
  Store* store = nullptr;               // operator writes (operator_api.hpp); null = read-only
  RateLimiter* limiter = nullptr;       // per-client limit on customer writes; null = none
  RateLimiter* read_limiter = nullptr;  // per-client limit on GET/HEAD; null = none
  RateLimiter* operator_limiter = nullptr;  // per-client limit on operator writes; null = none
  std::filesystem::path web_root;       // the built portal; may not exist (API only)
  PrerenderCache* prerender = nullptr;  // index.html with the status filled in; null = as the file is
  // An SMTP relay is configured (serve --smtp): the portal offers email subscriptions
  // (GET /api/v1/subscriptions/options.json).
  bool mail_enabled = false;
};

//   GET|HEAD /api/v1/portal.json   the snapshot (ETag, If-None-Match → 304, CORS *)
//   GET|HEAD /api/v2/*.json         Statuspage-compatible documents (statuspage.hpp)
//   POST|PATCH operator paths       writes with a bearer token (operator_api.hpp)
//   OPTIONS  /api/...              CORS preflight
//   other    /api/...              404 / 405, JSON error bodies
//   GET|HEAD / and /index.html     index.html pre-rendered with the current status (prerender.hpp)
//   GET|HEAD anything else         static files from web_root
Response handle_request(RouteContext& ctx, const Request& req, TimeMs now);

// For failures before routing (malformed request, body too large): `detail` as text/plain,
// with the security headers.
Response error_response(int status, std::string_view detail);

}  // namespace candor::server
