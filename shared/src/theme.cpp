// The theme's rules (theme.hpp), used by the codec and by the operator API alike.
#include "candor/theme.hpp"

#include <string>

namespace candor {
namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Characters that would break out of an attribute, or that browsers strip or reinterpret
// (control characters, spaces, backslashes are read as slashes by URL parsers).
bool is_unsafe_url_char(unsigned char c) {
  return c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`';
}

// UTF-8 characters: every byte that is not a continuation byte starts one.
std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Error invalid(std::string path, std::string detail) { return Error{errc::invalid_value, std::move(path), std::move(detail)}; }

constexpr const char* kUrlRule =
    "must be an https:// URL or a relative path such as /logo.svg, without spaces or quotes";

}  // namespace

bool is_hex_color(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (std::size_t i = 1; i < 7; ++i)
    if (!is_hex(s[i])) return false;
  return true;
}

bool is_theme_url(std::string_view s) {
  if (s.empty() || s.size() > kMaxThemeUrlBytes) return false;
  for (unsigned char c : s)
    if (is_unsafe_url_char(c)) return false;
  constexpr std::string_view kHttps = "https://";
  if (s.substr(0, kHttps.size()) == kHttps) {
    const std::string_view rest = s.substr(kHttps.size());
    const std::size_t host_end = rest.find_first_of("/?#");
    return host_end != 0 && !rest.empty();  // a host is required
  }
  if (s.substr(0, 2) == "//") return false;  // scheme-relative: another origin
  // A relative reference names no scheme: no ':' before the first '/', '?' or '#'
  // (RFC 3986 §4.2), so "javascript:..." and "data:..." are refused.
  const std::size_t first_delim = s.find_first_of("/?#");
  const std::size_t colon = s.find(':');
  return colon == std::string_view::npos || (first_delim != std::string_view::npos && colon > first_delim);
}

Error check_theme(const PageTheme& t) {
  if (!t.accent.empty() && !is_hex_color(t.accent))
    return invalid("/accent", "must be a colour as #rrggbb (six hex digits), got \"" + t.accent + "\"");
  if (!t.logo_url.empty() && !is_theme_url(t.logo_url)) return invalid("/logo_url", kUrlRule);
  if (t.links.size() > kMaxThemeLinks)
    return invalid("/links", "has " + std::to_string(t.links.size()) + " links; at most " +
                                 std::to_string(kMaxThemeLinks) + " are allowed");
  for (std::size_t i = 0; i < t.links.size(); ++i) {
    const std::string at = "/links/" + std::to_string(i);
    const std::size_t n = utf8_chars(t.links[i].label);
    bool control = false;
    for (unsigned char c : t.links[i].label) control = control || c < 0x20 || c == 0x7f;
    if (n == 0 || n > kMaxLinkLabelChars || control)
      return invalid(at + "/label", "must be 1 to " + std::to_string(kMaxLinkLabelChars) +
                                        " characters without control characters, got " + std::to_string(n));
    if (!is_theme_url(t.links[i].url)) return invalid(at + "/url", kUrlRule);
  }
  return {};
}

}  // namespace candor
