// subscription_api.cpp through handle_request on a real store: subscribe (email, webhook,
// case), confirm, manage, one-click unsubscribe; and the events operator writes append.
#include "subscription_api.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "demo_store.hpp"
#include "operator_api.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "api_fixture.hpp"
#include "store.hpp"
#include "subscription_token.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
namespace json = boost::json;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = candor_test::kApiNow;

class SubscriptionApiTest : public candor_test::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    ctx_.mail_enabled = true;
    components_ = store_->component_ids().value();
  }
  Response call(std::string method, std::string target, std::string body = "", TimeMs now = kNow,
                std::string content_type = "application/json", bool as_operator = false) {
    return handle_request(ctx_, request(std::move(method), std::move(target), std::move(body),
                                        as_operator ? write_token_ : "", "192.0.2.7", content_type),
                          now);
  }
  std::int64_t count(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(dir_.file("portal.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    std::int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  // The confirmation link the worker would mail: expanded and claimed from the outbox.
  std::string confirmation_token(TimeMs now = kNow) {
    EXPECT_TRUE(store_->expand_events(now, 100).ok());
    std::string token;
    const std::vector<DueDelivery> due = store_->claim_deliveries(now, 100).value();
    for (const DueDelivery& d : due) {
      if (d.event_type != "subscription.confirm") continue;
      token = std::string(json::parse(d.event_payload).at("confirm_token").as_string());
      EXPECT_TRUE(store_->mark_delivery_sent(d.id, now).value());
    }
    return token;
  }
  std::string webhook_manage_token(const std::string& url = "https://hooks.example/candor") {
    const Response r = call("POST", "/api/v1/subscriptions", R"({"webhook_url":")" + url + R"("})");
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(body(r).at("manage_token").as_string());
  }

  std::vector<std::string> components_;
};

TEST_F(SubscriptionApiTest, OptionsSayWhetherEmailIsOffered) {
  Response r = call("GET", "/api/v1/subscriptions/options.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(body(r).at("email"), json::value(true));
  EXPECT_EQ(body(r).at("webhook"), json::value(true));
  EXPECT_EQ(body(r).at("languages"), json::parse(R"(["en","tr","ru","nb"])"));
  ctx_.mail_enabled = false;
  r = call("GET", "/api/v1/subscriptions/options.json");
  EXPECT_EQ(body(r).at("email"), json::value(false));
  // Without a relay, an email subscribe is refused rather than queued for nobody to send.
  r = call("POST", "/api/v1/subscriptions", R"({"email":"a@b.example"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_path(r), "/email");
}

TEST_F(SubscriptionApiTest, EmailSubscribeAnswersTheSameForKnownAndUnknownAddresses) {
  const std::string req = R"({"email":"Ada@Example.COM","language":"tr","components":[")" + components_[1] + R"("]})";
  const Response first = call("POST", "/api/v1/subscriptions", req);
  const Response second = call("POST", "/api/v1/subscriptions", req, kNow + kMinuteMs);
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(second.status, first.status);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(body(first), json::parse(R"({"status":"confirmation_sent"})"));
  // One row, the domain lower-cased, nothing confirmed yet.
  EXPECT_EQ(count("SELECT count(*) FROM subscribers"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM subscribers WHERE address = 'Ada@example.com' AND confirmed_at IS NULL"), 1);
  // Each subscribe re-sends the confirmation (a retry in the same millisecond would not).
  EXPECT_EQ(count("SELECT count(*) FROM notification_events WHERE type = 'subscription.confirm'"), 2);
}

TEST_F(SubscriptionApiTest, BadInputIsA400NamingTheField) {
  struct Case {
    std::string body, path;
  };
  const std::vector<Case> cases = {
      {R"({"email":"no-at-sign.example"})", "/email"},
      {R"({"email":"two@@b.example"})", "/email"},
      {R"({"email":"a@localhost"})", "/email"},
      {R"({"email":"a b@c.example"})", "/email"},
      {R"({"email":"a@b.example\r\nBcc: x@y.example"})", "/email"},
      {R"({"email":")" + std::string(65, 'a') + R"(@b.example"})", "/email"},
      {R"({"email":"a@b.example","language":"de"})", "/language"},
      {R"({"email":"a@b.example","components":["no-such-component"]})", "/components/0"},
      {R"({"webhook_url":"ftp://files.example/x"})", "/webhook_url"},
      {R"({"webhook_url":"https://user:pw@hooks.example/x"})", "/webhook_url"},
      {R"({"webhook_url":"https://hooks.example/)" + std::string(2000, 'x') + R"("})", "/webhook_url"},
      {R"({"webhook_url":"https:///path"})", "/webhook_url"},
      {R"({})", "/email"},
      {R"({"email":"a@b.example","colour":"red"})", "/colour"},
  };
  for (const Case& c : cases) {
    const Response r = call("POST", "/api/v1/subscriptions", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(error_path(r), c.path) << c.body << " → " << r.body;
  }
  EXPECT_EQ(count("SELECT count(*) FROM subscribers"), 0);
}

TEST_F(SubscriptionApiTest, WebhookSubscribeShowsTheSecretOnceAndRefusesASecondForTheSameUrl) {
  const Response r = call("POST", "/api/v1/subscriptions",
                          R"({"webhook_url":"https://hooks.example/candor","components":[")" + components_[0] + R"("]})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value b = body(r);
  const std::string id(b.at("id").as_string()), secret(b.at("secret").as_string()), manage(b.at("manage_token").as_string());
  EXPECT_EQ(id.rfind("sub_", 0), 0u);
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(secret.size(), 6u + 32u);  // base64 of 24 bytes
  EXPECT_EQ(token_subscriber_id(manage), std::optional<std::string>(id));
  const Response again = call("POST", "/api/v1/subscriptions", R"({"webhook_url":"https://hooks.example/candor"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body.find(secret), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM subscribers"), 1);
}

TEST_F(SubscriptionApiTest, ConfirmWithAWrongOrExpiredTokenIsA404) {
  ASSERT_EQ(call("POST", "/api/v1/subscriptions", R"({"email":"ada@example.com"})").status, 202);
  const std::string token = confirmation_token();
  ASSERT_FALSE(token.empty());
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  const std::vector<std::string> wrong = {tampered, "garbage", token.substr(0, 21),
                                          "sub_0000000000000000." + token.substr(21)};
  for (const std::string& t : wrong) {
    const Response r = call("POST", "/api/v1/subscriptions/confirm", R"({"token":")" + t + R"("})");
    EXPECT_EQ(r.status, 404) << t;
  }
  // The manage token is not a confirm token.
  const std::string id = *token_subscriber_id(token);
  const std::string manage = manage_token(store_->link_key().value(), id);
  EXPECT_EQ(call("POST", "/api/v1/subscriptions/confirm", R"({"token":")" + manage + R"("})").status, 404);
  // 48 hours and a millisecond later: expired, with the same answer.
  const Response late = call("POST", "/api/v1/subscriptions/confirm", R"({"token":")" + token + R"("})",
                             kNow - 1 + kConfirmTokenLifetimeMs + 2);
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(late.body, call("POST", "/api/v1/subscriptions/confirm", R"({"token":")" + tampered + R"("})").body);
  EXPECT_FALSE(store_->find_subscriber(id).value()->confirmed_at.has_value());
  // In time: confirmed.
  const Response ok = call("POST", "/api/v1/subscriptions/confirm", R"({"token":")" + token + R"("})", kNow + kHourMs);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(body(ok).at("status"), json::value("confirmed"));
  EXPECT_EQ(store_->find_subscriber(id).value()->confirmed_at, std::optional<TimeMs>(kNow + kHourMs));
}

TEST_F(SubscriptionApiTest, ManageGetPutDelete) {
  ASSERT_EQ(call("POST", "/api/v1/subscriptions", R"({"email":"ada.lovelace@example.com"})").status, 202);
  const std::string id = *token_subscriber_id(confirmation_token());
  const std::string token = manage_token(store_->link_key().value(), id);
  const std::string url = "/api/v1/subscriptions/" + token + ".json";

  Response r = call("GET", url);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value b = body(r);
  EXPECT_EQ(b.at("kind"), json::value("email"));
  EXPECT_EQ(b.at("address"), json::value("a***@example.com"));
  EXPECT_EQ(b.at("components"), json::value("all"));
  EXPECT_EQ(b.at("language"), json::value("en"));
  EXPECT_EQ(b.at("confirmed"), json::value(false));
  EXPECT_TRUE(b.at("disabled").is_null());
  EXPECT_EQ(r.body.find("lovelace"), std::string::npos);

  r = call("PUT", url, R"({"language":"ru","components":[")" + components_[2] + R"("]})");
  ASSERT_EQ(r.status, 200) << r.body;
  b = body(r);
  EXPECT_EQ(b.at("language"), json::value("ru"));
  EXPECT_EQ(b.at("components"), json::array({json::value(components_[2])}));
  r = call("PUT", url, R"({"components":[]})");  // back to everything, the language kept
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("components"), json::value("all"));
  EXPECT_EQ(body(r).at("language"), json::value("ru"));
  r = call("PUT", url, R"({"components":[")" + components_[0] + R"("]})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = call("PUT", url, R"({"components":"all"})");  // the same, as the manage page says it
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("components"), json::value("all"));
  r = call("PUT", url, R"({"components":"some"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_path(r), "/components");
  r = call("PUT", url, R"({"language":"xx"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_path(r), "/language");
  r = call("PUT", url, R"({"components":["nope"]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_path(r), "/components/0");

  // A token for another id, or a forged MAC: 404, like no subscription at all.
  std::string forged = token;
  forged[forged.size() - 2] = forged[forged.size() - 2] == 'x' ? 'y' : 'x';
  EXPECT_EQ(call("GET", "/api/v1/subscriptions/" + forged + ".json").status, 404);

  r = call("DELETE", url);
  EXPECT_EQ(r.status, 204);
  EXPECT_FALSE(store_->find_subscriber(id).value().has_value());
  EXPECT_EQ(call("GET", url).status, 404);
  EXPECT_EQ(count("SELECT count(*) FROM deliveries WHERE state = 'pending'"), 0);
}

TEST_F(SubscriptionApiTest, OneClickPostUnsubscribesAndGetDoesNot) {
  const std::string token = webhook_manage_token();
  const std::string id = *token_subscriber_id(token);
  const std::string url = "/api/v1/subscriptions/" + token + "/unsubscribe";
  // What a mail scanner does: follow the link. It gets a page with a button, nothing more.
  Response r = call("GET", url, "", kNow, "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<form method=\"post\" action=\"" + url + "\">"), std::string::npos) << r.body;
  EXPECT_TRUE(store_->find_subscriber(id).value().has_value());
  // RFC 8058: a form-encoded POST with List-Unsubscribe=One-Click.
  r = call("POST", url, "List-Unsubscribe=One-Click", kNow, "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(store_->find_subscriber(id).value().has_value());
  EXPECT_EQ(call("POST", url, "List-Unsubscribe=One-Click", kNow, "application/x-www-form-urlencoded").status, 404);

  // The page's own button, pressed in a browser: a page in answer, not JSON.
  const std::string other = webhook_manage_token("https://hooks.example/other");
  Request press;
  press.method = "POST";
  press.target = "/api/v1/subscriptions/" + other + "/unsubscribe";
  press.body = "List-Unsubscribe=One-Click";
  press.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "text/html,*/*;q=0.8"}};
  r = handle_request(ctx_, press, kNow);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<h1>Unsubscribed</h1>"), std::string::npos);
  EXPECT_FALSE(store_->find_subscriber(*token_subscriber_id(other)).value().has_value());
}

TEST_F(SubscriptionApiTest, ACaseCustomerSubscribesToTheirCaseOnly) {
  const Response made = call("POST", "/api/v1/cases", R"({"customer_name":"Ada","title":"Invoices","category":"Billing"})",
                             kNow, "application/json", true);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string case_token(body(made).at("token").as_string());
  const std::string case_id(body(made).at("id").as_string());
  Response r = call("POST", "/api/v1/cases/" + case_token + "/subscribe", R"({"email":"ada@example.com","language":"nb"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(count("SELECT count(*) FROM subscribers WHERE case_id = '" + case_id + "' AND language = 'nb'"), 1);
  r = call("POST", "/api/v1/cases/" + std::string(32, 'f') + "/subscribe", R"({"email":"ada@example.com"})");
  EXPECT_EQ(r.status, 404);
  r = call("POST", "/api/v1/cases/" + case_token + "/subscribe", R"({"email":"nope"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_path(r), "/email");

  // Confirmed, they hear of their case's update by the operator (and nothing public).
  const std::string token = confirmation_token();
  ASSERT_EQ(call("POST", "/api/v1/subscriptions/confirm", R"({"token":")" + token + R"("})").status, 200);
  r = call("POST", "/api/v1/cases/" + case_id + "/updates", R"({"stage":"in_progress","message":"On it."})", kNow + 1,
           "application/json", true);
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_TRUE(store_->expand_events(kNow + 2, 100).ok());
  const std::vector<DueDelivery> due = store_->claim_deliveries(kNow + 2, 100).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].event_type, "case.updated");
  EXPECT_EQ(json::parse(due[0].event_payload).at("message"), json::value("On it."));
}

TEST_F(SubscriptionApiTest, OperatorWritesAppendTheirEventsWithWhatTheMessageNeeds) {
  webhook_manage_token();  // a webhook hears of every public event
  const std::string create = R"({"name":"Checkout errors","impact":"major","category":"API","components":[")" +
                             components_[1] + R"("],"status":"investigating","message":"Looking into it."})";
  Response r = call("POST", "/api/v1/incidents", create, kNow + 1, "application/json", true);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id(body(r).at("id").as_string());
  r = call("POST", "/api/v1/incidents/" + id + "/updates", R"({"status":"identified","message":"Found it."})", kNow + 2,
           "application/json", true);
  ASSERT_EQ(r.status, 201) << r.body;
  r = call("POST", "/api/v1/incidents/" + id + "/resolve", R"({})", kNow + 3, "application/json", true);
  ASSERT_EQ(r.status, 200) << r.body;
  r = call("PATCH", "/api/v1/components/" + components_[2], R"({"status":"major_outage"})", kNow + 4, "application/json", true);
  ASSERT_LT(r.status, 300) << r.body;

  ASSERT_TRUE(store_->expand_events(kNow + 5, 100).ok());
  const std::vector<DueDelivery> due = store_->claim_deliveries(kNow + 5, 100).value();
  std::vector<std::string> types;
  for (const DueDelivery& d : due) types.push_back(d.event_type);
  EXPECT_EQ(types, (std::vector<std::string>{"incident.created", "incident.updated", "incident.resolved",
                                             "component.updated"}));
  const json::object created = json::parse(due[0].event_payload).as_object();
  EXPECT_EQ(created.at("name"), json::value("Checkout errors"));
  EXPECT_EQ(created.at("message"), json::value("Looking into it."));
  EXPECT_TRUE(created.at("eta").is_object());  // the promise's window
  EXPECT_TRUE(created.at("next_update_at").is_int64());
  EXPECT_EQ(created.at("components").as_array().size(), 1u);
  const json::object updated = json::parse(due[1].event_payload).as_object();
  EXPECT_EQ(updated.at("status"), json::value("identified"));
  EXPECT_EQ(updated.at("message"), json::value("Found it."));
  const json::object resolved = json::parse(due[2].event_payload).as_object();
  EXPECT_TRUE(resolved.at("eta").is_null());
  EXPECT_TRUE(resolved.at("resolved_at").is_int64());
  EXPECT_EQ(json::parse(due[3].event_payload).at("status"), json::value("major_outage"));
  // A retried write (the same update again) is a new update, but the same resolve is refused
  // (409), so no second incident.resolved exists.
  EXPECT_EQ(call("POST", "/api/v1/incidents/" + id + "/resolve", R"({})", kNow + 6, "application/json", true).status, 409);
  EXPECT_EQ(count("SELECT count(*) FROM notification_events WHERE type = 'incident.resolved'"), 1);
}

TEST_F(SubscriptionApiTest, ComponentStatusesSetByAnIncidentReachWebhooksAsComponentEvents) {
  webhook_manage_token();
  const std::string create = R"({"name":"Slow API","impact":"minor","category":"API","components":{")" + components_[1] +
                             R"(":"degraded_performance"},"message":"Slower than usual."})";
  ASSERT_EQ(call("POST", "/api/v1/incidents", create, kNow + 1, "application/json", true).status, 201);
  ASSERT_TRUE(store_->expand_events(kNow + 2, 100).ok());
  const std::vector<DueDelivery> due = store_->claim_deliveries(kNow + 2, 100).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].event_type, "incident.created");
  EXPECT_EQ(due[1].event_type, "component.updated");
  const json::object c = json::parse(due[1].event_payload).as_object();
  EXPECT_EQ(c.at("component_id"), json::value(components_[1]));
  EXPECT_EQ(c.at("status"), json::value("degraded_performance"));
  EXPECT_EQ(c.at("previous_status"), json::value("operational"));
  // Setting the status it already has tells nobody anything.
  const Response same = call("PATCH", "/api/v1/components/" + components_[1], R"({"status":"degraded_performance"})",
                             kNow + 3, "application/json", true);
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(count("SELECT count(*) FROM notification_events WHERE type = 'component.updated'"), 1);
}

}  // namespace
