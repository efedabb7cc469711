// Our track record: every promise (resolution window, next update, first response) with its
// outcome; the share kept over the last 90 days per kind.
#pragma once

#include <optional>
#include <vector>

#include "candor/model.hpp"

namespace candor {

enum class PromiseKind { resolution, next_update, first_response };
const char* to_string(PromiseKind k);

struct PromiseRecord {
  PromiseKind kind = PromiseKind::resolution;
  TimeMs made_at = 0;
  TimeMs due_at = 0;                   // the promised time
  std::optional<TimeMs> fulfilled_at;  // resolved / updated / answered, when it happened
};

// Kept: fulfilled by its due time. Broken: fulfilled late, or still unfulfilled after it.
// Pending promises are not counted. A promise counts in the window when it was decided
// (fulfilled, or broken at its due time) within [now - window, now].
std::vector<TrackRecordKind> track_record(const std::vector<PromiseRecord>& records, TimeMs now,
                                          TimeMs window_ms = 90 * kDayMs);

}  // namespace candor
