// Open/closed and open-hours arithmetic over UTC intervals.
#include "candor/calendar.hpp"

#include <gtest/gtest.h>

using namespace candor;

namespace {
TimeMs at(const char* iso) { return parse_iso8601(iso).value(); }
const std::vector<Interval> kHours = {{at("2026-03-02T08:00:00Z"), at("2026-03-02T16:00:00Z")},
                                      {at("2026-03-03T08:00:00Z"), at("2026-03-03T16:00:00Z")}};
}  // namespace

TEST(Calendar, OpenState) {
  OpenState s = open_state(kHours, at("2026-03-02T09:00:00Z"));
  EXPECT_TRUE(s.open);
  EXPECT_EQ(*s.closes_at, at("2026-03-02T16:00:00Z"));
  s = open_state(kHours, at("2026-03-02T16:00:00Z"));  // end is exclusive
  EXPECT_FALSE(s.open);
  EXPECT_EQ(*s.opens_at, at("2026-03-03T08:00:00Z"));
  s = open_state(kHours, at("2026-03-04T00:00:00Z"));
  EXPECT_FALSE(s.open);
  EXPECT_FALSE(s.opens_at.has_value());  // beyond the known hours: unknown, not invented
}

TEST(Calendar, AddsOpenTimeAcrossClosures) {
  // 3 h of open time from 14:00 on day 1: 2 h that day, 1 h from 08:00 on day 2.
  EXPECT_EQ(*add_open_time(kHours, at("2026-03-02T14:00:00Z"), 3 * kHourMs), at("2026-03-03T09:00:00Z"));
  EXPECT_EQ(*add_open_time(kHours, at("2026-03-02T06:00:00Z"), kHourMs), at("2026-03-02T09:00:00Z"));
  EXPECT_FALSE(add_open_time(kHours, at("2026-03-02T14:00:00Z"), 20 * kHourMs).has_value());
}
