// Operator writes (operator_api.hpp): authenticate, validate strictly, run the core's
// promise step, store durably, answer. Nothing is written unless every check passed.
#include "operator_api.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "business_hours.hpp"
#include "customer_api.hpp"
#include "candor/engine.hpp"
#include "candor/promise.hpp"
#include "case_promises.hpp"
#include "notification_event.hpp"
#include "json_body.hpp"
#include "log.hpp"
#include "portal_cache.hpp"
#include "sha256.hpp"
#include "store.hpp"
#include "store_failure.hpp"

namespace candor::server {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxEstimateS = 365LL * 24 * 3600;
// A week of split shifts, and a few years of holidays: more is a mistake, not a schedule.
constexpr std::size_t kMaxHoursEntries = 28;
constexpr std::size_t kMaxHolidays = 400;

const std::vector<Impact> kIncidentImpacts = {Impact::none, Impact::minor, Impact::major, Impact::critical};
const std::vector<IncidentStatus> kOpenStatuses = {IncidentStatus::investigating, IncidentStatus::identified,
                                                   IncidentStatus::monitoring};
const std::vector<IncidentStatus> kUpdateStatuses = {IncidentStatus::investigating, IncidentStatus::identified,
                                                     IncidentStatus::monitoring, IncidentStatus::resolved,
                                                     IncidentStatus::postmortem};
const std::vector<ComponentStatus> kComponentStatuses = {
    ComponentStatus::operational, ComponentStatus::degraded_performance, ComponentStatus::partial_outage,
    ComponentStatus::major_outage, ComponentStatus::under_maintenance};

bool is_open(IncidentStatus s) {
  return s == IncidentStatus::investigating || s == IncidentStatus::identified || s == IncidentStatus::monitoring;
}

std::string new_id() { return random_hex(6); }  // 12 chars of [0-9a-f], as Statuspage ids look

// ---------------------------------------------------------------------------------------
// Authentication

}  // namespace

std::optional<Response> authorize_operator(Store& store, const Request& req, std::initializer_list<std::string_view> scopes) {
  const std::string_view auth = req.header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  auto unauthorized = [](std::string_view detail) {
    Response r = json_error(401, "unauthorized", "", detail);
    r.headers.push_back({"WWW-Authenticate", "Bearer realm=\"candor\""});
    return r;
  };
  if (auth.size() <= kBearer.size() || !iequals(auth.substr(0, kBearer.size()), kBearer))
    return unauthorized("send an operator token as \"Authorization: Bearer TOKEN\" (candor token create)");
  const std::string presented = sha256_bytes(auth.substr(kBearer.size()));
  auto tokens = store.active_tokens();
  if (!tokens) {
    return store_failure_response("check token", tokens.error());
  }
  // Compare with every token, without stopping at a match, so the time says nothing.
  const OperatorToken* match = nullptr;
  for (const OperatorToken& t : tokens.value())
    if (constant_time_equal(presented, t.token_sha256)) match = &t;
  if (match == nullptr) return unauthorized("the token is not valid (unknown or revoked)");
  std::string need;
  for (std::string_view s : scopes) {
    if (match->scope == s) return std::nullopt;
    need += (need.empty() ? "" : " or ") + std::string(s);
  }
  return json_error(403, "forbidden", "", "this token's scope is " + match->scope + "; this needs scope " + need);
}

namespace {

// ---------------------------------------------------------------------------------------
// Incidents

json::value time_json(const std::optional<TimeMs>& t) {
  if (!t) return nullptr;
  return json::value(format_iso8601(*t));
}

json::object promise_json(const std::optional<Promise>& p) {
  json::object o;
  if (!p) return o;
  o["published_at"] = format_iso8601(p->published_at);
  o["likely_at"] = format_iso8601(p->likely_at);
  o["latest_at"] = format_iso8601(p->latest_at);
  o["stage"] = to_string(p->stage);
  o["basis_n"] = p->basis_n;
  o["revision"] = p->revision;
  return o;
}

json::object incident_summary(const Incident& x, std::int64_t version) {
  json::object o;
  o["id"] = x.id;
  o["name"] = x.name;
  o["status"] = to_string(x.status);
  o["impact"] = to_string(x.impact);
  o["category"] = x.category;
  o["next_update_at"] = time_json(x.next_update_at);
  o["resolved_at"] = time_json(x.resolved_at);
  if (x.promise) {
    o["promise"] = promise_json(x.promise);
  } else {
    o["promise"] = nullptr;
  }
  o["version"] = version;
  return o;
}

// The promise step and its bookkeeping for an open incident just changed by an operator.
void step_promise(const Snapshot& snapshot, IncidentWrite& w, TimeMs now) {
  Incident& x = w.incident;
  if (!is_open(x.status)) return;
  const PromiseDecision d = promise_step(snapshot.history, x, x.promise, now);
  if (d.changed || !x.promise) {
    x.promise = d.promise;
    w.new_records.push_back(PromiseRecord{PromiseKind::resolution, now, d.promise.latest_at, std::nullopt});
  }
  if (x.next_update_at)
    w.new_records.push_back(PromiseRecord{PromiseKind::next_update, now, *x.next_update_at, std::nullopt});
}

// What subscribers hear of an incident write: the incident's event, and each component
// status it set (webhooks follow components; email hears of them through the incident).
std::vector<NotificationEvent> incident_events(const IncidentWrite& w, const std::optional<Incident>& before,
                                               const Snapshot& snapshot, TimeMs now) {
  std::vector<NotificationEvent> events{incident_event(w.incident, before, snapshot)};
  for (const auto& [component_id, status] : w.component_statuses)
    if (auto ev = component_event(component_id, status, now, snapshot)) events.push_back(std::move(*ev));
  return events;
}

Result<std::shared_ptr<const PortalDocument>> current(OperatorContext& ctx, TimeMs now) {
  if (ctx.portal == nullptr) return Error{errc::invalid_value, "", "no snapshot"};
  return ctx.portal->get(now);
}

std::vector<std::string> component_ids(const Snapshot& s) {
  std::vector<std::string> ids;
  for (const Component& c : s.components) ids.push_back(c.id);
  return ids;
}

Response create_incident(OperatorContext& ctx, const Request& req, TimeMs now) {
  auto [body, bad] = Body::parse(req, {"name", "impact", "category", "components", "status", "message",
                                       "next_update_at", "operator_estimate_s", "obstacles", "workarounds"});
  if (bad) return *bad;
  auto doc = current(ctx, now);
  if (!doc) return store_failure_response("create incident", doc.error());
  const Snapshot& snap = *doc.value()->snapshot;

  IncidentWrite w;
  Incident& x = w.incident;
  x.name = body.text("name", true, kMaxNameChars);
  x.impact = body.enumerated("impact", true, kIncidentImpacts).value_or(Impact::minor);
  x.category = body.text("category", true, kMaxNameChars);
  // `components`: the affected ids (an array), or an object {id: status} that also sets
  // their statuses and records them as the first update's affected components.
  if (body.is_object("components")) {
    w.component_statuses = body.component_statuses("components", component_ids(snap));
    for (const auto& [component_id, status] : w.component_statuses) x.component_ids.push_back(component_id);
  } else {
    x.component_ids = body.string_list("components", component_ids(snap));
  }
  x.status = body.enumerated("status", false, kOpenStatuses).value_or(IncidentStatus::investigating);
  const std::string message = body.text("message", true, kMaxMessageChars);
  x.next_update_at = body.time("next_update_at", now);
  x.operator_estimate_s = body.integer("operator_estimate_s", 0, kMaxEstimateS);
  if (auto n = body.notes("obstacles")) x.obstacles = std::move(*n);
  if (auto n = body.notes("workarounds")) x.workarounds = std::move(*n);
  if (body.failure()) return *body.failure();

  x.id = new_id();
  const std::string update_id = new_id();
  if (x.id.size() != 12 || update_id.size() != 12)
    return json_error(500, "no_randomness", "", "no random ids are available; nothing was changed");
  x.created_at = x.started_at = x.updated_at = now;
  if (x.status == IncidentStatus::monitoring) x.monitoring_at = now;
  if (!x.next_update_at) x.next_update_at = now + next_update_interval(x.impact);
  x.updates.push_back(IncidentUpdate{update_id, x.status, message, now, now});
  step_promise(snap, w, now);

  auto v = ctx.store->save_incident(w, incident_events(w, std::nullopt, snap, now));
  if (!v) return store_failure_response("create incident", v.error());
  Response r = json_response(201, incident_summary(x, v.value()));
  r.headers.push_back({"Location", "/api/v1/incidents/" + x.id});
  return r;
}

Response update_incident(OperatorContext& ctx, const Request& req, std::string_view id, bool resolve, TimeMs now) {
  auto [body, bad] = resolve ? Body::parse(req, {"message"})
                             : Body::parse(req, {"status", "message", "impact", "next_update_at", "operator_estimate_s",
                                                 "obstacles", "workarounds", "components"});
  if (bad) return *bad;
  auto doc = current(ctx, now);
  if (!doc) return store_failure_response("update incident", doc.error());
  const Snapshot& snap = *doc.value()->snapshot;
  // From the store, not the snapshot: the snapshot holds only the last 30 days, and an
  // older incident still has to answer (a postmortem, or a clear 409 rather than a 404).
  auto existing = ctx.store->find_incident(std::string(id));
  if (!existing) return store_failure_response("update incident", existing.error());
  if (!existing.value())
    return json_error(404, "not_found", "/api/v1/incidents/" + std::string(id), "no incident has this id");

  IncidentWrite w;
  const std::optional<Incident> before = *existing.value();  // what subscribers were told last
  w.incident = std::move(*existing.value());
  Incident& x = w.incident;
  IncidentStatus status = IncidentStatus::resolved;
  std::string message;
  if (resolve) {
    message = body.has("message") ? body.text("message", false, kMaxMessageChars) : "This incident has been resolved.";
  } else {
    status = body.enumerated("status", true, kUpdateStatuses).value_or(x.status);
    message = body.text("message", true, kMaxMessageChars);
    w.component_statuses = body.component_statuses("components", component_ids(snap));
    for (const auto& [component_id, component_status] : w.component_statuses)
      if (std::find(x.component_ids.begin(), x.component_ids.end(), component_id) == x.component_ids.end())
        x.component_ids.push_back(component_id);
    if (auto impact = body.enumerated("impact", false, kIncidentImpacts)) x.impact = *impact;
    if (auto t = body.time("next_update_at", now)) x.next_update_at = t;
    if (auto e = body.integer("operator_estimate_s", 0, kMaxEstimateS)) x.operator_estimate_s = e;
    if (auto n = body.notes("obstacles")) x.obstacles = std::move(*n);
    if (auto n = body.notes("workarounds")) x.workarounds = std::move(*n);
  }
  if (body.failure()) return *body.failure();
  // Statuspage's last stage: a resolved incident takes a postmortem, and nothing else.
  const bool postmortem = !resolve && status == IncidentStatus::postmortem &&
                          (x.status == IncidentStatus::resolved || x.status == IncidentStatus::postmortem);
  if (!is_open(x.status) && !postmortem)
    return json_error(409, "conflict", "/status", "status: the incident is already " + std::string(to_string(x.status)) +
                                                 "; a closed incident takes only a postmortem update");
  if (is_open(x.status) && status == IncidentStatus::postmortem)
    return json_error(409, "conflict", "/status", "status: postmortem comes after resolved; resolve the incident first");

  const std::string update_id = new_id();
  if (update_id.size() != 12) return json_error(500, "no_randomness", "", "no random ids are available; nothing was changed");
  x.status = status;
  x.updated_at = now;
  x.updates.push_back(IncidentUpdate{update_id, status, message, now, now});
  if (!postmortem) w.fulfil_next_update_at = now;  // this update is the one that was promised
  if (status == IncidentStatus::monitoring && !x.monitoring_at) x.monitoring_at = now;
  if (postmortem) {
    // resolved_at stays when it was resolved; no next update is promised.
  } else if (status == IncidentStatus::resolved) {
    x.resolved_at = now;
    x.next_update_at.reset();
    w.fulfil_resolution_at = now;
  } else if (!body.has("next_update_at")) {
    x.next_update_at = now + next_update_interval(x.impact);
  }
  step_promise(snap, w, now);

  auto v = ctx.store->save_incident(w, incident_events(w, before, snap, now));
  if (!v) return store_failure_response("update incident", v.error());
  json::object o = incident_summary(x, v.value());
  if (resolve) return json_response(200, o);
  o["incident_id"] = x.id;
  o["id"] = update_id;
  return json_response(201, o);
}

Response set_component(OperatorContext& ctx, const Request& req, std::string_view id, TimeMs now) {
  auto [body, bad] = Body::parse(req, {"status"});
  if (bad) return *bad;
  const auto status = body.enumerated("status", true, kComponentStatuses);
  if (body.failure()) return *body.failure();
  auto doc = current(ctx, now);  // the component's name and old status, for subscribers
  if (!doc) return store_failure_response("set component", doc.error());
  std::vector<NotificationEvent> events;
  if (auto ev = component_event(std::string(id), *status, now, *doc.value()->snapshot)) events.push_back(std::move(*ev));
  auto v = ctx.store->set_component_status(std::string(id), *status, now, events);
  if (!v) return store_failure_response("set component", v.error());
  if (!v.value())
    return json_error(404, "not_found", "/api/v1/components/" + std::string(id), "no component has this id");
  json::object o;
  o["id"] = id;
  o["status"] = to_string(*status);
  o["version"] = *v.value();
  return json_response(200, o);
}

Response set_channel(OperatorContext& ctx, const Request& req, std::string_view id, TimeMs now) {
  auto [body, bad] =
      Body::parse(req, {"agents", "calls_per_hour", "handle_seconds", "target_seconds", "queue_length", "time_zone",
                        "hours", "holidays"});
  if (bad) return *bad;
  ChannelFigures f;
  if (auto a = body.integer("agents", 0, 100000)) f.agents = static_cast<int>(*a);
  f.calls_per_hour = body.number("calls_per_hour", 0, 1e6);
  f.handle_seconds = body.number("handle_seconds", 1, 86400);
  f.target_seconds = body.number("target_seconds", 1, 86400);
  if (body.present("queue_length")) {
    f.set_queue_length = true;  // present: a number sets it, null clears it
    if (auto q = body.integer("queue_length", 0, 1000000)) f.queue_length = static_cast<int>(*q);
  }
  // Hours: each of time_zone, hours, holidays replaces what is stored (an empty list clears).
  if (body.has("time_zone")) {
    std::string zone = body.text("time_zone", false, 64);
    if (!body.failure() && !is_known_time_zone(zone))
      body.invalid("time_zone", "\"" + zone + "\" is not an IANA time zone name (e.g. Europe/Oslo, America/New_York, Etc/UTC)");
    f.time_zone = std::move(zone);
  }
  if (auto specs = body.strings("hours", kMaxHoursEntries, 64)) {
    f.weekly.emplace();
    for (std::size_t i = 0; i < specs->size(); ++i) {
      auto parsed = parse_weekly_hours((*specs)[i]);
      if (!parsed) {
        body.invalid("hours/" + std::to_string(i), parsed.error().detail);
        continue;
      }
      f.weekly->insert(f.weekly->end(), parsed.value().begin(), parsed.value().end());
    }
  }
  if (auto specs = body.strings("holidays", kMaxHolidays, 220)) {
    f.holidays.emplace();
    for (std::size_t i = 0; i < specs->size(); ++i) {
      auto parsed = parse_holiday((*specs)[i]);
      if (!parsed) {
        body.invalid("holidays/" + std::to_string(i), parsed.error().detail);
        continue;
      }
      for (const Holiday& h : *f.holidays)
        if (h.date == parsed.value().date) body.invalid("holidays/" + std::to_string(i), h.date + " is listed twice");
      f.holidays->push_back(std::move(parsed).value());
    }
  }
  if (body.failure()) return *body.failure();
  if (!f.agents && !f.calls_per_hour && !f.handle_seconds && !f.target_seconds && !f.set_queue_length &&
      !f.time_zone && !f.weekly && !f.holidays)
    return json_error(400, "missing_field", "", "give at least one of agents, calls_per_hour, handle_seconds, "
                                                "target_seconds, queue_length, time_zone, hours, holidays");
  auto v = ctx.store->set_channel_figures(std::string(id), f, now);
  if (!v) return store_failure_response("set channel", v.error());
  if (!v.value()) return json_error(404, "not_found", "/api/v1/channels/" + std::string(id), "no channel has this id");
  json::object o;
  o["id"] = id;
  o["version"] = *v.value();
  return json_response(200, o);
}

// ---------------------------------------------------------------------------------------
// Maintenances

const std::vector<MaintenanceStatus> kMaintenanceUpdateStatuses = {
    MaintenanceStatus::scheduled, MaintenanceStatus::in_progress, MaintenanceStatus::verifying,
    MaintenanceStatus::completed};

json::object maintenance_summary(const Maintenance& m, std::int64_t version) {
  json::object o;
  o["id"] = m.id;
  o["name"] = m.name;
  o["status"] = to_string(m.status);
  o["scheduled_for"] = format_iso8601(m.scheduled_for);
  o["scheduled_until"] = format_iso8601(m.scheduled_until);
  o["version"] = version;
  return o;
}

Response schedule_maintenance(OperatorContext& ctx, const Request& req, TimeMs now) {
  auto [body, bad] = Body::parse(req, {"name", "scheduled_for", "scheduled_until", "components", "message"});
  if (bad) return *bad;
  auto doc = current(ctx, now);
  if (!doc) return store_failure_response("schedule maintenance", doc.error());
  Maintenance m;
  m.name = body.text("name", true, kMaxNameChars);
  const auto from = body.time("scheduled_for", now);
  const auto until = body.time("scheduled_until", now);
  if (!body.has("scheduled_for") && !body.failure())
    return json_error(400, "missing_field", "/scheduled_for", "scheduled_for: required: a future ISO-8601 date-time");
  if (!body.has("scheduled_until") && !body.failure())
    return json_error(400, "missing_field", "/scheduled_until", "scheduled_until: required: a future ISO-8601 date-time");
  m.component_ids = body.string_list("components", component_ids(*doc.value()->snapshot));
  const std::string message =
      body.has("message") ? body.text("message", false, kMaxMessageChars) : std::string("Maintenance is scheduled.");
  if (body.failure()) return *body.failure();
  if (*until <= *from)
    return json_error(400, "invalid_value", "/scheduled_until", "scheduled_until: must be after scheduled_for");
  m.id = new_id();
  const std::string update_id = new_id();
  if (m.id.size() != 12 || update_id.size() != 12)
    return json_error(500, "no_randomness", "", "no random ids are available; nothing was changed");
  m.scheduled_for = *from;
  m.scheduled_until = *until;
  m.created_at = m.updated_at = now;
  m.updates.push_back(MaintenanceUpdate{update_id, MaintenanceStatus::scheduled, message, now, now});
  std::vector<NotificationEvent> events;
  if (auto ev = maintenance_event(m, *doc.value()->snapshot)) events.push_back(std::move(*ev));
  auto v = ctx.store->save_maintenance(m, events);
  if (!v) return store_failure_response("schedule maintenance", v.error());
  Response r = json_response(201, maintenance_summary(m, v.value()));
  r.headers.push_back({"Location", "/api/v1/maintenances/" + m.id});
  return r;
}

// start = in_progress, complete = completed; "updates" takes any later status.
Response update_maintenance(OperatorContext& ctx, const Request& req, std::string_view id,
                            std::optional<MaintenanceStatus> fixed, TimeMs now) {
  auto [body, bad] = fixed ? Body::parse(req, {"message"}) : Body::parse(req, {"status", "message"});
  if (bad) return *bad;
  auto doc = current(ctx, now);
  if (!doc) return store_failure_response("update maintenance", doc.error());
  const Maintenance* existing = nullptr;
  for (const Maintenance& m : doc.value()->snapshot->maintenances)
    if (m.id == id) existing = &m;
  if (existing == nullptr)
    return json_error(404, "not_found", "/api/v1/maintenances/" + std::string(id), "no current or recent maintenance has this id");
  const MaintenanceStatus status =
      fixed ? *fixed : body.enumerated("status", true, kMaintenanceUpdateStatuses).value_or(existing->status);
  std::string message;
  if (body.has("message")) {
    message = body.text("message", false, kMaxMessageChars);
  } else if (!fixed) {
    body.text("message", true, kMaxMessageChars);
  } else {
    message = status == MaintenanceStatus::completed ? "The maintenance is complete." : "The maintenance has started.";
  }
  if (body.failure()) return *body.failure();
  if (existing->status == MaintenanceStatus::completed)
    return json_error(409, "conflict", "/status", "status: the maintenance is already completed");
  if (static_cast<int>(status) < static_cast<int>(existing->status))
    return json_error(409, "conflict", "/status", std::string("status: a maintenance moves forward only; it is ") +
                                                      to_string(existing->status));
  const std::string update_id = new_id();
  if (update_id.size() != 12) return json_error(500, "no_randomness", "", "no random ids are available");
  Maintenance m = *existing;
  m.status = status;
  m.updated_at = now;
  m.updates.push_back(MaintenanceUpdate{update_id, status, message, now, now});
  std::vector<NotificationEvent> events;
  if (status != existing->status)
    if (auto ev = maintenance_event(m, *doc.value()->snapshot)) events.push_back(std::move(*ev));
  auto v = ctx.store->save_maintenance(m, events);
  if (!v) return store_failure_response("update maintenance", v.error());
  json::object o = maintenance_summary(m, v.value());
  o["maintenance_id"] = m.id;
  o["id"] = update_id;
  return json_response(201, o);
}

Response method_not_allowed(std::string_view path, std::string_view allow) {
  Response r = json_error(405, "method_not_allowed", path, "use " + std::string(allow));
  r.headers.push_back({"Allow", std::string(allow)});
  return r;
}

// A path segment that can be an id: 1..64 of [A-Za-z0-9_-].
bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

std::optional<Response> handle_operator(OperatorContext& ctx, const Request& req, std::string_view path, TimeMs now) {
  enum class Op {
    create, update, resolve, component, maintenance_schedule, maintenance_update, maintenance_start,
    maintenance_complete, channel
  };
  // "COLLECTION" exactly, "COLLECTION/{id}" (action ""), or "COLLECTION/{id}/ACTION".
  struct Route {
    std::string_view collection;
    bool with_id;
    std::string_view action;
    Op op;
  };
  static constexpr Route kRoutes[] = {
      {"/api/v1/incidents", false, "", Op::create},
      {"/api/v1/incidents", true, "updates", Op::update},
      {"/api/v1/incidents", true, "resolve", Op::resolve},
      {"/api/v1/components", true, "", Op::component},
      {"/api/v1/channels", true, "", Op::channel},
      {"/api/v1/maintenances", false, "", Op::maintenance_schedule},
      {"/api/v1/maintenances", true, "updates", Op::maintenance_update},
      {"/api/v1/maintenances", true, "start", Op::maintenance_start},
      {"/api/v1/maintenances", true, "complete", Op::maintenance_complete},
  };
  std::optional<Op> found;
  std::string_view id;
  for (const Route& route : kRoutes) {
    if (path.substr(0, route.collection.size()) != route.collection) continue;
    std::string_view rest = path.substr(route.collection.size());
    if (!route.with_id) {
      if (rest.empty()) found = route.op;
    } else if (!rest.empty() && rest.front() == '/') {
      rest.remove_prefix(1);
      const auto slash = rest.find('/');
      const std::string_view item = rest.substr(0, slash);
      const std::string_view action = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      if (is_id(item) && action == route.action && (slash != std::string_view::npos) == !route.action.empty()) {
        found = route.op;
        id = item;
      }
    }
    if (found) break;
  }
  if (!found) return std::nullopt;
  const Op op = *found;

  const std::string_view allow = op == Op::component || op == Op::channel ? "PATCH" : "POST";
  if (req.method != allow) return method_not_allowed(path, allow);
  if (ctx.store == nullptr) return json_error(503, "unavailable", path, "no store is open");
  // Before the token check, so guessing tokens is throttled too.
  if (auto refused = rate_limited(ctx.limiter, req, now)) return *refused;
  if (auto denied = authorize_operator(*ctx.store, req, {"write"})) return *denied;
  switch (op) {
    case Op::create: return create_incident(ctx, req, now);
    case Op::update: return update_incident(ctx, req, id, false, now);
    case Op::resolve: return update_incident(ctx, req, id, true, now);
    case Op::component: return set_component(ctx, req, id, now);
    case Op::channel: return set_channel(ctx, req, id, now);
    case Op::maintenance_schedule: return schedule_maintenance(ctx, req, now);
    case Op::maintenance_update: return update_maintenance(ctx, req, id, std::nullopt, now);
    case Op::maintenance_start: return update_maintenance(ctx, req, id, MaintenanceStatus::in_progress, now);
    case Op::maintenance_complete: return update_maintenance(ctx, req, id, MaintenanceStatus::completed, now);
  }
  return std::nullopt;
}

Result<int> run_promise_tick(OperatorContext& ctx, TimeMs now) {
  if (ctx.store == nullptr) return 0;
  auto doc = current(ctx, now);
  if (!doc) return doc.error();
  const Snapshot& snap = *doc.value()->snapshot;
  Engine engine(snap.history);
  int changed = 0;
  for (const Incident& x : snap.incidents) {
    if (!is_open(x.status)) continue;
    const PromiseDecision d = promise_step(engine, x, x.promise, now);
    if (!d.changed) continue;
    IncidentWrite w;
    w.incident = x;
    w.incident.promise = d.promise;
    w.new_records.push_back(PromiseRecord{PromiseKind::resolution, now, d.promise.latest_at, std::nullopt});
    auto v = ctx.store->save_incident(w, {promise_revised_event(w.incident, x.promise, snap)});
    if (!v) return v.error();
    ++changed;
  }
  // Open customer cases: their promises move with time too.
  auto cases = refresh_open_case_promises(*ctx.store, now);
  if (!cases) return cases.error();
  return changed + cases.value();
}

Result<NewToken> create_operator_token(Store& store, std::string_view scope, TimeMs now) {
  if (scope != "write" && scope != "read-reports")
    return Error{errc::invalid_value, "--scope", "must be write or read-reports"};
  NewToken t;
  t.id = "tok_" + random_hex(6);
  const std::string secret = random_hex(32);
  if (secret.size() != 64 || t.id.size() != 16)
    return Error{errc::invalid_value, "random", "no randomness is available from the operating system"};
  t.secret = "cnd_" + secret;
  auto added = store.add_token(OperatorToken{t.id, sha256_bytes(t.secret), std::string(scope)}, now);
  if (!added) return added.error();
  return t;
}

}  // namespace candor::server
