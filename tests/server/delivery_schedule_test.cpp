// delivery_schedule.cpp: the retry schedule of the subscriptions design (10 s, 1 min, 5 min,
// 30 min, 2 h, 5 h, then 8 h, ±20 % jitter, for one day) and the per-domain token bucket,
// with time passed in.
#include "delivery_schedule.hpp"

#include <gtest/gtest.h>

namespace {

using namespace candor;
using namespace candor::server;

TEST(RetrySchedule, StepsWithoutJitterAreTheDesignedOnes) {
  // jitter 0.5 scales by exactly 1.0.
  EXPECT_EQ(retry_delay_ms(1, 0.5), 10 * kSecondMs);
  EXPECT_EQ(retry_delay_ms(2, 0.5), kMinuteMs);
  EXPECT_EQ(retry_delay_ms(3, 0.5), 5 * kMinuteMs);
  EXPECT_EQ(retry_delay_ms(4, 0.5), 30 * kMinuteMs);
  EXPECT_EQ(retry_delay_ms(5, 0.5), 2 * kHourMs);
  EXPECT_EQ(retry_delay_ms(6, 0.5), 5 * kHourMs);
  EXPECT_EQ(retry_delay_ms(7, 0.5), 8 * kHourMs);
  EXPECT_EQ(retry_delay_ms(40, 0.5), 8 * kHourMs);  // the last step repeats
  EXPECT_EQ(retry_delay_ms(0, 0.5), 10 * kSecondMs);  // defensive: no attempt counted yet
}

TEST(RetrySchedule, JitterSpreadsWithinTwentyPercent) {
  EXPECT_EQ(retry_delay_ms(2, 0.0), 48 * kSecondMs);
  EXPECT_EQ(retry_delay_ms(2, 1.0), 72 * kSecondMs);
  EXPECT_LT(retry_delay_ms(2, 0.1), retry_delay_ms(2, 0.9));
  EXPECT_EQ(retry_delay_ms(2, -3.0), 48 * kSecondMs);  // out-of-range jitter is clamped
}

TEST(RetrySchedule, GivesUpOneDayAfterQueueing) {
  const TimeMs created = 1'700'000'000'000;
  // Failing every time with no jitter: count the attempts made within the day.
  TimeMs now = created;
  int attempts = 0;
  for (;;) {
    ++attempts;  // an attempt at `now` failed
    auto next = next_attempt_at(attempts, created, now, 0.5);
    if (!next) break;
    ASSERT_GT(*next, now);
    ASSERT_LE(*next, created + kDayMs);
    now = *next;
  }
  // Retries at 10 s, +1 min, +5 min, +30 min, +2 h, +5 h, +8 h (15 h 36 min 10 s after the
  // first), +8 h (23 h 36 min 10 s), then the next 8 h step is cut to the horizon: 10
  // attempts, the last exactly one day after queueing.
  EXPECT_EQ(attempts, 10);
  EXPECT_EQ(now, created + kDayMs);
  EXPECT_FALSE(next_attempt_at(1, created, created + kDayMs + 1, 0.5));
}

TEST(DomainRateLimit, BurstThenRefill) {
  DomainRateLimit limit(120);  // two a second on average
  const TimeMs t0 = 5'000'000;
  for (int i = 0; i < 120; ++i) ASSERT_EQ(limit.take("example.com", t0), 0) << i;
  // The 121st waits for one token: 60000 ms / 120 = 500 ms.
  EXPECT_EQ(limit.take("example.com", t0), 500);
  EXPECT_EQ(limit.take("example.com", t0 + 499), 1);
  EXPECT_EQ(limit.take("example.com", t0 + 500), 0);
  // Another domain has its own bucket.
  EXPECT_EQ(limit.take("other.example", t0), 0);
  // A minute later the bucket is full again, not fuller.
  for (int i = 0; i < 120; ++i) ASSERT_EQ(limit.take("example.com", t0 + kMinuteMs + 500), 0) << i;
  EXPECT_GT(limit.take("example.com", t0 + kMinuteMs + 500), 0);
}

TEST(DomainRateLimit, ABacklogIsDeferredToSuccessiveSlots) {
  DomainRateLimit limit(120);  // a token every 500 ms
  const TimeMs t0 = 5'000'000;
  for (int i = 0; i < 120; ++i) ASSERT_EQ(limit.take("big.example", t0), 0);
  // Three more refused at once: tried again when a token is due, then 500 ms apart.
  for (int i = 0; i < 3; ++i) {
    const TimeMs wait = limit.take("big.example", t0);
    ASSERT_EQ(wait, 500);
    EXPECT_EQ(limit.defer_until("big.example", t0, wait), t0 + 500 + i * 500) << i;
  }
  // Another domain's backlog has its own slots.
  EXPECT_EQ(limit.defer_until("other.example", t0, 500), t0 + 500);
  // Once the slots are in the past, the next deferral starts from the wait again.
  EXPECT_EQ(limit.defer_until("big.example", t0 + kMinuteMs, 500), t0 + kMinuteMs + 500);
}

TEST(DomainRateLimit, ZeroMeansNoLimitAndIdleBucketsAreForgotten) {
  DomainRateLimit none(0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(none.take("a.example", 0), 0);
  DomainRateLimit limit(60);
  for (int i = 0; i < 5000; ++i) limit.take("d" + std::to_string(i) + ".example", 0);
  EXPECT_EQ(limit.tracked_domains(), 5000u);
  // A minute later every bucket has refilled; the next take sweeps them.
  limit.take("fresh.example", kMinuteMs);
  EXPECT_EQ(limit.tracked_domains(), 1u);
}

}  // namespace
