// Statuspage v2 JSON → the model (statuspage_import.hpp): the reverse of statuspage.cpp.
#include "statuspage_import.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "business_hours.hpp"
#include "file_bytes.hpp"
#include "sha256.hpp"

namespace candor::server {
namespace {

namespace json = boost::json;

// Field reads with the first error kept: callers read everything, then check once.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const json::object* object(const json::value& v, const std::string& path) {
    if (v.is_object()) return &v.as_object();
    fail(path, "must be an object");
    return nullptr;
  }
  const json::array* array(const json::object& o, const std::string& path, const char* key) {
    const json::value* v = o.if_contains(key);
    if (v && v->is_array()) return &v->as_array();
    fail(path + "/" + key, v ? "must be an array" : "is missing");
    return nullptr;
  }
  std::string str(const json::object& o, const std::string& path, const char* key, bool nullable = false) {
    const json::value* v = o.if_contains(key);
    if (v && v->is_string()) return std::string(v->as_string());
    if (nullable && (!v || v->is_null())) return {};
    fail(path + "/" + key, v ? "must be a string" : "is missing");
    return {};
  }
  std::optional<TimeMs> time(const json::object& o, const std::string& path, const char* key, bool nullable) {
    const json::value* v = o.if_contains(key);
    if (nullable && (!v || v->is_null())) return std::nullopt;
    if (v && v->is_string()) {
      auto t = parse_iso8601(std::string_view(v->as_string()));
      if (t) return t.value();
      fail(path + "/" + key, "is not an ISO-8601 date-time: " + t.error().detail);
      return std::nullopt;
    }
    fail(path + "/" + key, v ? "must be an ISO-8601 string" : "is missing");
    return std::nullopt;
  }
  template <class E>
  E enumerated(const json::object& o, const std::string& path, const char* key, E fallback) {
    const std::string s = str(o, path, key);
    E out = fallback;
    if (!s.empty() && !from_string(s, out)) fail(path + "/" + key, "\"" + s + "\" is not an allowed value");
    return out;
  }
  void fail(const std::string& path, const std::string& reason) {
    if (error_.code == errc::ok) error_ = Error{errc::invalid_value, file_ + ": " + path, reason};
  }
  const Error& error() const { return error_; }

 private:
  std::string file_;
  Error error_;
};

Result<std::string> read_file(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  std::optional<std::string> bytes = read_file_bytes(path);
  if (!bytes) return Error{errc::invalid_value, path, "cannot be read"};
  return std::move(*bytes);
}

Result<json::value> read_json(const std::string& dir, const std::string& name, const std::string& text,
                              std::string& all_bytes) {
  const std::string path = dir + "/" + name;
  all_bytes += name + '\0' + text + '\0';
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error{errc::parse_error, path, "not JSON: " + ec.message()};
  return v;
}

template <class Update, class Status>
std::vector<Update> read_updates(Reader& r, const json::object& x, const std::string& path) {
  std::vector<Update> out;
  const json::array* ups = r.array(x, path, "incident_updates");
  if (!ups) return out;
  for (std::size_t i = 0; i < ups->size(); ++i) {
    const std::string p = path + "/incident_updates/" + std::to_string(i);
    const json::object* u = r.object((*ups)[i], p);
    if (!u) continue;
    Update up;
    up.id = r.str(*u, p, "id");
    up.status = r.enumerated(*u, p, "status", Status{});
    up.body = r.str(*u, p, "body", true);
    up.created_at = r.time(*u, p, "created_at", false).value_or(0);
    up.display_at = r.time(*u, p, "display_at", true).value_or(up.created_at);
    out.push_back(std::move(up));
  }
  // Statuspage sends them newest first; the model keeps them oldest first.
  std::stable_sort(out.begin(), out.end(), [](const Update& a, const Update& b) { return a.created_at < b.created_at; });
  return out;
}

// §6's affected_components of one incident update: null, absent or [] when it changed none.
// A component listed twice in one update is refused: which of its two changes would be true?
std::vector<ComponentChange> read_affected_components(Reader& r, const json::object& u, const std::string& path) {
  std::vector<ComponentChange> out;
  const json::value* v = u.if_contains("affected_components");
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    r.fail(path + "/affected_components", "must be an array or null");
    return out;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const std::string p = path + "/affected_components/" + std::to_string(i);
    const json::object* c = r.object(v->as_array()[i], p);
    if (!c) continue;
    ComponentChange change;
    change.component_id = r.str(*c, p, "code");
    change.name = r.str(*c, p, "name", true);
    change.old_status = r.enumerated(*c, p, "old_status", ComponentStatus::operational);
    change.new_status = r.enumerated(*c, p, "new_status", ComponentStatus::operational);
    for (const ComponentChange& seen : out)
      if (seen.component_id == change.component_id) r.fail(p + "/code", "\"" + change.component_id + "\" is listed twice");
    out.push_back(std::move(change));
  }
  return out;
}

std::vector<std::string> read_component_ids(Reader& r, const json::object& x, const std::string& path) {
  std::vector<std::string> ids;
  const json::value* v = x.if_contains("components");
  if (!v || v->is_null()) return ids;
  if (!v->is_array()) {
    r.fail(path + "/components", "must be an array");
    return ids;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const std::string p = path + "/components/" + std::to_string(i);
    if (const json::object* c = r.object(v->as_array()[i], p)) ids.push_back(r.str(*c, p, "id"));
  }
  return ids;
}

}  // namespace

Result<StatuspageImport> read_statuspage_export(const std::string& dir) {
  auto summary = read_file(dir, "summary.json");
  if (!summary) return summary.error();
  auto incidents = read_file(dir, "incidents.json");
  if (!incidents) return incidents.error();
  auto maintenances = read_file(dir, "scheduled-maintenances.json");
  if (!maintenances) return maintenances.error();
  return read_statuspage_texts(dir, summary.value(), incidents.value(), maintenances.value());
}

Result<StatuspageImport> read_statuspage_texts(const std::string& dir, const std::string& summary_text,
                                               const std::string& incidents_text,
                                               const std::string& maintenances_text) {
  std::string bytes;
  auto summary = read_json(dir, "summary.json", summary_text, bytes);
  if (!summary) return summary.error();
  auto incidents = read_json(dir, "incidents.json", incidents_text, bytes);
  if (!incidents) return incidents.error();
  auto maintenances = read_json(dir, "scheduled-maintenances.json", maintenances_text, bytes);
  if (!maintenances) return maintenances.error();

  StatuspageImport out;
  out.digest = sha256_hex(bytes);

  Reader rs(dir + "/summary.json");
  if (const json::object* s = rs.object(summary.value(), "")) {
    if (const json::object* p = s->contains("page") ? rs.object(s->at("page"), "/page") : nullptr) {
      out.page.id = rs.str(*p, "/page", "id");
      out.page.name = rs.str(*p, "/page", "name");
      out.page.url = rs.str(*p, "/page", "url", true);
      while (!out.page.url.empty() && out.page.url.back() == '/') out.page.url.pop_back();
      out.page.time_zone = rs.str(*p, "/page", "time_zone", true);
      if (out.page.time_zone.empty() || !is_known_time_zone(out.page.time_zone)) out.page.time_zone = "Etc/UTC";
      out.page.updated_at = rs.time(*p, "/page", "updated_at", false).value_or(0);
    } else {
      rs.fail("/page", "is missing");
    }
    if (const json::array* cs = rs.array(*s, "", "components")) {
      for (std::size_t i = 0; i < cs->size(); ++i) {
        const std::string p = "/components/" + std::to_string(i);
        const json::object* c = rs.object((*cs)[i], p);
        if (!c) continue;
        Component x;
        x.id = rs.str(*c, p, "id");
        x.name = rs.str(*c, p, "name");
        x.status = rs.enumerated(*c, p, "status", ComponentStatus::operational);
        x.description = rs.str(*c, p, "description", true);
        x.group_id = rs.str(*c, p, "group_id", true);
        const json::value* g = c->if_contains("group");
        x.group = g && g->is_bool() && g->as_bool();
        const json::value* pos = c->if_contains("position");
        if (pos && pos->is_int64()) x.position = static_cast<int>(pos->as_int64());
        x.created_at = rs.time(*c, p, "created_at", false).value_or(0);
        x.updated_at = rs.time(*c, p, "updated_at", true).value_or(x.created_at);
        out.components.push_back(std::move(x));
      }
    }
  }
  if (rs.error().code != errc::ok) return rs.error();

  std::map<std::string, std::string> component_names;
  for (const Component& c : out.components) component_names[c.id] = c.name;

  // summary.json's unresolved incidents first, then incidents.json's (which win for the same id).
  std::map<std::string, std::size_t> by_id;
  auto read_incidents = [&](const json::value& doc, const std::string& file) -> Error {
    Reader r(dir + "/" + file);
    const json::object* o = r.object(doc, "");
    const json::array* xs = o ? r.array(*o, "", "incidents") : nullptr;
    for (std::size_t i = 0; xs && i < xs->size(); ++i) {
      const std::string p = "/incidents/" + std::to_string(i);
      const json::object* x = r.object((*xs)[i], p);
      if (!x) continue;
      Incident inc;
      inc.id = r.str(*x, p, "id");
      inc.name = r.str(*x, p, "name");
      inc.status = r.enumerated(*x, p, "status", IncidentStatus::investigating);
      inc.impact = r.enumerated(*x, p, "impact", Impact::none);
      inc.created_at = r.time(*x, p, "created_at", false).value_or(0);
      inc.started_at = r.time(*x, p, "started_at", true).value_or(inc.created_at);
      inc.updated_at = r.time(*x, p, "updated_at", true).value_or(inc.created_at);
      inc.monitoring_at = r.time(*x, p, "monitoring_at", true);
      inc.resolved_at = r.time(*x, p, "resolved_at", true);
      inc.component_ids = read_component_ids(r, *x, p);
      inc.updates = read_updates<IncidentUpdate, IncidentStatus>(r, *x, p);
      ComponentChanges changes;
      if (const json::array* ups = x->if_contains("incident_updates") ? x->at("incident_updates").if_array() : nullptr) {
        for (std::size_t j = 0; j < ups->size(); ++j) {
          const std::string up = p + "/incident_updates/" + std::to_string(j);
          const json::object* u = (*ups)[j].if_object();  // read_updates has reported a non-object
          if (!u) continue;
          std::vector<ComponentChange> affected = read_affected_components(r, *u, up);
          if (!affected.empty()) changes[r.str(*u, up, "id")] = std::move(affected);
        }
      }
      // Statuspage has no category: the first affected component names it, as people do.
      inc.category = "General";
      for (const std::string& id : inc.component_ids) {
        if (auto it = component_names.find(id); it != component_names.end()) {
          inc.category = it->second;
          break;
        }
      }
      if (r.error().code != errc::ok) break;
      // A later copy of an incident (incidents.json after summary.json) replaces its changes too.
      if (auto it = by_id.find(inc.id); it != by_id.end())
        for (const IncidentUpdate& u : out.incidents[it->second].updates) out.component_changes.erase(u.id);
      for (auto& [update_id, list] : changes) out.component_changes[update_id] = std::move(list);
      if (auto it = by_id.find(inc.id); it != by_id.end()) {
        out.incidents[it->second] = std::move(inc);
      } else {
        by_id.emplace(inc.id, out.incidents.size());
        out.incidents.push_back(std::move(inc));
      }
    }
    return r.error();
  };
  if (const json::object* s = summary.value().if_object(); s && s->contains("incidents")) {
    if (Error e = read_incidents(summary.value(), "summary.json"); e.code != errc::ok) return e;
  }
  if (Error e = read_incidents(incidents.value(), "incidents.json"); e.code != errc::ok) return e;

  Reader rm(dir + "/scheduled-maintenances.json");
  const json::object* mo = rm.object(maintenances.value(), "");
  const json::array* ms = mo ? rm.array(*mo, "", "scheduled_maintenances") : nullptr;
  for (std::size_t i = 0; ms && i < ms->size(); ++i) {
    const std::string p = "/scheduled_maintenances/" + std::to_string(i);
    const json::object* x = rm.object((*ms)[i], p);
    if (!x) continue;
    Maintenance m;
    m.id = rm.str(*x, p, "id");
    m.name = rm.str(*x, p, "name");
    m.status = rm.enumerated(*x, p, "status", MaintenanceStatus::scheduled);
    m.created_at = rm.time(*x, p, "created_at", false).value_or(0);
    m.updated_at = rm.time(*x, p, "updated_at", true).value_or(m.created_at);
    m.scheduled_for = rm.time(*x, p, "scheduled_for", false).value_or(0);
    m.scheduled_until = rm.time(*x, p, "scheduled_until", false).value_or(m.scheduled_for);
    if (m.scheduled_until < m.scheduled_for) rm.fail(p + "/scheduled_until", "is before scheduled_for");
    m.component_ids = read_component_ids(rm, *x, p);
    m.updates = read_updates<MaintenanceUpdate, MaintenanceStatus>(rm, *x, p);
    out.maintenances.push_back(std::move(m));
  }
  if (rm.error().code != errc::ok) return rm.error();

  // Links to components the export does not list would break the store's foreign keys.
  for (auto* list : {&out.incidents}) {
    for (Incident& x : *list) {
      x.component_ids.erase(std::remove_if(x.component_ids.begin(), x.component_ids.end(),
                                           [&](const std::string& id) { return !component_names.count(id); }),
                            x.component_ids.end());
    }
  }
  for (Maintenance& m : out.maintenances) {
    m.component_ids.erase(std::remove_if(m.component_ids.begin(), m.component_ids.end(),
                                         [&](const std::string& id) { return !component_names.count(id); }),
                          m.component_ids.end());
  }

  // The history: every resolved incident, with the time spent in each stage.
  for (const Incident& x : out.incidents) {
    if (!x.resolved_at || x.impact == Impact::maintenance || *x.resolved_at < x.started_at) continue;
    PastIncident h;
    h.id = x.id;
    h.category = x.category;
    h.impact = x.impact;
    h.started_at = x.started_at;
    h.resolved_at = x.resolved_at;
    for (std::size_t i = 0; i + 1 < x.updates.size(); ++i) {
      const IncidentUpdate& u = x.updates[i];
      if (u.status == IncidentStatus::resolved || u.status == IncidentStatus::postmortem) break;
      const std::int64_t d = std::max<std::int64_t>(0, (x.updates[i + 1].created_at - u.created_at) / 1000);
      if (!h.stages.empty() && h.stages.back().stage == u.status) {
        h.stages.back().duration_s += d;
      } else {
        h.stages.push_back({u.status, d});
      }
    }
    out.history.push_back(std::move(h));
  }
  return out;
}

}  // namespace candor::server
