// The portal's durable state in one SQLite file: the only code that touches SQLite
// (sqlite3.h is included by store.cpp alone). Every write bumps a monotonic version so
// readers and HTTP caches can tell snapshots apart.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "business_hours.hpp"
#include "component_change.hpp"
#include "notification.hpp"
#include "statuspage_import.hpp"
#include "candor/error.hpp"
#include "candor/model.hpp"
#include "candor/track_record.hpp"

namespace candor::server {

// What the store holds, in the shape of the model plus what the model leaves to the
// backend (channel hours, promise records). snapshot.version, snapshot.generated_at,
// channels' open_intervals and snapshot.track_record are not stored: the store owns the
// version, the reader supplies `now`, and the rest is derived from the stored rows on every load.
struct PortalContent {
  Snapshot snapshot;
  std::vector<BusinessHours> channel_hours;  // parallel to snapshot.channels
  // Every promise the portal made, with its outcome; snapshot.track_record is computed from
  // these on each load (candor::track_record), so it is not stored itself.
  std::vector<PromiseRecord> promise_records;
  // Incidents resolved before the snapshot's recent window (kRecentWindowMs): stored with
  // the rest, but read back only as snapshot.uptime_history for the 90-day uptime bars.
  std::vector<Incident> archived_incidents;
};

// Migration N brings a store from schema N-1 to N. Its statements run in one transaction
// together with `PRAGMA user_version = N`, so a store is always at a whole version.
struct Migration {
  int version = 0;
  std::vector<std::string_view> statements;
};

// Candor's migrations, oldest first. Append only: never edit one that has shipped.
const std::vector<Migration>& store_migrations();

// How far ahead open intervals are resolved for each load.
constexpr TimeMs kOpenIntervalHorizonMs = 14 * kDayMs;
// The track record counts promises decided this long before now.
constexpr TimeMs kTrackRecordWindowMs = 90 * kDayMs;
// Resolved incidents and completed maintenances stay in the snapshot this long.
constexpr TimeMs kRecentWindowMs = 30 * kDayMs;
// The start of the engine's look-back window (EstimateOptions::lookback_days before the start
// of now's UTC day, plus a day): the snapshot carries the history rows that started at or after
// it, and older rows stay in the store for analysts. When that year holds fewer rows than the
// engine's minimum, the engine uses every row, and load_snapshot sends them all.
TimeMs snapshot_history_since(TimeMs now);

// An operator's bearer token: only its SHA-256 is ever stored.
struct OperatorToken {
  std::string id;            // public handle, for `candor token revoke ID`
  std::string token_sha256;  // 32 raw bytes
  std::string scope;         // write | read-reports
};

// One operator write of an incident, as a unit: the incident stored whole (replacing any
// row with its id) and the promise bookkeeping that goes with it.
struct IncidentWrite {
  Incident incident;
  std::vector<PromiseRecord> new_records;  // promises this write made (track record)
  // This write fulfils the incident's pending promises of these kinds, at this time.
  std::optional<TimeMs> fulfil_next_update_at;
  std::optional<TimeMs> fulfil_resolution_at;
  // Component statuses set with this write's newest update (operator_api: `components`
  // {id: status}): each component's status changes, and the update records the change as
  // its affected components (old status read in the same transaction).
  std::vector<std::pair<std::string, ComponentStatus>> component_statuses;
};

// "I'm affected too" reports, counted per incident, component and hour (never shown raw).
struct ReportCount {
  std::string incident_id;   // "" when the report named only a component
  std::string component_id;  // "" when it named only an incident
  TimeMs hour = 0;           // the start of the UTC hour
  std::int64_t count = 0;
};

// An operator's update of a live channel's figures; absent fields keep their stored value.
struct ChannelFigures {
  std::optional<int> agents;
  std::optional<double> calls_per_hour;
  std::optional<double> handle_seconds;
  std::optional<double> target_seconds;
  bool set_queue_length = false;     // queue_length given (null clears it)
  std::optional<int> queue_length;
  // Hours: each given part replaces the stored one whole (the caller has validated them
  // with resolve_open_intervals against the zone they will be used with).
  std::optional<std::string> time_zone;
  std::optional<std::vector<WeeklyHours>> weekly;
  std::optional<std::vector<Holiday>> holidays;
};

// What kind of fault a store error is, for the answer a client gets: the first three clear
// by themselves or by an operator's hand (503, retry later), the others are bugs or damage.
enum class StoreFailure {
  read_only,  // SQLITE_READONLY: the file (or its directory) cannot be written
  disk_full,  // SQLITE_FULL: no space left on the store's filesystem
  busy,       // SQLITE_BUSY / SQLITE_LOCKED: another process held the write lock too long
  io_error,   // SQLITE_IOERR: the OS failed a read, write or sync
  other,      // anything else: a constraint, a corrupt file, a store error of Candor's own
};

// The kind of an Error returned by Store. Store errors carry SQLite's result code as their
// last words ("... [sqlite 13]"), so Error stays the core's plain value and logs show the code.
StoreFailure store_failure_kind(const Error& e);

// An operator's change of the page's settings; absent fields keep their stored value. An
// empty accent or logo_url clears it; `links` replaces the list whole (empty clears it).
struct PageSettings {
  std::optional<std::string> name;
  std::optional<std::string> url;
  std::optional<std::string> time_zone;  // IANA
  std::optional<std::string> accent;     // "#rrggbb" or ""
  std::optional<std::string> logo_url;
  std::optional<std::vector<PageLink>> links;
};

// Someone who asked to hear from us (issue 10): an email address or a webhook URL. The
// address is personal data: never logged (log the id), exported and deleted on request.
struct Subscriber {
  std::string id;        // "sub_" + 16 hex (random)
  std::string kind;      // "email" | "webhook"
  std::string address;   // email (domain lower-cased) or webhook URL
  std::string language;  // en | tr | ru | nb
  bool all_components = true;
  std::vector<std::string> components;  // when !all_components
  std::optional<std::string> case_id;   // set: follows this one private case only
  std::string secret;                   // webhook: "whsec_" + base64(24 random bytes)
  TimeMs created_at = 0;                // also the confirm token's salt (re-set by a re-subscribe)
  std::optional<TimeMs> confirmed_at;
  std::optional<TimeMs> disabled_at;
  std::string disabled_reason;
};

// One row of a subscriber's outbox history (export).
struct DeliveryRecord {
  std::string key;
  std::string event_type;
  std::string state;  // pending | sent | failed
  int attempts = 0;
  TimeMs created_at = 0;
  TimeMs next_attempt_at = 0;
  std::optional<TimeMs> sent_at;
  std::string last_error;
};

// A notification event handed to a write (incident, maintenance, case) so that it is appended
// in the write's own transaction. `key` is unique: a retried write appends nothing new.
struct NotificationEvent {
  std::string key;
  std::string type;        // incident.created, incident.updated, ... (notification.hpp)
  std::string subject_id;  // the incident, maintenance, case or component id
  std::vector<std::string> components;
  std::string payload;     // JSON object: what the message needs
  std::optional<std::string> target_subscriber_id;
};

// subscribe(): what happened to the address.
struct SubscribeResult {
  Subscriber subscriber;  // as stored now
  bool created = false;   // false: the address (kind, case) was already subscribed
};

class Store {
 public:
  enum class OpenMode { existing_only, create_if_missing };

  // Opens (WAL, synchronous=FULL, foreign keys, busy timeout) and migrates. Errors name
  // the file in `path` and say what failed in `detail`.
  static Result<std::unique_ptr<Store>> open(const std::string& path, OpenMode mode);
  // For tests of the migration runner itself.
  static Result<std::unique_ptr<Store>> open(const std::string& path, OpenMode mode,
                                             const std::vector<Migration>& migrations);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  const std::string& path() const;

  // The snapshot version: 0 for an empty store, +1 for every write.
  Result<std::int64_t> version();
  // Write transactions committed through this Store object (not other processes): a cheap,
  // lock-free way for a reader in the same process to notice its own writes.
  std::uint64_t commit_count() const;

  // The public snapshot at `now` (generated_at = now; channels' open intervals cover
  // [now, now + kOpenIntervalHorizonMs); track_record over the 90 days before now).
  Result<Snapshot> load_snapshot(TimeMs now);
  // The same case by its id (operators' and the promise step's handle).
  Result<std::optional<Case>> find_case_by_id(const std::string& case_id);
  // Ids of the cases not yet resolved, oldest first (the periodic promise step's work).
  Result<std::vector<std::string>> open_case_ids();
  // The cases a case's promise can be estimated from at `now`, with only what
  // candor::case_history reads (id, category, opened_at, resolved_at): those opened since
  // snapshot_history_since(now), or all of them when the engine's look-back year holds too
  // few to use alone.
  Result<std::vector<Case>> past_cases(TimeMs now);
  // A case's promise step, stored in one transaction: `promise` (when given) replaces the
  // case's stored one and is recorded for the track record as a resolution promise of item
  // "case:ID"; and once the case is resolved, its pending records are fulfilled at its
  // resolution time. The version is bumped only when the records changed (the track record
  // is public; the case is not). nullopt: no case with this id.
  Result<std::optional<bool>> save_case_promise(const std::string& case_id, const std::optional<Promise>& promise,
                                                TimeMs now);

  // Replaces everything public (page, components, incidents, maintenances, channels,
  // history, promise records) in one transaction; cases are kept. Returns the new version.
  Result<std::int64_t> replace_contents(const PortalContent& content);

  // Operator writes. Each is one transaction that bumps the version; on success it is
  // durable (WAL with synchronous=FULL), so the caller may acknowledge it.
  // `events` (subscriptions, below) are appended in the same transaction.
  Result<std::int64_t> save_incident(const IncidentWrite& write, const std::vector<NotificationEvent>& events = {});
  // The maintenance stored whole, replacing any row with its id.
  Result<std::int64_t> save_maintenance(const Maintenance& m, const std::vector<NotificationEvent>& events = {});
  // nullopt when there is no component with this id (nothing is changed, no event appended).
  Result<std::optional<std::int64_t>> set_component_status(const std::string& id, ComponentStatus status,
                                                           TimeMs now,
                                                           const std::vector<NotificationEvent>& events = {});

  // Any incident by id, however old (the snapshot holds only the last 30 days); nullopt
  // when there is none.
  Result<std::optional<Incident>> find_incident(const std::string& id);
  // Incident updates' component changes, for incidents unresolved or resolved since `since`.
  Result<ComponentChanges> component_changes(TimeMs since);
  // A channel's stored hours and zone; nullopt when there is no channel with this id.
  struct ChannelHours {
    std::string time_zone;
    BusinessHours hours;
  };
  Result<std::optional<ChannelHours>> channel_hours(const std::string& id);

  // The page's name, URL, zone and theme, checked again here (candor::check_theme, the tz
  // database). nullopt when the store has no page yet (nothing is changed).
  Result<std::optional<std::int64_t>> set_page_settings(const PageSettings& settings, TimeMs now);

  // nullopt when there is no channel with this id (nothing is changed).
  Result<std::optional<std::int64_t>> set_channel_figures(const std::string& id, const ChannelFigures& f, TimeMs now);

  // Operator tokens; they are not public data and do not bump the version.
  Result<bool> add_token(const OperatorToken& token, TimeMs now);
  Result<bool> revoke_token(const std::string& id, TimeMs now);  // false: no such active token
  Result<std::vector<OperatorToken>> active_tokens();

  // Private cases, found only by the SHA-256 of their capability token. Not public data:
  // no version bump.
  Result<bool> create_case(const Case& c, const std::string& token_sha256);
  Result<std::optional<Case>> find_case(const std::string& token_sha256);
  // An operator's update of a case, by its id. A resolved case takes no more.
  enum class CaseUpdateResult { updated, not_found, closed };
  Result<CaseUpdateResult> add_case_update(const std::string& case_id, const CaseUpdate& u,
                                           const std::optional<TimeMs>& next_follow_up_at,
                                           const std::string& waiting_on_customer_for,
                                           const std::vector<NotificationEvent>& events = {});
  // false: this case already has its feedback (once per case).
  Result<bool> add_case_feedback(const std::string& case_id, int rating, const std::string& comment, TimeMs now);
  Result<bool> add_incident_feedback(const std::string& incident_id, int rating, const std::string& comment, TimeMs now);
  Result<bool> add_report(const std::string& incident_id, const std::string& component_id, TimeMs now);
  Result<std::vector<ReportCount>> report_summary(TimeMs since);

  // A Statuspage export, in one transaction: page and components upserted; incidents,
  // maintenances and history rows replaced by id. false: these exact files were imported
  // before, and nothing was changed.
  Result<bool> import_statuspage(const StatuspageImport& in, TimeMs now);

  // ---- Subscriptions (issue 10). None of these bumps the version: subscribers are not
  // public data. The writes above take the notification events they cause (`events`, built by
  // operator_api/customer_api, notification_event.hpp) and append them in their own
  // transaction; an event whose key is already stored is skipped.

  // The 32-byte key capability tokens are derived from (subscription_token.hpp): made on first
  // use from the OS's CSPRNG and kept in subscription_keys (migration 6 makes the table).
  Result<std::string> link_key();
  // Adds a subscriber, or finds the one with the same kind, address and case. An email one
  // gets a subscription.confirm event (a re-subscribe of an unconfirmed address also takes the
  // new language and components and restarts the 48 h confirmation window). `s.id`,
  // `s.created_at` are filled in here when empty/0.
  Result<SubscribeResult> subscribe(const Subscriber& s, TimeMs now);
  Result<std::optional<Subscriber>> find_subscriber(const std::string& id);
  // Every row with this address (an email may follow the page and several cases).
  Result<std::vector<Subscriber>> find_subscribers_by_address(const std::string& address);
  Result<bool> confirm_subscriber(const std::string& id, TimeMs now);  // false: no such subscriber
  // nullopt keeps the stored value; an empty component list means everything.
  Result<bool> update_subscriber(const std::string& id, const std::optional<std::string>& language,
                                 const std::optional<std::vector<std::string>>& components);
  // Removes the row, its components and its pending deliveries; the rest of its deliveries
  // keep no domain. The file is overwritten where the address was (secure_delete) and the WAL
  // checkpointed. false: no such subscriber.
  Result<bool> delete_subscriber(const std::string& id);
  Result<std::vector<DeliveryRecord>> subscriber_deliveries(const std::string& id);
  // The component ids that exist (validating a subscription's choice).
  Result<std::vector<std::string>> component_ids();
  // The case id for a case token's SHA-256 (case subscriptions); nullopt when there is none.
  Result<std::optional<std::string>> case_id_for_token(const std::string& token_sha256);

  // The delivery worker's side (delivery_worker.cpp, on its own Store connection).
  // Time-driven events (maintenance reminder `reminder_before` ahead of start); idempotent.
  // Returns the events appended. Also forgets email addresses that were never confirmed
  // within the confirmation window (kConfirmTokenLifetimeMs): their link has expired.
  Result<int> append_due_events(TimeMs now, TimeMs reminder_before);
  // Events → deliveries, up to `limit` events per call; returns the deliveries made. Idempotent.
  Result<int> expand_events(TimeMs now, int limit);
  // Pending and due, oldest first, joined with subscriber and event; skips disabled subscribers.
  // Carries the clear manage token and, for subscription.confirm, "confirm_token" in the
  // payload (both derived here, never stored). No lease: one worker per store.
  Result<std::vector<DueDelivery>> claim_deliveries(TimeMs now, int limit);
  // mark_*: false when the delivery is no longer pending (a late mark changes nothing).
  Result<bool> mark_delivery_sent(std::int64_t id, TimeMs now);
  Result<bool> mark_delivery_retry(std::int64_t id, TimeMs next_attempt_at, const std::string& error);
  Result<bool> mark_delivery_failed(std::int64_t id, TimeMs now, const std::string& error);
  // Not an attempt (per-domain rate limit, no relay yet): due again at `until`, `attempts`
  // (and so the retry schedule) unchanged.
  Result<bool> mark_delivery_deferred(std::int64_t id, TimeMs until, const std::string& why);
  Result<bool> disable_subscriber(const std::string& subscriber_id, TimeMs now, const std::string& reason);
  Result<OutboxCounts> outbox_counts();

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace candor::server
