// delivery_worker.cpp over a real store with a clock the test moves: a webhook receiver that
// never answers is retried, then given up a day after the delivery was queued and its
// subscriber disabled with the reason; email waits (not failed) while no relay is configured;
// a second send to the same host within the per-domain limit is deferred, not attempted; and
// the worker stops promptly. (Real SMTP and HTTP receivers: tests/api/*.test.mjs.)
#include "delivery_worker.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "demo_store.hpp"
#include "store.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);
// Port 1 on loopback: nothing listens there, so every attempt fails at once (connection refused).
constexpr const char* kDeadReceiver = "http://127.0.0.1:1/hook";

// One text value from the store file through a second connection ("" when no row).
std::string query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_busy_timeout(db, 2000);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_text(st, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// Polls `sql` until it returns `want` (the worker runs on its own thread), up to 10 s.
bool eventually(const std::string& path, const std::string& sql, const std::string& want) {
  for (int i = 0; i < 1000; ++i) {
    if (query(path, sql) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << sql << " never returned \"" << want << "\" (last: \"" << query(path, sql) << "\")";
  return false;
}

class DeliveryWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = candor_test::open_demo_store(dir_, kNow);
    ASSERT_NE(store_, nullptr);
    auto ids = store_->component_ids();
    ASSERT_TRUE(ids.ok() && !ids.value().empty());
    component_ = ids.value()[0];
  }
  std::string path() const { return dir_.file("portal.db"); }

  std::string subscribe(const std::string& kind, const std::string& address) {
    Subscriber s;
    s.kind = kind;
    s.address = address;
    s.language = "en";
    s.secret = kind == "webhook" ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : "";
    auto r = store_->subscribe(s, kNow - 1000);
    EXPECT_TRUE(r.ok()) << r.error().detail;
    if (kind == "email") {
      EXPECT_TRUE(store_->confirm_subscriber(r.value().subscriber.id, kNow - 1000).value());
    }
    return r.value().subscriber.id;
  }
  // An event every subscriber receives, appended with a component write.
  void emit(const std::string& key) {
    NotificationEvent ev;
    ev.key = key;
    ev.type = "incident.created";
    ev.subject_id = "inc1";
    ev.payload = R"({"incident_id":"inc1","name":"Test"})";
    auto v = store_->set_component_status(component_, ComponentStatus::degraded_performance, kNow, {ev});
    ASSERT_TRUE(v.ok()) << v.error().detail;
  }
  std::unique_ptr<DeliveryWorker> start(int per_domain_per_minute = 0) {
    DeliveryWorkerOptions o;
    o.db = path();
    o.webhook.allow_private = true;  // the dead receiver is on loopback
    o.web_root = dir_.file("no-web");
    o.per_domain_per_minute = per_domain_per_minute;
    o.poll_ms = 5;
    o.clock = [this] { return now_.load(); };
    return std::make_unique<DeliveryWorker>(std::move(o));
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::string component_;
  std::atomic<TimeMs> now_{kNow};
};

TEST_F(DeliveryWorkerTest, AWebhookFailingForADayIsGivenUpAndItsSubscriberDisabled) {
  init_delivery_transport();
  const std::string sub = subscribe("webhook", kDeadReceiver);
  emit("e1");
  auto worker = start();
  const std::string row = "SELECT %s FROM deliveries WHERE subscriber_id = '" + sub + "'";
  auto col = [&](const char* c) { return std::string(row).replace(row.find("%s"), 2, c); };
  // The first attempt fails and is scheduled 10 s ± 20 % later.
  ASSERT_TRUE(eventually(path(), col("attempts"), "1"));
  EXPECT_EQ(query(path(), col("state")), "pending");
  EXPECT_EQ(query(path(), col("last_error")).rfind("receiver unreachable", 0), 0u) << query(path(), col("last_error"));
  const TimeMs next = std::stoll(query(path(), col("next_attempt_at")));
  EXPECT_GE(next, kNow + 8 * kSecondMs);
  EXPECT_LE(next, kNow + 12 * kSecondMs);
  EXPECT_EQ(query(path(), col("last_error")).find("127.0.0.1"), std::string::npos);  // no URL in the error
  // Nothing happens while the clock stands still.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(query(path(), col("attempts")), "1");
  // A day after it was queued, the next failure is the last.
  now_ = kNow + kDayMs;
  ASSERT_TRUE(eventually(path(), col("state"), "failed"));
  EXPECT_EQ(query(path(), col("last_error")).rfind("gave up after a day: receiver unreachable", 0), 0u);
  ASSERT_TRUE(eventually(path(), "SELECT disabled_at FROM subscribers WHERE id = '" + sub + "'",
                         std::to_string(kNow + kDayMs)));
  EXPECT_EQ(query(path(), "SELECT disabled_reason FROM subscribers WHERE id = '" + sub + "'")
                .rfind("failing for a day: receiver unreachable", 0),
            0u);
}

TEST_F(DeliveryWorkerTest, EmailWaitsWithoutARelayInsteadOfFailing) {
  init_delivery_transport();
  const std::string sub = subscribe("email", "alice@example.com");
  emit("e1");
  auto worker = start();
  const std::string where = " FROM deliveries d JOIN notification_events e ON e.id = d.event_id WHERE e.key = 'e1'";
  ASSERT_TRUE(eventually(path(), "SELECT d.last_error" + where, "waiting for an SMTP relay (serve --smtp)"));
  // Two days on, it is still waiting, not failed: the relay may yet be configured.
  now_ = kNow + 2 * kDayMs;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(query(path(), "SELECT d.state" + where), "pending");
  EXPECT_EQ(query(path(), "SELECT disabled_at FROM subscribers WHERE id = '" + sub + "'"), "");
}

TEST_F(DeliveryWorkerTest, TheSecondSendToAHostWithinItsLimitIsDeferred) {
  init_delivery_transport();
  const std::string a = subscribe("webhook", kDeadReceiver);
  const std::string b = subscribe("webhook", "http://127.0.0.1:1/other");
  emit("e1");
  auto worker = start(1);  // one a minute per host
  const std::string errors = "SELECT group_concat(last_error, '|') FROM (SELECT last_error FROM deliveries "
                             "WHERE last_error IS NOT NULL ORDER BY last_error)";
  ASSERT_TRUE(eventually(path(), "SELECT count(*) FROM deliveries WHERE last_error IS NOT NULL", "2"));
  const std::string both = query(path(), errors);
  EXPECT_EQ(both.rfind("deferred: per-domain rate limit|receiver unreachable", 0), 0u) << both;
  // The deferred one waits a whole minute (one token a minute), not a backoff step, and a
  // deferral is not an attempt: its retry schedule has not moved on.
  EXPECT_EQ(query(path(), "SELECT next_attempt_at FROM deliveries WHERE last_error LIKE 'deferred%'"),
            std::to_string(kNow + kMinuteMs));
  EXPECT_EQ(query(path(), "SELECT attempts FROM deliveries WHERE last_error LIKE 'deferred%'"), "0");
  (void)a;
  (void)b;
}

TEST_F(DeliveryWorkerTest, StopsPromptly) {
  init_delivery_transport();
  auto worker = start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto t0 = std::chrono::steady_clock::now();
  worker.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

}  // namespace
