// An ETA per remaining stage: when the current stage and each later one is likely to end,
// consistent with the item's overall "most likely" time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "candor/estimate.hpp"
#include "candor/model.hpp"

namespace candor {

// Median time similar items spent in investigating, identified and monitoring (absent where
// none of them has stage detail).
using StageMedians = std::array<std::optional<std::int64_t>, 3>;
StageMedians median_stage_durations(const HistoryFacts& facts, const std::vector<std::size_t>& items);

struct StageEta {
  IncidentStatus stage = IncidentStatus::investigating;
  TimeMs likely_end_at = 0;
};

// Spreads the time until `likely_at` over the current and later stages in proportion to the
// median time similar items spent in each; the current stage's share is reduced by the time
// already spent in it. The last stage ends at likely_at. Empty for a resolved item.
std::vector<StageEta> stage_etas(const StageMedians& medians, IncidentStatus current, std::int64_t in_stage_s,
                                 TimeMs now, TimeMs likely_at);

// When the item entered its current stage: the first of the latest run of updates with its
// status, else its start.
TimeMs stage_entered_at(const Incident& item);

}  // namespace candor
