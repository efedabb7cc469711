// The operator's page settings: name, canonical URL, time zone and theme (accent colour,
// logo, header links), so a company can make the portal its own without a rebuild.
//
//   PATCH /api/v1/page  {"name"?, "url"?, "time_zone"?, "accent"?, "logo_url"?, "links"?} → 200
//
// A bearer token with scope write, as every operator write (operator_api.hpp). Absent fields
// keep their value; null clears url, accent, logo_url and links. Checked as the core checks a
// snapshot (candor/theme.hpp), so nothing stored can make the portal refuse its own data.
#pragma once

#include <optional>
#include <string_view>

#include "candor/time.hpp"
#include "http_message.hpp"
#include "operator_api.hpp"

namespace candor::server {

constexpr std::string_view kPagePath = "/api/v1/page";

// The response for kPagePath (any method), or nullopt for any other path.
std::optional<Response> handle_page(OperatorContext& ctx, const Request& req, std::string_view path, TimeMs now);

}  // namespace candor::server
