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
  by_category_.resize(facts_.categories.size());
  by_category_impact_.resize(facts_.categories.size() * kImpacts);
  for (std::size_t id = 0; id < facts_.categories.size(); ++id) category_ids_.emplace(facts_.categories[id], static_cast<int>(id));
  for (std::size_t i = 0; i < facts_.items.size(); ++i) {
    const ItemFacts& item = facts_.items[i];
    by_category_[item.category].push_back(i);
    by_category_impact_[item.category * kImpacts + static_cast<int>(item.impact)].push_back(i);
  }
  for (const auto& p : history_) {
    // An open item is censored at "now", which moves every tick: such a history is never cached.
    settled_after_ = std::max(settled_after_, p.resolved_at ? std::max(p.started_at, *p.resolved_at) : INT64_MAX);
  }
}

Engine::Group Engine::make_group(Similar&& s) const {
  Group g;
  g.basis = s.basis;
  g.obstacles = obstacle_stats(facts_, s.items);
  g.stage_medians = median_stage_durations(facts_, s.items);
  g.curve = kaplan_meier(std::move(s.observations));
  return g;
}

const Engine::Group& Engine::group(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  if (now <= settled_after_) {  // something in the history is still open or in the future at `now`
    uncached_ = make_group(select_similar(history_, category, impact, stage, now, options_));
    return uncached_;
  }
  if (day_start(now) != cached_day_ || cache_.empty()) {
    cache_.clear();
    all_.reset();
    cached_day_ = day_start(now);
  }
  const auto known = category_ids_.find(std::string(category));
  const int id = known == category_ids_.end() ? -1 : known->second;
  const int key = ((id + 1) * kImpacts + static_cast<int>(impact)) * kStages + static_cast<int>(stage);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;

  // The same back-off as select_similar, over the category's own items for the narrow levels.
  static const std::vector<std::size_t> kNone;
  const std::vector<std::size_t>& mine = id < 0 ? kNone : by_category_[id];
  const std::vector<std::size_t>& mine_and_impact = id < 0 ? kNone : by_category_impact_[id * kImpacts + static_cast<int>(impact)];
  Similar best;
  bool found = false;
  for (int l = 0; l < kSimilarLevels && !found; ++l) {
    const auto level = static_cast<SimilarLevel>(l);
    if (level == SimilarLevel::all && !all_)
      all_ = similar_at_level(facts_, nullptr, level, id, impact, stage, now, options_);
    const std::vector<std::size_t>* candidates = level == SimilarLevel::category ? &mine : &mine_and_impact;
    Similar s = level == SimilarLevel::all ? *all_ : similar_at_level(facts_, candidates, level, id, impact, stage, now, options_);
    found = s.basis.n >= options_.min_samples;
    if (found || l == 0 || s.basis.n > best.basis.n) best = std::move(s);
  }
  return cache_.emplace(key, make_group(std::move(best))).first->second;
}

Estimate Engine::estimate(std::string_view category, Impact impact, IncidentStatus stage, std::int64_t elapsed_s,
                          TimeMs now) {
  const Group& g = group(category, impact, stage, now);
  return estimate_from_curve(g.curve, g.basis, elapsed_s, options_);
}

StageMedians Engine::stage_medians(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  return group(category, impact, stage, now).stage_medians;
}

const SurvivalCurve& Engine::curve(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  return group(category, impact, stage, now).curve;
}

std::vector<ObstacleStat> Engine::obstacles(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now) {
  return group(category, impact, stage, now).obstacles;
}

}  // namespace candor
