#include "case_promises.hpp"

#include <algorithm>

#include "candor/case_history.hpp"
#include "candor/engine.hpp"
#include "candor/promise.hpp"

namespace candor::server {
namespace {

// The case's step against every other case (its own row would count it as its own history).
Result<bool> step_one(Store& store, const std::vector<Case>& past, const std::string& case_id, TimeMs now) {
  auto found = store.find_case_by_id(case_id);
  if (!found) return found.error();
  if (!found.value()) return false;
  const Case& c = *found.value();
  std::optional<Promise> published;
  if (!c.resolved_at) {
    std::vector<Case> others;
    others.reserve(past.size());
    std::copy_if(past.begin(), past.end(), std::back_inserter(others), [&](const Case& x) { return x.id != c.id; });
    const std::vector<PastIncident> history = case_history(others);
    Engine engine(history);
    const PromiseDecision d = case_promise_step(engine, c, c.promise, now);
    if (d.changed) published = d.promise;
  }
  auto saved = store.save_case_promise(case_id, published, now);
  if (!saved) return saved.error();
  return published.has_value();
}

}  // namespace

Result<bool> refresh_case_promise(Store& store, const std::string& case_id, TimeMs now) {
  auto past = store.past_cases(now);
  if (!past) return past.error();
  return step_one(store, past.value(), case_id, now);
}

Result<int> refresh_open_case_promises(Store& store, TimeMs now) {
  auto ids = store.open_case_ids();
  if (!ids) return ids.error();
  if (ids.value().empty()) return 0;
  auto past = store.past_cases(now);
  if (!past) return past.error();
  int changed = 0;
  for (const std::string& id : ids.value()) {
    auto r = step_one(store, past.value(), id, now);
    if (!r) return r.error();
    changed += r.value() ? 1 : 0;
  }
  return changed;
}

}  // namespace candor::server
