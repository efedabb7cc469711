// Walking sorted, disjoint UTC intervals.
#include "candor/calendar.hpp"

#include <algorithm>

namespace candor {

OpenState open_state(const std::vector<Interval>& intervals, TimeMs now) {
  OpenState s;
  for (const auto& iv : intervals) {
    if (iv.end <= now) continue;
    if (iv.start <= now) {
      s.open = true;
      s.closes_at = iv.end;
    } else {
      s.opens_at = iv.start;
    }
    break;
  }
  return s;
}

std::optional<TimeMs> add_open_time(const std::vector<Interval>& intervals, TimeMs now, TimeMs open_ms) {
  TimeMs left = std::max<TimeMs>(0, open_ms);
  for (const auto& iv : intervals) {
    if (iv.end <= now) continue;
    const TimeMs from = std::max(iv.start, now);
    if (iv.end - from >= left) return from + left;
    left -= iv.end - from;
  }
  return std::nullopt;
}

}  // namespace candor
