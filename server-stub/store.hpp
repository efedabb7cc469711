// The portal's durable state in one SQLite file: the only code that touches SQLite
// (sqlite3.h is included by store.cpp alone). Every write bumps a monotonic version so
// readers and HTTP caches can tell snapshots apart.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "business_hours.hpp"
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

  // The public snapshot at `now` (generated_at = now; channels' open intervals cover
  // [now, now + kOpenIntervalHorizonMs); track_record over the 90 days before now).
  Result<Snapshot> load_snapshot(TimeMs now);

  // Replaces everything public (page, components, incidents, maintenances, channels,
  // history, promise records) in one transaction; cases are kept. Returns the new version.
  Result<std::int64_t> replace_contents(const PortalContent& content);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace candor::server
