// Kaplan–Meier survival of time-to-resolution, with Greenwood's variance.
#pragma once

#include <optional>
#include <vector>

namespace candor {

// One item: how long it has lasted, whether it ended (event) or is still open (censored),
// and its weight (1 for the plain estimator; recency weighting makes it smaller for older items).
struct Observation {
  double duration_s = 0;
  bool event = true;
  double weight = 1;
};

// A row per distinct event or censoring time. Counts are weighted sums (whole numbers when
// every weight is 1). survival is S(t) just after t; std_err is Greenwood's standard error of
// S(t), absent where it is undefined (once everyone at risk has ended, S = 0).
struct SurvivalRow {
  double t_s = 0;
  double at_risk = 0;
  double events = 0;
  double censored = 0;
  double survival = 1;
  std::optional<double> std_err;
};

struct SurvivalCurve {
  double n = 0;       // items (weighted)
  double events = 0;  // items that ended (weighted)
  std::vector<SurvivalRow> rows;

  // S(t): the product over event times ≤ t; 1 before the first event.
  double at(double t_s) const;
  // Items still at risk just after t (weighted): those lasting longer than t.
  double at_risk_after(double t_s) const;
  // Smallest row time t with S(t) ≤ 1 - q; absent when the curve never falls that low.
  std::optional<double> quantile(double q) const;
  // Smallest x ≥ 0 with S(e + x) / S(e) ≤ 1 - q: remaining time given e already elapsed.
  std::optional<double> conditional_quantile(double elapsed_s, double q) const;
  std::optional<double> median() const { return quantile(0.5); }
  // conditional_quantile's search, given S(elapsed) and the first row after `elapsed`, for
  // callers asking several quantiles at one elapsed time.
  using RowIt = std::vector<SurvivalRow>::const_iterator;
  static std::optional<double> conditional_quantile_from(RowIt after, RowIt end, double s_elapsed, double elapsed_s,
                                                         double q);
};

// At tied times, events come before censorings (the usual convention: an item censored at t
// was still at risk of ending at t).
SurvivalCurve kaplan_meier(std::vector<Observation> observations);

}  // namespace candor
