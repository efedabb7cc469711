// Estimates for many open items against a large history, fast: similar items are selected and
// their survival curve and obstacle counts computed once per similarity key and UTC day, then
// each item's estimate is a few binary searches. Results equal estimate_remaining's exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "candor/estimate.hpp"
#include "candor/obstacles.hpp"
#include "candor/stage_eta.hpp"

namespace candor {

class Engine {
 public:
  // `history` must outlive the engine and not change while it is used.
  explicit Engine(const std::vector<PastIncident>& history, EstimateOptions options = {});
  Engine(const Engine&) = delete;  // it holds views into itself
  Engine& operator=(const Engine&) = delete;

  Estimate estimate(std::string_view category, Impact impact, IncidentStatus stage, std::int64_t elapsed_s, TimeMs now);
  std::vector<ObstacleStat> obstacles(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  // Median time similar items spent in each stage.
  StageMedians stage_medians(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  // The survival curve of the query's similar items (valid until the next call).
  const SurvivalCurve& curve(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  const EstimateOptions& options() const { return options_; }

 private:
  // What the similar items of one selection give; queries whose selections are the same
  // items share it (e.g. every stage of a category and impact whose items all went through
  // every stage).
  struct Selection {
    SurvivalCurve curve;
    std::vector<ObstacleStat> obstacles;
    StageMedians stage_medians;
  };
  struct Group {  // the answer to one query on one day
    Basis basis;
    const Selection* selection = nullptr;
  };
  const Group& group(std::string_view category, Impact impact, IncidentStatus stage, TimeMs now);
  Selection make_selection(Similar&& similar) const;
  // Identifies the items a back-off level selects for a query, so equal selections are
  // computed once a day.
  std::int64_t selection_key(int level, int category, Impact impact, IncidentStatus stage) const;

  const std::vector<PastIncident>& history_;
  EstimateOptions options_;
  EstimateOptions window_;  // options_ with the cached day's effective look-back
  TimeMs settled_after_ = 0;  // every item started and ended before this: caching by day is exact
  TimeMs cached_day_ = 0;
  HistoryFacts facts_;  // its items ordered by (category, impact), see the constructor
  // Indices into facts_.items per category id and per (category id, impact): the narrow
  // back-off levels scan only their own items.
  std::vector<std::vector<std::size_t>> by_category_;
  std::vector<std::vector<std::size_t>> by_category_impact_;
  // Per (category id, impact): the stages every one of its items went through (AND of bits).
  std::vector<unsigned> stages_of_all_;
  std::unordered_map<std::string_view, int> category_ids_;  // views into facts_.categories
  std::unordered_map<int, Group> cache_;                      // by query (category id, impact, stage)
  std::unordered_map<std::int64_t, Selection> selections_;    // by selection_key
  std::unordered_map<std::int64_t, int> selection_n_;         // how many items each selection had
  // The last query answered: promise_step and the view model ask the same one several times.
  struct Last {
    std::string category;
    Impact impact{};
    IncidentStatus stage{};
    TimeMs day = 0;
    const Group* group = nullptr;
  } last_;
  Selection uncached_selection_;
  Group uncached_;
};

}  // namespace candor
