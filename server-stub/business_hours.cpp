// Weekly hours + holidays in a zone → UTC open intervals, via date/tz (business_hours.hpp).
#include "business_hours.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <set>

namespace candor::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

// date/tz reports an unknown zone by throwing; keep that inside this file.
const date::time_zone* find_zone(std::string_view name) noexcept {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool parse_date(std::string_view s, date::sys_days& out) {
  // Exactly YYYY-MM-DD.
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = starts[f]; i < starts[f] + lens[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      fields[f] = fields[f] * 10 + (s[i] - '0');
    }
  }
  const date::year_month_day ymd{date::year{fields[0]}, date::month{static_cast<unsigned>(fields[1])},
                                 date::day{static_cast<unsigned>(fields[2])}};
  if (!ymd.ok()) return false;
  out = date::sys_days{ymd};
  return true;
}

Error bad(std::string path, std::string detail) {
  return Error{errc::invalid_value, std::move(path), std::move(detail)};
}

Result<std::vector<Interval>> resolve(const date::time_zone& zone, const BusinessHours& hours,
                                      TimeMs from, TimeMs to) {
  for (std::size_t i = 0; i < hours.weekly.size(); ++i) {
    const WeeklyHours& w = hours.weekly[i];
    const std::string path = "/weekly/" + std::to_string(i);
    if (w.iso_weekday < 1 || w.iso_weekday > 7) return bad(path + "/iso_weekday", "must be 1 (Monday) to 7 (Sunday)");
    if (w.open_minute < 0 || w.open_minute >= 1440) return bad(path + "/open_minute", "must be 0 to 1439");
    if (w.close_minute <= w.open_minute || w.close_minute > 2880)
      return bad(path + "/close_minute", "must be after open_minute and at most 2880 (24:00 next day)");
  }
  std::set<date::sys_days::rep> closed_days;  // local dates, as day counts
  for (std::size_t i = 0; i < hours.holidays.size(); ++i) {
    date::sys_days d;
    if (!parse_date(hours.holidays[i].date, d))
      return bad("/holidays/" + std::to_string(i) + "/date", "expected a calendar date YYYY-MM-DD");
    closed_days.insert(d.time_since_epoch().count());
  }

  // Local days that can contribute: a shift starting the day before `from` may still be
  // open (overnight), so start one day early; stop one day after `to` in local time.
  const auto local_from = zone.to_local(date::sys_time<milliseconds>{milliseconds{from}});
  const auto local_to = zone.to_local(date::sys_time<milliseconds>{milliseconds{to}});
  const auto first_day = date::floor<date::days>(local_from) - date::days{2};
  const auto last_day = date::floor<date::days>(local_to) + date::days{1};

  std::vector<Interval> out;
  for (auto day = first_day; day <= last_day; day += date::days{1}) {
    if (closed_days.count(day.time_since_epoch().count()) != 0) continue;
    const unsigned iso = date::weekday{day}.iso_encoding();
    for (const WeeklyHours& w : hours.weekly) {
      if (static_cast<unsigned>(w.iso_weekday) != iso) continue;
      const auto open = zone.to_sys(day + minutes{w.open_minute}, date::choose::earliest);
      const auto close = zone.to_sys(day + minutes{w.close_minute}, date::choose::latest);
      const TimeMs start = std::chrono::duration_cast<milliseconds>(open.time_since_epoch()).count();
      const TimeMs end = std::chrono::duration_cast<milliseconds>(close.time_since_epoch()).count();
      if (end <= start || end <= from || start >= to) continue;
      out.push_back({start, end});
    }
  }
  std::sort(out.begin(), out.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> merged;
  for (const Interval& iv : out) {
    if (!merged.empty() && iv.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, iv.end);
    } else {
      merged.push_back(iv);
    }
  }
  return merged;
}

// "HH:MM" from 00:00 to 24:00 as minutes after midnight; -1 if malformed.
int parse_clock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (std::size_t i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return -1;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
  return h * 60 + m;
}

// "mon" … "sun" → 1 … 7 (ISO 8601); 0 if unknown.
int parse_day(std::string_view s) {
  static constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int i = 0; i < 7; ++i)
    if (s == kDays[i]) return i + 1;
  return 0;
}

}  // namespace

Result<std::vector<WeeklyHours>> parse_weekly_hours(std::string_view spec) {
  const std::string quoted = "\"" + std::string(spec) + "\"";
  const auto fail = [&](std::string why) {
    return Error{errc::invalid_value, "", quoted + ": " + std::move(why) +
                                              " (expected DAYS HH:MM-HH:MM, e.g. \"mon-fri 09:00-17:00\")"};
  };
  const auto space = spec.find(' ');
  if (space == std::string_view::npos || spec.find(' ', space + 1) != std::string_view::npos)
    return fail("one space separates the days from the hours");
  const std::string_view days = spec.substr(0, space), times = spec.substr(space + 1);
  const auto dash = times.find('-');
  if (dash == std::string_view::npos) return fail("the hours are two times joined by '-'");
  const int open = parse_clock(times.substr(0, dash)), close = parse_clock(times.substr(dash + 1));
  if (open < 0 || close < 0) return fail("times are HH:MM from 00:00 to 24:00");
  if (open == 1440) return fail("a shift cannot open at 24:00; use 00:00");
  if (open == close) return fail("a shift of no length; use 00:00-24:00 for a whole day");
  // A close at or before the open is on the next day.
  const int close_minute = close > open ? close : close + 1440;

  std::vector<int> picked;
  std::size_t at = 0;
  while (at <= days.size()) {
    const auto comma = days.find(',', at);
    const std::string_view item = days.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    const auto range = item.find('-');
    const int first = parse_day(item.substr(0, range));
    const int last = range == std::string_view::npos ? first : parse_day(item.substr(range + 1));
    if (first == 0 || last == 0) return fail("days are mon, tue, wed, thu, fri, sat, sun, ranges such as mon-fri, or lists such as mon,wed");
    if (last < first) return fail("a day range runs forward within the week (mon-sun); split it as fri-sun,mon");
    for (int d = first; d <= last; ++d) {
      if (std::find(picked.begin(), picked.end(), d) != picked.end()) return fail("a day is listed twice");
      picked.push_back(d);
    }
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  std::sort(picked.begin(), picked.end());
  std::vector<WeeklyHours> out;
  for (int d : picked) out.push_back(WeeklyHours{d, open, close_minute});
  return out;
}

Result<Holiday> parse_holiday(std::string_view spec) {
  const auto eq = spec.find('=');
  Holiday h;
  h.date = std::string(spec.substr(0, eq));
  if (eq != std::string_view::npos) h.name = std::string(spec.substr(eq + 1));
  date::sys_days d;
  if (!parse_date(h.date, d))
    return Error{errc::invalid_value, "", "\"" + std::string(spec) +
                                              "\": expected a calendar date YYYY-MM-DD, optionally =Name"};
  if ((eq != std::string_view::npos && h.name.empty()) || h.name.size() > 200)
    return Error{errc::invalid_value, "", "\"" + std::string(spec) + "\": the name after '=' is 1 to 200 characters"};
  return h;
}

bool is_known_time_zone(std::string_view name) { return find_zone(name) != nullptr; }

Result<std::vector<Interval>> resolve_open_intervals(std::string_view time_zone,
                                                     const BusinessHours& hours, TimeMs from,
                                                     TimeMs to) {
  const date::time_zone* zone = find_zone(time_zone);
  if (zone == nullptr) return bad("/time_zone", "unknown IANA time zone \"" + std::string(time_zone) + "\"");
  if (to < from) return bad("/to", "the window ends before it starts");
  try {
    return resolve(*zone, hours, from, to);
  } catch (const std::exception& e) {
    // get_info() reads zone files lazily; an unreadable tz database surfaces here.
    return Error{errc::invalid_value, "/time_zone", std::string("tz database: ") + e.what()};
  }
}

}  // namespace candor::server
