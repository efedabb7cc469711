// Replaying a history: would Candor's promises have been kept, and how sharp were they,
// beside two naive baselines. What `candor replay` prints and bench/ records.
#pragma once

#include <vector>

#include "candor/estimate.hpp"

namespace candor {

struct ReplayScore {
  double coverage = 0;            // share of items resolved by the promised latest time
  double median_width_ratio = 0;  // median of (promised latest − start) ÷ actual duration
};

struct ReplayResult {
  int items = 0;           // items scored: resolved, with at least min_history resolved before them
  ReplayScore candor;      // the engine's promise at the item's start
  ReplayScore fixed_p90;   // one promise for all: the P90 of every past duration
  ReplayScore median_only; // the median of similar items, no safety margin
};

// Walks `history` in start order. For each item, only items resolved before its start are
// history; the promise is the one published at its start (elapsed 0, stage investigating).
ReplayResult replay(const std::vector<PastIncident>& history, const EstimateOptions& options = {},
                    int min_history = 10);

}  // namespace candor
