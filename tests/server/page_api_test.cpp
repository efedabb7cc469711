// page_api.cpp through handle_request on a real store: auth, each field's validation with
// the field named, partial updates, clearing with null, and nothing changed by a bad request.
#include "page_api.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api_fixture.hpp"
#include "demo_store.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "store.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
namespace json = boost::json;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = candor_test::kApiNow;

class PageApiTest : public candor_test::ApiFixture {
 protected:
  Response patch(std::string body, std::string token = "use-write", std::string method = "PATCH") {
    if (token == "use-write") token = write_token_;
    return handle_request(ctx_, request(std::move(method), "/api/v1/page", std::move(body), token, ""), kNow);
  }
  Page page() { return store_->load_snapshot(kNow).value().page; }
  std::int64_t version() { return store_->version().value(); }
  static json::object error(const Response& r) { return json::parse(r.body).at("error").as_object(); }
};

TEST_F(PageApiTest, NeedsAWriteToken) {
  EXPECT_EQ(patch(R"({"accent":"#0b6e4f"})", "").status, 401);
  EXPECT_EQ(patch(R"({"accent":"#0b6e4f"})", "cnd_" + std::string(64, '0')).status, 401);
  EXPECT_EQ(patch(R"({"accent":"#0b6e4f"})", reports_token_).status, 403);
  const Response get = patch("", "use-write", "GET");
  EXPECT_EQ(get.status, 405);
  EXPECT_TRUE(page().theme.accent.empty());
}

TEST_F(PageApiTest, SetsTheThemeAndKeepsWhatIsNotGiven) {
  const std::string name_before = page().name;
  const std::int64_t v0 = version();
  const Response r = patch(
      R"({"accent":"#0B6E4F","logo_url":"/brand/logo.svg",)"
      R"("links":[{"label":"Help centre","url":"https://help.example.com"},{"label":"Brukervilkår","url":"/terms"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(version(), v0 + 1);
  const Page p = page();
  EXPECT_EQ(p.name, name_before);  // not given: kept
  EXPECT_EQ(p.theme.accent, "#0b6e4f");  // stored in lower case
  EXPECT_EQ(p.theme.logo_url, "/brand/logo.svg");
  ASSERT_EQ(p.theme.links.size(), 2u);
  EXPECT_EQ(p.theme.links[1].label, "Brukervilkår");
  // The answer is the stored page.
  const json::object answer = json::parse(r.body).as_object();
  EXPECT_EQ(answer.at("page").at("theme").at("accent"), "#0b6e4f");
  EXPECT_EQ(answer.at("version").as_int64(), v0 + 1);

  // A second write changes only the name; the theme stays.
  ASSERT_EQ(patch(R"({"name":"Northwind Status","time_zone":"America/New_York"})").status, 200);
  EXPECT_EQ(page().name, "Northwind Status");
  EXPECT_EQ(page().time_zone, "America/New_York");
  EXPECT_EQ(page().theme.links.size(), 2u);

  // null clears; links replace the list whole.
  ASSERT_EQ(patch(R"({"accent":null,"links":[{"label":"Status API","url":"/api/v2/summary.json"}]})").status, 200);
  EXPECT_TRUE(page().theme.accent.empty());
  EXPECT_EQ(page().theme.logo_url, "/brand/logo.svg");
  ASSERT_EQ(page().theme.links.size(), 1u);
  EXPECT_EQ(page().theme.links[0].label, "Status API");
  ASSERT_EQ(patch(R"({"links":null,"logo_url":null})").status, 200);
  EXPECT_TRUE(page().theme.links.empty());
  EXPECT_TRUE(page().theme.logo_url.empty());
}

TEST_F(PageApiTest, BadFieldsAreNamedAndChangeNothing) {
  ASSERT_EQ(patch(R"({"accent":"#112233"})").status, 200);
  const std::int64_t v0 = version();
  struct Case {
    const char* body;
    const char* code;
    const char* path;
  };
  const Case cases[] = {
      {R"({"accent":"red"})", "invalid_value", "/accent"},
      {R"({"accent":"#12345"})", "invalid_value", "/accent"},
      {R"({"accent":123})", "wrong_type", "/accent"},
      {R"x({"logo_url":"javascript:alert(1)"})x", "invalid_value", "/logo_url"},
      {R"({"logo_url":"http://example.com/logo.png"})", "invalid_value", "/logo_url"},
      {R"({"logo_url":"//cdn.example.com/logo.png"})", "invalid_value", "/logo_url"},
      {R"({"links":[{"label":"Help","url":"data:text/html,hi"}]})", "invalid_value", "/links/0/url"},
      {R"({"links":[{"label":"","url":"/help"}]})", "invalid_value", "/links/0/label"},
      {R"({"links":[{"label":"This label is far too long to fit a phone's header","url":"/x"}]})", "invalid_value",
       "/links/0/label"},
      {R"({"links":[{"label":"Help"}]})", "missing_field", "/links/0/url"},
      {R"({"links":[{"label":"Help","url":"/h","rel":"x"}]})", "unknown_field", "/links/0/rel"},
      {R"({"links":{"label":"Help"}})", "wrong_type", "/links"},
      {R"({"links":[1]})", "wrong_type", "/links/0"},
      {R"({"name":""})", "invalid_value", "/name"},
      {R"({"url":"https://status.example.com/"})", "invalid_value", "/url"},
      {R"({"url":"ftp://status.example.com"})", "invalid_value", "/url"},
      {R"({"time_zone":"Mars/Olympus_Mons"})", "invalid_value", "/time_zone"},
      {R"({"colour":"#112233"})", "unknown_field", "/colour"},
      {R"({})", "missing_field", ""},
  };
  for (const Case& c : cases) {
    const Response r = patch(c.body);
    EXPECT_EQ(r.status, 400) << c.body << " → " << r.body;
    const json::object e = error(r);
    EXPECT_EQ(e.at("code"), c.code) << c.body << " → " << r.body;
    EXPECT_EQ(e.at("path"), c.path) << c.body << " → " << r.body;
    EXPECT_FALSE(e.at("detail").as_string().empty());
  }
  std::string nine = "[";
  for (int i = 0; i < 9; ++i) nine += std::string(i ? "," : "") + R"({"label":"L","url":"/l"})";
  const Response r = patch(R"({"links":)" + nine + "]}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error(r).at("path"), "/links");
  EXPECT_EQ(version(), v0);
  EXPECT_EQ(page().theme.accent, "#112233");
}

TEST_F(PageApiTest, ThemeReachesThePortalSnapshotAndSurvivesAReopen) {
  ASSERT_EQ(patch(R"({"accent":"#0b6e4f","links":[{"label":"Help","url":"https://help.example.com"}]})").status, 200);
  Request get;
  get.method = "GET";
  get.target = "/api/v1/portal.json";
  const Response r = handle_request(ctx_, get, kNow);
  ASSERT_EQ(r.status, 200);
  const json::value doc = json::parse(r.body);
  EXPECT_EQ(doc.at("page").at("theme").at("accent"), "#0b6e4f");
  EXPECT_EQ(doc.at("page").at("theme").at("links").at(0).at("label"), "Help");
  const std::string path = store_->path();
  cache_.reset();
  store_.reset();
  auto reopened = Store::open(path, Store::OpenMode::existing_only);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened.value()->load_snapshot(kNow).value().page.theme.accent, "#0b6e4f");
}

}  // namespace
