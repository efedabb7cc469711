// store_failure.cpp and the store's fault handling, on real faults rather than mocks: a store
// file that cannot be written, a store another process keeps locked, a damaged schema.
// Writes answer 503 + Retry-After (or 500 for damage), reads keep the last good snapshot, and
// the same Store recovers by itself when the fault clears.
#include "store_failure.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sqlite3.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "demo_store.hpp"
#include "operator_api.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "store.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);

// Makes a file read-only for this process: root ignores permission bits, so as root the file
// is made immutable (what `chattr +i` does); otherwise it is chmod 0444. Undone on destruction
// (an immutable file could not even be removed with its directory).
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(std::string path) : path_(std::move(path)) {
    if (::geteuid() == 0) {
      immutable_ = set_immutable(true);
    } else {
      std::filesystem::permissions(path_, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                              std::filesystem::perms::others_read);
      chmodded_ = true;
    }
  }
  ~ReadOnlyFile() { clear(); }
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;

  bool active() const { return immutable_ || chmodded_; }
  void clear() {
    if (immutable_) immutable_ = !set_immutable(false);
    if (chmodded_) {
      std::filesystem::permissions(path_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      chmodded_ = false;
    }
  }

 private:
  bool set_immutable(bool on) const {
    const int fd = ::open(path_.c_str(), O_RDONLY);
    if (fd < 0) return false;
    int flags = 0;
    bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (done) {
      flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
      done = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return done;
  }

  std::string path_;
  bool immutable_ = false;
  bool chmodded_ = false;
};

// A second connection to the store's file, as another process would have.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) { sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr); }
  ~RawConnection() { sqlite3_close_v2(db_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool exec(const char* sql) {
    char* msg = nullptr;
    const bool done = sqlite3_exec(db_, sql, nullptr, nullptr, &msg) == SQLITE_OK;
    if (!done) ADD_FAILURE() << sql << ": " << (msg ? msg : "?");
    sqlite3_free(msg);
    return done;
  }

 private:
  sqlite3* db_ = nullptr;
};

Request request(std::string method, std::string target, std::string body = "", std::string token = "") {
  Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  req.body = std::move(body);
  req.headers.push_back({"Content-Type", "application/json"});
  if (!token.empty()) req.headers.push_back({"Authorization", "Bearer " + token});
  req.client = "198.51.100.7";
  return req;
}

// The demo store, closed again, plus a write token: each test opens it under its own fault.
struct ClosedDemoStore {
  TempDir dir;
  std::string path = dir.file("portal.db");
  std::string token;
  std::string component_id;
  ClosedDemoStore() {
    auto store = candor_test::open_demo_store(dir, kNow);
    if (!store) return;
    auto t = create_operator_token(*store, "write", kNow);
    if (t.ok()) token = t.value().secret;
    component_id = store->load_snapshot(kNow).value().components.at(1).id;
  }
};

std::string set_status(const char* status) { return std::string(R"({"status": ")") + status + R"("})"; }

// The store opened as `candor serve` opens it, with the routes over it.
struct Served {
  std::unique_ptr<Store> store;
  std::unique_ptr<PortalCache> cache;
  RouteContext ctx;
  Served(const std::string& path, TimeMs max_age_ms = kPortalMaxAgeMs) {
    auto opened = Store::open(path, Store::OpenMode::existing_only);
    if (!opened.ok()) {
      ADD_FAILURE() << opened.error().detail;
      return;
    }
    store = std::move(opened).value();
    cache = std::make_unique<PortalCache>(*store, max_age_ms);
    ctx.portal = cache.get();
    ctx.store = store.get();
  }
};

TEST(StoreFailureTest, AStoreWhoseFileIsReadOnlyServesReadsAnswersWrites503AndRecovers) {
  ClosedDemoStore demo;
  ASSERT_FALSE(demo.token.empty());
  ReadOnlyFile fault(demo.path);
  if (!fault.active()) GTEST_SKIP() << "cannot make " << demo.path << " read-only on this filesystem";

  // SQLite opens a file it cannot write read-only: the server still starts and serves.
  Served served(demo.path);
  ASSERT_NE(served.store, nullptr);
  Store* store = served.store.get();
  RouteContext& ctx = served.ctx;

  const Response portal = handle_request(ctx, request("GET", "/api/v1/portal.json"), kNow);
  EXPECT_EQ(portal.status, 200);

  auto failed = store->set_component_status(demo.component_id, ComponentStatus::major_outage, kNow);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(store_failure_kind(failed.error()), StoreFailure::read_only) << failed.error().detail;

  const std::string target = "/api/v1/components/" + demo.component_id;
  const Response write = handle_request(ctx, request("PATCH", target, set_status("major_outage"), demo.token), kNow);
  EXPECT_EQ(write.status, 503) << write.body;
  EXPECT_EQ(write.header("Retry-After"), std::to_string(kRetryAfterFaultS));
  EXPECT_NE(write.body.find("store_unavailable"), std::string::npos) << write.body;
  EXPECT_EQ(write.body.find("portal.db"), std::string::npos) << "file names stay in the log: " << write.body;
  EXPECT_EQ(handle_request(ctx, request("GET", "/api/v1/portal.json"), kNow).status, 200);
  const std::string report = R"({"component_id": ")" + demo.component_id + R"("})";
  const Response affected = handle_request(ctx, request("POST", "/api/v1/reports", report), kNow);
  EXPECT_EQ(affected.status, 503) << affected.body;
  EXPECT_EQ(affected.header("Retry-After"), std::to_string(kRetryAfterFaultS));

  // The fault clears: the next writes go through on the same Store, without a restart. A
  // customer's report (one statement, no transaction) comes first on purpose.
  fault.clear();
  const Response reported = handle_request(ctx, request("POST", "/api/v1/reports", report), kNow);
  EXPECT_EQ(reported.status, 202) << reported.body;
  const Response again = handle_request(ctx, request("PATCH", target, set_status("major_outage"), demo.token), kNow);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(store->load_snapshot(kNow).value().components.at(1).status, ComponentStatus::major_outage);
}

TEST(StoreFailureTest, AStoreLockedByAnotherProcessIsBusy503WithAShortRetryAfter) {
  ClosedDemoStore demo;
  ASSERT_FALSE(demo.token.empty());
  Served served(demo.path);
  ASSERT_NE(served.store, nullptr);
  RouteContext& ctx = served.ctx;
  const std::string target = "/api/v1/components/" + demo.component_id;
  {
    RawConnection other(demo.path);
    ASSERT_TRUE(other.exec("BEGIN IMMEDIATE"));  // holds the write lock past the busy timeout
    const Response write =
        handle_request(ctx, request("PATCH", target, set_status("partial_outage"), demo.token), kNow);
    EXPECT_EQ(write.status, 503) << write.body;
    EXPECT_EQ(write.header("Retry-After"), std::to_string(kRetryAfterBusyS));
    // WAL readers are not blocked by a writer.
    EXPECT_EQ(handle_request(ctx, request("GET", "/api/v1/portal.json"), kNow).status, 200);
    ASSERT_TRUE(other.exec("ROLLBACK"));
  }
  EXPECT_EQ(handle_request(ctx, request("PATCH", target, set_status("partial_outage"), demo.token), kNow).status, 200);
}

TEST(StoreFailureTest, ADamagedStoreKeepsServingTheLastGoodSnapshotAndWritesGet500) {
  ClosedDemoStore demo;
  ASSERT_FALSE(demo.token.empty());
  Served served(demo.path, /*max_age_ms=*/0);  // re-read the store on every request
  ASSERT_NE(served.store, nullptr);
  Store* store = served.store.get();
  RouteContext& ctx = served.ctx;

  const Response before = handle_request(ctx, request("GET", "/api/v1/portal.json"), kNow);
  ASSERT_EQ(before.status, 200);
  RawConnection other(demo.path);
  // Someone renames a table under the running server: every read of the store now fails.
  ASSERT_TRUE(other.exec("ALTER TABLE meta RENAME TO meta_away"));
  EXPECT_FALSE(store->version().ok());

  const Response during = handle_request(ctx, request("GET", "/api/v1/portal.json"), kNow + 1000);
  EXPECT_EQ(during.status, 200);
  EXPECT_EQ(during.header("ETag"), before.header("ETag"));
  EXPECT_EQ(during.body, before.body);
  const std::string target = "/api/v1/components/" + demo.component_id;
  const Response write = handle_request(ctx, request("PATCH", target, set_status("degraded_performance"), demo.token), kNow);
  EXPECT_EQ(write.status, 500) << write.body;  // not a fault that clears by waiting
  EXPECT_TRUE(write.header("Retry-After").empty());

  ASSERT_TRUE(other.exec("ALTER TABLE meta_away RENAME TO meta"));
  EXPECT_EQ(handle_request(ctx, request("PATCH", target, set_status("degraded_performance"), demo.token), kNow).status,
            200);
  const Response after = handle_request(ctx, request("GET", "/api/v1/portal.json"), kNow + 2000);
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.header("ETag"), before.header("ETag"));
}

TEST(StoreFailureTest, ErrorsWithoutASqliteCodeAreOther) {
  // Candor's own store errors (a missing store, a foreign file) carry no SQLite code.
  TempDir dir;
  auto missing = Store::open(dir.file("absent.db"), Store::OpenMode::existing_only);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(store_failure_kind(missing.error()), StoreFailure::other);
  const Response r = store_failure_response("open", missing.error());
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(r.header("Retry-After").empty());
}

}  // namespace
