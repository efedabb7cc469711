// The public feeds: /history.atom (RFC 4287: incidents with their updates) and
// /maintenance.ics (RFC 5545: maintenances as UTC events), for feed readers and calendars.
#pragma once

#include <string>
#include <string_view>

#include "candor/model.hpp"

namespace candor::server {

constexpr std::string_view kAtomPath = "/history.atom";
constexpr std::string_view kIcsPath = "/maintenance.ics";

// Entries newest first; links are absolute when the page has a url, relative otherwise.
std::string encode_atom(const Snapshot& snapshot);

// CRLF lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values escaped, all
// times UTC with "Z" so no VTIMEZONE is needed.
std::string encode_ics(const Snapshot& snapshot);

// RFC 5545 §3.3.11 TEXT escaping and §3.1 line folding, exposed for tests.
std::string ics_escape_text(std::string_view text);
std::string ics_fold_line(std::string_view line);

}  // namespace candor::server
