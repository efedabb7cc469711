// Counting obstacle kinds over the same similar items the estimate uses.
#include "candor/obstacles.hpp"

#include <algorithm>
#include <cmath>

namespace candor {

std::vector<ObstacleStat> obstacle_stats(const HistoryFacts& facts, const std::vector<std::size_t>& items,
                                         double min_likelihood) {
  std::vector<std::vector<std::int64_t>> delays(facts.obstacle_kinds.size());  // per kind: delay per item that met it
  std::vector<std::int64_t> per_item(facts.obstacle_kinds.size(), -1);        // this item's total delay per kind
  for (std::size_t index : items) {
    const ItemDetail& item = facts.details[facts.items[index].detail];
    if (item.obstacles_begin == item.obstacles_end) continue;
    // An item meeting a kind twice counts once; its delays add.
    for (std::uint32_t k = item.obstacles_begin; k < item.obstacles_end; ++k) {
      const ObstacleFact& o = facts.obstacles[k];
      per_item[o.kind] = std::max<std::int64_t>(per_item[o.kind], 0) + o.delay_s;
    }
    for (std::uint32_t k = item.obstacles_begin; k < item.obstacles_end; ++k) {
      const int kind = facts.obstacles[k].kind;
      if (per_item[kind] >= 0) delays[kind].push_back(per_item[kind]);
      per_item[kind] = -1;
    }
  }
  std::vector<ObstacleStat> out;
  const int n = static_cast<int>(items.size());
  for (std::size_t kind = 0; kind < delays.size(); ++kind) {
    std::vector<std::int64_t>& d = delays[kind];
    if (d.empty() || n == 0 || static_cast<double>(d.size()) < min_likelihood * n) continue;
    ObstacleStat s;
    s.kind = facts.obstacle_kinds[kind];
    s.seen = static_cast<int>(d.size());
    s.of = n;
    s.likelihood_pct = static_cast<int>(std::lround(100.0 * s.seen / n));
    std::sort(d.begin(), d.end());
    const std::size_t m = d.size();
    s.median_delay_s = m % 2 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
    out.push_back(std::move(s));
  }
  // Most often met first; equal counts by name, so the order does not depend on the history's.
  std::sort(out.begin(), out.end(), [](const ObstacleStat& a, const ObstacleStat& b) {
    return a.seen != b.seen ? a.seen > b.seen : a.kind < b.kind;
  });
  return out;
}

}  // namespace candor

namespace candor {

std::vector<ObstacleStat> likely_obstacles(const std::vector<PastIncident>& history, std::string_view category,
                                           Impact impact, IncidentStatus stage, TimeMs now,
                                           const EstimateOptions& options, double min_likelihood) {
  return obstacle_stats(index_history(history), select_similar(history, category, impact, stage, now, options).items,
                        min_likelihood);
}

}  // namespace candor
