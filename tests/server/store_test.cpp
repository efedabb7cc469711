// store.cpp against real SQLite files: migrations, identity checks, the snapshot round trip.
#include "store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "candor/codec.hpp"
#include "demo_data.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using candor::Snapshot;
using candor::TimeMs;
using candor::server::Migration;
using candor::server::PortalContent;
using candor::server::Store;
using candor::server::store_migrations;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);

std::unique_ptr<Store> open_or_fail(const std::string& path, Store::OpenMode mode = Store::OpenMode::create_if_missing) {
  auto r = Store::open(path, mode);
  EXPECT_TRUE(r.ok()) << r.error().path << ": " << r.error().detail;
  return r.ok() ? std::move(r).value() : nullptr;
}

PortalContent demo(std::uint64_t seed = 42, TimeMs now = kNow) {
  auto c = candor::server::make_demo_content(seed, now);
  EXPECT_TRUE(c.ok()) << c.error().detail;
  return std::move(c).value();
}

int latest_version() { return store_migrations().back().version; }

// What load_snapshot(now) gives back of a stored snapshot: the history the engine can use,
// without the ids readers never need.
Snapshot as_loaded(Snapshot s, TimeMs now = kNow) {
  const TimeMs since = candor::server::snapshot_history_since(now);
  s.history.erase(std::remove_if(s.history.begin(), s.history.end(),
                                 [&](const candor::PastIncident& x) { return x.started_at < since; }),
                  s.history.end());
  for (candor::PastIncident& x : s.history) x.id.clear();  // joined in the store, not sent
  return s;
}

TEST(Store, CreateMigratesToTheLatestSchema) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), latest_version());
  auto v = store->version();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value(), 0);
  auto s = store->load_snapshot(kNow);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s.value().version, 0);
  EXPECT_EQ(s.value().generated_at, kNow);
  EXPECT_TRUE(s.value().components.empty());
  EXPECT_TRUE(s.value().history.empty());
}

TEST(Store, ReopenKeepsSchemaAndData) {
  TempDir dir;
  const std::string path = dir.file("a.db");
  {
    auto store = open_or_fail(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->replace_contents(demo()).ok());
  }
  auto store = open_or_fail(path, Store::OpenMode::existing_only);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), latest_version());
  auto s = store->load_snapshot(kNow);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value().version, 1);
  EXPECT_EQ(s.value().history.size(), as_loaded(demo().snapshot).history.size());
  EXPECT_GT(s.value().history.size(), 100u);
}

TEST(Store, UsesWriteAheadLogging) {
  TempDir dir;
  const std::string path = dir.file("a.db");
  auto store = open_or_fail(path);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->replace_contents(demo()).ok());
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
}

TEST(Store, ExistingOnlyDoesNotCreate) {
  TempDir dir;
  auto r = Store::open(dir.file("missing.db"), Store::OpenMode::existing_only);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("no such store"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

TEST(Store, RejectsAFileThatIsNotADatabase) {
  TempDir dir;
  const std::string path = dir.write("junk.db", std::string(4096, 'x'));
  auto r = Store::open(path, Store::OpenMode::existing_only);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, path);
  EXPECT_NE(r.error().detail.find("not a database"), std::string::npos) << r.error().detail;
}

TEST(Store, RejectsSomeoneElsesDatabase) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  // A SQLite file with a schema version (and even a meta table) but not Candor's application_id.
  const std::vector<Migration> foreign = {{1,
                                           {"CREATE TABLE meta (id INTEGER PRIMARY KEY, version INTEGER)",
                                            "INSERT INTO meta VALUES (1, 0)",
                                            "CREATE TABLE customers (id INTEGER PRIMARY KEY)"}}};
  ASSERT_TRUE(Store::open(path, Store::OpenMode::create_if_missing, foreign).ok());
  auto r = Store::open(path, Store::OpenMode::existing_only);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("not a Candor store"), std::string::npos) << r.error().detail;
}

TEST(Store, RefusesASchemaFromTheFuture) {
  TempDir dir;
  const std::string path = dir.file("a.db");
  std::vector<Migration> newer = store_migrations();
  newer.push_back({latest_version() + 1, {"CREATE TABLE from_the_future (x INTEGER)"}});
  ASSERT_TRUE(Store::open(path, Store::OpenMode::create_if_missing, newer).ok());
  auto r = Store::open(path, Store::OpenMode::existing_only);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("newer"), std::string::npos) << r.error().detail;
}

TEST(Store, AFailedMigrationLeavesTheStoreAtTheLastWholeVersion) {
  TempDir dir;
  const std::string path = dir.file("a.db");
  ASSERT_TRUE(open_or_fail(path));
  std::vector<Migration> broken = store_migrations();
  broken.push_back({latest_version() + 1, {"CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"}});
  auto r = Store::open(path, Store::OpenMode::existing_only, broken);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("statement 2"), std::string::npos) << r.error().detail;

  // Still at the old version, and the first statement was rolled back with the rest:
  // the fixed migration creates the same table again without a conflict.
  auto store = open_or_fail(path, Store::OpenMode::existing_only);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), latest_version());
  std::vector<Migration> fixed = store_migrations();
  fixed.push_back({latest_version() + 1, {"CREATE TABLE half_done (x INTEGER)"}});
  store.reset();
  auto migrated = Store::open(path, Store::OpenMode::existing_only, fixed);
  ASSERT_TRUE(migrated.ok()) << migrated.error().detail;
  EXPECT_EQ(migrated.value()->schema_version(), latest_version() + 1);
}

TEST(Store, SnapshotRoundTripsByteForByte) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent content = demo();
  auto v = store->replace_contents(content);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v.value(), 1);

  auto loaded = store->load_snapshot(kNow);
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  Snapshot expected = as_loaded(content.snapshot);
  expected.version = v.value();
  // Only the history older than the engine's lookback stays behind.
  EXPECT_LT(expected.history.size(), content.snapshot.history.size());
  EXPECT_EQ(candor::encode_snapshot(loaded.value()), candor::encode_snapshot(expected));
}

// The snapshot leaves out history older than the engine's look-back year, unless that year
// holds fewer items than the engine's minimum: then the engine uses all of them, so the
// snapshot carries all of them (a quiet year is no reason to publish no estimate).
TEST(Store, AQuietYearCarriesTheWholeHistory) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent c = demo();
  std::vector<candor::PastIncident>& h = c.snapshot.history;
  ASSERT_GT(h.size(), 100u);
  const auto move_back = [](candor::PastIncident& x, TimeMs by) {
    x.started_at -= by;
    if (x.resolved_at) *x.resolved_at -= by;
  };
  // Everything two years older, but for the 19 newest: one fewer than the minimum in the year.
  for (std::size_t i = 0; i + 19 < h.size(); ++i) move_back(h[i], 800 * candor::kDayMs);
  ASSERT_GE(h[h.size() - 19].started_at, kNow - 365 * candor::kDayMs);
  ASSERT_TRUE(store->replace_contents(c).ok());
  auto loaded = store->load_snapshot(kNow);
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  EXPECT_EQ(loaded.value().history.size(), h.size());

  // One more in the year is enough: the older rows stay behind again.
  move_back(h[h.size() - 20], -800 * candor::kDayMs);
  ASSERT_TRUE(store->replace_contents(c).ok());
  loaded = store->load_snapshot(kNow);
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  EXPECT_LT(loaded.value().history.size(), 30u);
  EXPECT_GE(loaded.value().history.size(), 20u);
}

// Every optional field set, so a model field the store forgets shows up as a diff.
TEST(Store, EveryFieldSurvives) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent c = demo();
  Snapshot& s = c.snapshot;
  candor::Incident& inc = s.incidents[0];
  inc.monitoring_at = kNow - 5 * candor::kMinuteMs;
  inc.resolved_at = kNow - candor::kMinuteMs;
  inc.status = candor::IncidentStatus::resolved;
  inc.operator_estimate_s = 1234;
  inc.promise->revision = 3;
  inc.promise->missed_latest_at = kNow - candor::kHourMs;
  inc.obstacles.push_back({"Second obstacle", "with \"quotes\" and ünïcödé"});
  s.components[1].description.clear();
  s.channels[0].queue_length.reset();
  s.channels[0].first_response_p50_s = 60;
  s.channels[0].first_response_p90_s = 600;
  s.channels[1].calls_per_hour = 12.345678901234567;
  // Two rows the snapshot still carries (the oldest ones are past the engine's lookback).
  const auto recent = std::find_if(s.history.begin(), s.history.end(), [](const candor::PastIncident& x) {
    return x.started_at >= candor::server::snapshot_history_since(kNow);
  });
  ASSERT_LT(recent + 1, s.history.end());
  recent->resolved_at.reset();  // an item still open
  (recent + 1)->stages.clear();  // stages unknown
  s.page.theme = {"#0b6e4f", "https://cdn.example.com/logo.svg", {{"Help", "/help"}, {"Vilkår", "https://x.example"}}};
  auto v = store->replace_contents(c);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  auto loaded = store->load_snapshot(kNow);
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;
  s.version = v.value();
  EXPECT_EQ(candor::encode_snapshot(loaded.value()), candor::encode_snapshot(as_loaded(s)));
}

// The core's golden snapshot (maintained with the codec) through the store: whatever the
// model gains, the golden file shows it, and this test fails until the store keeps it.
TEST(Store, GoldenSnapshotSurvives) {
  std::ifstream in(std::string(CANDOR_TEST_DATA) + "/golden/snapshot.json", std::ios::binary);
  ASSERT_TRUE(in) << "missing golden snapshot";
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto golden = candor::decode_snapshot(json);
  ASSERT_TRUE(golden.ok()) << golden.error().path << ": " << golden.error().detail;
  Snapshot expected = golden.value();
  const TimeMs now = expected.generated_at;

  PortalContent c;
  c.snapshot = expected;
  c.channel_hours.resize(expected.channels.size());  // no hours: no open intervals
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  auto v = store->replace_contents(c);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  auto loaded = store->load_snapshot(now);
  ASSERT_TRUE(loaded.ok()) << loaded.error().detail;

  // What the store derives rather than keeps: the version, intervals (from hours) and the
  // track record (from promise records, none here).
  expected.version = v.value();
  for (auto& ch : expected.channels) ch.open_intervals.clear();
  expected.track_record = candor::track_record({}, now);
  // The uptime history is derived from stored incidents older than the recent window
  // (PortalContent::archived_incidents), not kept as given.
  expected.uptime_history.clear();
  // History ids join rows inside the store and are not sent to readers.
  for (candor::PastIncident& x : expected.history) x.id.clear();
  EXPECT_EQ(candor::encode_snapshot(loaded.value()), candor::encode_snapshot(expected));
}

TEST(Store, EveryWriteBumpsTheVersion) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  EXPECT_EQ(store->replace_contents(demo(1)).value(), 1);
  EXPECT_EQ(store->replace_contents(demo(2)).value(), 2);
  EXPECT_EQ(store->version().value(), 2);
}

TEST(Store, AFailedWriteChangesNothing) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->replace_contents(demo()).ok());
  const std::string before = candor::encode_snapshot(store->load_snapshot(kNow).value());

  PortalContent bad = demo(7);
  bad.snapshot.incidents[0].component_ids.push_back("no-such-component");  // foreign key
  auto r = store->replace_contents(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("FOREIGN KEY"), std::string::npos) << r.error().detail;
  EXPECT_EQ(store->version().value(), 1);
  EXPECT_EQ(candor::encode_snapshot(store->load_snapshot(kNow).value()), before);
}

TEST(Store, RejectsUnknownChannelZones) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent bad = demo();
  bad.snapshot.channels[0].time_zone = "Europe/Atlantis";
  auto r = store->replace_contents(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("Europe/Atlantis"), std::string::npos);
}

TEST(Store, RejectsImpossibleHolidays) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent bad = demo();
  bad.channel_hours[0].holidays.push_back({"2026-02-30", "no such day"});
  auto r = store->replace_contents(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("/holidays/"), std::string::npos) << r.error().detail;
  EXPECT_EQ(store->version().value(), 0);
}

TEST(Store, OldResolvedIncidentsLeaveTheSnapshot) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent c = demo();
  candor::Incident recent = c.snapshot.incidents[0];
  recent.id = "recent000001";
  recent.status = candor::IncidentStatus::resolved;
  recent.resolved_at = kNow - 2 * candor::kDayMs;
  for (auto& u : recent.updates) u.id += "-r";
  candor::Incident old = recent;
  old.id = "old000000001";
  old.resolved_at = kNow - 40 * candor::kDayMs;
  for (auto& u : old.updates) u.id += "-o";
  c.snapshot.incidents.push_back(recent);
  c.snapshot.incidents.push_back(old);
  const std::size_t demo_incidents = c.snapshot.incidents.size();
  ASSERT_TRUE(store->replace_contents(c).ok());
  auto s = store->load_snapshot(kNow);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.value().incidents.size(), demo_incidents - 1);  // "old" left, the others stayed
  const candor::Incident& back = s.value().incidents[demo_incidents - 2];
  EXPECT_EQ(back.id, "recent000001");
  EXPECT_EQ(back.updates.size(), recent.updates.size());
  for (const auto& i : s.value().incidents) EXPECT_NE(i.id, "old000000001");
  // It stays for the uptime bars: compact, with its components.
  const auto& up = s.value().uptime_history;
  const auto it = std::find_if(up.begin(), up.end(), [](const candor::UptimeEvent& e) { return e.id == "old000000001"; });
  ASSERT_NE(it, up.end());
  EXPECT_EQ(it->component_ids, old.component_ids);
  EXPECT_EQ(it->resolved_at, old.resolved_at);
  EXPECT_EQ(it->name, old.name);
}

// The uptime bars' history: incidents and maintenances that ended 30 to 90 days ago and
// touched components; nothing older, nothing without components, nothing still listed.
TEST(Store, UptimeHistoryCoversTheNinetyDaysBeforeTheRecentWindow) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  PortalContent c = demo();
  c.archived_incidents.clear();
  c.snapshot.uptime_history.clear();
  candor::Incident base = c.snapshot.incidents[0];
  base.status = candor::IncidentStatus::resolved;
  auto archived = [&](const char* id, TimeMs resolved_ago, std::vector<std::string> components) {
    candor::Incident x = base;
    x.id = id;
    x.started_at = x.created_at = kNow - resolved_ago - candor::kHourMs;
    x.resolved_at = x.updated_at = kNow - resolved_ago;
    x.component_ids = std::move(components);
    x.promise.reset();
    for (auto& u : x.updates) u.id += id;
    x.updates.resize(1);
    return x;
  };
  const std::string api = c.snapshot.components[1].id;
  c.archived_incidents = {archived("inside", 60 * candor::kDayMs, {api}),
                          archived("too-old", 95 * candor::kDayMs, {api}),
                          archived("no-components", 50 * candor::kDayMs, {})};
  candor::Maintenance m = c.snapshot.maintenances[0];
  m.id = "old-maintenance";
  m.status = candor::MaintenanceStatus::completed;
  m.scheduled_for = kNow - 45 * candor::kDayMs;
  m.scheduled_until = m.scheduled_for + candor::kHourMs;
  for (auto& u : m.updates) u.id += "-old";
  c.snapshot.maintenances.push_back(m);
  ASSERT_TRUE(store->replace_contents(c).ok());
  auto s = store->load_snapshot(kNow);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  const auto& up = s.value().uptime_history;
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[0].id, "inside");
  EXPECT_EQ(up[0].component_ids, std::vector<std::string>{api});
  EXPECT_EQ(up[0].impact, base.impact);
  EXPECT_EQ(up[1].id, "old-maintenance");
  EXPECT_EQ(up[1].impact, candor::Impact::maintenance);
  EXPECT_EQ(up[1].started_at, m.scheduled_for);
  EXPECT_EQ(up[1].resolved_at, m.scheduled_until);
  EXPECT_EQ(up[1].component_ids, m.component_ids);
}

TEST(Store, PageSettingsChangeOnlyWhatIsGiven) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  candor::server::PageSettings none;
  auto empty = store->set_page_settings(none, kNow);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.value().has_value());  // no page yet
  ASSERT_TRUE(store->replace_contents(demo()).ok());
  const std::int64_t v0 = store->version().value();

  candor::server::PageSettings p;
  p.accent = "#ABCDEF";
  p.links = std::vector<candor::PageLink>{{"Help", "/help"}};
  auto v = store->set_page_settings(p, kNow);
  ASSERT_TRUE(v.ok()) << v.error().detail;
  EXPECT_EQ(v.value(), v0 + 1);
  candor::Page page = store->load_snapshot(kNow).value().page;
  EXPECT_EQ(page.name, "Northwind Cloud");
  EXPECT_EQ(page.theme.accent, "#abcdef");
  ASSERT_EQ(page.theme.links.size(), 1u);

  // The store checks again: a theme the portal would refuse is never stored.
  candor::server::PageSettings bad;
  bad.logo_url = "javascript:alert(1)";
  EXPECT_FALSE(store->set_page_settings(bad, kNow).ok());
  bad = {};
  bad.time_zone = "Nowhere/Land";
  EXPECT_FALSE(store->set_page_settings(bad, kNow).ok());
  EXPECT_EQ(store->version().value(), v0 + 1);

  candor::server::PageSettings clear;
  clear.accent = "";
  clear.links = std::vector<candor::PageLink>{};
  clear.name = "Northwind Status";
  ASSERT_TRUE(store->set_page_settings(clear, kNow).ok());
  page = store->load_snapshot(kNow).value().page;
  EXPECT_TRUE(page.theme.accent.empty());
  EXPECT_TRUE(page.theme.links.empty());
  EXPECT_EQ(page.name, "Northwind Status");
}

// Migration 5 adds the theme to a store written by an older candor: its page keeps
// everything and starts with no theme.
TEST(Store, ThemeMigrationKeepsAnOlderStoresPage) {
  TempDir dir;
  const std::string path = dir.file("a.db");
  std::vector<Migration> before_theme;
  for (const Migration& m : store_migrations())
    if (m.version < 5) before_theme.push_back(m);
  {
    auto old = Store::open(path, Store::OpenMode::create_if_missing, before_theme);
    ASSERT_TRUE(old.ok()) << old.error().detail;
    EXPECT_EQ(old.value()->schema_version(), 4);
  }
  auto store = open_or_fail(path, Store::OpenMode::existing_only);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), latest_version());
  ASSERT_TRUE(store->replace_contents(demo()).ok());
  EXPECT_TRUE(store->load_snapshot(kNow).value().page.theme.accent.empty());
}

TEST(Store, OpenIntervalsFollowTheReadersNow) {
  TempDir dir;
  auto store = open_or_fail(dir.file("a.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->replace_contents(demo()).ok());
  const TimeMs later = kNow + 30 * candor::kDayMs;
  auto s = store->load_snapshot(later);
  ASSERT_TRUE(s.ok());
  for (const auto& ch : s.value().channels) {
    ASSERT_FALSE(ch.open_intervals.empty()) << ch.id;
    EXPECT_GT(ch.open_intervals.front().end, later);
    EXPECT_LT(ch.open_intervals.back().start, later + candor::server::kOpenIntervalHorizonMs);
  }
}

}  // namespace
