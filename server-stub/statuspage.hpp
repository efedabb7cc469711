// Statuspage API v2 documents (../shared/specs/statuspage-v2.md) from a snapshot, so that
// aggregators, dashboards and client libraries written for Statuspage read Candor unchanged.
// Pure functions of the snapshot: every key always present (null where absent), Statuspage's
// enumerations only, Candor's own facts stay in /api/v1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "candor/model.hpp"
#include "component_change.hpp"

namespace candor::server {

enum class StatuspageDocument {
  summary,                 // page, components, unresolved incidents, upcoming/active maintenances, status
  status,                  // page, status
  components,              // page, components
  incidents,               // page, the 50 most recent incidents
  incidents_unresolved,    // page, investigating | identified | monitoring
  maintenances,            // page, the 50 most recent maintenances
  maintenances_upcoming,   // page, scheduled
  maintenances_active,     // page, in_progress | verifying
};

// The document served at `path` ("/api/v2/summary.json" ...), or nullopt.
std::optional<StatuspageDocument> statuspage_document_for(std::string_view path);

// Incidents and maintenances lists hold at most this many, newest first.
constexpr std::size_t kStatuspageListLimit = 50;

// `changes` gives incident updates their affected_components (null when an update set no
// component's status, or when `changes` is null).
std::string encode_statuspage(const Snapshot& snapshot, StatuspageDocument document,
                              const ComponentChanges* changes = nullptr);

// The roll-up `status` object's two fields.
struct StatuspageStatus {
  const char* indicator;    // none | minor | major | critical | maintenance
  const char* description;  // "All Systems Operational" ...
};
StatuspageStatus statuspage_status(const Snapshot& snapshot);

}  // namespace candor::server
