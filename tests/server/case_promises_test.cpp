// case_promises.cpp on a real store: a case's promise comes from the company's earlier cases,
// is stored (so every visit shows the same window), holds still under the tick, is counted
// in the track record, and is fulfilled when the case is resolved.
#include "case_promises.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "customer_api.hpp"
#include "demo_store.hpp"
#include "operator_api.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "sha256.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
namespace json = boost::json;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);
constexpr TimeMs kHourMs = 60 * kMinuteMs;

Case billing_case(const std::string& id, TimeMs opened_at, std::optional<TimeMs> resolved_at) {
  Case c;
  c.id = id;
  c.customer_name = "Ada";
  c.title = "Invoice twice";
  c.category = "Billing";
  c.stage = resolved_at ? CaseStage::resolved : CaseStage::received;
  c.opened_at = c.updated_at = opened_at;
  c.resolved_at = resolved_at;
  c.updates.push_back(CaseUpdate{id + "-u1", CaseStage::received, "Received.", opened_at});
  return c;
}

// Thirty earlier Billing cases that took 1, 2, ..., 30 hours, opened `days_ago` + 1 ... + 30
// days before kNow: the Kaplan–Meier median is 15 h (S drops to 0.5 at the 15th event) and
// the 90% bound 27 h (S ≤ 0.1 at the 27th).
void add_thirty_billing_cases(Store& store, int days_ago) {
  for (int i = 1; i <= 30; ++i) {
    const TimeMs opened = kNow - (days_ago + i) * kDayMs;
    ASSERT_TRUE(store.create_case(billing_case("past" + std::to_string(i), opened, opened + i * kHourMs),
                                  sha256_bytes("past-token-" + std::to_string(i)))
                    .ok());
  }
}

class CasePromisesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = candor_test::open_demo_store(dir_, kNow);
    ASSERT_NE(store_, nullptr);
    add_thirty_billing_cases(*store_, 10);
  }

  Case stored(const std::string& id) {
    auto c = store_->find_case_by_id(id);
    EXPECT_TRUE(c.ok() && c.value().has_value());
    return c.ok() && c.value() ? *c.value() : Case{};
  }

  TrackRecordKind resolution_record(TimeMs now) {
    auto s = store_->load_snapshot(now);
    EXPECT_TRUE(s.ok());
    for (const auto& k : s.value().track_record)
      if (k.kind == "resolution") return k;
    return {};
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CasePromisesTest, ANewCaseGetsItsWindowFromEarlierCases) {
  ASSERT_TRUE(store_->create_case(billing_case("new", kNow, std::nullopt), sha256_bytes("new-token")).ok());
  auto r = refresh_case_promise(*store_, "new", kNow);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_TRUE(r.value());
  const Case c = stored("new");
  ASSERT_TRUE(c.promise.has_value());
  EXPECT_EQ(c.promise->published_at, kNow);
  EXPECT_EQ(c.promise->basis_n, 30);
  EXPECT_EQ(c.promise->basis_level, "category");
  EXPECT_EQ(c.promise->likely_at, kNow + 15 * kHourMs);
  EXPECT_EQ(c.promise->latest_at, kNow + 27 * kHourMs);
  // The same promise through the capability link, as the case page reads it.
  auto by_token = store_->find_case(sha256_bytes("new-token"));
  ASSERT_TRUE(by_token.ok() && by_token.value());
  EXPECT_EQ(by_token.value()->promise->latest_at, c.promise->latest_at);
}

TEST_F(CasePromisesTest, TheTickLeavesAKeptPromiseAloneAndRevisesAMissedOne) {
  ASSERT_TRUE(store_->create_case(billing_case("new", kNow, std::nullopt), sha256_bytes("new-token")).ok());
  ASSERT_TRUE(refresh_case_promise(*store_, "new", kNow).value());
  const Promise first = *stored("new").promise;

  // A minute later nothing has changed: the same window (no flapping), no new record.
  auto quiet = refresh_open_case_promises(*store_, kNow + kMinuteMs);
  ASSERT_TRUE(quiet.ok());
  EXPECT_EQ(quiet.value(), 0);
  EXPECT_EQ(stored("new").promise->latest_at, first.latest_at);

  // Past its latest time and still open: missed, and a new window is published.
  const TimeMs late = first.latest_at + kHourMs;
  auto missed = refresh_open_case_promises(*store_, late);
  ASSERT_TRUE(missed.ok());
  EXPECT_EQ(missed.value(), 1);
  const Promise now = *stored("new").promise;
  EXPECT_GT(now.latest_at, late);
  EXPECT_EQ(now.missed_latest_at, std::optional<TimeMs>(first.latest_at));
  EXPECT_EQ(now.revision, first.revision + 1);
}

TEST_F(CasePromisesTest, ResolvingFulfilsThePromiseInTheTrackRecord) {
  ASSERT_TRUE(store_->create_case(billing_case("new", kNow, std::nullopt), sha256_bytes("new-token")).ok());
  ASSERT_TRUE(refresh_case_promise(*store_, "new", kNow).value());
  const TrackRecordKind before = resolution_record(kNow + kHourMs);

  CaseUpdate done{"new-u2", CaseStage::resolved, "Refunded.", kNow + 2 * kHourMs};
  auto up = store_->add_case_update("new", done, std::nullopt, "");
  ASSERT_TRUE(up.ok());
  ASSERT_EQ(up.value(), Store::CaseUpdateResult::updated);
  auto r = refresh_case_promise(*store_, "new", kNow + 2 * kHourMs);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());  // a resolved case gets no new promise
  const TrackRecordKind after = resolution_record(kNow + 3 * kHourMs);
  EXPECT_EQ(after.kept, before.kept + 1);
  EXPECT_EQ(after.broken, before.broken);
  // Again (a retried write, the tick): nothing is counted twice.
  ASSERT_TRUE(refresh_case_promise(*store_, "new", kNow + 3 * kHourMs).ok());
  EXPECT_EQ(resolution_record(kNow + 3 * kHourMs).kept, after.kept);
}

TEST(CasePromises, TheFirstCaseEverGetsNoPromise) {
  // Nothing to learn from: no window (one "by now" would be broken at once), no record.
  TempDir dir;
  auto store = candor_test::open_demo_store(dir, kNow);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->create_case(billing_case("first", kNow, std::nullopt), sha256_bytes("first-token")).ok());
  auto r = refresh_case_promise(*store, "first", kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());
  auto c = store->find_case_by_id("first");
  ASSERT_TRUE(c.ok() && c.value());
  EXPECT_FALSE(c.value()->promise.has_value());
}

TEST(CasePromises, AQuietYearStillGetsAWindowFromOlderCases) {
  // The same thirty Billing cases closed two years ago and nothing since: fewer than the
  // engine's minimum in the last year, so it uses them all and the window is the same
  // (median 15 h, 90% bound 27 h), not "no promise".
  TempDir dir;
  auto store = candor_test::open_demo_store(dir, kNow);
  ASSERT_NE(store, nullptr);
  add_thirty_billing_cases(*store, 730);
  ASSERT_TRUE(store->create_case(billing_case("new", kNow, std::nullopt), sha256_bytes("new-token")).ok());
  auto r = refresh_case_promise(*store, "new", kNow);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  ASSERT_TRUE(r.value());
  auto c = store->find_case_by_id("new");
  ASSERT_TRUE(c.ok() && c.value() && c.value()->promise);
  EXPECT_EQ(c.value()->promise->basis_n, 30);
  EXPECT_EQ(c.value()->promise->likely_at, kNow + 15 * kHourMs);
  EXPECT_EQ(c.value()->promise->latest_at, kNow + 27 * kHourMs);
}

TEST_F(CasePromisesTest, NoSuchCaseIsNotAnError) {
  auto r = refresh_case_promise(*store_, "nope", kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value());
}

TEST_F(CasePromisesTest, OpeningACaseOverTheApiStoresItsPromise) {
  PortalCache cache(*store_);
  RouteContext ctx;
  ctx.portal = &cache;
  ctx.store = store_.get();
  const std::string token = create_operator_token(*store_, "write", kNow).value().secret;
  Request req;
  req.method = "POST";
  req.target = "/api/v1/cases";
  req.client = "192.0.2.1";
  req.body = R"({"customer_name":"Ada","title":"Invoice twice","category":"Billing"})";
  req.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
  const Response opened = handle_request(ctx, req, kNow);
  ASSERT_EQ(opened.status, 201) << opened.body;
  const json::object o = json::parse(opened.body).as_object();

  Request read;
  read.method = "GET";
  read.target = "/api/v1/cases/" + std::string(o.at("token").as_string()) + ".json";
  read.client = "192.0.2.1";
  const Response page = handle_request(ctx, read, kNow + kMinuteMs);
  ASSERT_EQ(page.status, 200) << page.body;
  const json::value promise = json::parse(page.body).at("promise");
  ASSERT_TRUE(promise.is_object()) << page.body;
  EXPECT_EQ(promise.at("basis_n").as_int64(), 30);
}

}  // namespace
