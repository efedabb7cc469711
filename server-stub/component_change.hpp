// A component status set together with an incident update: what Statuspage publishes as
// the update's `affected_components` ({code, name, old_status, new_status}). The core's
// model has no place for it (the portal shows components' current status, not their
// transitions), so the store keeps it beside the update and the /api/v2 documents read it
// from here.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "candor/model.hpp"

namespace candor::server {

struct ComponentChange {
  std::string component_id;  // Statuspage's `code`
  std::string name;          // the component's name when the update was posted
  ComponentStatus old_status = ComponentStatus::operational;
  ComponentStatus new_status = ComponentStatus::operational;
};

// By incident update id, each list in the order the operator gave it.
using ComponentChanges = std::unordered_map<std::string, std::vector<ComponentChange>>;

}  // namespace candor::server
