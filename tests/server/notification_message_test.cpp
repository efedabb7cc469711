// notification_message.cpp: every language renders every event type from the real mail
// catalogs (web/i18n/mail) without a missing text; promises revised or missed are said
// plainly with both times; RFC 8058 headers; HTML without images whose links the text part
// also carries; the Standard Webhooks body.
#include "notification_message.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <regex>
#include <set>

#include "notification_event.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
namespace json = boost::json;
using candor_test::utc;

// The source tree's web root (CANDOR_TEST_DATA is <root>/tests/data).
const std::string kWebRoot = std::string(CANDOR_TEST_DATA) + "/../../web";
const MessageContext kCtx{"https://status.example.com/", "Northwind Cloud"};
// 2026-11-24 is in winter time: Europe/Oslo is UTC+1 (CET), per the IANA tz database.
const TimeMs kAt = utc(2026, 11, 24, 14, 0, 0);

const MailCatalogs& catalogs() {
  static const MailCatalogs c = [] {
    auto loaded = MailCatalogs::load(kWebRoot);
    EXPECT_TRUE(loaded.ok()) << loaded.error().path << ": " << loaded.error().detail;
    return loaded.ok() ? loaded.value() : MailCatalogs();
  }();
  return c;
}

json::object incident_payload() {
  json::object p;
  p["incident_id"] = "inc123";
  p["name"] = "Checkout errors";
  p["status"] = "identified";
  p["impact"] = "major";
  p["message"] = "We found the faulty deploy & are rolling it back.";
  p["components"] = json::parse(R"([{"id":"api","name":"API","status":"major_outage"}])");
  p["eta"] = json::object{{"likely_at", utc(2026, 11, 24, 16, 0, 0)}, {"latest_at", utc(2026, 11, 24, 17, 0, 0)}};
  p["next_update_at"] = utc(2026, 11, 24, 14, 30, 0);
  p["previous_promise"] = nullptr;
  p["time_zone"] = "Europe/Oslo";
  p["at"] = kAt;
  return p;
}

json::object payload_for(const std::string& type) {
  if (type.rfind("incident.", 0) == 0) {
    json::object p = incident_payload();
    if (type == "incident.resolved") {
      p["status"] = "resolved";
      p["eta"] = nullptr;
      p["next_update_at"] = nullptr;
      p["resolved_at"] = kAt;
    }
    return p;
  }
  if (type == "component.updated")
    return json::object{{"component_id", "api"}, {"name", "API"}, {"status", "partial_outage"},
                        {"previous_status", "operational"}, {"time_zone", "Europe/Oslo"}, {"at", kAt}};
  if (type.rfind("maintenance.", 0) == 0) {
    std::string status = type == "maintenance.started" ? "in_progress" : type == "maintenance.completed" ? "completed" : "scheduled";
    return json::object{{"maintenance_id", "mnt1"}, {"name", "Database upgrade"}, {"status", status},
                        {"message", "Short read-only period."}, {"scheduled_for", utc(2026, 11, 25, 1, 0, 0)},
                        {"scheduled_until", utc(2026, 11, 25, 3, 0, 0)},
                        {"components", json::parse(R"([{"id":"db","name":"Database"}])")},
                        {"time_zone", "Europe/Oslo"}, {"at", kAt}};
  }
  if (type.rfind("case.", 0) == 0)
    return json::object{{"case_id", "case1"}, {"stage", type == "case.resolved" ? "resolved" : "waiting_on_customer"},
                        {"message", "Could you send the invoice number?"}, {"next_update_at", utc(2026, 11, 25, 9, 0, 0)},
                        {"waiting_on_customer_for", "the invoice number"}, {"time_zone", "Europe/Oslo"}, {"at", kAt}};
  return json::object{{"confirm_token", "sub_0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}};
}

DueDelivery delivery(const std::string& type, const std::string& language, const json::object& payload) {
  DueDelivery d;
  d.id = 7;
  d.key = "42:sub_0123456789abcdef";
  d.kind = "email";
  d.subscriber_id = "sub_0123456789abcdef";
  d.address = "ada@example.com";
  d.language = language;
  d.manage_token = "sub_0123456789abcdef.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  d.event_type = type;
  d.event_payload = json::serialize(payload);
  d.event_at = kAt;
  return d;
}

std::string header(const OutgoingEmail& m, const std::string& name) {
  for (const auto& [k, v] : m.headers)
    if (k == name) return v;
  return {};
}

std::vector<std::string> hrefs(const std::string& html) {
  std::vector<std::string> out;
  const std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

// HTML attribute values are escaped; the text part has them raw.
std::string unescape(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{{"&amp;", "&"}, {"&quot;", "\""}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  }
  return s;
}

TEST(MailCatalogs, TheFourCatalogsHaveTheSameKeys) {
  const std::set<std::string> langs(mail_languages().begin(), mail_languages().end());
  EXPECT_EQ(langs, (std::set<std::string>{"en", "tr", "ru", "nb"}));
  ASSERT_TRUE(MailCatalogs::load(kWebRoot).ok());
  // A language lacking a text is refused at load, naming the language and the id.
  auto missing = MailCatalogs::parse({{"en", R"({"a":"A","b":"B"})"}, {"tr", R"({"a":"A","b":"B"})"},
                                      {"ru", R"({"a":"A"})"}, {"nb", R"({"a":"A","b":"B"})"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().path, "/ru/b");
  auto extra = MailCatalogs::parse({{"en", R"({"a":"A"})"}, {"tr", R"({"a":"A"})"}, {"ru", R"({"a":"A"})"},
                                    {"nb", R"({"a":"A","z":"Z"})"}});
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().path, "/nb/z");
  EXPECT_FALSE(MailCatalogs::load("/nonexistent-web-root").ok());
}

TEST(ComposeEmail, EveryLanguageRendersEveryEventTypeWithoutAMissingText) {
  for (const std::string& lang : mail_languages()) {
    for (const std::string& type : kNotificationEventTypes) {
      auto m = compose_email(delivery(type, lang, payload_for(type)), kCtx, catalogs());
      ASSERT_TRUE(m.ok()) << lang << " " << type << ": " << m.error().detail;
      const OutgoingEmail& e = m.value();
      for (const std::string* part : {&e.subject, &e.text, &e.html}) {
        // A missing text renders as its id ("mail.…"); a missing parameter as "{name}".
        EXPECT_EQ(part->find("mail."), std::string::npos) << lang << " " << type << ":\n" << *part;
        EXPECT_EQ(part->find('{'), std::string::npos) << lang << " " << type << ":\n" << *part;
      }
      EXPECT_FALSE(e.subject.empty());
      EXPECT_LT(e.subject.size(), 200u);
      EXPECT_EQ(e.subject.find('\n'), std::string::npos);
      EXPECT_EQ(header(e, "Content-Language"), lang);
    }
  }
}

TEST(ComposeEmail, AnUpdateSaysWhatChangedTheWindowAndTheNextUpdateInThePagesZone) {
  auto m = compose_email(delivery("incident.updated", "en", incident_payload()), kCtx, catalogs());
  ASSERT_TRUE(m.ok());
  const std::string& t = m.value().text;
  EXPECT_EQ(m.value().subject, "[Northwind Cloud] Update: Checkout errors");
  EXPECT_NE(t.find("Status: Cause identified"), std::string::npos) << t;
  EXPECT_NE(t.find("> We found the faulty deploy & are rolling it back."), std::string::npos) << t;
  EXPECT_NE(t.find("Affected: API"), std::string::npos) << t;
  // 16:00Z and 17:00Z are 17:00 and 18:00 in Oslo (CET, UTC+1); 14:30Z is 15:30.
  EXPECT_NE(t.find("Expected to be fixed between 17:00 and 18:00."), std::string::npos) << t;
  EXPECT_NE(t.find("Next update by 15:30."), std::string::npos) << t;
  EXPECT_NE(t.find("Times are in Europe/Oslo."), std::string::npos) << t;
  EXPECT_NE(t.find("https://status.example.com/#/incident/inc123"), std::string::npos) << t;
  EXPECT_NE(m.value().html.find("rolling it back"), std::string::npos);
  EXPECT_NE(m.value().html.find("&amp; are"), std::string::npos);  // escaped in HTML
}

TEST(ComposeEmail, ARevisedOrMissedPromiseIsSaidPlainlyWithBothTimes) {
  json::object p = incident_payload();
  // We said 16:30 (15:30Z); now 18:00 (17:00Z), Oslo time.
  p["previous_promise"] = json::object{{"latest_at", utc(2026, 11, 24, 15, 30, 0)}, {"missed", false}};
  auto revised = compose_email(delivery("incident.updated", "en", p), kCtx, catalogs());
  ASSERT_TRUE(revised.ok());
  EXPECT_NE(revised.value().text.find("We said 16:30; it will be later, now expected by 18:00."), std::string::npos)
      << revised.value().text;
  EXPECT_NE(revised.value().html.find("We said 16:30; it will be later, now expected by 18:00."), std::string::npos);

  p["previous_promise"] = json::object{{"latest_at", utc(2026, 11, 24, 15, 30, 0)}, {"missed", true}};
  auto missed = compose_email(delivery("incident.updated", "en", p), kCtx, catalogs());
  ASSERT_TRUE(missed.ok());
  EXPECT_NE(missed.value().text.find("We said 16:30 and did not make it; now expected by 18:00."), std::string::npos)
      << missed.value().text;
  // Every language says it with both times.
  for (const std::string& lang : mail_languages()) {
    auto m = compose_email(delivery("incident.updated", lang, p), kCtx, catalogs());
    ASSERT_TRUE(m.ok());
    EXPECT_NE(m.value().text.find("16:30"), std::string::npos) << lang;
    EXPECT_NE(m.value().text.find("18:00"), std::string::npos) << lang;
  }
  // A time on another day carries its date.
  p["previous_promise"] = json::object{{"latest_at", utc(2026, 11, 23, 15, 30, 0)}, {"missed", true}};
  auto yesterday = compose_email(delivery("incident.updated", "en", p), kCtx, catalogs());
  EXPECT_NE(yesterday.value().text.find("We said 2026-11-23 16:30"), std::string::npos) << yesterday.value().text;
}

TEST(ComposeEmail, ListUnsubscribeOnEveryMessageButTheConfirmation) {
  for (const std::string& type : kNotificationEventTypes) {
    auto m = compose_email(delivery(type, "en", payload_for(type)), kCtx, catalogs());
    ASSERT_TRUE(m.ok()) << type;
    const std::string unsubscribe =
        "https://status.example.com/api/v1/subscriptions/sub_0123456789abcdef.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/unsubscribe";
    if (type == "subscription.confirm") {
      EXPECT_TRUE(header(m.value(), "List-Unsubscribe").empty());
      EXPECT_NE(m.value().text.find("https://status.example.com/#/subscription/confirm/sub_0123456789abcdef.A"),
                std::string::npos);
    } else {
      EXPECT_EQ(header(m.value(), "List-Unsubscribe"), "<" + unsubscribe + ">") << type;
      EXPECT_EQ(header(m.value(), "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click") << type;
    }
    // The manage and unsubscribe links are in every message, in both parts.
    EXPECT_NE(m.value().text.find(unsubscribe), std::string::npos) << type;
    EXPECT_NE(m.value().text.find("https://status.example.com/#/subscription/sub_0123456789abcdef.B"), std::string::npos);
  }
}

TEST(ComposeEmail, HtmlHasNoImagesAndTheTextCarriesEveryLink) {
  for (const std::string& lang : mail_languages()) {
    for (const std::string& type : kNotificationEventTypes) {
      auto m = compose_email(delivery(type, lang, payload_for(type)), kCtx, catalogs());
      ASSERT_TRUE(m.ok());
      const std::string& html = m.value().html;
      EXPECT_EQ(html.find("<img"), std::string::npos);
      EXPECT_EQ(html.find("<script"), std::string::npos);
      EXPECT_EQ(html.find("src="), std::string::npos);  // nothing remote to load
      const auto links = hrefs(html);
      EXPECT_GE(links.size(), 2u) << type;  // at least manage + unsubscribe
      for (const std::string& href : links)
        EXPECT_NE(m.value().text.find(unescape(href)), std::string::npos) << lang << " " << type << ": " << href;
    }
  }
  // After resolution: the "how did we do?" link.
  auto resolved = compose_email(delivery("incident.resolved", "en", payload_for("incident.resolved")), kCtx, catalogs());
  EXPECT_NE(resolved.value().text.find("How did we do?"), std::string::npos);
}

TEST(ComposeEmail, ABadPayloadIsAnErrorNotAMessage) {
  DueDelivery d = delivery("incident.updated", "en", {});
  d.event_payload = "not json";
  EXPECT_FALSE(compose_email(d, kCtx, catalogs()).ok());
  d = delivery("subscription.confirm", "en", {});
  EXPECT_FALSE(compose_email(d, kCtx, catalogs()).ok());  // a confirmation without its token
  d = delivery("no.such.type", "en", incident_payload());
  EXPECT_FALSE(compose_email(d, kCtx, catalogs()).ok());
}

TEST(ComposeWebhookBody, StandardWebhooksShapeWithIsoTimes) {
  DueDelivery d = delivery("incident.updated", "en", incident_payload());
  d.kind = "webhook";
  auto body = compose_webhook_body(d, kCtx);
  ASSERT_TRUE(body.ok());
  const json::object o = json::parse(body.value()).as_object();
  EXPECT_EQ(o.at("type"), json::value("incident.updated"));
  EXPECT_EQ(o.at("timestamp"), json::value("2026-11-24T14:00:00.000Z"));
  const json::object& data = o.at("data").as_object();
  EXPECT_EQ(data.at("name"), json::value("Checkout errors"));
  EXPECT_EQ(data.at("next_update_at"), json::value("2026-11-24T14:30:00.000Z"));
  EXPECT_EQ(data.at("eta").at("latest_at"), json::value("2026-11-24T17:00:00.000Z"));
  EXPECT_EQ(data.at("url"), json::value("https://status.example.com/#/incident/inc123"));
  EXPECT_FALSE(data.contains("at"));
  d.event_payload = "[]";
  EXPECT_FALSE(compose_webhook_body(d, kCtx).ok());
}

}  // namespace
