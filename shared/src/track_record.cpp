// Tallying promise outcomes per kind.
#include "candor/track_record.hpp"

namespace candor {

const char* to_string(PromiseKind k) {
  switch (k) {
    case PromiseKind::resolution: return "resolution";
    case PromiseKind::next_update: return "next_update";
    case PromiseKind::first_response: return "first_response";
  }
  return "unknown";
}

std::vector<TrackRecordKind> track_record(const std::vector<PromiseRecord>& records, TimeMs now, TimeMs window_ms) {
  std::vector<TrackRecordKind> out;
  for (PromiseKind kind : {PromiseKind::resolution, PromiseKind::next_update, PromiseKind::first_response}) {
    TrackRecordKind t;
    t.kind = to_string(kind);
    for (const auto& r : records) {
      if (r.kind != kind) continue;
      const bool kept = r.fulfilled_at && *r.fulfilled_at <= r.due_at;
      const bool broken = !kept && (r.fulfilled_at || now > r.due_at);
      if (!kept && !broken) continue;  // pending
      const TimeMs decided = kept ? *r.fulfilled_at : r.due_at;  // a broken promise broke at its due time
      if (decided > now || decided < now - window_ms) continue;
      (kept ? t.kept : t.broken) += 1;
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace candor
