// Per-stage ETAs: proportional shares of the remaining most-likely time.
#include "candor/stage_eta.hpp"

#include <algorithm>

namespace candor {

StageMedians median_stage_durations(const HistoryFacts& facts, const std::vector<std::size_t>& items) {
  StageMedians out;
  std::vector<std::int64_t> d;
  for (int stage = 0; stage < 3; ++stage) {
    d.clear();
    for (std::size_t i : items) {
      const std::int64_t s = facts.details[facts.items[i].detail].stage_s[stage];
      if (s >= 0) d.push_back(s);
    }
    if (d.empty()) continue;
    const std::size_t m = d.size() / 2;
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(m), d.end());
    std::int64_t median = d[m];
    if (d.size() % 2 == 0) median = (median + *std::max_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(m))) / 2;
    out[stage] = median;
  }
  return out;
}

std::vector<StageEta> stage_etas(const StageMedians& medians, IncidentStatus current, std::int64_t in_stage_s,
                                 TimeMs now, TimeMs likely_at) {
  std::vector<StageEta> out;
  const int first = static_cast<int>(current);
  if (first >= 3) return out;  // resolved or postmortem: nothing remains
  double weights[3] = {0, 0, 0};
  double total = 0;
  for (int s = first; s < 3; ++s) {
    double w = medians[s] ? static_cast<double>(*medians[s]) : 0;
    if (s == first) w = std::max(0.0, w - static_cast<double>(std::max<std::int64_t>(0, in_stage_s)));
    weights[s] = w;
    total += w;
  }
  const TimeMs span = std::max<TimeMs>(0, likely_at - now);
  double done = 0;
  for (int s = first; s < 3; ++s) {
    // Without any stage detail the time is shared equally.
    done += total > 0 ? weights[s] / total : 1.0 / (3 - first);
    const TimeMs end = s == 2 ? likely_at : now + static_cast<TimeMs>(static_cast<double>(span) * done);
    out.push_back({static_cast<IncidentStatus>(s), end});
  }
  return out;
}

TimeMs stage_entered_at(const Incident& item) {
  TimeMs entered = item.started_at;
  for (const auto& u : item.updates) {  // oldest first
    if (u.status != item.status) entered = -1;
    else if (entered < 0) entered = u.display_at;
  }
  return entered < 0 ? item.started_at : entered;
}

}  // namespace candor
