// The cache behind the view model's estimates: keyed by query, valid for one UTC day.
#include "candor/engine.hpp"

#include <algorithm>

namespace candor {
namespace {
constexpr int kImpacts = 5;  // Impact's values
constexpr int kStages = 5;   // IncidentStatus's values
}  // namespace

Engine::Engine(const std::vector<PastIncident>& history, EstimateOptions options)
    : history_(history), options_(options), facts_(index_history(history)) {
  const std::size_t categories = facts_.categories.size();
  const auto bucket_of = [](const ItemFacts& item) { return item.category * kImpacts + static_cast<int>(item.impact); };
  // The items reordered by (category, impact), history order within each: a bucket is then a
  // contiguous run, and scanning it reads memory in order instead of jumping across the
  // whole history (on 100,000 items the jumps were most of a curve's cost). Every index the
  // engine keeps is into this order; no result depends on the order of the items (the
  // Kaplan–Meier sort is a total order, medians and counts ignore order).
  std::vector<std::size_t> start(categories * kImpacts + 1, 0);
  for (const ItemFacts& item : facts_.items) ++start[bucket_of(item) + 1];
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<ItemFacts> ordered(facts_.items.size());
  {
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (const ItemFacts& item : facts_.items) ordered[next[bucket_of(item)]++] = item;
  }
  facts_.items = std::move(ordered);

  by_category_.resize(categories);
  by_category_impact_.resize(categories * kImpacts);
  stages_of_all_.assign(categories * kImpacts, ~0u);
  for (std::size_t c = 0; c < categories; ++c) {
    by_category_[c].reserve(start[(c + 1) * kImpacts] - start[c * kImpacts]);
    for (int impact = 0; impact < kImpacts; ++impact) {
      const std::size_t b = c * kImpacts + impact;
      by_category_impact_[b].reserve(start[b + 1] - start[b]);
      for (std::size_t i = start[b]; i < start[b + 1]; ++i) {
        by_category_impact_[b].push_back(i);
        by_category_[c].push_back(i);
        stages_of_all_[b] &= facts_.items[i].stages;
      }
    }
  }
  for (std::size_t id = 0; id < categories; ++id) category_ids_.emplace(facts_.categories[id], static_cast<int>(id));
  for (const ItemFacts& item : facts_.items) {
    // An open item is censored at "now", which moves every tick: such a history is never cached.
    settled_after_ = std::max(settled_after_, item.resolved_at == INT64_MAX ? INT64_MAX : std::max(item.started_at, item.resolved_at));
  }
}

Engine::Selection Engine::make_selection(Similar&& s) const {
  Selection g;
  g.obstacles = obstacle_stats(facts_, s.items);
  g.stage_medians = median_stage_durations(facts_, s.items);
  g.curve = kaplan_meier(std::move(s.observations));
  return g;
}

std::int64_t Engine::selection_key(int level, int category, Impact impact, IncidentStatus stage) const {
  const auto l = static_cast<SimilarLevel>(level);
  // A level-0 query selects the same items as level 1 when every item of its category and
  // impact went through its stage.
  if (l == SimilarLevel::category_impact_stage && category >= 0 &&
      (stages_of_all_[category * kImpacts + static_cast<int>(impact)] & (1u << static_cast<unsigned>(stage))))
    level = static_cast<int>(SimilarLevel::category_impact);
  std::int64_t key = level;
  key = key * (static_cast<std::int64_t>(facts_.categories.size()) + 1) + (level <= 2 ? category + 1 : 0);
  key = key * kImpacts + (level <= 1 ? static_cast<int>(impact) : 0);
  return key * kStages + (level == 0 ? static_cast<int>(stage) : 0);
}

const Engine::Group& Engine::group(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  const auto known = category_ids_.find(category);
  const int id = known == category_ids_.end() ? -1 : known->second;
  static const std::vector<std::size_t> kNone;
  const std::vector<std::size_t>& mine = id < 0 ? kNone : by_category_[id];
  const std::vector<std::size_t>& mine_and_impact = id < 0 ? kNone : by_category_impact_[id * kImpacts + static_cast<int>(impact)];
  const auto candidates_at = [&](SimilarLevel level) -> const std::vector<std::size_t>* {
    if (level == SimilarLevel::all) return nullptr;
    return level == SimilarLevel::category ? &mine : &mine_and_impact;
  };

  if (now <= settled_after_) {  // something in the history is still open or in the future at `now`
    // The same back-off as select_similar, on the buckets, without caching.
    const EstimateOptions window = with_effective_lookback(facts_, now, options_);
    Similar best;
    for (int l = 0; l < kSimilarLevels; ++l) {
      const auto level = static_cast<SimilarLevel>(l);
      Similar s = similar_at_level(facts_, candidates_at(level), level, id, impact, stage, now, window);
      const bool found = s.basis.n >= options_.min_samples;
      if (found || l == 0 || s.basis.n > best.basis.n) best = std::move(s);
      if (found) break;
    }
    uncached_.basis = best.basis;
    uncached_selection_ = make_selection(std::move(best));
    uncached_.selection = &uncached_selection_;
    last_.group = nullptr;
    return uncached_;
  }
  if (day_start(now) != cached_day_ || cache_.empty()) {
    cache_.clear();
    selections_.clear();
    selection_n_.clear();
    last_.group = nullptr;
    cached_day_ = day_start(now);
    // Every item started before `now` here, so the window's count is the same all day.
    window_ = with_effective_lookback(facts_, now, options_);
  }
  if (last_.group && last_.impact == impact && last_.stage == stage && last_.day == cached_day_ && last_.category == category)
    return *last_.group;
  const int key = ((id + 1) * kImpacts + static_cast<int>(impact)) * kStages + static_cast<int>(stage);
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    // The same back-off as select_similar, over the category's own items for the narrow
    // levels; a selection already made today is not made again.
    Similar best;
    int best_level = 0;
    int best_n = -1;
    for (int l = 0; l < kSimilarLevels; ++l) {
      const auto level = static_cast<SimilarLevel>(l);
      const std::int64_t sel = selection_key(l, id, impact, stage);
      int n = 0;
      std::optional<Similar> s;
      if (auto known_n = selection_n_.find(sel); known_n != selection_n_.end()) {
        n = known_n->second;
      } else {
        s = similar_at_level(facts_, candidates_at(level), level, id, impact, stage, now, window_);
        n = s->basis.n;
        selection_n_.emplace(sel, n);
      }
      const bool found = n >= options_.min_samples;
      if (found || l == 0 || n > best_n) {
        best_level = l;
        best_n = n;
        if (s) best = std::move(*s);
        else best = Similar{};  // known: made today already (or made again below)
      }
      if (found) break;
    }
    const std::int64_t sel = selection_key(best_level, id, impact, stage);
    auto made = selections_.find(sel);
    if (made == selections_.end()) {
      if (best.basis.level.empty())  // counted earlier today but not kept: select it again
        best = similar_at_level(facts_, candidates_at(static_cast<SimilarLevel>(best_level)),
                                static_cast<SimilarLevel>(best_level), id, impact, stage, now, window_);
      made = selections_.emplace(sel, make_selection(std::move(best))).first;
    }
    Group g;
    g.basis.n = best_n;
    g.basis.level = to_string(static_cast<SimilarLevel>(best_level));
    g.basis.lookback_days = window_.lookback_days;
    g.selection = &made->second;
    it = cache_.emplace(key, std::move(g)).first;
  }
  last_ = Last{std::string(category), impact, stage, cached_day_, &it->second};
  return it->second;
}

Estimate Engine::estimate(std::string_view category, Impact impact, IncidentStatus stage, std::int64_t elapsed_s,
                          TimeMs now) {
  const Group& g = group(category, impact, stage, now);
  return estimate_from_curve(g.selection->curve, g.basis, elapsed_s, options_);
}

StageMedians Engine::stage_medians(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  return group(category, impact, stage, now).selection->stage_medians;
}

const SurvivalCurve& Engine::curve(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  return group(category, impact, stage, now).selection->curve;
}

std::vector<ObstacleStat> Engine::obstacles(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  return group(category, impact, stage, now).selection->obstacles;
}

}  // namespace candor
