// The uptime bars (uptime.hpp). Every expected value is worked out by hand in the comment
// beside it, from the rules in the header: spans by impact (Statuspage's colours), worst
// status per UTC day, downtime weighted 1 for major_outage and 0.3 for partial_outage
// (help.statuspage.io, "Display historical uptime of components"; instatus.com,
// "uptime colors"), percent rounded down to hundredths.
#include "candor/uptime.hpp"

#include <gtest/gtest.h>

using namespace candor;

namespace {

TimeMs at(const char* iso) { return parse_iso8601(iso).value(); }

// now = 2026-03-04T12:00Z. The window's first day is 89 days before 2026-03-04: back 28
// days (February 2026 has 28) is 02-04, 31 more is 01-04, 31 more is 2025-12-04 (90 days),
// so the first day is 2025-12-05. The window is 89 days + 12 h = 2148 h long.
const TimeMs kNow = at("2026-03-04T12:00:00Z");
constexpr double kWindowHours = 2148;

Component leaf(const char* id, const char* group = "") {
  Component c;
  c.id = id;
  c.name = id;
  c.group_id = group;
  return c;
}

Snapshot base() {
  Snapshot s;
  Component g = leaf("grp");
  g.group = true;
  s.components = {leaf("api"), leaf("web"), g, leaf("db", "grp"), leaf("backup", "grp")};
  return s;
}

Incident incident(const char* id, Impact impact, const char* start, const char* end, std::vector<std::string> comps) {
  Incident i;
  i.id = id;
  i.name = std::string("Incident ") + id;
  i.impact = impact;
  i.component_ids = std::move(comps);
  i.started_at = i.created_at = at(start);
  if (end) {
    i.status = IncidentStatus::resolved;
    i.resolved_at = i.updated_at = at(end);
  } else {
    i.updated_at = i.started_at;
  }
  return i;
}

ComponentUptime uptime_of(const Snapshot& s, const char* component) {
  return component_uptime(uptime_spans(s, kNow), component, kNow);
}

// The day whose 00:00 UTC is `date` (YYYY-MM-DD).
const UptimeDay& day(const ComponentUptime& u, const char* date) {
  const TimeMs start = at((std::string(date) + "T00:00:00Z").c_str());
  for (const UptimeDay& d : u.days)
    if (d.day_start == start) return d;
  static const UptimeDay none{-1, ComponentStatus::operational, {}};
  ADD_FAILURE() << date << " is not in the window";
  return none;
}

// floor(10000 * (1 - down_hours / 2148)), the percent in hundredths.
std::int64_t expected_hundredths(double down_hours) {
  return static_cast<std::int64_t>((1.0 - down_hours / kWindowHours) * 10000.0 + 1e-9);
}

}  // namespace

TEST(Uptime, NinetyUtcDaysEndingToday) {
  const ComponentUptime u = uptime_of(base(), "api");
  ASSERT_EQ(u.days.size(), 90u);
  EXPECT_EQ(u.days.front().day_start, at("2025-12-05T00:00:00Z"));
  EXPECT_EQ(u.days.back().day_start, at("2026-03-04T00:00:00Z"));
  for (const UptimeDay& d : u.days) {
    EXPECT_EQ(d.worst, ComponentStatus::operational);
    EXPECT_TRUE(d.incidents.empty());
  }
  EXPECT_EQ(u.percent_hundredths, 10000);
}

TEST(Uptime, IncidentAcrossMidnightColoursBothDays) {
  Snapshot s = base();
  s.incidents = {incident("i1", Impact::critical, "2026-03-01T23:00:00Z", "2026-03-02T01:00:00Z", {"api"})};
  const ComponentUptime u = uptime_of(s, "api");
  EXPECT_EQ(day(u, "2026-02-28").worst, ComponentStatus::operational);
  EXPECT_EQ(day(u, "2026-03-01").worst, ComponentStatus::major_outage);  // critical → major_outage
  EXPECT_EQ(day(u, "2026-03-02").worst, ComponentStatus::major_outage);
  EXPECT_EQ(day(u, "2026-03-03").worst, ComponentStatus::operational);
  ASSERT_EQ(day(u, "2026-03-01").incidents.size(), 1u);
  EXPECT_EQ(day(u, "2026-03-02").incidents[0].id, "i1");
  EXPECT_EQ(day(u, "2026-03-02").incidents[0].name, "Incident i1");
  // 2 h fully down: 1 - 2/2148 = 0.999068… → 99.90 %.
  EXPECT_EQ(u.percent_hundredths, 9990);
  EXPECT_EQ(u.percent_hundredths, expected_hundredths(2));
  // Another component is untouched.
  EXPECT_EQ(uptime_of(s, "web").percent_hundredths, 10000);
  EXPECT_EQ(day(uptime_of(s, "web"), "2026-03-01").worst, ComponentStatus::operational);
}

TEST(Uptime, EndingExactlyAtMidnightStaysOnItsDay) {
  Snapshot s = base();
  s.incidents = {incident("i1", Impact::minor, "2026-03-02T22:00:00Z", "2026-03-03T00:00:00Z", {"api"})};
  const ComponentUptime u = uptime_of(s, "api");
  EXPECT_EQ(day(u, "2026-03-02").worst, ComponentStatus::degraded_performance);  // minor → degraded
  EXPECT_EQ(day(u, "2026-03-03").worst, ComponentStatus::operational);
  EXPECT_TRUE(day(u, "2026-03-03").incidents.empty());
  EXPECT_EQ(u.percent_hundredths, 10000);  // degraded performance counts as up
}

TEST(Uptime, OpenIncidentCountsUntilNow) {
  Snapshot s = base();
  s.incidents = {incident("i1", Impact::major, "2026-03-04T10:00:00Z", nullptr, {"api"})};
  const ComponentUptime u = uptime_of(s, "api");
  EXPECT_EQ(u.days.back().worst, ComponentStatus::partial_outage);  // major → partial_outage
  ASSERT_EQ(u.days.back().incidents.size(), 1u);
  // 10:00–12:00 partial: 2 h × 0.3 = 0.6 h down; 1 - 0.6/2148 = 0.999720… → 99.97 %.
  EXPECT_EQ(u.percent_hundredths, 9997);
  EXPECT_EQ(u.percent_hundredths, expected_hundredths(0.6));
  // An hour later the open incident has grown: 3 h × 0.3 = 0.9 h over 2149 h → 99.958… → 99.95 %.
  const TimeMs later = kNow + kHourMs;
  EXPECT_EQ(component_uptime(uptime_spans(s, later), "api", later).percent_hundredths, 9995);
}

TEST(Uptime, OverlapsCountTheWorstStatusOnce) {
  Snapshot s = base();
  s.incidents = {incident("late", Impact::major, "2026-03-01T11:00:00Z", "2026-03-01T14:00:00Z", {"api"}),
                 incident("early", Impact::critical, "2026-03-01T10:00:00Z", "2026-03-01T12:00:00Z", {"api"})};
  const ComponentUptime u = uptime_of(s, "api");
  const UptimeDay& d = day(u, "2026-03-01");
  EXPECT_EQ(d.worst, ComponentStatus::major_outage);
  ASSERT_EQ(d.incidents.size(), 2u);
  EXPECT_EQ(d.incidents[0].id, "early");  // by start time
  EXPECT_EQ(d.incidents[1].id, "late");
  // 10–12 major (2 h) and 12–14 partial (2 h × 0.3): 2.6 h, not 2 + 3 × 0.3 = 2.9 h.
  // 1 - 2.6/2148 = 0.998789… → 99.87 % (summing them would give 99.86 %).
  EXPECT_EQ(u.percent_hundredths, 9987);
}

TEST(Uptime, MaintenanceIsBlueButNotDowntime) {
  Snapshot s = base();
  Maintenance m;
  m.id = "m1";
  m.name = "Storage upgrade";
  m.status = MaintenanceStatus::completed;
  m.component_ids = {"grp"};  // a group: both of its components
  m.scheduled_for = at("2026-02-10T02:00:00Z");
  m.scheduled_until = at("2026-02-10T04:00:00Z");
  s.maintenances = {m};
  for (const char* c : {"db", "backup"}) {
    const ComponentUptime u = uptime_of(s, c);
    EXPECT_EQ(day(u, "2026-02-10").worst, ComponentStatus::under_maintenance) << c;
    EXPECT_TRUE(day(u, "2026-02-10").incidents.empty()) << c;  // maintenances are not incidents
    EXPECT_EQ(u.percent_hundredths, 10000) << c;
  }
  EXPECT_EQ(day(uptime_of(s, "api"), "2026-02-10").worst, ComponentStatus::operational);
  // An outage during the maintenance wins the day's colour.
  s.incidents = {incident("i1", Impact::critical, "2026-02-10T03:00:00Z", "2026-02-10T03:30:00Z", {"db"})};
  EXPECT_EQ(day(uptime_of(s, "db"), "2026-02-10").worst, ComponentStatus::major_outage);
  EXPECT_EQ(day(uptime_of(s, "backup"), "2026-02-10").worst, ComponentStatus::under_maintenance);
}

TEST(Uptime, UpcomingMaintenanceDoesNotCountYet) {
  Snapshot s = base();
  Maintenance m;
  m.id = "m1";
  m.status = MaintenanceStatus::scheduled;
  m.component_ids = {"db"};
  m.scheduled_for = kNow + kHourMs;
  m.scheduled_until = kNow + 2 * kHourMs;
  s.maintenances = {m};
  EXPECT_EQ(uptime_of(s, "db").days.back().worst, ComponentStatus::operational);
  s.maintenances[0].status = MaintenanceStatus::in_progress;  // started an hour early
  EXPECT_EQ(uptime_of(s, "db").days.back().worst, ComponentStatus::under_maintenance);
}

TEST(Uptime, CurrentComponentStatusCountsSinceItWasSet) {
  Snapshot s = base();
  s.components[0].status = ComponentStatus::major_outage;
  s.components[0].updated_at = at("2026-03-04T11:00:00Z");
  const ComponentUptime u = uptime_of(s, "api");
  EXPECT_EQ(u.days.back().worst, ComponentStatus::major_outage);
  EXPECT_TRUE(u.days.back().incidents.empty());
  // 1 h down: 1 - 1/2148 = 0.999534… → 99.95 %.
  EXPECT_EQ(u.percent_hundredths, 9995);
}

TEST(Uptime, HistoryAddsOlderItemsOnceAndTheWindowClipsThem) {
  Snapshot s = base();
  s.incidents = {incident("i1", Impact::critical, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", {"api"})};
  // The same incident again in the history (a store may overlap the two lists): once.
  s.uptime_history.push_back(UptimeEvent{"i1", "Incident i1", Impact::critical, {"api"}, at("2026-03-01T10:00:00Z"),
                                         at("2026-03-01T11:00:00Z")});
  // Straddles the window's start (2025-12-05T00:00): only its last hour is inside.
  s.uptime_history.push_back(UptimeEvent{"old", "Old outage", Impact::critical, {"api"}, at("2025-12-04T23:00:00Z"),
                                         at("2025-12-05T01:00:00Z")});
  // Entirely before the window.
  s.uptime_history.push_back(UptimeEvent{"older", "Older outage", Impact::critical, {"api"},
                                         at("2025-11-01T00:00:00Z"), at("2025-11-02T00:00:00Z")});
  // An old maintenance: blue, not listed.
  s.uptime_history.push_back(UptimeEvent{"m-old", "Old maintenance", Impact::maintenance, {"api"},
                                         at("2026-01-10T01:00:00Z"), at("2026-01-10T02:00:00Z")});
  const ComponentUptime u = uptime_of(s, "api");
  EXPECT_EQ(u.days.front().worst, ComponentStatus::major_outage);
  ASSERT_EQ(u.days.front().incidents.size(), 1u);
  EXPECT_EQ(u.days.front().incidents[0].id, "old");
  ASSERT_EQ(day(u, "2026-03-01").incidents.size(), 1u);
  EXPECT_EQ(day(u, "2026-01-10").worst, ComponentStatus::under_maintenance);
  EXPECT_TRUE(day(u, "2026-01-10").incidents.empty());
  // 1 h (i1, once) + 1 h (the clipped one) = 2 h: 99.90 %, as in the midnight test.
  EXPECT_EQ(u.percent_hundredths, 9990);
}

TEST(Uptime, NoImpactIsListedButNotColoured) {
  Snapshot s = base();
  s.incidents = {incident("i1", Impact::none, "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", {"web"})};
  const ComponentUptime u = uptime_of(s, "web");
  const UptimeDay& d = day(u, "2026-03-03");
  EXPECT_EQ(d.worst, ComponentStatus::operational);
  ASSERT_EQ(d.incidents.size(), 1u);
  EXPECT_EQ(d.incidents[0].id, "i1");
}

TEST(Uptime, IncidentWithoutComponentsTouchesNone) {
  Snapshot s = base();
  s.incidents = {incident("i1", Impact::critical, "2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", {})};
  for (const char* c : {"api", "web", "db", "backup"}) EXPECT_EQ(uptime_of(s, c).percent_hundredths, 10000) << c;
}
