// The promise step: first promise, hysteresis under jitter, revision when unlikely to hold,
// stage advance, missed promises never passing silently, and operator estimates.
#include "candor/promise.hpp"

#include <gtest/gtest.h>

#include <random>

#include "candor/case_history.hpp"
#include "past_cases.hpp"

using namespace candor;

namespace {

const TimeMs kNow = parse_iso8601("2026-06-01T12:00:00Z").value();

// 100 past API/minor incidents lasting 1..100 minutes.
std::vector<PastIncident> history() {
  std::vector<PastIncident> h;
  for (int i = 1; i <= 100; ++i) {
    PastIncident p;
    p.id = "h" + std::to_string(i);
    p.category = "API";
    p.impact = Impact::minor;
    p.started_at = kNow - i * kDayMs;
    p.resolved_at = p.started_at + i * kMinuteMs;
    h.push_back(p);
  }
  return h;
}

Incident open_incident(TimeMs started) {
  Incident i;
  i.id = "inc";
  i.category = "API";
  i.impact = Impact::minor;
  i.status = IncidentStatus::investigating;
  i.started_at = i.created_at = i.updated_at = started;
  return i;
}

}  // namespace

TEST(Promise, FirstPromiseIsTheRoundedWindow) {
  const PromiseDecision d = promise_step(history(), open_incident(kNow), std::nullopt, kNow);
  EXPECT_EQ(d.reason, PromiseReason::first);
  EXPECT_TRUE(d.changed);
  // P50 = 50 min → 12:50; P90 = 90 min → 13:30 (15-minute granularity beyond an hour).
  EXPECT_EQ(format_iso8601(d.promise.likely_at), "2026-06-01T12:50:00.000Z");
  EXPECT_EQ(format_iso8601(d.promise.latest_at), "2026-06-01T13:30:00.000Z");
  EXPECT_EQ(d.promise.revision, 0);
  EXPECT_EQ(d.promise.basis_n, 100);
  EXPECT_NEAR(d.probability_kept, 0.9, 1e-9);
}

TEST(Promise, HoldsUnderSmallJitterAndTime) {
  const std::vector<PastIncident> h = history();
  const Incident inc = open_incident(kNow);
  PromiseDecision d = promise_step(h, inc, std::nullopt, kNow);
  std::mt19937_64 rng(5);
  int changes = 0;
  // Ticks every minute for 40 minutes, with a few seconds of clock jitter.
  for (int minute = 1; minute <= 40; ++minute) {
    const TimeMs t = kNow + minute * kMinuteMs + static_cast<TimeMs>(rng() % 5000);
    const PromiseDecision next = promise_step(h, inc, d.promise, t);
    changes += next.changed;
    d = next;
  }
  EXPECT_EQ(changes, 0) << "a promise must not flap while it is still likely to hold";
  EXPECT_EQ(d.promise.revision, 0);
}

TEST(Promise, RevisedWhenUnlikelyToHoldAndNeverEarlierThanNow) {
  const std::vector<PastIncident> h = history();
  const Incident inc = open_incident(kNow);
  PromiseDecision d = promise_step(h, inc, std::nullopt, kNow);  // latest 13:30 (age 90 min)
  // At 80 minutes elapsed, 20 of 100 similar items are still open and 10 of them end by 90:
  // the promise holds with probability 0.5 exactly; at 85 minutes it is 5/15 < 0.5.
  PromiseDecision at85 = promise_step(h, inc, d.promise, kNow + 85 * kMinuteMs);
  EXPECT_EQ(at85.reason, PromiseReason::unlikely_to_hold);
  EXPECT_EQ(at85.promise.revision, 1);
  EXPECT_GT(at85.promise.latest_at, d.promise.latest_at);
  EXPECT_GE(at85.promise.likely_at, kNow + 85 * kMinuteMs);
  EXPECT_FALSE(at85.promise.missed_latest_at.has_value());  // revised before it broke: not missed
}

TEST(Promise, MissedIsSaidAndRemembered) {
  const std::vector<PastIncident> h = history();
  const Incident inc = open_incident(kNow);
  Promise old = promise_step(h, inc, std::nullopt, kNow).promise;
  const TimeMs late = old.latest_at + 7 * kMinuteMs;
  PromiseDecision d = promise_step(h, inc, old, late);
  EXPECT_EQ(d.reason, PromiseReason::missed);
  ASSERT_TRUE(d.promise.missed_latest_at.has_value());
  EXPECT_EQ(*d.promise.missed_latest_at, old.latest_at);
  EXPECT_GT(d.promise.latest_at, late);  // the new window is in the future
  // A later stage change keeps the record that we missed once.
  Incident moved = inc;
  moved.status = IncidentStatus::identified;
  PromiseDecision after = promise_step(h, moved, d.promise, late + kMinuteMs);
  EXPECT_EQ(after.reason, PromiseReason::stage_advanced);
  EXPECT_EQ(after.promise.missed_latest_at, d.promise.missed_latest_at);
  EXPECT_EQ(after.promise.revision, 2);
}

TEST(Promise, OperatorEstimateUsedWhenPlausibleFlaggedWhenOptimistic) {
  const std::vector<PastIncident> h = history();
  Incident inc = open_incident(kNow);
  inc.operator_estimate_s = 5 * 60;  // 5 min; history's P30 is 30 min: optimistic
  PromiseDecision d = promise_step(h, inc, std::nullopt, kNow);
  EXPECT_TRUE(d.operator_estimate_optimistic);
  EXPECT_FALSE(d.operator_estimate_used);
  EXPECT_EQ(format_iso8601(d.promise.latest_at), "2026-06-01T13:30:00.000Z");  // not shortened

  inc.operator_estimate_s = 70 * 60;  // plausible: becomes the likely time
  d = promise_step(h, inc, std::nullopt, kNow);
  EXPECT_TRUE(d.operator_estimate_used);
  EXPECT_EQ(format_iso8601(d.promise.likely_at), "2026-06-01T13:15:00.000Z");
  EXPECT_GE(d.promise.latest_at, d.promise.likely_at);
}

TEST(NextUpdate, DefaultIntervalsByImpact) {
  EXPECT_EQ(next_update_interval(Impact::critical), 30 * kMinuteMs);
  EXPECT_EQ(next_update_interval(Impact::major), kHourMs);
  EXPECT_EQ(next_update_interval(Impact::minor), 4 * kHourMs);
}

// Without censoring Kaplan–Meier is the empirical survival function, S(k h) = 1 − k/25
// (Kaplan & Meier 1958). Two hours in, S(2 h) = 23/25; the remaining P50 is the smallest x
// with (25 − k)/23 ≤ 0.5, k = 14, x = 12 h; the 90% bound k = 23, x = 21 h. Opened 09:00,
// now 11:00: likely 23:00, at the latest 08:00 the next day (both already on the hour, the
// granularity 6 h to 2 days ahead).
TEST(CasePromise, SameMachineryOnPastCases) {
  const TimeMs opened = parse_iso8601("2026-03-02T09:00:00Z").value();
  TimeMs now = opened + 2 * kHourMs;
  const std::vector<PastIncident> history = case_history(candor_test::billing_cases(now));
  Engine engine(history);
  Case c;
  c.id = "case1";
  c.category = "Billing";
  c.stage = CaseStage::investigating;
  c.opened_at = opened;
  c.updated_at = opened + kHourMs;
  c.updates = {{"u1", CaseStage::received, "Received.", opened}, {"u2", CaseStage::investigating, "Looking.", opened + kHourMs}};

  const PromiseDecision first = case_promise_step(engine, c, std::nullopt, now);
  EXPECT_EQ(first.reason, PromiseReason::first);
  EXPECT_EQ(format_iso8601(first.promise.likely_at), "2026-03-02T23:00:00.000Z");
  EXPECT_EQ(format_iso8601(first.promise.latest_at), "2026-03-03T08:00:00.000Z");
  EXPECT_EQ(first.promise.basis_n, 25);
  EXPECT_EQ(first.promise.basis_level, "category");
  EXPECT_EQ(first.promise.revision, 0);

  // Ten minutes later nothing changed: the same promise stands (hysteresis).
  now += 10 * kMinuteMs;
  const PromiseDecision later = case_promise_step(engine, c, first.promise, now);
  EXPECT_EQ(later.reason, PromiseReason::unchanged);
  EXPECT_FALSE(later.changed);
  EXPECT_EQ(later.promise.latest_at, first.promise.latest_at);

  // The case moved on to in progress: a new promise for the new stage.
  c.stage = CaseStage::in_progress;
  c.updates.push_back({"u3", CaseStage::in_progress, "Fixing.", now});
  c.updated_at = now;
  const PromiseDecision advanced = case_promise_step(engine, c, first.promise, now + kMinuteMs);
  EXPECT_EQ(advanced.reason, PromiseReason::stage_advanced);
  EXPECT_EQ(advanced.promise.revision, 1);

  // Past its latest time and still open: missed, said, and remembered in the next one.
  const TimeMs after = advanced.promise.latest_at + kMinuteMs;
  const PromiseDecision missed = case_promise_step(engine, c, advanced.promise, after);
  EXPECT_EQ(missed.reason, PromiseReason::missed);
  ASSERT_TRUE(missed.promise.missed_latest_at.has_value());
  EXPECT_EQ(*missed.promise.missed_latest_at, advanced.promise.latest_at);
  EXPECT_GT(missed.promise.latest_at, after);  // never a promise in the past
}

TEST(Promise, NoHistoryPromisesNothingAndKeepsAnEarlierPromise) {
  // A page's first incident (or a company's first case): no similar item, so no window.
  const PromiseDecision none = promise_step(std::vector<PastIncident>{}, open_incident(kNow), std::nullopt, kNow);
  EXPECT_FALSE(none.changed);
  EXPECT_EQ(none.reason, PromiseReason::no_history);
  EXPECT_STREQ(to_string(none.reason), "no_history");

  // A promise made while there was history (say, before an import replaced it) stands as is.
  const PromiseDecision made = promise_step(history(), open_incident(kNow), std::nullopt, kNow);
  const PromiseDecision kept =
      promise_step(std::vector<PastIncident>{}, open_incident(kNow), made.promise, kNow + 10 * kMinuteMs);
  EXPECT_FALSE(kept.changed);
  EXPECT_EQ(kept.promise.latest_at, made.promise.latest_at);
  EXPECT_EQ(kept.promise.revision, made.promise.revision);
}
