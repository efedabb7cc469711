// gzip.cpp: Accept-Encoding per RFC 9110 §12.5.3, and output zlib itself can inflate.
#include "gzip.hpp"

#include <zlib.h>

#include <gtest/gtest.h>

#include "gunzip.hpp"

namespace {

using namespace candor::server;

using candor_test::gunzip;

TEST(Gzip, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));  // an explicit refusal beats the wildcard
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
}

TEST(Gzip, RoundTripsThroughZlib) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"status\":\"operational\"},";
  const auto gz = gzip_compress(text);
  ASSERT_TRUE(gz.has_value());
  EXPECT_LT(gz->size(), text.size() / 10);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // RFC 1952 magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_EQ(gunzip(*gz), text);
  EXPECT_EQ(gunzip(*gzip_compress("")), "");
}

TEST(Gzip, EtagOfTheGzipRepresentation) {
  EXPECT_EQ(gzip_etag("\"5-abc\""), "\"5-abc-gz\"");
}

}  // namespace
