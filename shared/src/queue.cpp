// Erlang C formulas as in Gans, Koole & Mandelbaum, "Telephone call centers" (2003), §4.1.
#include "candor/queue.hpp"

#include <algorithm>
#include <cmath>

namespace candor {

double erlang_c_probability(int c, double a) {
  if (c <= 0) return 1;
  if (a <= 0) return 0;
  if (a >= c) return 1;
  double b = 1;  // Erlang B with 0 servers
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return c * b / (c - a * (1 - b));
}

namespace {

// P(Erlang(k, rate) ≤ t) = 1 - Σ_{i<k} e^{-x} x^i / i!, x = rate·t (summed in a stable way).
double erlang_cdf(int k, double rate, double t) {
  const double x = rate * t;
  if (x <= 0) return 0;
  double term = std::exp(-x), sum = term;
  for (int i = 1; i < k; ++i) {
    term *= x / i;
    sum += term;
  }
  return std::clamp(1 - sum, 0.0, 1.0);
}

}  // namespace

double queue_position_wait_quantile(int ahead, int agents, double handle_seconds, double q) {
  if (agents <= 0 || !(handle_seconds > 0)) return 0;
  const int stages = std::max(0, ahead) + 1;
  const double rate = agents / handle_seconds;
  double lo = 0, hi = (stages + 10 * std::sqrt(static_cast<double>(stages)) + 10) / rate;
  for (int i = 0; i < 200 && hi - lo > 1e-9 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    (erlang_cdf(stages, rate, mid) < q ? lo : hi) = mid;
  }
  return hi;
}

QueueResult erlang_c(const QueueInput& in) {
  QueueResult r;
  const double lambda = std::max(0.0, in.calls_per_hour) / 3600.0;
  const double h = std::max(0.0, in.handle_seconds);
  const int c = std::max(0, in.agents);
  r.traffic = lambda * h;
  r.occupancy = c > 0 ? std::min(1.0, r.traffic / c) : 1.0;
  r.stable = c > 0 && r.traffic < c;

  if (r.stable) {
    const double pw = erlang_c_probability(c, r.traffic);
    const double drain = (c - r.traffic) / h;  // c·μ - λ, per second
    r.p_wait = pw;
    r.asa_s = h > 0 ? pw / drain : 0;
    r.service_level = h > 0 ? 1 - pw * std::exp(-drain * std::max(0.0, in.target_seconds)) : 1;
    // P(W > t) = C · e^{-(cμ-λ) t}; the q-quantile is 0 while C ≤ 1 - q.
    const auto steady_quantile = [&](double q) { return pw <= 1 - q || h <= 0 ? 0.0 : std::log(pw / (1 - q)) / drain; };
    r.wait_p50_s = steady_quantile(0.5);
    r.wait_p90_s = steady_quantile(0.9);
  }
  if (in.queue_length && *in.queue_length > 0 && c > 0 && h > 0) {
    r.wait_p50_s = queue_position_wait_quantile(*in.queue_length, c, h, 0.5);
    r.wait_p90_s = queue_position_wait_quantile(*in.queue_length, c, h, 0.9);
  }
  return r;
}

}  // namespace candor
