// Kaplan–Meier and Greenwood against published textbook tables, plus properties.
#include "candor/survival.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace candor;

namespace {

std::vector<Observation> parse(std::initializer_list<double> events, std::initializer_list<double> censored) {
  std::vector<Observation> v;
  for (double t : events) v.push_back({t, true, 1});
  for (double t : censored) v.push_back({t, false, 1});
  return v;
}

struct Expected {
  double t, at_risk, events, survival, std_err;
};

void expect_table(const SurvivalCurve& c, const std::vector<Expected>& expected) {
  for (const auto& e : expected) {
    const SurvivalRow* row = nullptr;
    for (const auto& r : c.rows)
      if (r.t_s == e.t) row = &r;
    ASSERT_NE(row, nullptr) << "no row at t=" << e.t;
    EXPECT_EQ(row->at_risk, e.at_risk) << "t=" << e.t;
    EXPECT_EQ(row->events, e.events) << "t=" << e.t;
    EXPECT_NEAR(row->survival, e.survival, 5e-4) << "t=" << e.t;
    ASSERT_TRUE(row->std_err.has_value());
    EXPECT_NEAR(*row->std_err, e.std_err, 5e-4) << "t=" << e.t;
  }
}

}  // namespace

// Freireich et al. (1963) 6-MP arm, remission times in weeks (n = 21, 9 relapses).
// Reference table: Klein & Moeschberger, "Survival Analysis" (2nd ed., 2003), Table 4.1A
// (Kaplan–Meier estimate with Greenwood standard errors); the same numbers are printed by R's
// survfit() on the gehan data. At t = 6 three relapses tie with one censoring: the censored
// patient is still at risk (21 at risk, S = 18/21), i.e. events come before censorings.
TEST(KaplanMeier, Freireich6MP) {
  const SurvivalCurve c = kaplan_meier(parse({6, 6, 6, 7, 10, 13, 16, 22, 23},
                                             {6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35}));
  EXPECT_EQ(c.n, 21);
  EXPECT_EQ(c.events, 9);
  expect_table(c, {{6, 21, 3, 0.857, 0.0764},
                   {7, 17, 1, 0.807, 0.0869},
                   {10, 15, 1, 0.753, 0.0963},
                   {13, 12, 1, 0.690, 0.1068},
                   {16, 11, 1, 0.627, 0.1141},
                   {22, 7, 1, 0.538, 0.1282},
                   {23, 6, 1, 0.448, 0.1346}});
  ASSERT_TRUE(c.median().has_value());
  EXPECT_EQ(*c.median(), 23);  // the textbook median remission time
}

// Acute myelogenous leukaemia, maintained arm (Miller, "Survival Analysis", 1981; R's `aml`
// data). Reference: R survfit(Surv(time, status) ~ x, data = aml), stratum "Maintained", as
// printed in Therneau's survival package documentation: median 31 weeks.
TEST(KaplanMeier, MillerAmlMaintained) {
  const SurvivalCurve c = kaplan_meier(parse({9, 13, 18, 23, 31, 34, 48}, {13, 28, 45, 161}));
  expect_table(c, {{9, 11, 1, 0.909, 0.0867},
                   {13, 10, 1, 0.818, 0.1163},
                   {18, 8, 1, 0.716, 0.1397},
                   {23, 7, 1, 0.614, 0.1526},
                   {31, 5, 1, 0.491, 0.1642},
                   {34, 4, 1, 0.368, 0.1627},
                   {48, 2, 1, 0.184, 0.1535}});
  EXPECT_EQ(*c.median(), 31);
  // The last item is censored, so the curve never reaches 0 and no 90% quantile exists.
  EXPECT_FALSE(c.quantile(0.9).has_value());
}

TEST(KaplanMeier, NoCensoringIsTheEmpiricalDistribution) {
  const SurvivalCurve c = kaplan_meier(parse({1, 2, 3, 4}, {}));
  EXPECT_DOUBLE_EQ(c.at(0.5), 1.0);
  EXPECT_DOUBLE_EQ(c.at(2), 0.5);
  EXPECT_DOUBLE_EQ(c.at(4), 0.0);
  EXPECT_EQ(*c.median(), 2);
  // Once everyone has ended, Greenwood's variance is undefined: reported absent, never NaN.
  EXPECT_FALSE(c.rows.back().std_err.has_value());
}

TEST(KaplanMeier, ConditionalQuantileIsRatioOfSurvivals) {
  // S(t) = 1 - t/10 on t = 1..10. Given 4 elapsed, S(4) = 0.6; the median remaining x has
  // S(4 + x) ≤ 0.3, first at t = 7, so x = 3.
  std::vector<Observation> v;
  for (int t = 1; t <= 10; ++t) v.push_back({static_cast<double>(t), true, 1});
  const SurvivalCurve c = kaplan_meier(v);
  EXPECT_EQ(*c.conditional_quantile(4, 0.5), 3);
  EXPECT_EQ(*c.conditional_quantile(0, 0.5), 5);
  EXPECT_FALSE(c.conditional_quantile(10, 0.5).has_value());  // nothing lasted beyond 10
}

TEST(KaplanMeier, PropertiesOnRandomData) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<Observation> v;
    const int n = 1 + static_cast<int>(rng() % 200);
    for (int i = 0; i < n; ++i)
      v.push_back({static_cast<double>(rng() % 1000), rng() % 4 != 0, 1 + static_cast<double>(rng() % 3)});
    const SurvivalCurve c = kaplan_meier(v);
    double prev = 1;
    for (const auto& r : c.rows) {
      ASSERT_LE(r.survival, prev + 1e-15);  // non-increasing
      ASSERT_GE(r.survival, 0);
      ASSERT_FALSE(std::isnan(r.survival));
      if (r.std_err) ASSERT_FALSE(std::isnan(*r.std_err));
      prev = r.survival;
    }
    std::optional<double> last;
    for (double q = 0.05; q < 1; q += 0.05) {  // quantiles non-decreasing in q
      std::optional<double> x = c.quantile(q);
      if (!x) break;
      if (last) ASSERT_GE(*x, *last);
      last = x;
    }
  }
}
