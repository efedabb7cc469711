// An asynchronous channel's first-response wait from its own history: Kaplan–Meier with
// unanswered messages censored, then counted in open hours. Reference values by hand.
#include "candor/first_response.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "candor/codec.hpp"
#include "candor/view_model.hpp"

using namespace candor;

namespace {

// Answered after 600, 1800, 2400, 3600 and 7200 open seconds; two still unanswered after
// 1200 and 3000. Kaplan & Meier (1958), the product over event times of (1 − d/n):
//   t=600:  n=7, d=1 → S = 6/7
//   t=1200: censored (n drops to 5)
//   t=1800: n=5, d=1 → S = 6/7 · 4/5 = 24/35 ≈ 0.686
//   t=2400: n=4, d=1 → S = 24/35 · 3/4 = 18/35 ≈ 0.514
//   t=3000: censored (n drops to 2)
//   t=3600: n=2, d=1 → S = 18/35 · 1/2 = 9/35 ≈ 0.257
//   t=7200: n=1, d=1 → S = 0
// P50 = smallest t with S(t) ≤ 0.5 = 3600; P90 (S ≤ 0.1) = 7200. The median of the answered
// ones alone would be 2400: dropping the unanswered understates the wait.
Channel email_with_history() {
  Channel c;
  c.id = "email";
  c.kind = ChannelKind::email;
  c.first_response_p50_s = 60;  // stale fixed figures: the history takes precedence
  c.first_response_p90_s = 120;
  const TimeMs t0 = parse_iso8601("2026-03-02T09:00:00Z").value();
  const std::pair<std::int64_t, bool> rows[] = {{600, true},  {1200, false}, {1800, true}, {2400, true},
                                                {3000, false}, {3600, true},  {7200, true}};
  for (const auto& [open_s, answered] : rows) c.first_responses.push_back({t0, open_s, answered});
  return c;
}

}  // namespace

TEST(FirstResponse, KaplanMeierQuantilesCountUnansweredAsCensored) {
  const FirstResponseTimes t = first_response_times(email_with_history());
  EXPECT_TRUE(t.from_history);
  EXPECT_EQ(t.n, 7);
  EXPECT_EQ(t.p50_open_s, 3600);
  EXPECT_EQ(t.p90_open_s, 7200);
}

TEST(FirstResponse, TooManyUnansweredLeavesP90Unknown) {
  Channel c = email_with_history();
  c.first_responses.back().answered = false;  // 7200 censored: S never falls below 9/35
  const FirstResponseTimes t = first_response_times(c);
  EXPECT_EQ(t.p50_open_s, 3600);
  EXPECT_FALSE(t.p90_open_s.has_value());
}

TEST(FirstResponse, WithoutAnsweredHistoryTheFixedFiguresStand) {
  Channel c = email_with_history();
  for (auto& f : c.first_responses) f.answered = false;
  FirstResponseTimes t = first_response_times(c);
  EXPECT_FALSE(t.from_history);
  EXPECT_EQ(t.p50_open_s, 60);
  EXPECT_EQ(t.p90_open_s, 120);
  c.first_responses.clear();
  t = first_response_times(c);
  EXPECT_EQ(t.p90_open_s, 120);
}

// The view counts the quantiles in open hours. Open 09:00–17:00 UTC on 2 and 3 March; now
// 16:30 on the 2nd. P50 = 1 h of open time: 30 min today, then 30 min from 09:00 the next
// day → 09:30 on the 3rd, 17 h of wall time. P90 = 2 h → 10:30, 18 h.
TEST(FirstResponse, ViewCountsOpenHoursOnly) {
  Snapshot s;
  Channel c = email_with_history();
  c.name = "Email";
  const TimeMs day = parse_iso8601("2026-03-02T00:00:00Z").value();
  c.open_intervals = {{day + 9 * kHourMs, day + 17 * kHourMs}, {day + kDayMs + 9 * kHourMs, day + kDayMs + 17 * kHourMs}};
  s.channels.push_back(c);
  const TimeMs now = day + 16 * kHourMs + 30 * kMinuteMs;
  const nlohmann::json v = nlohmann::json::parse(view_model_json(s, now));
  const nlohmann::json& wait = v["channels"][0]["wait"];
  EXPECT_EQ(wait["typical_s"], 17 * 3600);
  EXPECT_EQ(wait["worst_s"], 18 * 3600);
  EXPECT_TRUE(wait["stable"].get<bool>());
}

TEST(FirstResponse, CodecRoundTripAndNlohmannOracle) {
  Snapshot s;
  s.channels.push_back(email_with_history());
  const std::string encoded = encode_snapshot(s);
  const nlohmann::json doc = nlohmann::json::parse(encoded);
  const nlohmann::json& rows = doc["channels"][0]["first_responses"];
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[1], (nlohmann::json{{"received_at", "2026-03-02T09:00:00.000Z"}, {"open_s", 1200}, {"answered", false}}));
  const Result<Snapshot> back = decode_snapshot(encoded);
  ASSERT_TRUE(back.ok()) << error_to_text(back.error());
  ASSERT_EQ(back.value().channels[0].first_responses.size(), 7u);
  EXPECT_EQ(back.value().channels[0].first_responses[4].open_s, 3000);
  EXPECT_FALSE(back.value().channels[0].first_responses[4].answered);
  EXPECT_EQ(encode_snapshot(back.value()), encoded);

  // A negative duration names its field.
  nlohmann::json bad = doc;
  bad["channels"][0]["first_responses"][2]["open_s"] = -5;
  const Result<Snapshot> rejected = decode_snapshot(bad.dump());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, errc::invalid_value);
  EXPECT_EQ(rejected.error().path, "/channels/0/first_responses/2/open_s");
  // Older snapshots without the list still read.
  nlohmann::json old = doc;
  old["channels"][0].erase("first_responses");
  EXPECT_TRUE(decode_snapshot(old.dump()).ok());
}
