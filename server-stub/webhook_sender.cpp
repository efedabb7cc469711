// Signed webhook POSTs with an SSRF guard (webhook_sender.hpp).
#include "webhook_sender.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <cstring>

#include "curl_transfer.hpp"
#include "webhook_signature.hpp"

namespace candor::server {

namespace {

bool private_v4(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t net, int bits) { return bits == 0 || (a >> (32 - bits)) == (net >> (32 - bits)); };
  // RFC 6890's special-purpose registry, the ranges that are not ordinary public unicast.
  return in(0x00000000, 8) ||    // 0/8 "this network"
         in(0x0A000000, 8) ||    // 10/8 private
         in(0x64400000, 10) ||   // 100.64/10 shared (carrier-grade NAT)
         in(0x7F000000, 8) ||    // 127/8 loopback
         in(0xA9FE0000, 16) ||   // 169.254/16 link-local (cloud metadata lives here)
         in(0xAC100000, 12) ||   // 172.16/12 private
         in(0xC0000000, 24) ||   // 192.0.0/24 protocol assignments
         in(0xC0A80000, 16) ||   // 192.168/16 private
         in(0xC6120000, 15) ||   // 198.18/15 benchmarking
         in(0xE0000000, 4) ||    // 224/4 multicast
         in(0xF0000000, 4);      // 240/4 reserved, broadcast
}

bool private_v6(const unsigned char b[16]) {
  static const unsigned char zero[16] = {0};
  if (std::memcmp(b, zero, 16) == 0) return true;                       // :: unspecified
  if (std::memcmp(b, zero, 15) == 0 && b[15] == 1) return true;         // ::1 loopback
  if (std::memcmp(b, zero, 10) == 0 && b[10] == 0xff && b[11] == 0xff)  // ::ffff:a.b.c.d mapped
    return private_v4((std::uint32_t(b[12]) << 24) | (std::uint32_t(b[13]) << 16) | (std::uint32_t(b[14]) << 8) | b[15]);
  if ((b[0] & 0xfe) == 0xfc) return true;                 // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (b[0] == 0xff) return true;                           // ff00::/8 multicast
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return true;  // 64:ff9b::/96 NAT64
  return false;
}

bool private_sockaddr(const sockaddr* sa) {
  if (sa->sa_family == AF_INET)
    return private_v4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
  if (sa->sa_family == AF_INET6) return private_v6(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr);
  return true;  // neither IPv4 nor IPv6: refuse
}

// What the open-socket callback learned, so the outcome can say why a connection failed.
struct Guard {
  bool allow_private = false;
  bool refused = false;
};

// CURLOPT_OPENSOCKETFUNCTION: runs for the address curl is about to connect to, after DNS,
// so a name that resolves to a private address (or re-resolves to one) is caught too.
curl_socket_t open_checked_socket(void* clientp, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<Guard*>(clientp);
  if (purpose == CURLSOCKTYPE_IPCXN && !guard->allow_private && private_sockaddr(&address->addr)) {
    guard->refused = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

}  // namespace

bool is_private_address(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return private_v4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) return private_v6(v6.s6_addr);
  return true;
}

std::string url_host(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  std::string host;
  if (!rest.empty() && rest.front() == '[') {
    host = rest.substr(1, rest.find(']') == std::string::npos ? std::string::npos : rest.find(']') - 1);
  } else {
    host = rest.substr(0, rest.find(':'));
  }
  for (char& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return host;
}

WebhookSender::WebhookSender(WebhookOptions options) : options_(options), curl_(curl_easy_init()) {}

WebhookSender::~WebhookSender() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

SendOutcome WebhookSender::send(const std::string& url, const std::string& id, const std::string& secret,
                                const std::string& body, TimeMs now, const std::atomic<bool>* stop) {
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) return SendOutcome::retry("libcurl could not start (out of memory?)");
  curl_easy_reset(c);  // keeps the connection cache

  const std::int64_t timestamp_s = now / 1000;
  auto signature = sign_webhook(secret, id, timestamp_s, body);
  if (!signature) return SendOutcome::failed("cannot sign: " + signature.error().path + " " + signature.error().detail);

  CurlSlist headers;
  // "Expect:" turns off curl's 100-continue wait for bodies over 1 KB.
  for (const std::string& line :
       {std::string("Content-Type: application/json"), "webhook-id: " + id,
        "webhook-timestamp: " + std::to_string(timestamp_s), "webhook-signature: " + signature.value(),
        std::string("User-Agent: Candor-Webhooks/1"), std::string("Expect:")}) {
    if (!append(headers, line)) return SendOutcome::retry("out of memory building headers");
  }

  Guard guard{options_.allow_private, false};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  // An environment proxy would connect for us and bypass the address check.
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  set_transfer_limits(c, options_.timeout_s, options_.timeout_s, stop);

  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, nullptr);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);

  // Texts are ours: never the URL (personal data, like an address) nor the receiver's body.
  if (rc == CURLE_ABORTED_BY_CALLBACK && stop && stop->load()) return SendOutcome::abandoned();
  if (guard.refused)
    return SendOutcome::retry("the receiver resolves to a private address (serve --webhook-allow-private allows it)");
  if (rc == CURLE_OPERATION_TIMEDOUT) return SendOutcome::retry("the receiver did not answer within " +
                                                                std::to_string(options_.timeout_s) + " s");
  if (rc == CURLE_UNSUPPORTED_PROTOCOL) return SendOutcome::failed("the URL is not http(s)");
  if (rc != CURLE_OK) return SendOutcome::retry(std::string("receiver unreachable: ") + curl_easy_strerror(rc));
  if (status >= 200 && status < 300) return SendOutcome::delivered();
  if (status >= 300 && status < 400) return SendOutcome::retry("HTTP " + std::to_string(status) + " (redirects are not followed)");
  return SendOutcome::retry("HTTP " + std::to_string(status));
}

}  // namespace candor::server
