// The one history input format: CSV with a header naming at least
// id,category,impact,started_at,resolved_at (any order, extra columns ignored).
// An empty resolved_at is an item still open (right-censored at "now").
#pragma once

#include <string_view>
#include <vector>

#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor {

// Errors name the line (1-based, header is line 1), the column and what was expected,
// in Error::path as "line 7, column resolved_at".
Result<std::vector<PastIncident>> read_history_csv(std::string_view text);

}  // namespace candor
