// JSON pieces that more than one view shows the same way (the portal's incidents and a
// customer's case): instants, a stored promise with its live missed state, an estimate.
// Internal to the core, like json_read.hpp.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>

#include "candor/estimate.hpp"
#include "candor/model.hpp"

namespace candor::detail {

boost::json::value iso(TimeMs t);
boost::json::value iso_or_null(const std::optional<TimeMs>& t);
inline std::int64_t seconds(TimeMs ms) { return ms / 1000; }
boost::json::object basis_json(int n, const std::string& level);

// A stored promise as the viewer sees it at `now`: missed once the item ended (or, while
// open, now is) past its latest time, and by how much.
// {"likely_at", "latest_at", "published_at", "revision", "basis": {"n", "level"},
//  "missed", "missed_by_s", "missed_latest_at"}
boost::json::value promise_json(const std::optional<Promise>& promise, const std::optional<TimeMs>& ended_at, TimeMs now);

// The live estimate's common part: {"basis", "remaining_p50_s", "remaining_p80_s",
// "remaining_p90_s", "likely_at", "latest_at", "beyond_history", "longer_than_pct"}, the
// times rounded up to a human granularity. `likely_at` is the rounded most likely time.
boost::json::object estimate_json(const Estimate& e, TimeMs now, TimeMs likely_at);
TimeMs likely_at_of(const Estimate& e, TimeMs now);

}  // namespace candor::detail
