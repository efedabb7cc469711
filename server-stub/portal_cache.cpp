// Rebuild-on-change cache of the encoded snapshot (portal_cache.hpp).
#include "portal_cache.hpp"

#include "candor/codec.hpp"
#include "gzip.hpp"
#include "log.hpp"

namespace candor::server {

std::string fnv1a_hex(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  static const char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = hex[h & 0xf];
  return out;
}

PortalCache::PortalCache(Store& store, TimeMs max_age_ms) : store_(store), max_age_ms_(max_age_ms) {}

Result<std::shared_ptr<const PortalDocument>> PortalCache::get(TimeMs now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // A failing store (its disk full, its file unreadable) must not take the status page down
  // with it: the last good document is served until the store answers again.
  const auto last_good_or = [this](const Error& e) -> Result<std::shared_ptr<const PortalDocument>> {
    if (!current_) return e;
    if (!serving_last_good_) {  // once per fault, not once per request
      log(LogLevel::warn, "serving the last good snapshot (version " + std::to_string(current_->version) +
                              ") while the store fails: " + e.path + ": " + e.detail);
      serving_last_good_ = true;
    }
    return current_;
  };
  const std::uint64_t commits = store_.commit_count();
  const bool fresh = current_ && now >= current_->built_at && now - current_->built_at < max_age_ms_;
  if (fresh && !serving_last_good_ && commits == commits_seen_ && now >= version_checked_at_ &&
      now - version_checked_at_ < kVersionCheckMs) {
    return current_;
  }
  auto version = store_.version();
  if (!version) return last_good_or(version.error());
  if (fresh && current_->version == version.value()) {
    version_checked_at_ = now;
    commits_seen_ = commits;
    return current_;
  }
  auto snapshot = store_.load_snapshot(now);
  if (!snapshot) return last_good_or(snapshot.error());
  auto changes = store_.component_changes(now - kRecentWindowMs);
  if (!changes) return last_good_or(changes.error());
  if (serving_last_good_) {
    log(LogLevel::info, "the store answers again");
    serving_last_good_ = false;
  }
  auto doc = std::make_shared<PortalDocument>();
  doc->version = snapshot.value().version;
  doc->built_at = now;
  doc->body = encode_snapshot(snapshot.value());
  doc->etag = "\"" + std::to_string(doc->version) + "-" + fnv1a_hex(doc->body) + "\"";
  doc->body_gzip = gzip_compress(doc->body).value_or(std::string());
  doc->snapshot = std::make_shared<const Snapshot>(std::move(snapshot).value());
  doc->component_changes = std::make_shared<const ComponentChanges>(std::move(changes).value());
  current_ = std::move(doc);
  version_checked_at_ = now;
  commits_seen_ = commits;
  return current_;
}

}  // namespace candor::server
