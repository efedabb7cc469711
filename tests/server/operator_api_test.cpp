// operator_api.cpp through handle_request: auth, validation, writes and their promise
// bookkeeping, on a real store; plus the /api/v2 routes' caching.
#include "operator_api.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "candor/promise.hpp"
#include "customer_api.hpp"
#include "demo_data.hpp"
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

class OperatorApiTest : public candor_test::ApiFixture {
 protected:
  Response call(std::string method, std::string target, std::string body, std::string token = "use-write",
                TimeMs now = kNow) {
    if (token == "use-write") token = write_token_;
    return handle_request(ctx_, request(std::move(method), std::move(target), std::move(body), token, ""), now);
  }

  std::int64_t version() { return store_->version().value(); }
  Snapshot snapshot(TimeMs now = kNow) { return store_->load_snapshot(now).value(); }
  std::string component_id() { return snapshot().components.at(1).id; }

  std::string create_body() {
    return R"({"name":"Checkout errors","impact":"major","category":"API","components":[")" + component_id() +
           R"("],"status":"investigating","message":"We are looking into it."})";
  }
};

TEST_F(OperatorApiTest, TokensAreStoredOnlyAsHashes) {
  auto tokens = store_->active_tokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens.value().size(), 2u);
  EXPECT_EQ(write_token_.size(), 4u + 64u);  // "cnd_" + 256 bits in hex
  for (const OperatorToken& t : tokens.value()) {
    EXPECT_EQ(t.token_sha256.size(), 32u);
    EXPECT_NE(t.token_sha256, write_token_);
  }
  EXPECT_TRUE(tokens.value()[0].token_sha256 == sha256_bytes(write_token_) ||
              tokens.value()[1].token_sha256 == sha256_bytes(write_token_));
  EXPECT_FALSE(create_operator_token(*store_, "admin", kNow).ok());
}

TEST_F(OperatorApiTest, WritesNeedAWriteToken) {
  const std::int64_t v = version();
  Response r = call("POST", "/api/v1/incidents", create_body(), "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer realm=\"candor\"");
  EXPECT_EQ(call("POST", "/api/v1/incidents", create_body(), "cnd_wrong").status, 401);
  r = call("POST", "/api/v1/incidents", create_body(), reports_token_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(error_code(r), "forbidden");
  // Revoked tokens stop working at once.
  auto tokens = store_->active_tokens().value();
  for (const auto& t : tokens) {
    if (t.token_sha256 == sha256_bytes(write_token_)) {
      ASSERT_TRUE(store_->revoke_token(t.id, kNow).value());
    }
  }
  EXPECT_EQ(call("POST", "/api/v1/incidents", create_body()).status, 401);
  EXPECT_EQ(version(), v);
}

TEST_F(OperatorApiTest, CreateIncidentStoresItWithAPromise) {
  const std::int64_t v = version();
  const Response r = call("POST", "/api/v1/incidents", create_body());
  ASSERT_EQ(r.status, 201) << r.body;
  const json::value b = body(r);
  const std::string id(b.at("id").as_string());
  EXPECT_EQ(id.size(), 12u);
  EXPECT_EQ(r.header("Location"), "/api/v1/incidents/" + id);
  EXPECT_EQ(b.at("version").as_int64(), v + 1);
  EXPECT_EQ(version(), v + 1);
  // Default next update by impact (major: 60 min, candor::next_update_interval).
  EXPECT_EQ(b.at("next_update_at"), json::value(format_iso8601(kNow + next_update_interval(Impact::major))));

  const Snapshot s = snapshot();
  const Incident* x = nullptr;
  for (const Incident& i : s.incidents)
    if (i.id == id) x = &i;
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->name, "Checkout errors");
  EXPECT_EQ(x->impact, Impact::major);
  EXPECT_EQ(x->category, "API");
  EXPECT_EQ(x->status, IncidentStatus::investigating);
  ASSERT_EQ(x->updates.size(), 1u);
  EXPECT_EQ(x->updates[0].body, "We are looking into it.");
  EXPECT_EQ(x->component_ids, std::vector<std::string>{component_id()});
  ASSERT_TRUE(x->promise.has_value());
  EXPECT_EQ(x->promise->published_at, kNow);
  EXPECT_GE(x->promise->latest_at, x->promise->likely_at);
  EXPECT_EQ(s.page.updated_at, kNow);
}

TEST_F(OperatorApiTest, UpdatesAndResolveKeepThePromisedNextUpdate) {
  const Response created = call("POST", "/api/v1/incidents", create_body());
  ASSERT_EQ(created.status, 201);
  const std::string id(body(created).at("id").as_string());
  const TimeMs later = kNow + 20 * kMinuteMs;
  const Response upd = call("POST", "/api/v1/incidents/" + id + "/updates",
                            R"({"status":"identified","message":"Found: a bad deploy."})", "use-write", later);
  ASSERT_EQ(upd.status, 201) << upd.body;
  EXPECT_EQ(body(upd).at("incident_id"), json::value(id));
  EXPECT_NE(body(upd).at("id"), json::value(id));  // the update's own id
  EXPECT_EQ(body(upd).at("status"), "identified");

  const TimeMs end = later + 30 * kMinuteMs;
  const Response res = call("POST", "/api/v1/incidents/" + id + "/resolve", "", "use-write", end);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(body(res).at("resolved_at"), json::value(format_iso8601(end)));
  EXPECT_TRUE(body(res).at("next_update_at").is_null());

  // Statuspage view: newest update first.
  Request req;
  req.method = "GET";
  req.target = "/api/v2/incidents.json";
  const json::value v2 = json::parse(handle_request(ctx_, req, end).body);
  const json::value* inc = nullptr;
  for (const auto& x : v2.at("incidents").as_array())
    if (x.at("id") == json::value(id)) inc = &x;
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(inc->at("status"), "resolved");
  const auto& ups = inc->at("incident_updates").as_array();
  ASSERT_EQ(ups.size(), 3u);
  EXPECT_EQ(ups[0].at("status"), "resolved");
  EXPECT_EQ(ups[2].at("status"), "investigating");

  // Both next-update promises were kept, and the resolution promise too (resolved early).
  const Snapshot s = snapshot(end);
  int next_update_kept = 0, resolution_kept = 0;
  for (const TrackRecordKind& k : s.track_record) {
    if (k.kind == "next_update") next_update_kept = k.kept;
    if (k.kind == "resolution") resolution_kept = k.kept;
  }
  EXPECT_GE(next_update_kept, 2);
  EXPECT_GE(resolution_kept, 1);

  // A resolved incident takes no more updates.
  const std::int64_t v = version();
  const Response again = call("POST", "/api/v1/incidents/" + id + "/updates",
                              R"({"status":"monitoring","message":"?"})", "use-write", end);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(version(), v);
}

TEST_F(OperatorApiTest, BadRequestsAreExplainedAndChangeNothing) {
  const std::int64_t v = version();
  struct Case {
    std::string body;
    int status;
    std::string code;
    std::string path;
  };
  const std::vector<Case> cases = {
      {R"({"impact":"major","category":"API","message":"m"})", 400, "missing_field", "/name"},
      {R"({"name":"n","impact":"huge","category":"API","message":"m"})", 400, "invalid_value", "/impact"},
      {R"({"name":"n","impact":"maintenance","category":"API","message":"m"})", 400, "invalid_value", "/impact"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","status":"resolved"})", 400, "invalid_value",
       "/status"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","colour":"red"})", 400, "unknown_field",
       "/colour"},
      {R"({"name":7,"impact":"major","category":"API","message":"m"})", 400, "wrong_type", "/name"},
      {R"({"name":"","impact":"major","category":"API","message":"m"})", 400, "invalid_value", "/name"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","components":["nope"]})", 400, "invalid_value",
       "/components/0"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","operator_estimate_s":1e400})", 400,
       "invalid_value", "/operator_estimate_s"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","operator_estimate_s":99999999999999999999})",
       400, "invalid_value", "/operator_estimate_s"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","next_update_at":"2020-01-01T00:00:00Z"})", 400,
       "invalid_value", "/next_update_at"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","next_update_at":"soon"})", 400,
       "invalid_value", "/next_update_at"},
      {R"({"name":"n","impact":"major","category":"API","message":"m","obstacles":[{"title":"t","x":1}]})", 400,
       "unknown_field", "/obstacles/0/x"},
      {R"({"name": )", 400, "parse_error", ""},
      {R"([1,2])", 400, "wrong_type", ""},
      {"{\"name\":\"\xc3\x28\"}", 400, "bad_utf8", ""},
      {"{\"name\":\"\xed\xa0\x80\"}", 400, "bad_utf8", ""},  // an encoded surrogate
      {std::string(20, '[') + std::string(20, ']'), 400, "too_deep", ""},
      {"{\"name\":\"" + std::string(kMaxWriteBodyBytes, 'x') + "\"}", 413, "too_large", ""},
  };
  for (const Case& c : cases) {
    const Response r = call("POST", "/api/v1/incidents", c.body);
    EXPECT_EQ(r.status, c.status) << c.body.substr(0, 100) << " → " << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    if (r.status >= 400) {
      EXPECT_EQ(error_code(r), c.code) << r.body;
      EXPECT_EQ(error_path(r), c.path) << r.body;
      const std::string detail(body(r).at("error").at("detail").as_string());
      EXPECT_FALSE(detail.empty());
    }
  }
  // The detail names the field and what is allowed.
  const Response r = call("POST", "/api/v1/incidents", cases[1].body);
  EXPECT_EQ(std::string(body(r).at("error").at("detail").as_string()),
            "impact: \"huge\" is not allowed; use one of none, minor, major, critical");
  // Not JSON at all: refused before parsing (a form post from a browser is not a write).
  Request form;
  form.method = "POST";
  form.target = "/api/v1/incidents";
  form.body = "name=x";
  form.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "Bearer " + write_token_}};
  EXPECT_EQ(handle_request(ctx_, form, kNow).status, 415);
  EXPECT_EQ(version(), v);
}

TEST_F(OperatorApiTest, MethodsAndPaths) {
  Response r = call("GET", "/api/v1/incidents", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "POST");
  r = call("PUT", "/api/v1/incidents/abc/updates", "{}");
  EXPECT_EQ(r.status, 405);
  r = call("POST", "/api/v1/components/abc", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "PATCH");
  EXPECT_EQ(call("POST", "/api/v1/incidents/abc/other", "{}").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/incidents/nosuch00001/updates", R"({"status":"identified","message":"m"})").status,
            404);
  EXPECT_EQ(call("POST", "/api/v2/summary.json", "{}").status, 405);
}

TEST_F(OperatorApiTest, SetComponentStatus) {
  const std::string id = component_id();
  const std::int64_t v = version();
  Response r = call("PATCH", "/api/v1/components/" + id, R"({"status":"major_outage"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body(r).at("version").as_int64(), v + 1);
  for (const Component& c : snapshot().components) {
    if (c.id == id) {
      EXPECT_EQ(c.status, ComponentStatus::major_outage);
    }
  }
  r = call("PATCH", "/api/v1/components/" + id, R"({"status":"down"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_path(r), "/status");
  EXPECT_EQ(call("PATCH", "/api/v1/components/nosuch", R"({"status":"operational"})").status, 404);
  EXPECT_EQ(version(), v + 1);
}

TEST_F(OperatorApiTest, TickRevisesMissedPromises) {
  const Response created = call("POST", "/api/v1/incidents", create_body());
  ASSERT_EQ(created.status, 201);
  OperatorContext op{store_.get(), cache_.get()};
  // Right away nothing has changed: the promise stands.
  auto now_tick = run_promise_tick(op, kNow + kMinuteMs);
  ASSERT_TRUE(now_tick.ok());
  const std::int64_t v = version();
  // Long after its latest time the promise is missed, and the tick replaces it.
  const Snapshot before = snapshot();
  TimeMs latest = 0;
  for (const Incident& x : before.incidents)
    if (x.id == std::string(body(created).at("id").as_string())) latest = x.promise->latest_at;
  auto late = run_promise_tick(op, latest + kHourMs);
  ASSERT_TRUE(late.ok());
  EXPECT_GE(late.value(), 1);
  EXPECT_GT(version(), v);
  for (const Incident& x : snapshot(latest + kHourMs).incidents) {
    if (x.id != std::string(body(created).at("id").as_string())) continue;
    ASSERT_TRUE(x.promise.has_value());
    EXPECT_GE(x.promise->revision, 1);
    EXPECT_EQ(x.promise->missed_latest_at, latest);
  }
}

TEST_F(OperatorApiTest, StatuspageRoutesRevalidateWithETags) {
  Request req;
  req.method = "GET";
  req.target = "/api/v2/summary.json";
  const Response r = handle_request(ctx_, req, kNow);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=5, stale-while-revalidate=30");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  const std::string etag(r.header("ETag"));
  EXPECT_EQ(etag.rfind("\"v2-", 0), 0u);
  req.headers.push_back({"If-None-Match", etag});
  EXPECT_EQ(handle_request(ctx_, req, kNow).status, 304);
  // A write changes the document and its ETag.
  ASSERT_EQ(call("POST", "/api/v1/incidents", create_body()).status, 201);
  const Response after = handle_request(ctx_, req, kNow);
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.header("ETag"), etag);
  for (const char* path : {"/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
                           "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json",
                           "/api/v2/scheduled-maintenances/upcoming.json",
                           "/api/v2/scheduled-maintenances/active.json"}) {
    Request get;
    get.method = "GET";
    get.target = path;
    const Response p = handle_request(ctx_, get, kNow);
    EXPECT_EQ(p.status, 200) << path;
    EXPECT_TRUE(json::parse(p.body).as_object().contains("page")) << path;
  }
}

}  // namespace

namespace {

TEST_F(OperatorApiTest, MaintenancesAreScheduledStartedAndCompleted) {
  const std::string body = R"({"name":"Database upgrade","scheduled_for":"2026-03-21T22:00:00Z",)"
                           R"("scheduled_until":"2026-03-21T23:30:00Z","components":[")" +
                           component_id() + R"("]})";
  const Response made = call("POST", "/api/v1/maintenances", body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id(json::parse(made.body).at("id").as_string());
  EXPECT_EQ(json::parse(made.body).at("status"), "scheduled");
  // Refused: an end before the start, a missing start, a step backwards.
  EXPECT_EQ(call("POST", "/api/v1/maintenances",
                 R"({"name":"x","scheduled_for":"2026-03-21T22:00:00Z","scheduled_until":"2026-03-21T21:00:00Z"})")
                .status,
            400);
  const Response missing = call("POST", "/api/v1/maintenances", R"({"name":"x","scheduled_until":"2026-03-21T21:00:00Z"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(error_path(missing), "/scheduled_for");
  const TimeMs start = utc(2026, 3, 21, 22, 1);
  EXPECT_EQ(call("POST", "/api/v1/maintenances/" + id + "/start", "", "use-write", start).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/maintenances/" + id + "/updates", R"({"status":"scheduled","message":"m"})",
                 "use-write", start)
                .status,
            409);
  const Response done = call("POST", "/api/v1/maintenances/" + id + "/complete", R"({"message":"All done."})",
                             "use-write", start + kHourMs);
  ASSERT_EQ(done.status, 201) << done.body;
  const Snapshot s = snapshot(start + kHourMs);
  const Maintenance* m = nullptr;
  for (const Maintenance& x : s.maintenances)
    if (x.id == id) m = &x;
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->status, MaintenanceStatus::completed);
  ASSERT_EQ(m->updates.size(), 3u);
  EXPECT_EQ(m->updates.back().body, "All done.");
  EXPECT_EQ(m->component_ids, std::vector<std::string>{component_id()});
  EXPECT_EQ(call("POST", "/api/v1/maintenances/" + id + "/complete", "", "use-write", start + kHourMs).status, 409);
  EXPECT_EQ(call("POST", "/api/v1/maintenances/nosuch000000/start", "").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/maintenances", "").status, 405);
}

}  // namespace

namespace {

TEST_F(OperatorApiTest, ChannelFiguresAreSetAndValidated) {
  const Channel before = snapshot().channels.at(0);
  const std::int64_t v = version();
  Response r = call("PATCH", "/api/v1/channels/" + before.id, R"({"agents":7,"calls_per_hour":42.5,"queue_length":3})");
  ASSERT_EQ(r.status, 200) << r.body;
  Channel after = snapshot().channels.at(0);
  EXPECT_EQ(after.agents, 7);
  EXPECT_DOUBLE_EQ(after.calls_per_hour, 42.5);
  EXPECT_EQ(after.queue_length, 3);
  EXPECT_DOUBLE_EQ(after.handle_seconds, before.handle_seconds);  // untouched
  // null clears the queue length; bad values and unknown fields change nothing.
  ASSERT_EQ(call("PATCH", "/api/v1/channels/" + before.id, R"({"queue_length":null})").status, 200);
  EXPECT_FALSE(snapshot().channels.at(0).queue_length.has_value());
  EXPECT_EQ(version(), v + 2);
  r = call("PATCH", "/api/v1/channels/" + before.id, R"({"agents":-1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_path(r), "/agents");
  EXPECT_EQ(call("PATCH", "/api/v1/channels/" + before.id, R"({"handle_seconds":"long"})").status, 400);
  EXPECT_EQ(call("PATCH", "/api/v1/channels/" + before.id, R"({})").status, 400);
  EXPECT_EQ(call("PATCH", "/api/v1/channels/" + before.id, R"({"agents":2,"colour":1})").status, 400);
  EXPECT_EQ(call("PATCH", "/api/v1/channels/nosuch", R"({"agents":2})").status, 404);
  EXPECT_EQ(version(), v + 2);
}

}  // namespace

namespace {

// The first update of `id` in /api/v2/incidents.json whose status is `status`.
json::value v2_update(RouteContext& ctx, const std::string& id, std::string_view status, TimeMs now) {
  Request req;
  req.method = "GET";
  req.target = "/api/v2/incidents.json";
  const json::value v2 = json::parse(handle_request(ctx, req, now).body);
  for (const auto& x : v2.at("incidents").as_array()) {
    if (x.at("id") != json::value(id)) continue;
    for (const auto& u : x.at("incident_updates").as_array())
      if (u.at("status") == json::value(status)) return u;
  }
  return nullptr;
}

TEST_F(OperatorApiTest, ComponentStatusesSetWithAnUpdateAreItsAffectedComponents) {
  const Snapshot s0 = snapshot();
  const Component* pick = nullptr;
  for (const Component& x : s0.components)
    if (!x.group && x.status == ComponentStatus::operational && pick == nullptr) pick = &x;
  ASSERT_NE(pick, nullptr);
  const Component& c = *pick;
  // Opening with {id: status} sets the status and names the component as affected.
  const Response created = call("POST", "/api/v1/incidents",
                                R"({"name":"Checkout errors","impact":"major","category":"API","components":{")" +
                                    c.id + R"(":"major_outage"},"message":"Looking."})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(body(created).at("id").as_string());
  const TimeMs later = kNow + 10 * kMinuteMs;
  const Response upd = call("POST", "/api/v1/incidents/" + id + "/updates",
                            R"({"status":"identified","message":"Rolling back.","components":{")" + c.id +
                                R"(":"partial_outage"}})",
                            "use-write", later);
  ASSERT_EQ(upd.status, 201) << upd.body;

  const Snapshot s = snapshot(later);
  for (const Component& now : s.components)
    if (now.id == c.id) {
      EXPECT_EQ(now.status, ComponentStatus::partial_outage);
    }
  // Spec §6 (and its §10 example): {code, name, old_status, new_status}, in that order.
  const json::value first = v2_update(ctx_, id, "investigating", later);
  const json::value second = v2_update(ctx_, id, "identified", later);
  ASSERT_TRUE(first.is_object());
  ASSERT_TRUE(second.is_object());
  const json::value want_first = json::parse(R"([{"code":")" + c.id + R"(","name":")" + c.name +
                                             R"(","old_status":"operational","new_status":"major_outage"}])");
  const json::value want_second = json::parse(R"([{"code":")" + c.id + R"(","name":")" + c.name +
                                              R"(","old_status":"major_outage","new_status":"partial_outage"}])");
  EXPECT_EQ(first.at("affected_components"), want_first);
  EXPECT_EQ(second.at("affected_components"), want_second);

  // An update that sets no status has null, as Statuspage's do.
  ASSERT_EQ(call("POST", "/api/v1/incidents/" + id + "/updates", R"({"status":"monitoring","message":"Watching."})",
                 "use-write", later)
                .status,
            201);
  EXPECT_TRUE(v2_update(ctx_, id, "monitoring", later).at("affected_components").is_null());

  // Bad maps are named and change nothing.
  const std::int64_t v = version();
  Response bad = call("POST", "/api/v1/incidents/" + id + "/updates",
                      R"({"status":"monitoring","message":"x","components":{")" + c.id + R"(":"on_fire"}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(error_path(bad), "/components/" + c.id);
  bad = call("POST", "/api/v1/incidents/" + id + "/updates",
             R"({"status":"monitoring","message":"x","components":{"nosuch":"operational"}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(error_path(bad), "/components/nosuch");
  bad = call("POST", "/api/v1/incidents/" + id + "/updates",
             R"({"status":"monitoring","message":"x","components":[")" + c.id + R"("]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(error_code(bad), "wrong_type");
  EXPECT_EQ(version(), v);
}

TEST_F(OperatorApiTest, IncidentsOlderThanTheSnapshotAreFoundInTheStore) {
  const Response created = call("POST", "/api/v1/incidents", create_body());
  ASSERT_EQ(created.status, 201);
  const std::string id(body(created).at("id").as_string());
  ASSERT_EQ(call("POST", "/api/v1/incidents/" + id + "/resolve", "", "use-write", kNow + kHourMs).status, 200);
  // 40 days on it is out of the snapshot's 30-day window, but still the store's.
  const TimeMs much_later = kNow + 40 * kDayMs;
  for (const Incident& x : snapshot(much_later).incidents) ASSERT_NE(x.id, id);
  const std::int64_t v = version();
  Response r = call("POST", "/api/v1/incidents/" + id + "/updates", R"({"status":"identified","message":"?"})",
                    "use-write", much_later);
  EXPECT_EQ(r.status, 409) << r.body;  // it exists; a resolved incident takes only a postmortem
  r = call("POST", "/api/v1/incidents/" + id + "/resolve", "", "use-write", much_later);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(version(), v);
  r = call("POST", "/api/v1/incidents/" + id + "/updates",
           R"({"status":"postmortem","message":"What happened, and what we changed."})", "use-write", much_later);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(body(r).at("status"), "postmortem");
  // resolved_at stays; the update is stored with the rest of the timeline.
  EXPECT_EQ(body(r).at("resolved_at"), json::value(format_iso8601(kNow + kHourMs)));
  auto stored = store_->find_incident(id);
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored.value().has_value());
  EXPECT_EQ(stored.value()->status, IncidentStatus::postmortem);
  EXPECT_EQ(stored.value()->updates.size(), 3u);
  // A postmortem before the resolution is refused; an unknown id is still a 404.
  const Response open = call("POST", "/api/v1/incidents", create_body());
  const std::string open_id(body(open).at("id").as_string());
  EXPECT_EQ(call("POST", "/api/v1/incidents/" + open_id + "/updates", R"({"status":"postmortem","message":"x"})").status,
            409);
  EXPECT_EQ(call("POST", "/api/v1/incidents/nosuch000000/updates", R"({"status":"identified","message":"x"})").status,
            404);
}

TEST_F(OperatorApiTest, ChannelHoursAreSetValidatedAndResolved) {
  const std::string id = snapshot().channels.at(0).id;
  const std::int64_t v = version();
  // kNow is Friday 2026-03-20 12:00 UTC. New York is on EDT (UTC-4) then: US DST starts
  // on the second Sunday of March (15 U.S.C. 260a), 2026-03-08. Monday 23 is a holiday.
  Response r = call("PATCH", "/api/v1/channels/" + id,
                    R"({"time_zone":"America/New_York","hours":["mon-fri 09:00-17:00"],"holidays":["2026-03-23=Closed"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  const Channel ch = snapshot().channels.at(0);
  EXPECT_EQ(ch.time_zone, "America/New_York");
  ASSERT_GE(ch.open_intervals.size(), 2u);
  EXPECT_EQ(ch.open_intervals[0].start, utc(2026, 3, 20, 13, 0, 0));
  EXPECT_EQ(ch.open_intervals[0].end, utc(2026, 3, 20, 21, 0, 0));
  EXPECT_EQ(ch.open_intervals[1].start, utc(2026, 3, 24, 13, 0, 0));  // Monday skipped
  auto stored = store_->channel_hours(id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored.value()->hours.holidays.size(), 1u);
  EXPECT_EQ(stored.value()->hours.holidays[0].name, "Closed");
  EXPECT_EQ(stored.value()->hours.weekly.size(), 5u);

  // An overnight shift on Fridays only, holidays cleared.
  r = call("PATCH", "/api/v1/channels/" + id, R"({"hours":["fri 22:00-06:00"],"holidays":[]})");
  ASSERT_EQ(r.status, 200) << r.body;
  const Channel night = snapshot().channels.at(0);
  ASSERT_FALSE(night.open_intervals.empty());
  EXPECT_EQ(night.open_intervals[0].start, utc(2026, 3, 21, 2, 0, 0));  // Fri 22:00 EDT
  EXPECT_EQ(night.open_intervals[0].end, utc(2026, 3, 21, 10, 0, 0));   // Sat 06:00 EDT
  EXPECT_EQ(version(), v + 2);

  struct Case {
    std::string body, path;
  };
  const Case cases[] = {
      {R"({"time_zone":"Mars/Olympus_Mons"})", "/time_zone"},
      {R"({"time_zone":7})", "/time_zone"},
      {R"({"hours":["fri-mon 09:00-17:00"]})", "/hours/0"},
      {R"({"hours":["mon-fri 9:00-17:00"]})", "/hours/0"},
      {R"({"hours":["mon 09:00-09:00"]})", "/hours/0"},
      {R"({"hours":"mon-fri 09:00-17:00"})", "/hours"},
      {R"({"holidays":["2026-02-30"]})", "/holidays/0"},
      {R"({"holidays":["2026-12-25=Christmas","2026-12-25"]})", "/holidays/1"},
  };
  for (const Case& c : cases) {
    r = call("PATCH", "/api/v1/channels/" + id, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(error_path(r), c.path) << c.body << " → " << r.body;
  }
  EXPECT_EQ(version(), v + 2);
}

TEST_F(OperatorApiTest, ReadsAndOperatorWritesAreLimitedPerClient) {
  RateLimiter reads(3, kMinuteMs), writes(2, kMinuteMs);
  ctx_.read_limiter = &reads;
  ctx_.operator_limiter = &writes;
  const auto get = [&](const std::string& client, TimeMs now) {
    Request req;
    req.method = "GET";
    req.target = "/api/v1/portal.json";
    req.client = client;
    return handle_request(ctx_, req, now);
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get("10.0.0.1", kNow).status, 200);
  const Response refused = get("10.0.0.1", kNow + 15 * kSecondMs);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("Retry-After"), "45");  // the rest of the minute
  EXPECT_EQ(get("10.0.0.2", kNow).status, 200);     // another client is not affected
  EXPECT_EQ(get("10.0.0.1", kNow + kMinuteMs).status, 200);  // a new window

  // Operator writes: refused before the token is even checked.
  const std::int64_t v = version();
  EXPECT_EQ(call("POST", "/api/v1/incidents", create_body()).status, 201);
  EXPECT_EQ(call("POST", "/api/v1/incidents", create_body(), "cnd_wrong").status, 401);
  const Response third = call("POST", "/api/v1/incidents", create_body());
  EXPECT_EQ(third.status, 429);
  EXPECT_FALSE(third.header("Retry-After").empty());
  EXPECT_EQ(version(), v + 1);
}

}  // namespace
