// Waiting time on a live support channel: Erlang C (M/M/c), and the wait of a new arrival
// behind a known queue. Overload gets an honest answer (stable = false), never inf or NaN.
#pragma once

#include <optional>

namespace candor {

struct QueueInput {
  double calls_per_hour = 0;   // arrival rate λ
  double handle_seconds = 0;   // mean handle time 1/μ
  int agents = 0;              // c
  double target_seconds = 60;  // service level "answered within T"
  std::optional<int> queue_length;  // people waiting now, when known
};

struct QueueResult {
  double traffic = 0;    // A = λ/μ, in Erlangs
  double occupancy = 0;  // A / c (capped at 1)
  bool stable = false;   // A < c
  // Steady state (absent when unstable):
  std::optional<double> p_wait;         // Erlang C probability of waiting
  std::optional<double> asa_s;          // average speed of answer
  std::optional<double> service_level;  // P(wait ≤ T)
  // Wait quantiles of a new arrival: from the queue position when the queue length is known
  // (then finite even when unstable), else from the steady state.
  std::optional<double> wait_p50_s;
  std::optional<double> wait_p90_s;
};

QueueResult erlang_c(const QueueInput& in);

// Erlang C probability of waiting C(c, A), via the Erlang B recursion (stable for large c).
double erlang_c_probability(int agents, double traffic);

// Quantile q of the wait behind `ahead` people when all c agents are busy: the sum of
// ahead + 1 exponential stages of rate c·μ (an Erlang distribution).
double queue_position_wait_quantile(int ahead, int agents, double handle_seconds, double q);

}  // namespace candor
