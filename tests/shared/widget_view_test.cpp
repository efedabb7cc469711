// The widget's view: the shape web/widget/README-shape.md defines, and the window it shows.
#include "candor/widget_view.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "candor/codec.hpp"
#include "test_files.hpp"

using namespace candor;

namespace {
Snapshot golden(TimeMs& now) {
  std::string text, n;
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("golden/snapshot.json"), text));
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("golden/now.txt"), n));
  now = parse_iso8601(n.substr(0, n.find('\n'))).value();
  return decode_snapshot(text).value();
}
}  // namespace

TEST(WidgetView, ShapeAndContent) {
  TimeMs now = 0;
  const Snapshot s = golden(now);
  const nlohmann::json w = nlohmann::json::parse(widget_view_json(s, now));
  EXPECT_EQ(w["schema"], "candor.widget/1");
  EXPECT_EQ(w["version"], 17);
  EXPECT_EQ(w["page"]["url"], "./");
  EXPECT_EQ(w["overall"]["indicator"], "major");
  EXPECT_EQ(w["components"].size(), 4u);  // groups left out
  ASSERT_EQ(w["incidents"].size(), 1u);   // the resolved one left out
  const auto& inc = w["incidents"][0];
  EXPECT_EQ(inc["stage"], "identified");
  EXPECT_EQ(inc["url"], "./#/incident/incactive001");
  // Its promise was missed at 13:57:30: the widget shows the live window instead, in the future.
  EXPECT_GT(parse_iso8601(inc["latest_at"].get<std::string>()).value(), now);
  ASSERT_EQ(w["maintenances"].size(), 1u);  // starts in about two days
  EXPECT_FALSE(w["maintenances"][0]["active"].get<bool>());
  EXPECT_EQ(w["maintenances"][0]["likely_at"], w["maintenances"][0]["latest_at"]);
  EXPECT_LT(widget_view_json(s, now).size(), 2000u);  // small: that is the point
}

TEST(WidgetView, StandingPromiseWhileItHoldsAndMaintenanceWindow) {
  TimeMs now = 0;
  const Snapshot s = golden(now);
  const TimeMs early = now - 20 * kMinuteMs;  // before the promise's latest time (13:57:30)
  const nlohmann::json w = nlohmann::json::parse(widget_view_json(s, early));
  EXPECT_EQ(w["incidents"][0]["latest_at"], "2026-03-04T13:57:30.000Z");
  const TimeMs during = s.maintenances[0].scheduled_for + kMinuteMs;
  const nlohmann::json m = nlohmann::json::parse(widget_view_json(s, during));
  EXPECT_TRUE(m["maintenances"][0]["active"].get<bool>());
  EXPECT_EQ(m["maintenances"][0]["stage"], "in_progress");
  EXPECT_EQ(nlohmann::json::parse(widget_view_json(s, s.maintenances[0].scheduled_until + kMinuteMs))["maintenances"].size(), 0u);
}
