// store.cpp's subscriptions against real SQLite files: migration 6, events appended in their
// write's transaction, expansion into deliveries, the outbox state machine, and a
// subscriber's export and deletion (the address gone from the file's bytes).
#include "store.hpp"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include "demo_data.hpp"
#include "demo_store.hpp"
#include "subscriber_commands.hpp"
#include "subscription_token.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);

// Reads one integer from the store file through a second connection, as an operator's
// sqlite3 shell would: what is really stored, not what the Store API chooses to show.
std::int64_t count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::int64_t n = -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

NotificationEvent event(const std::string& key, const std::string& type, std::vector<std::string> components = {}) {
  NotificationEvent ev;
  ev.key = key;
  ev.type = type;
  ev.subject_id = "subject";
  ev.components = std::move(components);
  ev.payload = R"({"name":"Test"})";
  return ev;
}

class SubscriptionStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = candor_test::open_demo_store(dir_, kNow);
    ASSERT_NE(store_, nullptr);
    auto ids = store_->component_ids();
    ASSERT_TRUE(ids.ok());
    ASSERT_GE(ids.value().size(), 3u);
    components_ = ids.value();
  }
  std::string path() const { return dir_.file("portal.db"); }

  Subscriber webhook(const std::string& url, std::vector<std::string> components = {}) {
    Subscriber s;
    s.kind = "webhook";
    s.address = url;
    s.language = "en";
    s.components = std::move(components);
    s.all_components = s.components.empty();
    s.secret = "whsec_c2VjcmV0";
    s.confirmed_at = kNow - 1000;
    auto r = store_->subscribe(s, kNow - 1000);
    EXPECT_TRUE(r.ok()) << r.error().detail;
    return r.value().subscriber;
  }
  Subscriber email(const std::string& address, bool confirmed, std::vector<std::string> components = {}) {
    Subscriber s;
    s.kind = "email";
    s.address = address;
    s.language = "nb";
    s.components = std::move(components);
    s.all_components = s.components.empty();
    auto r = store_->subscribe(s, kNow - 1000);
    EXPECT_TRUE(r.ok()) << r.error().detail;
    if (confirmed) {
      EXPECT_TRUE(store_->confirm_subscriber(r.value().subscriber.id, kNow - 1000).value());
    }
    return r.value().subscriber;
  }
  // Any write that takes events: a component's status.
  void emit(const NotificationEvent& ev, TimeMs at = kNow) {
    auto v = store_->set_component_status(components_[0], ComponentStatus::degraded_performance, at, {ev});
    ASSERT_TRUE(v.ok()) << v.error().detail;
  }
  std::int64_t deliveries_to(const Subscriber& s) {
    return count(path(), "SELECT count(*) FROM deliveries WHERE subscriber_id = '" + s.id + "'");
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::vector<std::string> components_;
};

TEST(SubscriptionMigration, AVersion5StoreKeepsItsDataAndGainsTheTables) {
  TempDir dir;
  const std::string path = dir.file("old.db");
  std::vector<Migration> up_to_5;
  for (const Migration& m : store_migrations())
    if (m.version <= 5) up_to_5.push_back(m);
  std::string page_name;
  std::size_t incidents = 0;
  {
    auto old = Store::open(path, Store::OpenMode::create_if_missing, up_to_5);
    ASSERT_TRUE(old.ok()) << old.error().detail;
    ASSERT_EQ(old.value()->schema_version(), 5);
    auto content = make_demo_content(42, kNow);
    ASSERT_TRUE(content.ok());
    ASSERT_TRUE(old.value()->replace_contents(content.value()).ok());
    const Snapshot s = old.value()->load_snapshot(kNow).value();
    page_name = s.page.name;
    incidents = s.incidents.size();
    ASSERT_GT(incidents, 0u);
  }
  auto store = Store::open(path, Store::OpenMode::existing_only);
  ASSERT_TRUE(store.ok()) << store.error().detail;
  EXPECT_EQ(store.value()->schema_version(), 6);
  const Snapshot s = store.value()->load_snapshot(kNow).value();
  EXPECT_EQ(s.page.name, page_name);
  EXPECT_EQ(s.incidents.size(), incidents);
  EXPECT_EQ(count(path, "SELECT count(*) FROM subscribers"), 0);
  EXPECT_EQ(count(path, "SELECT count(*) FROM deliveries"), 0);
  // The link key is made on first use, from the OS's randomness, and then stays.
  const std::string key = store.value()->link_key().value();
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(store.value()->link_key().value(), key);
}

TEST_F(SubscriptionStore, AWriteAndItsEventAreOneTransaction) {
  IncidentWrite w;
  w.incident.id = "inc-tx";
  w.incident.name = "Broken write";
  w.incident.created_at = w.incident.started_at = w.incident.updated_at = kNow;
  w.incident.updates.push_back(IncidentUpdate{"u1", IncidentStatus::investigating, "x", kNow, kNow});
  // A component that does not exist fails the write half-way: neither it nor its event stay.
  w.component_statuses.push_back({"no-such-component", ComponentStatus::major_outage});
  auto failed = store_->save_incident(w, {event("incident.created:inc-tx", "incident.created")});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(count(path(), "SELECT count(*) FROM notification_events"), 0);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM incidents WHERE id = 'inc-tx'"), 0);

  w.component_statuses.clear();
  ASSERT_TRUE(store_->save_incident(w, {event("incident.created:inc-tx", "incident.created")}).ok());
  EXPECT_EQ(count(path(), "SELECT count(*) FROM notification_events"), 1);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM incidents WHERE id = 'inc-tx'"), 1);
}

TEST_F(SubscriptionStore, TheSameKeyTwiceAppendsOnce) {
  emit(event("k1", "component.updated"));
  emit(event("k1", "component.updated"), kNow + 1);  // a retried write
  emit(event("k2", "component.updated"), kNow + 2);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM notification_events"), 2);
}

TEST_F(SubscriptionStore, ExpansionMatchesComponentsAndIsIdempotent) {
  const Subscriber all = webhook("https://a.example/hook");
  const Subscriber chosen = webhook("https://b.example/hook", {components_[1]});
  const Subscriber other = webhook("https://c.example/hook", {components_[2]});
  emit(event("e-named", "incident.created", {components_[1]}));
  emit(event("e-none", "incident.updated"), kNow + 1);
  auto made = store_->expand_events(kNow + 2, 100);
  ASSERT_TRUE(made.ok()) << made.error().detail;
  // e-named: all + chosen; e-none (names no component): everyone.
  EXPECT_EQ(made.value(), 2 + 3);
  EXPECT_EQ(deliveries_to(all), 2);
  EXPECT_EQ(deliveries_to(chosen), 2);
  EXPECT_EQ(deliveries_to(other), 1);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries WHERE domain = 'b.example'"), 2);

  // A crash after the deliveries but before the event was marked: it is expanded again, and
  // the unique keys add nothing.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE notification_events SET expanded_at = NULL", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  auto again = store_->expand_events(kNow + 3, 100);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value(), 0);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries"), 5);
  EXPECT_EQ(count(path(), "SELECT count(DISTINCT key) FROM deliveries"), 5);
}

TEST_F(SubscriptionStore, UnconfirmedEmailGetsOnlyItsConfirmation) {
  const Subscriber pending = email("Ola.Nordmann@Example.NO", false);
  EXPECT_EQ(pending.address, "Ola.Nordmann@Example.NO");  // the API normalises; the store keeps what it is given
  emit(event("e1", "incident.created"));
  ASSERT_TRUE(store_->expand_events(kNow + 1, 100).ok());
  auto due = store_->claim_deliveries(kNow + 1, 10);
  ASSERT_TRUE(due.ok()) << due.error().detail;
  ASSERT_EQ(due.value().size(), 1u);
  const DueDelivery& d = due.value()[0];
  EXPECT_EQ(d.event_type, "subscription.confirm");
  EXPECT_EQ(d.kind, "email");
  EXPECT_EQ(d.language, "nb");
  // The confirm and manage tokens are derived at claim time and verify against the link key.
  const std::string key = store_->link_key().value();
  EXPECT_EQ(d.manage_token, manage_token(key, pending.id));
  const auto payload = boost::json::parse(d.event_payload).as_object();
  EXPECT_EQ(std::string(payload.at("confirm_token").as_string()), confirm_token(key, pending.id, kNow - 1000));
  // Nothing in the store holds either token.
  EXPECT_EQ(count(path(), "SELECT count(*) FROM notification_events WHERE payload LIKE '%" + pending.id + ".%'"), 0);

  // Confirmed, the next event reaches them.
  ASSERT_TRUE(store_->confirm_subscriber(pending.id, kNow + 2).value());
  emit(event("e2", "incident.updated"), kNow + 3);
  ASSERT_TRUE(store_->expand_events(kNow + 4, 100).ok());
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries d JOIN notification_events e ON e.id = d.event_id WHERE "
                          "d.subscriber_id = '" + pending.id + "' AND e.type <> 'subscription.confirm'"), 1);
}

TEST_F(SubscriptionStore, ASecondSubscribeFindsTheFirstAndSendsAnotherConfirmation) {
  const Subscriber first = email("ada@example.com", false, {components_[0]});
  Subscriber again;
  again.kind = "email";
  again.address = "ada@example.com";
  again.language = "tr";
  auto r = store_->subscribe(again, kNow);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value().created);
  EXPECT_EQ(r.value().subscriber.id, first.id);
  const Subscriber now = *store_->find_subscriber(first.id).value();
  EXPECT_EQ(now.language, "tr");
  EXPECT_TRUE(now.all_components);
  EXPECT_EQ(now.created_at, kNow);  // a new confirmation window: the old link no longer works
  EXPECT_EQ(count(path(), "SELECT count(*) FROM subscribers"), 1);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM notification_events WHERE type = 'subscription.confirm'"), 2);
}

TEST_F(SubscriptionStore, EmailDoesNotHearOfAComponentAloneAndCasesStayPrivate) {
  const Subscriber mail = email("bob@example.com", true);
  const Subscriber hook = webhook("https://hooks.example/x");
  Subscriber case_sub;
  case_sub.kind = "email";
  case_sub.address = "bob@example.com";
  case_sub.language = "en";
  case_sub.case_id = "case-1";
  auto made = store_->subscribe(case_sub, kNow - 1000);
  ASSERT_TRUE(made.ok());
  EXPECT_TRUE(made.value().created);  // the same address may follow the page and a case
  ASSERT_TRUE(store_->confirm_subscriber(made.value().subscriber.id, kNow - 1000).value());
  emit(event("c1", "component.updated"));
  NotificationEvent case_event = event("case1", "case.updated");
  case_event.subject_id = "case-1";
  emit(case_event, kNow + 1);
  ASSERT_TRUE(store_->expand_events(kNow + 2, 100).ok());
  const std::string not_confirm = " AND event_id NOT IN (SELECT id FROM notification_events WHERE type = 'subscription.confirm')";
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries WHERE subscriber_id = '" + mail.id + "'" + not_confirm), 0);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries WHERE subscriber_id = '" + hook.id + "'"), 1);  // component only
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries WHERE subscriber_id = '" + made.value().subscriber.id + "'" +
                              not_confirm),
            1);  // the case update only
}

TEST_F(SubscriptionStore, DisabledSubscribersGetNothing) {
  const Subscriber hook = webhook("https://hooks.example/x");
  emit(event("d1", "incident.created"));
  ASSERT_TRUE(store_->expand_events(kNow + 1, 100).ok());
  ASSERT_EQ(deliveries_to(hook), 1);
  ASSERT_TRUE(store_->disable_subscriber(hook.id, kNow + 2, "failing for a day: 500").value());
  EXPECT_FALSE(store_->disable_subscriber(hook.id, kNow + 3, "again").value());
  // What was queued is failed with the reason, nothing is claimed, nothing new is made.
  EXPECT_TRUE(store_->claim_deliveries(kNow + 10, 10).value().empty());
  EXPECT_EQ(store_->outbox_counts().value().failed, 1);
  emit(event("d2", "incident.updated"), kNow + 4);
  ASSERT_TRUE(store_->expand_events(kNow + 5, 100).ok());
  EXPECT_EQ(deliveries_to(hook), 1);
  const Subscriber s = *store_->find_subscriber(hook.id).value();
  ASSERT_TRUE(s.disabled_at.has_value());
  EXPECT_EQ(s.disabled_reason, "failing for a day: 500");
}

TEST_F(SubscriptionStore, ClaimMarkRetryStateMachine) {
  webhook("https://a.example/h");
  webhook("https://b.example/h");
  emit(event("s1", "incident.created"));
  ASSERT_EQ(store_->expand_events(kNow + 1, 100).value(), 2);
  auto due = store_->claim_deliveries(kNow + 1, 10).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].attempts, 0);
  EXPECT_EQ(due[0].created_at, kNow + 1);
  EXPECT_EQ(due[0].key, due[0].key.substr(0, due[0].key.find(':')) + ":" + due[0].subscriber_id);

  // First: sent, once only.
  EXPECT_TRUE(store_->mark_delivery_sent(due[0].id, kNow + 2).value());
  EXPECT_FALSE(store_->mark_delivery_sent(due[0].id, kNow + 3).value());
  // Second: a retry in a minute; not due before, due after, with the attempt counted.
  EXPECT_TRUE(store_->mark_delivery_retry(due[1].id, kNow + 60000, "HTTP 503").value());
  EXPECT_TRUE(store_->claim_deliveries(kNow + 59999, 10).value().empty());
  auto later = store_->claim_deliveries(kNow + 60000, 10).value();
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].id, due[1].id);
  EXPECT_EQ(later[0].attempts, 1);
  EXPECT_EQ(later[0].created_at, kNow + 1);  // the one-day horizon does not move
  // A deferral (rate limit) is not an attempt: due later, the count unchanged.
  EXPECT_TRUE(store_->mark_delivery_deferred(due[1].id, kNow + 65000, "deferred: per-domain rate limit").value());
  EXPECT_TRUE(store_->claim_deliveries(kNow + 64999, 10).value().empty());
  EXPECT_EQ(store_->claim_deliveries(kNow + 65000, 10).value().at(0).attempts, 1);
  // Then failed for good: never claimed again, and a late "sent" changes nothing.
  EXPECT_TRUE(store_->mark_delivery_failed(due[1].id, kNow + 70000, "HTTP 410").value());
  EXPECT_FALSE(store_->mark_delivery_sent(due[1].id, kNow + 70001).value());
  EXPECT_TRUE(store_->claim_deliveries(kNow + 100000000, 10).value().empty());
  const OutboxCounts c = store_->outbox_counts().value();
  EXPECT_EQ(c.pending, 0);
  EXPECT_EQ(c.sent, 1);
  EXPECT_EQ(c.failed, 1);
}

TEST_F(SubscriptionStore, MaintenanceRemindersAreAppendedOncePerStart) {
  Maintenance m;
  m.id = "mnt-soon";
  m.name = "Database upgrade";
  m.component_ids = {components_[0]};
  m.created_at = m.updated_at = kNow;
  m.scheduled_for = kNow + 30 * kMinuteMs;
  m.scheduled_until = kNow + 90 * kMinuteMs;
  m.updates.push_back(MaintenanceUpdate{"mu1", MaintenanceStatus::scheduled, "Planned.", kNow, kNow});
  ASSERT_TRUE(store_->save_maintenance(m).ok());
  const std::string reminders = "SELECT count(*) FROM notification_events WHERE type = 'maintenance.reminder' AND subject_id = 'mnt-soon'";
  // Too early for a one-hour reminder at kNow - 1 h; due at kNow; idempotent after.
  EXPECT_EQ(store_->append_due_events(kNow - 60 * kMinuteMs, 60 * kMinuteMs).value(), 0);
  EXPECT_EQ(count(path(), reminders), 0);
  EXPECT_EQ(store_->append_due_events(kNow, 60 * kMinuteMs).value(), 1);
  EXPECT_EQ(store_->append_due_events(kNow + kMinuteMs, 60 * kMinuteMs).value(), 0);
  EXPECT_EQ(count(path(), reminders), 1);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM notification_events WHERE type = 'maintenance.reminder' AND payload LIKE "
                          "'%\"name\":\"Database upgrade\"%' AND components = '[\"" + components_[0] + "\"]'"),
            1);
}

TEST_F(SubscriptionStore, AddressesNeverConfirmedAreForgottenWhenTheirLinkExpires) {
  const Subscriber pending = email("late@example.com", false);  // subscribed at kNow - 1000
  const Subscriber confirmed = email("kept@example.com", true);
  const Subscriber hook = webhook("https://hooks.example/x");
  ASSERT_TRUE(store_->append_due_events(kNow - 1000 + kConfirmTokenLifetimeMs, kHourMs).ok());
  EXPECT_TRUE(store_->find_subscriber(pending.id).value().has_value());  // the link still works
  ASSERT_TRUE(store_->append_due_events(kNow - 1000 + kConfirmTokenLifetimeMs + 1, kHourMs).ok());
  EXPECT_FALSE(store_->find_subscriber(pending.id).value().has_value());
  EXPECT_TRUE(store_->find_subscriber(confirmed.id).value().has_value());
  EXPECT_TRUE(store_->find_subscriber(hook.id).value().has_value());
  EXPECT_EQ(count(path(), "SELECT count(*) FROM subscribers WHERE address = 'late@example.com'"), 0);
}

// Runs `candor subscriber ...` in-process; returns the exit code and what it printed.
int run_cli(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), {"candor", "subscriber"});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  std::ostringstream o, e;
  const int code = candor::cli::run_subscriber_command(static_cast<int>(argv.size()), argv.data(), o, e);
  out = o.str();
  err = e.str();
  return code;
}

TEST_F(SubscriptionStore, ExportShowsEverythingAndDeleteLeavesNoTraceOfTheAddress) {
  const std::string address = "grace.hopper@navy.example";
  const Subscriber s = email(address, true, {components_[1]});
  webhook("https://keep.example/h");
  emit(event("x1", "incident.created"));
  emit(event("x2", "incident.updated"), kNow + 1);
  ASSERT_TRUE(store_->expand_events(kNow + 2, 100).ok());
  // One of theirs sent, the rest pending.
  const std::vector<DueDelivery> due = store_->claim_deliveries(kNow + 2, 100).value();
  for (const DueDelivery& d : due) {
    if (d.subscriber_id == s.id && d.event_type == "subscription.confirm") {
      ASSERT_TRUE(store_->mark_delivery_sent(d.id, kNow + 3).value());
    }
  }
  store_.reset();  // the CLI is another process's connection

  std::string out, err;
  ASSERT_EQ(run_cli({"export", "--db", path(), "--email", "grace.hopper@NAVY.example"}, out, err), 0) << err;
  const auto doc = boost::json::parse(out).as_object();
  const auto& subs = doc.at("subscribers").as_array();
  ASSERT_EQ(subs.size(), 1u);
  const auto& row = subs[0].as_object();
  EXPECT_EQ(std::string(row.at("address").as_string()), address);
  EXPECT_EQ(std::string(row.at("id").as_string()), s.id);
  EXPECT_EQ(row.at("components").as_array().size(), 1u);
  EXPECT_EQ(row.at("deliveries").as_array().size(), 3u);  // the confirmation + 2 events
  EXPECT_EQ(std::string(row.at("deliveries").as_array()[0].at("state").as_string()), "sent");

  ASSERT_EQ(run_cli({"delete", "--db", path(), "--id", s.id}, out, err), 0) << err;
  EXPECT_NE(out.find("deleted " + s.id), std::string::npos) << out;
  EXPECT_NE(out.find("2 pending deliveries"), std::string::npos) << out;
  EXPECT_EQ(out.find(address), std::string::npos);

  EXPECT_EQ(count(path(), "SELECT count(*) FROM subscribers WHERE id = '" + s.id + "'"), 0);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM subscriber_components WHERE subscriber_id = '" + s.id + "'"), 0);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries WHERE subscriber_id = '" + s.id + "' AND state = 'pending'"), 0);
  EXPECT_EQ(count(path(), "SELECT count(*) FROM deliveries WHERE subscriber_id = '" + s.id + "' AND domain <> ''"), 0);
  // The bytes: after the delete's checkpoint neither the file nor its WAL holds the address
  // (secure_delete zeroes freed cells) — nor any part of it that identifies the person.
  for (const std::string& file : {path(), path() + "-wal"}) {
    const std::string bytes = file_bytes(file);
    EXPECT_EQ(bytes.find("grace.hopper"), std::string::npos) << file;
  }
  // Nothing left to match: exit 1; bad usage: exit 2.
  EXPECT_EQ(run_cli({"export", "--db", path(), "--id", s.id}, out, err), 1);
  EXPECT_EQ(run_cli({"delete", "--db", path(), "--email", address}, out, err), 1);
  EXPECT_EQ(err.find(address), std::string::npos);  // not even in the error
  EXPECT_EQ(run_cli({"delete", "--db", path()}, out, err), 2);
  EXPECT_EQ(run_cli({"delete", "--db", path(), "--id", "a", "--email", "b@c.de"}, out, err), 2);
  EXPECT_EQ(run_cli({"purge", "--db", path(), "--id", "a"}, out, err), 2);
  EXPECT_EQ(run_cli({"export", "--email", address}, out, err), 2);
}

}  // namespace
