// Case + now → what the case page shows. Integers, booleans, enums and ISO times only, so the
// native and wasm outputs are the same bytes.
#include "candor/case_view.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "candor/case_history.hpp"
#include "view_parts.hpp"

namespace candor {
namespace json = boost::json;
using detail::iso;
using detail::iso_or_null;
using detail::seconds;

namespace {

bool open(const Case& c) { return c.stage != CaseStage::resolved; }
// When a resolved case ended (its last write, should resolved_at be missing); nullopt while open.
std::optional<TimeMs> ended_at(const Case& c) {
  if (open(c)) return std::nullopt;
  return c.resolved_at ? *c.resolved_at : c.updated_at;
}

// The pipeline the page draws. Waiting on the customer is a detour, not a step every case
// takes: it is shown only when this case is or was waiting.
json::array stage_pipeline(const Case& c) {
  bool waited = c.stage == CaseStage::waiting_on_customer;
  for (const auto& u : c.updates) waited = waited || u.stage == CaseStage::waiting_on_customer;
  json::array a;
  for (int s = 0; s <= static_cast<int>(CaseStage::resolved); ++s) {
    const auto stage = static_cast<CaseStage>(s);
    if (stage == CaseStage::waiting_on_customer && !waited) continue;
    // Enum order is pipeline order; a resolved case is an end, not a stage in progress.
    const char* state = !open(c) || s < static_cast<int>(c.stage) ? "done" : s == static_cast<int>(c.stage) ? "now" : "next";
    a.push_back(json::object{{"stage", to_string(stage)}, {"state", state}});
  }
  return a;
}

json::array updates_newest_first(const std::vector<CaseUpdate>& updates) {
  std::vector<const CaseUpdate*> sorted;
  for (const auto& u : updates) sorted.push_back(&u);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const CaseUpdate* a, const CaseUpdate* b) { return a->created_at > b->created_at; });
  json::array a;
  for (const CaseUpdate* u : sorted)
    a.push_back(json::object{{"id", u->id}, {"stage", to_string(u->stage)}, {"body", u->body}, {"created_at", iso(u->created_at)}});
  return a;
}

json::value next_follow_up_view(const Case& c, TimeMs now) {
  if (!open(c) || !c.next_follow_up_at) return nullptr;
  const bool late = now > *c.next_follow_up_at;
  return json::object{{"at", iso(*c.next_follow_up_at)}, {"late", late}, {"late_by_s", late ? seconds(now - *c.next_follow_up_at) : 0}};
}

json::value estimate_view(Engine* past_cases, const Case& c, TimeMs now) {
  if (past_cases == nullptr || !open(c)) return nullptr;
  const Estimate e = case_estimate(*past_cases, c, now);
  if (!e.available) return nullptr;
  json::object o = detail::estimate_json(e, now, detail::likely_at_of(e, now));
  o["stages"] = json::array();        // cases have no per-stage history
  o["operator_estimate"] = nullptr;   // nor an operator's own guess
  return o;
}

}  // namespace

std::string case_view_json(const Case& c, Engine* past_cases, TimeMs now) {
  const bool waiting = c.stage == CaseStage::waiting_on_customer && !c.waiting_on_customer_for.empty();
  json::object kase{{"id", c.id},
                    {"customer_name", c.customer_name},
                    {"title", c.title},
                    {"category", c.category},
                    {"stage", to_string(c.stage)},
                    {"opened_at", iso(c.opened_at)},
                    {"updated_at", iso(c.updated_at)},
                    {"resolved_at", iso_or_null(c.resolved_at)},
                    {"elapsed_s", seconds(std::max<TimeMs>(0, ended_at(c).value_or(now) - c.opened_at))},
                    {"stages", stage_pipeline(c)},
                    {"waiting_on_customer_for", waiting ? json::value(c.waiting_on_customer_for) : json::value(nullptr)},
                    {"updates", updates_newest_first(c.updates)},
                    {"next_follow_up", next_follow_up_view(c, now)},
                    {"promise", detail::promise_json(c.promise, ended_at(c), now)},
                    {"estimate", estimate_view(past_cases, c, now)},
                    {"feedback_allowed", !open(c)}};
  return json::serialize(json::object{{"now", iso(now)}, {"case", std::move(kase)}});
}

}  // namespace candor
