// statuspage.cpp: the /api/v2 documents checked field by field against the tables of
// ../shared/specs/statuspage-v2.md (§2 page, §3 status, §4 component, §5 incident,
// §6 incident update, §7 maintenance), and their filters, ordering and limits.
#include "statuspage.hpp"
#include "statuspage_import.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdio>
#include <limits>

#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
namespace json = boost::json;
using candor_test::utc;

const TimeMs kNow = utc(2026, 1, 5, 10, 0, 0);

// The kinds a field table allows: "string", "string|null", "integer", "boolean", "array", "null".
void expect_kind(const json::object& o, std::string_view key, std::string_view kind) {
  SCOPED_TRACE(std::string(key));
  ASSERT_TRUE(o.contains(key)) << "missing key " << key;
  const json::value& v = o.at(key);
  const bool nullable = kind.find("|null") != std::string_view::npos;
  if (nullable && v.is_null()) return;
  const std::string_view base = kind.substr(0, kind.find('|'));
  bool matches = false;
  if (base == "string") matches = v.is_string();
  if (base == "integer") matches = v.is_int64();
  if (base == "boolean") matches = v.is_bool();
  if (base == "array") matches = v.is_array();
  if (base == "object") matches = v.is_object();
  if (base == "null") matches = v.is_null();
  EXPECT_TRUE(matches) << key << " should be " << kind << ", is " << v;
}

void expect_exact_keys(const json::object& o, std::vector<std::string_view> keys) {
  EXPECT_EQ(o.size(), keys.size());
  std::size_t i = 0;
  for (const auto& kv : o) {
    if (i < keys.size()) {
      EXPECT_EQ(kv.key(), keys[i]) << "key " << i;
    }
    ++i;
  }
}

bool is_iso_ms_z(const json::value& v) {
  if (!v.is_string()) return false;
  auto s = v.as_string();
  // 2026-01-05T10:02:11.120Z
  return s.size() == 24 && s[4] == '-' && s[10] == 'T' && s[19] == '.' && s[23] == 'Z' &&
         parse_iso8601(std::string_view(s.data(), s.size())).ok();
}

void check_page(const json::object& p) {
  expect_exact_keys(p, {"id", "name", "url", "time_zone", "updated_at"});
  for (auto k : {"id", "name", "url", "time_zone", "updated_at"}) expect_kind(p, k, "string");
  EXPECT_TRUE(is_iso_ms_z(p.at("updated_at")));
}

void check_component(const json::object& c) {
  expect_kind(c, "id", "string");
  expect_kind(c, "name", "string");
  expect_kind(c, "status", "string");
  ComponentStatus st;
  EXPECT_TRUE(from_string(std::string_view(c.at("status").as_string()), st));
  EXPECT_TRUE(is_iso_ms_z(c.at("created_at")));
  EXPECT_TRUE(is_iso_ms_z(c.at("updated_at")));
  expect_kind(c, "position", "integer");
  expect_kind(c, "description", "string|null");
  expect_kind(c, "showcase", "boolean");
  expect_kind(c, "start_date", "string|null");
  expect_kind(c, "group_id", "string|null");
  expect_kind(c, "page_id", "string");
  expect_kind(c, "group", "boolean");
  expect_kind(c, "only_show_if_degraded", "boolean");
  // §4: `components` only when group is true.
  if (c.at("group").as_bool()) {
    expect_kind(c, "components", "array");
    EXPECT_EQ(c.size(), 14u);
  } else {
    EXPECT_FALSE(c.contains("components"));
    EXPECT_EQ(c.size(), 13u);
  }
}

void check_update(const json::object& u, const json::value& item_id) {
  expect_exact_keys(u, {"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
                        "affected_components", "deliver_notifications", "custom_tweet", "tweet_id"});
  expect_kind(u, "id", "string");
  expect_kind(u, "status", "string");
  expect_kind(u, "body", "string");
  EXPECT_EQ(u.at("incident_id"), item_id);
  for (auto k : {"created_at", "updated_at", "display_at"}) EXPECT_TRUE(is_iso_ms_z(u.at(k))) << k;
  expect_kind(u, "affected_components", "array|null");
  expect_kind(u, "deliver_notifications", "boolean");
  expect_kind(u, "custom_tweet", "string|null");
  expect_kind(u, "tweet_id", "string|null");
}

void check_incident_fields(const json::object& x) {
  for (auto k : {"id", "name", "status", "impact", "shortlink", "page_id"}) expect_kind(x, k, "string");
  EXPECT_TRUE(is_iso_ms_z(x.at("created_at")));
  EXPECT_TRUE(is_iso_ms_z(x.at("started_at")));
  for (auto k : {"updated_at", "monitoring_at", "resolved_at"}) {
    expect_kind(x, k, "string|null");
    if (!x.at(k).is_null()) {
      EXPECT_TRUE(is_iso_ms_z(x.at(k))) << k;
    }
  }
  Impact impact;
  EXPECT_TRUE(from_string(std::string_view(x.at("impact").as_string()), impact));
  expect_kind(x, "incident_updates", "array");
  expect_kind(x, "components", "array");
  expect_kind(x, "reminder_intervals", "null");
  TimeMs previous = std::numeric_limits<TimeMs>::max();
  for (const auto& u : x.at("incident_updates").as_array()) {
    check_update(u.as_object(), x.at("id"));
    // §5/§9: newest first.
    const TimeMs t = parse_iso8601(std::string_view(u.at("created_at").as_string())).value();
    EXPECT_LE(t, previous);
    previous = t;
  }
  for (const auto& c : x.at("components").as_array()) check_component(c.as_object());
}

void check_incident(const json::object& x) {
  expect_exact_keys(x, {"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
                        "shortlink", "started_at", "page_id", "incident_updates", "components",
                        "reminder_intervals"});
  check_incident_fields(x);
  IncidentStatus st;
  EXPECT_TRUE(from_string(std::string_view(x.at("status").as_string()), st));
}

void check_maintenance(const json::object& x) {
  EXPECT_EQ(x.size(), 16u);
  check_incident_fields(x);
  MaintenanceStatus st;
  EXPECT_TRUE(from_string(std::string_view(x.at("status").as_string()), st));
  EXPECT_EQ(x.at("impact"), "maintenance");
  EXPECT_TRUE(is_iso_ms_z(x.at("scheduled_for")));
  EXPECT_TRUE(is_iso_ms_z(x.at("scheduled_until")));
}

Component component(std::string id, std::string name, int position, std::string group_id = "",
                    bool group = false, ComponentStatus status = ComponentStatus::operational) {
  Component c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.position = position;
  c.group_id = std::move(group_id);
  c.group = group;
  c.status = status;
  c.created_at = utc(2025, 1, 1, 0, 0, 0);
  c.updated_at = kNow;
  return c;
}

Incident incident(std::string id, IncidentStatus status, Impact impact, TimeMs created_at) {
  Incident x;
  x.id = std::move(id);
  x.name = "Incident " + x.id;
  x.status = status;
  x.impact = impact;
  x.created_at = x.started_at = x.updated_at = created_at;
  IncidentUpdate first;
  first.id = x.id + "-u1";
  first.status = IncidentStatus::investigating;
  first.body = "Looking into it.";
  first.created_at = first.display_at = created_at;
  x.updates.push_back(first);
  if (status != IncidentStatus::investigating) {
    IncidentUpdate second = first;
    second.id = x.id + "-u2";
    second.status = status;
    second.body = "Next step.";
    second.created_at = second.display_at = created_at + 10 * kMinuteMs;
    x.updates.push_back(second);
    x.updated_at = second.created_at;
  }
  if (status == IncidentStatus::resolved) x.resolved_at = x.updated_at;
  return x;
}

Maintenance maintenance(std::string id, MaintenanceStatus status, TimeMs scheduled_for) {
  Maintenance m;
  m.id = std::move(id);
  m.name = "Maintenance " + m.id;
  m.status = status;
  m.created_at = m.updated_at = scheduled_for - kDayMs;
  m.scheduled_for = scheduled_for;
  m.scheduled_until = scheduled_for + 2 * kHourMs;
  m.component_ids = {"cmp000000002"};
  MaintenanceUpdate u;
  u.id = m.id + "-u1";
  u.status = status;
  u.body = "Planned.";
  u.created_at = u.display_at = m.created_at;
  m.updates.push_back(u);
  return m;
}

// The spec's §10 example page, plus more items of every status.
Snapshot sample() {
  Snapshot s;
  s.page = {"abc123def456", "Acme", "https://status.acme.test", "Etc/UTC", kNow, {}};
  // Stored out of order on purpose: output is groups by position, children after their group.
  s.components = {component("cmp000000003", "US API", 2, "grp000000001"),
                  component("cmp000000004", "Website", 2),
                  component("cmp000000002", "EU API", 1, "grp000000001", false, ComponentStatus::partial_outage),
                  component("grp000000001", "API", 1, "", true, ComponentStatus::partial_outage)};
  s.incidents.push_back(incident("inc000000001", IncidentStatus::identified, Impact::major, kNow - kHourMs));
  s.incidents.back().component_ids = {"cmp000000002"};
  s.incidents.push_back(incident("inc000000002", IncidentStatus::resolved, Impact::minor, kNow - 3 * kDayMs));
  s.incidents.push_back(incident("inc000000003", IncidentStatus::monitoring, Impact::minor, kNow - 2 * kHourMs));
  s.incidents.back().monitoring_at = kNow - kHourMs;
  s.maintenances.push_back(maintenance("mnt000000001", MaintenanceStatus::scheduled, kNow + kDayMs));
  s.maintenances.push_back(maintenance("mnt000000002", MaintenanceStatus::in_progress, kNow - kHourMs));
  s.maintenances.push_back(maintenance("mnt000000003", MaintenanceStatus::completed, kNow - 5 * kDayMs));
  s.maintenances.push_back(maintenance("mnt000000004", MaintenanceStatus::verifying, kNow - 2 * kHourMs));
  return s;
}

json::object parse(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  EXPECT_FALSE(ec) << body;
  return v.is_object() ? v.as_object() : json::object();
}

std::vector<std::string> ids(const json::value& items) {
  std::vector<std::string> out;
  for (const auto& x : items.as_array()) out.emplace_back(x.at("id").as_string());
  return out;
}

TEST(Statuspage, PathsMapToDocuments) {
  EXPECT_EQ(statuspage_document_for("/api/v2/summary.json"), StatuspageDocument::summary);
  EXPECT_EQ(statuspage_document_for("/api/v2/scheduled-maintenances/active.json"),
            StatuspageDocument::maintenances_active);
  EXPECT_EQ(statuspage_document_for("/api/v2/incidents/unresolved.json"), StatuspageDocument::incidents_unresolved);
  EXPECT_FALSE(statuspage_document_for("/api/v2/summary"));
  EXPECT_FALSE(statuspage_document_for("/api/v2/"));
}

TEST(Statuspage, SummaryMatchesTheFieldTables) {
  const json::object o = parse(encode_statuspage(sample(), StatuspageDocument::summary));
  // §1 top-level keys, GitHub's real order (status last).
  expect_exact_keys(o, {"page", "components", "incidents", "scheduled_maintenances", "status"});
  check_page(o.at("page").as_object());
  EXPECT_EQ(o.at("page").at("id"), "abc123def456");
  for (const auto& c : o.at("components").as_array()) check_component(c.as_object());
  for (const auto& x : o.at("incidents").as_array()) check_incident(x.as_object());
  for (const auto& x : o.at("scheduled_maintenances").as_array()) check_maintenance(x.as_object());
  const json::object& st = o.at("status").as_object();
  expect_exact_keys(st, {"indicator", "description"});
  // A major incident on a partially failing component: the spec §10 example's roll-up.
  EXPECT_EQ(st.at("indicator"), "major");
  EXPECT_EQ(st.at("description"), "Partial System Outage");
  // Unresolved incidents only, newest first; upcoming or in-progress maintenances only.
  EXPECT_EQ(ids(o.at("incidents")), (std::vector<std::string>{"inc000000001", "inc000000003"}));
  EXPECT_EQ(ids(o.at("scheduled_maintenances")),
            (std::vector<std::string>{"mnt000000001", "mnt000000002", "mnt000000004"}));
}

TEST(Statuspage, ComponentsAreGroupsThenTheirChildrenByPosition) {
  const json::object o = parse(encode_statuspage(sample(), StatuspageDocument::components));
  expect_exact_keys(o, {"page", "components"});
  EXPECT_EQ(ids(o.at("components")),
            (std::vector<std::string>{"grp000000001", "cmp000000002", "cmp000000003", "cmp000000004"}));
  const json::value& group = o.at("components").as_array()[0];
  EXPECT_EQ(group.at("group"), true);
  EXPECT_EQ(group.at("components"), json::parse(R"(["cmp000000002","cmp000000003"])"));
  EXPECT_TRUE(group.at("group_id").is_null());
  const json::value& child = o.at("components").as_array()[1];
  EXPECT_EQ(child.at("group_id"), "grp000000001");
  EXPECT_TRUE(child.at("description").is_null());
  EXPECT_EQ(child.at("page_id"), "abc123def456");
}

TEST(Statuspage, IncidentsAreNewestFirstWithUpdatesNewestFirst) {
  const json::object o = parse(encode_statuspage(sample(), StatuspageDocument::incidents));
  expect_exact_keys(o, {"page", "incidents"});
  EXPECT_EQ(ids(o.at("incidents")), (std::vector<std::string>{"inc000000001", "inc000000003", "inc000000002"}));
  for (const auto& x : o.at("incidents").as_array()) check_incident(x.as_object());
  const json::value& first = o.at("incidents").as_array()[0];
  EXPECT_EQ(ids(first.at("incident_updates")), (std::vector<std::string>{"inc000000001-u2", "inc000000001-u1"}));
  EXPECT_EQ(first.at("shortlink"), "https://status.acme.test/i/inc000000001");
  EXPECT_EQ(ids(first.at("components")), (std::vector<std::string>{"cmp000000002"}));
  const json::value& resolved = o.at("incidents").as_array()[2];
  EXPECT_EQ(resolved.at("status"), "resolved");
  EXPECT_EQ(resolved.at("resolved_at"), "2026-01-02T10:10:00.000Z");
  EXPECT_TRUE(resolved.at("monitoring_at").is_null());
  EXPECT_EQ(o.at("incidents").as_array()[1].at("monitoring_at"), "2026-01-05T09:00:00.000Z");
}

TEST(Statuspage, IncidentsKeepTheFiftyMostRecent) {
  Snapshot s = sample();
  s.incidents.clear();
  for (int i = 0; i < 60; ++i) {
    char id[13];
    std::snprintf(id, sizeof id, "inc%09d", i);
    s.incidents.push_back(incident(id, IncidentStatus::resolved, Impact::minor, kNow - (60 - i) * kHourMs));
  }
  const json::object o = parse(encode_statuspage(s, StatuspageDocument::incidents));
  const auto got = ids(o.at("incidents"));
  ASSERT_EQ(got.size(), 50u);
  EXPECT_EQ(got.front(), "inc000000059");
  EXPECT_EQ(got.back(), "inc000000010");
}

TEST(Statuspage, UnresolvedAndMaintenanceFilters) {
  const Snapshot s = sample();
  EXPECT_EQ(ids(parse(encode_statuspage(s, StatuspageDocument::incidents_unresolved)).at("incidents")),
            (std::vector<std::string>{"inc000000001", "inc000000003"}));
  EXPECT_EQ(ids(parse(encode_statuspage(s, StatuspageDocument::maintenances_upcoming)).at("scheduled_maintenances")),
            (std::vector<std::string>{"mnt000000001"}));
  EXPECT_EQ(ids(parse(encode_statuspage(s, StatuspageDocument::maintenances_active)).at("scheduled_maintenances")),
            (std::vector<std::string>{"mnt000000002", "mnt000000004"}));
  const json::object all = parse(encode_statuspage(s, StatuspageDocument::maintenances));
  expect_exact_keys(all, {"page", "scheduled_maintenances"});
  EXPECT_EQ(ids(all.at("scheduled_maintenances")),
            (std::vector<std::string>{"mnt000000001", "mnt000000002", "mnt000000004", "mnt000000003"}));
  for (const auto& x : all.at("scheduled_maintenances").as_array()) check_maintenance(x.as_object());
  const json::value& completed = all.at("scheduled_maintenances").as_array()[3];
  EXPECT_EQ(completed.at("status"), "completed");
  EXPECT_FALSE(completed.at("resolved_at").is_null());
}

TEST(Statuspage, StatusRollUp) {
  Snapshot s = sample();
  const json::object o = parse(encode_statuspage(s, StatuspageDocument::status));
  expect_exact_keys(o, {"page", "status"});
  // Nothing wrong: operational components, no open incidents or active maintenance.
  s.incidents.clear();
  s.maintenances.clear();
  for (Component& c : s.components) c.status = ComponentStatus::operational;
  EXPECT_STREQ(statuspage_status(s).indicator, "none");
  EXPECT_STREQ(statuspage_status(s).description, "All Systems Operational");
  s.components[1].status = ComponentStatus::under_maintenance;
  EXPECT_STREQ(statuspage_status(s).indicator, "maintenance");
  EXPECT_STREQ(statuspage_status(s).description, "Service Under Maintenance");
  s.components[0].status = ComponentStatus::degraded_performance;
  EXPECT_STREQ(statuspage_status(s).indicator, "minor");
  s.components[2].status = ComponentStatus::major_outage;
  EXPECT_STREQ(statuspage_status(s).indicator, "critical");
  EXPECT_STREQ(statuspage_status(s).description, "Major Service Outage");
}

TEST(Statuspage, AffectedComponentsAreTheUpdatesComponentChanges) {
  // §6 and the §10 example: the identified update moved EU API from major to partial outage.
  // The name is the component's current one, even if it was renamed since.
  ComponentChanges changes;
  changes["inc000000001-u2"] = {ComponentChange{"cmp000000002", "EU API (old name)", ComponentStatus::major_outage,
                                                ComponentStatus::partial_outage}};
  changes["nosuch-update"] = {ComponentChange{"cmp000000004", "Website", ComponentStatus::operational,
                                              ComponentStatus::major_outage}};
  const json::object o = parse(encode_statuspage(sample(), StatuspageDocument::incidents, &changes));
  const json::value* x = nullptr;
  for (const auto& item : o.at("incidents").as_array())
    if (item.at("id") == "inc000000001") x = &item;
  ASSERT_NE(x, nullptr);
  const auto& updates = x->at("incident_updates").as_array();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].at("id"), "inc000000001-u2");
  EXPECT_EQ(serialize(updates[0].at("affected_components")),
            R"([{"code":"cmp000000002","name":"EU API","old_status":"major_outage","new_status":"partial_outage"}])");
  EXPECT_TRUE(updates[1].at("affected_components").is_null());  // no change recorded
  // Without the change log (a static publish of old data), every update says null.
  const json::object plain = parse(encode_statuspage(sample(), StatuspageDocument::incidents));
  for (const auto& item : plain.at("incidents").as_array())
    for (const auto& u : item.at("incident_updates").as_array()) EXPECT_TRUE(u.at("affected_components").is_null());
}

// The import reader keeps what each update changed (§6 affected_components), so an imported
// incident's /api/v2 timeline says the same as the exporter's.
constexpr const char* kImportSummary =
    R"({"page":{"id":"pg1","name":"P","url":"https://p.test","time_zone":"Etc/UTC","updated_at":"2026-01-01T00:00:00Z"},
        "components":[{"id":"cmpa","name":"API","status":"partial_outage","created_at":"2026-01-01T00:00:00Z"}]})";
std::string import_incidents(const std::string& affected) {
  return R"({"incidents":[{"id":"inc1","name":"Down","status":"identified","impact":"major",
      "created_at":"2026-01-02T10:00:00Z","components":[{"id":"cmpa"}],
      "incident_updates":[{"id":"u2","status":"identified","body":"b","created_at":"2026-01-02T10:30:00Z",
                           "affected_components":)" + affected + R"(},
                          {"id":"u1","status":"investigating","body":"a","created_at":"2026-01-02T10:00:00Z",
                           "affected_components":null}]}]})";
}
constexpr const char* kNoMaintenances = R"({"scheduled_maintenances":[]})";

TEST(StatuspageImport, KeepsTheUpdatesAffectedComponents) {
  auto in = read_statuspage_texts("x", kImportSummary,
                                  import_incidents(R"([{"code":"cmpa","name":"API","old_status":"operational","new_status":"partial_outage"}])"),
                                  kNoMaintenances);
  ASSERT_TRUE(in.ok()) << in.error().path << ": " << in.error().detail;
  ASSERT_EQ(in.value().component_changes.count("u2"), 1u);
  EXPECT_EQ(in.value().component_changes.count("u1"), 0u);  // null: no change
  const ComponentChange& c = in.value().component_changes.at("u2").at(0);
  EXPECT_EQ(c.component_id, "cmpa");
  EXPECT_EQ(c.name, "API");
  EXPECT_EQ(c.old_status, ComponentStatus::operational);
  EXPECT_EQ(c.new_status, ComponentStatus::partial_outage);
}

TEST(StatuspageImport, BadAffectedComponentsAreNamed) {
  struct Case {
    const char* affected;
    const char* path;
  };
  for (const Case& k : {
           Case{R"({"code":"cmpa"})", "x/incidents.json: /incidents/0/incident_updates/0/affected_components"},
           Case{R"([{"code":"cmpa","name":"API","old_status":"operational","new_status":"sideways"}])",
                "x/incidents.json: /incidents/0/incident_updates/0/affected_components/0/new_status"},
           Case{R"([{"name":"API","old_status":"operational","new_status":"major_outage"}])",
                "x/incidents.json: /incidents/0/incident_updates/0/affected_components/0/code"},
           Case{R"([{"code":"cmpa","old_status":"operational","new_status":"major_outage"},
                    {"code":"cmpa","old_status":"major_outage","new_status":"operational"}])",
                "x/incidents.json: /incidents/0/incident_updates/0/affected_components/1/code"},
       }) {
    auto in = read_statuspage_texts("x", kImportSummary, import_incidents(k.affected), kNoMaintenances);
    ASSERT_FALSE(in.ok()) << k.affected;
    EXPECT_EQ(in.error().path, k.path) << k.affected << ": " << in.error().detail;
  }
}

}  // namespace
