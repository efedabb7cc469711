// Past support cases as the history the engine learns from. Cases have a category but no
// impact or incident stage: each becomes a history row of impact `none` without stage
// detail, so the back-off levels narrower than "category" select the category's cases.
#pragma once

#include <vector>

#include "candor/engine.hpp"
#include "candor/model.hpp"

namespace candor {

PastIncident case_history_item(const Case& c);
std::vector<PastIncident> case_history(const std::vector<Case>& cases);

// The remaining time of an open case, from an engine built on case_history() of earlier
// cases; its basis level says "category" or "all".
Estimate case_estimate(Engine& past_cases, const Case& c, TimeMs now);
// The survival curve that estimate came from (valid until the engine's next call).
const SurvivalCurve& case_curve(Engine& past_cases, const Case& c, TimeMs now);

}  // namespace candor
