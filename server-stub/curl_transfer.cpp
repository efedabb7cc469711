// libcurl plumbing shared by the delivery transports (curl_transfer.hpp).
#include "curl_transfer.hpp"

namespace candor::server {

namespace {

int stop_requested(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* stop = static_cast<const std::atomic<bool>*>(flag);
  return stop && stop->load() ? 1 : 0;
}

}  // namespace

bool append(CurlSlist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) return false;
  (void)list.release();  // curl_slist_append returned the same list, now one longer
  list.reset(grown);
  return true;
}

void set_transfer_limits(CURL* curl, long timeout_s, long connect_timeout_s, const std::atomic<bool>* stop) {
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect_timeout_s);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stop_requested);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(stop));
}

}  // namespace candor::server
