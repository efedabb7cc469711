// The snapshot and case JSON formats (Candor's /api/v1 documents), both directions.
// Key names follow Statuspage v2 where it has them (incident_updates, scheduled_maintenances,
// scheduled_for ...). Every key is always written; absent values are null.
#include "candor/codec.hpp"

#include <boost/json.hpp>

#include "candor/theme.hpp"
#include "json_read.hpp"

namespace candor {
namespace json = boost::json;
using detail::ObjectReader;

namespace {

constexpr std::int64_t kMaxSeconds = 100LL * 365 * 24 * 3600;  // a century bounds every duration
constexpr int kMaxCount = 1000000;

// ---------- encoding ----------

json::value time_or_null(const std::optional<TimeMs>& t) {
  return t ? json::value(format_iso8601(*t)) : json::value(nullptr);
}
json::value string_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
template <class T>
json::value int_or_null(const std::optional<T>& v) {
  return v ? json::value(static_cast<std::int64_t>(*v)) : json::value(nullptr);
}
json::array string_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object encode_theme(const PageTheme& t) {
  json::array links;
  for (const auto& l : t.links) links.push_back(json::object{{"label", l.label}, {"url", l.url}});
  return {{"accent", string_or_null(t.accent)}, {"logo_url", string_or_null(t.logo_url)}, {"links", std::move(links)}};
}

json::object encode_page(const Page& p) {
  return {{"id", p.id}, {"name", p.name}, {"url", p.url}, {"time_zone", p.time_zone},
          {"updated_at", format_iso8601(p.updated_at)}, {"theme", encode_theme(p.theme)}};
}

// Only what the uptime bars need (model.hpp, UptimeEvent): no updates, no category.
json::object encode_uptime_event(const UptimeEvent& e) {
  return {{"id", e.id},
          {"name", e.name},
          {"impact", to_string(e.impact)},
          {"components", string_array(e.component_ids)},
          {"started_at", format_iso8601(e.started_at)},
          {"resolved_at", time_or_null(e.resolved_at)}};
}

json::object encode_component(const Component& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"status", to_string(c.status)},
          {"description", string_or_null(c.description)},
          {"group_id", string_or_null(c.group_id)},
          {"group", c.group},
          {"position", c.position},
          {"created_at", format_iso8601(c.created_at)},
          {"updated_at", format_iso8601(c.updated_at)}};
}

template <class Update>
json::array encode_updates(const std::vector<Update>& updates) {
  json::array a;
  for (const auto& u : updates) {
    a.push_back(json::object{{"id", u.id},
                             {"status", to_string(u.status)},
                             {"body", u.body},
                             {"created_at", format_iso8601(u.created_at)},
                             {"display_at", format_iso8601(u.display_at)}});
  }
  return a;
}

json::array encode_notes(const std::vector<Note>& notes) {
  json::array a;
  for (const auto& n : notes) a.push_back(json::object{{"title", n.title}, {"body", n.body}});
  return a;
}

json::value encode_promise(const std::optional<Promise>& p) {
  if (!p) return nullptr;
  return json::object{{"published_at", format_iso8601(p->published_at)},
                      {"likely_at", format_iso8601(p->likely_at)},
                      {"latest_at", format_iso8601(p->latest_at)},
                      {"stage", to_string(p->stage)},
                      {"basis_n", p->basis_n},
                      {"basis_level", p->basis_level},
                      {"revision", p->revision},
                      {"missed_latest_at", time_or_null(p->missed_latest_at)}};
}

json::object encode_incident(const Incident& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"status", to_string(i.status)},
          {"impact", to_string(i.impact)},
          {"category", i.category},
          {"components", string_array(i.component_ids)},
          {"created_at", format_iso8601(i.created_at)},
          {"started_at", format_iso8601(i.started_at)},
          {"updated_at", format_iso8601(i.updated_at)},
          {"monitoring_at", time_or_null(i.monitoring_at)},
          {"resolved_at", time_or_null(i.resolved_at)},
          {"next_update_at", time_or_null(i.next_update_at)},
          {"operator_estimate_s", int_or_null(i.operator_estimate_s)},
          {"obstacles", encode_notes(i.obstacles)},
          {"workarounds", encode_notes(i.workarounds)},
          {"incident_updates", encode_updates(i.updates)},
          {"promise", encode_promise(i.promise)}};
}

json::object encode_maintenance(const Maintenance& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"status", to_string(m.status)},
          {"components", string_array(m.component_ids)},
          {"created_at", format_iso8601(m.created_at)},
          {"updated_at", format_iso8601(m.updated_at)},
          {"scheduled_for", format_iso8601(m.scheduled_for)},
          {"scheduled_until", format_iso8601(m.scheduled_until)},
          {"incident_updates", encode_updates(m.updates)}};
}

json::object encode_channel(const Channel& c) {
  json::array responses;
  for (const auto& f : c.first_responses)
    responses.push_back(json::object{{"received_at", format_iso8601(f.received_at)}, {"open_s", f.open_s}, {"answered", f.answered}});
  json::array intervals;
  for (const auto& iv : c.open_intervals)
    intervals.push_back(json::array{format_iso8601(iv.start), format_iso8601(iv.end)});
  return {{"id", c.id},
          {"name", c.name},
          {"kind", to_string(c.kind)},
          {"time_zone", c.time_zone},
          {"agents", c.agents},
          {"calls_per_hour", c.calls_per_hour},
          {"handle_seconds", c.handle_seconds},
          {"queue_length", int_or_null(c.queue_length)},
          {"target_seconds", c.target_seconds},
          {"first_response_p50_s", int_or_null(c.first_response_p50_s)},
          {"first_response_p90_s", int_or_null(c.first_response_p90_s)},
          {"first_responses", std::move(responses)},
          {"open_intervals", std::move(intervals)}};
}

json::object encode_past(const PastIncident& p) {
  json::array stages, obstacles;
  for (const auto& s : p.stages) stages.push_back(json::object{{"stage", to_string(s.stage)}, {"duration_s", s.duration_s}});
  for (const auto& o : p.obstacles) obstacles.push_back(json::object{{"kind", o.kind}, {"delay_s", o.delay_s}});
  // The engine never reads an id, and the backend's public snapshot sends "" (random ids were
  // a quarter of the history's compressed bytes). The key stays, so a reader's older core,
  // which requires it, still accepts a newer backend's snapshot.
  return {{"id", p.id},
          {"category", p.category},
          {"impact", to_string(p.impact)},
          {"started_at", format_iso8601(p.started_at)},
          {"resolved_at", time_or_null(p.resolved_at)},
          {"stages", std::move(stages)},
          {"obstacles", std::move(obstacles)}};
}

// ---------- decoding ----------

void decode_page(const json::value& v, const std::string& path, Error& err, Page& p) {
  ObjectReader r(v, path, err);
  r.string("id", p.id);
  r.string("name", p.name);
  r.string("url", p.url);
  r.string("time_zone", p.time_zone);
  r.time("updated_at", p.updated_at);
  // Absent in snapshots from before theming: the portal's own look.
  r.optional_object("theme", [&](const json::value& tv, const std::string& tpath) {
    ObjectReader tr(tv, tpath, err);
    tr.optional_string("accent", p.theme.accent);
    tr.optional_string("logo_url", p.theme.logo_url);
    tr.array("links", [&](const json::value& lv, const std::string& lpath) {
      PageLink l;
      ObjectReader lr(lv, lpath, err);
      lr.string("label", l.label);
      lr.string("url", l.url);
      lr.finish();
      p.theme.links.push_back(std::move(l));
    });
    tr.finish();
    // The theme reaches CSS and href/src attributes: the same rules as on write.
    if (tr.ok()) {
      if (Error e = check_theme(p.theme); e.code != errc::ok) err = Error{e.code, tpath + e.path, e.detail};
    }
  });
  r.finish();
}

void decode_uptime_event(const json::value& v, const std::string& path, Error& err, UptimeEvent& e) {
  ObjectReader r(v, path, err);
  r.string("id", e.id);
  r.string("name", e.name);
  r.enumeration("impact", e.impact);
  r.string_list("components", e.component_ids);
  r.time("started_at", e.started_at);
  r.optional_time("resolved_at", e.resolved_at);
  r.finish();
  if (r.ok() && e.resolved_at && *e.resolved_at < e.started_at)
    r.fail(errc::invalid_value, "resolved_at", "must not be before started_at");
}

void decode_component(const json::value& v, const std::string& path, Error& err, Component& c) {
  ObjectReader r(v, path, err);
  r.string("id", c.id);
  r.string("name", c.name);
  r.enumeration("status", c.status);
  r.optional_string("description", c.description);
  r.optional_string("group_id", c.group_id);
  r.boolean("group", c.group);
  r.int32("position", c.position, 0, kMaxCount);
  r.time("created_at", c.created_at);
  r.time("updated_at", c.updated_at);
  r.finish();
}

template <class Update>
void decode_updates(ObjectReader& r, Error& err, std::vector<Update>& out) {
  r.array("incident_updates", [&](const json::value& v, const std::string& path) {
    Update u;
    ObjectReader ur(v, path, err);
    ur.string("id", u.id);
    ur.enumeration("status", u.status);
    ur.string("body", u.body);
    ur.time("created_at", u.created_at);
    ur.time("display_at", u.display_at);
    ur.finish();
    out.push_back(std::move(u));
  });
}

void decode_notes(ObjectReader& r, const char* key, Error& err, std::vector<Note>& out) {
  r.array(key, [&](const json::value& v, const std::string& path) {
    Note n;
    ObjectReader nr(v, path, err);
    nr.string("title", n.title);
    nr.string("body", n.body);
    nr.finish();
    out.push_back(std::move(n));
  });
}

void decode_promise(ObjectReader& r, Error& err, std::optional<Promise>& out) {
  out.reset();
  r.optional_object("promise", [&](const json::value& v, const std::string& path) {
    Promise p;
    ObjectReader pr(v, path, err);
    pr.time("published_at", p.published_at);
    pr.time("likely_at", p.likely_at);
    pr.time("latest_at", p.latest_at);
    pr.enumeration("stage", p.stage);
    pr.int32("basis_n", p.basis_n, 0, kMaxCount * 10);
    pr.string("basis_level", p.basis_level);
    pr.int32("revision", p.revision, 0, kMaxCount);
    pr.optional_time("missed_latest_at", p.missed_latest_at);
    pr.finish();
    if (pr.ok() && p.latest_at < p.likely_at)
      pr.fail(errc::invalid_value, "latest_at", "must not be before likely_at");
    out = p;
  });
}

void decode_incident(const json::value& v, const std::string& path, Error& err, Incident& i) {
  ObjectReader r(v, path, err);
  r.string("id", i.id);
  r.string("name", i.name);
  r.enumeration("status", i.status);
  r.enumeration("impact", i.impact);
  r.string("category", i.category);
  r.string_list("components", i.component_ids);
  r.time("created_at", i.created_at);
  r.time("started_at", i.started_at);
  r.time("updated_at", i.updated_at);
  r.optional_time("monitoring_at", i.monitoring_at);
  r.optional_time("resolved_at", i.resolved_at);
  r.optional_time("next_update_at", i.next_update_at);
  r.optional_int64("operator_estimate_s", i.operator_estimate_s, 0, kMaxSeconds);
  decode_notes(r, "obstacles", err, i.obstacles);
  decode_notes(r, "workarounds", err, i.workarounds);
  decode_updates(r, err, i.updates);
  decode_promise(r, err, i.promise);
  r.finish();
  if (r.ok() && i.resolved_at && *i.resolved_at < i.started_at)
    r.fail(errc::invalid_value, "resolved_at", "must not be before started_at");
}

void decode_maintenance(const json::value& v, const std::string& path, Error& err, Maintenance& m) {
  ObjectReader r(v, path, err);
  r.string("id", m.id);
  r.string("name", m.name);
  r.enumeration("status", m.status);
  r.string_list("components", m.component_ids);
  r.time("created_at", m.created_at);
  r.time("updated_at", m.updated_at);
  r.time("scheduled_for", m.scheduled_for);
  r.time("scheduled_until", m.scheduled_until);
  decode_updates(r, err, m.updates);
  r.finish();
  if (r.ok() && m.scheduled_until < m.scheduled_for)
    r.fail(errc::invalid_value, "scheduled_until", "must not be before scheduled_for");
}

void decode_channel(const json::value& v, const std::string& path, Error& err, Channel& c) {
  ObjectReader r(v, path, err);
  r.string("id", c.id);
  r.string("name", c.name);
  r.enumeration("kind", c.kind);
  r.string("time_zone", c.time_zone);
  r.int32("agents", c.agents, 0, kMaxCount);
  r.number("calls_per_hour", c.calls_per_hour, 0, 1e7);
  r.number("handle_seconds", c.handle_seconds, 0, 1e7);
  r.optional_int32("queue_length", c.queue_length, 0, kMaxCount);
  r.number("target_seconds", c.target_seconds, 0, 1e7);
  r.optional_int64("first_response_p50_s", c.first_response_p50_s, 0, kMaxSeconds);
  r.optional_int64("first_response_p90_s", c.first_response_p90_s, 0, kMaxSeconds);
  // Absent from snapshots written before channels carried their history.
  if (const json::object* o = v.if_object(); o && o->contains("first_responses"))
    r.array("first_responses", [&](const json::value& fv, const std::string& fpath) {
      FirstResponse f;
      ObjectReader fr(fv, fpath, err);
      fr.time("received_at", f.received_at);
      fr.int64("open_s", f.open_s, 0, kMaxSeconds);
      fr.boolean("answered", f.answered);
      fr.finish();
      c.first_responses.push_back(f);
    });
  r.array("open_intervals", [&](const json::value& iv, const std::string& ipath) {
    const json::array* a = iv.if_array();
    if (!a || a->size() != 2 || !(*a)[0].is_string() || !(*a)[1].is_string()) {
      if (err.code == errc::ok)
        err = Error{errc::wrong_type, ipath, "expected [start, end] as two ISO-8601 strings"};
      return;
    }
    Result<TimeMs> s = parse_iso8601(std::string_view((*a)[0].get_string()));
    Result<TimeMs> e = parse_iso8601(std::string_view((*a)[1].get_string()));
    if (!s || !e) {
      if (err.code == errc::ok) err = Error{errc::invalid_value, ipath, (!s ? s.error() : e.error()).detail};
      return;
    }
    if (e.value() <= s.value() || (!c.open_intervals.empty() && s.value() < c.open_intervals.back().end)) {
      if (err.code == errc::ok)
        err = Error{errc::invalid_value, ipath, "intervals must be non-empty, sorted and not overlapping"};
      return;
    }
    c.open_intervals.push_back({s.value(), e.value()});
  });
  r.finish();
}

void decode_past(const json::value& v, const std::string& path, Error& err, PastIncident& p) {
  ObjectReader r(v, path, err);
  r.optional_string("id", p.id);
  r.string("category", p.category);
  r.enumeration("impact", p.impact);
  r.time("started_at", p.started_at);
  r.optional_time("resolved_at", p.resolved_at);
  r.array("stages", [&](const json::value& sv, const std::string& spath) {
    StageDuration s;
    ObjectReader sr(sv, spath, err);
    sr.enumeration("stage", s.stage);
    sr.int64("duration_s", s.duration_s, 0, kMaxSeconds);
    sr.finish();
    p.stages.push_back(s);
  });
  r.array("obstacles", [&](const json::value& ov, const std::string& opath) {
    Obstacle o;
    ObjectReader orr(ov, opath, err);
    orr.string("kind", o.kind);
    orr.int64("delay_s", o.delay_s, 0, kMaxSeconds);
    orr.finish();
    p.obstacles.push_back(std::move(o));
  });
  r.finish();
  if (r.ok() && p.resolved_at && *p.resolved_at < p.started_at)
    r.fail(errc::invalid_value, "resolved_at", "must not be before started_at");
}

template <class T, class F>
void decode_list(ObjectReader& r, const char* key, Error& err, std::vector<T>& out, F decode_one) {
  r.array(key, [&](const json::value& v, const std::string& path) {
    T item;
    decode_one(v, path, err, item);
    out.push_back(std::move(item));
  });
}

}  // namespace

std::string encode_snapshot(const Snapshot& s) {
  json::array components, incidents, maintenances, channels, history;
  for (const auto& c : s.components) components.push_back(encode_component(c));
  for (const auto& i : s.incidents) incidents.push_back(encode_incident(i));
  for (const auto& m : s.maintenances) maintenances.push_back(encode_maintenance(m));
  for (const auto& c : s.channels) channels.push_back(encode_channel(c));
  for (const auto& h : s.history) history.push_back(encode_past(h));
  json::array uptime;
  for (const auto& e : s.uptime_history) uptime.push_back(encode_uptime_event(e));
  json::array track;
  for (const auto& t : s.track_record) track.push_back(json::object{{"kind", t.kind}, {"kept", t.kept}, {"broken", t.broken}});
  json::object doc{{"version", s.version},
                   {"generated_at", format_iso8601(s.generated_at)},
                   {"page", encode_page(s.page)},
                   {"components", std::move(components)},
                   {"incidents", std::move(incidents)},
                   {"scheduled_maintenances", std::move(maintenances)},
                   {"channels", std::move(channels)},
                   {"history", std::move(history)},
                   {"track_record", std::move(track)},
                   {"uptime_history", std::move(uptime)}};
  return json::serialize(doc);
}

Result<Snapshot> decode_snapshot(std::string_view text) {
  Error err;
  json::value doc;
  if (!detail::parse_document(text, doc, err)) return err;
  Snapshot s;
  ObjectReader r(doc, "", err);
  r.int64("version", s.version, 0, INT64_MAX);
  r.time("generated_at", s.generated_at);
  r.object("page", [&](const json::value& v, const std::string& path) { decode_page(v, path, err, s.page); });
  decode_list(r, "components", err, s.components, decode_component);
  decode_list(r, "incidents", err, s.incidents, decode_incident);
  decode_list(r, "scheduled_maintenances", err, s.maintenances, decode_maintenance);
  decode_list(r, "channels", err, s.channels, decode_channel);
  decode_list(r, "history", err, s.history, decode_past);
  r.array("track_record", [&](const json::value& v, const std::string& path) {
    TrackRecordKind t;
    ObjectReader tr(v, path, err);
    tr.string("kind", t.kind);
    tr.int32("kept", t.kept, 0, kMaxCount);
    tr.int32("broken", t.broken, 0, kMaxCount);
    tr.finish();
    s.track_record.push_back(std::move(t));
  });
  // Absent in snapshots from before the uptime bars.
  if (const json::object* o = doc.if_object(); o && o->contains("uptime_history"))
    decode_list(r, "uptime_history", err, s.uptime_history, decode_uptime_event);
  r.finish();
  if (err.code != errc::ok) return err;
  return s;
}

std::string encode_case(const Case& c) {
  json::array updates;
  for (const auto& u : c.updates)
    updates.push_back(json::object{{"id", u.id},
                                   {"stage", to_string(u.stage)},
                                   {"body", u.body},
                                   {"created_at", format_iso8601(u.created_at)}});
  json::object doc{{"id", c.id},
                   {"customer_name", c.customer_name},
                   {"title", c.title},
                   {"category", c.category},
                   {"stage", to_string(c.stage)},
                   {"opened_at", format_iso8601(c.opened_at)},
                   {"updated_at", format_iso8601(c.updated_at)},
                   {"resolved_at", time_or_null(c.resolved_at)},
                   {"next_follow_up_at", time_or_null(c.next_follow_up_at)},
                   {"waiting_on_customer_for", string_or_null(c.waiting_on_customer_for)},
                   {"updates", std::move(updates)},
                   {"promise", encode_promise(c.promise)}};
  return json::serialize(doc);
}

Result<Case> decode_case(std::string_view text) {
  Error err;
  json::value doc;
  if (!detail::parse_document(text, doc, err)) return err;
  Case c;
  ObjectReader r(doc, "", err);
  r.string("id", c.id);
  r.string("customer_name", c.customer_name);
  r.string("title", c.title);
  r.string("category", c.category);
  r.enumeration("stage", c.stage);
  r.time("opened_at", c.opened_at);
  r.time("updated_at", c.updated_at);
  r.optional_time("resolved_at", c.resolved_at);
  r.optional_time("next_follow_up_at", c.next_follow_up_at);
  r.optional_string("waiting_on_customer_for", c.waiting_on_customer_for);
  r.array("updates", [&](const json::value& v, const std::string& path) {
    CaseUpdate u;
    ObjectReader ur(v, path, err);
    ur.string("id", u.id);
    ur.enumeration("stage", u.stage);
    ur.string("body", u.body);
    ur.time("created_at", u.created_at);
    ur.finish();
    c.updates.push_back(std::move(u));
  });
  decode_promise(r, err, c.promise);
  r.finish();
  if (err.code != errc::ok) return err;
  return c;
}

}  // namespace candor
