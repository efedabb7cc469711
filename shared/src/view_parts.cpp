// The JSON pieces shared by view_model.cpp and case_view.cpp, written once.
#include "view_parts.hpp"

namespace candor::detail {
namespace json = boost::json;

json::value iso(TimeMs t) { return json::value(format_iso8601(t)); }
json::value iso_or_null(const std::optional<TimeMs>& t) { return t ? iso(*t) : json::value(nullptr); }
json::object basis_json(int n, const std::string& level) { return {{"n", n}, {"level", level}}; }

json::value promise_json(const std::optional<Promise>& promise, const std::optional<TimeMs>& ended_at, TimeMs now) {
  if (!promise) return nullptr;
  const Promise& p = *promise;
  const TimeMs end = ended_at ? *ended_at : now;
  const bool missed = end > p.latest_at;
  return json::object{{"likely_at", iso(p.likely_at)},
                      {"latest_at", iso(p.latest_at)},
                      {"published_at", iso(p.published_at)},
                      {"revision", p.revision},
                      {"basis", basis_json(p.basis_n, p.basis_level)},
                      {"missed", missed},
                      {"missed_by_s", missed ? seconds(end - p.latest_at) : 0},
                      {"missed_latest_at", iso_or_null(p.missed_latest_at)}};
}

TimeMs likely_at_of(const Estimate& e, TimeMs now) { return round_up_human(now + e.remaining_p50_s * kSecondMs, now); }

json::object estimate_json(const Estimate& e, TimeMs now, TimeMs likely_at) {
  json::object basis = basis_json(e.basis.n, e.basis.level);
  basis["lookback_days"] = e.basis.lookback_days;
  return json::object{{"basis", std::move(basis)},
                      {"remaining_p50_s", e.remaining_p50_s},
                      {"remaining_p80_s", e.remaining_p80_s},
                      {"remaining_p90_s", e.remaining_p90_s},
                      {"likely_at", iso(likely_at)},
                      {"latest_at", iso(round_up_human(now + e.remaining_target_s * kSecondMs, now))},
                      {"beyond_history", e.beyond_history},
                      {"longer_than_pct", e.longer_than_pct}};
}

}  // namespace candor::detail
