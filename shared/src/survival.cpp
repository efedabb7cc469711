// Kaplan–Meier product-limit estimator (Kaplan & Meier 1958) and Greenwood's formula (1926).
#include "candor/survival.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace candor {

SurvivalCurve kaplan_meier(std::vector<Observation> obs) {
  SurvivalCurve curve;
  obs.erase(std::remove_if(obs.begin(), obs.end(),
                           [](const Observation& o) { return !(o.weight > 0) || !(o.duration_s >= 0) || !std::isfinite(o.duration_s); }),
            obs.end());
  std::sort(obs.begin(), obs.end(), [](const Observation& a, const Observation& b) {
    if (a.duration_s != b.duration_s) return a.duration_s < b.duration_s;
    if (a.event != b.event) return a.event;  // events first at ties
    return a.weight < b.weight;  // a total order: the same items give the same sums in any input order
  });
  double at_risk = 0;
  for (const auto& o : obs) {
    at_risk += o.weight;
    if (o.event) curve.events += o.weight;
  }
  curve.n = at_risk;

  curve.rows.reserve(obs.size());  // at most one row per item: no regrowth on large histories
  double s = 1;
  double greenwood_sum = 0;  // Σ d / (n (n - d)) over event times so far
  bool greenwood_defined = true;
  std::size_t i = 0;
  while (i < obs.size()) {
    SurvivalRow row;
    row.t_s = obs[i].duration_s;
    row.at_risk = at_risk;
    for (; i < obs.size() && obs[i].duration_s == row.t_s; ++i) (obs[i].event ? row.events : row.censored) += obs[i].weight;
    if (row.events > 0) {
      s *= 1 - row.events / at_risk;
      if (at_risk - row.events > 1e-12) greenwood_sum += row.events / (at_risk * (at_risk - row.events));
      else greenwood_defined = false;
    }
    if (s < 1e-15) s = 0;  // the last at risk ended; keep an exact zero rather than rounding noise
    row.survival = s;
    if (greenwood_defined) row.std_err = s * std::sqrt(greenwood_sum);
    at_risk -= row.events + row.censored;
    if (at_risk < 1e-9) at_risk = 0;
    curve.rows.push_back(row);
  }
  return curve;
}

// Rows are sorted by t and S is non-increasing, so every look-up is a binary search: the
// engine asks thousands of these per view.
double SurvivalCurve::at(double t_s) const {
  const auto it = std::upper_bound(rows.begin(), rows.end(), t_s, [](double t, const SurvivalRow& r) { return t < r.t_s; });
  return it == rows.begin() ? 1.0 : std::prev(it)->survival;
}

double SurvivalCurve::at_risk_after(double t_s) const {
  const auto it = std::upper_bound(rows.begin(), rows.end(), t_s, [](double t, const SurvivalRow& r) { return t < r.t_s; });
  return it == rows.end() ? 0 : it->at_risk;
}

std::optional<double> SurvivalCurve::quantile(double q) const { return conditional_quantile(0, q); }

std::optional<double> SurvivalCurve::conditional_quantile(double elapsed_s, double q) const {
  const auto after = std::upper_bound(rows.begin(), rows.end(), elapsed_s, [](double t, const SurvivalRow& r) { return t < r.t_s; });
  return conditional_quantile_from(after, rows.end(), at(elapsed_s), elapsed_s, q);
}

std::optional<double> SurvivalCurve::conditional_quantile_from(RowIt after, RowIt end, double s_e, double elapsed_s,
                                                               double q) {
  if (!(s_e > 0)) return std::nullopt;
  // A small relative tolerance so that 0.5 computed as 1 - 1/2 meets "≤ 0.5" exactly.
  const double threshold = s_e * (1 - q) * (1 + 1e-12);
  // After elapsed_s, S only drops at event rows, so the first row at or below the threshold
  // is an event row.
  const auto hit = std::partition_point(after, end, [&](const SurvivalRow& r) { return r.survival > threshold; });
  if (hit == end) return std::nullopt;
  return hit->t_s - elapsed_s;
}

}  // namespace candor
