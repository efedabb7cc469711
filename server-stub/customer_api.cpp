// Cases at capability links, feedback and reports (customer_api.hpp).
#include "customer_api.hpp"

#include <boost/json/object.hpp>
#include <boost/json/array.hpp>

#include "candor/codec.hpp"
#include "case_promises.hpp"
#include "json_body.hpp"
#include "log.hpp"
#include "notification_event.hpp"
#include "operator_api.hpp"
#include "portal_cache.hpp"
#include "sha256.hpp"
#include "store.hpp"
#include "store_failure.hpp"

namespace candor::server {

std::optional<std::int64_t> RateLimiter::allow(const std::string& key, TimeMs now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Forget finished windows now and then, so the map stays as small as the active clients.
  if (windows_.size() > 10000) {
    for (auto it = windows_.begin(); it != windows_.end();)
      it = now - it->second.start >= window_ms_ ? windows_.erase(it) : std::next(it);
  }
  Window& w = windows_[key];
  if (now - w.start >= window_ms_ || now < w.start) w = Window{now, 0};
  if (w.count >= limit_) return std::max<std::int64_t>(1, (w.start + window_ms_ - now + 999) / 1000);
  ++w.count;
  return std::nullopt;
}

std::optional<Response> rate_limited(RateLimiter* limiter, const Request& req, TimeMs now) {
  if (limiter == nullptr) return std::nullopt;
  auto retry = limiter->allow(req.client.empty() ? "?" : req.client, now);
  if (!retry) return std::nullopt;
  Response r = json_error(429, "rate_limited", "", "too many requests from this client; try again in " +
                                                        std::to_string(*retry) + " s");
  r.headers.push_back({"Retry-After", std::to_string(*retry)});
  return r;
}

namespace {

namespace json = boost::json;

constexpr std::string_view kCases = "/api/v1/cases";
constexpr std::size_t kCaseTokenBytes = 16;  // 128 bits

// The one answer for every token that does not open a case: same status, same body.
Response no_such_case() { return json_error(404, "not_found", "/api/v1/cases", "no such case"); }

std::optional<Response> limited(CustomerContext& ctx, const Request& req, TimeMs now) {
  return rate_limited(ctx.limiter, req, now);
}

// The case's promise step after a write. The write itself is already durable and answered
// as done: a failing step is logged and left to the next tick, never turned into an error.
void refresh_promise_after_write(CustomerContext& ctx, const std::string& case_id, TimeMs now) {
  auto r = refresh_case_promise(*ctx.store, case_id, now);
  if (!r) log(LogLevel::error, "case " + case_id + " promise step: " + r.error().path + ": " + r.error().detail);
}

Response open_case(CustomerContext& ctx, const Request& req, TimeMs now) {
  auto [body, bad] = Body::parse(req, {"customer_name", "title", "category", "stage", "message", "next_follow_up_at"});
  if (bad) return *bad;
  Case c;
  c.customer_name = body.text("customer_name", true, kMaxNameChars);
  c.title = body.text("title", true, kMaxNameChars);
  c.category = body.text("category", true, kMaxNameChars);
  c.stage = body.enumerated("stage", false,
                            std::vector<CaseStage>{CaseStage::received, CaseStage::investigating,
                                                   CaseStage::waiting_on_customer, CaseStage::in_progress})
                .value_or(CaseStage::received);
  const std::string message = body.has("message") ? body.text("message", false, kMaxMessageChars)
                                                  : std::string("We have received your request.");
  c.next_follow_up_at = body.time("next_follow_up_at", now);
  if (body.failure()) return *body.failure();

  const std::string token = random_hex(kCaseTokenBytes);
  c.id = random_hex(6);
  const std::string update_id = random_hex(6);
  if (token.size() != 2 * kCaseTokenBytes || c.id.size() != 12 || update_id.size() != 12)
    return json_error(500, "no_randomness", "", "no randomness is available; nothing was changed");
  c.opened_at = c.updated_at = now;
  c.updates.push_back(CaseUpdate{update_id, c.stage, message, now});
  auto saved = ctx.store->create_case(c, sha256_bytes(token));
  if (!saved) return store_failure_response("open case", saved.error());
  refresh_promise_after_write(ctx, c.id, now);

  std::string page_url;
  if (ctx.portal != nullptr) {
    if (auto doc = ctx.portal->get(now)) page_url = doc.value()->snapshot->page.url;
  }
  json::object o;
  o["id"] = c.id;
  o["token"] = token;  // shown once: only its hash is stored
  // A fragment route: browsers never send it to a server, so it stays out of logs and Referer.
  o["link"] = page_url + "/#/case/" + token;
  o["json_url"] = page_url + std::string(kCases) + "/" + token + ".json";
  return json_response(201, o);
}

// The case a token opens, or nullopt. Every token is hashed and looked up the same way,
// whatever its shape, so a wrong one costs the same time as a missing one.
Result<std::optional<Case>> case_for(CustomerContext& ctx, std::string_view token) {
  return ctx.store->find_case(sha256_bytes(token));
}

Response read_case(CustomerContext& ctx, std::string_view token) {
  auto c = case_for(ctx, token);
  if (!c) return store_failure_response("read case", c.error());
  if (!c.value()) return no_such_case();
  Response r;
  r.status = 200;
  r.body = encode_case(*c.value());
  r.headers.push_back({"Content-Type", "application/json"});
  // Private: never kept by a shared cache, never indexed.
  r.headers.push_back({"Cache-Control", "private, no-store"});
  r.headers.push_back({"X-Robots-Tag", "noindex"});
  return r;
}

struct Feedback {
  int rating = 0;
  std::string comment;
};

std::pair<Feedback, std::optional<Response>> parse_feedback(const Request& req) {
  auto [body, bad] = Body::parse(req, {"rating", "comment"});
  if (bad) return {{}, bad};
  Feedback f;
  if (!body.has("rating")) {
    return {f, json_error(400, "missing_field", "/rating", "rating: required: an integer from 1 to 5")};
  }
  f.rating = static_cast<int>(body.integer("rating", 1, 5).value_or(0));
  if (body.has("comment")) f.comment = body.text("comment", false, 2000);
  if (body.failure()) return {f, body.failure()};
  return {f, std::nullopt};
}

Response case_feedback(CustomerContext& ctx, const Request& req, std::string_view token, TimeMs now) {
  auto c = case_for(ctx, token);
  if (!c) return store_failure_response("read case", c.error());
  if (!c.value()) return no_such_case();
  auto [f, bad] = parse_feedback(req);
  if (bad) return *bad;
  auto added = ctx.store->add_case_feedback(c.value()->id, f.rating, f.comment, now);
  if (!added) return store_failure_response("case feedback", added.error());
  if (!added.value()) return json_error(409, "conflict", "/rating", "this case already has its feedback (once per case)");
  json::object o;
  o["rating"] = f.rating;
  return json_response(201, o);
}

Response incident_feedback(CustomerContext& ctx, const Request& req, std::string_view id, TimeMs now) {
  if (auto r = limited(ctx, req, now)) return *r;
  auto [f, bad] = parse_feedback(req);
  if (bad) return *bad;
  bool known = false;
  if (auto doc = ctx.portal ? ctx.portal->get(now) : Result<std::shared_ptr<const PortalDocument>>(Error{})) {
    for (const Incident& x : doc.value()->snapshot->incidents) known = known || x.id == id;
  }
  // The "how did we do?" link in a follow-up mail may be opened after the incident has left
  // the snapshot's 30 days: the store still knows it.
  if (!known) {
    auto found = ctx.store->find_incident(std::string(id));
    if (!found) return store_failure_response("incident feedback", found.error());
    known = found.value().has_value();
  }
  if (!known) return json_error(404, "not_found", "/api/v1/incidents/" + std::string(id), "no such incident");
  auto added = ctx.store->add_incident_feedback(std::string(id), f.rating, f.comment, now);
  if (!added) return store_failure_response("incident feedback", added.error());
  json::object o;
  o["rating"] = f.rating;
  return json_response(201, o);
}

Response report(CustomerContext& ctx, const Request& req, TimeMs now) {
  if (auto r = limited(ctx, req, now)) return *r;
  auto [body, bad] = Body::parse(req, {"incident_id", "component_id"});
  if (bad) return *bad;
  const std::string incident = body.has("incident_id") ? body.text("incident_id", false, 64) : std::string();
  const std::string component = body.has("component_id") ? body.text("component_id", false, 64) : std::string();
  if (body.failure()) return *body.failure();
  if (incident.empty() && component.empty())
    return json_error(400, "missing_field", "/incident_id", "incident_id: give incident_id, component_id or both");
  auto doc = ctx.portal ? ctx.portal->get(now) : Result<std::shared_ptr<const PortalDocument>>(Error{});
  if (!doc) return store_failure_response("report", doc.error());
  const Snapshot& s = *doc.value()->snapshot;
  bool incident_ok = incident.empty(), component_ok = component.empty();
  for (const Incident& x : s.incidents) incident_ok = incident_ok || x.id == incident;
  for (const Component& c : s.components) component_ok = component_ok || c.id == component;
  if (!incident_ok) return json_error(400, "invalid_value", "/incident_id", "incident_id: no such incident");
  if (!component_ok) return json_error(400, "invalid_value", "/component_id", "component_id: no such component");
  auto added = ctx.store->add_report(incident, component, now);
  if (!added) return store_failure_response("report", added.error());
  json::object o;
  o["accepted"] = true;
  return json_response(202, o);
}

Response report_summary(CustomerContext& ctx, const Request& req, TimeMs now) {
  if (auto denied = authorize_operator(*ctx.store, req, {"read-reports", "write"})) return *denied;
  const TimeMs since = now - now % kHourMs - 7 * kDayMs;
  auto rows = ctx.store->report_summary(since);
  if (!rows) return store_failure_response("report summary", rows.error());
  json::array counts;
  for (const ReportCount& c : rows.value()) {
    json::object o;
    o["incident_id"] = c.incident_id.empty() ? json::value(nullptr) : json::value(c.incident_id);
    o["component_id"] = c.component_id.empty() ? json::value(nullptr) : json::value(c.component_id);
    o["hour"] = format_iso8601(c.hour);
    o["count"] = c.count;
    counts.push_back(std::move(o));
  }
  json::object o;
  o["since"] = format_iso8601(since);
  o["counts"] = std::move(counts);
  return json_response(200, o);
}

// Operator: a case's next stage, by the case's id (never its token).
Response update_case(CustomerContext& ctx, const Request& req, std::string_view id, bool resolve, TimeMs now) {
  auto [body, bad] = resolve ? Body::parse(req, {"message"})
                             : Body::parse(req, {"stage", "message", "next_follow_up_at", "waiting_on_customer_for"});
  if (bad) return *bad;
  CaseUpdate u;
  u.stage = CaseStage::resolved;
  std::optional<TimeMs> next;
  std::string waiting;
  if (resolve) {
    u.body = body.has("message") ? body.text("message", false, kMaxMessageChars) : "Your case is resolved.";
  } else {
    u.stage = body.enumerated("stage", true,
                              std::vector<CaseStage>{CaseStage::received, CaseStage::investigating,
                                                     CaseStage::waiting_on_customer, CaseStage::in_progress,
                                                     CaseStage::resolved})
                  .value_or(CaseStage::received);
    u.body = body.text("message", true, kMaxMessageChars);
    next = body.time("next_follow_up_at", now);
    if (body.has("waiting_on_customer_for")) waiting = body.text("waiting_on_customer_for", false, kMaxNameChars);
  }
  if (body.failure()) return *body.failure();
  if (u.stage == CaseStage::waiting_on_customer && waiting.empty())
    return json_error(400, "missing_field", "/waiting_on_customer_for",
                      "waiting_on_customer_for: required when stage is waiting_on_customer: what we need from them");
  u.id = random_hex(6);
  if (u.id.size() != 12) return json_error(500, "no_randomness", "", "no random ids are available");
  u.created_at = now;
  // The page's zone for the times in the case subscriber's email; UTC when no snapshot.
  std::string zone = "Etc/UTC";
  if (ctx.portal != nullptr)
    if (auto doc = ctx.portal->get(now); doc && doc.value()->snapshot) zone = doc.value()->snapshot->page.time_zone;
  auto r = ctx.store->add_case_update(std::string(id), u, next, waiting,
                                      {case_event(std::string(id), u, next, waiting, zone)});
  if (!r) return store_failure_response("update case", r.error());
  if (r.value() == Store::CaseUpdateResult::not_found)
    return json_error(404, "not_found", "/api/v1/cases/" + std::string(id), "no case has this id");
  if (r.value() == Store::CaseUpdateResult::closed)
    return json_error(409, "conflict", "/stage", "stage: the case is resolved; it takes no more updates");
  refresh_promise_after_write(ctx, std::string(id), now);
  json::object o;
  o["id"] = u.id;
  o["case_id"] = id;
  o["stage"] = to_string(u.stage);
  return json_response(201, o);
}

Response wrong_method(std::string_view path, std::string_view allow) {
  Response r = json_error(405, "method_not_allowed", path, "use " + std::string(allow));
  r.headers.push_back({"Allow", std::string(allow)});
  return r;
}

}  // namespace

std::optional<Response> handle_customer(CustomerContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  const bool is_get = req.method == "GET" || req.method == "HEAD";
  const bool is_post = req.method == "POST";
  auto need_store = [&]() -> std::optional<Response> {
    if (ctx.store == nullptr) return json_error(503, "unavailable", path, "no store is open");
    return std::nullopt;
  };
  if (path == kCases) {
    if (!is_post) return wrong_method(path, "POST");
    if (auto r = need_store()) return r;
    if (auto denied = authorize_operator(*ctx.store, req, {"write"})) return denied;
    return open_case(ctx, req, now);
  }
  if (path.substr(0, kCases.size() + 1) == "/api/v1/cases/") {
    std::string_view rest = path.substr(kCases.size() + 1);
    constexpr std::string_view kJson = ".json", kFeedback = "/feedback";
    if (rest.size() > kJson.size() && rest.substr(rest.size() - kJson.size()) == kJson) {
      if (!is_get) return wrong_method(path, "GET, HEAD");
      if (auto r = need_store()) return r;
      return read_case(ctx, rest.substr(0, rest.size() - kJson.size()));
    }
    if (rest.size() > kFeedback.size() && rest.substr(rest.size() - kFeedback.size()) == kFeedback) {
      if (!is_post) return wrong_method(path, "POST");
      if (auto r = need_store()) return r;
      return case_feedback(ctx, req, rest.substr(0, rest.size() - kFeedback.size()), now);
    }
    for (const auto& [suffix, resolve] : {std::pair{std::string_view("/updates"), false},
                                          std::pair{std::string_view("/resolve"), true}}) {
      if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
        if (!is_post) return wrong_method(path, "POST");
        if (auto r = need_store()) return r;
        if (auto denied = authorize_operator(*ctx.store, req, {"write"})) return denied;
        return update_case(ctx, req, rest.substr(0, rest.size() - suffix.size()), resolve, now);
      }
    }
    return no_such_case();
  }
  constexpr std::string_view kIncidents = "/api/v1/incidents/", kFeedback = "/feedback";
  if (path.substr(0, kIncidents.size()) == kIncidents && path.size() > kIncidents.size() + kFeedback.size() &&
      path.substr(path.size() - kFeedback.size()) == kFeedback) {
    const std::string_view id = path.substr(kIncidents.size(), path.size() - kIncidents.size() - kFeedback.size());
    if (id.find('/') != std::string_view::npos) return std::nullopt;
    if (!is_post) return wrong_method(path, "POST");
    if (auto r = need_store()) return r;
    return incident_feedback(ctx, req, id, now);
  }
  if (path == "/api/v1/reports") {
    if (!is_post) return wrong_method(path, "POST");
    if (auto r = need_store()) return r;
    return report(ctx, req, now);
  }
  if (path == "/api/v1/reports/summary.json") {
    if (!is_get) return wrong_method(path, "GET, HEAD");
    if (auto r = need_store()) return r;
    return report_summary(ctx, req, now);
  }
  return std::nullopt;
}

}  // namespace candor::server
