// Cases in the engine's history format, and their estimates.
#include "candor/case_history.hpp"

#include <algorithm>

namespace candor {

PastIncident case_history_item(const Case& c) {
  PastIncident p;
  p.id = c.id;
  p.category = c.category;
  p.impact = Impact::none;
  p.started_at = c.opened_at;
  p.resolved_at = c.resolved_at;
  return p;
}

std::vector<PastIncident> case_history(const std::vector<Case>& cases) {
  std::vector<PastIncident> out;
  out.reserve(cases.size());
  for (const auto& c : cases) out.push_back(case_history_item(c));
  return out;
}

Estimate case_estimate(Engine& past_cases, const Case& c, TimeMs now) {
  const std::int64_t elapsed_s = std::max<TimeMs>(0, now - c.opened_at) / 1000;
  Estimate e = past_cases.estimate(c.category, Impact::none, IncidentStatus::investigating, elapsed_s, now);
  // Without impact or stage detail the two narrowest levels are the category's cases.
  if (e.basis.level != "all") e.basis.level = "category";
  return e;
}

const SurvivalCurve& case_curve(Engine& past_cases, const Case& c, TimeMs now) {
  return past_cases.curve(c.category, Impact::none, IncidentStatus::investigating, now);
}

}  // namespace candor
