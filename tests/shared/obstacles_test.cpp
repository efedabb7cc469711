// Obstacles from history: likelihood over the similar items and the median delay.
#include "candor/obstacles.hpp"

#include <gtest/gtest.h>

using namespace candor;

TEST(Obstacles, LikelihoodAndMedianDelayOverSimilarItems) {
  const TimeMs now = 400 * kDayMs;
  std::vector<PastIncident> h;
  for (int i = 0; i < 40; ++i) {
    PastIncident p;
    p.id = std::to_string(i);
    p.category = "API";
    p.impact = Impact::major;
    p.started_at = now - (i + 1) * kDayMs;
    p.resolved_at = p.started_at + kHourMs;
    if (i < 8) p.obstacles.push_back({"third_party", 600 * (i + 1)});  // 20%: 600..4800 s
    if (i == 9) p.obstacles.push_back({"rollback", 100});              // 2.5%: below 10%, not listed
    if (i == 10) {                                                      // met twice: counted once, delays add
      p.obstacles.push_back({"escalation", 100});
      p.obstacles.push_back({"escalation", 200});
    }
    h.push_back(p);
  }
  const std::vector<ObstacleStat> s = likely_obstacles(h, "API", Impact::major, IncidentStatus::investigating, now);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].kind, "third_party");
  EXPECT_EQ(s[0].seen, 8);
  EXPECT_EQ(s[0].of, 40);
  EXPECT_EQ(s[0].likelihood_pct, 20);
  EXPECT_EQ(s[0].median_delay_s, (2400 + 3000) / 2);
  EXPECT_EQ(likely_obstacles(h, "API", Impact::major, IncidentStatus::investigating, now, {}, 0.02).size(), 3u);
}
