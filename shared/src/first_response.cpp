// First-response quantiles of an asynchronous channel from its history (survival.hpp).
#include "candor/first_response.hpp"

#include <cmath>
#include <vector>

#include "candor/survival.hpp"

namespace candor {

FirstResponseTimes first_response_times(const Channel& c) {
  FirstResponseTimes t;
  std::vector<Observation> obs;
  obs.reserve(c.first_responses.size());
  bool any_answered = false;
  for (const auto& f : c.first_responses) {
    obs.push_back({static_cast<double>(f.open_s), f.answered, 1});
    any_answered = any_answered || f.answered;
  }
  if (!any_answered) {  // nothing to learn from: the channel's own stated figures
    t.p50_open_s = c.first_response_p50_s;
    t.p90_open_s = c.first_response_p90_s;
    return t;
  }
  const SurvivalCurve curve = kaplan_meier(std::move(obs));
  const auto whole = [](std::optional<double> s) -> std::optional<std::int64_t> {
    if (!s) return std::nullopt;
    return static_cast<std::int64_t>(std::ceil(*s));
  };
  t.n = static_cast<int>(c.first_responses.size());
  t.from_history = true;
  t.p50_open_s = whole(curve.quantile(0.5));
  t.p90_open_s = whole(curve.quantile(0.9));
  return t;
}

}  // namespace candor
