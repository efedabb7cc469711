// Retry schedule and per-domain token buckets (delivery_schedule.hpp).
#include "delivery_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace candor::server {

namespace {
// The design's schedule; the last step repeats until the horizon.
constexpr TimeMs kRetryDelaysMs[] = {10 * kSecondMs, kMinuteMs, 5 * kMinuteMs, 30 * kMinuteMs,
                                     2 * kHourMs,    5 * kHourMs, 8 * kHourMs};
constexpr int kSteps = static_cast<int>(sizeof kRetryDelaysMs / sizeof kRetryDelaysMs[0]);
// Buckets idle long enough to be full again say nothing: dropping them bounds the map
// when a fan-out touches many domains.
constexpr std::size_t kSweepAbove = 4096;
}  // namespace

TimeMs retry_delay_ms(int attempts_made, double jitter) {
  const int step = std::clamp(attempts_made - 1, 0, kSteps - 1);
  jitter = std::clamp(jitter, 0.0, 1.0);
  return static_cast<TimeMs>(std::llround(static_cast<double>(kRetryDelaysMs[step]) * (0.8 + 0.4 * jitter)));
}

std::optional<TimeMs> next_attempt_at(int attempts_made, TimeMs created_at, TimeMs now, double jitter) {
  const TimeMs horizon = created_at + kDeliveryRetryHorizonMs;
  if (now >= horizon) return std::nullopt;
  return std::min(now + retry_delay_ms(attempts_made, jitter), horizon);
}

// Integer arithmetic, so a wait is exact: one token is kMinuteMs units and a bucket refills
// `per_minute` units a millisecond.
TimeMs DomainRateLimit::take(const std::string& domain, TimeMs now) {
  if (per_minute_ <= 0) return 0;
  const std::int64_t capacity = static_cast<std::int64_t>(per_minute_) * kMinuteMs;
  if (buckets_.size() > kSweepAbove && now - last_sweep_at_ >= kSecondMs) forget_full_buckets(now);
  auto [it, fresh] = buckets_.try_emplace(domain, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!fresh && now > b.updated_at) {
    b.units = std::min(capacity, b.units + (now - b.updated_at) * per_minute_);
    b.updated_at = now;
  }
  if (b.units >= kMinuteMs) {
    b.units -= kMinuteMs;
    return 0;
  }
  return (kMinuteMs - b.units + per_minute_ - 1) / per_minute_;
}

TimeMs DomainRateLimit::defer_until(const std::string& domain, TimeMs now, TimeMs wait) {
  if (per_minute_ <= 0) return now;
  const TimeMs interval = (kMinuteMs + per_minute_ - 1) / per_minute_;
  TimeMs& next = next_slot_[domain];
  const TimeMs slot = std::max(now + wait, next);
  next = slot + interval;
  return slot;
}

void DomainRateLimit::forget_full_buckets(TimeMs now) {
  last_sweep_at_ = now;
  for (auto it = next_slot_.begin(); it != next_slot_.end();) it = it->second <= now ? next_slot_.erase(it) : std::next(it);
  const std::int64_t capacity = static_cast<std::int64_t>(per_minute_) * kMinuteMs;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const std::int64_t refilled = it->second.units + (now - it->second.updated_at) * per_minute_;
    it = refilled >= capacity ? buckets_.erase(it) : std::next(it);
  }
}

}  // namespace candor::server
