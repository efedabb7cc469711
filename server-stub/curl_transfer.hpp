// What the SMTP mailer and the webhook sender share about driving libcurl from the delivery
// worker's thread: owned header lists, and the options every transfer needs (no signals,
// time limits, and an abort as soon as the worker is stopping).
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>

namespace candor::server {

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// Adds one line; false (the list unchanged) when out of memory.
bool append(CurlSlist& list, const std::string& line);

// CURLOPT_NOSIGNAL (a worker thread: no SIGALRM for DNS timeouts), the whole transfer's and
// the connection's time limits, and a progress callback that aborts the transfer once
// `*stop` is set (libcurl calls it about once a second even while waiting for an answer).
void set_transfer_limits(CURL* curl, long timeout_s, long connect_timeout_s, const std::atomic<bool>* stop);

}  // namespace candor::server
