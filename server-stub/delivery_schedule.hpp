// When the delivery worker tries again and how fast it may send to one domain: pure
// functions of the time passed in, so the retry horizon and the per-domain limit are
// tested without a clock or a network (delivery_worker.cpp applies them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "candor/time.hpp"

namespace candor::server {

// Retries stop this long after a delivery was queued (the issue: "retried ... for a day").
constexpr TimeMs kDeliveryRetryHorizonMs = kDayMs;

// The delay before the attempt after `attempts_made` failed ones: 10 s, 1 min, 5 min,
// 30 min, 2 h, 5 h, then 8 h, each scaled by 0.8 + 0.4 * jitter (jitter in [0, 1)) so
// that deliveries which failed together (a receiver's outage) do not retry in lockstep.
TimeMs retry_delay_ms(int attempts_made, double jitter);

// When to try next after a failure at `now`, or nullopt when the horizon has passed and the
// delivery is failed for good. The last retry is pulled in to the horizon itself, so a
// receiver that recovers within the day always gets the message.
std::optional<TimeMs> next_attempt_at(int attempts_made, TimeMs created_at, TimeMs now, double jitter);

// A token bucket per domain (the recipient's mail domain, a webhook's host): up to
// `per_minute` sends in a burst, refilled at `per_minute` a minute. Not thread-safe: the
// worker is its only user.
class DomainRateLimit {
 public:
  explicit DomainRateLimit(int per_minute) : per_minute_(per_minute) {}
  // 0 when a send to `domain` may go now (and takes the token); otherwise how many
  // milliseconds until one may. per_minute <= 0 means no limit.
  TimeMs take(const std::string& domain, TimeMs now);
  // When a send that take() refused (`wait` = what it returned) should be tried again: when
  // the bucket has a token, and each further refused send to the same domain one refill
  // interval after the one before. A backlog to one domain (a fan-out to a big mail
  // provider) is so spread over the times it may really go, instead of all of it coming
  // back together and being refused again.
  TimeMs defer_until(const std::string& domain, TimeMs now, TimeMs wait);
  std::size_t tracked_domains() const { return buckets_.size(); }

 private:
  struct Bucket {
    std::int64_t units = 0;  // kMinuteMs units = one send
    TimeMs updated_at = 0;
  };
  void forget_full_buckets(TimeMs now);

  int per_minute_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::unordered_map<std::string, TimeMs> next_slot_;  // defer_until's next free time per domain
  TimeMs last_sweep_at_ = 0;
};

}  // namespace candor::server
