// The view model: everything a page shows, computed from a snapshot for a given "now".
// Structured data only (ids, enums, numbers, ISO times): sentences are the page's job.
//
// JSON shape (all times ISO-8601 UTC with milliseconds; *_s are whole seconds):
// {
//   "now": T, "version": int, "generated_at": T, "data_age_s": int,
//   "page": {"id", "name", "url", "time_zone",
//            "theme": {"accent": "#rrggbb"|null, "logo_url": str|null, "links": [{"label", "url"}]}},
//   "overall": {"status": component status (worst of all), "indicator": none|minor|major|critical|maintenance},
//   "groups": [{"id": str|null, "name": str|null, "status": worst of its components,
//               "components": [{"id", "name", "status", "description": str|null,
//                               "uptime": {"percent": number (hundredths, rounded down),  // candor/uptime.hpp
//                                          "days": [{"date": "YYYY-MM-DD" (UTC), "worst": component status,
//                                                    "incidents": [{"id", "name"}]}]}}]}],  // 90, oldest first, the last today
//   "incidents": [{            // unresolved first (newest first), then resolved in the last 7 days
//      "id", "name", "status", "impact", "category", "active": bool,
//      "started_at": T, "updated_at": T, "resolved_at": T|null, "elapsed_s": int,
//      "components": [{"id", "name", "status"}],
//      "stages": [{"stage": investigating|identified|monitoring|resolved, "state": done|skipped|now|next}],
//      "updates": [{"id", "status", "body", "display_at": T}],   // newest first
//      "estimate": null | {"basis": {"n", "level", "lookback_days": 365, or 0 for all history},
//                          "remaining_p50_s", "remaining_p80_s",
//                          "remaining_p90_s", "likely_at": T, "latest_at": T,
//                          "beyond_history": bool, "longer_than_pct": int,
//                          "stages": [{"stage", "likely_end_at": T}],   // current and later stages
//                          "operator_estimate": null | {"remaining_s": int, "optimistic": bool}},
//      "promise": null | {"likely_at": T, "latest_at": T, "published_at": T, "revision": int,
//                         "basis": {"n", "level"}, "missed": bool, "missed_by_s": int,
//                         "missed_latest_at": T|null},   // an earlier promise we broke, if any
//      "next_update": null | {"at": T, "late": bool, "late_by_s": int},
//      "obstacles": [{"title", "body"}], "workarounds": [{"title", "body"}],   // the operator's
//      "likely_obstacles": [{"kind", "likelihood_pct", "median_delay_s", "seen", "of"}]}],  // from history
//   "past_incidents": [{"id", "name", "impact", "category", "started_at": T, "resolved_at": T|null,
//                       "duration_s", "components": [{"id", "name", "status"}],
//                       "stages", "updates", "promise": as above (missed: by its resolution)}],
//                       // every resolved one in the snapshot, newest first
//   "maintenances": [{"id", "name", "status", "scheduled_for": T, "scheduled_until": T,
//                     "components": [{"id", "name", "status"}], "active": bool,
//                     "updates": [{"id", "status", "body", "display_at": T}]}],
//   "channels": [{"id", "name", "kind", "open": bool, "opens_at": T|null, "closes_at": T|null,
//                 "wait": null | {"typical_s": int|null, "worst_s": int|null, "stable": bool},
//                 "wait_at_open": null | {same as wait}}]   // a closed live channel, on current figures
//   "track_record": [{"kind": resolution|next_update|first_response, "kept", "broken", "kept_pct": int|null}],
//   // wait: live channels (chat, phone) while open: Erlang C p50/p90 (null when overloaded and
//   // the queue length is unknown); async channels: p50/p90 first response (Kaplan–Meier over the
//   // channel's first_responses, else its fixed figures; worst_s null when too many are still
//   // unanswered to tell), counted in open hours.
// }
#pragma once

#include <string>

#include "candor/engine.hpp"
#include "candor/model.hpp"

namespace candor {

// The overall status (worst of all components) and the Statuspage-style indicator (worst of
// that and the active incidents' impacts; maintenance when nothing is worse): the view
// model's and the widget's "overall".
struct Overall {
  ComponentStatus status = ComponentStatus::operational;
  const char* indicator = "none";  // none | minor | major | critical | maintenance
};
Overall overall_status(const Snapshot& snapshot, TimeMs now);

std::string view_model_json(const Snapshot& snapshot, TimeMs now);
// The same, reusing an engine built on snapshot.history (the minute tick of a loaded page).
std::string view_model_json(const Snapshot& snapshot, Engine& engine, TimeMs now);

}  // namespace candor
