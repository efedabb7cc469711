// `candor serve --publish-to DIR`: keeps a static publish (publish.hpp) in step with the store.
// A background thread with its own read connection watches the snapshot version; after a
// change it waits for writes to pause (debounce) before publishing, but never longer than a
// maximum delay, so a burst of operator writes gives one publish and a steady stream still
// gets published. A new UTC day re-publishes too (the tree is computed as of the day).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "candor/time.hpp"
#include "publish.hpp"

namespace candor::server {

struct AutoPublishOptions {
  std::string db;                  // opened read-only by the thread
  PublishOptions publish;
  TimeMs quiet_ms = 2 * kSecondMs;  // publish once no write came for this long...
  TimeMs max_delay_ms = 10 * kSecondMs;  // ...or this long after the first unpublished write
  TimeMs poll_ms = 250;
  std::function<TimeMs()> clock;   // the wall clock
};

class AutoPublisher {
 public:
  // Publishes once at start (so DIR is current before the first write), then follows.
  explicit AutoPublisher(AutoPublishOptions options);
  ~AutoPublisher();  // stops and joins
  AutoPublisher(const AutoPublisher&) = delete;
  AutoPublisher& operator=(const AutoPublisher&) = delete;

  // Completed publishes so far (for tests and the log).
  std::uint64_t publishes() const;

 private:
  void run();

  AutoPublishOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t publishes_ = 0;
  std::thread thread_;
};

}  // namespace candor::server
