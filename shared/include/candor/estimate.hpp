// Time-to-resolution estimate for an open item from the company's own history:
// similar items → Kaplan–Meier → remaining time given the time already elapsed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "candor/model.hpp"
#include "candor/survival.hpp"

namespace candor {

struct EstimateOptions {
  int min_samples = 20;        // back off to a wider match until this many similar items
  double half_life_days = 0;   // recency weighting, ages counted from the start of today
                               // (UTC); 0 = every item counts the same
  double target = 0.9;         // reliability of the "at the latest" bound
  int lookback_days = 365;     // history started before this many days before the start of
                               // today (UTC) is not used (0 = all), unless that window holds
                               // fewer than min_samples items (with_effective_lookback)
  int min_at_risk = 5;         // fewer similar items still open at "elapsed" = beyond the history
};

// Which similar items were used: "category+impact+stage", "category+impact", "category", "all".
struct Basis {
  int n = 0;
  std::string level;
  int lookback_days = 0;  // the window the items came from: 365 = the last year, 0 = all history
};

// No remaining time is said to be longer than this (100 years): past it a figure means
// nothing, and instants computed from it (now + remaining) must stay far inside TimeMs.
constexpr std::int64_t kMaxRemainingS = 100LL * 365 * 24 * 3600;

struct Estimate {
  Basis basis;
  bool available = false;        // false only when there is no usable history at all
  std::int64_t remaining_p50_s = 0;
  std::int64_t remaining_p80_s = 0;
  std::int64_t remaining_p90_s = 0;
  std::int64_t remaining_target_s = 0;  // at the target reliability (p90 by default)
  bool beyond_history = false;   // elapsed past almost all similar items: window widened
  int longer_than_pct = 0;       // this has lasted longer than N% of similar items
};

// The similar items for a query, widening category+impact+stage → category+impact →
// category → all until at least min_samples remain, within the effective look-back (with_effective_lookback). Items started at or after `now` are ignored;
// items open at `now` are censored at their age.
struct Similar {
  Basis basis;
  std::vector<Observation> observations;
  std::vector<std::size_t> items;  // indices into history, parallel to observations
};
// What selection needs of each past item, compact and indexed once (categories as ids, stages
// as a bit set), so that selecting among 100,000 items is a scan of small records. 32 bytes:
// the wasm build (-Os) copies a record that size inline, a larger one with a call to memcpy.
struct ItemFacts {
  TimeMs started_at = 0;
  TimeMs resolved_at = 0;  // INT64_MAX while open
  int category = -1;       // index into HistoryFacts::categories
  Impact impact = Impact::minor;
  unsigned stages = 0;     // bit (1 << stage) for each stage it went through
  std::uint32_t detail = 0;  // index into HistoryFacts::details
};
static_assert(sizeof(ItemFacts) <= 32, "ItemFacts is copied 100,000 times per engine: keep it small");
// What only the selected items' statistics read (obstacles, stage medians): kept apart so the
// scans over every item read half the bytes.
struct ItemDetail {
  std::uint32_t obstacles_begin = 0;  // its range in HistoryFacts::obstacles
  std::uint32_t obstacles_end = 0;
  std::int64_t stage_s[3] = {-1, -1, -1};  // time in investigating, identified, monitoring; -1 unknown
};
struct ObstacleFact {
  int kind = 0;  // index into HistoryFacts::obstacle_kinds
  std::int64_t delay_s = 0;
};
struct HistoryFacts {
  std::vector<std::string> categories;
  std::vector<std::string> obstacle_kinds;
  std::vector<ObstacleFact> obstacles;
  std::vector<ItemFacts> items;  // parallel to the history
  std::vector<ItemDetail> details;  // in history order
  int category_id(std::string_view name) const;  // -1 when no item has it
};
HistoryFacts index_history(const std::vector<PastIncident>& history);

// `options` with the look-back that applies at `now`: options.lookback_days, or 0 (all of the
// history) when fewer than min_samples items started in that window. A quiet year is no
// reason to estimate from a handful of incidents, or to have no estimate at all.
EstimateOptions with_effective_lookback(const HistoryFacts& facts, TimeMs now, const EstimateOptions& options);

// The back-off levels, narrowest first.
enum class SimilarLevel { category_impact_stage, category_impact, category, all };
constexpr int kSimilarLevels = 4;
// "category+impact+stage", "category+impact", "category", "all": Basis::level.
const char* to_string(SimilarLevel level);

// One level's similar items among `candidates` (indices into history, in history order), or
// among all of history when candidates is null; options.lookback_days as given (callers pass
// the effective one).
Similar similar_at_level(const HistoryFacts& facts, const std::vector<std::size_t>* candidates, SimilarLevel level,
                         int category, Impact impact, IncidentStatus stage, TimeMs now, const EstimateOptions& options);

Similar select_similar(const std::vector<PastIncident>& history, std::string_view category, Impact impact,
                       IncidentStatus stage, TimeMs now, const EstimateOptions& options);

// The remaining-time estimate from a survival curve of similar items (the shared last step of
// estimate_remaining and Engine::estimate).
Estimate estimate_from_curve(const SurvivalCurve& curve, const Basis& basis, std::int64_t elapsed_s,
                             const EstimateOptions& options);

// The lookback and recency weights are pinned to day_start(now) (candor/time.hpp), so that
// the similar items of a query stay the same all day (the engine caches on that).

Estimate estimate_remaining(const std::vector<PastIncident>& history, std::string_view category, Impact impact,
                            IncidentStatus stage, std::int64_t elapsed_s, TimeMs now,
                            const EstimateOptions& options = {});

// Rounds an instant up to a human granularity chosen by how far it is from `now`:
// 5 minutes within 1 h, 15 minutes within 6 h, the hour within 2 days, else 6 hours.
TimeMs round_up_human(TimeMs at, TimeMs now);

}  // namespace candor
