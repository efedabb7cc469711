// Dispatch by path and method, plus the headers every response carries (routes.hpp).
#include "routes.hpp"

#include <optional>
#include <string>

#include "customer_api.hpp"
#include "feeds.hpp"
#include "gzip.hpp"
#include "json_body.hpp"
#include "log.hpp"
#include "operator_api.hpp"
#include "page_api.hpp"
#include "portal_cache.hpp"
#include "prerender.hpp"
#include "static_files.hpp"
#include "statuspage.hpp"
#include "subscription_api.hpp"
#include "candor/widget_view.hpp"

namespace candor::server {
namespace {

// The embeddable widget's small view (core: widget_view.hpp), so host pages never fetch the
// whole snapshot or the wasm core.
constexpr std::string_view kWidgetPath = "/api/v1/widget.json";

constexpr std::string_view kApiMethods = "GET, HEAD, OPTIONS";

bool is_get_or_head(std::string_view m) { return m == "GET" || m == "HEAD"; }

// A cacheable public document: strong ETag, If-None-Match → 304, gzip when the client
// accepts it (as its own representation with its own ETag, "<tag>-gz"). `gzipped` is the
// body already compressed, when the caller keeps one; otherwise it is compressed here.
// Nothing is copied or compressed for a 304: revalidations are most of a status page's
// traffic, and the portal's body is a few hundred KB.
Response cacheable(const Request& req, std::string_view body, const std::string& etag, std::string_view content_type,
                   const std::string* gzipped = nullptr) {
  Response r;
  r.headers.push_back({"Content-Type", std::string(content_type)});
  r.headers.push_back({"Cache-Control", std::string(kPortalCacheControl)});
  r.headers.push_back({"Vary", "Accept-Encoding"});
  const bool want_gzip = body.size() >= kGzipMinBytes && accepts_gzip(req.header("Accept-Encoding"));
  std::string tag = want_gzip ? gzip_etag(etag) : etag;
  const std::string_view inm = req.header("If-None-Match");
  if (!inm.empty() && if_none_match_matches(inm, tag)) {
    r.headers.push_back({"ETag", std::move(tag)});
    r.status = 304;
    return r;
  }
  r.status = 200;
  std::optional<std::string> gz;
  if (want_gzip) gz = gzipped != nullptr && !gzipped->empty() ? std::optional<std::string>(*gzipped) : gzip_compress(body);
  if (gz) {
    r.headers.push_back({"Content-Encoding", "gzip"});
    r.body = std::move(*gz);
  } else {
    tag = etag;  // zlib failed: the identity representation, under its own tag
    r.body = std::string(body);
  }
  r.headers.push_back({"ETag", std::move(tag)});
  return r;
}

Result<std::shared_ptr<const PortalDocument>> current_document(RouteContext& ctx, std::string_view path,
                                                               TimeMs now) {
  if (ctx.portal == nullptr) return Error{errc::invalid_value, std::string(path), "no store is open"};
  return ctx.portal->get(now);
}

Response document_error(std::string_view path, const Error& e) {
  if (e.detail == "no store is open") return json_error(503, "unavailable", path, "no store is open");
  // The detail names files and SQLite internals: log it, do not publish it.
  log(LogLevel::error, std::string(path) + ": " + e.path + ": " + e.detail);
  return json_error(500, "store_error", path, "the portal data could not be read");
}

Response portal(RouteContext& ctx, const Request& req, TimeMs now) {
  auto doc = current_document(ctx, kPortalPath, now);
  if (!doc) return document_error(kPortalPath, doc.error());
  const PortalDocument& d = *doc.value();
  return cacheable(req, d.body, d.etag, "application/json", &d.body_gzip);
}

// /api/v2/*.json: derived from the same cached snapshot as portal.json.
Response statuspage(RouteContext& ctx, const Request& req, std::string_view path, StatuspageDocument which,
                    TimeMs now) {
  auto doc = current_document(ctx, path, now);
  if (!doc) return document_error(path, doc.error());
  const PortalDocument& d = *doc.value();
  std::string body = encode_statuspage(*d.snapshot, which, d.component_changes.get());
  std::string etag = "\"v2-" + std::to_string(d.version) + "-" + fnv1a_hex(body) + "\"";
  return cacheable(req, std::move(body), etag, "application/json");
}

// /api/v1/widget.json: computed by the native core from the cached snapshot at `now` (its
// window follows the clock once a promise is missed), tagged by its own bytes.
Response widget(RouteContext& ctx, const Request& req, TimeMs now) {
  auto doc = current_document(ctx, kWidgetPath, now);
  if (!doc) return document_error(kWidgetPath, doc.error());
  const PortalDocument& d = *doc.value();
  std::string body = widget_view_json(*d.snapshot, now);
  std::string etag = "\"w-" + std::to_string(d.version) + "-" + fnv1a_hex(body) + "\"";
  return cacheable(req, std::move(body), etag, "application/json");
}

// /history.atom and /maintenance.ics: derived from the cached snapshot like /api/v2.
Response feed(RouteContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  if (!is_get_or_head(req.method)) {
    Response r = text_response(405, "Method not allowed\n");
    r.headers.push_back({"Allow", "GET, HEAD"});
    return r;
  }
  auto doc = current_document(ctx, path, now);
  if (!doc) return document_error(path, doc.error());
  const PortalDocument& d = *doc.value();
  const bool atom = path == kAtomPath;
  std::string body = atom ? encode_atom(*d.snapshot) : encode_ics(*d.snapshot);
  const std::string etag = "\"" + std::string(atom ? "atom-" : "ics-") + std::to_string(d.version) + "-" +
                           fnv1a_hex(body) + "\"";
  Response r = cacheable(req, std::move(body), etag,
                         atom ? "application/atom+xml; charset=utf-8" : "text/calendar; charset=utf-8");
  r.headers.push_back({"Access-Control-Allow-Origin", "*"});
  return r;
}

Response api(RouteContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  Response r;
  if (req.method == "OPTIONS") {
    r.status = 204;
    r.headers.push_back({"Access-Control-Allow-Methods", std::string(kApiMethods)});
    r.headers.push_back({"Access-Control-Allow-Headers", "If-None-Match"});
    r.headers.push_back({"Access-Control-Max-Age", "86400"});
  } else if (SubscriptionContext sc{ctx.store, ctx.limiter, ctx.mail_enabled};
             auto subscribed = handle_subscription(sc, req, path, now)) {
    r = std::move(*subscribed);
  } else if (OperatorContext op{ctx.store, ctx.portal, ctx.operator_limiter}; auto written = handle_operator(op, req, path, now)) {
    r = std::move(*written);
  } else if (OperatorContext pc{ctx.store, ctx.portal, ctx.operator_limiter}; auto page = handle_page(pc, req, path, now)) {
    r = std::move(*page);
  } else if (CustomerContext cc{ctx.store, ctx.portal, ctx.limiter}; auto answered = handle_customer(cc, req, path, now)) {
    r = std::move(*answered);
  } else if (const auto v2 = statuspage_document_for(path); path != kPortalPath && path != kWidgetPath && !v2) {
    r = json_error(404, "not_found", path, "no such endpoint");
  } else if (!is_get_or_head(req.method)) {
    r = json_error(405, "method_not_allowed", path, "use GET or HEAD");
    r.headers.push_back({"Allow", std::string(kApiMethods)});
  } else if (v2) {
    r = statuspage(ctx, req, path, *v2, now);
  } else if (path == kWidgetPath) {
    r = widget(ctx, req, now);
  } else {
    r = portal(ctx, req, now);
  }
  // Public, read-only data: any site may read it, and scripts may see the ETag.
  r.headers.push_back({"Access-Control-Allow-Origin", "*"});
  r.headers.push_back({"Access-Control-Expose-Headers", "ETag"});
  return r;
}

// "/" and "/index.html": the entry page with the current status in it, for readers without
// JavaScript. It changes with the data, so caches revalidate it every time.
std::optional<Response> prerendered_index(RouteContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  if (ctx.prerender == nullptr || (path != "/" && path != "/index.html")) return std::nullopt;
  auto doc = current_document(ctx, path, now);
  if (!doc) return std::nullopt;  // the file as it is: never fail the page over the data
  auto page = ctx.prerender->get(ctx.web_root, doc.value()->snapshot, now);
  if (!page) return std::nullopt;
  Response r = cacheable(req, page->html, page->etag, "text/html; charset=utf-8");
  r.set_header("Cache-Control", "no-cache");
  return r;
}

// Headers every response carries, and the body rules of HEAD, 204 and 304.
Response finish(Response r, bool head) {
  r.set_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("Origin-Agent-Cluster", std::string(kOriginAgentCluster));
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
  if (is_get_or_head(req.method)) {
    if (auto refused = rate_limited(ctx.read_limiter, req, now)) {
      refused->headers.push_back({"Access-Control-Allow-Origin", "*"});  // so a page's script sees the 429
      return finish(std::move(*refused), head);
    }
  }
  if (path == "/api" || path.substr(0, 5) == "/api/") return finish(api(ctx, req, path, now), head);
  if (path == kAtomPath || path == kIcsPath) return finish(feed(ctx, req, path, now), head);
  if (!is_get_or_head(req.method)) {
    Response r = text_response(405, "Method not allowed\n");
    r.headers.push_back({"Allow", "GET, HEAD"});
    return finish(std::move(r), head);
  }
  if (auto index = prerendered_index(ctx, req, path, now)) return finish(std::move(*index), head);
  Response r = finish(serve_static(ctx.web_root, req, path, query), head);
  if (path == kEmbedPath) r.set_header("Content-Security-Policy", std::string(kEmbedContentSecurityPolicy));
  return r;
}

Response error_response(int status, std::string_view detail) {
  std::string body(detail);
  body += '\n';
  return finish(text_response(status, std::move(body)), false);
}

}  // namespace candor::server
