// UTC instants for test fixtures, written as calendar dates so the expectations read plainly.
#pragma once

#include "candor/time.hpp"

namespace candor_test {

inline candor::TimeMs utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return candor::days_from_civil(y, m, d) * candor::kDayMs + h * candor::kHourMs + mi * candor::kMinuteMs +
         s * candor::kSecondMs;
}

}  // namespace candor_test
