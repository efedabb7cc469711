// Snapshot + now → what the pages show. Only integers, booleans, enums and ISO times are
// emitted, so native and wasm output are byte-identical; the one number with decimals, the
// uptime percent, is an integer count of hundredths divided by 100 (exact IEEE division,
// the same in both).
#include "candor/view_model.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "candor/calendar.hpp"
#include "candor/engine.hpp"
#include "candor/first_response.hpp"
#include "candor/queue.hpp"
#include "view_parts.hpp"
#include "candor/uptime.hpp"

namespace candor {
namespace json = boost::json;

namespace {

constexpr TimeMs kRecentWindowMs = 7 * kDayMs;  // resolved incidents stay on the overview this long

using detail::iso;
using detail::iso_or_null;
using detail::seconds;

ComponentStatus worse(ComponentStatus a, ComponentStatus b) {
  return status_severity(b) > status_severity(a) ? b : a;
}

bool active(const Incident& i) {
  return i.status != IncidentStatus::resolved && i.status != IncidentStatus::postmortem;
}

std::string utc_date(TimeMs t) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day_start(t) / kDayMs, y, m, d);
  char buf[16];
  const auto two = [](char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  std::int64_t yy = y < 0 ? 0 : y > 9999 ? 9999 : y;  // ISO dates have four digits
  for (int i = 3; i >= 0; --i, yy /= 10) buf[i] = static_cast<char>('0' + yy % 10);
  buf[4] = '-';
  two(buf + 5, m);
  buf[7] = '-';
  two(buf + 8, d);
  return std::string(buf, 10);
}

// {"percent", "days": [{"date", "worst", "incidents": [{"id", "name"}]}]} (uptime.hpp).
json::object uptime_view(const std::vector<UptimeSpan>& spans, const Component& c, TimeMs now) {
  const ComponentUptime u = component_uptime(spans, c.id, now);
  json::array days;
  for (const UptimeDay& d : u.days) {
    json::array incidents;
    for (const UptimeIncident& i : d.incidents) incidents.push_back(json::object{{"id", i.id}, {"name", i.name}});
    days.push_back(json::object{{"date", utc_date(d.day_start)}, {"worst", to_string(d.worst)},
                                {"incidents", std::move(incidents)}});
  }
  return {{"percent", static_cast<double>(u.percent_hundredths) / 100.0}, {"days", std::move(days)}};
}

json::object theme_view(const PageTheme& t) {
  json::array links;
  for (const PageLink& l : t.links) links.push_back(json::object{{"label", l.label}, {"url", l.url}});
  return {{"accent", t.accent.empty() ? json::value(nullptr) : json::value(t.accent)},
          {"logo_url", t.logo_url.empty() ? json::value(nullptr) : json::value(t.logo_url)},
          {"links", std::move(links)}};
}

json::object component_ref(const Component& c) {
  return {{"id", c.id}, {"name", c.name}, {"status", to_string(c.status)}};
}

json::array component_refs(const std::vector<std::string>& ids, const std::map<std::string, const Component*>& by_id) {
  json::array a;
  for (const auto& id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) a.push_back(component_ref(*it->second));
  }
  return a;
}

template <class Update>
json::array updates_newest_first(const std::vector<Update>& updates) {
  std::vector<const Update*> sorted;
  for (const auto& u : updates) sorted.push_back(&u);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Update* a, const Update* b) { return a->display_at > b->display_at; });
  json::array a;
  for (const Update* u : sorted)
    a.push_back(json::object{{"id", u->id}, {"status", to_string(u->status)}, {"body", u->body}, {"display_at", iso(u->display_at)}});
  return a;
}

json::array notes(const std::vector<Note>& v) {
  json::array a;
  for (const auto& n : v) a.push_back(json::object{{"title", n.title}, {"body", n.body}});
  return a;
}

// The four stages and where the incident stands. A stage it moved past without ever being in
// it (no update in that status; for monitoring, no monitoring_at either) is "skipped", not
// "done": an incident fixed straight from investigating was never "identified" on the page.
// With no updates at all (an import without them) nothing can be told apart, so all are done.
json::array stage_pipeline(const Incident& incident) {
  static const IncidentStatus kStages[] = {IncidentStatus::investigating, IncidentStatus::identified,
                                           IncidentStatus::monitoring, IncidentStatus::resolved};
  const int now_index = incident.status == IncidentStatus::postmortem ? 3 : static_cast<int>(incident.status);
  const auto was_in = [&](IncidentStatus stage) {
    if (incident.updates.empty()) return true;
    if (stage == IncidentStatus::monitoring && incident.monitoring_at) return true;
    return std::any_of(incident.updates.begin(), incident.updates.end(),
                       [&](const IncidentUpdate& u) { return u.status == stage; });
  };
  json::array a;
  for (int i = 0; i < 4; ++i) {
    const char* state = i < now_index ? (was_in(kStages[i]) ? "done" : "skipped") : i == now_index ? "now" : "next";
    if (i == 3 && now_index == 3) state = "done";  // resolved is an end, not a stage in progress
    a.push_back(json::object{{"stage", to_string(kStages[i])}, {"state", state}});
  }
  return a;
}

// The operator's own remaining-time estimate, and whether it is optimistic (below the
// history's P30 for this state): shown to operators, never used to shorten the promise.
json::value operator_estimate_view(Engine& engine, const Incident& i, TimeMs now) {
  if (!i.operator_estimate_s) return nullptr;
  const std::int64_t remaining_s = *i.operator_estimate_s - seconds(std::max<TimeMs>(0, now - i.updated_at));
  const std::int64_t elapsed_s = seconds(std::max<TimeMs>(0, now - i.started_at));
  const std::optional<double> p30 =
      engine.curve(i.category, i.impact, i.status, now).conditional_quantile(static_cast<double>(elapsed_s), 0.3);
  return json::object{{"remaining_s", remaining_s}, {"optimistic", p30 && static_cast<double>(remaining_s) < *p30}};
}

json::value estimate_view(Engine& engine, const Incident& i, TimeMs now) {
  if (!active(i)) return nullptr;
  const std::int64_t elapsed_s = seconds(std::max<TimeMs>(0, now - i.started_at));
  const Estimate e = engine.estimate(i.category, i.impact, i.status, elapsed_s, now);
  if (!e.available) return nullptr;
  const TimeMs likely_at = detail::likely_at_of(e, now);
  json::array stages;
  for (const StageEta& st : stage_etas(engine.stage_medians(i.category, i.impact, i.status, now), i.status,
                                       seconds(std::max<TimeMs>(0, now - stage_entered_at(i))), now, likely_at))
    stages.push_back(json::object{{"stage", to_string(st.stage)}, {"likely_end_at", iso(st.likely_end_at)}});
  json::object o = detail::estimate_json(e, now, likely_at);
  o["stages"] = std::move(stages);
  o["operator_estimate"] = operator_estimate_view(engine, i, now);
  return o;
}

json::array likely_obstacles_view(Engine& engine, const Incident& i, TimeMs now) {
  json::array a;
  if (!active(i)) return a;
  for (const ObstacleStat& o : engine.obstacles(i.category, i.impact, i.status, now))
    a.push_back(json::object{{"kind", o.kind}, {"likelihood_pct", o.likelihood_pct}, {"median_delay_s", o.median_delay_s}, {"seen", o.seen}, {"of", o.of}});
  return a;
}

json::value next_update_view(const Incident& i, TimeMs now) {
  if (!active(i) || !i.next_update_at) return nullptr;
  const bool late = now > *i.next_update_at;
  return json::object{{"at", iso(*i.next_update_at)}, {"late", late}, {"late_by_s", late ? seconds(now - *i.next_update_at) : 0}};
}

bool live(const Channel& c) { return c.kind == ChannelKind::chat || c.kind == ChannelKind::phone; }

// Erlang C on the channel's current figures (what a live channel's wait is, or would be).
json::value live_wait(const Channel& c) {
  if (c.agents <= 0) return nullptr;
  const QueueResult q = erlang_c({c.calls_per_hour, c.handle_seconds, c.agents, c.target_seconds, c.queue_length});
  if (!q.wait_p50_s || !q.wait_p90_s) return json::object{{"typical_s", nullptr}, {"worst_s", nullptr}, {"stable", q.stable}};
  return json::object{{"typical_s", static_cast<std::int64_t>(std::ceil(*q.wait_p50_s))},
                      {"worst_s", static_cast<std::int64_t>(std::ceil(*q.wait_p90_s))},
                      {"stable", q.stable}};
}

json::value wait_view(const Channel& c, TimeMs now, const OpenState& state) {
  if (live(c)) return state.open ? live_wait(c) : json::value(nullptr);
  // Asynchronous: first-response times from the channel's history, in open hours only.
  const FirstResponseTimes t = first_response_times(c);
  if (!t.p50_open_s || (!t.from_history && !t.p90_open_s)) return nullptr;
  const auto wall = [&](const std::optional<std::int64_t>& open_s) -> json::value {
    if (!open_s) return nullptr;  // too many still unanswered to say
    std::optional<TimeMs> at = add_open_time(c.open_intervals, now, *open_s * kSecondMs);
    return at ? json::value(seconds(*at - now)) : json::value(nullptr);
  };
  return json::object{{"typical_s", wall(t.p50_open_s)}, {"worst_s", wall(t.p90_open_s)}, {"stable", true}};
}

const char* indicator_for(const Snapshot& s, TimeMs now, ComponentStatus worst_component) {
  int level = 0;  // 0 none, 1 minor, 2 major, 3 critical
  for (const auto& i : s.incidents) {
    if (!active(i)) continue;
    if (i.impact == Impact::minor) level = std::max(level, 1);
    if (i.impact == Impact::major) level = std::max(level, 2);
    if (i.impact == Impact::critical) level = std::max(level, 3);
  }
  if (worst_component == ComponentStatus::degraded_performance) level = std::max(level, 1);
  if (worst_component == ComponentStatus::partial_outage) level = std::max(level, 2);
  if (worst_component == ComponentStatus::major_outage) level = std::max(level, 3);
  static const char* const kNames[] = {"none", "minor", "major", "critical"};
  if (level > 0) return kNames[level];
  bool maintenance = worst_component == ComponentStatus::under_maintenance;
  for (const auto& m : s.maintenances)
    if (m.status == MaintenanceStatus::in_progress || m.status == MaintenanceStatus::verifying ||
        (m.status == MaintenanceStatus::scheduled && m.scheduled_for <= now && now < m.scheduled_until))
      maintenance = true;
  return maintenance ? "maintenance" : "none";
}

json::array track_record_view(const Snapshot& s) {
  json::array a;
  for (const auto& t : s.track_record) {
    const int decided = t.kept + t.broken;
    a.push_back(json::object{{"kind", t.kind}, {"kept", t.kept}, {"broken", t.broken},
                             {"kept_pct", decided ? json::value((t.kept * 100 + decided / 2) / decided) : json::value(nullptr)}});
  }
  return a;
}

}  // namespace

Overall overall_status(const Snapshot& s, TimeMs now) {
  Overall o;
  for (const auto& c : s.components)
    if (!c.group) o.status = worse(o.status, c.status);
  o.indicator = indicator_for(s, now, o.status);
  return o;
}

std::string view_model_json(const Snapshot& s, TimeMs now) {
  Engine engine(s.history);
  return view_model_json(s, engine, now);
}

std::string view_model_json(const Snapshot& s, Engine& engine, TimeMs now) {
  const Overall overall = overall_status(s, now);
  std::map<std::string, const Component*> by_id;
  for (const auto& c : s.components) by_id[c.id] = &c;

  // Groups, and consecutive top-level components collected into an unnamed group; by position.
  std::vector<const Component*> top;
  for (const auto& c : s.components)
    if (c.group_id.empty() || !by_id.count(c.group_id)) top.push_back(&c);
  std::stable_sort(top.begin(), top.end(), [](const Component* a, const Component* b) { return a->position < b->position; });
  // Each shown group: a named group with its children, or (group null) a run of top-level
  // components between groups.
  struct ShownGroup {
    const Component* group = nullptr;
    std::vector<const Component*> members;
  };
  std::vector<ShownGroup> shown_groups;
  for (const Component* t : top) {
    if (t->group) {
      ShownGroup g{t, {}};
      for (const auto& c : s.components)
        if (c.group_id == t->id && !c.group) g.members.push_back(&c);
      std::stable_sort(g.members.begin(), g.members.end(),
                       [](const Component* a, const Component* b) { return a->position < b->position; });
      shown_groups.push_back(std::move(g));
    } else {
      if (shown_groups.empty() || shown_groups.back().group) shown_groups.push_back({});
      shown_groups.back().members.push_back(t);
    }
  }
  const std::vector<UptimeSpan> spans = uptime_spans(s, now);
  json::array groups;
  for (const ShownGroup& g : shown_groups) {
    ComponentStatus worst = ComponentStatus::operational;
    json::array members;
    for (const Component* c : g.members) {
      worst = worse(worst, c->status);
      json::object m = component_ref(*c);
      m["description"] = c->description.empty() ? json::value(nullptr) : json::value(c->description);
      m["uptime"] = uptime_view(spans, *c, now);
      members.push_back(std::move(m));
    }
    groups.push_back(json::object{{"id", g.group ? json::value(g.group->id) : json::value(nullptr)},
                                  {"name", g.group ? json::value(g.group->name) : json::value(nullptr)},
                                  {"status", to_string(worst)},
                                  {"components", std::move(members)}});
  }

  std::vector<const Incident*> shown;
  for (const auto& i : s.incidents)
    if (active(i) || (i.resolved_at && now - *i.resolved_at <= kRecentWindowMs)) shown.push_back(&i);
  std::stable_sort(shown.begin(), shown.end(), [](const Incident* a, const Incident* b) {
    if (active(*a) != active(*b)) return active(*a);
    return a->started_at > b->started_at;
  });
  json::array incidents;
  for (const Incident* i : shown) {
    incidents.push_back(json::object{
        {"id", i->id},
        {"name", i->name},
        {"status", to_string(i->status)},
        {"impact", to_string(i->impact)},
        {"category", i->category},
        {"active", active(*i)},
        {"started_at", iso(i->started_at)},
        {"updated_at", iso(i->updated_at)},
        {"resolved_at", iso_or_null(i->resolved_at)},
        {"elapsed_s", seconds(std::max<TimeMs>(0, (i->resolved_at ? *i->resolved_at : now) - i->started_at))},
        {"components", component_refs(i->component_ids, by_id)},
        {"stages", stage_pipeline(*i)},
        {"updates", updates_newest_first(i->updates)},
        {"estimate", estimate_view(engine, *i, now)},
        {"promise", detail::promise_json(i->promise, i->resolved_at, now)},
        {"next_update", next_update_view(*i, now)},
        {"obstacles", notes(i->obstacles)},
        {"likely_obstacles", likely_obstacles_view(engine, *i, now)},
        {"workarounds", notes(i->workarounds)}});
  }

  // Every resolved incident the snapshot carries, newest first: the history page's list, and
  // enough of each (stages, updates, the promise and whether it was kept) for its own page.
  std::vector<const Incident*> past;
  for (const auto& i : s.incidents)
    if (!active(i)) past.push_back(&i);
  std::stable_sort(past.begin(), past.end(), [](const Incident* a, const Incident* b) { return a->started_at > b->started_at; });
  json::array past_incidents;
  for (const Incident* i : past) {
    const TimeMs end = i->resolved_at ? *i->resolved_at : i->updated_at;
    past_incidents.push_back(json::object{{"id", i->id},
                                          {"name", i->name},
                                          {"impact", to_string(i->impact)},
                                          {"category", i->category},
                                          {"started_at", iso(i->started_at)},
                                          {"resolved_at", iso_or_null(i->resolved_at)},
                                          {"duration_s", seconds(std::max<TimeMs>(0, end - i->started_at))},
                                          {"components", component_refs(i->component_ids, by_id)},
                                          {"stages", stage_pipeline(*i)},
                                          {"updates", updates_newest_first(i->updates)},
                                          {"promise", detail::promise_json(i->promise, end, now)}});
  }

  std::vector<const Maintenance*> upcoming;
  for (const auto& m : s.maintenances)
    if (m.status != MaintenanceStatus::completed && m.scheduled_until > now - kDayMs) upcoming.push_back(&m);
  std::stable_sort(upcoming.begin(), upcoming.end(),
                   [](const Maintenance* a, const Maintenance* b) { return a->scheduled_for < b->scheduled_for; });
  json::array maintenances;
  for (const Maintenance* m : upcoming) {
    const bool running = m->status == MaintenanceStatus::in_progress || m->status == MaintenanceStatus::verifying ||
                         (m->scheduled_for <= now && now < m->scheduled_until);
    maintenances.push_back(json::object{{"id", m->id},
                                        {"name", m->name},
                                        {"status", to_string(m->status)},
                                        {"scheduled_for", iso(m->scheduled_for)},
                                        {"scheduled_until", iso(m->scheduled_until)},
                                        {"components", component_refs(m->component_ids, by_id)},
                                        {"active", running},
                                        {"updates", updates_newest_first(m->updates)}});
  }

  json::array channels;
  for (const auto& c : s.channels) {
    const OpenState st = open_state(c.open_intervals, now);
    channels.push_back(json::object{{"id", c.id},
                                    {"name", c.name},
                                    {"kind", to_string(c.kind)},
                                    {"open", st.open},
                                    {"opens_at", iso_or_null(st.opens_at)},
                                    {"closes_at", iso_or_null(st.closes_at)},
                                    {"wait", wait_view(c, now, st)},
                                    // A closed live channel: the wait on its current figures,
                                    // a guide for when it opens (null when open or async).
                                    {"wait_at_open", live(c) && !st.open ? live_wait(c) : json::value(nullptr)}});
  }

  json::object doc{{"now", iso(now)},
                   {"version", s.version},
                   {"generated_at", iso(s.generated_at)},
                   {"data_age_s", seconds(std::max<TimeMs>(0, now - s.generated_at))},
                   {"page", json::object{{"id", s.page.id}, {"name", s.page.name}, {"url", s.page.url}, {"time_zone", s.page.time_zone},
                                         {"theme", theme_view(s.page.theme)}}},
                   {"overall", json::object{{"status", to_string(overall.status)}, {"indicator", overall.indicator}}},
                   {"groups", std::move(groups)},
                   {"incidents", std::move(incidents)},
                   {"past_incidents", std::move(past_incidents)},
                   {"maintenances", std::move(maintenances)},
                   {"channels", std::move(channels)},
                   {"track_record", track_record_view(s)}};
  return json::serialize(doc);
}

}  // namespace candor
