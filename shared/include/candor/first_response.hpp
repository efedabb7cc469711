// How long an asynchronous channel (email, form) takes to answer, from that channel's own
// history of first responses: Kaplan–Meier over open-hours durations, so messages still
// unanswered count as censored rather than being dropped (dropping them would understate the
// wait exactly when the team is behind).
#pragma once

#include <cstdint>
#include <optional>

#include "candor/model.hpp"

namespace candor {

struct FirstResponseTimes {
  int n = 0;                 // messages the figures come from (0: the channel's fixed figures)
  bool from_history = false;
  std::optional<std::int64_t> p50_open_s;  // open-hours seconds until a first response
  std::optional<std::int64_t> p90_open_s;  // absent when too many are unanswered to tell
};

// From c.first_responses when at least one was answered; else c.first_response_p50_s/p90_s.
// Quantiles are the smallest durations t with S(t) ≤ 1 − q, rounded up to whole seconds.
FirstResponseTimes first_response_times(const Channel& c);

}  // namespace candor
