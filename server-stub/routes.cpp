// Dispatch by path and method, plus the headers every response carries (routes.hpp).
#include "routes.hpp"

#include <string>

#include "log.hpp"
#include "portal_cache.hpp"
#include "static_files.hpp"

namespace candor::server {
namespace {

constexpr std::string_view kApiMethods = "GET, HEAD, OPTIONS";

bool is_get_or_head(std::string_view m) { return m == "GET" || m == "HEAD"; }

// JSON string contents for error bodies. Bytes outside printable ASCII become '?', so a
// hostile target can never make the body invalid UTF-8 or break out of the string.
std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c < 0x20 || c > 0x7e) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Same shape as the core's error_to_json: {"error": {"code", "path", "detail"}}.
Response api_error(int status, std::string_view code, std::string_view path, std::string_view detail) {
  Response r;
  r.status = status;
  r.body = "{\"error\":{\"code\":" + json_quote(code) + ",\"path\":" + json_quote(path) +
           ",\"detail\":" + json_quote(detail) + "}}";
  r.headers.push_back({"Content-Type", "application/json"});
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

Response portal(RouteContext& ctx, const Request& req, TimeMs now) {
  if (ctx.portal == nullptr) return api_error(503, "unavailable", kPortalPath, "no store is open");
  auto doc = ctx.portal->get(now);
  if (!doc) {
    // The detail names files and SQLite internals: log it, do not publish it.
    log(LogLevel::error, "portal.json: " + doc.error().path + ": " + doc.error().detail);
    return api_error(500, "store_error", kPortalPath, "the portal data could not be read");
  }
  const PortalDocument& d = *doc.value();
  Response r;
  r.headers.push_back({"Content-Type", "application/json"});
  r.headers.push_back({"Cache-Control", std::string(kPortalCacheControl)});
  r.headers.push_back({"ETag", d.etag});
  const std::string_view inm = req.header("If-None-Match");
  if (!inm.empty() && if_none_match_matches(inm, d.etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.body = d.body;
  return r;
}

Response api(RouteContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  Response r;
  if (req.method == "OPTIONS") {
    r.status = 204;
    r.headers.push_back({"Access-Control-Allow-Methods", std::string(kApiMethods)});
    r.headers.push_back({"Access-Control-Allow-Headers", "If-None-Match"});
    r.headers.push_back({"Access-Control-Max-Age", "86400"});
  } else if (path != kPortalPath) {
    r = api_error(404, "not_found", path, "no such endpoint");
  } else if (!is_get_or_head(req.method)) {
    r = api_error(405, "method_not_allowed", path, "use GET or HEAD");
    r.headers.push_back({"Allow", std::string(kApiMethods)});
  } else {
    r = portal(ctx, req, now);
  }
  // Public, read-only data: any site may read it, and scripts may see the ETag.
  r.headers.push_back({"Access-Control-Allow-Origin", "*"});
  r.headers.push_back({"Access-Control-Expose-Headers", "ETag"});
  return r;
}

// Headers every response carries, and the body rules of HEAD, 204 and 304.
Response finish(Response r, bool head) {
  r.set_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "no-referrer");
  if (r.status == 204 || r.status == 304) {
    r.body.clear();
    r.content_length = 0;
  } else {
    r.content_length = r.body.size();
    if (head) r.body.clear();
  }
  return r;
}

}  // namespace

Response handle_request(RouteContext& ctx, const Request& req, TimeMs now) {
  const bool head = req.method == "HEAD";
  const std::string_view target = req.target;
  const auto q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);

  if (path.empty() || path.front() != '/') return finish(text_response(400, "Bad request target\n"), head);
  if (path == "/api" || path.substr(0, 5) == "/api/") return finish(api(ctx, req, path, now), head);
  if (!is_get_or_head(req.method)) {
    Response r = text_response(405, "Method not allowed\n");
    r.headers.push_back({"Allow", "GET, HEAD"});
    return finish(std::move(r), head);
  }
  return finish(serve_static(ctx.web_root, req, path, query), head);
}

Response error_response(int status, std::string_view detail) {
  std::string body(detail);
  body += '\n';
  return finish(text_response(status, std::move(body)), false);
}

}  // namespace candor::server
