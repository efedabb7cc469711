// The operator's theme rules (theme.hpp): what may reach CSS and href/src attributes.
#include "candor/theme.hpp"

#include <gtest/gtest.h>

using namespace candor;

TEST(Theme, HexColours) {
  EXPECT_TRUE(is_hex_color("#0b6e4f"));
  EXPECT_TRUE(is_hex_color("#0B6E4F"));
  EXPECT_FALSE(is_hex_color("0b6e4f"));    // no #
  EXPECT_FALSE(is_hex_color("#0b6e4"));    // five digits
  EXPECT_FALSE(is_hex_color("#0b6e4fa"));  // seven
  EXPECT_FALSE(is_hex_color("#0b6e4g"));
  EXPECT_FALSE(is_hex_color("red"));
  EXPECT_FALSE(is_hex_color("#fff;}body{x"));
}

TEST(Theme, UrlsAreHttpsOrRelativeWithoutAScheme) {
  for (const char* ok : {"https://example.com", "https://example.com/logo.svg?v=2#x", "/logo.svg", "logo.svg",
                         "./img/logo.svg", "../x", "/a:b", "?q=1", "#top"})
    EXPECT_TRUE(is_theme_url(ok)) << ok;
  for (const char* bad : {"", "http://example.com", "javascript:alert(1)", "JavaScript:alert(1)",
                          "data:image/svg+xml,<svg>", "//evil.example/logo.svg", "https://", "https:///path",
                          "/logo .svg", "/logo\".svg", "/x<y", "\\\\evil\\x", "/a\nb", "mailto:x@example.com"})
    EXPECT_FALSE(is_theme_url(bad)) << bad;
  EXPECT_FALSE(is_theme_url("/" + std::string(kMaxThemeUrlBytes, 'a')));
}

TEST(Theme, CheckNamesTheField) {
  PageTheme t;
  EXPECT_EQ(check_theme(t).code, errc::ok);  // unset is fine
  t.accent = "#123abc";
  t.logo_url = "/logo.svg";
  t.links = {{"Help", "https://help.example.com"}, {"Поддержка", "/support"}};
  EXPECT_EQ(check_theme(t).code, errc::ok);

  PageTheme bad = t;
  bad.accent = "blue";
  EXPECT_EQ(check_theme(bad).path, "/accent");
  bad = t;
  bad.links[1].url = "javascript:alert(1)";
  EXPECT_EQ(check_theme(bad).path, "/links/1/url");
  bad = t;
  bad.links[0].label = "";
  EXPECT_EQ(check_theme(bad).path, "/links/0/label");
  // 40 characters are allowed, 41 are not; counted as characters, not bytes (Ø is 2 bytes).
  bad = t;
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "Ø";
  bad.links[0].label = forty;
  EXPECT_EQ(check_theme(bad).code, errc::ok);
  bad.links[0].label += "x";
  EXPECT_EQ(check_theme(bad).path, "/links/0/label");
  bad = t;
  bad.links.assign(kMaxThemeLinks + 1, PageLink{"x", "/x"});
  EXPECT_EQ(check_theme(bad).path, "/links");
  EXPECT_EQ(check_theme(bad).code, errc::invalid_value);
}
