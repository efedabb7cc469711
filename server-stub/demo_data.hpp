// A believable portal for `candor demo` and for tests: a pure, seeded generator, so the
// same (seed, now) always gives the same bytes. The model is documented in demo_data.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "business_hours.hpp"
#include "candor/error.hpp"
#include "store.hpp"

namespace candor::server {

constexpr std::uint64_t kDefaultDemoSeed = 42;

// Everything relative to `now` (ms since the epoch). snapshot.version is 0 and
// snapshot.generated_at is `now`; channels' open intervals are resolved exactly as
// Store::load_snapshot(now) resolves them, so a stored-and-loaded demo encodes to the
// same bytes once the version is set. Fails only when the tz database is unusable.
Result<PortalContent> make_demo_content(std::uint64_t seed, TimeMs now);

// The demo's support cases: a year of resolved ones (the history a case's window is
// estimated from) and, last, one open case. Each comes with the capability token of its
// private link (stored only as its SHA-256); the open case's is the one worth printing.
// Seeded and relative to `now` like the rest; the model is in demo_data.cpp.
struct DemoCase {
  Case c;
  std::string token;
};
std::vector<DemoCase> make_demo_cases(std::uint64_t seed, TimeMs now);

// Norway's public holidays (helligdager) in `year`, in date order, as "YYYY-MM-DD".
std::vector<Holiday> norwegian_public_holidays(int year);

}  // namespace candor::server
