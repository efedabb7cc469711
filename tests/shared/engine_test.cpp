// The engine's cached estimates equal the reference estimate_remaining exactly.
#include "candor/engine.hpp"

#include <gtest/gtest.h>

#include <random>

#include "candor/history_csv.hpp"
#include "test_files.hpp"

using namespace candor;

namespace {

std::vector<PastIncident> github() {
  std::string text;
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("github.csv"), text));
  return read_history_csv(text).value();
}

void expect_same(const Estimate& a, const Estimate& b, const std::string& where) {
  EXPECT_EQ(a.available, b.available) << where;
  EXPECT_EQ(a.basis.n, b.basis.n) << where;
  EXPECT_EQ(a.basis.level, b.basis.level) << where;
  EXPECT_EQ(a.basis.lookback_days, b.basis.lookback_days) << where;
  EXPECT_EQ(a.remaining_p50_s, b.remaining_p50_s) << where;
  EXPECT_EQ(a.remaining_p80_s, b.remaining_p80_s) << where;
  EXPECT_EQ(a.remaining_p90_s, b.remaining_p90_s) << where;
  EXPECT_EQ(a.remaining_target_s, b.remaining_target_s) << where;
  EXPECT_EQ(a.beyond_history, b.beyond_history) << where;
  EXPECT_EQ(a.longer_than_pct, b.longer_than_pct) << where;
}

void compare_on(const std::vector<PastIncident>& h, const EstimateOptions& o, TimeMs from, TimeMs span, int queries) {
  Engine engine(h, o);
  std::mt19937_64 rng(17);
  const IncidentStatus stages[] = {IncidentStatus::investigating, IncidentStatus::identified, IncidentStatus::monitoring};
  const Impact impacts[] = {Impact::none, Impact::minor, Impact::major, Impact::critical};
  for (int i = 0; i < queries; ++i) {
    const PastIncident& probe = h[rng() % h.size()];
    const std::string category = rng() % 10 == 0 ? "never seen" : probe.category;
    const Impact impact = impacts[rng() % 4];
    const IncidentStatus stage = stages[rng() % 3];
    const TimeMs now = from + static_cast<TimeMs>(rng() % static_cast<std::uint64_t>(span));
    const std::int64_t elapsed = static_cast<std::int64_t>(rng() % 200000);
    const std::string where = category + "/" + to_string(impact) + "/" + to_string(stage) + " at " + format_iso8601(now);
    expect_same(engine.estimate(category, impact, stage, elapsed, now),
                estimate_remaining(h, category, impact, stage, elapsed, now, o), where);
    EXPECT_EQ(engine.obstacles(category, impact, stage, now).size(),
              likely_obstacles(h, category, impact, stage, now, o).size()) << where;
  }
}

}  // namespace

TEST(Engine, EqualsReferenceOnRealHistoryAcrossDays) {
  const std::vector<PastIncident> h = github();
  const TimeMs after = parse_iso8601("2023-10-10T00:00:00Z").value();  // after the last item: cached path
  compare_on(h, {}, after, 3 * kDayMs, 400);
  EstimateOptions weighted;
  weighted.half_life_days = 90;
  weighted.lookback_days = 0;
  compare_on(h, weighted, after, 3 * kDayMs, 200);
}

TEST(Engine, EqualsReferenceAsTheYearGrowsQuiet) {
  // GitHub's history ends on 2023-10-06: through September 2024 the year's items fall below
  // the minimum and the look-back widens to the whole history, on some day the engine caches.
  const std::vector<PastIncident> h = github();
  compare_on(h, {}, parse_iso8601("2024-08-01T00:00:00Z").value(), 120 * kDayMs, 400);
  Engine engine(h);
  const TimeMs later = parse_iso8601("2024-12-01T00:00:00Z").value();
  const Estimate e = engine.estimate("Git Operations", Impact::major, IncidentStatus::investigating, 600, later);
  ASSERT_TRUE(e.available);
  EXPECT_EQ(e.basis.lookback_days, 0);
  EXPECT_EQ(engine.estimate("Git Operations", Impact::major, IncidentStatus::investigating, 600,
                            parse_iso8601("2023-10-07T00:00:00Z").value()).basis.lookback_days, 365);
}

TEST(Engine, EqualsReferenceWhileItemsAreStillOpen) {
  // "now" inside the history: items in the future are ignored and open ones censored, so the
  // engine must not cache; it still answers the same.
  const std::vector<PastIncident> h = github();
  compare_on(h, {}, parse_iso8601("2021-01-01T00:00:00Z").value(), 400 * kDayMs, 200);
}

// Queries whose similar items are the same (every item of a category and impact went through
// the asked stage) share one curve; where some items lack the stage they must not. Seeded
// synthetic history: category A's items all have full stage detail, B's only sometimes.
TEST(Engine, SharedSelectionsEqualReferenceWithAndWithoutStageDetail) {
  std::mt19937_64 rng(29);
  const TimeMs now = parse_iso8601("2026-06-01T12:00:00Z").value();
  std::vector<PastIncident> h;
  const Impact impacts[] = {Impact::minor, Impact::major};
  for (int i = 0; i < 600; ++i) {
    PastIncident p;
    p.id = "s" + std::to_string(i);
    p.category = i % 2 ? "A" : "B";
    p.impact = impacts[rng() % 2];
    p.started_at = now - kDayMs - static_cast<TimeMs>(rng() % (300 * kDayMs));
    std::int64_t total = 0;
    const bool detail = p.category == "A" || rng() % 3 == 0;
    for (IncidentStatus st : {IncidentStatus::investigating, IncidentStatus::identified, IncidentStatus::monitoring}) {
      const std::int64_t d = 60 + static_cast<std::int64_t>(rng() % 7200);
      if (detail && (p.category == "A" || st != IncidentStatus::identified || rng() % 2)) p.stages.push_back({st, d});
      total += d;
    }
    if (rng() % 5 == 0) p.obstacles.push_back({"third_party", static_cast<std::int64_t>(rng() % 3600)});
    p.resolved_at = p.started_at + total * kSecondMs;
    h.push_back(std::move(p));
  }
  EstimateOptions o;
  o.min_samples = 60;  // B's narrowest level often has fewer: the back-off is exercised too
  Engine engine(h, o);
  for (const char* category : {"A", "B", "C"})
    for (Impact impact : impacts)
      for (IncidentStatus stage : {IncidentStatus::investigating, IncidentStatus::identified, IncidentStatus::monitoring})
        for (std::int64_t elapsed : {0, 1800, 20000}) {
          const std::string where = std::string(category) + "/" + to_string(impact) + "/" + to_string(stage);
          expect_same(engine.estimate(category, impact, stage, elapsed, now),
                      estimate_remaining(h, category, impact, stage, elapsed, now, o), where);
          const Similar s = select_similar(h, category, impact, stage, now, o);
          EXPECT_EQ(engine.stage_medians(category, impact, stage, now),
                    median_stage_durations(index_history(h), s.items)) << where;
          EXPECT_EQ(engine.obstacles(category, impact, stage, now).size(),
                    likely_obstacles(h, category, impact, stage, now, o).size()) << where;
        }
}
