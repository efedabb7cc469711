// ISO-8601 parsing and formatting against known epoch values.
#include "candor/time.hpp"

#include <gtest/gtest.h>

using namespace candor;

TEST(Time, KnownInstants) {
  // Reference values: `date -u -d 2000-03-01T00:00:00Z +%s` = 951868800 (GNU coreutils).
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z").value(), 0);
  EXPECT_EQ(parse_iso8601("2000-03-01T00:00:00Z").value(), 951868800000LL);
  EXPECT_EQ(parse_iso8601("2024-02-29T23:59:59.999Z").value(), 1709251199999LL);
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59Z").value(), -1000);
}

TEST(Time, OffsetsAreApplied) {
  EXPECT_EQ(parse_iso8601("2019-06-24T06:07:14.473-07:00").value(), parse_iso8601("2019-06-24T13:07:14.473Z").value());
  EXPECT_EQ(parse_iso8601("2026-01-05T12:00:00+02:00").value(), parse_iso8601("2026-01-05T10:00:00Z").value());
}

TEST(Time, FormatsWithMilliseconds) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1709251199999LL), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Time, RoundTripsEveryDayForFourHundredYears) {
  for (std::int64_t day = -146097; day < 146097; day += 1) {
    std::int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    ASSERT_EQ(days_from_civil(y, m, d), day);
  }
  for (TimeMs t : {0LL, 1LL, 951868800123LL, 4102444800000LL}) EXPECT_EQ(parse_iso8601(format_iso8601(t)).value(), t);
}

TEST(Time, RejectsWhatIsNotADateTime) {
  for (const char* bad : {"", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:00:00", "2026-01-01 00:00Z", "2026-01-01T00:00:00Zjunk",
                          "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+2:00", "yesterday"}) {
    Result<TimeMs> r = parse_iso8601(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, errc::invalid_value) << bad;
    EXPECT_NE(r.error().detail.find("ISO-8601"), std::string::npos) << r.error().detail;
  }
}

TEST(Time, DayStartIsTheFloorOfTheUtcDay) {
  EXPECT_EQ(day_start(0), 0);
  EXPECT_EQ(day_start(kDayMs - 1), 0);
  EXPECT_EQ(day_start(kDayMs), kDayMs);
  EXPECT_EQ(day_start(-1), -kDayMs);  // 1969-12-31, not 1970-01-01
  EXPECT_EQ(day_start(-kDayMs), -kDayMs);
  EXPECT_EQ(format_iso8601(day_start(parse_iso8601("2026-03-04T23:59:59.999Z").value())), "2026-03-04T00:00:00.000Z");
}
