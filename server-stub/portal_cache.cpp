// Rebuild-on-change cache of the encoded snapshot (portal_cache.hpp).
#include "portal_cache.hpp"

#include "candor/codec.hpp"
#include "gzip.hpp"

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
  auto version = store_.version();
  if (!version) return version.error();
  if (current_ && current_->version == version.value() && now >= current_->built_at &&
      now - current_->built_at < max_age_ms_) {
    return current_;
  }
  auto snapshot = store_.load_snapshot(now);
  if (!snapshot) return snapshot.error();
  auto doc = std::make_shared<PortalDocument>();
  doc->version = snapshot.value().version;
  doc->built_at = now;
  doc->body = encode_snapshot(snapshot.value());
  doc->etag = "\"" + std::to_string(doc->version) + "-" + fnv1a_hex(doc->body) + "\"";
  doc->body_gzip = gzip_compress(doc->body).value_or(std::string());
  doc->snapshot = std::make_shared<const Snapshot>(std::move(snapshot).value());
  current_ = std::move(doc);
  return current_;
}

}  // namespace candor::server
