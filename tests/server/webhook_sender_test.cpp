// webhook_sender.cpp's SSRF guard: which connected addresses count as private, against the
// IANA special-purpose registries (RFC 6890, RFC 6598 for 100.64/10, RFC 4193 for fc00::/7,
// RFC 4291 for link-local and IPv4-mapped IPv6), and the host a per-domain limit keys on.
// (Sending, the refusal and the retry are tested end to end in tests/api/webhooks.test.mjs.)
#include "webhook_sender.hpp"

#include <gtest/gtest.h>

namespace {

using namespace candor::server;

TEST(WebhookSender, PrivateAddressesAreRefused) {
  for (const char* ip : {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                         "169.254.169.254",  // the cloud metadata service
                         "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::",
                         "fe80::1", "fd00::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                         "not an address"}) {
    EXPECT_TRUE(is_private_address(ip)) << ip;
  }
}

TEST(WebhookSender, PublicAddressesAreAllowed) {
  for (const char* ip : {"8.8.8.8", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                         "100.128.0.1", "192.169.0.1", "2606:4700:4700::1111", "2001:4860:4860::8888",
                         "::ffff:8.8.8.8"}) {
    EXPECT_FALSE(is_private_address(ip)) << ip;
  }
}

TEST(WebhookSender, UrlHost) {
  EXPECT_EQ(url_host("https://Hooks.Example.com/candor?x=1"), "hooks.example.com");
  EXPECT_EQ(url_host("http://hooks.example.com:8080/x"), "hooks.example.com");
  EXPECT_EQ(url_host("http://[2001:db8::1]:8080/x"), "2001:db8::1");
  EXPECT_EQ(url_host("https://hooks.example.com"), "hooks.example.com");
  EXPECT_EQ(url_host("no scheme"), "");
}

}  // namespace
