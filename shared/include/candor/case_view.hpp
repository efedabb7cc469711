// A customer's own support case as its private page shows it, for a given "now": where it
// is, stage by stage, what we need from them, when we follow up next, the stored promise with
// its live missed state, and an estimate from past cases where there is history.
//
// JSON shape (times ISO-8601 UTC with milliseconds; *_s whole seconds):
// {"now": T,
//  "case": {"id", "customer_name", "title", "category", "stage", "opened_at": T, "updated_at": T,
//           "resolved_at": T|null, "elapsed_s": int,
//           "stages": [{"stage", "state": done|now|next}],  // received → investigating →
//                     // (waiting_on_customer, when the case is or was waiting) → in_progress → resolved
//           "waiting_on_customer_for": str|null,   // only while the stage is waiting_on_customer
//           "updates": [{"id", "stage", "body", "created_at": T}],   // newest first
//           "next_follow_up": null | {"at": T, "late": bool, "late_by_s": int},   // while open
//           "promise": null | {"likely_at", "latest_at", "published_at", "revision",
//                              "basis": {"n", "level"}, "missed", "missed_by_s", "missed_latest_at"},
//           "estimate": null | {"basis": {"n", "level", "lookback_days"}, "remaining_p50_s", "remaining_p80_s",
//                               "remaining_p90_s", "likely_at", "latest_at", "beyond_history",
//                               "longer_than_pct", "stages": [], "operator_estimate": null},
//           "feedback_allowed": bool}}   // once resolved
#pragma once

#include <string>
#include <vector>

#include "candor/case_history.hpp"
#include "candor/engine.hpp"
#include "candor/model.hpp"

namespace candor {

// `past_cases` is an engine built on case_history() of earlier cases, or null when there is
// none (then "estimate" is null).
std::string case_view_json(const Case& c, Engine* past_cases, TimeMs now);

}  // namespace candor
