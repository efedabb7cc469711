// The encoded /api/v1/portal.json, kept between requests. Encoding the whole snapshot per
// request would waste CPU and give every response a new ETag (generated_at moves), so a
// copy is reused until the store's version changes or it is older than max_age.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "candor/error.hpp"
#include "candor/time.hpp"
#include "store.hpp"

namespace candor::server {

struct PortalDocument {
  std::int64_t version = 0;
  TimeMs built_at = 0;  // = the snapshot's generated_at
  std::string body;     // candor::encode_snapshot output
  std::string etag;     // strong: "<version>-<hash of body>", quotes included
  // The decoded snapshot the body encodes: the /api/v2 documents are derived from it.
  std::shared_ptr<const Snapshot> snapshot;
  std::string body_gzip;  // the body gzipped once per version; empty if zlib failed
  // The incident updates' component changes (/api/v2 affected_components), never null.
  std::shared_ptr<const ComponentChanges> component_changes;
};

// Open intervals are resolved from `now`, so even an unchanged store is re-read now and then.
constexpr TimeMs kPortalMaxAgeMs = 60 * kSecondMs;
// The store's version is queried at most this often while this process wrote nothing: the
// query takes SQLite's file locks (two fcntl calls), which was 8% of a 304's cost in
// bench/http.sh. Writes through this process are seen at once (Store::commit_count); another
// process's (`candor import`) within this time.
constexpr TimeMs kVersionCheckMs = 1 * kSecondMs;

class PortalCache {
 public:
  explicit PortalCache(Store& store, TimeMs max_age_ms = kPortalMaxAgeMs);

  // The current document at `now`; one cheap version query when the copy is fresh. When the
  // store fails, the last good document (if any) rather than the error.
  Result<std::shared_ptr<const PortalDocument>> get(TimeMs now);

 private:
  Store& store_;
  TimeMs max_age_ms_;
  std::mutex mutex_;
  std::shared_ptr<const PortalDocument> current_;
  bool serving_last_good_ = false;  // the store failed and current_ is served in its place
  TimeMs version_checked_at_ = 0;    // when the store's version last matched current_'s
  std::uint64_t commits_seen_ = 0;   // store_.commit_count() then
};

// 64-bit FNV-1a as 16 hex digits: fast, stable across runs and builds; not a security hash.
std::string fnv1a_hex(std::string_view bytes);

}  // namespace candor::server
