// Support channels keep weekly hours and holidays in their own IANA zone; the snapshot
// carries UTC open intervals. This resolves one into the other with the tz database
// (Howard Hinnant's date/tz over /usr/share/zoneinfo), so DST is never hand-rolled.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor::server {

// One opening on one weekday, in local wall-clock minutes after midnight. A shift may run
// past midnight (close_minute up to 2880); it belongs to the day it starts on.
struct WeeklyHours {
  int iso_weekday = 1;  // 1 = Monday … 7 = Sunday (ISO 8601)
  int open_minute = 0;
  int close_minute = 0;  // > open_minute
};

// A local calendar date on which the channel stays closed all day.
struct Holiday {
  std::string date;  // YYYY-MM-DD
  std::string name;
};

struct BusinessHours {
  std::vector<WeeklyHours> weekly;
  std::vector<Holiday> holidays;
};

// The UTC [start, end) intervals during which the channel is open and that overlap
// [from, to): sorted, disjoint, adjacent ones merged, not clipped (an interval already
// open at `from` keeps its true start). Local times that do not exist (spring forward)
// map to the moment the clocks jump; ambiguous ones (fall back) open at the earlier and
// close at the later instant, so the channel is never shown closed while staffed.
// Errors: unknown zone (path "/time_zone"), bad rows ("/weekly/N", "/holidays/N").
Result<std::vector<Interval>> resolve_open_intervals(std::string_view time_zone,
                                                     const BusinessHours& hours, TimeMs from,
                                                     TimeMs to);

// True when `name` is in the tz database.
bool is_known_time_zone(std::string_view name);

// The written form operators use (`candor channel set --hours`, PATCH /api/v1/channels/{id}
// "hours"): "DAYS HH:MM-HH:MM", DAYS one of mon tue wed thu fri sat sun, a range "mon-fri"
// (forward only) or a comma list of those ("mon,wed,fri-sun"). 24:00 closes at midnight;
// a close at or before the open runs past midnight ("22:00-06:00"). One WeeklyHours per day.
// Errors say what was wrong and quote the input; `path` is left empty for the caller.
Result<std::vector<WeeklyHours>> parse_weekly_hours(std::string_view spec);

// "YYYY-MM-DD" or "YYYY-MM-DD=Name" (a real calendar date; the name at most 200 characters).
Result<Holiday> parse_holiday(std::string_view spec);

}  // namespace candor::server
