// `candor serve`'s subscription delivery: a background thread with its own Store connection
// (like auto_publish.hpp) that turns notification events into deliveries and hands each to
// the SMTP relay or the webhook receiver, retrying with backoff for a day. Delivery is
// at-least-once: a delivery is marked only after the relay or receiver accepted it, so a
// crash in between resends it with the same Message-ID / webhook-id (receivers dedupe).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "candor/time.hpp"
#include "notification.hpp"
#include "smtp_mailer.hpp"
#include "webhook_sender.hpp"

namespace candor::server {

struct DeliveryWorkerOptions {
  std::string db;                   // opened read-write by the thread
  std::optional<SmtpOptions> smtp;  // none: email deliveries wait (stay pending)
  WebhookOptions webhook;
  MessageContext message;           // public URL and page name for links and texts
  std::filesystem::path web_root;   // the mail catalogs: WEB_ROOT/i18n/mail/*.json
  int per_domain_per_minute = 120;  // 0 = no limit
  TimeMs reminder_before_ms = kHourMs;  // maintenance reminders this long before the start
  TimeMs poll_ms = 250;             // idle sleep between looks at the outbox
  int batch = 100;                  // deliveries claimed at a time
  std::function<TimeMs()> clock;    // the wall clock
};

class DeliveryWorker {
 public:
  explicit DeliveryWorker(DeliveryWorkerOptions options);
  // Stops and joins: an in-flight send is finished or abandoned (libcurl's progress callback
  // aborts it) without marking it, so it is retried after the restart.
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  std::uint64_t delivered() const { return delivered_.load(); }

 private:
  void run();

  DeliveryWorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> delivered_{0};
  std::thread thread_;
};

// Once per process, before any thread uses libcurl (curl_global_init is not thread-safe).
void init_delivery_transport();

}  // namespace candor::server
