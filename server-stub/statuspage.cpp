// Snapshot → Statuspage v2 JSON (statuspage.hpp). Boost.JSON objects keep insertion order,
// so keys come out in the order of the spec's field tables.
#include "statuspage.hpp"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace candor::server {
namespace {

namespace json = boost::json;

json::value time_or_null(const std::optional<TimeMs>& t) {
  if (!t) return nullptr;
  return json::value(format_iso8601(*t));
}

json::value string_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

json::object page_object(const Page& p) {
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  o["url"] = p.url;
  o["time_zone"] = p.time_zone;
  o["updated_at"] = format_iso8601(p.updated_at);
  return o;
}

// Groups by position, each followed by its children by position (spec §9 "Ordering").
std::vector<const Component*> ordered_components(const Snapshot& s) {
  std::vector<const Component*> top;
  std::unordered_map<std::string, std::vector<const Component*>> children;
  for (const Component& c : s.components) {
    if (c.group_id.empty()) {
      top.push_back(&c);
    } else {
      children[c.group_id].push_back(&c);
    }
  }
  auto by_position = [](const Component* a, const Component* b) { return a->position < b->position; };
  std::stable_sort(top.begin(), top.end(), by_position);
  std::vector<const Component*> out;
  out.reserve(s.components.size());
  for (const Component* c : top) {
    out.push_back(c);
    auto it = children.find(c->id);
    if (it == children.end()) continue;
    std::stable_sort(it->second.begin(), it->second.end(), by_position);
    out.insert(out.end(), it->second.begin(), it->second.end());
    children.erase(it);
  }
  // Children of a group that is not in the snapshot: keep them rather than drop them.
  for (const Component& c : s.components) {
    if (!c.group_id.empty() && children.count(c.group_id)) out.push_back(&c);
  }
  return out;
}

json::object component_object(const Snapshot& s, const Component& c) {
  json::object o;
  o["id"] = c.id;
  o["name"] = c.name;
  o["status"] = to_string(c.status);
  o["created_at"] = format_iso8601(c.created_at);
  o["updated_at"] = format_iso8601(c.updated_at);
  o["position"] = c.position;
  o["description"] = string_or_null(c.description);
  // Candor has no Uptime Showcase; the bar is never promised to clients.
  o["showcase"] = false;
  o["start_date"] = nullptr;
  o["group_id"] = string_or_null(c.group_id);
  o["page_id"] = s.page.id;
  o["group"] = c.group;
  o["only_show_if_degraded"] = false;
  if (c.group) {
    json::array ids;
    for (const Component* child : ordered_components(s)) {
      if (child->group_id == c.id) ids.emplace_back(child->id);
    }
    o["components"] = std::move(ids);
  }
  return o;
}

json::array components_of(const Snapshot& s, const std::vector<std::string>& ids) {
  json::array out;
  for (const std::string& id : ids) {
    for (const Component& c : s.components) {
      if (c.id == id) {
        out.emplace_back(component_object(s, c));
        break;
      }
    }
  }
  return out;
}

std::string shortlink(const Page& p, const std::string& id) { return p.url + "/i/" + id; }

// §6: [{code, name, old_status, new_status}], or null when the update changed no component.
// The name is the component's current one when it still exists (as Statuspage shows it).
json::value affected_components(const Snapshot& s, const ComponentChanges* changes, const std::string& update_id) {
  if (changes == nullptr) return nullptr;
  const auto it = changes->find(update_id);
  if (it == changes->end() || it->second.empty()) return nullptr;
  json::array out;
  for (const ComponentChange& c : it->second) {
    std::string name = c.name;
    for (const Component& now : s.components)
      if (now.id == c.component_id) name = now.name;
    json::object o;
    o["code"] = c.component_id;
    o["name"] = std::move(name);
    o["old_status"] = to_string(c.old_status);
    o["new_status"] = to_string(c.new_status);
    out.emplace_back(std::move(o));
  }
  return out;
}

template <class Update>
json::object update_object(const Update& u, const std::string& item_id, json::value affected) {
  json::object o;
  o["id"] = u.id;
  o["status"] = to_string(u.status);
  o["body"] = u.body;
  o["incident_id"] = item_id;
  o["created_at"] = format_iso8601(u.created_at);
  o["updated_at"] = format_iso8601(u.created_at);  // Candor's updates are never edited
  o["display_at"] = format_iso8601(u.display_at);
  o["affected_components"] = std::move(affected);
  o["deliver_notifications"] = true;
  o["custom_tweet"] = nullptr;
  o["tweet_id"] = nullptr;
  return o;
}

// The model keeps updates oldest first; Statuspage sends them newest first.
// Maintenance updates never carry component changes (`changes` null for them).
template <class Item>
json::array updates_newest_first(const Snapshot& s, const Item& x, const ComponentChanges* changes) {
  json::array out;
  for (auto it = x.updates.rbegin(); it != x.updates.rend(); ++it)
    out.emplace_back(update_object(*it, x.id, affected_components(s, changes, it->id)));
  return out;
}

json::object incident_object(const Snapshot& s, const Incident& x, const ComponentChanges* changes) {
  json::object o;
  o["id"] = x.id;
  o["name"] = x.name;
  o["status"] = to_string(x.status);
  o["created_at"] = format_iso8601(x.created_at);
  o["updated_at"] = format_iso8601(x.updated_at);
  o["monitoring_at"] = time_or_null(x.monitoring_at);
  o["resolved_at"] = time_or_null(x.resolved_at);
  o["impact"] = to_string(x.impact);
  o["shortlink"] = shortlink(s.page, x.id);
  o["started_at"] = format_iso8601(x.started_at);
  o["page_id"] = s.page.id;
  o["incident_updates"] = updates_newest_first(s, x, changes);
  o["components"] = components_of(s, x.component_ids);
  o["reminder_intervals"] = nullptr;
  return o;
}

json::object maintenance_object(const Snapshot& s, const Maintenance& x) {
  std::optional<TimeMs> resolved_at;
  if (x.status == MaintenanceStatus::completed) {
    resolved_at = x.updated_at;
    for (const MaintenanceUpdate& u : x.updates)
      if (u.status == MaintenanceStatus::completed) resolved_at = u.created_at;
  }
  json::object o;
  o["id"] = x.id;
  o["name"] = x.name;
  o["status"] = to_string(x.status);
  o["created_at"] = format_iso8601(x.created_at);
  o["updated_at"] = format_iso8601(x.updated_at);
  o["monitoring_at"] = nullptr;
  o["resolved_at"] = time_or_null(resolved_at);
  o["impact"] = to_string(Impact::maintenance);
  o["shortlink"] = shortlink(s.page, x.id);
  o["started_at"] = format_iso8601(x.scheduled_for);
  o["page_id"] = s.page.id;
  o["incident_updates"] = updates_newest_first(s, x, nullptr);
  o["components"] = components_of(s, x.component_ids);
  o["reminder_intervals"] = nullptr;
  o["scheduled_for"] = format_iso8601(x.scheduled_for);
  o["scheduled_until"] = format_iso8601(x.scheduled_until);
  return o;
}

bool unresolved(IncidentStatus st) {
  return st == IncidentStatus::investigating || st == IncidentStatus::identified ||
         st == IncidentStatus::monitoring;
}

json::array incidents_array(const Snapshot& s, bool only_unresolved, const ComponentChanges* changes) {
  std::vector<const Incident*> xs;
  for (const Incident& x : s.incidents)
    if (!only_unresolved || unresolved(x.status)) xs.push_back(&x);
  // Newest first; ties by id so the order never depends on storage order.
  std::stable_sort(xs.begin(), xs.end(), [](const Incident* a, const Incident* b) {
    if (a->created_at != b->created_at) return a->created_at > b->created_at;
    return a->id > b->id;
  });
  if (xs.size() > kStatuspageListLimit) xs.resize(kStatuspageListLimit);
  json::array out;
  for (const Incident* x : xs) out.emplace_back(incident_object(s, *x, changes));
  return out;
}

template <class Keep>
json::array maintenances_array(const Snapshot& s, Keep keep) {
  std::vector<const Maintenance*> xs;
  for (const Maintenance& x : s.maintenances)
    if (keep(x.status)) xs.push_back(&x);
  std::stable_sort(xs.begin(), xs.end(), [](const Maintenance* a, const Maintenance* b) {
    if (a->scheduled_for != b->scheduled_for) return a->scheduled_for > b->scheduled_for;
    return a->id > b->id;
  });
  if (xs.size() > kStatuspageListLimit) xs.resize(kStatuspageListLimit);
  json::array out;
  for (const Maintenance* x : xs) out.emplace_back(maintenance_object(s, *x));
  return out;
}

bool is_upcoming(MaintenanceStatus st) { return st == MaintenanceStatus::scheduled; }
bool is_active(MaintenanceStatus st) {
  return st == MaintenanceStatus::in_progress || st == MaintenanceStatus::verifying;
}

json::array all_components(const Snapshot& s) {
  json::array out;
  for (const Component* c : ordered_components(s)) out.emplace_back(component_object(s, *c));
  return out;
}

json::object status_object(const Snapshot& s) {
  const StatuspageStatus st = statuspage_status(s);
  json::object o;
  o["indicator"] = st.indicator;
  o["description"] = st.description;
  return o;
}

}  // namespace

std::optional<StatuspageDocument> statuspage_document_for(std::string_view path) {
  static const std::pair<std::string_view, StatuspageDocument> kPaths[] = {
      {"/api/v2/summary.json", StatuspageDocument::summary},
      {"/api/v2/status.json", StatuspageDocument::status},
      {"/api/v2/components.json", StatuspageDocument::components},
      {"/api/v2/incidents.json", StatuspageDocument::incidents},
      {"/api/v2/incidents/unresolved.json", StatuspageDocument::incidents_unresolved},
      {"/api/v2/scheduled-maintenances.json", StatuspageDocument::maintenances},
      {"/api/v2/scheduled-maintenances/upcoming.json", StatuspageDocument::maintenances_upcoming},
      {"/api/v2/scheduled-maintenances/active.json", StatuspageDocument::maintenances_active},
  };
  for (const auto& [p, d] : kPaths)
    if (p == path) return d;
  return std::nullopt;
}

// The indicator is the worst of the unresolved incidents' impacts and the components'
// statuses (degraded → minor, partial outage → major, major outage → critical, as the
// spec's example pairs a partial outage with "major"); "maintenance" only when nothing is
// worse and a maintenance is under way. The description follows the indicator, in the
// wording the spec lists.
StatuspageStatus statuspage_status(const Snapshot& s) {
  int worst = 0;  // 0 none, 1 minor, 2 major, 3 critical
  bool maintenance = false;
  for (const Incident& x : s.incidents) {
    if (!unresolved(x.status)) continue;
    switch (x.impact) {
      case Impact::minor: worst = std::max(worst, 1); break;
      case Impact::major: worst = std::max(worst, 2); break;
      case Impact::critical: worst = std::max(worst, 3); break;
      case Impact::maintenance: maintenance = true; break;
      case Impact::none: break;
    }
  }
  for (const Component& c : s.components) {
    switch (c.status) {
      case ComponentStatus::degraded_performance: worst = std::max(worst, 1); break;
      case ComponentStatus::partial_outage: worst = std::max(worst, 2); break;
      case ComponentStatus::major_outage: worst = std::max(worst, 3); break;
      case ComponentStatus::under_maintenance: maintenance = true; break;
      case ComponentStatus::operational: break;
    }
  }
  for (const Maintenance& m : s.maintenances)
    if (is_active(m.status)) maintenance = true;
  switch (worst) {
    case 3: return {"critical", "Major Service Outage"};
    case 2: return {"major", "Partial System Outage"};
    case 1: return {"minor", "Minor Service Outage"};
    default: break;
  }
  if (maintenance) return {"maintenance", "Service Under Maintenance"};
  return {"none", "All Systems Operational"};
}

std::string encode_statuspage(const Snapshot& s, StatuspageDocument document, const ComponentChanges* changes) {
  json::object o;
  o["page"] = page_object(s.page);
  switch (document) {
    case StatuspageDocument::summary:
      o["components"] = all_components(s);
      o["incidents"] = incidents_array(s, true, changes);
      o["scheduled_maintenances"] =
          maintenances_array(s, [](MaintenanceStatus st) { return is_upcoming(st) || is_active(st); });
      o["status"] = status_object(s);
      break;
    case StatuspageDocument::status: o["status"] = status_object(s); break;
    case StatuspageDocument::components: o["components"] = all_components(s); break;
    case StatuspageDocument::incidents: o["incidents"] = incidents_array(s, false, changes); break;
    case StatuspageDocument::incidents_unresolved: o["incidents"] = incidents_array(s, true, changes); break;
    case StatuspageDocument::maintenances:
      o["scheduled_maintenances"] = maintenances_array(s, [](MaintenanceStatus) { return true; });
      break;
    case StatuspageDocument::maintenances_upcoming:
      o["scheduled_maintenances"] = maintenances_array(s, is_upcoming);
      break;
    case StatuspageDocument::maintenances_active:
      o["scheduled_maintenances"] = maintenances_array(s, is_active);
      break;
  }
  return json::serialize(o);
}

}  // namespace candor::server
