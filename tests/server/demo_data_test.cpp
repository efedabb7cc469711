// demo_data.cpp: determinism, and that the generated company looks like the brief says.
#include "demo_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "candor/calendar.hpp"
#include "candor/case_history.hpp"
#include "candor/codec.hpp"
#include "candor/promise.hpp"
#include "test_time.hpp"

namespace {

using candor::IncidentStatus;
using candor::TimeMs;
using candor::server::make_demo_content;
using candor::server::PortalContent;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);  // a Friday

PortalContent demo(std::uint64_t seed = 42, TimeMs now = kNow) {
  auto c = make_demo_content(seed, now);
  EXPECT_TRUE(c.ok()) << c.error().detail;
  return std::move(c).value();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

TEST(DemoData, SameSeedAndNowGiveTheSameBytes) {
  EXPECT_EQ(candor::encode_snapshot(demo(42).snapshot), candor::encode_snapshot(demo(42).snapshot));
  EXPECT_EQ(candor::encode_snapshot(demo(7).snapshot), candor::encode_snapshot(demo(7).snapshot));
}

TEST(DemoData, AnotherSeedGivesAnotherPortal) {
  EXPECT_NE(candor::encode_snapshot(demo(42).snapshot), candor::encode_snapshot(demo(43).snapshot));
}

TEST(DemoData, TimestampsAreRelativeToNow) {
  const auto a = demo(42, kNow).snapshot;
  const auto b = demo(42, kNow + candor::kHourMs).snapshot;
  EXPECT_EQ(b.incidents[0].started_at - a.incidents[0].started_at, candor::kHourMs);
}

TEST(DemoData, EncodesToAValidSnapshot) {
  const std::string json = candor::encode_snapshot(demo().snapshot);
  auto back = candor::decode_snapshot(json);
  ASSERT_TRUE(back.ok()) << back.error().path << ": " << back.error().detail;
  EXPECT_EQ(candor::encode_snapshot(back.value()), json);
}

TEST(DemoData, ComponentsComeInGroups) {
  const auto s = demo().snapshot;
  int groups = 0, leaves = 0;
  std::string current_group;
  for (const auto& c : s.components) {
    if (c.group) {
      ++groups;
      current_group = c.id;
      EXPECT_TRUE(c.group_id.empty());
    } else {
      ++leaves;
      EXPECT_EQ(c.group_id, current_group) << c.name << " must follow its group";
    }
  }
  EXPECT_GE(groups, 2);
  EXPECT_LE(groups, 3);
  EXPECT_GE(leaves, 6);
  EXPECT_LE(leaves, 8);
}

TEST(DemoData, OneActiveIncidentAsBriefed) {
  const auto s = demo().snapshot;
  ASSERT_GE(s.incidents.size(), 1u);
  for (std::size_t i = 1; i < s.incidents.size(); ++i)  // the others are resolved (PostedIncidents)
    EXPECT_EQ(s.incidents[i].status, IncidentStatus::resolved) << i;
  const auto& inc = s.incidents[0];
  EXPECT_EQ(inc.status, IncidentStatus::identified);
  EXPECT_EQ(inc.impact, candor::Impact::major);
  EXPECT_EQ(inc.started_at, kNow - 47 * candor::kMinuteMs);
  EXPECT_EQ(inc.updates.size(), 2u);
  ASSERT_TRUE(inc.next_update_at.has_value());
  EXPECT_GT(*inc.next_update_at, kNow);
  EXPECT_FALSE(inc.resolved_at.has_value());
  EXPECT_EQ(inc.obstacles.size(), 1u);
  EXPECT_EQ(inc.workarounds.size(), 1u);

  std::set<std::string> categories;
  for (const auto& p : s.history) categories.insert(p.category);
  EXPECT_EQ(categories.count(inc.category), 1u) << inc.category << " must be a history category";

  int partial = 0;
  for (const auto& c : s.components) {
    if (!c.group && c.status == candor::ComponentStatus::partial_outage) {
      ++partial;
      ASSERT_EQ(inc.component_ids.size(), 1u);
      EXPECT_EQ(inc.component_ids[0], c.id);
    } else if (!c.group) {
      EXPECT_EQ(c.status, candor::ComponentStatus::operational) << c.name;
    }
  }
  EXPECT_EQ(partial, 1);
}

TEST(DemoData, TheLiveIncidentCarriesTheCoresPromise) {
  const auto s = demo().snapshot;
  const auto& inc = s.incidents[0];
  ASSERT_TRUE(inc.promise.has_value());
  EXPECT_EQ(inc.promise->published_at, kNow);
  EXPECT_EQ(inc.promise->stage, IncidentStatus::identified);
  EXPECT_GT(inc.promise->likely_at, kNow);
  EXPECT_GE(inc.promise->latest_at, inc.promise->likely_at);
  EXPECT_GT(inc.promise->basis_n, 0);
}

TEST(DemoData, TrackRecordMostlyKept) {
  const auto c = demo();
  ASSERT_EQ(c.snapshot.track_record.size(), 3u);
  for (const auto& t : c.snapshot.track_record) {
    EXPECT_GT(t.kept, 0) << t.kind;
    EXPECT_GT(t.broken, 0) << t.kind;  // an honest record is not perfect
    EXPECT_GT(t.kept, 3 * t.broken) << t.kind;
  }
  // Pending promises (the live incident's) are recorded but not yet counted.
  EXPECT_TRUE(std::any_of(c.promise_records.begin(), c.promise_records.end(),
                          [](const auto& r) { return !r.fulfilled_at && r.due_at > kNow; }));
}

TEST(DemoData, OneMaintenanceInTwoDaysForAnHour) {
  const auto s = demo().snapshot;
  ASSERT_EQ(s.maintenances.size(), 1u);
  const auto& m = s.maintenances[0];
  EXPECT_EQ(m.status, candor::MaintenanceStatus::scheduled);
  EXPECT_GE(m.scheduled_for, kNow + 2 * candor::kDayMs);
  EXPECT_LT(m.scheduled_for, kNow + 2 * candor::kDayMs + candor::kHourMs);
  EXPECT_EQ(m.scheduled_until - m.scheduled_for, candor::kHourMs);
}

TEST(DemoData, ThreeChannelsWithTheirFigures) {
  const auto c = demo();
  const auto& ch = c.snapshot.channels;
  ASSERT_EQ(ch.size(), 3u);
  EXPECT_EQ(ch[0].kind, candor::ChannelKind::chat);
  EXPECT_EQ(ch[0].time_zone, "Europe/Oslo");
  EXPECT_EQ(ch[0].agents, 4);
  EXPECT_EQ(ch[0].calls_per_hour, 30);
  EXPECT_EQ(ch[0].handle_seconds, 360);
  EXPECT_EQ(ch[0].queue_length, 3);
  EXPECT_EQ(ch[1].kind, candor::ChannelKind::phone);
  EXPECT_EQ(ch[1].time_zone, "America/New_York");
  EXPECT_EQ(ch[1].agents, 2);
  EXPECT_EQ(ch[1].calls_per_hour, 12);
  EXPECT_EQ(ch[1].handle_seconds, 420);
  EXPECT_EQ(ch[2].kind, candor::ChannelKind::email);
  EXPECT_EQ(ch[2].first_response_p50_s, 3 * 3600);
  EXPECT_EQ(ch[2].first_response_p90_s, 9 * 3600);

  // Friday 2026-03-20 12:00 UTC = 13:00 in Oslo: chat is open until 18:00 CET (17:00 UTC);
  // New York is at 08:00 EDT, so phone opens at 09:00 EDT (13:00 UTC); email is always open.
  const auto chat = candor::open_state(ch[0].open_intervals, kNow);
  EXPECT_TRUE(chat.open);
  EXPECT_EQ(chat.closes_at, utc(2026, 3, 20, 17));
  const auto phone = candor::open_state(ch[1].open_intervals, kNow);
  EXPECT_FALSE(phone.open);
  EXPECT_EQ(phone.opens_at, utc(2026, 3, 20, 13));
  EXPECT_TRUE(candor::open_state(ch[2].open_intervals, kNow + 5 * candor::kDayMs).open);

  // The chat's holidays include Easter 2026 (Good Friday 3 April).
  const auto& hol = c.channel_hours[0].holidays;
  EXPECT_TRUE(std::any_of(hol.begin(), hol.end(), [](const auto& h) { return h.date == "2026-04-03"; }));
}

TEST(DemoData, NorwegianHolidays2026) {
  // Easter Sunday 2026 is 5 April; Ascension = Easter + 39 days, Whit Monday = Easter + 50.
  const auto h = candor::server::norwegian_public_holidays(2026);
  std::set<std::string> dates;
  for (const auto& x : h) dates.insert(x.date);
  EXPECT_EQ(h.size(), 12u);
  for (const char* d : {"2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01",
                        "2026-05-14", "2026-05-17", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26"}) {
    EXPECT_EQ(dates.count(d), 1u) << d;
  }
  // 2008: Ascension fell on 1 May, one entry for both.
  const auto h2008 = candor::server::norwegian_public_holidays(2008);
  EXPECT_EQ(h2008.size(), 11u);
}

TEST(DemoData, HistoryIsLargeVariedAndConsistent) {
  const auto s = demo().snapshot;
  ASSERT_GE(s.history.size(), 600u);
  std::set<std::string> categories;
  std::set<candor::Impact> impacts;
  std::set<std::string> ids;
  std::size_t with_obstacle = 0;
  for (const auto& p : s.history) {
    categories.insert(p.category);
    impacts.insert(p.impact);
    ids.insert(p.id);
    ASSERT_TRUE(p.resolved_at.has_value());
    EXPECT_GE(p.started_at, kNow - 731 * candor::kDayMs);
    EXPECT_LT(*p.resolved_at, kNow);
    ASSERT_EQ(p.stages.size(), 3u);
    EXPECT_EQ(p.stages[0].stage, IncidentStatus::investigating);
    EXPECT_EQ(p.stages[1].stage, IncidentStatus::identified);
    EXPECT_EQ(p.stages[2].stage, IncidentStatus::monitoring);
    std::int64_t total = 0;
    for (const auto& st : p.stages) total += st.duration_s;
    EXPECT_EQ(*p.resolved_at - p.started_at, total * candor::kSecondMs) << p.id;
    if (!p.obstacles.empty()) {
      ++with_obstacle;
      const auto& kind = p.obstacles[0].kind;
      EXPECT_TRUE(kind == "third_party" || kind == "rollback" || kind == "escalation") << kind;
    }
  }
  EXPECT_EQ(ids.size(), s.history.size());
  EXPECT_GE(categories.size(), 5u);
  EXPECT_EQ(impacts.size(), 4u);
  const double share = static_cast<double>(with_obstacle) / static_cast<double>(s.history.size());
  EXPECT_GT(share, 0.10);
  EXPECT_LT(share, 0.20);
  EXPECT_TRUE(std::is_sorted(s.history.begin(), s.history.end(),
                             [](const auto& a, const auto& b) { return a.started_at < b.started_at; }));
}

TEST(DemoData, DurationsAreHeavyTailed) {
  const auto s = demo().snapshot;
  for (std::size_t stage = 0; stage < 3; ++stage) {
    std::vector<double> d;
    for (const auto& p : s.history) d.push_back(static_cast<double>(p.stages[stage].duration_s));
    const double mean = std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(d.size());
    const double med = median(d);
    EXPECT_GT(mean, 1.15 * med) << "stage " << stage;
    EXPECT_GT(*std::max_element(d.begin(), d.end()), 5 * med) << "stage " << stage;
  }
}

}  // namespace

// Posted incidents (demo_data.cpp): every major or critical history row of the last 90 days,
// on the component its category names; the last 30 days in the snapshot, older ones archived
// and handed to the uptime bars.
TEST(DemoData, PostedIncidentsFeedTheUptimeBars) {
  const auto content = demo();
  const auto& s = content.snapshot;
  std::size_t expected = 0;
  for (const auto& p : s.history)
    if (p.resolved_at && *p.resolved_at >= kNow - 90 * candor::kDayMs &&
        (p.impact == candor::Impact::major || p.impact == candor::Impact::critical))
      ++expected;
  ASSERT_GT(expected, 5u);  // enough to show on the bars
  const std::size_t recent = s.incidents.size() - 1;
  EXPECT_EQ(recent + content.archived_incidents.size(), expected);
  ASSERT_EQ(s.uptime_history.size(), content.archived_incidents.size());
  for (std::size_t i = 0; i < s.uptime_history.size(); ++i) {
    const auto& a = content.archived_incidents[i];
    EXPECT_EQ(s.uptime_history[i].id, a.id);
    EXPECT_LT(*a.resolved_at, kNow - candor::server::kRecentWindowMs);
    if (i > 0) {
      EXPECT_LE(s.uptime_history[i - 1].started_at, s.uptime_history[i].started_at);  // oldest first
    }
  }
  for (std::size_t i = 1; i < s.incidents.size(); ++i) {
    const auto& x = s.incidents[i];
    EXPECT_GE(*x.resolved_at, kNow - candor::server::kRecentWindowMs);
    ASSERT_EQ(x.component_ids.size(), 1u);
    // The component is the one the category names, and the incident is the history's row.
    for (const auto& c : s.components)
      if (c.id == x.component_ids[0]) {
        EXPECT_EQ(c.name, x.category);
      }
    const auto row = std::find_if(s.history.begin(), s.history.end(), [&](const auto& p) { return p.id == x.id; });
    ASSERT_NE(row, s.history.end());
    EXPECT_EQ(row->started_at, x.started_at);
    EXPECT_EQ(row->resolved_at, x.resolved_at);
  }
}

// The past incidents the snapshot shows carry the very promise their track-record row
// counts: made when the incident was identified, judged at its resolution.
TEST(DemoData, PostedIncidentsCarryThePromiseTheTrackRecordCounts) {
  const auto c = demo();
  int with_promise = 0;
  for (const candor::Incident& x : c.snapshot.incidents) {
    if (x.status != IncidentStatus::resolved) continue;
    ASSERT_EQ(x.updates.size(), 4u) << x.id;  // one per stage it went through
    const IncidentStatus order[] = {IncidentStatus::investigating, IncidentStatus::identified,
                                    IncidentStatus::monitoring, IncidentStatus::resolved};
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(x.updates[i].status, order[i]) << x.id;
      if (i > 0) {
        EXPECT_GE(x.updates[i].created_at, x.updates[i - 1].created_at) << x.id;
      }
    }
    if (!x.promise) continue;
    ++with_promise;
    EXPECT_EQ(x.promise->published_at, x.updates[1].created_at) << x.id;  // at identification
    EXPECT_EQ(x.promise->stage, IncidentStatus::identified);
    EXPECT_LE(x.promise->likely_at, x.promise->latest_at);
    const bool recorded = std::any_of(c.promise_records.begin(), c.promise_records.end(), [&](const auto& r) {
      return r.kind == candor::PromiseKind::resolution && r.made_at == x.promise->published_at &&
             r.due_at == x.promise->latest_at && r.fulfilled_at == x.resolved_at;
    });
    EXPECT_TRUE(recorded) << x.id;
  }
  EXPECT_GE(with_promise, 3);
}

TEST(DemoData, AYearOfResolvedCasesAndOneOpen) {
  using candor::server::make_demo_cases;
  const auto cases = make_demo_cases(42, kNow);
  const auto again = make_demo_cases(42, kNow);
  ASSERT_EQ(cases.size(), again.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(cases[i].c.id, again[i].c.id);
    EXPECT_EQ(cases[i].token, again[i].token);
  }
  EXPECT_GE(cases.size(), 250u);
  EXPECT_LE(cases.size(), 301u);
  std::set<std::string> tokens, categories;
  std::vector<double> billing_hours;
  for (std::size_t i = 0; i + 1 < cases.size(); ++i) {
    const candor::Case& c = cases[i].c;
    ASSERT_TRUE(c.resolved_at.has_value()) << c.id;
    EXPECT_GE(c.opened_at, kNow - 365 * candor::kDayMs);
    EXPECT_LT(*c.resolved_at, kNow);
    ASSERT_EQ(c.updates.size(), 3u);
    EXPECT_EQ(c.updates.back().stage, candor::CaseStage::resolved);
    EXPECT_EQ(c.updates.back().created_at, *c.resolved_at);
    categories.insert(c.category);
    if (c.category == "billing") billing_hours.push_back(static_cast<double>(*c.resolved_at - c.opened_at) / candor::kHourMs);
  }
  EXPECT_EQ(categories, (std::set<std::string>{"accounts", "billing", "data export", "integrations"}));
  // The model says billing takes 18 h at the median; cases not resolved by now are dropped,
  // which shortens it a little.
  EXPECT_NEAR(median(billing_hours), 18.0, 5.0);
  for (const auto& d : cases) {
    EXPECT_EQ(d.token.size(), 32u);
    EXPECT_EQ(d.token.find_first_not_of("0123456789abcdef"), std::string::npos);
    tokens.insert(d.token);
  }
  EXPECT_EQ(tokens.size(), cases.size());
  const candor::Case& open = cases.back().c;
  EXPECT_FALSE(open.resolved_at.has_value());
  EXPECT_EQ(open.customer_name, "Ada Lovelace");
  EXPECT_EQ(open.stage, candor::CaseStage::investigating);
  ASSERT_TRUE(open.next_follow_up_at.has_value());
  EXPECT_GT(*open.next_follow_up_at, kNow);
}

// What the demo is for: a new case's window comes from the company's earlier cases.
TEST(DemoData, TheOpenCaseGetsAWindowFromTheEarlierCases) {
  const auto cases = candor::server::make_demo_cases(42, kNow);
  std::vector<candor::Case> past;
  for (std::size_t i = 0; i + 1 < cases.size(); ++i) past.push_back(cases[i].c);
  candor::Engine engine(candor::case_history(past));
  const auto d = candor::case_promise_step(engine, cases.back().c, std::nullopt, kNow);
  ASSERT_NE(d.reason, candor::PromiseReason::no_history);
  EXPECT_EQ(d.promise.basis_level, "category");
  EXPECT_GE(d.promise.basis_n, 20);
  EXPECT_GT(d.promise.likely_at, kNow);
  EXPECT_GE(d.promise.latest_at, d.promise.likely_at);
}
