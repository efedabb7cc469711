// Active incidents with their current window, running and soon-starting maintenances, and
// each component's status: what <candor-status> shows, nothing more.
#include "candor/widget_view.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "candor/estimate.hpp"
#include "candor/view_model.hpp"

namespace candor {
namespace json = boost::json;

namespace {

constexpr TimeMs kUpcomingMs = 7 * kDayMs;  // scheduled maintenances announced this far ahead

json::value iso(TimeMs t) { return json::value(format_iso8601(t)); }
json::value iso_or_null(const std::optional<TimeMs>& t) { return t ? iso(*t) : json::value(nullptr); }

json::array ids(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

bool active(const Incident& i) {
  return i.status != IncidentStatus::resolved && i.status != IncidentStatus::postmortem;
}

}  // namespace

std::string widget_view_json(const Snapshot& s, TimeMs now) {
  Engine engine(s.history);
  return widget_view_json(s, engine, now);
}

std::string widget_view_json(const Snapshot& s, Engine& engine, TimeMs now) {
  const Overall overall = overall_status(s, now);

  json::array components;
  for (const auto& c : s.components) {
    if (c.group) continue;
    components.push_back(json::object{{"id", c.id},
                                      {"group_id", c.group_id.empty() ? json::value(nullptr) : json::value(c.group_id)},
                                      {"status", to_string(c.status)}});
  }

  json::array incidents;
  for (const auto& i : s.incidents) {
    if (!active(i)) continue;
    // The window to show now: the standing promise while it holds; once missed (or when none
    // was published), the live estimate, as the portal shows it.
    std::optional<TimeMs> likely, latest;
    if (i.promise && now <= i.promise->latest_at) {
      likely = i.promise->likely_at;
      latest = i.promise->latest_at;
    } else {
      const std::int64_t elapsed_s = std::max<TimeMs>(0, now - i.started_at) / 1000;
      const Estimate e = engine.estimate(i.category, i.impact, i.status, elapsed_s, now);
      if (e.available) {
        likely = round_up_human(now + e.remaining_p50_s * kSecondMs, now);
        latest = round_up_human(now + e.remaining_target_s * kSecondMs, now);
      }
    }
    incidents.push_back(json::object{{"id", i.id},
                                     {"name", i.name},
                                     {"stage", to_string(i.status)},
                                     {"impact", to_string(i.impact)},
                                     {"components", ids(i.component_ids)},
                                     {"started_at", iso(i.started_at)},
                                     {"likely_at", iso_or_null(likely)},
                                     {"latest_at", iso_or_null(latest)},
                                     {"next_update_at", iso_or_null(i.next_update_at)},
                                     {"url", "./#/incident/" + i.id}});
  }

  json::array maintenances;
  for (const auto& m : s.maintenances) {
    const bool in_window = m.scheduled_for <= now && now < m.scheduled_until;
    const bool running = m.status == MaintenanceStatus::in_progress || m.status == MaintenanceStatus::verifying ||
                         (m.status == MaintenanceStatus::scheduled && in_window);
    const bool soon = m.status == MaintenanceStatus::scheduled && m.scheduled_until > now && m.scheduled_for - now <= kUpcomingMs;
    if (!running && !soon) continue;
    const MaintenanceStatus stage = m.status == MaintenanceStatus::scheduled && in_window ? MaintenanceStatus::in_progress : m.status;
    maintenances.push_back(json::object{{"id", m.id},
                                        {"name", m.name},
                                        {"stage", to_string(stage)},
                                        {"impact", "maintenance"},
                                        {"components", ids(m.component_ids)},
                                        {"active", running},
                                        {"starts_at", iso(m.scheduled_for)},
                                        {"likely_at", iso(m.scheduled_until)},
                                        {"latest_at", iso(m.scheduled_until)},
                                        {"next_update_at", nullptr},
                                        {"url", "./#/maintenance/" + m.id}});
  }

  const json::object doc{{"schema", "candor.widget/1"},
                         {"version", s.version},
                         {"generated_at", iso(s.generated_at)},
                         {"page", json::object{{"name", s.page.name}, {"url", "./"}}},
                         {"overall", json::object{{"status", to_string(overall.status)}, {"indicator", overall.indicator}}},
                         {"components", std::move(components)},
                         {"incidents", std::move(incidents)},
                         {"maintenances", std::move(maintenances)}};
  return json::serialize(doc);
}

}  // namespace candor
