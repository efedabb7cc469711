// base64.cpp against RFC 4648 §10's test vectors, and its strictness.
#include "base64.hpp"

#include <gtest/gtest.h>

namespace {

using namespace candor::server;

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), std::optional<std::string>(plain)) << encoded;
  }
}

TEST(Base64, UrlSafeAlphabetWithoutPadding) {
  // 0xfb 0xff: "+/8=" in the standard alphabet, "-_8" in the URL-safe one (RFC 4648 §5).
  const std::string bytes("\xfb\xff", 2);
  EXPECT_EQ(base64_encode(bytes), "+/8=");
  EXPECT_EQ(base64url_encode(bytes), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), std::optional<std::string>(bytes));
  EXPECT_EQ(base64url_decode("+/8"), std::nullopt);
}

TEST(Base64, RejectsNonCanonicalText) {
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);     // length not a multiple of 4
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);    // non-zero unused bits (§3.5)
  EXPECT_EQ(base64_decode("Zm9 v"), std::nullopt);   // whitespace
  EXPECT_EQ(base64_decode("Z==="), std::nullopt);    // too much padding
  EXPECT_EQ(base64_decode("Zg==Zg=="), std::nullopt);  // padding inside
  EXPECT_EQ(base64url_decode("Z"), std::nullopt);    // a lone 6 bits is no byte
}

}  // namespace
