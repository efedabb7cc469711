// The subscription delivery loop (delivery_worker.hpp).
#include "delivery_worker.hpp"

#include <curl/curl.h>

#include <cctype>
#include <random>

#include "delivery_schedule.hpp"
#include "log.hpp"
#include "notification_message.hpp"
#include "store.hpp"

namespace candor::server {

namespace {

// How long email deliveries wait when no relay is configured, and after a rate limit or a
// store hiccup: long enough not to spin, short enough to catch up soon.
constexpr TimeMs kNoRelayWaitMs = 5 * kMinuteMs;
constexpr int kExpandLimit = 200;  // events expanded per loop (each may make many deliveries)
// Time-driven events (maintenance reminders, expired confirmations) are minute-grained; looking
// for them every 10 s rather than every poll keeps the worker off the store's write lock.
constexpr TimeMs kDueEventsEveryMs = 10 * kSecondMs;

std::string mail_domain(const std::string& address) {
  std::string d = address.substr(address.rfind('@') + 1);
  for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return d;
}

std::string describe(const Error& e) { return e.path.empty() ? e.detail : e.path + ": " + e.detail; }

}  // namespace

void init_delivery_transport() { curl_global_init(CURL_GLOBAL_DEFAULT); }

DeliveryWorker::DeliveryWorker(DeliveryWorkerOptions options) : options_(std::move(options)) {
  thread_ = std::thread([this] { run(); });
}

DeliveryWorker::~DeliveryWorker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DeliveryWorker::run() {
  auto opened = Store::open(options_.db, Store::OpenMode::existing_only);
  if (!opened) {
    log(LogLevel::error, "delivery: cannot open " + options_.db + ": " + describe(opened.error()));
    return;
  }
  Store& store = *opened.value();
  // Without catalogs no email can be written; webhooks still go out.
  std::optional<MailCatalogs> catalogs;
  if (options_.smtp) {
    if (auto loaded = MailCatalogs::load(options_.web_root); loaded) {
      catalogs = std::move(loaded).value();
    } else {
      log(LogLevel::error, "delivery: no mail catalogs, email waits: " + describe(loaded.error()));
    }
  }
  std::optional<SmtpMailer> mailer;
  if (options_.smtp) mailer.emplace(*options_.smtp);
  WebhookSender webhooks(options_.webhook);
  DomainRateLimit limit(options_.per_domain_per_minute);
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  bool warned_no_relay = false;

  auto retry_or_fail = [&](const DueDelivery& d, TimeMs now, const std::string& why) {
    const auto next = next_attempt_at(d.attempts + 1, d.created_at, now, jitter(rng));
    if (next) {
      if (auto r = store.mark_delivery_retry(d.id, *next, why); !r)
        log(LogLevel::error, "delivery " + d.key + ": " + describe(r.error()));
      log(LogLevel::info, "delivery " + d.key + " will be retried: " + why);
      return;
    }
    if (auto r = store.mark_delivery_failed(d.id, now, "gave up after a day: " + why); !r)
      log(LogLevel::error, "delivery " + d.key + ": " + describe(r.error()));
    log(LogLevel::warn, "delivery " + d.key + " failed for a day, given up: " + why);
    if (d.kind == "webhook") {
      auto off = store.disable_subscriber(d.subscriber_id, now, "failing for a day: " + why);
      if (!off) log(LogLevel::error, "delivery: disable " + d.subscriber_id + ": " + describe(off.error()));
      else if (off.value()) log(LogLevel::warn, "webhook subscriber " + d.subscriber_id + " disabled: failing for a day");
    }
  };
  // A delivery that may not go yet (rate limit, no relay): moved back without giving up.
  auto defer = [&](const DueDelivery& d, TimeMs until, const std::string& why) {
    if (auto r = store.mark_delivery_deferred(d.id, until, why); !r)
      log(LogLevel::error, "delivery " + d.key + ": " + describe(r.error()));
  };

  bool busy = false;
  TimeMs due_events_at = 0;  // the first loop looks at once
  for (;;) {
    if (!busy) {
      std::unique_lock<std::mutex> lock(mutex_);
      if (wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stopping_.load(); }))
        return;
    } else if (stopping_) {
      return;
    }
    busy = false;
    TimeMs now = options_.clock();
    // (Also when the wall clock was set back past the last look.)
    if (now >= due_events_at || now < due_events_at - kDueEventsEveryMs) {
      due_events_at = now + kDueEventsEveryMs;
      if (auto r = store.append_due_events(now, options_.reminder_before_ms); !r)
        log(LogLevel::error, "delivery: due events: " + describe(r.error()));
    }
    if (auto r = store.expand_events(now, kExpandLimit); !r) {
      log(LogLevel::error, "delivery: expand events: " + describe(r.error()));
    } else if (r.value() > 0) {
      busy = true;  // a big fan-out is expanded over several loops
      log(LogLevel::debug, "delivery: " + std::to_string(r.value()) + " deliveries queued");
    }
    auto due = store.claim_deliveries(now, options_.batch);
    if (!due) {
      log(LogLevel::error, "delivery: claim: " + describe(due.error()));
      continue;
    }
    if (static_cast<int>(due.value().size()) >= options_.batch) busy = true;
    for (const DueDelivery& d : due.value()) {
      if (stopping_) return;  // unclaimed work stays pending
      now = options_.clock();
      const bool email = d.kind == "email";
      if (email && (!mailer || !catalogs)) {
        if (!warned_no_relay) {
          log(LogLevel::warn, mailer ? "delivery: email waits until the mail catalogs are installed"
                                     : "delivery: email waits: no SMTP relay configured (serve --smtp)");
          warned_no_relay = true;
        }
        defer(d, now + kNoRelayWaitMs, mailer ? "waiting for the mail catalogs" : "waiting for an SMTP relay (serve --smtp)");
        continue;
      }
      const std::string domain = email ? mail_domain(d.address) : url_host(d.address);
      if (const TimeMs wait = limit.take(domain, now); wait > 0) {
        defer(d, limit.defer_until(domain, now, wait), "deferred: per-domain rate limit");
        continue;
      }
      SendOutcome outcome;
      if (email) {
        auto message = compose_email(d, options_.message, *catalogs);
        if (!message) {
          outcome = SendOutcome::failed("cannot render the message: " + describe(message.error()));
        } else {
          outcome = mailer->send(d.address, d.key, message.value(), now, &stopping_);
        }
      } else {
        auto body = compose_webhook_body(d, options_.message);
        if (!body) {
          outcome = SendOutcome::failed("cannot render the body: " + describe(body.error()));
        } else {
          outcome = webhooks.send(d.address, d.key, d.secret, body.value(), now, &stopping_);
        }
      }
      now = options_.clock();
      switch (outcome.kind) {
        case SendOutcome::Kind::abandoned:
          log(LogLevel::info, "delivery " + d.key + " abandoned at shutdown; it will be sent after a restart");
          return;
        case SendOutcome::Kind::delivered:
          if (auto r = store.mark_delivery_sent(d.id, now); !r)
            log(LogLevel::error, "delivery " + d.key + " sent but not marked: " + describe(r.error()));
          ++delivered_;
          log(LogLevel::debug, "delivery " + d.key + " sent");
          break;
        case SendOutcome::Kind::failed:
          if (auto r = store.mark_delivery_failed(d.id, now, outcome.why); !r)
            log(LogLevel::error, "delivery " + d.key + ": " + describe(r.error()));
          log(LogLevel::warn, "delivery " + d.key + " failed: " + outcome.why);
          if (outcome.address_rejected) {
            auto off = store.disable_subscriber(d.subscriber_id, now, "address rejected");
            if (!off) log(LogLevel::error, "delivery: disable " + d.subscriber_id + ": " + describe(off.error()));
            else if (off.value()) log(LogLevel::warn, "email subscriber " + d.subscriber_id + " disabled: address rejected");
          }
          break;
        case SendOutcome::Kind::retry:
          retry_or_fail(d, now, outcome.why);
          break;
      }
    }
  }
}

}  // namespace candor::server
