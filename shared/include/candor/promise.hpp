// The published promise: a window that is kept ("under-promise, over-deliver") and does not
// flap. A pure function of (history, item, previous promise, now): the backend runs it on
// each write and on a periodic tick and stores the result, so every viewer sees the same one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "candor/engine.hpp"
#include "candor/model.hpp"

namespace candor {

struct PromiseOptions {
  EstimateOptions estimate;              // target reliability lives in estimate.target
  double revise_below_probability = 0.5;  // revise once the promise is less likely than this to be kept
  double revise_change_fraction = 0.5;    // ... or the fresh window's end moves by more than this share of the time left
  double optimistic_quantile = 0.3;       // an operator estimate below this history quantile is optimistic
};

enum class PromiseReason {
  first,             // no promise before
  unchanged,         // the previous promise stands (hysteresis)
  stage_advanced,    // the item moved to another stage
  unlikely_to_hold,  // its probability of being kept fell below the threshold
  window_moved,      // the fresh window differs by more than the set fraction
  missed,            // now is past its latest time and the item is still open
  no_history,        // no similar item at all: nothing honest to promise (the previous one, if any, stands)
};
const char* to_string(PromiseReason r);

struct PromiseDecision {
  Promise promise;
  PromiseReason reason = PromiseReason::first;
  bool changed = false;
  double probability_kept = 0;       // of the returned promise, given what is known now
  bool operator_estimate_used = false;
  bool operator_estimate_optimistic = false;  // below the history's P30: flagged, not published
};

PromiseDecision promise_step(const std::vector<PastIncident>& history, const Incident& item,
                             const std::optional<Promise>& previous, TimeMs now, const PromiseOptions& options = {});
// The same on an engine built on the history (its estimate options apply; options.estimate is
// ignored): what the backend's tick runs for every open item.
PromiseDecision promise_step(Engine& engine, const Incident& item, const std::optional<Promise>& previous, TimeMs now,
                             const PromiseOptions& options = {});

// A customer case's promise: the same step on an engine built on case_history() of earlier
// cases. The stage advanced when the case's stage differs from its stage at the previous
// promise's publication (from its updates). Case promises record stage `investigating`.
// What the backend runs on each case write and on its tick, storing the result.
PromiseDecision case_promise_step(Engine& past_cases, const Case& c, const std::optional<Promise>& previous, TimeMs now,
                                  const PromiseOptions& options = {});

// Default next-update interval by impact (critical 30 min, major 60 min, minor 4 h, none 8 h).
TimeMs next_update_interval(Impact impact);

}  // namespace candor
