// What could get in the way: obstacles that similar past items went through, how often,
// and the median delay they added.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "candor/estimate.hpp"

namespace candor {

struct ObstacleStat {
  std::string kind;
  int seen = 0;        // similar items that went through it
  int of = 0;          // similar items
  int likelihood_pct = 0;
  std::int64_t median_delay_s = 0;
};

// Obstacle counts over given similar items (indices into the indexed history).
std::vector<ObstacleStat> obstacle_stats(const HistoryFacts& facts, const std::vector<std::size_t>& items,
                                         double min_likelihood = 0.1);

// Listed when at least `min_likelihood` of similar items met it; most likely first.
std::vector<ObstacleStat> likely_obstacles(const std::vector<PastIncident>& history, std::string_view category,
                                           Impact impact, IncidentStatus stage, TimeMs now,
                                           const EstimateOptions& options = {}, double min_likelihood = 0.1);

}  // namespace candor
