// Notification events of operator writes (notification_event.hpp).
#include "notification_event.hpp"

#include <boost/json.hpp>

namespace candor::server {

const std::vector<std::string> kNotificationEventTypes = {
    "incident.created",      "incident.updated",    "incident.resolved",     "component.updated",
    "maintenance.scheduled", "maintenance.reminder", "maintenance.started",  "maintenance.completed",
    "case.updated",          "case.resolved",        "subscription.confirm",
};

namespace json = boost::json;

namespace {

json::value time_or_null(const std::optional<TimeMs>& t) {
  if (!t) return nullptr;
  return json::value(static_cast<std::int64_t>(*t));
}

// Names as the page shows them, so the message needs no second look-up.
json::array components_json(const std::vector<std::string>& ids, const Snapshot& s) {
  json::array a;
  for (const std::string& id : ids) {
    json::object c;
    c["id"] = id;
    std::string name = id;
    std::string status;
    for (const Component& k : s.components)
      if (k.id == id) {
        name = k.name;
        status = to_string(k.status);
      }
    c["name"] = name;
    c["status"] = status;
    a.push_back(std::move(c));
  }
  return a;
}

json::value eta_json(const std::optional<Promise>& p) {
  if (!p) return nullptr;
  json::object o;
  o["likely_at"] = p->likely_at;
  o["latest_at"] = p->latest_at;
  return o;
}

// The promise this write broke or moved: what "we said" in the message. A promise missed
// and replaced carries missed_latest_at; a revision moves latest_at.
json::value previous_json(const std::optional<Promise>& before, const std::optional<Promise>& now) {
  if (now && now->missed_latest_at) {
    json::object o;
    o["latest_at"] = *now->missed_latest_at;
    o["missed"] = true;
    return o;
  }
  if (before && now && before->latest_at != now->latest_at) {
    json::object o;
    o["latest_at"] = before->latest_at;
    o["missed"] = false;
    return o;
  }
  return nullptr;
}

json::object incident_payload(const Incident& x, const std::optional<Promise>& before, const Snapshot& s) {
  json::object p;
  p["incident_id"] = x.id;
  p["name"] = x.name;
  p["status"] = to_string(x.status);
  p["impact"] = to_string(x.impact);
  p["message"] = x.updates.empty() ? std::string() : x.updates.back().body;
  p["update_id"] = x.updates.empty() ? std::string() : x.updates.back().id;
  p["components"] = components_json(x.component_ids, s);
  p["eta"] = x.resolved_at ? json::value(nullptr) : eta_json(x.promise);
  p["next_update_at"] = time_or_null(x.next_update_at);
  p["previous_promise"] = x.resolved_at ? json::value(nullptr) : previous_json(before, x.promise);
  p["resolved_at"] = time_or_null(x.resolved_at);
  p["time_zone"] = s.page.time_zone;
  p["at"] = x.updated_at;
  return p;
}

}  // namespace

NotificationEvent incident_event(const Incident& x, const std::optional<Incident>& before, const Snapshot& snapshot) {
  NotificationEvent ev;
  ev.subject_id = x.id;
  ev.components = x.component_ids;
  const std::string update_id = x.updates.empty() ? std::to_string(x.updated_at) : x.updates.back().id;
  if (!before) {
    ev.type = "incident.created";
    ev.key = "incident.created:" + x.id;
  } else if (x.status == IncidentStatus::resolved && before->status != IncidentStatus::resolved) {
    ev.type = "incident.resolved";
    ev.key = "incident.resolved:" + x.id;
  } else {
    ev.type = "incident.updated";
    ev.key = "incident.updated:" + x.id + ":" + update_id;
  }
  const std::optional<Promise> before_promise = before ? before->promise : std::nullopt;
  ev.payload = json::serialize(incident_payload(x, before_promise, snapshot));
  return ev;
}

NotificationEvent promise_revised_event(const Incident& x, const std::optional<Promise>& before, const Snapshot& snapshot) {
  NotificationEvent ev;
  ev.subject_id = x.id;
  ev.components = x.component_ids;
  ev.type = "incident.updated";
  const int revision = x.promise ? x.promise->revision : 0;
  ev.key = "incident.promise:" + x.id + ":" + std::to_string(revision);
  json::object p = incident_payload(x, before, snapshot);
  p["promise_revised"] = true;
  ev.payload = json::serialize(p);
  return ev;
}

std::optional<NotificationEvent> component_event(const std::string& component_id, ComponentStatus status, TimeMs now,
                                                 const Snapshot& snapshot) {
  NotificationEvent ev;
  ev.type = "component.updated";
  ev.subject_id = component_id;
  ev.components = {component_id};
  ev.key = "component.updated:" + component_id + ":" + to_string(status) + ":" + std::to_string(now);
  json::object p;
  p["component_id"] = component_id;
  std::string name = component_id, old_status;
  for (const Component& c : snapshot.components)
    if (c.id == component_id) {
      name = c.name;
      old_status = to_string(c.status);
    }
  if (old_status == to_string(status)) return std::nullopt;
  p["name"] = name;
  p["status"] = to_string(status);
  p["previous_status"] = old_status;
  p["time_zone"] = snapshot.page.time_zone;
  p["at"] = now;
  ev.payload = json::serialize(p);
  return ev;
}

std::optional<NotificationEvent> maintenance_event(const Maintenance& m, const Snapshot& snapshot) {
  NotificationEvent ev;
  switch (m.status) {
    case MaintenanceStatus::scheduled: ev.type = "maintenance.scheduled"; break;
    case MaintenanceStatus::in_progress: ev.type = "maintenance.started"; break;
    case MaintenanceStatus::completed: ev.type = "maintenance.completed"; break;
    case MaintenanceStatus::verifying: return std::nullopt;
  }
  ev.subject_id = m.id;
  ev.components = m.component_ids;
  ev.key = ev.type + ":" + m.id;
  json::object p;
  p["maintenance_id"] = m.id;
  p["name"] = m.name;
  p["status"] = to_string(m.status);
  p["message"] = m.updates.empty() ? std::string() : m.updates.back().body;
  p["scheduled_for"] = m.scheduled_for;
  p["scheduled_until"] = m.scheduled_until;
  p["components"] = components_json(m.component_ids, snapshot);
  p["time_zone"] = snapshot.page.time_zone;
  p["at"] = m.updated_at;
  ev.payload = json::serialize(p);
  return ev;
}

NotificationEvent case_event(const std::string& case_id, const CaseUpdate& u, const std::optional<TimeMs>& next_follow_up_at,
                             const std::string& waiting_on_customer_for, const std::string& time_zone) {
  NotificationEvent ev;
  const bool resolved = u.stage == CaseStage::resolved;
  ev.type = resolved ? "case.resolved" : "case.updated";
  ev.subject_id = case_id;
  ev.key = resolved ? "case.resolved:" + case_id : "case.updated:" + case_id + ":" + u.id;
  json::object p;
  p["case_id"] = case_id;
  p["stage"] = to_string(u.stage);
  p["message"] = u.body;
  p["next_update_at"] = resolved ? json::value(nullptr) : time_or_null(next_follow_up_at);
  p["waiting_on_customer_for"] = waiting_on_customer_for;
  p["time_zone"] = time_zone;
  p["at"] = u.created_at;
  ev.payload = json::serialize(p);
  return ev;
}

}  // namespace candor::server
