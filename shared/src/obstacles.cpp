// Counting obstacle kinds over the same similar items the estimate uses.
#include "candor/obstacles.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace candor {

std::vector<ObstacleStat> obstacle_stats(const std::vector<PastIncident>& history, const std::vector<std::size_t>& items,
                                         double min_likelihood) {
  std::map<std::string, std::vector<std::int64_t>> delays;  // kind → delay per item that met it
  for (std::size_t index : items) {
    std::map<std::string, std::int64_t> per_item;  // an item meeting a kind twice counts once, delays add
    for (const auto& o : history[index].obstacles) per_item[o.kind] += o.delay_s;
    for (const auto& kv : per_item) delays[kv.first].push_back(kv.second);
  }
  std::vector<ObstacleStat> out;
  const int n = static_cast<int>(items.size());
  for (auto& kv : delays) {
    ObstacleStat s;
    s.kind = kv.first;
    s.seen = static_cast<int>(kv.second.size());
    s.of = n;
    if (n == 0 || s.seen < min_likelihood * n) continue;
    s.likelihood_pct = static_cast<int>(std::lround(100.0 * s.seen / n));
    std::sort(kv.second.begin(), kv.second.end());
    const std::size_t m = kv.second.size();
    s.median_delay_s = m % 2 ? kv.second[m / 2] : (kv.second[m / 2 - 1] + kv.second[m / 2]) / 2;
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const ObstacleStat& a, const ObstacleStat& b) { return a.seen > b.seen; });
  return out;
}

}  // namespace candor

namespace candor {

std::vector<ObstacleStat> likely_obstacles(const std::vector<PastIncident>& history, std::string_view category,
                                           Impact impact, IncidentStatus stage, TimeMs now,
                                           const EstimateOptions& options, double min_likelihood) {
  return obstacle_stats(history, select_similar(history, category, impact, stage, now, options).items, min_likelihood);
}

}  // namespace candor
