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

}  // namespace

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
