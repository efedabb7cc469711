// The view model: the golden file (the same bytes natively and in wasm) and the facts it carries.
#include "candor/view_model.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

#include "candor/codec.hpp"
#include "candor/portal.hpp"
#include "test_files.hpp"

using namespace candor;

namespace {

struct Golden {
  Snapshot snapshot;
  TimeMs now = 0;
};

Golden load_golden() {
  Golden g;
  std::string text, now;
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("golden/snapshot.json"), text));
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("golden/now.txt"), now));
  g.snapshot = decode_snapshot(text).value();
  g.now = parse_iso8601(now.substr(0, now.find('\n'))).value();
  return g;
}

nlohmann::json view(const Snapshot& s, TimeMs now) { return nlohmann::json::parse(view_model_json(s, now)); }

}  // namespace

// tests/data/golden/view_model.json was written by this core and reviewed by hand; the wasm
// build of this same test and tests/wasm/core.test.mjs compare against the same bytes.
// Regenerate (natively) with CANDOR_UPDATE_GOLDEN=1 after an intended change.
TEST(ViewModel, MatchesGoldenBytes) {
  const Golden g = load_golden();
  const std::string actual = view_model_json(g.snapshot, g.now) + "\n";
  const std::string path = candor_test::data_path("golden/view_model.json");
  if (std::getenv("CANDOR_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << actual;
  std::string expected;
  ASSERT_TRUE(candor_test::read_file(path, expected));
  EXPECT_EQ(actual, expected);
}

TEST(ViewModel, OverallGroupsAndComponents) {
  const Golden g = load_golden();
  const nlohmann::json v = view(g.snapshot, g.now);
  EXPECT_EQ(v["overall"]["status"], "partial_outage");
  EXPECT_EQ(v["overall"]["indicator"], "major");  // the major incident
  ASSERT_EQ(v["groups"].size(), 3u);
  EXPECT_EQ(v["groups"][0]["name"], "Platform");
  EXPECT_EQ(v["groups"][0]["status"], "partial_outage");  // worst of API and Web app
  EXPECT_EQ(v["groups"][1]["status"], "degraded_performance");
  EXPECT_TRUE(v["groups"][2]["id"].is_null());  // a top-level component in an unnamed group
  EXPECT_EQ(v["groups"][2]["components"][0]["name"], "Status emails");
  EXPECT_EQ(v["data_age_s"], 60);
}

TEST(ViewModel, ActiveIncidentLateUpdateAndMissedPromise) {
  const Golden g = load_golden();
  const nlohmann::json v = view(g.snapshot, g.now);
  const nlohmann::json& inc = v["incidents"][0];
  EXPECT_EQ(inc["id"], "incactive001");
  EXPECT_TRUE(inc["active"].get<bool>());
  EXPECT_EQ(inc["elapsed_s"], 52 * 60);
  EXPECT_EQ(inc["updates"][0]["id"], "updactive002");  // newest first
  EXPECT_EQ(inc["stages"][0]["state"], "done");
  EXPECT_EQ(inc["stages"][1]["state"], "now");
  EXPECT_EQ(inc["stages"][2]["state"], "next");
  EXPECT_TRUE(inc["next_update"]["late"].get<bool>());
  EXPECT_EQ(inc["next_update"]["late_by_s"], 5 * 60);
  EXPECT_TRUE(inc["promise"]["missed"].get<bool>());
  EXPECT_EQ(inc["promise"]["missed_by_s"], 10 * 60);
  // The live estimate: never before now, likely ≤ latest.
  const TimeMs likely = parse_iso8601(inc["estimate"]["likely_at"].get<std::string>()).value();
  const TimeMs latest = parse_iso8601(inc["estimate"]["latest_at"].get<std::string>()).value();
  EXPECT_GT(likely, g.now);
  EXPECT_LE(likely, latest);
  EXPECT_GE(inc["estimate"]["basis"]["n"].get<int>(), 20);
  // Per-stage ETAs: identified (now) then monitoring, which ends at the most likely time.
  const nlohmann::json& stages = inc["estimate"]["stages"];
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0]["stage"], "identified");
  EXPECT_EQ(stages[1]["likely_end_at"], inc["estimate"]["likely_at"]);
  // The operator said 30 minutes, 20 minutes ago: 10 left, below the history's P30.
  EXPECT_EQ(inc["estimate"]["operator_estimate"]["remaining_s"], 600);
  EXPECT_TRUE(inc["estimate"]["operator_estimate"]["optimistic"].get<bool>());
  // The resolved incident comes after the active one, with no estimate or next update.
  EXPECT_EQ(v["incidents"][1]["id"], "incresolved1");
  EXPECT_TRUE(v["incidents"][1]["estimate"].is_null());
  EXPECT_TRUE(v["incidents"][1]["next_update"].is_null());
  EXPECT_EQ(v["incidents"][1]["stages"][3]["state"], "done");
}

TEST(ViewModel, PastIncidentsNewestFirstWithDurations) {
  const Golden g = load_golden();
  const nlohmann::json v = view(g.snapshot, g.now + 30 * kDayMs);  // long after: still listed here
  ASSERT_EQ(v["past_incidents"].size(), 1u);
  EXPECT_EQ(v["past_incidents"][0]["id"], "incresolved1");
  EXPECT_EQ(v["past_incidents"][0]["duration_s"], 2 * 3600);
  EXPECT_EQ(v["past_incidents"][0]["components"][0]["name"], "Status emails");
}

// An incident's page is reachable from the history for as long as the snapshot carries it,
// so each past incident brings its stages, updates and promise; whether that promise was
// kept is judged at its resolution, not at the reader's now.
TEST(ViewModel, PastIncidentsCarryTheirPageAndWhetherThePromiseWasKept) {
  Golden g = load_golden();
  Incident& resolved = g.snapshot.incidents[1];
  ASSERT_EQ(resolved.id, "incresolved1");
  const TimeMs later = g.now + 30 * kDayMs;
  nlohmann::json past = view(g.snapshot, later)["past_incidents"][0];
  ASSERT_EQ(past["updates"].size(), 3u);
  EXPECT_EQ(past["updates"][0]["id"], "updres000003");  // newest first
  EXPECT_EQ(past["stages"][3]["state"], "done");
  EXPECT_TRUE(past["promise"].is_null());

  Promise p;
  p.published_at = resolved.started_at;
  p.likely_at = *resolved.resolved_at - kHourMs;
  p.latest_at = *resolved.resolved_at + 15 * kMinuteMs;  // resolved a quarter hour early: kept
  resolved.promise = p;
  past = view(g.snapshot, later)["past_incidents"][0];
  EXPECT_FALSE(past["promise"]["missed"].get<bool>());
  EXPECT_EQ(past["promise"]["latest_at"], format_iso8601(p.latest_at));

  resolved.promise->latest_at = *resolved.resolved_at - 20 * kMinuteMs;  // resolved 20 minutes late
  past = view(g.snapshot, later)["past_incidents"][0];
  EXPECT_TRUE(past["promise"]["missed"].get<bool>());
  EXPECT_EQ(past["promise"]["missed_by_s"], 20 * 60);
}

// "Done" only for a stage the incident was in; one it went past without an update there is
// "skipped" (the golden resolved incident went from investigating to monitoring).
TEST(ViewModel, StagesMovedPastWithoutBeingInThemAreSkipped) {
  Golden g = load_golden();
  const auto states = [&](const Snapshot& s, std::size_t index) {
    const nlohmann::json v = view(s, g.now);  // kept alive: the loop walks inside it
    std::vector<std::string> out;
    for (const auto& st : v["incidents"][index]["stages"]) out.push_back(st["state"]);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(states(g.snapshot, 1), (V{"done", "skipped", "done", "done"}));

  // Monitoring is known from monitoring_at too, even without an update in that status.
  Incident& resolved = g.snapshot.incidents[1];
  resolved.updates.erase(resolved.updates.begin() + 1);
  EXPECT_EQ(states(g.snapshot, 1), (V{"done", "skipped", "done", "done"}));
  resolved.monitoring_at.reset();
  EXPECT_EQ(states(g.snapshot, 1), (V{"done", "skipped", "skipped", "done"}));
  // With no updates at all nothing can be told apart: no stage is called skipped.
  resolved.updates.clear();
  EXPECT_EQ(states(g.snapshot, 1), (V{"done", "done", "done", "done"}));

  // An active incident opened straight at "identified" never investigated on the page.
  Incident& active = g.snapshot.incidents[0];
  active.updates.erase(active.updates.begin());
  ASSERT_EQ(active.updates.front().status, IncidentStatus::identified);
  EXPECT_EQ(states(g.snapshot, 0), (V{"skipped", "now", "next", "next"}));
}

TEST(ViewModel, TimeMovesTheLiveParts) {
  const Golden g = load_golden();
  const nlohmann::json before = view(g.snapshot, g.now - 10 * kMinuteMs);
  EXPECT_FALSE(before["incidents"][0]["next_update"]["late"].get<bool>());
  EXPECT_FALSE(before["incidents"][0]["promise"]["missed"].get<bool>());
  // Eight days later the resolved incident has left the overview.
  const nlohmann::json later = view(g.snapshot, g.now + 8 * kDayMs);
  for (const auto& i : later["incidents"]) EXPECT_NE(i["id"], "incresolved1");
}

TEST(ViewModel, Channels) {
  const Golden g = load_golden();
  const nlohmann::json v = view(g.snapshot, g.now);
  const nlohmann::json& chat = v["channels"][0];
  EXPECT_TRUE(chat["open"].get<bool>());
  EXPECT_EQ(chat["closes_at"], "2026-03-04T17:00:00.000Z");
  EXPECT_TRUE(chat["wait"]["stable"].get<bool>());
  EXPECT_LE(chat["wait"]["typical_s"].get<int>(), chat["wait"]["worst_s"].get<int>());
  const nlohmann::json& phone = v["channels"][1];
  EXPECT_FALSE(phone["open"].get<bool>());
  EXPECT_EQ(phone["opens_at"], "2026-03-05T15:00:00.000Z");
  EXPECT_TRUE(phone["wait"].is_null());
  // Closed, but its figures say what the wait will be like: 12 calls/h, 420 s, 2 agents.
  EXPECT_TRUE(phone["wait_at_open"]["stable"].get<bool>());
  EXPECT_LE(phone["wait_at_open"]["typical_s"].get<int>(), phone["wait_at_open"]["worst_s"].get<int>());
  EXPECT_TRUE(chat["wait_at_open"].is_null());
  // Email: 3 h of open time from 14:07:30 (open until 16:00) ends at 09:07:30 the next day.
  const nlohmann::json& email = v["channels"][2];
  EXPECT_EQ(email["wait"]["typical_s"], (19 * 3600));
}

TEST(Portal, TicksReuseTheEngineAndABadLoadKeepsTheLastGoodSnapshot) {
  std::string text;
  ASSERT_TRUE(candor_test::read_file(candor_test::data_path("golden/snapshot.json"), text));
  const Golden g = load_golden();
  Portal portal;
  ASSERT_EQ(portal.load(text).code, errc::ok);
  for (TimeMs t : {g.now, g.now + kMinuteMs, g.now + 2 * kMinuteMs, g.now + kDayMs})
    EXPECT_EQ(portal.view_model_json(t), view_model_json(g.snapshot, t));
  const Error e = portal.load("{\"version\": 18}");
  EXPECT_EQ(e.code, errc::missing_field);
  EXPECT_EQ(portal.snapshot().version, 17);  // still the last good one
  EXPECT_EQ(portal.view_model_json(g.now), view_model_json(g.snapshot, g.now));
}

TEST(ViewModel, ThemeIsAlwaysPresent) {
  const Golden g = load_golden();
  const nlohmann::json v = view(g.snapshot, g.now);
  EXPECT_EQ(v["page"]["theme"]["accent"], "#0b6e4f");
  EXPECT_EQ(v["page"]["theme"]["logo_url"], "/logo.svg");
  EXPECT_EQ(v["page"]["theme"]["links"][0], (nlohmann::json{{"label", "Help centre"}, {"url", "https://help.golden.test/"}}));
  Snapshot plain = g.snapshot;
  plain.page.theme = PageTheme{};
  const nlohmann::json p = view(plain, g.now);
  EXPECT_TRUE(p["page"]["theme"]["accent"].is_null());
  EXPECT_TRUE(p["page"]["theme"]["logo_url"].is_null());
  EXPECT_EQ(p["page"]["theme"]["links"], nlohmann::json::array());
}

// The golden snapshot's components over 90 days (now 2026-03-04T14:07:30Z, first day
// 2025-12-05, window 89 days 14 h 7.5 min = 2150.125 h).
TEST(ViewModel, UptimePerComponent) {
  const Golden g = load_golden();
  const nlohmann::json v = view(g.snapshot, g.now);
  for (const auto& group : v["groups"]) {
    for (const auto& c : group["components"]) {
      ASSERT_EQ(c["uptime"]["days"].size(), 90u) << c["id"];
      EXPECT_EQ(c["uptime"]["days"][0]["date"], "2025-12-05");
      EXPECT_EQ(c["uptime"]["days"][89]["date"], "2026-03-04");
    }
  }
  // API (group 0, component 0): the open major incident since 13:15:30 (52 min, partial:
  // × 0.3) and its own status partial_outage since 13:27:30 overlap: 52 min × 0.3 = 15.6 min
  // down; 1 - 0.26/2150.125 = 0.999879… → 99.98 %.
  const nlohmann::json& api = v["groups"][0]["components"][0];
  EXPECT_EQ(api["id"], "cmpapi000001");
  EXPECT_DOUBLE_EQ(api["uptime"]["percent"].get<double>(), 99.98);
  EXPECT_EQ(api["uptime"]["days"][89]["worst"], "partial_outage");
  EXPECT_EQ(api["uptime"]["days"][89]["incidents"][0]["id"], "incactive001");
  // Status emails: the old major incident 2026-01-15 23:30 → 01-16 01:00 (partial, 1.5 h ×
  // 0.3 = 0.45 h) and the minor one on 03-02 (degraded, up): 1 - 0.45/2150.125 → 99.97 %.
  const nlohmann::json& emails = v["groups"][2]["components"][0];
  EXPECT_EQ(emails["id"], "cmpstatus001");
  EXPECT_DOUBLE_EQ(emails["uptime"]["percent"].get<double>(), 99.97);
  // 2026-01-15 is day 41 (December 5 + 26 days is December 31, + 15 more is January 15).
  EXPECT_EQ(emails["uptime"]["days"][41]["date"], "2026-01-15");
  EXPECT_EQ(emails["uptime"]["days"][41]["worst"], "partial_outage");
  EXPECT_EQ(emails["uptime"]["days"][42]["worst"], "partial_outage");
  EXPECT_EQ(emails["uptime"]["days"][42]["incidents"][0]["name"], "Status emails delayed");
  EXPECT_EQ(emails["uptime"]["days"][87]["date"], "2026-03-02");
  EXPECT_EQ(emails["uptime"]["days"][87]["worst"], "degraded_performance");
  // The maintenance drill named the Data group: its database is blue that day and not
  // down. Today the active incident names the database too: the same 15.6 min as the API.
  const nlohmann::json& db = v["groups"][1]["components"][0];
  EXPECT_EQ(db["id"], "cmpdb0000001");
  EXPECT_EQ(db["uptime"]["days"][46]["date"], "2026-01-20");
  EXPECT_EQ(db["uptime"]["days"][46]["worst"], "under_maintenance");
  EXPECT_TRUE(db["uptime"]["days"][46]["incidents"].empty());
  EXPECT_EQ(db["uptime"]["days"][89]["worst"], "partial_outage");
  EXPECT_DOUBLE_EQ(db["uptime"]["percent"].get<double>(), 99.98);
  // Web app: nothing in 90 days.
  const nlohmann::json& web = v["groups"][0]["components"][1];
  EXPECT_EQ(web["id"], "cmpweb000001");
  EXPECT_DOUBLE_EQ(web["uptime"]["percent"].get<double>(), 100.0);
  for (const auto& d : web["uptime"]["days"]) EXPECT_EQ(d["worst"], "operational");
}
