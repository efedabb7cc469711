// webhook_signature.cpp against the Standard Webhooks reference libraries' published test
// vector and their verification cases (github.com/standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts: "sign function works", "multi sig payload is
// valid", "old timestamp fails", "new timestamp fails", "partial signature throws error").
#include "webhook_signature.hpp"

#include <gtest/gtest.h>

namespace {

using namespace candor::server;

// The reference vector, verbatim from "sign function works".
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kTimestamp = 1614265330;
constexpr const char* kPayload = R"({"test": 2432232314})";
constexpr const char* kExpected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(WebhookSignature, SignsThePublishedVector) {
  auto sig = sign_webhook(kSecret, kId, kTimestamp, kPayload);
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig.value(), kExpected);
  // The reference libraries accept the secret with or without its "whsec_" prefix.
  auto bare = sign_webhook("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", kId, kTimestamp, kPayload);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare.value(), kExpected);
}

TEST(WebhookSignature, EveryInputChangesTheSignature) {
  const std::string base = sign_webhook(kSecret, kId, kTimestamp, kPayload).value();
  EXPECT_NE(sign_webhook(kSecret, "msg_other", kTimestamp, kPayload).value(), base);
  EXPECT_NE(sign_webhook(kSecret, kId, kTimestamp + 1, kPayload).value(), base);
  EXPECT_NE(sign_webhook(kSecret, kId, kTimestamp, R"({"test": 2432232315})").value(), base);
  EXPECT_NE(sign_webhook("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", kId, kTimestamp, kPayload).value(), base);
}

TEST(WebhookSignature, VerifiesThePublishedVector) {
  auto ok = verify_webhook(kSecret, kId, "1614265330", kExpected, kPayload, kTimestamp + 10);
  ASSERT_TRUE(ok) << ok.error().path << ": " << ok.error().detail;
  // "multi sig payload is valid": any one of several space-separated signatures may match;
  // a v2 entry with the same bytes is not a v1 signature.
  const std::string several = std::string("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ") +
                              "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= " + kExpected +
                              " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
  EXPECT_TRUE(verify_webhook(kSecret, kId, "1614265330", several, kPayload, kTimestamp));
  EXPECT_FALSE(verify_webhook(kSecret, kId, "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                              kPayload, kTimestamp));
}

TEST(WebhookSignature, RejectsTamperingAndReplays) {
  // A changed body, id or timestamp no longer matches.
  auto body = verify_webhook(kSecret, kId, "1614265330", kExpected, R"({"test": 1})", kTimestamp);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().path, "webhook-signature");
  EXPECT_FALSE(verify_webhook(kSecret, "msg_x", "1614265330", kExpected, kPayload, kTimestamp));
  EXPECT_FALSE(verify_webhook(kSecret, kId, "1614265331", kExpected, kPayload, kTimestamp));
  // "partial signature throws error": a truncated signature or "v1," alone.
  EXPECT_FALSE(verify_webhook(kSecret, kId, "1614265330", std::string(kExpected).substr(0, 8), kPayload, kTimestamp));
  EXPECT_FALSE(verify_webhook(kSecret, kId, "1614265330", "v1,", kPayload, kTimestamp));
  // "old timestamp fails" / "new timestamp fails": five minutes either way, then refused.
  EXPECT_TRUE(verify_webhook(kSecret, kId, "1614265330", kExpected, kPayload, kTimestamp + kWebhookToleranceS));
  auto old = verify_webhook(kSecret, kId, "1614265330", kExpected, kPayload, kTimestamp + kWebhookToleranceS + 1);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().path, "webhook-timestamp");
  EXPECT_FALSE(verify_webhook(kSecret, kId, "1614265330", kExpected, kPayload, kTimestamp - kWebhookToleranceS - 1));
}

TEST(WebhookSignature, BadInputSaysWhichHeader) {
  auto missing_id = verify_webhook(kSecret, "", "1614265330", kExpected, kPayload, kTimestamp);
  ASSERT_FALSE(missing_id);
  EXPECT_EQ(missing_id.error().path, "webhook-id");
  auto not_number = verify_webhook(kSecret, kId, "hello", kExpected, kPayload, kTimestamp);
  ASSERT_FALSE(not_number);
  EXPECT_EQ(not_number.error().path, "webhook-timestamp");
  EXPECT_EQ(not_number.error().detail, "is not a number of seconds");
  auto no_sig = verify_webhook(kSecret, kId, "1614265330", "", kPayload, kTimestamp);
  ASSERT_FALSE(no_sig);
  EXPECT_EQ(no_sig.error().path, "webhook-signature");
  // "empty key raises error", and a secret that is not base64.
  auto empty = sign_webhook("whsec_", kId, kTimestamp, kPayload);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().path, "secret");
  EXPECT_FALSE(sign_webhook("whsec_not base64!", kId, kTimestamp, kPayload));
}

}  // namespace
