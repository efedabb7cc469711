// Estimates for many open items against a large history, fast: similar items are selected and
// their survival curve and obstacle counts computed once per similarity key and UTC day, then
// each item's estimate is a few binary searches. Results equal estimate_remaining's exactly.
#pragma once

#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "candor/estimate.hpp"
#include "candor/obstacles.hpp"
#include "candor/stage_eta.hpp"

namespace candor {

class Engine {
 public:
  // `history` must outlive the engine and not change while it is used.
  explicit Engine(const std::vector<PastIncident>& history, EstimateOptions options = {});

  Estimate estimate(std::string_view category, Impact impact, IncidentStatus stage, std::int64_t elapsed_s, TimeMs now);
  std::vector<ObstacleStat> obstacles(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  // Median time similar items spent in each stage.
  StageMedians stage_medians(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  // The survival curve of the query's similar items (valid until the next call).
  const SurvivalCurve& curve(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  const EstimateOptions& options() const { return options_; }

 private:
  struct Group {  // the similar items of one query on one day
    Basis basis;
    SurvivalCurve curve;
    std::vector<ObstacleStat> obstacles;
    StageMedians stage_medians;
  };
  const Group& group(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  Group make_group(Similar&& similar) const;

  const std::vector<PastIncident>& history_;
  EstimateOptions options_;
  TimeMs settled_after_ = 0;  // every item started and ended before this: caching by day is exact
  TimeMs cached_day_ = 0;
  HistoryFacts facts_;
  // Indices in history order, per category id and per (category id, impact): the narrow
  // back-off levels scan only their own items.
  std::vector<std::vector<std::size_t>> by_category_;
  std::vector<std::vector<std::size_t>> by_category_impact_;
  std::unordered_map<std::string, int> category_ids_;
  std::unordered_map<int, Group> cache_;  // by (category id, impact, stage)
  std::optional<Similar> all_;  // the widest level, shared by every query of the day
  Group uncached_;
};

}  // namespace candor
