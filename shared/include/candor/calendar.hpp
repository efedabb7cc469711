// Open hours as UTC intervals (resolved by the backend from IANA zones and holidays), and
// durations counted in open time only. No time-zone database here.
#pragma once

#include <optional>
#include <vector>

#include "candor/model.hpp"

namespace candor {

struct OpenState {
  bool open = false;
  std::optional<TimeMs> opens_at;   // when closed: the next opening, if known
  std::optional<TimeMs> closes_at;  // when open: the end of the current interval
};

OpenState open_state(const std::vector<Interval>& intervals, TimeMs now);

// The instant at which `open_ms` of open time has passed after `now`; absent when the
// known intervals run out first.
std::optional<TimeMs> add_open_time(const std::vector<Interval>& intervals, TimeMs now, TimeMs open_ms);

}  // namespace candor
