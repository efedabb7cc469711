// Debounced publishing after writes (auto_publish.hpp).
#include "auto_publish.hpp"

#include "log.hpp"
#include "store.hpp"

namespace candor::server {

AutoPublisher::AutoPublisher(AutoPublishOptions options) : options_(std::move(options)) {
  thread_ = std::thread([this] { run(); });
}

AutoPublisher::~AutoPublisher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t AutoPublisher::publishes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return publishes_;
}

void AutoPublisher::run() {
  auto opened = Store::open(options_.db, Store::OpenMode::existing_only);
  if (!opened) {
    log(LogLevel::error, "publish: cannot open " + options_.db + ": " + opened.error().detail);
    return;
  }
  Store& store = *opened.value();
  const std::string where = options_.publish.out_dir.string();

  std::int64_t published_version = -1;
  TimeMs published_day = -1;
  std::int64_t seen_version = -1;
  TimeMs first_unpublished_at = 0, last_change_at = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stopping_; })) return;
    }
    const TimeMs now = options_.clock();
    auto version = store.version();
    if (!version) continue;  // a busy or failing store: try again on the next poll
    if (version.value() != seen_version) {
      if (published_version == seen_version || seen_version < 0) first_unpublished_at = now;
      seen_version = version.value();
      last_change_at = now;
    }
    const TimeMs day = now / kDayMs;
    const bool behind = seen_version != published_version || day != published_day;
    const bool first = published_version < 0;
    const bool settled = now - last_change_at >= options_.quiet_ms || now - first_unpublished_at >= options_.max_delay_ms;
    if (!behind || (!first && !settled)) continue;

    auto report = publish(store, options_.publish, now);
    if (!report) {
      log(LogLevel::error, "publish to " + where + ": " + report.error().path + ": " + report.error().detail);
      first_unpublished_at = now;  // retry after the maximum delay, not in a tight loop
      last_change_at = now;
      continue;
    }
    published_version = report.value().version;
    seen_version = std::max(seen_version, published_version);
    published_day = day;
    log(LogLevel::info, "published version " + std::to_string(published_version) + " to " + where + " (" +
                            std::to_string(report.value().files) + " files)");
    std::lock_guard<std::mutex> lock(mutex_);
    ++publishes_;
  }
}

}  // namespace candor::server
