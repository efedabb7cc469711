// The operator's theming (PageTheme) is put into the page's CSS and into src/href
// attributes, so the core checks it wherever it enters: the snapshot codec and the operator
// API use these same rules. A `javascript:` or `data:` URL must never reach an <a> or <img>.
#pragma once

#include <cstddef>
#include <string_view>

#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor {

constexpr std::size_t kMaxThemeLinks = 8;        // a header row, not a sitemap
constexpr std::size_t kMaxLinkLabelChars = 40;   // fits a 360 px phone's header menu
constexpr std::size_t kMaxThemeUrlBytes = 2048;  // what browsers and proxies reliably accept

// "#" and six hex digits, either case (the store keeps lower case).
bool is_hex_color(std::string_view s);

// An https:// URL with a host, or a relative reference that cannot name a scheme
// ("/logo.svg", "img/logo.svg", "./x"; not "//host/x", which would leave the page's
// origin). No spaces, control characters, quotes, angle brackets or backslashes.
bool is_theme_url(std::string_view s);

// The whole theme; `path` of an error is a JSON pointer inside the theme object
// ("/accent", "/links/2/url"), `detail` says what is allowed.
Error check_theme(const PageTheme& theme);

}  // namespace candor
