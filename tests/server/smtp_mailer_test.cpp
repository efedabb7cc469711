// smtp_mailer.cpp's pure parts: RFC 2047 encoded words for subjects and names, the RFC 5322
// Date, and what --smtp and --mail-from accept. (Sending is tested end to end against a real
// SMTP server in tests/api/subscriptions_mail.test.mjs.)
#include "smtp_mailer.hpp"

#include <gtest/gtest.h>

#include "base64.hpp"

namespace {

using namespace candor::server;

// Decodes "=?UTF-8?B?...?=" words separated by spaces (RFC 2047 §6.2: the space between two
// encoded words is not part of the text).
std::string decode_words(const std::string& value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value[i] == ' ') { ++i; continue; }
    EXPECT_EQ(value.compare(i, 10, "=?UTF-8?B?"), 0) << value;
    const std::size_t end = value.find("?=", i + 10);
    EXPECT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - i, 75u) << "an encoded word longer than RFC 2047's 75 characters";
    auto bytes = base64_decode(value.substr(i + 10, end - i - 10));
    EXPECT_TRUE(bytes);
    if (bytes) out += *bytes;
    i = end + 2;
  }
  return out;
}

TEST(SmtpMailer, PlainSubjectsStayPlain) {
  EXPECT_EQ(encode_header_value("[Northwind Cloud] Incident: Slow search"), "[Northwind Cloud] Incident: Slow search");
  // Something that looks like an encoded word is encoded, so it cannot be misread as one.
  EXPECT_NE(encode_header_value("=?UTF-8?B?eA==?="), "=?UTF-8?B?eA==?=");
  EXPECT_EQ(decode_words(encode_header_value("=?UTF-8?B?eA==?=")), "=?UTF-8?B?eA==?=");
}

TEST(SmtpMailer, NonAsciiSubjectsRoundTripInWholeCharacters) {
  // Turkish, Russian and Norwegian subjects, long enough to need several words.
  for (const std::string& s : {std::string("[Northwind] Olay güncellendi: Ödeme API'si yavaş, şimdi 18:00'e kadar bekleniyor"),
                              std::string("[Northwind] Инцидент: медленный поиск, теперь ожидается к 18:00, приносим извинения"),
                              std::string("[Northwind] Vedlikehold ferdig: Øst-region, målt på nytt"),
                              std::string("line\nbreak")}) {
    const std::string encoded = encode_header_value(s);
    EXPECT_EQ(encoded.find_first_of("\r\n"), std::string::npos);
    EXPECT_EQ(decode_words(encoded), s);
    // Every word decodes to whole UTF-8 characters (§5: no character split across words).
    std::size_t i = 0;
    while ((i = encoded.find("=?UTF-8?B?", i)) != std::string::npos) {
      const std::size_t end = encoded.find("?=", i + 10);
      const std::string bytes = *base64_decode(encoded.substr(i + 10, end - i - 10));
      EXPECT_NE(static_cast<unsigned char>(bytes.front()) & 0xC0, 0x80) << "a word starts mid-character";
      i = end;
    }
  }
}

TEST(SmtpMailer, DatesAreRfc5322) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  // 2026-11-24T13:10:31Z is 1795525831 s after the epoch (`date -u -d @1795525831`).
  EXPECT_EQ(rfc5322_date(1795525831000), "Tue, 24 Nov 2026 13:10:31 +0000");
  EXPECT_EQ(rfc5322_date(951782400999), "Tue, 29 Feb 2000 00:00:00 +0000");  // a leap day
}

TEST(SmtpMailer, SmtpUrls) {
  EXPECT_TRUE(check_smtp_url("smtp://127.0.0.1:2525"));
  EXPECT_TRUE(check_smtp_url("smtps://mail.example.com"));
  EXPECT_TRUE(check_smtp_url("smtp://[::1]:25/"));
  for (const char* bad : {"http://mail.example.com", "smtp://", "smtp://:25", "smtp://user:pw@mail.example.com",
                          "smtp://mail.example.com:0", "smtp://mail.example.com:70000", "smtp://mail.example.com:2x",
                          "smtp://mail.example.com/path", "smtp://[::1", "smtp://mail.example.com:"}) {
    auto r = check_smtp_url(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().path, "--smtp");
    }
  }
}

TEST(SmtpMailer, MailFromIsABareAddress) {
  EXPECT_TRUE(check_mail_from("status@northwind.example"));
  for (const char* bad : {"status", "@northwind.example", "a@b@c.example", "status@localhost", "Status <s@n.example>",
                          "s@n.example\r\nBcc: x@y.example", "s@.example", "s@example."}) {
    EXPECT_FALSE(check_mail_from(bad)) << bad;
  }
}

}  // namespace
