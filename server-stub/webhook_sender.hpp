// Webhook delivery (Standard Webhooks): one signed JSON POST per delivery with libcurl.
// Receivers are URLs that anyone may subscribe, so the sender guards against being turned
// on the operator's own network (SSRF): the address actually connected to must be public
// unless the operator allows private ones, redirects are never followed, and a slow
// receiver gets 10 s.
#pragma once

#include <atomic>
#include <string>

#include "candor/time.hpp"
#include "send_outcome.hpp"

namespace candor::server {

struct WebhookOptions {
  bool allow_private = false;  // serve --webhook-allow-private: loopback/private/link-local allowed
  long timeout_s = 10;
};

// Whether an IPv4 or IPv6 address (text form) is loopback, private, link-local, unspecified,
// multicast, shared (100.64/10) or another range that is not the public internet; also for
// IPv4-mapped IPv6. Unparseable text counts as private (refused).
bool is_private_address(const std::string& ip);

// The host of an http(s) URL, lower-cased, without port or brackets: the per-domain rate
// limit's key. Empty when the URL has none.
std::string url_host(const std::string& url);

class WebhookSender {
 public:
  explicit WebhookSender(WebhookOptions options);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // POSTs `body` to `url` with webhook-id = `id`, webhook-timestamp = now in seconds and
  // webhook-signature under `secret`. 2xx = delivered; anything else is retried (the worker
  // gives up after a day). `stop` set while sending abandons the send.
  SendOutcome send(const std::string& url, const std::string& id, const std::string& secret, const std::string& body,
                   TimeMs now, const std::atomic<bool>* stop = nullptr);

 private:
  WebhookOptions options_;
  void* curl_ = nullptr;  // CURL*, kept for connection reuse
};

}  // namespace candor::server
