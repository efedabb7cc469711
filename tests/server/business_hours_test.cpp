// business_hours.cpp: weekly hours in an IANA zone → UTC intervals, across DST and holidays.
// Reference instants: the EU changes clocks on the last Sunday of March (2026-03-29, 01:00 UTC)
// and of October (2026-10-25, 01:00 UTC): Oslo is UTC+1 in winter, UTC+2 in summer. The US
// changes on the second Sunday of March (2026-03-08): New York is UTC-5, then UTC-4.
#include "business_hours.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "test_time.hpp"

namespace {

using candor::Interval;
using candor::TimeMs;
using candor::server::BusinessHours;
using candor::server::Holiday;
using candor::server::resolve_open_intervals;
using candor::server::WeeklyHours;
using candor_test::utc;

BusinessHours weekdays(int open_minute, int close_minute, std::vector<Holiday> holidays = {}) {
  BusinessHours h;
  for (int d = 1; d <= 5; ++d) h.weekly.push_back(WeeklyHours{d, open_minute, close_minute});
  h.holidays = std::move(holidays);
  return h;
}

bool has_interval(const std::vector<Interval>& v, TimeMs start, TimeMs end) {
  return std::any_of(v.begin(), v.end(), [&](const Interval& i) { return i.start == start && i.end == end; });
}

bool opens_on_utc_day(const std::vector<Interval>& v, TimeMs day_start) {
  return std::any_of(v.begin(), v.end(),
                     [&](const Interval& i) { return i.start >= day_start && i.start < day_start + candor::kDayMs; });
}

TEST(BusinessHours, OsloSpringForwardMovesTheUtcOpening) {
  auto r = resolve_open_intervals("Europe/Oslo", weekdays(8 * 60, 18 * 60), utc(2026, 3, 26), utc(2026, 4, 1));
  ASSERT_TRUE(r.ok()) << r.error().detail;
  // Friday before the change: 08:00 CET = 07:00 UTC, 18:00 CET = 17:00 UTC.
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 3, 27, 7), utc(2026, 3, 27, 17)));
  // Monday after: 08:00 CEST = 06:00 UTC, 18:00 CEST = 16:00 UTC.
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 3, 30, 6), utc(2026, 3, 30, 16)));
  // The weekend is closed.
  EXPECT_FALSE(opens_on_utc_day(r.value(), utc(2026, 3, 28)));
  EXPECT_FALSE(opens_on_utc_day(r.value(), utc(2026, 3, 29)));
}

TEST(BusinessHours, OsloFallBackMovesItBack) {
  auto r = resolve_open_intervals("Europe/Oslo", weekdays(8 * 60, 18 * 60), utc(2026, 10, 22), utc(2026, 10, 28));
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 10, 23, 6), utc(2026, 10, 23, 16)));
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 10, 26, 7), utc(2026, 10, 26, 17)));
}

TEST(BusinessHours, NewYorkFollowsTheUsRules) {
  auto r = resolve_open_intervals("America/New_York", weekdays(9 * 60, 17 * 60), utc(2026, 3, 5), utc(2026, 3, 11));
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 3, 6, 14), utc(2026, 3, 6, 22)));  // EST
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 3, 9, 13), utc(2026, 3, 9, 21)));  // EDT
}

TEST(BusinessHours, HolidayClosesTheWholeDay) {
  // Good Friday 2026 (Easter Sunday is 5 April).
  auto r = resolve_open_intervals("Europe/Oslo", weekdays(8 * 60, 18 * 60, {{"2026-04-03", "Good Friday"}}),
                                  utc(2026, 4, 1), utc(2026, 4, 8));
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 4, 2, 6), utc(2026, 4, 2, 16)));
  EXPECT_FALSE(opens_on_utc_day(r.value(), utc(2026, 4, 3)));
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 4, 6, 6), utc(2026, 4, 6, 16)));
}

TEST(BusinessHours, AroundTheClockMergesIntoOneInterval) {
  BusinessHours h;
  for (int d = 1; d <= 7; ++d) h.weekly.push_back(WeeklyHours{d, 0, 24 * 60});
  auto r = resolve_open_intervals("Etc/UTC", h, utc(2026, 3, 1, 12), utc(2026, 3, 15, 12));
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_LE(r.value()[0].start, utc(2026, 3, 1, 12));
  EXPECT_GE(r.value()[0].end, utc(2026, 3, 15, 12));
}

TEST(BusinessHours, AnIntervalOpenAtFromKeepsItsTrueStart) {
  auto r = resolve_open_intervals("Etc/UTC", weekdays(8 * 60, 18 * 60), utc(2026, 3, 2, 12), utc(2026, 3, 3));
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r.value().empty());
  EXPECT_EQ(r.value()[0].start, utc(2026, 3, 2, 8));
  EXPECT_EQ(r.value()[0].end, utc(2026, 3, 2, 18));
}

TEST(BusinessHours, IntervalsAreSortedAndDisjoint) {
  BusinessHours h = weekdays(8 * 60, 12 * 60);
  for (int d = 1; d <= 5; ++d) h.weekly.push_back(WeeklyHours{d, 11 * 60, 16 * 60});  // overlaps the morning
  auto r = resolve_open_intervals("Europe/Oslo", h, utc(2026, 3, 1), utc(2026, 3, 15));
  ASSERT_TRUE(r.ok());
  for (std::size_t i = 0; i < r.value().size(); ++i) {
    EXPECT_LT(r.value()[i].start, r.value()[i].end);
    if (i > 0) {
      EXPECT_LT(r.value()[i - 1].end, r.value()[i].start);
    }
  }
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 3, 2, 7), utc(2026, 3, 2, 15)));  // 08–16 CET merged
}

TEST(BusinessHours, NonexistentLocalTimeOpensWhenTheClocksJump) {
  // Sunday 2026-03-29 in Oslo: 02:00–03:00 local does not exist. A 02:30–03:30 shift opens
  // at the jump (01:00 UTC) and closes at 03:30 CEST = 01:30 UTC.
  BusinessHours h;
  h.weekly.push_back(WeeklyHours{7, 150, 210});
  auto r = resolve_open_intervals("Europe/Oslo", h, utc(2026, 3, 28), utc(2026, 3, 30));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].start, utc(2026, 3, 29, 1));
  EXPECT_EQ(r.value()[0].end, utc(2026, 3, 29, 1, 30));
}

TEST(BusinessHours, OvernightShiftBelongsToTheDayItStarts) {
  BusinessHours h;
  h.weekly.push_back(WeeklyHours{5, 22 * 60, 30 * 60});  // Friday 22:00 → Saturday 06:00
  auto r = resolve_open_intervals("Etc/UTC", h, utc(2026, 3, 1), utc(2026, 3, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_interval(r.value(), utc(2026, 3, 6, 22), utc(2026, 3, 7, 6)));
}

TEST(BusinessHours, UnknownZoneIsAnErrorValue) {
  auto r = resolve_open_intervals("Mars/Olympus_Mons", weekdays(0, 60), 0, candor::kDayMs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, candor::errc::invalid_value);
  EXPECT_EQ(r.error().path, "/time_zone");
}

TEST(BusinessHours, BadRowsAreErrorValues) {
  BusinessHours h;
  h.weekly.push_back(WeeklyHours{8, 0, 60});
  auto r = resolve_open_intervals("Etc/UTC", h, 0, candor::kDayMs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/weekly/0/iso_weekday");

  h.weekly = {WeeklyHours{1, 600, 600}};
  r = resolve_open_intervals("Etc/UTC", h, 0, candor::kDayMs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/weekly/0/close_minute");

  h.weekly = {WeeklyHours{1, 0, 60}};
  h.holidays = {{"2026-02-30", "not a day"}};
  r = resolve_open_intervals("Etc/UTC", h, 0, candor::kDayMs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/holidays/0/date");
}

}  // namespace

namespace {

using candor::server::parse_holiday;
using candor::server::parse_weekly_hours;

// [iso_weekday, open_minute, close_minute] per entry.
std::vector<std::array<int, 3>> rows(const std::vector<WeeklyHours>& w) {
  std::vector<std::array<int, 3>> out;
  for (const WeeklyHours& x : w) out.push_back({x.iso_weekday, x.open_minute, x.close_minute});
  return out;
}

TEST(HoursSyntax, DaysRangesAndListsGiveOneRowPerDay) {
  auto r = parse_weekly_hours("mon-fri 09:00-17:00");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(rows(r.value()), (std::vector<std::array<int, 3>>{
                                 {1, 540, 1020}, {2, 540, 1020}, {3, 540, 1020}, {4, 540, 1020}, {5, 540, 1020}}));
  r = parse_weekly_hours("sun,mon,fri-sat 00:00-24:00");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(rows(r.value()), (std::vector<std::array<int, 3>>{{1, 0, 1440}, {5, 0, 1440}, {6, 0, 1440}, {7, 0, 1440}}));
  // A close at or before the open is the next morning: 22:00 + 8 h = minute 1800.
  r = parse_weekly_hours("fri 22:00-06:00");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(rows(r.value()), (std::vector<std::array<int, 3>>{{5, 1320, 1800}}));
}

TEST(HoursSyntax, AnythingElseIsRefusedWithTheReason) {
  for (const char* bad : {"", "mon-fri", "mon-fri  09:00-17:00", "Mon 09:00-17:00", "fri-mon 09:00-17:00",
                          "mon,mon 09:00-17:00", "mon-fri 9:00-17:00", "mon 09:00-24:30", "mon 24:00-02:00",
                          "mon 09:00-09:00", "mon 09:60-10:00", "mon 09:00", "mon,, 09:00-10:00",
                          "mon 09:00-17:00 extra"}) {
    auto r = parse_weekly_hours(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().detail.find(std::string("\"") + bad + "\""), std::string::npos) << r.error().detail;
  }
}

TEST(HoursSyntax, HolidaysAreCalendarDatesWithAnOptionalName) {
  auto h = parse_holiday("2026-12-25=Christmas Day");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.value().date, "2026-12-25");
  EXPECT_EQ(h.value().name, "Christmas Day");
  h = parse_holiday("2028-02-29");  // 2028 is a leap year
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h.value().name, "");
  for (const char* bad : {"2026-02-29", "2026-13-01", "26-12-25", "2026-12-25=", "christmas"})
    EXPECT_FALSE(parse_holiday(bad).ok()) << bad;
}

}  // namespace
