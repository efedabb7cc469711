// The history CSV format: the real GitHub history, quoting, and errors naming line and column.
#include "candor/history_csv.hpp"

#include <gtest/gtest.h>

#include "test_files.hpp"

using namespace candor;

TEST(HistoryCsv, ReadsTheGitHubHistory) {
  std::string text;
  ASSERT_TRUE(candor_test::read_file(candor_test::data_path("github.csv"), text));
  Result<std::vector<PastIncident>> r = read_history_csv(text);
  ASSERT_TRUE(r.ok()) << error_to_text(r.error());
  // ../shared/data/incident-histories/README.md: 443 rows; minor 356, major 56, none 29, critical 2.
  ASSERT_EQ(r.value().size(), 443u);
  int minor = 0, major = 0, none = 0, critical = 0;
  for (const auto& p : r.value()) {
    minor += p.impact == Impact::minor;
    major += p.impact == Impact::major;
    none += p.impact == Impact::none;
    critical += p.impact == Impact::critical;
    ASSERT_TRUE(p.resolved_at.has_value());
  }
  EXPECT_EQ(minor, 356);
  EXPECT_EQ(major, 56);
  EXPECT_EQ(none, 29);
  EXPECT_EQ(critical, 2);
  const PastIncident& first = r.value().front();
  EXPECT_EQ(first.id, "sx4ctyf65d2y");
  EXPECT_EQ(first.category, "Visit www.githubstatus.com for more information");
  EXPECT_EQ((*first.resolved_at - first.started_at) / 1000, 19284);  // its duration_s column
}

TEST(HistoryCsv, ColumnsInAnyOrderQuotesAndOpenItems) {
  const char* text =
      "resolved_at,extra,impact,category,started_at,id\r\n"
      "2026-01-01T01:00:00Z,x,minor,\"API, EU\",2026-01-01T00:00:00Z,a1\r\n"
      ",\"say \"\"hi\"\"\",major,Web,2026-01-02T00:00:00Z,a2\r\n"
      "\n";
  Result<std::vector<PastIncident>> r = read_history_csv(text);
  ASSERT_TRUE(r.ok()) << error_to_text(r.error());
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_EQ(r.value()[0].category, "API, EU");
  EXPECT_EQ(*r.value()[0].resolved_at - r.value()[0].started_at, kHourMs);
  EXPECT_FALSE(r.value()[1].resolved_at.has_value());  // open: right-censored at "now"
  EXPECT_EQ(r.value()[1].impact, Impact::major);
}

TEST(HistoryCsv, ErrorsNameLineColumnAndExpectation) {
  const std::string header = "id,category,impact,started_at,resolved_at\n";
  struct Case {
    std::string text;
    std::string path;
    std::string expect_in_detail;
  };
  const Case cases[] = {
      {"id,category,impact,started_at\n", "line 1, column resolved_at", "resolved_at"},
      {header + "a,API,minor,2026-01-01T00:00:00Z,\nb,API,huge,2026-01-01T00:00:00Z,\n", "line 3, column impact",
       "none|minor|major|critical"},
      {header + "a,API,minor,2026-02-30T00:00:00Z,\n", "line 2, column started_at", "ISO-8601"},
      {header + "a,API,minor,2026-01-02T00:00:00Z,2026-01-01T00:00:00Z\n", "line 2, column resolved_at", "not before"},
      {header + ",API,minor,2026-01-02T00:00:00Z,\n", "line 2, column id", "non-empty"},
      {header + "a,API,minor\n", "line 2", "expected 5 fields"},
      {header + "a,\"API,minor,2026-01-02T00:00:00Z,\n", "line 2", "unterminated"},
  };
  for (const auto& c : cases) {
    Result<std::vector<PastIncident>> r = read_history_csv(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().path, c.path) << c.text;
    EXPECT_NE(r.error().detail.find(c.expect_in_detail), std::string::npos) << r.error().detail;
  }
}
