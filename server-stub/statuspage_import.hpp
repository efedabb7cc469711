// Reading a Statuspage API v2 export (summary.json, incidents.json,
// scheduled-maintenances.json as those endpoints return them) into the model, for
// `candor import statuspage DIR --db FILE`. Every problem names the file, the JSON pointer
// and the reason; nothing is returned half-read.
#pragma once

#include <string>
#include <vector>

#include "component_change.hpp"
#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor::server {

struct StatuspageImport {
  Page page;
  std::vector<Component> components;       // in the export's order
  std::vector<Incident> incidents;         // incidents.json, plus summary's unresolved ones
  std::vector<Maintenance> maintenances;
  std::vector<PastIncident> history;       // the resolved incidents, for the engine
  // The incident updates' affected_components, by update id (what /api/v2 gives back).
  ComponentChanges component_changes;
  std::string digest;                      // SHA-256 of the three files: the same export imports once
};

// Reads DIR/summary.json, DIR/incidents.json and DIR/scheduled-maintenances.json.
// Error.path is "FILE: /json/pointer".
Result<StatuspageImport> read_statuspage_export(const std::string& dir);

// The same from the three files' contents, already read (the fuzz target has no files);
// DIR only names them in errors.
Result<StatuspageImport> read_statuspage_texts(const std::string& dir, const std::string& summary_text,
                                               const std::string& incidents_text,
                                               const std::string& maintenances_text);

}  // namespace candor::server
