// Per-stage ETAs: shares of the remaining time, the current stage's share reduced by time spent.
#include "candor/stage_eta.hpp"

#include <gtest/gtest.h>

using namespace candor;

TEST(StageEta, ProportionalToMedianStageTimesAndEndingAtLikely) {
  const TimeMs now = 1000 * kDayMs;
  const TimeMs likely = now + 60 * kMinuteMs;
  // Medians: identified 40 min, monitoring 20 min; 10 min already spent identified → 30 : 20.
  const StageMedians m = {std::int64_t{900}, std::int64_t{2400}, std::int64_t{1200}};
  const std::vector<StageEta> e = stage_etas(m, IncidentStatus::identified, 600, now, likely);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].stage, IncidentStatus::identified);
  EXPECT_EQ(e[0].likely_end_at, now + 36 * kMinuteMs);  // 30 / 50 of 60 minutes
  EXPECT_EQ(e[1].stage, IncidentStatus::monitoring);
  EXPECT_EQ(e[1].likely_end_at, likely);
}

TEST(StageEta, OverrunStageUnknownMediansAndResolved) {
  const TimeMs now = 1000 * kDayMs, likely = now + 30 * kMinuteMs;
  // Already longer in investigating than its median: its share is 0, the rest goes later.
  std::vector<StageEta> e = stage_etas({std::int64_t{600}, std::int64_t{600}, std::int64_t{600}},
                                       IncidentStatus::investigating, 3600, now, likely);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].likely_end_at, now);
  EXPECT_EQ(e[1].likely_end_at, now + 15 * kMinuteMs);
  EXPECT_EQ(e[2].likely_end_at, likely);
  // No stage detail at all: equal shares.
  e = stage_etas({}, IncidentStatus::investigating, 0, now, likely);
  EXPECT_EQ(e[0].likely_end_at, now + 10 * kMinuteMs);
  EXPECT_TRUE(stage_etas({}, IncidentStatus::resolved, 0, now, likely).empty());
}

TEST(StageEta, EnteredAtIsTheStartOfTheLatestRunOfTheCurrentStatus) {
  Incident i;
  i.started_at = 100;
  i.status = IncidentStatus::identified;
  EXPECT_EQ(stage_entered_at(i), 100);  // no updates: its start
  i.updates = {{"a", IncidentStatus::investigating, "", 100, 100},
               {"b", IncidentStatus::identified, "", 200, 200},
               {"c", IncidentStatus::investigating, "", 300, 300},
               {"d", IncidentStatus::identified, "", 400, 400},
               {"e", IncidentStatus::identified, "", 500, 500}};
  EXPECT_EQ(stage_entered_at(i), 400);
}

TEST(StageEta, MedianStageDurationsSkipUnknownStages) {
  std::vector<PastIncident> h(4);
  const std::int64_t inv[] = {100, 300, 200, 400};
  for (int k = 0; k < 4; ++k) {
    h[k].id = std::to_string(k);
    h[k].category = "API";
    h[k].stages.push_back({IncidentStatus::investigating, inv[k]});
    if (k < 3) h[k].stages.push_back({IncidentStatus::identified, 60 * (k + 1)});
  }
  const HistoryFacts f = index_history(h);
  const StageMedians m = median_stage_durations(f, {0, 1, 2, 3});
  EXPECT_EQ(*m[0], 250);  // (200 + 300) / 2
  EXPECT_EQ(*m[1], 120);
  EXPECT_FALSE(m[2].has_value());
}
