// The replay walks time forward so that no promise sees its own future.
#include "candor/replay.hpp"

#include <algorithm>
#include <cmath>

namespace candor {
namespace {

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size();
  return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

// Empirical q-quantile: the smallest duration d with at least q of durations ≤ d.
double empirical_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const std::size_t k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
}

struct Tally {
  int kept = 0;
  std::vector<double> ratios;
  void add(double promised_s, double actual_s) {
    kept += actual_s <= promised_s;
    ratios.push_back(promised_s / std::max(actual_s, 1.0));
  }
  ReplayScore score(int items) const {
    return {items ? static_cast<double>(kept) / items : 0, median_of(ratios)};
  }
};

}  // namespace

ReplayResult replay(const std::vector<PastIncident>& history, const EstimateOptions& options, int min_history) {
  std::vector<const PastIncident*> by_start, by_end;
  for (const auto& p : history) {
    by_start.push_back(&p);
    if (p.resolved_at) by_end.push_back(&p);
  }
  const auto start_less = [](const PastIncident* a, const PastIncident* b) { return a->started_at < b->started_at; };
  std::stable_sort(by_start.begin(), by_start.end(), start_less);
  std::stable_sort(by_end.begin(), by_end.end(),
                   [](const PastIncident* a, const PastIncident* b) { return *a->resolved_at < *b->resolved_at; });

  ReplayResult result;
  Tally candor, fixed, median;
  std::vector<PastIncident> known;  // resolved before the current start, grows as time moves on
  std::vector<double> known_durations;
  std::size_t next_end = 0;
  for (const PastIncident* item : by_start) {
    const TimeMs t0 = item->started_at;
    while (next_end < by_end.size() && *by_end[next_end]->resolved_at < t0) {
      known.push_back(*by_end[next_end]);
      known_durations.push_back(static_cast<double>(*by_end[next_end]->resolved_at - by_end[next_end]->started_at) / 1000);
      ++next_end;
    }
    if (!item->resolved_at || static_cast<int>(known.size()) < min_history) continue;
    const double actual_s = static_cast<double>(*item->resolved_at - t0) / 1000;

    const Estimate e = estimate_remaining(known, item->category, item->impact, IncidentStatus::investigating, 0, t0, options);
    if (!e.available) continue;
    ++result.items;
    candor.add(static_cast<double>(round_up_human(t0 + e.remaining_target_s * kSecondMs, t0) - t0) / 1000, actual_s);
    fixed.add(empirical_quantile(known_durations, 0.9), actual_s);
    median.add(static_cast<double>(e.remaining_p50_s), actual_s);
  }
  result.candor = candor.score(result.items);
  result.fixed_p90 = fixed.score(result.items);
  result.median_only = median.score(result.items);
  return result;
}

}  // namespace candor
