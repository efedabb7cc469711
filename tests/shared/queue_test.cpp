// Erlang C against published worked examples; queue-position waits against numeric integration.
#include "candor/queue.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace candor;

// Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example": 100 calls
// in 30 minutes (200/h), 180 s average handle time, 20 s target. Traffic 10 Erlangs; with 11
// agents the probability of waiting is 68.21%, the service level 39.0% and the average speed
// of answer 122.8 s; with 14 agents the service level reaches 88.8%.
TEST(ErlangC, CallCentreHelperWorkedExample) {
  QueueResult r = erlang_c({200, 180, 11, 20, std::nullopt});
  EXPECT_NEAR(r.traffic, 10.0, 1e-9);
  ASSERT_TRUE(r.stable);
  EXPECT_NEAR(*r.p_wait, 0.6821, 5e-5);
  EXPECT_NEAR(*r.service_level, 0.390, 5e-4);
  EXPECT_NEAR(*r.asa_s, 122.8, 0.05);
  r = erlang_c({200, 180, 14, 20, std::nullopt});
  EXPECT_NEAR(*r.service_level, 0.888, 5e-4);
}

// Hillier & Lieberman, "Introduction to Operations Research" (County Hospital emergency room,
// M/M/s with λ = 2/h, μ = 3/h): with s = 2, Wq = 0.0417 h and Lq = 0.0833; with s = 1,
// Wq = 0.667 h.
TEST(ErlangC, HillierLiebermanCountyHospital) {
  QueueResult two = erlang_c({2, 1200, 2, 60, std::nullopt});
  EXPECT_NEAR(*two.asa_s / 3600, 0.0417, 5e-5);
  EXPECT_NEAR(2 * *two.asa_s / 3600, 0.0833, 5e-5);  // Little: Lq = λ Wq
  QueueResult one = erlang_c({2, 1200, 1, 60, std::nullopt});
  EXPECT_NEAR(*one.asa_s / 3600, 0.667, 5e-4);
  // C(2, 2/3) = 1/6, and with 3 servers and 2 Erlangs C = 4/9 (closed form).
  EXPECT_NEAR(erlang_c_probability(2, 2.0 / 3), 1.0 / 6, 1e-12);
  EXPECT_NEAR(erlang_c_probability(3, 2.0), 4.0 / 9, 1e-12);
}

TEST(ErlangC, OverloadIsHonestNotInfinite) {
  QueueResult r = erlang_c({100, 360, 5, 60, std::nullopt});  // A = 10 ≥ 5 agents
  EXPECT_FALSE(r.stable);
  EXPECT_EQ(r.occupancy, 1.0);
  EXPECT_FALSE(r.p_wait.has_value());
  EXPECT_FALSE(r.asa_s.has_value());
  EXPECT_FALSE(r.wait_p90_s.has_value());
  // With a known queue the next arrival's wait is finite even in overload.
  r = erlang_c({100, 360, 5, 60, 7});
  ASSERT_TRUE(r.wait_p90_s.has_value());
  EXPECT_TRUE(std::isfinite(*r.wait_p90_s));
  EXPECT_GT(*r.wait_p90_s, *r.wait_p50_s);
  EXPECT_FALSE(erlang_c({0, 0, 0, 60, std::nullopt}).stable);  // nobody answering
}

TEST(ErlangC, SteadyStateQuantileMatchesTail) {
  QueueResult r = erlang_c({200, 180, 11, 20, std::nullopt});
  // P(W > t) = C e^{-(c-A) t / h}: at the 90% quantile that tail is 0.1.
  EXPECT_NEAR(*r.p_wait * std::exp(-(11 - 10) * *r.wait_p90_s / 180), 0.1, 1e-9);
}

// The wait behind k people with c busy agents is Erlang(k+1, cμ); check the quantile by
// integrating the density numerically (Simpson's rule) up to it.
TEST(QueuePosition, QuantileAgreesWithNumericIntegration) {
  for (int ahead : {0, 1, 3, 10, 40}) {
    for (double q : {0.5, 0.9}) {
      const int agents = 4;
      const double handle = 300, rate = agents / handle;
      const double t = queue_position_wait_quantile(ahead, agents, handle, q);
      const int k = ahead + 1, steps = 20000;
      const auto density = [&](double x) {
        return std::exp(k * std::log(rate) + (k - 1) * std::log(std::max(x, 1e-300)) - rate * x - std::lgamma(k));
      };
      double sum = density(0) + density(t);
      for (int i = 1; i < steps; ++i) sum += density(t * i / steps) * (i % 2 ? 4 : 2);
      EXPECT_NEAR(sum * t / steps / 3, q, 1e-6) << "ahead=" << ahead << " q=" << q;
    }
  }
}
