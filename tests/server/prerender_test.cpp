// The no-JavaScript overview (prerender.hpp): what it says, that it escapes, and the catalog.
#include "prerender.hpp"

#include <gtest/gtest.h>

using namespace candor;
using namespace candor::server;

namespace {

constexpr TimeMs kNow = 1795500000000;  // 2026-11-24T06:00:00Z

const char* const kIndex =
    "<!doctype html>\n<html lang=\"en\">\n<head><title>Service status</title></head>\n<body>\n"
    "<h1 class=\"site-title\" id=\"site-title\">Service status</h1>\n"
    "<main id=\"main\" tabindex=\"-1\">\n<p class=\"loading\">Loading</p>\n"
    "<noscript><p>Needs JavaScript.</p></noscript>\n</main>\n</body>\n</html>\n";

Catalog english() {
  auto c = Catalog::parse(R"json({"app.title": "{name} status", "overall.operational": "All systems are operational.",
      "overall.major_outage": "Some systems are unavailable.", "overall.updated": "Updated {time} ({relative})",
      "incidents.heading": "Active incidents", "incidents.none": "There are no active incidents.",
      "stage.identified": "Identified", "impact.critical": "Critical impact",
      "maintenance.heading": "Scheduled maintenance", "maintenance.window": "{start} – {end}",
      "maintenance.status.scheduled": "Scheduled", "n.items": {"one": "# item", "other": "# items"},
      "incident.eta.heading": "When will it be fixed?", "incident.eta.window": "Most likely by {likely}, at the latest by {latest}.",
      "incident.eta.published": "Estimate published {time}.", "incident.next.due": "Next update by {time} ({relative})."})json");
  EXPECT_TRUE(c.ok());
  return c.value();
}

Snapshot quiet() {
  Snapshot s;
  s.version = 7;
  s.generated_at = kNow - 5 * kMinuteMs;
  s.page.name = "Acme & Co";
  Component api;
  api.id = "api";
  api.name = "API";
  s.components.push_back(api);
  return s;
}

// A critical incident, identified, started an hour ago.
Incident critical_incident(const std::string& name) {
  Incident i;
  i.id = "inc1";
  i.name = name;
  i.status = IncidentStatus::identified;
  i.impact = Impact::critical;
  i.started_at = kNow - kHourMs;
  return i;
}

}  // namespace

TEST(Catalog, FillsPlaceholdersAndKeepsTheOtherPluralForm) {
  const Catalog c = english();
  EXPECT_EQ(c.text("app.title", {{"name", "Acme"}}), "Acme status");
  EXPECT_EQ(c.text("n.items"), "# items");
  EXPECT_EQ(c.text("no.such.key"), "no.such.key");
  EXPECT_EQ(c.text("maintenance.window", {{"start", "a"}}), "a – {end}") << "an unknown placeholder stays visible";
  EXPECT_FALSE(Catalog::parse("[1]").ok());
  EXPECT_FALSE(Catalog::parse(R"({"a": 1})").ok());
  EXPECT_EQ(Catalog::parse(R"({"a": {"one": "x"}})").error().path, "/a");
}

TEST(Prerender, AQuietPageSaysAllIsWell) {
  const std::string html = prerender_index(kIndex, quiet(), kNow, english());
  EXPECT_NE(html.find("<title>Acme &amp; Co status</title>"), std::string::npos) << html;
  EXPECT_NE(html.find(">Acme &amp; Co status</h1>"), std::string::npos);
  EXPECT_NE(html.find("All systems are operational."), std::string::npos);
  EXPECT_NE(html.find("There are no active incidents."), std::string::npos);
  EXPECT_NE(html.find("Updated <time datetime=\"2026-11-24T05:55:00.000Z\">2026-11-24 05:55 UTC</time></p>"),
            std::string::npos)
      << "the relative part needs the reader's clock and is left out";
  EXPECT_EQ(html.find("Loading"), std::string::npos);
  EXPECT_NE(html.find("<noscript><p>Needs JavaScript.</p></noscript>"), std::string::npos);
  EXPECT_EQ(html.find("Scheduled maintenance"), std::string::npos) << "no maintenance, no section";
}

TEST(Prerender, ShowsActiveIncidentsEscapedAndMaintenances) {
  Snapshot s = quiet();
  s.components[0].status = ComponentStatus::major_outage;
  Incident i = critical_incident("<script>alert(1)</script> API down");
  i.updates.push_back(IncidentUpdate{"u1", IncidentStatus::identified, "Fix \"soon\" & <b>bold</b>", kNow - 30 * kMinuteMs,
                                     kNow - 30 * kMinuteMs});
  s.incidents.push_back(i);
  Incident old = i;
  old.id = "inc0";
  old.name = "Yesterday's trouble";
  old.status = IncidentStatus::resolved;
  s.incidents.push_back(old);
  Maintenance m;
  m.id = "m1";
  m.name = "DB upgrade";
  m.scheduled_for = kNow + kDayMs;
  m.scheduled_until = kNow + kDayMs + kHourMs;
  s.maintenances.push_back(m);

  const std::string html = prerender_index(kIndex, s, kNow, english());
  EXPECT_NE(html.find("Some systems are unavailable."), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; API down"), std::string::npos);
  EXPECT_NE(html.find("Identified · Critical impact"), std::string::npos);
  EXPECT_NE(html.find("Fix &quot;soon&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("Yesterday"), std::string::npos) << "only active incidents";
  EXPECT_NE(html.find("DB upgrade"), std::string::npos);
  EXPECT_NE(html.find("<time datetime=\"2026-11-25T06:00:00.000Z\">2026-11-25 06:00 UTC</time> – <time"), std::string::npos);
}

// Without JavaScript a reader still learns when we expect it fixed and when we will say
// more: the published promise and the next update, as times in UTC. A promise already
// missed when the page is made is left out (the server's next step replaces it).
TEST(Prerender, ShowsThePublishedWindowAndTheNextUpdate) {
  Snapshot s = quiet();
  Incident i = critical_incident("API slow");
  i.next_update_at = kNow + 20 * kMinuteMs;
  Promise p;
  p.published_at = kNow - 10 * kMinuteMs;
  p.likely_at = kNow + kHourMs;
  p.latest_at = kNow + 3 * kHourMs;
  i.promise = p;
  s.incidents.push_back(i);

  std::string html = prerender_index(kIndex, s, kNow, english());
  EXPECT_NE(html.find("<strong>When will it be fixed?</strong> Most likely by <time datetime=\"2026-11-24T07:00:00.000Z\">"
                      "2026-11-24 07:00 UTC</time>, at the latest by <time datetime=\"2026-11-24T09:00:00.000Z\">"
                      "2026-11-24 09:00 UTC</time>. Estimate published <time datetime=\"2026-11-24T05:50:00.000Z\">"
                      "2026-11-24 05:50 UTC</time>."),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Next update by <time datetime=\"2026-11-24T06:20:00.000Z\">2026-11-24 06:20 UTC</time>.</p>"),
            std::string::npos)
      << "the relative part needs the reader's clock and is left out";

  html = prerender_index(kIndex, s, kNow + 3 * kHourMs + kMinuteMs, english());
  EXPECT_EQ(html.find("When will it be fixed?"), std::string::npos) << "a missed window is not shown as if it held";
  s.incidents[0].promise.reset();
  s.incidents[0].next_update_at.reset();
  html = prerender_index(kIndex, s, kNow, english());
  EXPECT_EQ(html.find("When will it be fixed?"), std::string::npos);
  EXPECT_EQ(html.find("Next update"), std::string::npos);
}

TEST(Prerender, LeavesAPageWithoutMainAlone) {
  const std::string page = "<!doctype html><html lang=\"en\"><body><p>hi</p></body></html>";
  EXPECT_EQ(prerender_index(page, quiet(), kNow, english()), page);
}
