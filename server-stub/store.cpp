// SQLite behind the Store interface (store.hpp): RAII handles, prepared statements,
// versioned migrations, and errors as values. The only translation unit with sqlite3.h.
#include "store.hpp"

#include <sqlite3.h>

#include "candor/estimate.hpp"
#include "candor/theme.hpp"
#include "candor/uptime.hpp"
#include "sha256.hpp"
#include "subscription_token.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <functional>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace candor::server {
namespace {

// "Cand" in ASCII: marks a file as a Candor store so we never migrate someone else's database.
constexpr int kApplicationId = 0x43616e64;
constexpr int kBusyTimeoutMs = 5000;

// ---------------------------------------------------------------------------------------
// Schema. Enumerations are stored by their model names (candor::to_string) and checked
// with candor::from_string on load, so the model stays the one list of allowed values.
// `ordinal` keeps the snapshot's order (components: groups then their children).
const std::vector<Migration> kMigrations = {
    {1,
     {
         "PRAGMA application_id = 1130458724",  // kApplicationId
         R"sql(CREATE TABLE meta (
           id INTEGER PRIMARY KEY CHECK (id = 1),
           version INTEGER NOT NULL CHECK (version >= 0)
         ) STRICT)sql",
         "INSERT INTO meta (id, version) VALUES (1, 0)",
         R"sql(CREATE TABLE page (
           id INTEGER PRIMARY KEY CHECK (id = 1),
           page_id TEXT NOT NULL,
           name TEXT NOT NULL,
           url TEXT NOT NULL,
           time_zone TEXT NOT NULL,
           updated_at INTEGER NOT NULL
         ) STRICT)sql",
         R"sql(CREATE TABLE components (
           id TEXT PRIMARY KEY,
           ordinal INTEGER NOT NULL,
           name TEXT NOT NULL,
           status TEXT NOT NULL,
           description TEXT NOT NULL,
           group_id TEXT REFERENCES components(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
           is_group INTEGER NOT NULL CHECK (is_group IN (0, 1)),
           position INTEGER NOT NULL,
           created_at INTEGER NOT NULL,
           updated_at INTEGER NOT NULL
         ) STRICT)sql",
         "CREATE INDEX components_group ON components(group_id)",
         R"sql(CREATE TABLE incidents (
           id TEXT PRIMARY KEY,
           ordinal INTEGER NOT NULL,
           name TEXT NOT NULL,
           status TEXT NOT NULL,
           impact TEXT NOT NULL,
           category TEXT NOT NULL,
           created_at INTEGER NOT NULL,
           started_at INTEGER NOT NULL,
           updated_at INTEGER NOT NULL,
           monitoring_at INTEGER,
           resolved_at INTEGER,
           next_update_at INTEGER,
           operator_estimate_s INTEGER
         ) STRICT)sql",
         R"sql(CREATE TABLE incident_components (
           incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
           PRIMARY KEY (incident_id, component_id)
         ) STRICT)sql",
         "CREATE INDEX incident_components_component ON incident_components(component_id)",
         R"sql(CREATE TABLE incident_updates (
           id TEXT PRIMARY KEY,
           incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           status TEXT NOT NULL,
           body TEXT NOT NULL,
           created_at INTEGER NOT NULL,
           display_at INTEGER NOT NULL
         ) STRICT)sql",
         "CREATE INDEX incident_updates_incident ON incident_updates(incident_id, ordinal)",
         // Obstacles and workarounds, as the operator wrote them.
         R"sql(CREATE TABLE incident_notes (
           incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
           kind TEXT NOT NULL CHECK (kind IN ('obstacle', 'workaround')),
           ordinal INTEGER NOT NULL,
           title TEXT NOT NULL,
           body TEXT NOT NULL,
           PRIMARY KEY (incident_id, kind, ordinal)
         ) STRICT)sql",
         // The current published resolution promise of an incident (at most one).
         R"sql(CREATE TABLE incident_promises (
           incident_id TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
           published_at INTEGER NOT NULL,
           likely_at INTEGER NOT NULL,
           latest_at INTEGER NOT NULL,
           stage TEXT NOT NULL,
           basis_n INTEGER NOT NULL,
           basis_level TEXT NOT NULL,
           revision INTEGER NOT NULL CHECK (revision >= 0),
           missed_latest_at INTEGER
         ) STRICT)sql",
         R"sql(CREATE TABLE maintenances (
           id TEXT PRIMARY KEY,
           ordinal INTEGER NOT NULL,
           name TEXT NOT NULL,
           status TEXT NOT NULL,
           created_at INTEGER NOT NULL,
           updated_at INTEGER NOT NULL,
           scheduled_for INTEGER NOT NULL,
           scheduled_until INTEGER NOT NULL CHECK (scheduled_until >= scheduled_for)
         ) STRICT)sql",
         R"sql(CREATE TABLE maintenance_components (
           maintenance_id TEXT NOT NULL REFERENCES maintenances(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
           PRIMARY KEY (maintenance_id, component_id)
         ) STRICT)sql",
         "CREATE INDEX maintenance_components_component ON maintenance_components(component_id)",
         R"sql(CREATE TABLE maintenance_updates (
           id TEXT PRIMARY KEY,
           maintenance_id TEXT NOT NULL REFERENCES maintenances(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           status TEXT NOT NULL,
           body TEXT NOT NULL,
           created_at INTEGER NOT NULL,
           display_at INTEGER NOT NULL
         ) STRICT)sql",
         "CREATE INDEX maintenance_updates_maintenance ON maintenance_updates(maintenance_id, ordinal)",
         R"sql(CREATE TABLE channels (
           id TEXT PRIMARY KEY,
           ordinal INTEGER NOT NULL,
           name TEXT NOT NULL,
           kind TEXT NOT NULL,
           time_zone TEXT NOT NULL,
           agents INTEGER NOT NULL CHECK (agents >= 0),
           calls_per_hour REAL NOT NULL CHECK (calls_per_hour >= 0),
           handle_seconds REAL NOT NULL CHECK (handle_seconds >= 0),
           queue_length INTEGER CHECK (queue_length >= 0),
           target_seconds REAL NOT NULL CHECK (target_seconds >= 0),
           first_response_p50_s INTEGER,
           first_response_p90_s INTEGER
         ) STRICT)sql",
         // Weekly opening hours in the channel's zone: local minutes after midnight; a shift
         // may run past midnight (close_minute up to 2880) and belongs to the day it starts.
         R"sql(CREATE TABLE channel_hours (
           channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           iso_weekday INTEGER NOT NULL CHECK (iso_weekday BETWEEN 1 AND 7),
           open_minute INTEGER NOT NULL CHECK (open_minute BETWEEN 0 AND 1439),
           close_minute INTEGER NOT NULL CHECK (close_minute > open_minute AND close_minute <= 2880),
           PRIMARY KEY (channel_id, ordinal)
         ) STRICT)sql",
         R"sql(CREATE TABLE channel_holidays (
           channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
           date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
           name TEXT NOT NULL,
           PRIMARY KEY (channel_id, date)
         ) STRICT)sql",
         // The history the estimator learns from.
         R"sql(CREATE TABLE past_incidents (
           id TEXT PRIMARY KEY,
           ordinal INTEGER NOT NULL,
           category TEXT NOT NULL,
           impact TEXT NOT NULL,
           started_at INTEGER NOT NULL,
           resolved_at INTEGER CHECK (resolved_at IS NULL OR resolved_at >= started_at)
         ) STRICT)sql",
         "CREATE INDEX past_incidents_category ON past_incidents(category, impact)",
         R"sql(CREATE TABLE past_incident_stages (
           past_incident_id TEXT NOT NULL REFERENCES past_incidents(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           stage TEXT NOT NULL,
           duration_s INTEGER NOT NULL CHECK (duration_s >= 0),
           PRIMARY KEY (past_incident_id, ordinal)
         ) STRICT)sql",
         R"sql(CREATE TABLE past_incident_obstacles (
           past_incident_id TEXT NOT NULL REFERENCES past_incidents(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           kind TEXT NOT NULL,
           delay_s INTEGER NOT NULL CHECK (delay_s >= 0),
           PRIMARY KEY (past_incident_id, ordinal)
         ) STRICT)sql",
         // Every promise made (resolution window, next update, first response) and when it
         // was fulfilled: the public track record is tallied from these.
         R"sql(CREATE TABLE promise_records (
           id INTEGER PRIMARY KEY,
           kind TEXT NOT NULL,
           made_at INTEGER NOT NULL,
           due_at INTEGER NOT NULL,
           fulfilled_at INTEGER CHECK (fulfilled_at IS NULL OR fulfilled_at >= made_at)
         ) STRICT)sql",
         "CREATE INDEX promise_records_due ON promise_records(due_at)",
         // Private support cases. The capability token is never stored, only its SHA-256.
         R"sql(CREATE TABLE cases (
           id TEXT PRIMARY KEY,
           token_sha256 BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
           customer_name TEXT NOT NULL,
           title TEXT NOT NULL,
           category TEXT NOT NULL,
           stage TEXT NOT NULL,
           opened_at INTEGER NOT NULL,
           updated_at INTEGER NOT NULL,
           resolved_at INTEGER,
           next_follow_up_at INTEGER,
           waiting_on_customer_for TEXT NOT NULL
         ) STRICT)sql",
         R"sql(CREATE TABLE case_updates (
           id TEXT PRIMARY KEY,
           case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
           ordinal INTEGER NOT NULL,
           stage TEXT NOT NULL,
           body TEXT NOT NULL,
           created_at INTEGER NOT NULL
         ) STRICT)sql",
         "CREATE INDEX case_updates_case ON case_updates(case_id, ordinal)",
         R"sql(CREATE TABLE case_promises (
           case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
           published_at INTEGER NOT NULL,
           likely_at INTEGER NOT NULL,
           latest_at INTEGER NOT NULL,
           stage TEXT NOT NULL,
           basis_n INTEGER NOT NULL,
           basis_level TEXT NOT NULL,
           revision INTEGER NOT NULL CHECK (revision >= 0),
           missed_latest_at INTEGER
         ) STRICT)sql",
     }},
    // Operator tokens (hashes only), and promise records tied to the item that made them,
    // so an update or a resolution can mark that item's pending promises as fulfilled.
    {2,
     {
         R"sql(CREATE TABLE operator_tokens (
           id TEXT PRIMARY KEY,
           token_sha256 BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
           scope TEXT NOT NULL CHECK (scope IN ('write', 'read-reports')),
           created_at INTEGER NOT NULL,
           revoked_at INTEGER
         ) STRICT)sql",
         "ALTER TABLE promise_records ADD COLUMN item_id TEXT",
         "CREATE INDEX promise_records_item ON promise_records(item_id, kind) WHERE fulfilled_at IS NULL",
     }},
    // Customers' voice: satisfaction once per case, per-incident feedback, and "I'm affected
    // too" reports. No foreign keys to incidents: an operator write replaces the incident's
    // row, and that must not cascade into what customers said about it.
    {3,
     {
         R"sql(CREATE TABLE case_feedback (
           case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
           rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
           comment TEXT NOT NULL,
           created_at INTEGER NOT NULL
         ) STRICT)sql",
         R"sql(CREATE TABLE incident_feedback (
           id INTEGER PRIMARY KEY,
           incident_id TEXT NOT NULL,
           rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
           comment TEXT NOT NULL,
           created_at INTEGER NOT NULL
         ) STRICT)sql",
         "CREATE INDEX incident_feedback_incident ON incident_feedback(incident_id)",
         R"sql(CREATE TABLE reports (
           id INTEGER PRIMARY KEY,
           incident_id TEXT,
           component_id TEXT,
           hour INTEGER NOT NULL,
           created_at INTEGER NOT NULL,
           CHECK (incident_id IS NOT NULL OR component_id IS NOT NULL)
         ) STRICT)sql",
         "CREATE INDEX reports_hour ON reports(hour)",
         // Statuspage exports already imported, by the SHA-256 of their files.
         R"sql(CREATE TABLE imports (
           digest TEXT PRIMARY KEY,
           imported_at INTEGER NOT NULL
         ) STRICT)sql",
     }},
    // Component statuses set together with an incident update (Statuspage's
    // affected_components). No foreign keys: an operator write replaces the incident and its
    // updates whole, and that must not cascade into the record of what each update changed.
    {4,
     {
         R"sql(CREATE TABLE incident_update_components (
           update_id TEXT NOT NULL,
           incident_id TEXT NOT NULL,
           ordinal INTEGER NOT NULL,
           component_id TEXT NOT NULL,
           name TEXT NOT NULL,
           old_status TEXT NOT NULL,
           new_status TEXT NOT NULL,
           PRIMARY KEY (update_id, component_id)
         ) STRICT)sql",
         "CREATE INDEX incident_update_components_incident ON incident_update_components(incident_id)",
     }},
    // The operator's theming of the page (candor/theme.hpp checks it before it gets here):
    // '' is "not set". The links are the page's only rows of their kind, in order.
    {5,
     {
         "ALTER TABLE page ADD COLUMN accent TEXT NOT NULL DEFAULT '' CHECK (accent = '' OR accent GLOB "
         "'#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]')",
         "ALTER TABLE page ADD COLUMN logo_url TEXT NOT NULL DEFAULT ''",
         R"sql(CREATE TABLE page_links (
           ordinal INTEGER PRIMARY KEY CHECK (ordinal >= 0),
           label TEXT NOT NULL CHECK (label <> ''),
           url TEXT NOT NULL CHECK (url <> '')
         ) STRICT)sql",
         // The uptime bars read incidents resolved 30 to 90 days ago by their end.
         "CREATE INDEX incidents_resolved ON incidents(resolved_at) WHERE resolved_at IS NOT NULL",
     }},
    // Subscriptions (issue 10). No capability token is stored: manage and confirm tokens are
    // HMACs under link_key (subscription_token.hpp), made on first use. Events are appended in
    // the transaction of the write that causes them; deliveries are their per-subscriber
    // expansion. deliveries.subscriber_id has no foreign key: a sent delivery outlives its
    // subscriber's deletion (without the domain), so a resend can never happen twice.
    {6,
     {
         R"sql(CREATE TABLE subscription_keys (
           id INTEGER PRIMARY KEY CHECK (id = 1),
           link_key BLOB NOT NULL CHECK (length(link_key) = 32)
         ) STRICT)sql",
         R"sql(CREATE TABLE subscribers (
           id TEXT PRIMARY KEY CHECK (id GLOB 'sub_[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
           kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
           address TEXT NOT NULL CHECK (address <> ''),
           language TEXT NOT NULL CHECK (language IN ('en', 'tr', 'ru', 'nb')),
           all_components INTEGER NOT NULL CHECK (all_components IN (0, 1)),
           case_id TEXT,
           secret TEXT,
           created_at INTEGER NOT NULL,
           confirmed_at INTEGER,
           disabled_at INTEGER,
           disabled_reason TEXT
         ) STRICT)sql",
         // One row per address (per case): a second subscribe finds the first.
         "CREATE UNIQUE INDEX subscribers_address ON subscribers(kind, address, COALESCE(case_id, ''))",
         R"sql(CREATE TABLE subscriber_components (
           subscriber_id TEXT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
           component_id TEXT NOT NULL,
           PRIMARY KEY (subscriber_id, component_id)
         ) STRICT)sql",
         R"sql(CREATE TABLE notification_events (
           id INTEGER PRIMARY KEY,
           key TEXT NOT NULL UNIQUE,
           type TEXT NOT NULL,
           subject_id TEXT NOT NULL,
           components TEXT NOT NULL,
           payload TEXT NOT NULL,
           target_subscriber_id TEXT,
           created_at INTEGER NOT NULL,
           expanded_at INTEGER
         ) STRICT)sql",
         "CREATE INDEX notification_events_unexpanded ON notification_events(id) WHERE expanded_at IS NULL",
         R"sql(CREATE TABLE deliveries (
           id INTEGER PRIMARY KEY,
           key TEXT NOT NULL UNIQUE,
           event_id INTEGER NOT NULL REFERENCES notification_events(id),
           subscriber_id TEXT NOT NULL,
           domain TEXT NOT NULL,
           state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
           attempts INTEGER NOT NULL DEFAULT 0,
           next_attempt_at INTEGER NOT NULL,
           created_at INTEGER NOT NULL,
           sent_at INTEGER,
           last_error TEXT
         ) STRICT)sql",
         "CREATE INDEX deliveries_due ON deliveries(state, next_attempt_at)",
         "CREATE INDEX deliveries_subscriber ON deliveries(subscriber_id)",
     }},
};

// ---------------------------------------------------------------------------------------
// RAII over the C API.

struct Writers;  // the prepared INSERTs, defined with the writing code

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// A prepared statement. Bind errors are remembered and reported by the next step(), so
// call sites stay linear: bind, bind, step, check once.
class Stmt {
 public:
  Stmt() = default;
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)), bind_rc_(o.bind_rc_) {}
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      s_ = std::exchange(o.s_, nullptr);
      bind_rc_ = o.bind_rc_;
    }
    return *this;
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }

  // Parameters are 1-based, as in SQL.
  Stmt& bind(int i, std::int64_t v) { return note(sqlite3_bind_int64(s_, i, v)); }
  Stmt& bind(int i, int v) { return note(sqlite3_bind_int64(s_, i, v)); }
  Stmt& bind(int i, bool v) { return note(sqlite3_bind_int(s_, i, v ? 1 : 0)); }
  Stmt& bind(int i, double v) { return note(sqlite3_bind_double(s_, i, v)); }
  Stmt& bind(int i, std::string_view v) {
    return note(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  // Binary (hashes may hold NUL bytes); std::string binds as TEXT.
  Stmt& bind_blob(int i, std::string_view v) {
    return note(sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT));
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : note(sqlite3_bind_null(s_, i));
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() {
    if (bind_rc_ != SQLITE_OK) return bind_rc_;
    return sqlite3_step(s_);
  }
  // Ready for the next row of binds.
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    bind_rc_ = SQLITE_OK;
  }

  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  int i32(int col) const { return sqlite3_column_int(s_, col); }
  double real(int col) const { return sqlite3_column_double(s_, col); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_i64(int col) const {
    if (is_null(col)) return std::nullopt;
    return i64(col);
  }
  std::string blob(int col) const {
    const void* p = sqlite3_column_blob(s_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }

 private:
  Stmt& note(int rc) {
    if (bind_rc_ == SQLITE_OK && rc != SQLITE_OK) bind_rc_ = rc;
    return *this;
  }
  sqlite3_stmt* s_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

// ---------------------------------------------------------------------------------------
// Errors: `path` names the store file, `detail` says what failed and SQLite's reason.
// TODO(lead): errc has no I/O code yet; invalid_value is the nearest.

Error store_error(const std::string& file, std::string what) {
  return Error{errc::invalid_value, file, std::move(what)};
}

// " [sqlite N]", N the extended result code: store_failure_kind() reads it back.
std::string result_code_tag(sqlite3* db) {
  return " [sqlite " + std::to_string(db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM) + "]";
}

Error db_error(sqlite3* db, const std::string& file, std::string_view what) {
  std::string detail(what);
  detail += ": ";
  detail += db ? sqlite3_errmsg(db) : "out of memory";
  detail += result_code_tag(db);
  return store_error(file, std::move(detail));
}

bool ok(const Error& e) { return e.code == errc::ok; }

// The theme's accent is stored in lower case, as the snapshot documents it.
std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

constexpr std::string_view kVersionSql = "SELECT version FROM meta WHERE id = 1";

// ---------------------------------------------------------------------------------------

template <class E>
bool read_enum(const Stmt& st, int col, E& out) {
  return candor::from_string(st.text(col), out);
}

// candor has to_string(PromiseKind) only.
bool promise_kind_from_string(std::string_view s, PromiseKind& out) {
  for (PromiseKind k : {PromiseKind::resolution, PromiseKind::next_update, PromiseKind::first_response}) {
    if (s == to_string(k)) {
      out = k;
      return true;
    }
  }
  return false;
}

// For rows that belong to a parent already loaded; rows of filtered-out parents are skipped.
template <class T>
T* find_parent(std::unordered_map<std::string, std::size_t>& index, std::vector<T>& items,
               const std::string& id) {
  const auto it = index.find(id);
  return it == index.end() ? nullptr : &items[it->second];
}

}  // namespace

const std::vector<Migration>& store_migrations() { return kMigrations; }

StoreFailure store_failure_kind(const Error& e) {
  constexpr std::string_view kTag = " [sqlite ";
  const std::string_view d = e.detail;
  const std::size_t at = d.rfind(kTag);
  if (at == std::string_view::npos || d.empty() || d.back() != ']') return StoreFailure::other;
  int code = 0;
  for (const char c : d.substr(at + kTag.size(), d.size() - 1 - at - kTag.size())) {
    if (c < '0' || c > '9' || code > 1000000) return StoreFailure::other;
    code = code * 10 + (c - '0');
  }
  switch (code & 0xff) {  // the primary code; the extended one adds detail above bit 8
    case SQLITE_READONLY: return StoreFailure::read_only;
    case SQLITE_FULL: return StoreFailure::disk_full;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreFailure::busy;
    case SQLITE_IOERR: return StoreFailure::io_error;
    default: return StoreFailure::other;
  }
}

struct Store::Impl {
  std::string path;
  DbHandle db;
  int schema_version = 0;
  std::mutex mutex;  // one connection; callers may be on several threads
  std::atomic<std::uint64_t> commits{0};  // write transactions committed through this Store
  Stmt version_stmt;

  Error exec(std::string_view sql, std::string_view what) {
    char* msg = nullptr;
    const std::string owned(sql);
    if (sqlite3_exec(db.get(), owned.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string detail(what);
      detail += ": ";
      detail += msg ? msg : sqlite3_errmsg(db.get());
      detail += result_code_tag(db.get());
      sqlite3_free(msg);
      return store_error(path, std::move(detail));
    }
    return {};
  }

  // `flags`: SQLITE_PREPARE_PERSISTENT for statements kept for the store's lifetime.
  Result<Stmt> prepare(std::string_view sql, unsigned flags = 0) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), flags, &raw,
                           nullptr) != SQLITE_OK) {
      return db_error(db.get(), path, "prepare \"" + std::string(sql.substr(0, 60)) + "\"");
    }
    return Stmt(raw);
  }

  // A single-value query such as a PRAGMA read.
  Result<std::int64_t> query_int(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.error();
    if (st.value().step() != SQLITE_ROW) return db_error(db.get(), path, sql);
    return st.value().i64(0);
  }

  // The oldest start of history worth reading at `now`: snapshot_history_since(now), or the
  // beginning of time when the engine's own look-back window holds fewer items than its
  // minimum, since the engine then uses them all (candor::with_effective_lookback). `count_sql`
  // counts the rows that started in [?1, ?2); `unseen` of them the caller's engine leaves out.
  Result<TimeMs> usable_history_since(const char* count_sql, TimeMs now, int unseen = 0) {
    const EstimateOptions engine;
    auto st = prepare(count_sql);
    if (!st) return st.error();
    Stmt& q = st.value();
    q.bind(1, day_start(now) - static_cast<TimeMs>(engine.lookback_days) * kDayMs).bind(2, now);
    if (q.step() != SQLITE_ROW) return db_error(db.get(), path, count_sql);
    return q.i64(0) - unseen < engine.min_samples ? INT64_MIN : snapshot_history_since(now);
  }

  // One case, whole, by a `WHERE` over the cases table (one `?1` parameter), or nullopt.
  Result<std::optional<Case>> read_case(std::string_view where, const std::function<void(Stmt&)>& bind);

  Error step_done(Stmt& st, std::string_view what) {
    const int rc = st.step();
    st.reset();
    if (rc != SQLITE_DONE) return db_error(db.get(), path, what);
    return {};
  }

  // Rolls back unless committed: every early return inside a transaction undoes it.
  class Transaction {
   public:
    explicit Transaction(Impl& impl) : impl_(impl) {}
    Error begin() {
      impl_.reopen_if_read_only();
      // IMMEDIATE takes the write lock now, so a busy store fails here, not half-way.
      Error e = impl_.exec("BEGIN IMMEDIATE", "begin transaction");
      open_ = ok(e);
      return e;
    }
    Error commit() {
      Error e = impl_.exec("COMMIT", "commit");
      if (ok(e)) {
        open_ = false;
        impl_.commits.fetch_add(1, std::memory_order_release);
      }
      return e;
    }
    ~Transaction() {
      if (open_) sqlite3_exec(impl_.db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    Impl& impl_;
    bool open_ = false;
  };

  Error configure();
  // SQLite opens a file it cannot write read-only, and the connection stays so for its life.
  // Before each write, a read-only connection is replaced by a fresh read-write one when the
  // file has become writable again, so the server recovers without a restart.
  void reopen_if_read_only();
  Error check_identity(const std::vector<Migration>& migrations);
  Error migrate(const std::vector<Migration>& migrations);
  Error write_all(const PortalContent& c);

  // Incidents and maintenances have the same two child tables: the components they affect
  // and their updates. `link` inserts (parent_id, ordinal, component_id); `update` inserts
  // (id, parent_id, ordinal, status, body, created_at, display_at).
  template <class Item>
  Error write_links_and_updates(Stmt& link, Stmt& update, const Item& x, const char* what) {
    for (std::size_t j = 0; j < x.component_ids.size(); ++j) {
      link.bind(1, x.id).bind(2, static_cast<std::int64_t>(j)).bind(3, x.component_ids[j]);
      if (Error e = step_done(link, std::string("write ") + what + " " + x.id + " component"); !ok(e)) return e;
    }
    for (std::size_t j = 0; j < x.updates.size(); ++j) {
      const auto& u = x.updates[j];
      update.bind(1, u.id).bind(2, x.id).bind(3, static_cast<std::int64_t>(j)).bind(4, to_string(u.status));
      update.bind(5, u.body).bind(6, u.created_at).bind(7, u.display_at);
      if (Error e = step_done(update, std::string("write ") + what + " update " + u.id); !ok(e)) return e;
    }
    return {};
  }
  Result<Snapshot> read_all(TimeMs now);
  // After an operator write: +1 version, and the page's updated_at moves to `at`.
  Error bump(TimeMs at) {
    if (Error e = exec("UPDATE meta SET version = version + 1 WHERE id = 1", "bump version"); !ok(e)) return e;
    auto st = prepare("UPDATE page SET updated_at = MAX(updated_at, ?1)");
    if (!st) return st.error();
    st.value().bind(1, at);
    return step_done(st.value(), "touch page");
  }
  // For replacing one item whole: its place (an item already stored keeps its ordinal, a new
  // one goes after the rest), and its old row deleted (children cascade). `table` is a constant.
  Result<std::int64_t> take_place(const std::string& table, const std::string& id) {
    auto find = prepare("SELECT ordinal FROM " + table + " WHERE id = ?1");
    if (!find) return find.error();
    find.value().bind(1, id);
    std::int64_t ordinal = 0;
    if (find.value().step() == SQLITE_ROW) {
      ordinal = find.value().i64(0);
    } else {
      auto next = query_int("SELECT COALESCE(MAX(ordinal), -1) + 1 FROM " + table);
      if (!next) return next.error();
      ordinal = next.value();
    }
    auto del = prepare("DELETE FROM " + table + " WHERE id = ?1");
    if (!del) return del.error();
    del.value().bind(1, id);
    if (Error e = step_done(del.value(), "replace " + table + " " + id); !ok(e)) return e;
    return ordinal;
  }
  Error prepare_writers(Writers& w);
  // The page's links, replacing the stored ones; `insert` is (ordinal, label, url).
  Error write_page_links(Stmt& insert, const std::vector<PageLink>& links) {
    if (Error e = exec("DELETE FROM page_links", "clear page_links"); !ok(e)) return e;
    for (std::size_t i = 0; i < links.size(); ++i) {
      insert.bind(1, static_cast<std::int64_t>(i)).bind(2, links[i].label).bind(3, links[i].url);
      if (Error e = step_done(insert, "write page link " + std::to_string(i)); !ok(e)) return e;
    }
    return {};
  }
  Error write_incident(Writers& w, const Incident& x, std::int64_t ordinal);
  // Inside a write's transaction: its notification events, each at most once (by key).
  Error append_events(const std::vector<NotificationEvent>& events, TimeMs now);
  Result<bool> change_pending_delivery(std::string_view set, std::int64_t id, const std::function<void(Stmt&)>& bind,
                                       const std::string& what);
  // Inside a transaction: the subscriber row, its components, its pending deliveries and its
  // unsent confirmations; what was sent keeps no domain. false: no such subscriber.
  Result<bool> remove_subscriber(const std::string& id);
  // Email addresses never confirmed within the confirmation window are not kept: the
  // link has expired, so nothing can ever be sent to them but what they did not ask for.
  Error forget_unconfirmed(TimeMs now) {
    auto st = prepare("SELECT id FROM subscribers WHERE kind = 'email' AND confirmed_at IS NULL AND created_at < ?1");
    if (!st) return st.error();
    st.value().bind(1, now - kConfirmTokenLifetimeMs);
    std::vector<std::string> ids;
    int rc;
    while ((rc = st.value().step()) == SQLITE_ROW) ids.push_back(st.value().text(0));
    if (rc != SQLITE_DONE) return db_error(db.get(), path, "find unconfirmed subscribers");
    for (const std::string& id : ids)
      if (auto r = remove_subscriber(id); !r) return r.error();
    return {};
  }
};

Error Store::Impl::configure() {
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // The first statement is the first real read of the file: a file that is not a
  // database fails here with "file is not a database".
  auto mode = prepare("PRAGMA journal_mode = WAL");
  if (!mode) return db_error(db.get(), path, "cannot read");
  if (mode.value().step() != SQLITE_ROW) return db_error(db.get(), path, "set journal_mode=WAL");
  if (const std::string m = mode.value().text(0); m != "wal")
    return store_error(path, "journal_mode is \"" + m + "\", WAL could not be enabled");
  if (Error e = exec("PRAGMA synchronous = FULL", "set synchronous=FULL"); !ok(e)) return e;
  if (Error e = exec("PRAGMA foreign_keys = ON", "enable foreign keys"); !ok(e)) return e;
  auto fk = query_int("PRAGMA foreign_keys");
  if (!fk) return fk.error();
  if (fk.value() != 1) return store_error(path, "this SQLite cannot enforce foreign keys");
  return {};
}

void Store::Impl::reopen_if_read_only() {
  if (sqlite3_db_readonly(db.get(), "main") != 1) return;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  DbHandle fresh(raw);
  if (rc != SQLITE_OK || sqlite3_db_readonly(raw, "main") != 0) return;  // still read-only
  std::swap(db, fresh);  // `fresh` now holds the old connection
  auto version = prepare(kVersionSql, SQLITE_PREPARE_PERSISTENT);
  if (!ok(configure()) || !version) {
    std::swap(db, fresh);  // keep the old one; the write will fail and say why
    return;
  }
  version_stmt = std::move(version.value());  // finalizes the old connection's statement
}

Error Store::Impl::check_identity(const std::vector<Migration>& migrations) {
  auto uv = query_int("PRAGMA user_version");
  if (!uv) return uv.error();
  auto app = query_int("PRAGMA application_id");
  if (!app) return app.error();
  auto tables = query_int("SELECT count(*) FROM sqlite_schema");
  if (!tables) return tables.error();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (uv.value() == 0 && tables.value() != 0)
    return store_error(path, "not a Candor store: it already holds other tables");
  if (uv.value() != 0 && app.value() != kApplicationId)
    return store_error(path, "not a Candor store: its application_id is " + std::to_string(app.value()));
  if (uv.value() > latest)
    return store_error(path, "schema version " + std::to_string(uv.value()) +
                                 " is newer than this candor understands (" + std::to_string(latest) +
                                 "); upgrade candor");
  schema_version = static_cast<int>(uv.value());
  return {};
}

Error Store::Impl::migrate(const std::vector<Migration>& migrations) {
  for (const Migration& m : migrations) {
    if (m.version <= schema_version) continue;
    if (m.version != schema_version + 1)
      return store_error(path, "migrations are not consecutive at version " + std::to_string(m.version));
    Transaction tx(*this);
    if (Error e = tx.begin(); !ok(e)) return e;
    const std::string label = "migration " + std::to_string(m.version);
    for (std::size_t i = 0; i < m.statements.size(); ++i) {
      if (Error e = exec(m.statements[i], label + " statement " + std::to_string(i + 1)); !ok(e)) return e;
    }
    if (Error e = exec("PRAGMA user_version = " + std::to_string(m.version), label); !ok(e)) return e;
    if (Error e = tx.commit(); !ok(e)) return e;
    schema_version = m.version;
  }
  return {};
}

// ---------------------------------------------------------------------------------------
// Writing

namespace {

// The statements replace_contents() needs, prepared once per call.
struct Writers {
  Stmt page, page_link, component, incident, incident_component, incident_update, incident_note, incident_promise,
      maintenance, maintenance_component, maintenance_update, channel, channel_hours, channel_holiday,
      past_incident, past_stage, past_obstacle, promise_record;
};

}  // namespace

Error Store::Impl::prepare_writers(Writers& w) {
  struct Prep {
    Stmt* stmt;
    const char* sql;
  };
  const Prep preps[] = {
      {&w.page,
       "INSERT INTO page (id, page_id, name, url, time_zone, updated_at, accent, logo_url) VALUES (1, ?, ?, ?, ?, ?, ?, ?)"},
      {&w.page_link, "INSERT INTO page_links (ordinal, label, url) VALUES (?, ?, ?)"},
      {&w.component,
       "INSERT INTO components (id, ordinal, name, status, description, group_id, is_group, position, created_at, "
       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&w.incident,
       "INSERT INTO incidents (id, ordinal, name, status, impact, category, created_at, started_at, updated_at, "
       "monitoring_at, resolved_at, next_update_at, operator_estimate_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&w.incident_component, "INSERT INTO incident_components (incident_id, ordinal, component_id) VALUES (?, ?, ?)"},
      {&w.incident_update,
       "INSERT INTO incident_updates (id, incident_id, ordinal, status, body, created_at, display_at) VALUES (?, ?, ?, "
       "?, ?, ?, ?)"},
      {&w.incident_note, "INSERT INTO incident_notes (incident_id, kind, ordinal, title, body) VALUES (?, ?, ?, ?, ?)"},
      {&w.incident_promise,
       "INSERT INTO incident_promises (incident_id, published_at, likely_at, latest_at, stage, basis_n, basis_level, "
       "revision, missed_latest_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&w.maintenance,
       "INSERT INTO maintenances (id, ordinal, name, status, created_at, updated_at, scheduled_for, scheduled_until) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"},
      {&w.maintenance_component,
       "INSERT INTO maintenance_components (maintenance_id, ordinal, component_id) VALUES (?, ?, ?)"},
      {&w.maintenance_update,
       "INSERT INTO maintenance_updates (id, maintenance_id, ordinal, status, body, created_at, display_at) VALUES (?, "
       "?, ?, ?, ?, ?, ?)"},
      {&w.channel,
       "INSERT INTO channels (id, ordinal, name, kind, time_zone, agents, calls_per_hour, handle_seconds, "
       "queue_length, target_seconds, first_response_p50_s, first_response_p90_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
       "?, ?, ?)"},
      {&w.channel_hours,
       "INSERT INTO channel_hours (channel_id, ordinal, iso_weekday, open_minute, close_minute) VALUES (?, ?, ?, ?, ?)"},
      {&w.channel_holiday, "INSERT INTO channel_holidays (channel_id, date, name) VALUES (?, ?, ?)"},
      {&w.past_incident,
       "INSERT INTO past_incidents (id, ordinal, category, impact, started_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?)"},
      {&w.past_stage, "INSERT INTO past_incident_stages (past_incident_id, ordinal, stage, duration_s) VALUES (?, ?, ?, ?)"},
      {&w.past_obstacle,
       "INSERT INTO past_incident_obstacles (past_incident_id, ordinal, kind, delay_s) VALUES (?, ?, ?, ?)"},
      {&w.promise_record,
       "INSERT INTO promise_records (kind, made_at, due_at, fulfilled_at) VALUES (?, ?, ?, ?)"},
  };
  for (const Prep& p : preps) {
    auto st = prepare(p.sql);
    if (!st) return st.error();
    *p.stmt = std::move(st.value());
  }

  return {};
}

// One incident and its children; the caller has deleted any previous row with its id.
Error Store::Impl::write_incident(Writers& w, const Incident& x, std::int64_t ordinal) {
  w.incident.bind(1, x.id).bind(2, ordinal).bind(3, x.name).bind(4, to_string(x.status));
  w.incident.bind(5, to_string(x.impact)).bind(6, x.category).bind(7, x.created_at).bind(8, x.started_at);
  w.incident.bind(9, x.updated_at).bind(10, x.monitoring_at).bind(11, x.resolved_at).bind(12, x.next_update_at);
  w.incident.bind(13, x.operator_estimate_s);
  if (Error e = step_done(w.incident, "write incident " + x.id); !ok(e)) return e;
  if (Error e = write_links_and_updates(w.incident_component, w.incident_update, x, "incident"); !ok(e)) return e;
  for (const auto& [kind, notes] : {std::pair{"obstacle", &x.obstacles}, std::pair{"workaround", &x.workarounds}}) {
    for (std::size_t j = 0; j < notes->size(); ++j) {
      w.incident_note.bind(1, x.id).bind(2, kind).bind(3, static_cast<std::int64_t>(j));
      w.incident_note.bind(4, (*notes)[j].title).bind(5, (*notes)[j].body);
      if (Error e = step_done(w.incident_note, "write incident " + x.id + " note"); !ok(e)) return e;
    }
  }
  if (x.promise) {
    const Promise& p = *x.promise;
    w.incident_promise.bind(1, x.id).bind(2, p.published_at).bind(3, p.likely_at).bind(4, p.latest_at);
    w.incident_promise.bind(5, to_string(p.stage)).bind(6, p.basis_n).bind(7, p.basis_level).bind(8, p.revision);
    w.incident_promise.bind(9, p.missed_latest_at);
    if (Error e = step_done(w.incident_promise, "write incident " + x.id + " promise"); !ok(e)) return e;
  }
  return {};
}

Error Store::Impl::write_all(const PortalContent& c) {
  const Snapshot& s = c.snapshot;
  if (c.channel_hours.size() != s.channels.size())
    return store_error(path, "channel_hours must have one entry per channel");

  for (const char* table : {"page", "page_links", "components", "incidents", "maintenances", "channels",
                            "past_incidents", "promise_records", "incident_update_components"}) {
    // Children go with their parents (ON DELETE CASCADE).
    if (Error e = exec(std::string("DELETE FROM ") + table, std::string("clear ") + table); !ok(e)) return e;
  }

  Writers w;
  if (Error e = prepare_writers(w); !ok(e)) return e;

  const Page& pg = s.page;
  if (!is_known_time_zone(pg.time_zone))
    return store_error(path, "page: unknown IANA time zone \"" + pg.time_zone + "\"");
  if (Error e = check_theme(pg.theme); !ok(e)) return store_error(path, "page theme: " + e.path + ": " + e.detail);
  w.page.bind(1, pg.id).bind(2, pg.name).bind(3, pg.url).bind(4, pg.time_zone).bind(5, pg.updated_at);
  w.page.bind(6, lower_ascii(pg.theme.accent)).bind(7, pg.theme.logo_url);
  if (Error e = step_done(w.page, "write page"); !ok(e)) return e;
  if (Error e = write_page_links(w.page_link, pg.theme.links); !ok(e)) return e;

  for (std::size_t i = 0; i < s.components.size(); ++i) {
    const Component& x = s.components[i];
    w.component.bind(1, x.id).bind(2, static_cast<std::int64_t>(i)).bind(3, x.name).bind(4, to_string(x.status));
    w.component.bind(5, x.description).bind(7, x.group).bind(8, x.position).bind(9, x.created_at).bind(10, x.updated_at);
    if (!x.group_id.empty()) w.component.bind(6, x.group_id);  // unbound = NULL
    if (Error e = step_done(w.component, "write component " + x.id); !ok(e)) return e;
  }

  for (std::size_t i = 0; i < s.incidents.size(); ++i) {
    if (Error e = write_incident(w, s.incidents[i], static_cast<std::int64_t>(i)); !ok(e)) return e;
  }
  for (std::size_t i = 0; i < c.archived_incidents.size(); ++i) {
    const auto ordinal = static_cast<std::int64_t>(s.incidents.size() + i);
    if (Error e = write_incident(w, c.archived_incidents[i], ordinal); !ok(e)) return e;
  }

  for (std::size_t i = 0; i < s.maintenances.size(); ++i) {
    const Maintenance& x = s.maintenances[i];
    w.maintenance.bind(1, x.id).bind(2, static_cast<std::int64_t>(i)).bind(3, x.name).bind(4, to_string(x.status));
    w.maintenance.bind(5, x.created_at).bind(6, x.updated_at).bind(7, x.scheduled_for).bind(8, x.scheduled_until);
    if (Error e = step_done(w.maintenance, "write maintenance " + x.id); !ok(e)) return e;
    if (Error e = write_links_and_updates(w.maintenance_component, w.maintenance_update, x, "maintenance"); !ok(e))
      return e;
  }

  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    const Channel& x = s.channels[i];
    // Validate zone and hours now: a bad row stored would fail every later load.
    if (auto check = resolve_open_intervals(x.time_zone, c.channel_hours[i], 0, 0); !check)
      return store_error(path, "channel " + x.id + " hours: " + check.error().path + ": " + check.error().detail);
    w.channel.bind(1, x.id).bind(2, static_cast<std::int64_t>(i)).bind(3, x.name).bind(4, to_string(x.kind));
    w.channel.bind(5, x.time_zone).bind(6, x.agents).bind(7, x.calls_per_hour).bind(8, x.handle_seconds);
    w.channel.bind(9, x.queue_length).bind(10, x.target_seconds).bind(11, x.first_response_p50_s);
    w.channel.bind(12, x.first_response_p90_s);
    if (Error e = step_done(w.channel, "write channel " + x.id); !ok(e)) return e;
    const BusinessHours& h = c.channel_hours[i];
    for (std::size_t j = 0; j < h.weekly.size(); ++j) {
      const WeeklyHours& wh = h.weekly[j];
      w.channel_hours.bind(1, x.id).bind(2, static_cast<std::int64_t>(j)).bind(3, wh.iso_weekday);
      w.channel_hours.bind(4, wh.open_minute).bind(5, wh.close_minute);
      if (Error e = step_done(w.channel_hours, "write channel " + x.id + " hours"); !ok(e)) return e;
    }
    for (const Holiday& hol : h.holidays) {
      w.channel_holiday.bind(1, x.id).bind(2, hol.date).bind(3, hol.name);
      if (Error e = step_done(w.channel_holiday, "write channel " + x.id + " holiday " + hol.date); !ok(e)) return e;
    }
  }

  for (std::size_t i = 0; i < s.history.size(); ++i) {
    const PastIncident& x = s.history[i];
    w.past_incident.bind(1, x.id).bind(2, static_cast<std::int64_t>(i)).bind(3, x.category);
    w.past_incident.bind(4, to_string(x.impact)).bind(5, x.started_at).bind(6, x.resolved_at);
    if (Error e = step_done(w.past_incident, "write past incident " + x.id); !ok(e)) return e;
    for (std::size_t j = 0; j < x.stages.size(); ++j) {
      w.past_stage.bind(1, x.id).bind(2, static_cast<std::int64_t>(j)).bind(3, to_string(x.stages[j].stage));
      w.past_stage.bind(4, x.stages[j].duration_s);
      if (Error e = step_done(w.past_stage, "write past incident " + x.id + " stage"); !ok(e)) return e;
    }
    for (std::size_t j = 0; j < x.obstacles.size(); ++j) {
      w.past_obstacle.bind(1, x.id).bind(2, static_cast<std::int64_t>(j)).bind(3, x.obstacles[j].kind);
      w.past_obstacle.bind(4, x.obstacles[j].delay_s);
      if (Error e = step_done(w.past_obstacle, "write past incident " + x.id + " obstacle"); !ok(e)) return e;
    }
  }

  for (const PromiseRecord& r : c.promise_records) {
    w.promise_record.bind(1, to_string(r.kind)).bind(2, r.made_at).bind(3, r.due_at).bind(4, r.fulfilled_at);
    if (Error e = step_done(w.promise_record, "write promise record"); !ok(e)) return e;
  }

  return exec("UPDATE meta SET version = version + 1 WHERE id = 1", "bump version");
}

// ---------------------------------------------------------------------------------------
// Reading

Result<Snapshot> Store::Impl::read_all(TimeMs now) {
  Snapshot s;
  s.generated_at = now;
  const TimeMs recent_since = now - kRecentWindowMs;

  // A stored enum name the model does not know means the file was written by something
  // else (or a newer candor without a migration): report the row, do not guess.
  auto bad_row = [&](std::string_view table, const std::string& id, std::string_view column, const std::string& value) {
    return store_error(path, std::string(table) + " row \"" + id + "\": unknown " + std::string(column) + " \"" +
                                 value + "\"");
  };
  // Runs `sql` with `binds` applied and calls `row` per result row; `row` returns an Error.
  auto each = [&](const char* sql, auto&& binds, auto&& row) -> Error {
    auto st = prepare(sql);
    if (!st) return st.error();
    Stmt& q = st.value();
    binds(q);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      if (Error e = row(q); !ok(e)) return e;
    }
    if (rc != SQLITE_DONE) return db_error(db.get(), path, std::string("read: ") + sql);
    return {};
  };
  auto no_binds = [](Stmt&) {};
  // The read side of write_links_and_updates(); table names are constants, never input.
  auto read_links_and_updates = [&](auto& items, std::unordered_map<std::string, std::size_t>& index,
                                    const std::string& parent, const std::string& links,
                                    const std::string& updates) -> Error {
    const std::string links_sql =
        "SELECT " + parent + ", component_id FROM " + links + " ORDER BY " + parent + ", ordinal";
    Error err = each(links_sql.c_str(), no_binds, [&](Stmt& q) {
      if (auto* x = find_parent(index, items, q.text(0))) x->component_ids.push_back(q.text(1));
      return Error{};
    });
    if (!ok(err)) return err;
    const std::string updates_sql = "SELECT " + parent + ", id, status, body, created_at, display_at FROM " +
                                    updates + " ORDER BY " + parent + ", ordinal";
    return each(updates_sql.c_str(), no_binds, [&](Stmt& q) {
      auto* x = find_parent(index, items, q.text(0));
      if (!x) return Error{};
      typename std::decay_t<decltype(x->updates)>::value_type u;
      u.id = q.text(1);
      if (!read_enum(q, 2, u.status)) return bad_row(updates, u.id, "status", q.text(2));
      u.body = q.text(3);
      u.created_at = q.i64(4);
      u.display_at = q.i64(5);
      x->updates.push_back(std::move(u));
      return Error{};
    });
  };
  auto recent = [&](Stmt& q) { q.bind(1, recent_since); };

  auto v = query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  s.version = v.value();

  Error e = each("SELECT page_id, name, url, time_zone, updated_at, accent, logo_url FROM page WHERE id = 1", no_binds,
                 [&](Stmt& q) {
                   s.page.id = q.text(0);
                   s.page.name = q.text(1);
                   s.page.url = q.text(2);
                   s.page.time_zone = q.text(3);
                   s.page.updated_at = q.i64(4);
                   s.page.theme.accent = q.text(5);
                   s.page.theme.logo_url = q.text(6);
                   return Error{};
                 });
  if (!ok(e)) return e;
  e = each("SELECT label, url FROM page_links ORDER BY ordinal", no_binds, [&](Stmt& q) {
    s.page.theme.links.push_back(PageLink{q.text(0), q.text(1)});
    return Error{};
  });
  if (!ok(e)) return e;

  e = each(
      "SELECT id, name, status, description, group_id, is_group, position, created_at, updated_at FROM components "
      "ORDER BY ordinal",
      no_binds, [&](Stmt& q) {
        Component c;
        c.id = q.text(0);
        c.name = q.text(1);
        if (!read_enum(q, 2, c.status)) return bad_row("components", c.id, "status", q.text(2));
        c.description = q.text(3);
        c.group_id = q.text(4);  // NULL reads as ""
        c.group = q.i32(5) != 0;
        c.position = q.i32(6);
        c.created_at = q.i64(7);
        c.updated_at = q.i64(8);
        s.components.push_back(std::move(c));
        return Error{};
      });
  if (!ok(e)) return e;

  // Incidents: unresolved, or resolved within the recent window. Children of others are skipped.
  std::unordered_map<std::string, std::size_t> incident_index;
  e = each(
      "SELECT id, name, status, impact, category, created_at, started_at, updated_at, monitoring_at, resolved_at, "
      "next_update_at, operator_estimate_s FROM incidents WHERE resolved_at IS NULL OR resolved_at >= ?1 "
      "ORDER BY ordinal",
      recent, [&](Stmt& q) {
        Incident x;
        x.id = q.text(0);
        x.name = q.text(1);
        if (!read_enum(q, 2, x.status)) return bad_row("incidents", x.id, "status", q.text(2));
        if (!read_enum(q, 3, x.impact)) return bad_row("incidents", x.id, "impact", q.text(3));
        x.category = q.text(4);
        x.created_at = q.i64(5);
        x.started_at = q.i64(6);
        x.updated_at = q.i64(7);
        x.monitoring_at = q.opt_i64(8);
        x.resolved_at = q.opt_i64(9);
        x.next_update_at = q.opt_i64(10);
        x.operator_estimate_s = q.opt_i64(11);
        incident_index.emplace(x.id, s.incidents.size());
        s.incidents.push_back(std::move(x));
        return Error{};
      });
  if (!ok(e)) return e;
  e = read_links_and_updates(s.incidents, incident_index, "incident_id", "incident_components", "incident_updates");
  if (!ok(e)) return e;
  e = each("SELECT incident_id, kind, title, body FROM incident_notes ORDER BY incident_id, kind, ordinal", no_binds,
           [&](Stmt& q) {
             Incident* x = find_parent(incident_index, s.incidents, q.text(0));
             if (!x) return Error{};
             (q.text(1) == "obstacle" ? x->obstacles : x->workarounds).push_back(Note{q.text(2), q.text(3)});
             return Error{};
           });
  if (!ok(e)) return e;
  e = each(
      "SELECT incident_id, published_at, likely_at, latest_at, stage, basis_n, basis_level, revision, "
      "missed_latest_at FROM incident_promises",
      no_binds, [&](Stmt& q) {
        Incident* x = find_parent(incident_index, s.incidents, q.text(0));
        if (!x) return Error{};
        Promise p;
        p.published_at = q.i64(1);
        p.likely_at = q.i64(2);
        p.latest_at = q.i64(3);
        if (!read_enum(q, 4, p.stage)) return bad_row("incident_promises", x->id, "stage", q.text(4));
        p.basis_n = q.i32(5);
        p.basis_level = q.text(6);
        p.revision = q.i32(7);
        p.missed_latest_at = q.opt_i64(8);
        x->promise = std::move(p);
        return Error{};
      });
  if (!ok(e)) return e;

  // Maintenances: not completed, or ended within the recent window.
  std::unordered_map<std::string, std::size_t> maintenance_index;
  e = each(
      "SELECT id, name, status, created_at, updated_at, scheduled_for, scheduled_until FROM maintenances "
      "WHERE status <> 'completed' OR scheduled_until >= ?1 ORDER BY ordinal",
      recent, [&](Stmt& q) {
        Maintenance x;
        x.id = q.text(0);
        x.name = q.text(1);
        if (!read_enum(q, 2, x.status)) return bad_row("maintenances", x.id, "status", q.text(2));
        x.created_at = q.i64(3);
        x.updated_at = q.i64(4);
        x.scheduled_for = q.i64(5);
        x.scheduled_until = q.i64(6);
        maintenance_index.emplace(x.id, s.maintenances.size());
        s.maintenances.push_back(std::move(x));
        return Error{};
      });
  if (!ok(e)) return e;
  e = read_links_and_updates(s.maintenances, maintenance_index, "maintenance_id", "maintenance_components",
                             "maintenance_updates");
  if (!ok(e)) return e;

  // Channels, then their hours resolved to UTC intervals for the coming two weeks.
  std::unordered_map<std::string, std::size_t> channel_index;
  std::vector<BusinessHours> hours;
  e = each(
      "SELECT id, name, kind, time_zone, agents, calls_per_hour, handle_seconds, queue_length, target_seconds, "
      "first_response_p50_s, first_response_p90_s FROM channels ORDER BY ordinal",
      no_binds, [&](Stmt& q) {
        Channel x;
        x.id = q.text(0);
        x.name = q.text(1);
        if (!read_enum(q, 2, x.kind)) return bad_row("channels", x.id, "kind", q.text(2));
        x.time_zone = q.text(3);
        x.agents = q.i32(4);
        x.calls_per_hour = q.real(5);
        x.handle_seconds = q.real(6);
        if (!q.is_null(7)) x.queue_length = q.i32(7);
        x.target_seconds = q.real(8);
        x.first_response_p50_s = q.opt_i64(9);
        x.first_response_p90_s = q.opt_i64(10);
        channel_index.emplace(x.id, s.channels.size());
        s.channels.push_back(std::move(x));
        hours.emplace_back();
        return Error{};
      });
  if (!ok(e)) return e;
  e = each("SELECT channel_id, iso_weekday, open_minute, close_minute FROM channel_hours ORDER BY channel_id, ordinal",
           no_binds, [&](Stmt& q) {
             if (auto it = channel_index.find(q.text(0)); it != channel_index.end())
               hours[it->second].weekly.push_back(WeeklyHours{q.i32(1), q.i32(2), q.i32(3)});
             return Error{};
           });
  if (!ok(e)) return e;
  e = each("SELECT channel_id, date, name FROM channel_holidays ORDER BY channel_id, date", no_binds, [&](Stmt& q) {
    if (auto it = channel_index.find(q.text(0)); it != channel_index.end())
      hours[it->second].holidays.push_back(Holiday{q.text(1), q.text(2)});
    return Error{};
  });
  if (!ok(e)) return e;
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    Channel& ch = s.channels[i];
    auto intervals = resolve_open_intervals(ch.time_zone, hours[i], now, now + kOpenIntervalHorizonMs);
    if (!intervals) {
      return store_error(path, "channel \"" + ch.id + "\" hours: " + intervals.error().path + ": " +
                                   intervals.error().detail);
    }
    ch.open_intervals = std::move(intervals).value();
  }

  // The uptime bars' older items: resolved incidents and completed maintenances that ended
  // in the 90 days before the recent window and touched components (the recent ones are in
  // s.incidents and s.maintenances already). Only ids, names, impact, components and times;
  // a maintenance has impact "maintenance" (Statuspage's own name for them).
  {
    const TimeMs uptime_since = now - (kUptimeDays + 1) * kDayMs;  // covers the first day from 00:00
    auto window = [&](Stmt& q) { q.bind(1, recent_since).bind(2, uptime_since); };
    // `items`: (id, name, impact, start, end) rows; `links`: (item id, component id) rows.
    auto read_uptime = [&](const char* table, const char* items, const char* links) -> Error {
      std::unordered_map<std::string, std::size_t> index;
      std::vector<UptimeEvent> found;
      Error err = each(items, window, [&](Stmt& q) {
        UptimeEvent x;
        x.id = q.text(0);
        x.name = q.text(1);
        if (!read_enum(q, 2, x.impact)) return bad_row(table, x.id, "impact", q.text(2));
        x.started_at = q.i64(3);
        x.resolved_at = q.i64(4);
        index.emplace(x.id, found.size());
        found.push_back(std::move(x));
        return Error{};
      });
      if (!ok(err)) return err;
      err = each(links, no_binds, [&](Stmt& q) {
        if (auto* x = find_parent(index, found, q.text(0))) x->component_ids.push_back(q.text(1));
        return Error{};
      });
      for (UptimeEvent& x : found) s.uptime_history.push_back(std::move(x));
      return err;
    };
    e = read_uptime("incidents",
                    "SELECT id, name, impact, started_at, resolved_at FROM incidents WHERE resolved_at IS NOT NULL "
                    "AND resolved_at < ?1 AND resolved_at >= ?2 AND EXISTS (SELECT 1 FROM incident_components c "
                    "WHERE c.incident_id = incidents.id) ORDER BY started_at, id",
                    "SELECT incident_id, component_id FROM incident_components ORDER BY incident_id, ordinal");
    if (!ok(e)) return e;
    e = read_uptime("maintenances",
                    "SELECT id, name, 'maintenance', scheduled_for, scheduled_until FROM maintenances WHERE "
                    "status = 'completed' AND scheduled_until < ?1 AND scheduled_until >= ?2 AND EXISTS (SELECT 1 "
                    "FROM maintenance_components c WHERE c.maintenance_id = maintenances.id) ORDER BY "
                    "scheduled_for, id",
                    "SELECT maintenance_id, component_id FROM maintenance_components ORDER BY maintenance_id, ordinal");
    if (!ok(e)) return e;
  }

  // History: only what the engine can use. It ignores items that started more than
  // lookback_days before the start of today (UTC), so older rows would only make every
  // reader download more (the demo's two years of history halve with this); all of them
  // when that year is too quiet to use alone (usable_history_since).
  auto history_since_or = usable_history_since(
      "SELECT COUNT(*) FROM past_incidents WHERE started_at >= ?1 AND started_at < ?2", now);
  if (!history_since_or) return history_since_or.error();
  const TimeMs history_since = history_since_or.value();
  std::unordered_map<std::string, std::size_t> past_index;
  e = each("SELECT id, category, impact, started_at, resolved_at FROM past_incidents WHERE started_at >= ?1 ORDER BY ordinal",
           [&](Stmt& q) { q.bind(1, history_since); },
           [&](Stmt& q) {
             PastIncident x;
             x.id = q.text(0);
             x.category = q.text(1);
             if (!read_enum(q, 2, x.impact)) return bad_row("past_incidents", x.id, "impact", q.text(2));
             x.started_at = q.i64(3);
             x.resolved_at = q.opt_i64(4);
             past_index.emplace(x.id, s.history.size());
             s.history.push_back(std::move(x));
             return Error{};
           });
  if (!ok(e)) return e;
  e = each("SELECT past_incident_id, stage, duration_s FROM past_incident_stages ORDER BY past_incident_id, ordinal",
           no_binds, [&](Stmt& q) {
             PastIncident* x = find_parent(past_index, s.history, q.text(0));
             if (!x) return Error{};
             StageDuration d;
             if (!read_enum(q, 1, d.stage)) return bad_row("past_incident_stages", x->id, "stage", q.text(1));
             d.duration_s = q.i64(2);
             x->stages.push_back(d);
             return Error{};
           });
  if (!ok(e)) return e;
  e = each("SELECT past_incident_id, kind, delay_s FROM past_incident_obstacles ORDER BY past_incident_id, ordinal",
           no_binds, [&](Stmt& q) {
             if (PastIncident* x = find_parent(past_index, s.history, q.text(0)))
               x->obstacles.push_back(Obstacle{q.text(1), q.i64(2)});
             return Error{};
           });
  if (!ok(e)) return e;
  // Ids joined the rows above; readers never need them (the engine matches on category and
  // impact), and random ids are what compresses worst in the download.
  for (PastIncident& x : s.history) x.id.clear();

  // The track record: promises decided (kept when fulfilled, broken at their due time)
  // within the window, plus pending ones, which track_record() leaves out.
  std::vector<PromiseRecord> records;
  e = each("SELECT kind, made_at, due_at, fulfilled_at FROM promise_records WHERE due_at >= ?1 OR fulfilled_at >= ?1",
           [&](Stmt& q) { q.bind(1, now - kTrackRecordWindowMs); },
           [&](Stmt& q) {
             PromiseRecord r;
             if (!promise_kind_from_string(q.text(0), r.kind)) return bad_row("promise_records", "", "kind", q.text(0));
             r.made_at = q.i64(1);
             r.due_at = q.i64(2);
             r.fulfilled_at = q.opt_i64(3);
             records.push_back(r);
             return Error{};
           });
  if (!ok(e)) return e;
  s.track_record = track_record(records, now, kTrackRecordWindowMs);
  return s;
}

// ---------------------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

int Store::schema_version() const { return impl_->schema_version; }
std::uint64_t Store::commit_count() const { return impl_->commits.load(std::memory_order_acquire); }
const std::string& Store::path() const { return impl_->path; }

Result<std::unique_ptr<Store>> Store::open(const std::string& path, OpenMode mode) {
  return open(path, mode, kMigrations);
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, OpenMode mode,
                                           const std::vector<Migration>& migrations) {
  std::error_code fs_ec;
  if (mode == OpenMode::existing_only && !std::filesystem::exists(path, fs_ec))
    return store_error(path, "no such store (create one with `candor demo --db FILE`)");

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (mode == OpenMode::create_if_missing ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  impl->db.reset(raw);  // closed even when opening failed
  if (rc != SQLITE_OK) return db_error(raw, path, "cannot open");

  if (Error e = impl->configure(); !ok(e)) return e;
  if (Error e = impl->check_identity(migrations); !ok(e)) return e;
  if (Error e = impl->migrate(migrations); !ok(e)) return e;
  if (impl->schema_version > 0) {
    auto st = impl->prepare(kVersionSql, SQLITE_PREPARE_PERSISTENT);
    if (!st) return st.error();
    impl->version_stmt = std::move(st.value());
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Result<std::int64_t> Store::version() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Stmt& st = impl_->version_stmt;
  const int rc = st.step();
  const std::int64_t v = rc == SQLITE_ROW ? st.i64(0) : 0;
  st.reset();
  if (rc != SQLITE_ROW) return db_error(impl_->db.get(), impl_->path, "read version");
  return v;
}

TimeMs snapshot_history_since(TimeMs now) {
  return day_start(now) - static_cast<TimeMs>(EstimateOptions{}.lookback_days + 1) * kDayMs;
}

Result<Snapshot> Store::load_snapshot(TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  // One read transaction, so the snapshot is consistent even while another process writes.
  if (Error e = impl_->exec("BEGIN", "begin read"); !ok(e)) return e;
  auto result = impl_->read_all(now);
  impl_->exec("COMMIT", "end read");
  return result;
}

Result<std::int64_t> Store::replace_contents(const PortalContent& content) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl::Transaction tx(*impl_);
  if (Error e = tx.begin(); !ok(e)) return e;
  if (Error e = impl_->write_all(content); !ok(e)) return e;
  auto v = impl_->query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  if (Error e = tx.commit(); !ok(e)) return e;
  return v.value();
}

// ---------------------------------------------------------------------------------------
// Operator writes

Result<std::int64_t> Store::save_incident(const IncidentWrite& write, const std::vector<NotificationEvent>& events) {
  const Incident& x = write.incident;
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto ordinal = im.take_place("incidents", x.id);
  if (!ordinal) return ordinal.error();
  Writers w;
  if (Error e = im.prepare_writers(w); !ok(e)) return e;
  if (Error e = im.write_incident(w, x, ordinal.value()); !ok(e)) return e;
  if (!write.component_statuses.empty()) {
    if (x.updates.empty()) return store_error(im.path, "incident " + x.id + ": component statuses need an update");
    const std::string& update_id = x.updates.back().id;
    auto read = im.prepare("SELECT name, status FROM components WHERE id = ?1");
    auto set = im.prepare("UPDATE components SET status = ?2, updated_at = ?3 WHERE id = ?1");
    auto note = im.prepare(
        "INSERT INTO incident_update_components (update_id, incident_id, ordinal, component_id, name, old_status, "
        "new_status) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!read) return read.error();
    if (!set) return set.error();
    if (!note) return note.error();
    for (std::size_t i = 0; i < write.component_statuses.size(); ++i) {
      const auto& [component_id, status] = write.component_statuses[i];
      read.value().bind(1, component_id);
      const int rc = read.value().step();
      if (rc != SQLITE_ROW) {
        read.value().reset();
        if (rc == SQLITE_DONE) return store_error(im.path, "incident " + x.id + ": no component " + component_id);
        return db_error(im.db.get(), im.path, "read component " + component_id);
      }
      const std::string name = read.value().text(0), old_status = read.value().text(1);
      read.value().reset();
      set.value().bind(1, component_id).bind(2, to_string(status)).bind(3, x.updated_at);
      if (Error e = im.step_done(set.value(), "set component " + component_id); !ok(e)) return e;
      note.value().bind(1, update_id).bind(2, x.id).bind(3, static_cast<std::int64_t>(i)).bind(4, component_id);
      note.value().bind(5, name).bind(6, old_status).bind(7, to_string(status));
      if (Error e = im.step_done(note.value(), "record component change of " + update_id); !ok(e)) return e;
    }
  }

  auto fulfil = im.prepare(
      "UPDATE promise_records SET fulfilled_at = MAX(?3, made_at) WHERE item_id = ?1 AND kind = ?2 AND fulfilled_at IS NULL");
  if (!fulfil) return fulfil.error();
  for (const auto& [kind, at] : {std::pair{PromiseKind::next_update, write.fulfil_next_update_at},
                                 std::pair{PromiseKind::resolution, write.fulfil_resolution_at}}) {
    if (!at) continue;
    fulfil.value().bind(1, x.id).bind(2, to_string(kind)).bind(3, *at);
    if (Error e = im.step_done(fulfil.value(), "fulfil promises of " + x.id); !ok(e)) return e;
  }
  auto record = im.prepare(
      "INSERT INTO promise_records (kind, made_at, due_at, fulfilled_at, item_id) VALUES (?, ?, ?, ?, ?)");
  if (!record) return record.error();
  for (const PromiseRecord& r : write.new_records) {
    record.value().bind(1, to_string(r.kind)).bind(2, r.made_at).bind(3, r.due_at).bind(4, r.fulfilled_at);
    record.value().bind(5, x.id);
    if (Error e = im.step_done(record.value(), "record promise of " + x.id); !ok(e)) return e;
  }
  if (Error e = im.append_events(events, x.updated_at); !ok(e)) return e;
  if (Error e = im.bump(x.updated_at); !ok(e)) return e;
  auto v = im.query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  if (Error e = tx.commit(); !ok(e)) return e;
  return v.value();
}

Result<std::int64_t> Store::save_maintenance(const Maintenance& x, const std::vector<NotificationEvent>& events) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto ordinal = im.take_place("maintenances", x.id);
  if (!ordinal) return ordinal.error();
  Writers w;
  if (Error e = im.prepare_writers(w); !ok(e)) return e;
  w.maintenance.bind(1, x.id).bind(2, ordinal.value()).bind(3, x.name).bind(4, to_string(x.status));
  w.maintenance.bind(5, x.created_at).bind(6, x.updated_at).bind(7, x.scheduled_for).bind(8, x.scheduled_until);
  if (Error e = im.step_done(w.maintenance, "write maintenance " + x.id); !ok(e)) return e;
  if (Error e = im.write_links_and_updates(w.maintenance_component, w.maintenance_update, x, "maintenance"); !ok(e))
    return e;
  if (Error e = im.append_events(events, x.updated_at); !ok(e)) return e;
  if (Error e = im.bump(x.updated_at); !ok(e)) return e;
  auto v = im.query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  if (Error e = tx.commit(); !ok(e)) return e;
  return v.value();
}

Result<std::optional<std::int64_t>> Store::set_channel_figures(const std::string& id, const ChannelFigures& f,
                                                               TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto st = im.prepare(
      "UPDATE channels SET agents = COALESCE(?2, agents), calls_per_hour = COALESCE(?3, calls_per_hour), "
      "handle_seconds = COALESCE(?4, handle_seconds), target_seconds = COALESCE(?5, target_seconds), "
      "queue_length = CASE WHEN ?6 THEN ?7 ELSE queue_length END WHERE id = ?1");
  if (!st) return st.error();
  st.value().bind(1, id).bind(2, f.agents).bind(3, f.calls_per_hour).bind(4, f.handle_seconds);
  st.value().bind(5, f.target_seconds).bind(6, f.set_queue_length).bind(7, f.queue_length);
  if (Error e = im.step_done(st.value(), "set channel " + id); !ok(e)) return e;
  if (sqlite3_changes(im.db.get()) == 0) return std::optional<std::int64_t>();
  if (f.time_zone) {
    auto tz = im.prepare("UPDATE channels SET time_zone = ?2 WHERE id = ?1");
    if (!tz) return tz.error();
    tz.value().bind(1, id).bind(2, *f.time_zone);
    if (Error e = im.step_done(tz.value(), "set channel " + id + " time zone"); !ok(e)) return e;
  }
  if (f.weekly) {
    auto del = im.prepare("DELETE FROM channel_hours WHERE channel_id = ?1");
    auto ins = im.prepare(
        "INSERT INTO channel_hours (channel_id, ordinal, iso_weekday, open_minute, close_minute) VALUES (?, ?, ?, ?, ?)");
    if (!del) return del.error();
    if (!ins) return ins.error();
    del.value().bind(1, id);
    if (Error e = im.step_done(del.value(), "clear channel " + id + " hours"); !ok(e)) return e;
    for (std::size_t j = 0; j < f.weekly->size(); ++j) {
      const WeeklyHours& wh = (*f.weekly)[j];
      ins.value().bind(1, id).bind(2, static_cast<std::int64_t>(j)).bind(3, wh.iso_weekday);
      ins.value().bind(4, wh.open_minute).bind(5, wh.close_minute);
      if (Error e = im.step_done(ins.value(), "write channel " + id + " hours"); !ok(e)) return e;
    }
  }
  if (f.holidays) {
    auto del = im.prepare("DELETE FROM channel_holidays WHERE channel_id = ?1");
    auto ins = im.prepare("INSERT INTO channel_holidays (channel_id, date, name) VALUES (?, ?, ?)");
    if (!del) return del.error();
    if (!ins) return ins.error();
    del.value().bind(1, id);
    if (Error e = im.step_done(del.value(), "clear channel " + id + " holidays"); !ok(e)) return e;
    for (const Holiday& h : *f.holidays) {
      ins.value().bind(1, id).bind(2, h.date).bind(3, h.name);
      if (Error e = im.step_done(ins.value(), "write channel " + id + " holiday " + h.date); !ok(e)) return e;
    }
  }
  if (Error e = im.bump(now); !ok(e)) return e;
  auto v = im.query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  if (Error e = tx.commit(); !ok(e)) return e;
  return std::optional<std::int64_t>(v.value());
}

Result<std::optional<Incident>> Store::find_incident(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  // One read transaction: the incident and its children as one write left them.
  if (Error e = im.exec("BEGIN", "begin read"); !ok(e)) return e;
  struct EndRead {
    Impl& im;
    ~EndRead() { im.exec("COMMIT", "end read"); }
  } end_read{im};
  const auto bad = [&](std::string_view what, const std::string& value) {
    return store_error(im.path, "incident \"" + id + "\": unknown " + std::string(what) + " \"" + value + "\"");
  };
  // Runs `sql` with ?1 = id, calling `row` per row (which returns an Error).
  const auto each = [&](const char* sql, auto&& row) -> Error {
    auto st = im.prepare(sql);
    if (!st) return st.error();
    st.value().bind(1, id);
    int rc;
    while ((rc = st.value().step()) == SQLITE_ROW)
      if (Error e = row(st.value()); !ok(e)) return e;
    if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, std::string("read: ") + sql);
    return {};
  };
  std::optional<Incident> found;
  Error e = each(
      "SELECT id, name, status, impact, category, created_at, started_at, updated_at, monitoring_at, resolved_at, "
      "next_update_at, operator_estimate_s FROM incidents WHERE id = ?1",
      [&](Stmt& q) {
        Incident x;
        x.id = q.text(0);
        x.name = q.text(1);
        if (!read_enum(q, 2, x.status)) return bad("status", q.text(2));
        if (!read_enum(q, 3, x.impact)) return bad("impact", q.text(3));
        x.category = q.text(4);
        x.created_at = q.i64(5);
        x.started_at = q.i64(6);
        x.updated_at = q.i64(7);
        x.monitoring_at = q.opt_i64(8);
        x.resolved_at = q.opt_i64(9);
        x.next_update_at = q.opt_i64(10);
        x.operator_estimate_s = q.opt_i64(11);
        found = std::move(x);
        return Error{};
      });
  if (!ok(e)) return e;
  if (!found) return std::optional<Incident>();
  Incident& x = *found;
  e = each("SELECT component_id FROM incident_components WHERE incident_id = ?1 ORDER BY ordinal", [&](Stmt& q) {
    x.component_ids.push_back(q.text(0));
    return Error{};
  });
  if (!ok(e)) return e;
  e = each("SELECT id, status, body, created_at, display_at FROM incident_updates WHERE incident_id = ?1 ORDER BY ordinal",
           [&](Stmt& q) {
             IncidentUpdate u;
             u.id = q.text(0);
             if (!read_enum(q, 1, u.status)) return bad("update status", q.text(1));
             u.body = q.text(2);
             u.created_at = q.i64(3);
             u.display_at = q.i64(4);
             x.updates.push_back(std::move(u));
             return Error{};
           });
  if (!ok(e)) return e;
  e = each("SELECT kind, title, body FROM incident_notes WHERE incident_id = ?1 ORDER BY kind, ordinal", [&](Stmt& q) {
    (q.text(0) == "obstacle" ? x.obstacles : x.workarounds).push_back(Note{q.text(1), q.text(2)});
    return Error{};
  });
  if (!ok(e)) return e;
  e = each(
      "SELECT published_at, likely_at, latest_at, stage, basis_n, basis_level, revision, missed_latest_at "
      "FROM incident_promises WHERE incident_id = ?1",
      [&](Stmt& q) {
        Promise p;
        p.published_at = q.i64(0);
        p.likely_at = q.i64(1);
        p.latest_at = q.i64(2);
        if (!read_enum(q, 3, p.stage)) return bad("promise stage", q.text(3));
        p.basis_n = q.i32(4);
        p.basis_level = q.text(5);
        p.revision = q.i32(6);
        p.missed_latest_at = q.opt_i64(7);
        x.promise = std::move(p);
        return Error{};
      });
  if (!ok(e)) return e;
  return found;
}

Result<ComponentChanges> Store::component_changes(TimeMs since) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare(
      "SELECT c.update_id, c.component_id, c.name, c.old_status, c.new_status FROM incident_update_components c "
      "JOIN incidents i ON i.id = c.incident_id WHERE i.resolved_at IS NULL OR i.resolved_at >= ?1 "
      "ORDER BY c.update_id, c.ordinal");
  if (!st) return st.error();
  Stmt& q = st.value();
  q.bind(1, since);
  ComponentChanges out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    ComponentChange c;
    c.component_id = q.text(1);
    c.name = q.text(2);
    if (!read_enum(q, 3, c.old_status) || !read_enum(q, 4, c.new_status))
      return store_error(im.path, "incident_update_components row \"" + q.text(0) + "\": unknown status \"" +
                                      q.text(3) + "\" or \"" + q.text(4) + "\"");
    out[q.text(0)].push_back(std::move(c));
  }
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read component changes");
  return out;
}

Result<std::optional<Store::ChannelHours>> Store::channel_hours(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto zone = im.prepare("SELECT time_zone FROM channels WHERE id = ?1");
  auto weekly = im.prepare(
      "SELECT iso_weekday, open_minute, close_minute FROM channel_hours WHERE channel_id = ?1 ORDER BY ordinal");
  auto holidays = im.prepare("SELECT date, name FROM channel_holidays WHERE channel_id = ?1 ORDER BY date");
  if (!zone) return zone.error();
  if (!weekly) return weekly.error();
  if (!holidays) return holidays.error();
  zone.value().bind(1, id);
  const int rc = zone.value().step();
  if (rc == SQLITE_DONE) return std::optional<ChannelHours>();
  if (rc != SQLITE_ROW) return db_error(im.db.get(), im.path, "read channel " + id);
  ChannelHours out;
  out.time_zone = zone.value().text(0);
  weekly.value().bind(1, id);
  int wrc;
  while ((wrc = weekly.value().step()) == SQLITE_ROW)
    out.hours.weekly.push_back(WeeklyHours{weekly.value().i32(0), weekly.value().i32(1), weekly.value().i32(2)});
  if (wrc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read channel " + id + " hours");
  holidays.value().bind(1, id);
  int hrc;
  while ((hrc = holidays.value().step()) == SQLITE_ROW)
    out.hours.holidays.push_back(Holiday{holidays.value().text(0), holidays.value().text(1)});
  if (hrc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read channel " + id + " holidays");
  return std::optional<ChannelHours>(std::move(out));
}

Result<std::optional<std::int64_t>> Store::set_component_status(const std::string& id, ComponentStatus status,
                                                                TimeMs now,
                                                                const std::vector<NotificationEvent>& events) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto st = im.prepare("UPDATE components SET status = ?2, updated_at = ?3 WHERE id = ?1");
  if (!st) return st.error();
  st.value().bind(1, id).bind(2, to_string(status)).bind(3, now);
  if (Error e = im.step_done(st.value(), "set component " + id); !ok(e)) return e;
  if (sqlite3_changes(im.db.get()) == 0) return std::optional<std::int64_t>();  // rolled back: nothing changed
  if (Error e = im.append_events(events, now); !ok(e)) return e;
  if (Error e = im.bump(now); !ok(e)) return e;
  auto v = im.query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  if (Error e = tx.commit(); !ok(e)) return e;
  return std::optional<std::int64_t>(v.value());
}

Result<std::optional<std::int64_t>> Store::set_page_settings(const PageSettings& p, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  // The same rules as the codec's and the operator API's: the store never holds a theme
  // the portal would refuse to load.
  PageTheme theme;
  theme.accent = p.accent.value_or("");
  theme.logo_url = p.logo_url.value_or("");
  if (p.links) theme.links = *p.links;
  if (Error e = check_theme(theme); !ok(e)) return store_error(im.path, "page theme: " + e.path + ": " + e.detail);
  if (p.time_zone && !is_known_time_zone(*p.time_zone))
    return store_error(im.path, "page: unknown IANA time zone \"" + *p.time_zone + "\"");
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto exists = im.query_int("SELECT count(*) FROM page WHERE id = 1");
  if (!exists) return exists.error();
  if (exists.value() == 0) return std::optional<std::int64_t>();
  // Absent fields keep their stored value (COALESCE over a NULL parameter).
  auto st = im.prepare(
      "UPDATE page SET name = COALESCE(?1, name), url = COALESCE(?2, url), time_zone = COALESCE(?3, time_zone), "
      "accent = COALESCE(?4, accent), logo_url = COALESCE(?5, logo_url) WHERE id = 1");
  if (!st) return st.error();
  std::optional<std::string> accent;
  if (p.accent) accent = lower_ascii(*p.accent);
  st.value().bind(1, p.name).bind(2, p.url).bind(3, p.time_zone).bind(4, accent).bind(5, p.logo_url);
  if (Error e = im.step_done(st.value(), "set page"); !ok(e)) return e;
  if (p.links) {
    auto insert = im.prepare("INSERT INTO page_links (ordinal, label, url) VALUES (?, ?, ?)");
    if (!insert) return insert.error();
    if (Error e = im.write_page_links(insert.value(), *p.links); !ok(e)) return e;
  }
  if (Error e = im.bump(now); !ok(e)) return e;
  auto v = im.query_int("SELECT version FROM meta WHERE id = 1");
  if (!v) return v.error();
  if (Error e = tx.commit(); !ok(e)) return e;
  return std::optional<std::int64_t>(v.value());
}

Result<bool> Store::add_token(const OperatorToken& token, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (token.token_sha256.size() != 32) return store_error(impl_->path, "a token hash must be 32 bytes");
  auto st = impl_->prepare(
      "INSERT INTO operator_tokens (id, token_sha256, scope, created_at) VALUES (?1, ?2, ?3, ?4)");
  if (!st) return st.error();
  st.value().bind(1, token.id).bind_blob(2, token.token_sha256).bind(3, token.scope).bind(4, now);
  if (Error e = impl_->step_done(st.value(), "add token " + token.id); !ok(e)) return e;
  return true;
}

Result<bool> Store::revoke_token(const std::string& id, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto st = impl_->prepare("UPDATE operator_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  if (!st) return st.error();
  st.value().bind(1, id).bind(2, now);
  if (Error e = impl_->step_done(st.value(), "revoke token " + id); !ok(e)) return e;
  return sqlite3_changes(impl_->db.get()) > 0;
}

Result<std::vector<OperatorToken>> Store::active_tokens() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto st = impl_->prepare("SELECT id, token_sha256, scope FROM operator_tokens WHERE revoked_at IS NULL ORDER BY id");
  if (!st) return st.error();
  std::vector<OperatorToken> out;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) out.push_back({st.value().text(0), st.value().blob(1), st.value().text(2)});
  if (rc != SQLITE_DONE) return db_error(impl_->db.get(), impl_->path, "read tokens");
  return out;
}

// ---------------------------------------------------------------------------------------
// Cases, feedback, reports

Result<bool> Store::create_case(const Case& c, const std::string& token_sha256) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  if (token_sha256.size() != 32) return store_error(im.path, "a token hash must be 32 bytes");
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto st = im.prepare(
      "INSERT INTO cases (id, token_sha256, customer_name, title, category, stage, opened_at, updated_at, "
      "resolved_at, next_follow_up_at, waiting_on_customer_for) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return st.error();
  st.value().bind(1, c.id).bind_blob(2, token_sha256).bind(3, c.customer_name).bind(4, c.title).bind(5, c.category);
  st.value().bind(6, to_string(c.stage)).bind(7, c.opened_at).bind(8, c.updated_at).bind(9, c.resolved_at);
  st.value().bind(10, c.next_follow_up_at).bind(11, c.waiting_on_customer_for);
  if (Error e = im.step_done(st.value(), "create case " + c.id); !ok(e)) return e;
  auto up = im.prepare("INSERT INTO case_updates (id, case_id, ordinal, stage, body, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  if (!up) return up.error();
  for (std::size_t i = 0; i < c.updates.size(); ++i) {
    const CaseUpdate& u = c.updates[i];
    up.value().bind(1, u.id).bind(2, c.id).bind(3, static_cast<std::int64_t>(i)).bind(4, to_string(u.stage));
    up.value().bind(5, u.body).bind(6, u.created_at);
    if (Error e = im.step_done(up.value(), "create case update " + u.id); !ok(e)) return e;
  }
  if (Error e = tx.commit(); !ok(e)) return e;
  return true;
}

Result<std::optional<Case>> Store::Impl::read_case(std::string_view where, const std::function<void(Stmt&)>& bind) {
  Impl& im = *this;
  auto st = im.prepare(
      "SELECT id, customer_name, title, category, stage, opened_at, updated_at, resolved_at, next_follow_up_at, "
      "waiting_on_customer_for FROM cases WHERE " + std::string(where));
  if (!st) return st.error();
  Stmt& q = st.value();
  bind(q);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<Case>();
  if (rc != SQLITE_ROW) return db_error(im.db.get(), im.path, "read case");
  Case c;
  c.id = q.text(0);
  c.customer_name = q.text(1);
  c.title = q.text(2);
  c.category = q.text(3);
  if (!read_enum(q, 4, c.stage)) return store_error(im.path, "case " + c.id + ": unknown stage " + q.text(4));
  c.opened_at = q.i64(5);
  c.updated_at = q.i64(6);
  c.resolved_at = q.opt_i64(7);
  c.next_follow_up_at = q.opt_i64(8);
  c.waiting_on_customer_for = q.text(9);
  auto ups = im.prepare("SELECT id, stage, body, created_at FROM case_updates WHERE case_id = ?1 ORDER BY ordinal");
  if (!ups) return ups.error();
  ups.value().bind(1, c.id);
  int urc;
  while ((urc = ups.value().step()) == SQLITE_ROW) {
    CaseUpdate u;
    u.id = ups.value().text(0);
    if (!read_enum(ups.value(), 1, u.stage)) return store_error(im.path, "case update " + u.id + ": unknown stage");
    u.body = ups.value().text(2);
    u.created_at = ups.value().i64(3);
    c.updates.push_back(std::move(u));
  }
  if (urc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read case updates");
  auto pr = im.prepare(
      "SELECT published_at, likely_at, latest_at, stage, basis_n, basis_level, revision, missed_latest_at FROM "
      "case_promises WHERE case_id = ?1");
  if (!pr) return pr.error();
  pr.value().bind(1, c.id);
  if (pr.value().step() == SQLITE_ROW) {
    Stmt& p = pr.value();
    Promise promise;
    promise.published_at = p.i64(0);
    promise.likely_at = p.i64(1);
    promise.latest_at = p.i64(2);
    if (!read_enum(p, 3, promise.stage)) return store_error(im.path, "case " + c.id + " promise: unknown stage");
    promise.basis_n = p.i32(4);
    promise.basis_level = p.text(5);
    promise.revision = p.i32(6);
    promise.missed_latest_at = p.opt_i64(7);
    c.promise = std::move(promise);
  }
  return std::optional<Case>(std::move(c));
}

Result<std::optional<Case>> Store::find_case(const std::string& token_sha256) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  // The lookup is by hash: the hash of a guess says nothing about how close the guess was.
  return impl_->read_case("token_sha256 = ?1", [&](Stmt& q) { q.bind_blob(1, token_sha256); });
}

Result<std::optional<Case>> Store::find_case_by_id(const std::string& case_id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->read_case("id = ?1", [&](Stmt& q) { q.bind(1, case_id); });
}

Result<std::vector<std::string>> Store::open_case_ids() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare("SELECT id FROM cases WHERE resolved_at IS NULL ORDER BY opened_at, id");
  if (!st) return st.error();
  std::vector<std::string> ids;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) ids.push_back(st.value().text(0));
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "list open cases");
  return ids;
}

Result<std::vector<Case>> Store::past_cases(TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  // A case's promise is estimated from every case but its own.
  auto since = im.usable_history_since("SELECT COUNT(*) FROM cases WHERE opened_at >= ?1 AND opened_at < ?2", now, 1);
  if (!since) return since.error();
  auto st = im.prepare("SELECT id, category, opened_at, resolved_at FROM cases WHERE opened_at >= ?1 ORDER BY opened_at, id");
  if (!st) return st.error();
  Stmt& q = st.value();
  q.bind(1, since.value());
  std::vector<Case> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    Case c;
    c.id = q.text(0);
    c.category = q.text(1);
    c.opened_at = q.i64(2);
    c.resolved_at = q.opt_i64(3);
    out.push_back(std::move(c));
  }
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "list past cases");
  return out;
}

Result<std::optional<bool>> Store::save_case_promise(const std::string& case_id, const std::optional<Promise>& promise,
                                                     TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto found = im.prepare("SELECT resolved_at FROM cases WHERE id = ?1");
  if (!found) return found.error();
  found.value().bind(1, case_id);
  const int rc = found.value().step();
  if (rc == SQLITE_DONE) return std::optional<bool>();
  if (rc != SQLITE_ROW) return db_error(im.db.get(), im.path, "read case " + case_id);
  const std::optional<TimeMs> resolved_at = found.value().opt_i64(0);
  found.value().reset();
  const std::string item = "case:" + case_id;
  bool records_changed = false;
  if (promise) {
    auto put = im.prepare(
        "INSERT INTO case_promises (case_id, published_at, likely_at, latest_at, stage, basis_n, basis_level, revision, "
        "missed_latest_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(case_id) DO UPDATE SET "
        "published_at = excluded.published_at, likely_at = excluded.likely_at, latest_at = excluded.latest_at, "
        "stage = excluded.stage, basis_n = excluded.basis_n, basis_level = excluded.basis_level, "
        "revision = excluded.revision, missed_latest_at = excluded.missed_latest_at");
    if (!put) return put.error();
    Stmt& q = put.value();
    q.bind(1, case_id).bind(2, promise->published_at).bind(3, promise->likely_at).bind(4, promise->latest_at);
    q.bind(5, to_string(promise->stage)).bind(6, promise->basis_n).bind(7, promise->basis_level);
    q.bind(8, promise->revision).bind(9, promise->missed_latest_at);
    if (Error e = im.step_done(q, "save case " + case_id + " promise"); !ok(e)) return e;
    auto record = im.prepare(
        "INSERT INTO promise_records (kind, made_at, due_at, fulfilled_at, item_id) VALUES ('resolution', ?1, ?2, NULL, ?3)");
    if (!record) return record.error();
    record.value().bind(1, now).bind(2, promise->latest_at).bind(3, item);
    if (Error e = im.step_done(record.value(), "record case " + case_id + " promise"); !ok(e)) return e;
    records_changed = true;
  }
  if (resolved_at) {
    auto fulfil = im.prepare(
        "UPDATE promise_records SET fulfilled_at = MAX(?2, made_at) WHERE item_id = ?1 AND kind = 'resolution' AND "
        "fulfilled_at IS NULL");
    if (!fulfil) return fulfil.error();
    fulfil.value().bind(1, item).bind(2, *resolved_at);
    if (Error e = im.step_done(fulfil.value(), "fulfil case " + case_id + " promises"); !ok(e)) return e;
    records_changed = records_changed || sqlite3_changes(im.db.get()) > 0;
  }
  if (records_changed) {
    if (Error e = im.exec("UPDATE meta SET version = version + 1 WHERE id = 1", "bump version"); !ok(e)) return e;
  }
  if (Error e = tx.commit(); !ok(e)) return e;
  return std::optional<bool>(records_changed);
}

Result<Store::CaseUpdateResult> Store::add_case_update(const std::string& case_id, const CaseUpdate& u,
                                                       const std::optional<TimeMs>& next_follow_up_at,
                                                       const std::string& waiting_on_customer_for,
                                                       const std::vector<NotificationEvent>& events) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto stage = im.prepare("SELECT stage FROM cases WHERE id = ?1");
  if (!stage) return stage.error();
  stage.value().bind(1, case_id);
  if (stage.value().step() != SQLITE_ROW) return CaseUpdateResult::not_found;
  if (stage.value().text(0) == to_string(CaseStage::resolved)) return CaseUpdateResult::closed;
  stage.value().reset();
  auto st = im.prepare(
      "UPDATE cases SET stage = ?2, updated_at = ?3, resolved_at = CASE WHEN ?2 = 'resolved' THEN ?3 END, "
      "next_follow_up_at = ?4, waiting_on_customer_for = ?5 WHERE id = ?1");
  if (!st) return st.error();
  st.value().bind(1, case_id).bind(2, to_string(u.stage)).bind(3, u.created_at).bind(4, next_follow_up_at);
  st.value().bind(5, waiting_on_customer_for);
  if (Error e = im.step_done(st.value(), "update case " + case_id); !ok(e)) return e;
  auto up = im.prepare(
      "INSERT INTO case_updates (id, case_id, ordinal, stage, body, created_at) VALUES (?1, ?2, "
      "(SELECT COALESCE(MAX(ordinal), -1) + 1 FROM case_updates WHERE case_id = ?2), ?3, ?4, ?5)");
  if (!up) return up.error();
  up.value().bind(1, u.id).bind(2, case_id).bind(3, to_string(u.stage)).bind(4, u.body).bind(5, u.created_at);
  if (Error e = im.step_done(up.value(), "update case " + case_id); !ok(e)) return e;
  if (Error e = im.append_events(events, u.created_at); !ok(e)) return e;
  if (Error e = tx.commit(); !ok(e)) return e;
  return CaseUpdateResult::updated;
}

Result<bool> Store::add_case_feedback(const std::string& case_id, int rating, const std::string& comment, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->reopen_if_read_only();  // one-statement writes take no Transaction
  auto st = impl_->prepare(
      "INSERT INTO case_feedback (case_id, rating, comment, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
  if (!st) return st.error();
  st.value().bind(1, case_id).bind(2, rating).bind(3, comment).bind(4, now);
  if (Error e = impl_->step_done(st.value(), "case feedback"); !ok(e)) return e;
  return sqlite3_changes(impl_->db.get()) > 0;
}

Result<bool> Store::add_incident_feedback(const std::string& incident_id, int rating, const std::string& comment,
                                          TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->reopen_if_read_only();  // one-statement writes take no Transaction
  auto st = impl_->prepare("INSERT INTO incident_feedback (incident_id, rating, comment, created_at) VALUES (?, ?, ?, ?)");
  if (!st) return st.error();
  st.value().bind(1, incident_id).bind(2, rating).bind(3, comment).bind(4, now);
  if (Error e = impl_->step_done(st.value(), "incident feedback"); !ok(e)) return e;
  return true;
}

Result<bool> Store::add_report(const std::string& incident_id, const std::string& component_id, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->reopen_if_read_only();  // one-statement writes take no Transaction
  auto st = impl_->prepare("INSERT INTO reports (incident_id, component_id, hour, created_at) VALUES (?, ?, ?, ?)");
  if (!st) return st.error();
  if (!incident_id.empty()) st.value().bind(1, incident_id);
  if (!component_id.empty()) st.value().bind(2, component_id);
  st.value().bind(3, now - now % kHourMs).bind(4, now);
  if (Error e = impl_->step_done(st.value(), "report"); !ok(e)) return e;
  return true;
}

Result<std::vector<ReportCount>> Store::report_summary(TimeMs since) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto st = impl_->prepare(
      "SELECT COALESCE(incident_id, ''), COALESCE(component_id, ''), hour, count(*) FROM reports WHERE hour >= ?1 "
      "GROUP BY 1, 2, 3 ORDER BY 3 DESC, 1, 2");
  if (!st) return st.error();
  st.value().bind(1, since);
  std::vector<ReportCount> out;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW)
    out.push_back({st.value().text(0), st.value().text(1), st.value().i64(2), st.value().i64(3)});
  if (rc != SQLITE_DONE) return db_error(impl_->db.get(), impl_->path, "read reports");
  return out;
}

// ---------------------------------------------------------------------------------------
// Import

Result<bool> Store::import_statuspage(const StatuspageImport& in, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto seen = im.prepare("SELECT 1 FROM imports WHERE digest = ?1");
  if (!seen) return seen.error();
  seen.value().bind(1, in.digest);
  if (seen.value().step() == SQLITE_ROW) return false;  // the same files: nothing to do
  seen.value().reset();

  auto run = [&](std::string_view sql, auto&& bind, const std::string& what) -> Error {
    auto st = im.prepare(sql);
    if (!st) return st.error();
    bind(st.value());
    return im.step_done(st.value(), what);
  };
  const Page& pg = in.page;
  Error e = run(
      "INSERT INTO page (id, page_id, name, url, time_zone, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT(id) DO UPDATE SET page_id = excluded.page_id, name = excluded.name, url = excluded.url, "
      "time_zone = excluded.time_zone, updated_at = MAX(updated_at, excluded.updated_at)",
      [&](Stmt& st) { st.bind(1, pg.id).bind(2, pg.name).bind(3, pg.url).bind(4, pg.time_zone).bind(5, pg.updated_at); },
      "import page");
  if (!ok(e)) return e;
  for (std::size_t i = 0; i < in.components.size(); ++i) {
    const Component& x = in.components[i];
    e = run(
        "INSERT INTO components (id, ordinal, name, status, description, group_id, is_group, position, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(id) DO UPDATE SET "
        "ordinal = excluded.ordinal, name = excluded.name, status = excluded.status, description = "
        "excluded.description, group_id = excluded.group_id, is_group = excluded.is_group, position = "
        "excluded.position, created_at = excluded.created_at, updated_at = excluded.updated_at",
        [&](Stmt& st) {
          st.bind(1, x.id).bind(2, static_cast<std::int64_t>(i)).bind(3, x.name).bind(4, to_string(x.status));
          st.bind(5, x.description).bind(7, x.group).bind(8, x.position).bind(9, x.created_at).bind(10, x.updated_at);
          if (!x.group_id.empty()) st.bind(6, x.group_id);
        },
        "import component " + x.id);
    if (!ok(e)) return e;
  }

  Writers w;
  if (Error pe = im.prepare_writers(w); !ok(pe)) return pe;
  auto forget_changes = im.prepare("DELETE FROM incident_update_components WHERE incident_id = ?1");
  auto note_change = im.prepare(
      "INSERT INTO incident_update_components (update_id, incident_id, ordinal, component_id, name, old_status, "
      "new_status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!forget_changes) return forget_changes.error();
  if (!note_change) return note_change.error();
  for (const Incident& x : in.incidents) {
    auto ord = im.take_place("incidents", x.id);
    if (!ord) return ord.error();
    if (Error we = im.write_incident(w, x, ord.value()); !ok(we)) return we;
    // The export's record of what each update changed replaces the incident's old one whole.
    forget_changes.value().bind(1, x.id);
    if (Error we = im.step_done(forget_changes.value(), "import incident " + x.id + " changes"); !ok(we)) return we;
    for (const IncidentUpdate& u : x.updates) {
      const auto it = in.component_changes.find(u.id);
      if (it == in.component_changes.end()) continue;
      for (std::size_t i = 0; i < it->second.size(); ++i) {
        const ComponentChange& c = it->second[i];
        note_change.value().bind(1, u.id).bind(2, x.id).bind(3, static_cast<std::int64_t>(i)).bind(4, c.component_id);
        note_change.value().bind(5, c.name).bind(6, to_string(c.old_status)).bind(7, to_string(c.new_status));
        if (Error we = im.step_done(note_change.value(), "import update " + u.id + " component " + c.component_id);
            !ok(we))
          return we;
      }
    }
  }
  for (const Maintenance& x : in.maintenances) {
    auto ord = im.take_place("maintenances", x.id);
    if (!ord) return ord.error();
    w.maintenance.bind(1, x.id).bind(2, ord.value()).bind(3, x.name).bind(4, to_string(x.status));
    w.maintenance.bind(5, x.created_at).bind(6, x.updated_at).bind(7, x.scheduled_for).bind(8, x.scheduled_until);
    if (Error we = im.step_done(w.maintenance, "import maintenance " + x.id); !ok(we)) return we;
    if (Error we = im.write_links_and_updates(w.maintenance_component, w.maintenance_update, x, "maintenance"); !ok(we))
      return we;
  }
  for (const PastIncident& x : in.history) {
    auto ord = im.take_place("past_incidents", x.id);
    if (!ord) return ord.error();
    w.past_incident.bind(1, x.id).bind(2, ord.value()).bind(3, x.category);
    w.past_incident.bind(4, to_string(x.impact)).bind(5, x.started_at).bind(6, x.resolved_at);
    if (Error we = im.step_done(w.past_incident, "import past incident " + x.id); !ok(we)) return we;
    for (std::size_t j = 0; j < x.stages.size(); ++j) {
      w.past_stage.bind(1, x.id).bind(2, static_cast<std::int64_t>(j)).bind(3, to_string(x.stages[j].stage));
      w.past_stage.bind(4, x.stages[j].duration_s);
      if (Error we = im.step_done(w.past_stage, "import past incident " + x.id + " stage"); !ok(we)) return we;
    }
  }
  e = run("INSERT INTO imports (digest, imported_at) VALUES (?1, ?2)",
          [&](Stmt& st) { st.bind(1, in.digest).bind(2, now); }, "record import");
  if (!ok(e)) return e;
  if (Error be = im.exec("UPDATE meta SET version = version + 1 WHERE id = 1", "bump version"); !ok(be)) return be;
  if (Error ce = tx.commit(); !ok(ce)) return ce;
  return true;
}

// ---------------------------------------------------------------------------------------
// Subscriptions (issue 10): subscribers, notification events, the outbox of deliveries.

namespace {

std::string json_string_array(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const std::string& s : items) a.emplace_back(s);
  return boost::json::serialize(a);
}

// The recipient domain (email) or host (webhook): the per-domain rate limit's key. Addresses
// were validated by the API, so a simple split is enough here.
std::string delivery_domain(const std::string& kind, const std::string& address) {
  if (kind == "email") {
    const std::size_t at = address.rfind('@');
    return at == std::string::npos ? std::string() : lower_ascii(address.substr(at + 1));
  }
  std::size_t start = address.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  std::size_t end = address.find_first_of("/?#", start);
  std::string authority = address.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    return lower_ascii(authority.substr(0, close == std::string::npos ? std::string::npos : close + 1));
  }
  return lower_ascii(authority.substr(0, authority.find(':')));
}

}  // namespace

Error Store::Impl::append_events(const std::vector<NotificationEvent>& events, TimeMs now) {
  if (events.empty()) return {};
  auto st = prepare(
      "INSERT INTO notification_events (key, type, subject_id, components, payload, target_subscriber_id, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING");
  if (!st) return st.error();
  for (const NotificationEvent& ev : events) {
    if (ev.key.empty() || ev.type.empty()) return store_error(path, "a notification event needs a key and a type");
    st.value().bind(1, ev.key).bind(2, ev.type).bind(3, ev.subject_id).bind(4, json_string_array(ev.components));
    st.value().bind(5, ev.payload.empty() ? std::string("{}") : ev.payload).bind(6, ev.target_subscriber_id).bind(7, now);
    if (Error e = step_done(st.value(), "append event " + ev.key); !ok(e)) return e;
  }
  return {};
}

namespace {

constexpr std::string_view kSubscriberColumns =
    "id, kind, address, language, all_components, case_id, secret, created_at, confirmed_at, disabled_at, "
    "disabled_reason";

Subscriber read_subscriber(const Stmt& q) {
  Subscriber s;
  s.id = q.text(0);
  s.kind = q.text(1);
  s.address = q.text(2);
  s.language = q.text(3);
  s.all_components = q.i64(4) != 0;
  if (!q.is_null(5)) s.case_id = q.text(5);
  s.secret = q.text(6);
  s.created_at = q.i64(7);
  s.confirmed_at = q.opt_i64(8);
  s.disabled_at = q.opt_i64(9);
  s.disabled_reason = q.text(10);
  return s;
}

}  // namespace

Result<std::string> Store::link_key() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto read = [&]() -> Result<std::string> {
    auto st = im.prepare("SELECT link_key FROM subscription_keys WHERE id = 1");
    if (!st) return st.error();
    const int rc = st.value().step();
    if (rc == SQLITE_ROW) return st.value().blob(0);
    if (rc == SQLITE_DONE) return std::string();
    return db_error(im.db.get(), im.path, "read link key");
  };
  auto key = read();
  if (!key || !key.value().empty()) return key;
  // First use: made here, from the OS's CSPRNG, rather than SQLite's randomblob().
  const std::string fresh = random_bytes(32);
  if (fresh.size() != 32) return store_error(im.path, "no randomness available for the link key");
  im.reopen_if_read_only();
  auto ins = im.prepare("INSERT INTO subscription_keys (id, link_key) VALUES (1, ?1) ON CONFLICT(id) DO NOTHING");
  if (!ins) return ins.error();
  ins.value().bind_blob(1, fresh);
  if (Error e = im.step_done(ins.value(), "make link key"); !ok(e)) return e;
  return read();  // another connection may have won the race: its key is the one
}

Result<SubscribeResult> Store::subscribe(const Subscriber& in, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  if (in.kind != "email" && in.kind != "webhook") return store_error(im.path, "subscriber kind must be email or webhook");
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto find = im.prepare("SELECT " + std::string(kSubscriberColumns) +
                         " FROM subscribers WHERE kind = ?1 AND address = ?2 AND COALESCE(case_id, '') = ?3");
  if (!find) return find.error();
  find.value().bind(1, in.kind).bind(2, in.address).bind(3, in.case_id.value_or(""));
  const int rc = find.value().step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "find subscriber");
  SubscribeResult out;
  auto write_components = [&](const std::string& id, bool all, const std::vector<std::string>& components) -> Error {
    auto del = im.prepare("DELETE FROM subscriber_components WHERE subscriber_id = ?1");
    if (!del) return del.error();
    del.value().bind(1, id);
    if (Error e = im.step_done(del.value(), "clear components of " + id); !ok(e)) return e;
    if (all) return {};
    auto ins = im.prepare("INSERT OR IGNORE INTO subscriber_components (subscriber_id, component_id) VALUES (?1, ?2)");
    if (!ins) return ins.error();
    for (const std::string& c : components) {
      ins.value().bind(1, id).bind(2, c);
      if (Error e = im.step_done(ins.value(), "write components of " + id); !ok(e)) return e;
    }
    return {};
  };
  const bool all = in.all_components || in.components.empty();
  if (rc == SQLITE_ROW) {
    out.subscriber = read_subscriber(find.value());
    find.value().reset();
    out.created = false;
    if (in.kind == "email" && !out.subscriber.confirmed_at) {
      // Not confirmed yet: the newest choice wins and a new confirmation window starts.
      auto up = im.prepare("UPDATE subscribers SET language = ?2, all_components = ?3, created_at = ?4 WHERE id = ?1");
      if (!up) return up.error();
      up.value().bind(1, out.subscriber.id).bind(2, in.language).bind(3, all).bind(4, now);
      if (Error e = im.step_done(up.value(), "update subscriber " + out.subscriber.id); !ok(e)) return e;
      if (Error e = write_components(out.subscriber.id, all, in.components); !ok(e)) return e;
      out.subscriber.language = in.language;
      out.subscriber.all_components = all;
      out.subscriber.components = all ? std::vector<std::string>() : in.components;
      out.subscriber.created_at = now;
    }
  } else {
    find.value().reset();
    Subscriber s = in;
    if (s.id.empty()) s.id = new_subscriber_id();
    if (s.id.empty()) return store_error(im.path, "no randomness available for a subscriber id");
    s.created_at = s.created_at ? s.created_at : now;
    s.all_components = all;
    if (all) s.components.clear();
    auto ins = im.prepare(
        "INSERT INTO subscribers (id, kind, address, language, all_components, case_id, secret, created_at, "
        "confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    ins.value().bind(1, s.id).bind(2, s.kind).bind(3, s.address).bind(4, s.language).bind(5, all).bind(6, s.case_id);
    if (!s.secret.empty()) ins.value().bind(7, s.secret);
    ins.value().bind(8, s.created_at).bind(9, s.confirmed_at);
    if (Error e = im.step_done(ins.value(), "add subscriber " + s.id); !ok(e)) return e;
    if (Error e = write_components(s.id, all, s.components); !ok(e)) return e;
    out.subscriber = std::move(s);
    out.created = true;
  }
  if (in.kind == "email") {
    // Every subscribe of an address sends it a confirmation (for a confirmed one, the message
    // carries its manage link): the API answers the same either way.
    NotificationEvent ev;
    ev.key = "subscription.confirm:" + out.subscriber.id + ":" + std::to_string(now);
    ev.type = "subscription.confirm";
    ev.subject_id = out.subscriber.id;
    ev.payload = "{}";
    ev.target_subscriber_id = out.subscriber.id;
    if (Error e = im.append_events({ev}, now); !ok(e)) return e;
  }
  if (Error e = tx.commit(); !ok(e)) return e;
  return out;
}

Result<std::optional<Subscriber>> Store::find_subscriber(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare("SELECT " + std::string(kSubscriberColumns) + " FROM subscribers WHERE id = ?1");
  if (!st) return st.error();
  st.value().bind(1, id);
  const int rc = st.value().step();
  if (rc == SQLITE_DONE) return std::optional<Subscriber>();
  if (rc != SQLITE_ROW) return db_error(im.db.get(), im.path, "read subscriber");
  Subscriber s = read_subscriber(st.value());
  auto comps = im.prepare("SELECT component_id FROM subscriber_components WHERE subscriber_id = ?1 ORDER BY component_id");
  if (!comps) return comps.error();
  comps.value().bind(1, id);
  int crc;
  while ((crc = comps.value().step()) == SQLITE_ROW) s.components.push_back(comps.value().text(0));
  if (crc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read subscriber components");
  return std::optional<Subscriber>(std::move(s));
}

Result<std::vector<Subscriber>> Store::find_subscribers_by_address(const std::string& address) {
  std::vector<std::string> ids;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    Impl& im = *impl_;
    // Email domains are stored lower-cased; the local part is compared as given.
    auto st = im.prepare("SELECT id FROM subscribers WHERE address = ?1 OR (kind = 'email' AND address = ?2) ORDER BY id");
    if (!st) return st.error();
    std::string normalised = address;
    if (const std::size_t at = address.rfind('@'); at != std::string::npos)
      normalised = address.substr(0, at + 1) + lower_ascii(address.substr(at + 1));
    st.value().bind(1, address).bind(2, normalised);
    int rc;
    while ((rc = st.value().step()) == SQLITE_ROW) ids.push_back(st.value().text(0));
    if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "find subscribers");
  }
  std::vector<Subscriber> out;
  for (const std::string& id : ids) {
    auto s = find_subscriber(id);
    if (!s) return s.error();
    if (s.value()) out.push_back(std::move(*s.value()));
  }
  return out;
}

Result<bool> Store::confirm_subscriber(const std::string& id, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  im.reopen_if_read_only();
  auto st = im.prepare("UPDATE subscribers SET confirmed_at = COALESCE(confirmed_at, ?2) WHERE id = ?1");
  if (!st) return st.error();
  st.value().bind(1, id).bind(2, now);
  if (Error e = im.step_done(st.value(), "confirm subscriber " + id); !ok(e)) return e;
  return sqlite3_changes(im.db.get()) > 0;
}

Result<bool> Store::update_subscriber(const std::string& id, const std::optional<std::string>& language,
                                      const std::optional<std::vector<std::string>>& components) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto exists = im.prepare("SELECT 1 FROM subscribers WHERE id = ?1");
  if (!exists) return exists.error();
  exists.value().bind(1, id);
  if (exists.value().step() != SQLITE_ROW) return false;
  exists.value().reset();
  if (language) {
    auto st = im.prepare("UPDATE subscribers SET language = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st.value().bind(1, id).bind(2, *language);
    if (Error e = im.step_done(st.value(), "update subscriber " + id); !ok(e)) return e;
  }
  if (components) {
    const bool all = components->empty();
    auto st = im.prepare("UPDATE subscribers SET all_components = ?2 WHERE id = ?1");
    if (!st) return st.error();
    st.value().bind(1, id).bind(2, all);
    if (Error e = im.step_done(st.value(), "update subscriber " + id); !ok(e)) return e;
    auto del = im.prepare("DELETE FROM subscriber_components WHERE subscriber_id = ?1");
    if (!del) return del.error();
    del.value().bind(1, id);
    if (Error e = im.step_done(del.value(), "clear components of " + id); !ok(e)) return e;
    auto ins = im.prepare("INSERT OR IGNORE INTO subscriber_components (subscriber_id, component_id) VALUES (?1, ?2)");
    if (!ins) return ins.error();
    for (const std::string& c : *components) {
      ins.value().bind(1, id).bind(2, c);
      if (Error e = im.step_done(ins.value(), "write components of " + id); !ok(e)) return e;
    }
  }
  if (Error e = tx.commit(); !ok(e)) return e;
  return true;
}

Result<bool> Store::Impl::remove_subscriber(const std::string& id) {
  // Overwrite freed cells and pages with zeros, so the address does not linger in the file.
  if (Error e = exec("PRAGMA secure_delete = ON", "secure_delete"); !ok(e)) return e;
  auto del = prepare("DELETE FROM subscribers WHERE id = ?1");
  if (!del) return del.error();
  del.value().bind(1, id);
  if (Error e = step_done(del.value(), "delete subscriber " + id); !ok(e)) return e;
  if (sqlite3_changes(db.get()) == 0) return false;
  for (const char* sql : {"DELETE FROM deliveries WHERE subscriber_id = ?1 AND state = 'pending'",
                          "UPDATE deliveries SET domain = '' WHERE subscriber_id = ?1",
                          // A confirmation event names only the id, but it is theirs alone.
                          "DELETE FROM notification_events WHERE target_subscriber_id = ?1 AND NOT EXISTS "
                          "(SELECT 1 FROM deliveries d WHERE d.event_id = notification_events.id)"}) {
    auto st = prepare(sql);
    if (!st) return st.error();
    st.value().bind(1, id);
    if (Error e = step_done(st.value(), "delete subscriber " + id); !ok(e)) return e;
  }
  return true;
}

Result<bool> Store::delete_subscriber(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  {
    Impl::Transaction tx(im);
    if (Error e = tx.begin(); !ok(e)) return e;
    auto removed = im.remove_subscriber(id);
    if (!removed || !removed.value()) return removed;
    if (Error e = tx.commit(); !ok(e)) return e;
  }
  // The old pages are in the WAL until a checkpoint copies the zeroed ones over the file; a
  // reader holding an old snapshot can keep it from finishing (then the next one does).
  sqlite3_wal_checkpoint_v2(im.db.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  return true;
}

Result<std::vector<DeliveryRecord>> Store::subscriber_deliveries(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare(
      "SELECT d.key, e.type, d.state, d.attempts, d.created_at, d.next_attempt_at, d.sent_at, d.last_error FROM "
      "deliveries d JOIN notification_events e ON e.id = d.event_id WHERE d.subscriber_id = ?1 ORDER BY d.id");
  if (!st) return st.error();
  st.value().bind(1, id);
  std::vector<DeliveryRecord> out;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) {
    const Stmt& q = st.value();
    DeliveryRecord r;
    r.key = q.text(0);
    r.event_type = q.text(1);
    r.state = q.text(2);
    r.attempts = q.i32(3);
    r.created_at = q.i64(4);
    r.next_attempt_at = q.i64(5);
    r.sent_at = q.opt_i64(6);
    r.last_error = q.text(7);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read deliveries");
  return out;
}

Result<std::vector<std::string>> Store::component_ids() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare("SELECT id FROM components ORDER BY ordinal");
  if (!st) return st.error();
  std::vector<std::string> out;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) out.push_back(st.value().text(0));
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read components");
  return out;
}

Result<std::optional<std::string>> Store::case_id_for_token(const std::string& token_sha256) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare("SELECT id FROM cases WHERE token_sha256 = ?1");
  if (!st) return st.error();
  st.value().bind_blob(1, token_sha256);
  const int rc = st.value().step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return db_error(im.db.get(), im.path, "read case");
  return std::optional<std::string>(st.value().text(0));
}

// ---- The delivery worker's side

Result<int> Store::append_due_events(TimeMs now, TimeMs reminder_before) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  // Maintenances that start within `reminder_before` and have not started: one reminder each
  // per scheduled start (a rescheduled one is reminded again). Only still-scheduled ones.
  auto st = im.prepare(
      "SELECT id, name, scheduled_for, scheduled_until, COALESCE((SELECT time_zone FROM page), 'Etc/UTC') FROM "
      "maintenances WHERE status = 'scheduled' AND "
      "scheduled_for > ?1 AND scheduled_for <= ?1 + ?2");
  if (!st) return st.error();
  st.value().bind(1, now).bind(2, reminder_before);
  std::vector<NotificationEvent> events;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) {
    const Stmt& q = st.value();
    NotificationEvent ev;
    ev.subject_id = q.text(0);
    const TimeMs start = q.i64(2), end = q.i64(3);
    ev.key = "maintenance.reminder:" + ev.subject_id + ":" + std::to_string(start);
    ev.type = "maintenance.reminder";
    boost::json::object p;
    p["maintenance_id"] = ev.subject_id;
    p["name"] = q.text(1);
    p["scheduled_for"] = start;
    p["scheduled_until"] = end;
    p["status"] = "scheduled";
    p["time_zone"] = q.text(4);
    p["at"] = now;
    ev.payload = boost::json::serialize(p);
    events.push_back(std::move(ev));
  }
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read maintenances");
  st.value().reset();
  if (events.empty()) {
    Impl::Transaction tx(im);
    if (Error e = tx.begin(); !ok(e)) return e;
    if (Error e = im.forget_unconfirmed(now); !ok(e)) return e;
    if (Error e = tx.commit(); !ok(e)) return e;
    return 0;
  }
  auto comps = im.prepare(
      "SELECT mc.component_id, COALESCE(c.name, mc.component_id) FROM maintenance_components mc LEFT JOIN components c "
      "ON c.id = mc.component_id WHERE mc.maintenance_id = ?1 ORDER BY mc.ordinal");
  if (!comps) return comps.error();
  for (NotificationEvent& ev : events) {
    comps.value().bind(1, ev.subject_id);
    boost::json::array ca;
    while ((rc = comps.value().step()) == SQLITE_ROW) {
      ev.components.push_back(comps.value().text(0));
      boost::json::object c;
      c["id"] = comps.value().text(0);
      c["name"] = comps.value().text(1);
      ca.push_back(std::move(c));
    }
    comps.value().reset();
    if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read maintenance components");
    boost::json::value p = boost::json::parse(ev.payload);
    p.as_object()["components"] = std::move(ca);
    ev.payload = boost::json::serialize(p);
  }
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  const int before = sqlite3_total_changes(im.db.get());
  if (Error e = im.append_events(events, now); !ok(e)) return e;
  const int added = sqlite3_total_changes(im.db.get()) - before;
  if (Error e = im.forget_unconfirmed(now); !ok(e)) return e;
  if (Error e = tx.commit(); !ok(e)) return e;
  return added;
}

Result<int> Store::expand_events(TimeMs now, int limit) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  struct Pending {
    std::int64_t id;
    std::string type, subject_id, components;
    std::optional<std::string> target;
    TimeMs created_at;
  };
  std::vector<Pending> events;
  {
    auto st = im.prepare(
        "SELECT id, type, subject_id, components, target_subscriber_id, created_at FROM notification_events WHERE "
        "expanded_at IS NULL ORDER BY id LIMIT ?1");
    if (!st) return st.error();
    st.value().bind(1, std::max(limit, 1));
    int rc;
    while ((rc = st.value().step()) == SQLITE_ROW) {
      const Stmt& q = st.value();
      Pending p{q.i64(0), q.text(1), q.text(2), q.text(3), std::nullopt, q.i64(5)};
      if (!q.is_null(4)) p.target = q.text(4);
      events.push_back(std::move(p));
    }
    if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "read events");
  }
  // Who hears of an event (documented in notification.hpp's comment on event types):
  // - a targeted event: that subscriber alone (a confirmation even before it is confirmed);
  // - case.*: the email subscribers that follow that case;
  // - component.updated: webhooks only (email hears of component changes through incidents);
  // - everything else: subscribers that follow no case, whose components intersect the
  //   event's (or who follow everything, or the event names no component);
  // and never a disabled subscriber, an unconfirmed email one, or one who subscribed after.
  auto broadcast = im.prepare(
      "SELECT s.id, s.kind, s.address FROM subscribers s WHERE s.disabled_at IS NULL"
      "  AND COALESCE(s.confirmed_at, CASE WHEN s.kind = 'webhook' THEN s.created_at END) <= ?5 AND ("
      "    (?1 GLOB 'case.*' AND s.kind = 'email' AND s.case_id = ?3)"
      "    OR (?1 NOT GLOB 'case.*' AND ?1 <> 'subscription.confirm' AND s.case_id IS NULL"
      "        AND (?1 <> 'component.updated' OR s.kind = 'webhook')"
      "        AND (s.all_components = 1 OR json_array_length(?4) = 0 OR EXISTS (SELECT 1 FROM subscriber_components sc"
      "             WHERE sc.subscriber_id = s.id AND sc.component_id IN (SELECT value FROM json_each(?4))))))");
  if (!broadcast) return broadcast.error();
  // A targeted event looks up its one subscriber by key instead of scanning them all.
  auto targeted = im.prepare(
      "SELECT s.id, s.kind, s.address FROM subscribers s WHERE s.id = ?2 AND s.disabled_at IS NULL AND "
      "(?1 = 'subscription.confirm' OR s.kind = 'webhook' OR s.confirmed_at IS NOT NULL)");
  if (!targeted) return targeted.error();
  auto insert = im.prepare(
      "INSERT INTO deliveries (key, event_id, subscriber_id, domain, state, attempts, next_attempt_at, created_at) "
      "VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5) ON CONFLICT(key) DO NOTHING");
  if (!insert) return insert.error();
  auto done = im.prepare("UPDATE notification_events SET expanded_at = ?2 WHERE id = ?1");
  if (!done) return done.error();
  int made = 0;
  for (const Pending& ev : events) {
    // One transaction per event: a crash half-way re-expands it, and the unique keys make
    // the second pass add only what the first did not.
    Impl::Transaction tx(im);
    if (Error e = tx.begin(); !ok(e)) return e;
    Stmt& q = ev.target ? targeted.value() : broadcast.value();
    if (ev.target) q.bind(1, ev.type).bind(2, *ev.target);
    else q.bind(1, ev.type).bind(3, ev.subject_id).bind(4, ev.components).bind(5, ev.created_at);
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      const std::string sub = q.text(0), kind = q.text(1), address = q.text(2);
      insert.value().bind(1, std::to_string(ev.id) + ":" + sub).bind(2, ev.id).bind(3, sub);
      insert.value().bind(4, delivery_domain(kind, address)).bind(5, now);
      if (Error e = im.step_done(insert.value(), "queue delivery of event " + std::to_string(ev.id)); !ok(e)) {
        q.reset();
        return e;
      }
      made += sqlite3_changes(im.db.get());
    }
    q.reset();
    if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "select subscribers");
    done.value().bind(1, ev.id).bind(2, now);
    if (Error e = im.step_done(done.value(), "mark event expanded"); !ok(e)) return e;
    if (Error e = tx.commit(); !ok(e)) return e;
  }
  return made;
}

Result<std::vector<DueDelivery>> Store::claim_deliveries(TimeMs now, int limit) {
  auto key = link_key();
  if (!key) return key.error();
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare(
      "SELECT d.id, d.key, s.kind, s.id, s.address, COALESCE(s.secret, ''), s.language, e.type, e.payload, "
      "e.created_at, d.attempts, d.created_at, s.created_at FROM deliveries d JOIN subscribers s ON s.id = "
      "d.subscriber_id JOIN notification_events e ON e.id = d.event_id WHERE d.state = 'pending' AND "
      "d.next_attempt_at <= ?1 AND s.disabled_at IS NULL ORDER BY d.next_attempt_at, d.id LIMIT ?2");
  if (!st) return st.error();
  st.value().bind(1, now).bind(2, std::max(limit, 1));
  std::vector<DueDelivery> out;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) {
    const Stmt& q = st.value();
    DueDelivery d;
    d.id = q.i64(0);
    d.key = q.text(1);
    d.kind = q.text(2);
    d.subscriber_id = q.text(3);
    d.address = q.text(4);
    d.secret = q.text(5);
    d.language = q.text(6);
    d.event_type = q.text(7);
    d.event_payload = q.text(8);
    d.event_at = q.i64(9);
    d.attempts = q.i32(10);
    d.created_at = q.i64(11);
    d.manage_token = manage_token(key.value(), d.subscriber_id);
    if (d.event_type == "subscription.confirm") {
      // The confirmation link is derived here, at send time, like the manage link: the
      // outbox never holds a token.
      boost::system::error_code ec;
      boost::json::value p = boost::json::parse(d.event_payload, ec);
      if (ec || !p.is_object()) p = boost::json::object();
      p.as_object()["confirm_token"] = confirm_token(key.value(), d.subscriber_id, q.i64(12));
      d.event_payload = boost::json::serialize(p);
    }
    out.push_back(std::move(d));
  }
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "claim deliveries");
  return out;
}

// The outbox's transitions: each changes one pending delivery; false when it is no longer
// pending (already sent or failed, or its subscriber was deleted), so a late mark is harmless.
Result<bool> Store::Impl::change_pending_delivery(std::string_view set, std::int64_t id,
                                                  const std::function<void(Stmt&)>& bind, const std::string& what) {
  reopen_if_read_only();
  auto st = prepare("UPDATE deliveries SET " + std::string(set) + " WHERE id = ?1 AND state = 'pending'");
  if (!st) return st.error();
  st.value().bind(1, id);
  bind(st.value());
  if (Error e = step_done(st.value(), "mark delivery " + std::to_string(id) + " " + what); !ok(e)) return e;
  return sqlite3_changes(db.get()) > 0;
}

Result<bool> Store::mark_delivery_sent(std::int64_t id, TimeMs now) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->change_pending_delivery("state = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL", id,
                                        [&](Stmt& st) { st.bind(2, now); }, "sent");
}

Result<bool> Store::mark_delivery_retry(std::int64_t id, TimeMs next_attempt_at, const std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->change_pending_delivery("attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3", id,
                                        [&](Stmt& st) { st.bind(2, next_attempt_at).bind(3, error); }, "for retry");
}

Result<bool> Store::mark_delivery_failed(std::int64_t id, TimeMs now, const std::string& error) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->change_pending_delivery(
      "state = 'failed', attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3", id,
      [&](Stmt& st) { st.bind(2, now).bind(3, error); }, "failed");
}

Result<bool> Store::mark_delivery_deferred(std::int64_t id, TimeMs until, const std::string& why) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->change_pending_delivery("next_attempt_at = ?2, last_error = ?3", id,
                                        [&](Stmt& st) { st.bind(2, until).bind(3, why); }, "deferred");
}

Result<bool> Store::disable_subscriber(const std::string& subscriber_id, TimeMs now, const std::string& reason) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  Impl::Transaction tx(im);
  if (Error e = tx.begin(); !ok(e)) return e;
  auto st = im.prepare(
      "UPDATE subscribers SET disabled_at = ?2, disabled_reason = ?3 WHERE id = ?1 AND disabled_at IS NULL");
  if (!st) return st.error();
  st.value().bind(1, subscriber_id).bind(2, now).bind(3, reason);
  if (Error e = im.step_done(st.value(), "disable subscriber " + subscriber_id); !ok(e)) return e;
  if (sqlite3_changes(im.db.get()) == 0) return false;
  // What was still queued for them will not be sent: failed, with the reason.
  auto fail = im.prepare(
      "UPDATE deliveries SET state = 'failed', last_error = 'subscriber disabled: ' || ?3, next_attempt_at = ?2 "
      "WHERE subscriber_id = ?1 AND state = 'pending'");
  if (!fail) return fail.error();
  fail.value().bind(1, subscriber_id).bind(2, now).bind(3, reason);
  if (Error e = im.step_done(fail.value(), "fail deliveries of " + subscriber_id); !ok(e)) return e;
  if (Error e = tx.commit(); !ok(e)) return e;
  return true;
}

Result<OutboxCounts> Store::outbox_counts() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  Impl& im = *impl_;
  auto st = im.prepare("SELECT state, count(*) FROM deliveries GROUP BY state");
  if (!st) return st.error();
  OutboxCounts c;
  int rc;
  while ((rc = st.value().step()) == SQLITE_ROW) {
    const std::string state = st.value().text(0);
    const std::int64_t n = st.value().i64(1);
    if (state == "pending") c.pending = n;
    else if (state == "sent") c.sent = n;
    else if (state == "failed") c.failed = n;
  }
  if (rc != SQLITE_DONE) return db_error(im.db.get(), im.path, "count deliveries");
  return c;
}

}  // namespace candor::server
