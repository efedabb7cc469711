// The replay on real histories: coverage near the target, and a fair, causal walk.
#include "candor/replay.hpp"

#include <gtest/gtest.h>

#include "candor/history_csv.hpp"
#include "test_files.hpp"

using namespace candor;

namespace {
std::vector<PastIncident> load(const std::string& path) {
  std::string text;
  if (!candor_test::read_file(path, text)) return {};
  Result<std::vector<PastIncident>> r = read_history_csv(text);
  EXPECT_TRUE(r.ok()) << error_to_text(r.error());
  return r.value();
}
}  // namespace

TEST(Replay, GitHubCoverageNearTarget) {
  const ReplayResult r = replay(load(candor_test::data_path("github.csv")));
  EXPECT_EQ(r.items, 433);  // 443 rows, less the first ten that have too little history
  EXPECT_NEAR(r.candor.coverage, 0.9, 0.03);
  EXPECT_LT(r.median_only.coverage, 0.6);  // a median-only promise breaks about half the time
  EXPECT_GT(r.candor.median_width_ratio, 1);
}

// openai.csv is research data without a licence: read from ../shared, never copied here.
TEST(Replay, OpenAICoverageNearTarget) {
  const std::vector<PastIncident> h = load(std::string(CANDOR_SHARED_DATA) + "/incident-histories/openai.csv");
  if (h.empty()) GTEST_SKIP() << "../shared/data/incident-histories/openai.csv is absent (not redistributed)";
  const ReplayResult r = replay(h);
  EXPECT_NEAR(r.candor.coverage, 0.9, 0.03);
}

TEST(Replay, UsesOnlyThePast) {
  // Two eras: 50 incidents of 10 min, then 50 of 10 h. Early promises cannot know of the
  // long era, so every long incident's promise made before any long one ended is broken.
  std::vector<PastIncident> h;
  for (int i = 0; i < 100; ++i) {
    PastIncident p;
    p.id = std::to_string(i);
    p.category = "API";
    p.started_at = i * kDayMs;
    p.resolved_at = p.started_at + (i < 50 ? 10 * kMinuteMs : 10 * kHourMs);
    h.push_back(p);
  }
  const ReplayResult r = replay(h);
  EXPECT_EQ(r.items, 90);
  // Items 10..49 are kept (40); item 50 is broken; from item 51 on, longer history exists.
  EXPECT_LT(r.candor.coverage, 1.0);
  EXPECT_GT(r.candor.coverage, 0.5);
}
