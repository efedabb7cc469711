// Promise step with hysteresis: a promise changes only when it is likely to break, when a
// fresh window differs a lot, when the stage advances, or when it was missed (never silently).
#include "candor/promise.hpp"

#include <algorithm>
#include <cmath>

#include "candor/case_history.hpp"

namespace candor {

const char* to_string(PromiseReason r) {
  switch (r) {
    case PromiseReason::first: return "first";
    case PromiseReason::unchanged: return "unchanged";
    case PromiseReason::stage_advanced: return "stage_advanced";
    case PromiseReason::unlikely_to_hold: return "unlikely_to_hold";
    case PromiseReason::window_moved: return "window_moved";
    case PromiseReason::missed: return "missed";
    case PromiseReason::no_history: return "no_history";
  }
  return "unknown";
}

TimeMs next_update_interval(Impact impact) {
  switch (impact) {
    case Impact::critical: return 30 * kMinuteMs;
    case Impact::major: return kHourMs;
    case Impact::minor: return 4 * kHourMs;
    case Impact::none:
    case Impact::maintenance: return 8 * kHourMs;
  }
  return 4 * kHourMs;
}

namespace {

// P(resolved by `latest` | still open after `elapsed`) = 1 - S(latest_age) / S(elapsed).
double probability_kept(const SurvivalCurve& curve, double elapsed_s, double latest_age_s) {
  const double s_e = curve.at(elapsed_s);
  if (!(s_e > 0)) return 0;  // beyond everything seen: no evidence it will be kept
  return std::clamp(1 - curve.at(latest_age_s) / s_e, 0.0, 1.0);
}

}  // namespace

PromiseDecision promise_step(const std::vector<PastIncident>& history, const Incident& item,
                             const std::optional<Promise>& previous, TimeMs now, const PromiseOptions& o) {
  Engine engine(history, o.estimate);
  return promise_step(engine, item, previous, now, o);
}

namespace {

// What the step needs to know of the item, whatever it is (an incident or a case).
struct Item {
  TimeMs started_at = 0;
  TimeMs updated_at = 0;
  std::optional<std::int64_t> operator_estimate_s;
  IncidentStatus stage = IncidentStatus::investigating;  // recorded in the promise
  bool stage_advanced = false;  // since the previous promise was published
};

// The promise step proper, on the item's estimate and the survival curve it came from.
PromiseDecision step(const Estimate& est, const SurvivalCurve& curve, const Item& item,
                     const std::optional<Promise>& previous, TimeMs now, const PromiseOptions& o) {
  PromiseDecision d;
  // Without any similar item the window would be "now": a promise sure to be broken. Publish
  // none (the page says it has no estimate yet); a promise made earlier stands, and once it
  // is past, the view model shows it as missed.
  if (!est.available) {
    if (previous) d.promise = *previous;
    d.reason = PromiseReason::no_history;
    return d;
  }
  const std::int64_t elapsed_s = std::max<TimeMs>(0, now - item.started_at) / 1000;

  // The fresh window from history, possibly informed by a plausible operator estimate.
  TimeMs likely = now + est.remaining_p50_s * kSecondMs;
  TimeMs latest = now + est.remaining_target_s * kSecondMs;
  if (item.operator_estimate_s) {
    const TimeMs op_remaining = *item.operator_estimate_s * kSecondMs - std::max<TimeMs>(0, now - item.updated_at);
    const std::optional<double> p30 = curve.conditional_quantile(static_cast<double>(elapsed_s), o.optimistic_quantile);
    if (p30 && op_remaining < static_cast<TimeMs>(*p30 * 1000)) {
      d.operator_estimate_optimistic = true;  // does not shorten the promise; the operator is told
    } else if (op_remaining > 0) {
      // The operator knows this incident; history knows how such estimates go. Use theirs as
      // the likely time, and never promise a latest time earlier than either view allows.
      d.operator_estimate_used = true;
      likely = now + op_remaining;
      latest = std::max(latest, likely);
    }
  }
  Promise fresh;
  fresh.published_at = now;
  fresh.likely_at = round_up_human(likely, now);
  fresh.latest_at = std::max(fresh.likely_at, round_up_human(latest, now));
  fresh.stage = item.stage;
  fresh.basis_n = est.basis.n;
  fresh.basis_level = est.basis.level;

  const auto age_s = [&](TimeMs t) { return static_cast<double>(t - item.started_at) / 1000.0; };
  // Fills d; every path below returns d itself, so it is built in place (no copy of the
  // promise's strings per step: a tick runs this for every open item).
  const auto publish = [&](PromiseReason why) {
    d.promise = std::move(fresh);  // fresh is not used after publishing
    if (previous) {
      d.promise.revision = previous->revision + 1;
      // Once broken, the page keeps saying so for the rest of the item's life.
      d.promise.missed_latest_at = why == PromiseReason::missed ? std::optional<TimeMs>(previous->latest_at)
                                                                 : previous->missed_latest_at;
    }
    d.reason = why;
    d.changed = true;
    d.probability_kept = probability_kept(curve, static_cast<double>(elapsed_s), age_s(d.promise.latest_at));
  };

  if (!previous) {
    publish(PromiseReason::first);
    return d;
  }
  if (now > previous->latest_at) {
    publish(PromiseReason::missed);
    return d;
  }
  if (item.stage_advanced) {
    publish(PromiseReason::stage_advanced);
    return d;
  }
  const double p_kept = probability_kept(curve, static_cast<double>(elapsed_s), age_s(previous->latest_at));
  if (p_kept < o.revise_below_probability) {
    publish(PromiseReason::unlikely_to_hold);
    return d;
  }
  const double left = static_cast<double>(previous->latest_at - now);
  if (std::fabs(static_cast<double>(fresh.latest_at - previous->latest_at)) > o.revise_change_fraction * std::max(left, 15.0 * kMinuteMs)) {
    publish(PromiseReason::window_moved);
    return d;
  }

  d.promise = *previous;
  d.reason = PromiseReason::unchanged;
  d.changed = false;
  d.probability_kept = p_kept;
  return d;
}

// A case's stage when the promise was published: that of its last update by then.
CaseStage case_stage_at(const Case& c, TimeMs t) {
  CaseStage stage = c.updates.empty() ? c.stage : CaseStage::received;
  for (const auto& u : c.updates)  // oldest first
    if (u.created_at <= t) stage = u.stage;
  return stage;
}

}  // namespace

PromiseDecision promise_step(Engine& engine, const Incident& item, const std::optional<Promise>& previous, TimeMs now,
                             const PromiseOptions& o) {
  const std::int64_t elapsed_s = std::max<TimeMs>(0, now - item.started_at) / 1000;
  const Estimate est = engine.estimate(item.category, item.impact, item.status, elapsed_s, now);
  const SurvivalCurve& curve = engine.curve(item.category, item.impact, item.status, now);
  const Item it{item.started_at, item.updated_at, item.operator_estimate_s, item.status,
                previous && previous->stage != item.status};
  return step(est, curve, it, previous, now, o);
}

PromiseDecision case_promise_step(Engine& past_cases, const Case& c, const std::optional<Promise>& previous, TimeMs now,
                                  const PromiseOptions& o) {
  const Estimate est = case_estimate(past_cases, c, now);
  const SurvivalCurve& curve = case_curve(past_cases, c, now);
  const Item it{c.opened_at, c.updated_at, std::nullopt, IncidentStatus::investigating,
                previous && case_stage_at(c, previous->published_at) != c.stage};
  return step(est, curve, it, previous, now, o);
}

}  // namespace candor
