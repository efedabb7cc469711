// PATCH /api/v1/page (page_api.hpp): authenticate, validate every field, one durable write.
#include "page_api.hpp"

#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "business_hours.hpp"
#include "candor/theme.hpp"
#include "json_body.hpp"
#include "log.hpp"
#include "portal_cache.hpp"
#include "store.hpp"
#include "store_failure.hpp"

namespace candor::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxPageUrlBytes = 2048;

// The canonical address feeds and links are built from: http(s), a host, no trailing slash
// (paths are appended to it), nothing that needs escaping.
bool is_page_url(std::string_view s) {
  if (s.empty() || s.size() > kMaxPageUrlBytes || s.back() == '/') return false;
  const std::size_t scheme = s.rfind("https://", 0) == 0 ? 8 : s.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0 || s.size() == scheme || s[scheme] == '/') return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  return true;
}

Response bad_field(std::string_view code, const std::string& pointer, const std::string& detail) {
  return json_error(400, code, pointer, pointer.substr(1) + ": " + detail);
}

// "links": [{"label", "url"}] or null. Body has checked the envelope; the array's shape is
// read here, its values by candor::check_theme afterwards.
std::optional<Response> read_links(const Request& req, std::vector<PageLink>& out) {
  boost::system::error_code ec;
  const json::value doc = json::parse(req.body, ec);
  const json::value& v = doc.as_object().at("links");
  if (v.is_null()) return std::nullopt;
  if (!v.is_array())
    return bad_field("wrong_type", "/links", "must be an array of {\"label\", \"url\"} objects, or null to clear them");
  if (v.as_array().size() > kMaxThemeLinks)
    return bad_field("invalid_value", "/links",
                     "has " + std::to_string(v.as_array().size()) + " links; at most " + std::to_string(kMaxThemeLinks) +
                         " are allowed");
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const json::value& item = v.as_array()[i];
    const std::string at = "/links/" + std::to_string(i);
    if (!item.is_object()) return bad_field("wrong_type", at, "must be an object {\"label\", \"url\"}");
    PageLink link;
    for (const auto& kv : item.as_object()) {
      if (kv.key() != "label" && kv.key() != "url")
        return bad_field("unknown_field", at + "/" + std::string(kv.key()), "unknown field; allowed: label, url");
      if (!kv.value().is_string())
        return bad_field("wrong_type", at + "/" + std::string(kv.key()), "must be a string");
      (kv.key() == "label" ? link.label : link.url) = std::string(kv.value().as_string());
    }
    if (!item.as_object().contains("label")) return bad_field("missing_field", at + "/label", "required");
    if (!item.as_object().contains("url")) return bad_field("missing_field", at + "/url", "required");
    out.push_back(std::move(link));
  }
  return std::nullopt;
}

json::object page_json(const Page& p) {
  json::array links;
  for (const PageLink& l : p.theme.links) links.push_back(json::object{{"label", l.label}, {"url", l.url}});
  const auto or_null = [](const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); };
  return {{"id", p.id},
          {"name", p.name},
          {"url", p.url},
          {"time_zone", p.time_zone},
          {"theme", json::object{{"accent", or_null(p.theme.accent)},
                                 {"logo_url", or_null(p.theme.logo_url)},
                                 {"links", std::move(links)}}}};
}

Response set_page(OperatorContext& ctx, const Request& req, TimeMs now) {
  // Not a structured binding: clang (C++17) refuses to capture one in the lambda below.
  auto parsed = Body::parse(req, {"name", "url", "time_zone", "accent", "logo_url", "links"});
  if (parsed.second) return *parsed.second;
  Body& body = parsed.first;
  PageSettings p;
  if (body.has("name")) p.name = body.text("name", false, kMaxNameChars);
  // null clears the optional ones: the portal is then relative, or has the default look.
  const auto cleared = [&](std::string_view key) { return body.present(key) && !body.has(key); };
  if (cleared("url")) p.url = "";
  if (body.has("url")) p.url = body.text("url", false, kMaxPageUrlBytes);
  if (body.has("time_zone")) p.time_zone = body.text("time_zone", false, 64);
  if (cleared("accent")) p.accent = "";
  if (body.has("accent")) p.accent = body.text("accent", false, 7);
  if (cleared("logo_url")) p.logo_url = "";
  if (body.has("logo_url")) p.logo_url = body.text("logo_url", false, kMaxThemeUrlBytes);
  if (body.failure()) return *body.failure();
  if (body.present("links")) {
    std::vector<PageLink> links;
    if (auto failed = read_links(req, links)) return *failed;
    p.links = std::move(links);
  }
  if (!p.name && !p.url && !p.time_zone && !p.accent && !p.logo_url && !p.links)
    return json_error(400, "missing_field", "", "give at least one of name, url, time_zone, accent, logo_url, links");

  if (p.url && !p.url->empty() && !is_page_url(*p.url))
    return bad_field("invalid_value", "/url",
                     "must be the portal's http:// or https:// address without a trailing slash, e.g. "
                     "https://status.example.com, or null for a relative portal");
  if (p.time_zone && !is_known_time_zone(*p.time_zone))
    return bad_field("invalid_value", "/time_zone",
                     "\"" + *p.time_zone + "\" is not an IANA time zone; use a name such as Europe/Oslo");
  PageTheme theme;
  theme.accent = p.accent.value_or("");
  theme.logo_url = p.logo_url.value_or("");
  if (p.links) theme.links = *p.links;
  if (Error e = check_theme(theme); e.code != errc::ok) return bad_field("invalid_value", e.path, e.detail);

  auto v = ctx.store->set_page_settings(p, now);
  if (!v) return store_failure_response("set page", v.error());
  if (!v.value()) return json_error(409, "conflict", std::string(kPagePath), "the store has no page yet; import or create one first");
  // The answer is the page as now stored, read back through the cache like every reader.
  json::object o;
  if (ctx.portal != nullptr) {
    if (auto doc = ctx.portal->get(now)) o["page"] = page_json(doc.value()->snapshot->page);
  }
  o["version"] = *v.value();
  return json_response(200, o);
}

}  // namespace

std::optional<Response> handle_page(OperatorContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  if (path != kPagePath) return std::nullopt;
  if (req.method != "PATCH") {
    Response r = json_error(405, "method_not_allowed", path, "use PATCH");
    r.headers.push_back({"Allow", "PATCH"});
    return r;
  }
  if (ctx.store == nullptr) return json_error(503, "unavailable", path, "no store is open");
  if (auto denied = authorize_operator(*ctx.store, req, {"write"})) return *denied;
  return set_page(ctx, req, now);
}

}  // namespace candor::server
