// customer_api.cpp through handle_request: capability links, feedback, reports and the
// per-client rate limit, on a real store.
#include "customer_api.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "demo_data.hpp"
#include "operator_api.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "sha256.hpp"
#include "store.hpp"
#include "api_fixture.hpp"
#include "demo_store.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
namespace json = boost::json;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = candor_test::kApiNow;

TEST(RateLimiter, FixedWindowPerClient) {
  RateLimiter limiter(3, kMinuteMs);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.allow("a", kNow + i));
  auto retry = limiter.allow("a", kNow + 10 * kSecondMs);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(*retry, 50);  // the window opened at kNow and lasts a minute
  EXPECT_FALSE(limiter.allow("b", kNow + 10 * kSecondMs));  // other clients are not affected
  EXPECT_FALSE(limiter.allow("a", kNow + kMinuteMs));       // a new window
}

class CustomerApiTest : public candor_test::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    ctx_.limiter = &limiter_;
  }
  Response call(std::string method, std::string target, std::string body = "", bool auth = false,
                std::string client = "192.0.2.1") {
    return handle_request(ctx_, request(std::move(method), std::move(target), std::move(body), auth ? write_token_ : "",
                                        std::move(client)),
                          kNow);
  }
  RateLimiter limiter_{kCustomerWritesPerMinute, kMinuteMs};
};

TEST_F(CustomerApiTest, CaseTokenIsStoredOnlyAsItsHash) {
  const Response made = call("POST", "/api/v1/cases",
                             R"({"customer_name":"Ada","title":"Invoices","category":"Billing"})", true);
  ASSERT_EQ(made.status, 201) << made.body;
  const json::value v = json::parse(made.body);
  const std::string token(v.at("token").as_string());
  ASSERT_EQ(token.size(), 32u);
  // The store finds it by hash, not by the token itself.
  EXPECT_TRUE(store_->find_case(sha256_bytes(token)).value().has_value());
  EXPECT_FALSE(store_->find_case(token).value().has_value());
  const Response read = call("GET", "/api/v1/cases/" + token + ".json");
  ASSERT_EQ(read.status, 200);
  const json::value c = json::parse(read.body);
  EXPECT_EQ(c.at("customer_name"), "Ada");
  EXPECT_EQ(c.at("stage"), "received");
  const Response wrong = call("GET", "/api/v1/cases/" + std::string(32, '0') + ".json");
  const Response odd = call("GET", "/api/v1/cases/%2e%2e.json");
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(wrong.body, odd.body);
  EXPECT_EQ(call("POST", "/api/v1/cases/" + token + ".json").status, 405);
}

TEST_F(CustomerApiTest, FeedbackOncePerCase) {
  const json::value v = json::parse(
      call("POST", "/api/v1/cases", R"({"customer_name":"Ada","title":"T","category":"C"})", true).body);
  const std::string url = "/api/v1/cases/" + std::string(v.at("token").as_string()) + "/feedback";
  EXPECT_EQ(call("POST", url, R"({"rating":0})").status, 400);
  EXPECT_EQ(call("POST", url, R"({})").status, 400);
  EXPECT_EQ(call("POST", url, R"({"rating":4,"comment":"ok"})").status, 201);
  EXPECT_EQ(call("POST", url, R"({"rating":5})").status, 409);
}

TEST_F(CustomerApiTest, FeedbackReachesIncidentsOlderThanTheSnapshot) {
  // An incident resolved before the snapshot's 30 days (the uptime bars still show it): its
  // "how did we do?" link may be followed late, and the answer is kept.
  auto s = store_->load_snapshot(kNow);
  ASSERT_TRUE(s.ok());
  std::string old_id;
  for (const auto& e : s.value().uptime_history)
    if (e.impact != Impact::maintenance) old_id = e.id;
  ASSERT_FALSE(old_id.empty()) << "the demo has incidents older than 30 days";
  for (const auto& x : s.value().incidents) ASSERT_NE(x.id, old_id);
  EXPECT_EQ(call("POST", "/api/v1/incidents/" + old_id + "/feedback", R"({"rating":4})").status, 201);
  EXPECT_EQ(call("POST", "/api/v1/incidents/nosuchincident/feedback", R"({"rating":4})").status, 404);
}

TEST_F(CustomerApiTest, ReportsAreLimitedPerClientAndSummarised) {
  const std::string incident = store_->load_snapshot(kNow).value().incidents.at(0).id;
  const std::string body = R"({"incident_id":")" + incident + "\"}";
  for (int i = 0; i < kCustomerWritesPerMinute; ++i) EXPECT_EQ(call("POST", "/api/v1/reports", body).status, 202);
  const Response limited = call("POST", "/api/v1/reports", body);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("Retry-After"), "60");
  EXPECT_EQ(call("POST", "/api/v1/reports", body, false, "198.51.100.7").status, 202);
  const Response summary = call("GET", "/api/v1/reports/summary.json", "", true);
  ASSERT_EQ(summary.status, 200) << summary.body;
  const json::value s = json::parse(summary.body);
  ASSERT_EQ(s.at("counts").as_array().size(), 1u);
  EXPECT_EQ(s.at("counts").at(0).at("count").as_int64(), kCustomerWritesPerMinute + 1);
  EXPECT_EQ(s.at("counts").at(0).at("hour"), "2026-03-20T12:00:00.000Z");
  EXPECT_EQ(call("GET", "/api/v1/reports/summary.json").status, 401);
}

}  // namespace

namespace {

TEST_F(CustomerApiTest, OperatorsMoveACaseAlongByItsId) {
  const json::value made = json::parse(
      call("POST", "/api/v1/cases", R"({"customer_name":"Ada","title":"T","category":"C"})", true).body);
  const std::string id(made.at("id").as_string());
  const std::string token(made.at("token").as_string());
  EXPECT_EQ(call("POST", "/api/v1/cases/" + id + "/updates", R"({"stage":"investigating","message":"m"})").status, 401);
  const Response waiting = call("POST", "/api/v1/cases/" + id + "/updates",
                                R"({"stage":"waiting_on_customer","message":"Need logs"})", true);
  EXPECT_EQ(waiting.status, 400);
  EXPECT_EQ(json::parse(waiting.body).at("error").at("path"), "/waiting_on_customer_for");
  ASSERT_EQ(call("POST", "/api/v1/cases/" + id + "/updates",
                 R"({"stage":"waiting_on_customer","message":"Need logs","waiting_on_customer_for":"your logs"})", true)
                .status,
            201);
  ASSERT_EQ(call("POST", "/api/v1/cases/" + id + "/resolve", "", true).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/cases/" + id + "/resolve", "", true).status, 409);
  EXPECT_EQ(call("POST", "/api/v1/cases/nosuch000000/resolve", "", true).status, 404);
  const json::value c = json::parse(call("GET", "/api/v1/cases/" + token + ".json").body);
  EXPECT_EQ(c.at("stage"), "resolved");
  EXPECT_EQ(c.at("updates").as_array().size(), 3u);
  // The id is not a capability: it never opens the case.
  EXPECT_EQ(call("GET", "/api/v1/cases/" + id + ".json").status, 404);
}

}  // namespace
