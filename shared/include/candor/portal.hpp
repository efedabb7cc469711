// A loaded snapshot and its engine: load once, then ask for views as time passes. What the
// browser holds between the minute ticks, and what the server pre-renders from.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "candor/engine.hpp"
#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor {

class Portal {
 public:
  // On error the previously loaded snapshot stays (a bad fetch never blanks the page).
  Error load(std::string_view snapshot_json);
  void load(Snapshot snapshot);
  bool loaded() const { return engine_ != nullptr; }
  const Snapshot& snapshot() const { return snapshot_; }
  std::string view_model_json(TimeMs now);

 private:
  Snapshot snapshot_;
  std::unique_ptr<Engine> engine_;  // refers to snapshot_.history
};

}  // namespace candor
