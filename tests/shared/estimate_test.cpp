// Similar-item back-off, conditional estimates, honesty beyond the history, human rounding.
#include "candor/estimate.hpp"

#include <gtest/gtest.h>

#include <random>

#include "candor/history_csv.hpp"
#include "test_files.hpp"

using namespace candor;

namespace {

const TimeMs kNow = parse_iso8601("2026-06-01T12:00:00Z").value();

PastIncident item(const std::string& category, Impact impact, TimeMs started, std::int64_t duration_s) {
  PastIncident p;
  p.id = category + std::to_string(started);
  p.category = category;
  p.impact = impact;
  p.started_at = started;
  p.resolved_at = started + duration_s * kSecondMs;
  p.stages = {{IncidentStatus::investigating, duration_s / 2}, {IncidentStatus::identified, duration_s - duration_s / 2}};
  return p;
}

std::vector<PastIncident> github() {
  std::string text;
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("github.csv"), text));
  return read_history_csv(text).value();
}

}  // namespace

// index_history gives each distinct name one id in first-seen order, however many there are
// (500 names grow its table many times over) and however alike they are ("c1" vs "c1 ",
// names differing only past a 4-byte word, the empty name).
TEST(IndexHistory, OneIdPerDistinctNameInFirstSeenOrder) {
  std::vector<std::string> names = {"", "c1", "c1 ", "abcdX", "abcdY"};
  for (int k = 0; k < 495; ++k) names.push_back("component-" + std::to_string(k));
  std::vector<PastIncident> h;
  for (int round = 0; round < 3; ++round)  // each name seen three times, interleaved
    for (std::size_t k = 0; k < names.size(); ++k) {
      PastIncident p = item(names[k], Impact::minor, kNow - kDayMs, 60);
      p.obstacles = {{"kind-" + names[(k * 7) % names.size()], 5}};
      h.push_back(p);
    }
  const HistoryFacts f = index_history(h);
  ASSERT_EQ(f.categories, names);
  ASSERT_EQ(f.obstacle_kinds.size(), names.size());
  for (std::size_t i = 0; i < h.size(); ++i) {
    EXPECT_EQ(f.categories[static_cast<std::size_t>(f.items[i].category)], h[i].category) << i;
    const ObstacleFact& o = f.obstacles[f.details[f.items[i].detail].obstacles_begin];
    EXPECT_EQ(f.obstacle_kinds[static_cast<std::size_t>(o.kind)], h[i].obstacles[0].kind) << i;
  }
  EXPECT_EQ(f.category_id("c1 "), 2);
  EXPECT_EQ(f.category_id("nowhere"), -1);
}

TEST(Estimate, BacksOffUntilEnoughSimilarItems) {
  std::vector<PastIncident> h;
  for (int i = 0; i < 25; ++i) h.push_back(item("API", Impact::minor, kNow - (i + 1) * kDayMs, 600 + 60 * i));
  for (int i = 0; i < 5; ++i) h.push_back(item("API", Impact::major, kNow - (i + 1) * kDayMs, 7200));
  for (int i = 0; i < 10; ++i) h.push_back(item("Web", Impact::major, kNow - (i + 1) * kDayMs, 3600));
  EstimateOptions o;
  EXPECT_EQ(select_similar(h, "API", Impact::minor, IncidentStatus::identified, kNow, o).basis.level, "category+impact+stage");
  Similar s = select_similar(h, "API", Impact::major, IncidentStatus::monitoring, kNow, o);
  EXPECT_EQ(s.basis.level, "category");  // 5 API/major is too few; all 30 API items
  EXPECT_EQ(s.basis.n, 30);
  s = select_similar(h, "Billing", Impact::critical, IncidentStatus::investigating, kNow, o);
  EXPECT_EQ(s.basis.level, "all");
  EXPECT_EQ(s.basis.n, 40);
}

// The one-year look-back holds while the year has at least min_samples items; a quieter year
// widens it to the whole history instead of estimating from a handful of items, or from none
// (a company with no incident for a year would otherwise get no estimate at all).
TEST(Estimate, AQuietYearWidensTheLookBackToAllTheHistory) {
  std::vector<PastIncident> h;
  for (int i = 0; i < 30; ++i) h.push_back(item("API", Impact::minor, kNow - (700 + i) * kDayMs, 3600));
  EstimateOptions o;

  Estimate e = estimate_remaining(h, "API", Impact::minor, IncidentStatus::investigating, 0, kNow, o);
  ASSERT_TRUE(e.available);  // nothing in the last year: all 30 older items
  EXPECT_EQ(e.basis.n, 30);
  EXPECT_EQ(e.basis.lookback_days, 0);

  for (int i = 0; i < 5; ++i) h.push_back(item("API", Impact::minor, kNow - (10 + i) * kDayMs, 600));
  Similar s = select_similar(h, "API", Impact::minor, IncidentStatus::investigating, kNow, o);
  EXPECT_EQ(s.basis.n, 35);  // 5 in the year are too few: all 35
  EXPECT_EQ(s.basis.lookback_days, 0);

  for (int i = 0; i < 15; ++i) h.push_back(item("Web", Impact::major, kNow - (20 + i) * kDayMs, 600));
  s = select_similar(h, "API", Impact::minor, IncidentStatus::investigating, kNow, o);
  EXPECT_EQ(s.basis.lookback_days, 365);  // 20 items in the year: the year only
  EXPECT_EQ(s.basis.level, "all");        // its 5 API items are too few, so all 20 of the year
  EXPECT_EQ(s.basis.n, 20);

  o.min_samples = 21;  // the same history, a higher minimum: the year is too quiet again
  s = select_similar(h, "API", Impact::minor, IncidentStatus::investigating, kNow, o);
  EXPECT_EQ(s.basis.lookback_days, 0);
  EXPECT_EQ(s.basis.level, "category+impact+stage");
  EXPECT_EQ(s.basis.n, 35);
}

TEST(Estimate, IgnoresTheFutureAndCensorsOpenItems) {
  std::vector<PastIncident> h;
  for (int i = 0; i < 30; ++i) h.push_back(item("API", Impact::minor, kNow - kDayMs - i * kHourMs, 1800));
  PastIncident future = item("API", Impact::minor, kNow + kHourMs, 10);
  h.push_back(future);
  PastIncident open = item("API", Impact::minor, kNow - 2 * kHourMs, 0);
  open.resolved_at.reset();
  h.push_back(open);
  Similar s = select_similar(h, "API", Impact::minor, IncidentStatus::investigating, kNow, {});
  EXPECT_EQ(s.basis.n, 31);  // the future item is not history
  int censored = 0;
  for (const auto& o : s.observations)
    if (!o.event) {
      ++censored;
      EXPECT_EQ(o.duration_s, 7200);  // its age at "now"
    }
  EXPECT_EQ(censored, 1);
}

TEST(Estimate, ConditionsOnElapsedTime) {
  std::vector<PastIncident> h;
  for (int i = 1; i <= 100; ++i) h.push_back(item("API", Impact::minor, kNow - i * kDayMs, i * 60));  // 1..100 min
  const Estimate fresh = estimate_remaining(h, "API", Impact::minor, IncidentStatus::investigating, 0, kNow);
  ASSERT_TRUE(fresh.available);
  EXPECT_EQ(fresh.remaining_p50_s, 50 * 60);
  EXPECT_EQ(fresh.remaining_p90_s, 90 * 60);
  // After 40 minutes, 60 items remain (41..100 min); their median is 70 min, i.e. 30 min to go.
  const Estimate later = estimate_remaining(h, "API", Impact::minor, IncidentStatus::investigating, 40 * 60, kNow);
  EXPECT_EQ(later.remaining_p50_s, 30 * 60);
  EXPECT_EQ(later.longer_than_pct, 40);
  EXPECT_FALSE(later.beyond_history);
}

TEST(Estimate, BeyondTheHistoryStaysHonest) {
  std::vector<PastIncident> h;
  for (int i = 1; i <= 100; ++i) h.push_back(item("API", Impact::minor, kNow - i * kDayMs, i * 60));
  for (std::int64_t elapsed : {98 * 60, 200 * 60, 1000 * 60}) {
    const Estimate e = estimate_remaining(h, "API", Impact::minor, IncidentStatus::investigating, elapsed, kNow);
    EXPECT_TRUE(e.beyond_history) << elapsed;
    EXPECT_GE(e.longer_than_pct, 98);
    EXPECT_GT(e.remaining_p50_s, 0);
    EXPECT_LE(e.remaining_p50_s, e.remaining_p80_s);
    EXPECT_LE(e.remaining_p80_s, e.remaining_p90_s);
    EXPECT_GE(e.remaining_target_s, elapsed);  // widened: at least as long again
  }
}

// Beyond the history the remaining time is scaled by elapsed / t*; with items that lasted
// milliseconds and an absurd elapsed time that product passes any integer (found by
// fuzz_snapshot_codec under UBSan). Every figure is bounded instead, and `now + remaining`
// stays representable.
TEST(Estimate, AFarTailIsBoundedNotOverflowed) {
  std::vector<PastIncident> h;
  for (int i = 1; i <= 10; ++i) {
    PastIncident p = item("API", Impact::minor, kNow - i * kDayMs, 0);
    p.resolved_at = p.started_at + i;  // i milliseconds
    h.push_back(p);
  }
  for (std::int64_t elapsed : {std::int64_t{3} << 40, INT64_MAX / 2, INT64_MAX}) {
    const Estimate e = estimate_remaining(h, "API", Impact::minor, IncidentStatus::investigating, elapsed, kNow);
    ASSERT_TRUE(e.available);
    EXPECT_TRUE(e.beyond_history);
    for (std::int64_t v : {e.remaining_p50_s, e.remaining_p80_s, e.remaining_p90_s, e.remaining_target_s}) {
      EXPECT_GE(v, 60) << elapsed;
      EXPECT_LE(v, kMaxRemainingS) << elapsed;
    }
    EXPECT_EQ(e.remaining_target_s, kMaxRemainingS) << elapsed;  // "at least as long again", bounded
    EXPECT_GT(round_up_human(kNow + e.remaining_target_s * kSecondMs, kNow), kNow);
  }
}

TEST(Estimate, QuantilesOrderedAndNeverInThePastOnRealHistory) {
  const std::vector<PastIncident> h = github();
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const auto& probe = h[rng() % h.size()];
    const TimeMs now = probe.started_at + static_cast<TimeMs>(rng() % (3 * kDayMs));
    const std::int64_t elapsed = (now - probe.started_at) / 1000;
    const Estimate e = estimate_remaining(h, probe.category, probe.impact, IncidentStatus::investigating, elapsed, now);
    if (!e.available) continue;
    ASSERT_GE(e.remaining_p50_s, 60);
    ASSERT_LE(e.remaining_p50_s, e.remaining_p80_s);
    ASSERT_LE(e.remaining_p80_s, e.remaining_p90_s);
    ASSERT_GE(round_up_human(now + e.remaining_p50_s * 1000, now), now);
  }
}

TEST(RoundUpHuman, GranularityByMagnitudeAndStable) {
  const TimeMs now = parse_iso8601("2026-06-01T12:03:00Z").value();
  EXPECT_EQ(format_iso8601(round_up_human(now + 21 * kMinuteMs, now)), "2026-06-01T12:25:00.000Z");
  EXPECT_EQ(format_iso8601(round_up_human(now + 2 * kHourMs, now)), "2026-06-01T14:15:00.000Z");
  EXPECT_EQ(format_iso8601(round_up_human(now + 10 * kHourMs, now)), "2026-06-01T23:00:00.000Z");
  EXPECT_EQ(format_iso8601(round_up_human(now + 3 * kDayMs, now)), "2026-06-04T18:00:00.000Z");
  std::mt19937_64 rng(11);
  for (int i = 0; i < 10000; ++i) {
    const TimeMs at = now + static_cast<TimeMs>(rng() % (5 * kDayMs));
    const TimeMs r = round_up_human(at, now);
    ASSERT_GE(r, at);                       // never earlier: under-promise
    ASSERT_EQ(round_up_human(r, now), r);  // stable: rounding a rounded time changes nothing
  }
}
