// Track record: kept, broken and pending promises over a 90-day window.
#include "candor/track_record.hpp"

#include <gtest/gtest.h>

using namespace candor;

TEST(TrackRecord, CountsDecidedPromisesInTheWindow) {
  const TimeMs now = 1000 * kDayMs;
  const std::vector<PromiseRecord> r = {
      {PromiseKind::resolution, now - 10 * kDayMs, now - 9 * kDayMs, now - 9 * kDayMs - kHourMs},  // kept early
      {PromiseKind::resolution, now - 10 * kDayMs, now - 9 * kDayMs, now - 9 * kDayMs},            // kept on the dot
      {PromiseKind::resolution, now - 5 * kDayMs, now - 4 * kDayMs, now - 3 * kDayMs},             // kept late = broken
      {PromiseKind::resolution, now - kHourMs, now + kHourMs, std::nullopt},                       // pending
      {PromiseKind::resolution, now - 200 * kDayMs, now - 199 * kDayMs, std::nullopt},             // broken long ago
      {PromiseKind::next_update, now - 2 * kHourMs, now - kHourMs, std::nullopt},                  // overdue: broken
      {PromiseKind::next_update, now - 2 * kHourMs, now - kHourMs, now - 90 * kMinuteMs},         // kept
  };
  const std::vector<TrackRecordKind> t = track_record(r, now);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].kind, "resolution");
  EXPECT_EQ(t[0].kept, 2);
  EXPECT_EQ(t[0].broken, 1);
  EXPECT_EQ(t[1].kind, "next_update");
  EXPECT_EQ(t[1].kept, 1);
  EXPECT_EQ(t[1].broken, 1);
  EXPECT_EQ(t[2].kept + t[2].broken, 0);
}
