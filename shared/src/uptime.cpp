// The uptime bars' data (uptime.hpp): spans of status rebuilt from the snapshot, then cut
// into UTC days and weighed into an availability over the window.
#include "candor/uptime.hpp"

#include <algorithm>
#include <set>

namespace candor {
namespace {

ComponentStatus status_for(Impact impact) {
  switch (impact) {
    case Impact::none: return ComponentStatus::operational;
    case Impact::minor: return ComponentStatus::degraded_performance;
    case Impact::major: return ComponentStatus::partial_outage;
    case Impact::critical: return ComponentStatus::major_outage;
    case Impact::maintenance: return ComponentStatus::under_maintenance;
  }
  return ComponentStatus::operational;
}

// Downtime weight in tenths: integers keep native and wasm results identical.
std::int64_t downtime_tenths(ComponentStatus s) {
  if (s == ComponentStatus::major_outage) return 10;
  if (s == ComponentStatus::partial_outage) return 3;
  return 0;
}

// An incident may name a group: it then touches each of the group's components.
std::vector<std::string> expand(const std::vector<std::string>& ids, const std::vector<Component>& components) {
  std::vector<std::string> out;
  for (const std::string& id : ids) {
    bool group = false;
    for (const Component& c : components) {
      if (c.id == id && c.group) group = true;
    }
    if (!group) {
      out.push_back(id);
      continue;
    }
    for (const Component& c : components)
      if (c.group_id == id && !c.group) out.push_back(c.id);
  }
  return out;
}

bool closed(IncidentStatus s) { return s == IncidentStatus::resolved || s == IncidentStatus::postmortem; }

}  // namespace

int status_severity(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::operational: return 0;
    case ComponentStatus::under_maintenance: return 1;
    case ComponentStatus::degraded_performance: return 2;
    case ComponentStatus::partial_outage: return 3;
    case ComponentStatus::major_outage: return 4;
  }
  return 0;
}

std::vector<UptimeSpan> uptime_spans(const Snapshot& s, TimeMs now) {
  std::vector<UptimeSpan> out;
  std::set<std::string> seen;
  auto add = [&](const std::vector<std::string>& ids, TimeMs start, TimeMs end, ComponentStatus status,
                 const std::string& id, const std::string& name, bool listed) {
    if (ids.empty() || start > now) return;
    out.push_back(UptimeSpan{expand(ids, s.components), start, std::max(start, std::min(end, now)), status,
                             listed ? id : std::string(), listed ? name : std::string()});
  };
  for (const Incident& i : s.incidents) {
    seen.insert(i.id);
    const TimeMs end = i.resolved_at ? *i.resolved_at : closed(i.status) ? i.updated_at : now;
    add(i.component_ids, i.started_at, end, status_for(i.impact), i.id, i.name, i.impact != Impact::maintenance);
  }
  for (const Maintenance& m : s.maintenances) {
    seen.insert(m.id);
    switch (m.status) {
      case MaintenanceStatus::completed:
        add(m.component_ids, m.scheduled_for, m.scheduled_until, ComponentStatus::under_maintenance, m.id, m.name, false);
        break;
      case MaintenanceStatus::in_progress:
      case MaintenanceStatus::verifying:
        add(m.component_ids, std::min(m.scheduled_for, now), now, ComponentStatus::under_maintenance, m.id, m.name,
            false);
        break;
      case MaintenanceStatus::scheduled:
        add(m.component_ids, m.scheduled_for, m.scheduled_until, ComponentStatus::under_maintenance, m.id, m.name,
            false);
        break;
    }
  }
  for (const UptimeEvent& e : s.uptime_history) {
    if (seen.count(e.id)) continue;
    add(e.component_ids, e.started_at, e.resolved_at.value_or(now), status_for(e.impact), e.id, e.name,
        e.impact != Impact::maintenance);
  }
  for (const Component& c : s.components) {
    if (c.group || c.status == ComponentStatus::operational) continue;
    add({c.id}, std::min(c.updated_at, now), now, c.status, "", "", false);
  }
  return out;
}

ComponentUptime component_uptime(const std::vector<UptimeSpan>& spans, const std::string& component_id, TimeMs now) {
  const std::int64_t today = day_start(now) / kDayMs;
  const TimeMs window_start = (today - (kUptimeDays - 1)) * kDayMs;

  std::vector<const UptimeSpan*> mine;
  for (const UptimeSpan& sp : spans) {
    if (sp.end < window_start) continue;
    if (std::find(sp.component_ids.begin(), sp.component_ids.end(), component_id) != sp.component_ids.end())
      mine.push_back(&sp);
  }
  std::stable_sort(mine.begin(), mine.end(), [](const UptimeSpan* a, const UptimeSpan* b) {
    return a->start != b->start ? a->start < b->start : a->id < b->id;
  });

  ComponentUptime u;
  u.days.resize(kUptimeDays);
  for (int d = 0; d < kUptimeDays; ++d) {
    UptimeDay& day = u.days[d];
    day.day_start = window_start + d * kDayMs;
    const TimeMs day_end = day.day_start + kDayMs;
    for (const UptimeSpan* sp : mine) {
      const bool overlaps = sp->start == sp->end ? (sp->start >= day.day_start && sp->start < day_end)
                                                 : (sp->start < day_end && sp->end > day.day_start);
      if (!overlaps) continue;
      if (status_severity(sp->status) > status_severity(day.worst)) day.worst = sp->status;
      if (sp->id.empty()) continue;
      const bool listed = std::any_of(day.incidents.begin(), day.incidents.end(),
                                      [&](const UptimeIncident& x) { return x.id == sp->id; });
      if (!listed) day.incidents.push_back(UptimeIncident{sp->id, sp->name});
    }
  }

  // Weighted downtime: between consecutive span boundaries the worst covering status holds.
  std::vector<TimeMs> cuts = {window_start, now};
  for (const UptimeSpan* sp : mine) {
    cuts.push_back(std::clamp(sp->start, window_start, now));
    cuts.push_back(std::clamp(sp->end, window_start, now));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::int64_t down_tenths_ms = 0;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    const TimeMs a = cuts[k], b = cuts[k + 1];
    std::int64_t weight = 0;
    for (const UptimeSpan* sp : mine)
      if (sp->start <= a && sp->end >= b) weight = std::max(weight, downtime_tenths(sp->status));
    down_tenths_ms += weight * (b - a);
  }
  const std::int64_t window_tenths_ms = (now - window_start) * 10;
  if (window_tenths_ms > 0)
    u.percent_hundredths = (window_tenths_ms - down_tenths_ms) * 10000 / window_tenths_ms;  // rounds down
  return u;
}

}  // namespace candor
