// A history of past support cases whose Kaplan–Meier curve is known by hand: 25 Billing
// cases lasting 1 h, 2 h, ..., 25 h, all resolved, opened in the 60 days before `now` (inside
// the one-year lookback). With no censoring the estimate is the empirical survival function
// (Kaplan & Meier 1958): S(k h) = 1 − k/25.
#pragma once

#include <string>
#include <vector>

#include "candor/model.hpp"

namespace candor_test {

inline std::vector<candor::Case> billing_cases(candor::TimeMs now) {
  std::vector<candor::Case> past;
  for (int k = 1; k <= 25; ++k) {
    candor::Case p;
    p.id = "past" + std::to_string(k);
    p.category = "Billing";
    p.stage = candor::CaseStage::resolved;
    p.opened_at = now - 60 * candor::kDayMs + k * candor::kHourMs;
    p.resolved_at = p.opened_at + k * candor::kHourMs;
    past.push_back(p);
  }
  return past;
}

}  // namespace candor_test
