// Instants are int64 milliseconds since the Unix epoch, UTC; the core never reads a clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "candor/error.hpp"

namespace candor {

using TimeMs = std::int64_t;

constexpr TimeMs kSecondMs = 1000;
constexpr TimeMs kMinuteMs = 60 * kSecondMs;
constexpr TimeMs kHourMs = 60 * kMinuteMs;
constexpr TimeMs kDayMs = 24 * kHourMs;

// ISO-8601 / RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM].
// Offsets are applied (the result is UTC); no time-zone database is involved.
Result<TimeMs> parse_iso8601(std::string_view text);

// Always UTC with milliseconds, as Statuspage sends it: 2026-01-05T10:02:11.120Z.
std::string format_iso8601(TimeMs t);

// The start of t's UTC day (floor, also before 1970): what the estimator's lookback, the
// uptime bars and the static publish count days from.
TimeMs day_start(TimeMs t);

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", days_from_civil) and its inverse.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d);

}  // namespace candor
