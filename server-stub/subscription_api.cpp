// The subscription endpoints (subscription_api.hpp).
#include "subscription_api.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "base64.hpp"
#include "customer_api.hpp"
#include "json_body.hpp"
#include "log.hpp"
#include "notification_message.hpp"
#include "sha256.hpp"
#include "store.hpp"
#include "store_failure.hpp"
#include "subscription_token.hpp"

namespace candor::server {

namespace json = boost::json;

namespace {

constexpr std::string_view kBase = "/api/v1/subscriptions";
constexpr std::size_t kMaxWebhookUrlChars = 2000;
constexpr std::size_t kMaxComponents = 500;

bool is_ldh(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

Response not_found(std::string_view path) {
  // One answer for a token that never existed, was revoked, or expired.
  return json_error(404, "not_found", path, "no subscription has this token, or its link has expired");
}

Response invalid_email() {
  return json_error(400, "invalid_value", "/email",
                    "email: not an address we can send to (one @, a dotted domain, at most 64 characters before the @ "
                    "and 254 in all, no spaces)");
}

Response no_mail() {
  return json_error(400, "invalid_value", "/email",
                    "email: this page sends no email (no mail relay is configured); use a webhook or the feeds");
}

Response wrong_method(std::string_view path, std::string_view allow) {
  Response r = json_error(405, "method_not_allowed", path, "use " + std::string(allow));
  r.headers.push_back({"Allow", std::string(allow)});
  return r;
}

// The subscriber a manage token is for, verified by recomputing it (constant time).
Result<std::optional<Subscriber>> by_manage_token(Store& store, std::string_view token) {
  const auto id = token_subscriber_id(token);
  if (!id) return std::optional<Subscriber>();
  auto key = store.link_key();
  if (!key) return key.error();
  if (!constant_time_equal(manage_token(key.value(), *id), token)) return std::optional<Subscriber>();
  return store.find_subscriber(*id);
}

json::object manage_json(const Subscriber& s) {
  json::object o;
  o["id"] = s.id;
  o["kind"] = s.kind;
  o["address"] = s.kind == "email" ? mask_email(s.address) : s.address;
  o["language"] = s.language;
  if (s.all_components) {
    o["components"] = "all";
  } else {
    json::array a;
    for (const std::string& c : s.components) a.emplace_back(c);
    o["components"] = std::move(a);
  }
  o["case"] = s.case_id.has_value();
  o["confirmed"] = s.kind == "webhook" || s.confirmed_at.has_value();
  if (s.disabled_at) {
    json::object d;
    d["at"] = format_iso8601(*s.disabled_at);
    d["reason"] = s.disabled_reason;
    o["disabled"] = std::move(d);
  } else {
    o["disabled"] = nullptr;
  }
  return o;
}

// "components": an array of ids, or "all" (the same as [] or absent: everything). Body has
// checked the envelope already, so the body parses.
std::vector<std::string> read_components(Body& body, const Request& req, const std::vector<std::string>& ids) {
  boost::system::error_code ec;
  const json::value doc = json::parse(req.body.empty() ? std::string_view("{}") : std::string_view(req.body), ec);
  if (!ec && doc.is_object())
    if (const json::value* c = doc.as_object().if_contains("components"); c && c->is_string() && c->as_string() == "all")
      return {};
  return body.string_list("components", ids);
}

// language: one of the portal's, English when absent.
std::string read_language(Body& body) {
  if (!body.has("language")) return "en";
  const std::string lang = body.text("language", false, 8);
  const auto& langs = mail_languages();
  if (!body.failure() && std::find(langs.begin(), langs.end(), lang) == langs.end())
    body.invalid("language", "\"" + lang + "\" is not offered; use one of en, tr, ru, nb");
  return lang;
}

Response options(const SubscriptionContext& ctx) {
  json::object o;
  o["email"] = ctx.mail_enabled;
  o["webhook"] = true;
  json::array langs;
  for (const std::string& l : mail_languages()) langs.emplace_back(l);
  o["languages"] = std::move(langs);
  Response r = json_response(200, o);
  r.headers.push_back({"Cache-Control", "no-cache"});
  return r;
}

Response subscribe(SubscriptionContext& ctx, const Request& req, TimeMs now) {
  auto [body, bad] = Body::parse(req, {"email", "webhook_url", "language", "components"});
  if (bad) return *bad;
  const bool email = body.present("email"), webhook = body.present("webhook_url");
  if (email == webhook)
    return json_error(400, "missing_field", email ? "/webhook_url" : "/email",
                      email ? "webhook_url: give either email or webhook_url, not both"
                            : "email: required (or webhook_url for a webhook subscription)");
  auto ids = ctx.store->component_ids();
  if (!ids) return store_failure_response("subscribe", ids.error());
  Subscriber s;
  s.language = read_language(body);
  s.components = read_components(body, req, ids.value());
  s.all_components = s.components.empty();
  if (body.failure()) return *body.failure();
  if (s.components.size() > kMaxComponents) return json_error(400, "invalid_value", "/components", "components: too many");
  if (email) {
    if (!ctx.mail_enabled) return no_mail();
    const std::string raw = body.text("email", true, 254);
    if (body.failure()) return *body.failure();
    auto address = normalise_email(raw);
    if (!address) return invalid_email();
    s.kind = "email";
    s.address = *address;
    auto r = ctx.store->subscribe(s, now);
    if (!r) return store_failure_response("subscribe", r.error());
    log(LogLevel::info, "subscription: confirmation queued for " + r.value().subscriber.id);
    json::object o;
    o["status"] = "confirmation_sent";
    return json_response(202, o);
  }
  const std::string url = body.text("webhook_url", true, kMaxWebhookUrlChars);
  if (body.failure()) return *body.failure();
  if (!is_webhook_url(url))
    return json_error(400, "invalid_value", "/webhook_url",
                      "webhook_url: must be an http:// or https:// URL with a host, without user:password@, of at most "
                      "2,000 characters");
  const std::string secret_bytes = random_bytes(24);
  if (secret_bytes.size() != 24) return json_error(500, "no_randomness", "", "no randomness is available; nothing was changed");
  s.kind = "webhook";
  s.address = url;
  s.secret = "whsec_" + base64_encode(secret_bytes);
  // No opt-in round trip for a webhook: nothing can be confirmed at a URL without a human,
  // its receiver can tell our signed posts from noise (the secret went to the subscriber
  // alone), and the sender refuses private addresses (webhook_sender's SSRF check).
  s.confirmed_at = now;
  auto r = ctx.store->subscribe(s, now);
  if (!r) return store_failure_response("subscribe", r.error());
  if (!r.value().created)
    return json_error(409, "conflict", "/webhook_url",
                      "webhook_url: this URL is already subscribed; change or remove it with its manage token");
  auto key = ctx.store->link_key();
  if (!key) return store_failure_response("subscribe", key.error());
  log(LogLevel::info, "subscription: webhook " + r.value().subscriber.id + " added");
  json::object o;
  o["id"] = r.value().subscriber.id;
  o["secret"] = s.secret;  // shown once: it is the receiver's to keep
  o["manage_token"] = manage_token(key.value(), r.value().subscriber.id);
  return json_response(201, o);
}

Response confirm(SubscriptionContext& ctx, const Request& req, TimeMs now) {
  auto [body, bad] = Body::parse(req, {"token"});
  if (bad) return *bad;
  const std::string token = body.text("token", true, 200);
  if (body.failure()) return *body.failure();
  const std::string path = std::string(kBase) + "/confirm";
  const auto id = token_subscriber_id(token);
  if (!id) return not_found(path);
  auto found = ctx.store->find_subscriber(*id);
  if (!found) return store_failure_response("confirm", found.error());
  auto key = ctx.store->link_key();
  if (!key) return store_failure_response("confirm", key.error());
  const std::optional<Subscriber>& s = found.value();
  const std::string expected = s ? confirm_token(key.value(), s->id, s->created_at) : manage_token(key.value(), *id);
  // Compared even when there is no such subscriber, so timing does not tell the two apart.
  const bool match = constant_time_equal(expected, token);
  if (!s || !match || s->kind != "email" || now - s->created_at > kConfirmTokenLifetimeMs) return not_found(path);
  auto ok = ctx.store->confirm_subscriber(s->id, now);
  if (!ok) return store_failure_response("confirm", ok.error());
  log(LogLevel::info, "subscription: " + s->id + " confirmed");
  json::object o;
  o["status"] = "confirmed";
  o["manage_token"] = manage_token(key.value(), s->id);
  return json_response(200, o);
}

Response manage(SubscriptionContext& ctx, const Request& req, std::string_view path, std::string_view token,
                TimeMs now) {
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (!get && req.method != "PUT" && req.method != "DELETE") return wrong_method(path, "GET, HEAD, PUT, DELETE");
  if (!get)
    if (auto refused = rate_limited(ctx.limiter, req, now)) return *refused;
  auto found = by_manage_token(*ctx.store, token);
  if (!found) return store_failure_response("subscription", found.error());
  if (!found.value()) return not_found(path);
  Subscriber s = std::move(*found.value());
  if (req.method == "DELETE") {
    auto del = ctx.store->delete_subscriber(s.id);
    if (!del) return store_failure_response("unsubscribe", del.error());
    log(LogLevel::info, "subscription: " + s.id + " deleted by its owner");
    Response r;
    r.status = 204;
    return r;
  }
  if (req.method == "PUT") {
    auto [body, bad] = Body::parse(req, {"language", "components"});
    if (bad) return *bad;
    std::optional<std::string> language;
    if (body.has("language")) language = read_language(body);
    std::optional<std::vector<std::string>> components;
    if (body.present("components")) {
      auto ids = ctx.store->component_ids();
      if (!ids) return store_failure_response("subscription", ids.error());
      components = read_components(body, req, ids.value());
    }
    if (body.failure()) return *body.failure();
    if (s.case_id && components && !components->empty())
      return json_error(400, "invalid_value", "/components", "components: a case subscription follows its case only");
    auto up = ctx.store->update_subscriber(s.id, language, components);
    if (!up) return store_failure_response("subscription", up.error());
    auto again = ctx.store->find_subscriber(s.id);
    if (!again) return store_failure_response("subscription", again.error());
    if (!again.value()) return not_found(path);
    s = std::move(*again.value());
  }
  Response r = json_response(200, manage_json(s));
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

// The unsubscribe pages: plain HTML without script or style (the portal's CSP applies).
Response html_page(const std::string& title, const std::string& inner) {
  Response r;
  r.status = 200;
  r.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  r.headers.push_back({"Cache-Control", "no-store"});
  r.body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\"><title>" +
           title + "</title></head><body>\n<h1>" + title + "</h1>\n" + inner + "\n</body></html>\n";
  return r;
}

// A GET never unsubscribes (mail scanners follow links): this page's one button POSTs.
Response unsubscribe_page(std::string_view path) {
  return html_page("Unsubscribe",
                   "<p>Press the button to stop receiving status updates at this address.</p>\n<form method=\"post\" "
                   "action=\"" + std::string(path) +
                       "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button "
                       "type=\"submit\">Unsubscribe</button></form>");
}

Response one_click(SubscriptionContext& ctx, const Request& req, std::string_view path, std::string_view token,
                   TimeMs now) {
  if (req.method == "GET" || req.method == "HEAD") {
    auto found = by_manage_token(*ctx.store, token);
    if (!found) return store_failure_response("unsubscribe", found.error());
    if (!found.value()) return not_found(path);
    return unsubscribe_page(path);
  }
  if (req.method != "POST") return wrong_method(path, "GET, HEAD, POST");
  if (auto refused = rate_limited(ctx.limiter, req, now)) return *refused;
  // RFC 8058: the body is "List-Unsubscribe=One-Click", form-encoded; any body is accepted.
  auto found = by_manage_token(*ctx.store, token);
  if (!found) return store_failure_response("unsubscribe", found.error());
  if (!found.value()) return not_found(path);
  auto del = ctx.store->delete_subscriber(found.value()->id);
  if (!del) return store_failure_response("unsubscribe", del.error());
  log(LogLevel::info, "subscription: " + found.value()->id + " unsubscribed in one click");
  // A person who pressed the page's button reads a page; a mail client's POST gets JSON.
  if (req.header("Accept").find("text/html") != std::string_view::npos)
    return html_page("Unsubscribed", "<p>You will not receive status updates at this address any more.</p>");
  json::object o;
  o["status"] = "unsubscribed";
  return json_response(200, o);
}

Response case_subscribe(SubscriptionContext& ctx, const Request& req, std::string_view path, std::string_view case_token,
                        TimeMs now) {
  auto [body, bad] = Body::parse(req, {"email", "language"});
  if (bad) return *bad;
  Subscriber s;
  s.language = read_language(body);
  const std::string raw = body.text("email", true, 254);
  if (body.failure()) return *body.failure();
  if (!ctx.mail_enabled) return no_mail();
  auto address = normalise_email(raw);
  if (!address) return invalid_email();
  auto case_id = ctx.store->case_id_for_token(sha256_bytes(case_token));
  if (!case_id) return store_failure_response("case subscribe", case_id.error());
  if (!case_id.value()) return json_error(404, "not_found", path, "no such case");
  s.kind = "email";
  s.address = *address;
  s.case_id = *case_id.value();
  s.all_components = true;
  auto r = ctx.store->subscribe(s, now);
  if (!r) return store_failure_response("case subscribe", r.error());
  log(LogLevel::info, "subscription: case confirmation queued for " + r.value().subscriber.id);
  json::object o;
  o["status"] = "confirmation_sent";
  return json_response(202, o);
}

}  // namespace

std::optional<std::string> normalise_email(std::string_view a) {
  if (a.empty() || a.size() > 254) return std::nullopt;
  const std::size_t at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || a.find('@', at + 1) != std::string_view::npos)
    return std::nullopt;
  const std::string_view local = a.substr(0, at), domain = a.substr(at + 1);
  // The local part: printable ASCII without spaces, quotes, angle brackets or backslashes
  // (what a header can carry unquoted), no leading, trailing or doubled dot.
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return std::nullopt;
  for (unsigned char c : local) {
    if (c <= 0x20 || c >= 0x7f) return std::nullopt;
    if (std::string_view("\"(),:;<>[\\]").find(static_cast<char>(c)) != std::string_view::npos) return std::nullopt;
  }
  // The domain: dotted labels of letters, digits and hyphens, 1-63 each, not starting or
  // ending with a hyphen; a top-level label that is not all digits (no bare IPs).
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) return std::nullopt;
  std::size_t start = 0;
  std::string_view last;
  while (start <= domain.size()) {
    const std::size_t dot = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return std::nullopt;
    if (!std::all_of(label.begin(), label.end(), is_ldh)) return std::nullopt;
    last = label;
    start = dot + 1;
    if (dot == domain.size()) break;
  }
  if (std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::string out(local);
  out += '@';
  for (char c : domain) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

bool is_webhook_url(std::string_view u) {
  if (u.empty() || u.size() > kMaxWebhookUrlChars) return false;
  const std::size_t scheme = u.rfind("https://", 0) == 0 ? 8 : u.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0) return false;
  for (unsigned char c : u)
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') return false;
  const std::string_view rest = u.substr(scheme);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;  // no credentials
  const std::string_view host = authority.front() == '[' ? authority : authority.substr(0, authority.rfind(':'));
  return !host.empty() && host != "[]";
}

std::string mask_email(std::string_view a) {
  const std::size_t at = a.rfind('@');
  if (at == std::string_view::npos || at == 0) return "***";
  return std::string(a.substr(0, 1)) + "***" + std::string(a.substr(at));
}

std::optional<Response> handle_subscription(SubscriptionContext& ctx, const Request& req, std::string_view path,
                                            TimeMs now) {
  constexpr std::string_view kCases = "/api/v1/cases/", kCaseSuffix = "/subscribe";
  const bool case_path = path.size() > kCases.size() + kCaseSuffix.size() && path.substr(0, kCases.size()) == kCases &&
                         path.substr(path.size() - kCaseSuffix.size()) == kCaseSuffix;
  if (!case_path && path != kBase && path.substr(0, kBase.size() + 1) != std::string(kBase) + "/") return std::nullopt;
  if (path == std::string(kBase) + "/options.json") {
    if (req.method != "GET" && req.method != "HEAD") return wrong_method(path, "GET, HEAD");
    return options(ctx);
  }
  if (ctx.store == nullptr) return json_error(503, "unavailable", path, "no store is open");
  if (case_path) {
    const std::string_view token = path.substr(kCases.size(), path.size() - kCases.size() - kCaseSuffix.size());
    if (token.find('/') != std::string_view::npos) return std::nullopt;
    if (req.method != "POST") return wrong_method(path, "POST");
    if (auto refused = rate_limited(ctx.limiter, req, now)) return *refused;
    return case_subscribe(ctx, req, path, token, now);
  }
  if (path == kBase) {
    if (req.method != "POST") return wrong_method(path, "POST");
    if (auto refused = rate_limited(ctx.limiter, req, now)) return *refused;
    return subscribe(ctx, req, now);
  }
  const std::string_view rest = path.substr(kBase.size() + 1);
  if (rest == "confirm") {
    if (req.method != "POST") return wrong_method(path, "POST");
    if (auto refused = rate_limited(ctx.limiter, req, now)) return *refused;
    return confirm(ctx, req, now);
  }
  constexpr std::string_view kJson = ".json", kUnsubscribe = "/unsubscribe";
  if (rest.size() > kJson.size() && rest.substr(rest.size() - kJson.size()) == kJson &&
      rest.find('/') == std::string_view::npos)
    return manage(ctx, req, path, rest.substr(0, rest.size() - kJson.size()), now);
  if (rest.size() > kUnsubscribe.size() && rest.substr(rest.size() - kUnsubscribe.size()) == kUnsubscribe) {
    const std::string_view token = rest.substr(0, rest.size() - kUnsubscribe.size());
    if (token.find('/') == std::string_view::npos) return one_click(ctx, req, path, token, now);
  }
  return json_error(404, "not_found", path, "no such endpoint");
}

}  // namespace candor::server
