// Each component's last 90 days, for the overview's uptime bars: per UTC day the worst
// status it had and the incidents that touched it, and the availability over the window.
//
// Where the statuses come from. Candor keeps no per-component status history, so the past
// is rebuilt from what the snapshot does keep, as spans of time with a status:
//   - an incident that names the component (or its group) counts from started_at until
//     resolved_at (open: until now; closed without resolved_at: until updated_at), with the
//     status its impact implies, as Statuspage colours impacts:
//       none → operational (listed on its days, but no colour: the operator said "no impact"),
//       minor → degraded_performance, major → partial_outage, critical → major_outage,
//       maintenance → under_maintenance.
//     The whole incident counts, monitoring included: we do not record when the component
//     recovered, and counting until resolution never overstates availability.
//   - the component's current status, when it is not operational, counts from its
//     updated_at (when the operator last set it) until now: the component-level status
//     of an open incident, which may be worse or milder than its impact says.
//   - a maintenance counts as under_maintenance over its window: completed ones over
//     [scheduled_for, scheduled_until]; one in progress or verifying from scheduled_for
//     (or now, if it started early) until now; a scheduled one once its window has begun.
//     Maintenances colour days but are not listed among a day's incidents.
//   - snapshot.uptime_history adds the same for items older than the snapshot's lists;
//     an id already in those lists is skipped.
// Where spans overlap, the worst status wins (operational < under_maintenance <
// degraded_performance < partial_outage < major_outage, the view model's order).
//
// A day is [00:00, 24:00) UTC. A span colours and lists every day it overlaps with positive
// length (one that ends exactly at midnight does not reach the next day); a span of zero
// length counts for the day it sits in. The last day is today, up to now.
//
// Availability (percent) is over [00:00 UTC of the first day, now], with Statuspage's and
// Instatus' weights (help.statuspage.io "Display historical uptime of components";
// instatus.com/help/status-page/uptime-colors): a moment in major_outage counts as fully
// down, in partial_outage as 0.3 down; degraded_performance and under_maintenance count as
// up (maintenance is announced, planned work, not a failure). It is rounded down to
// hundredths, so 100.00 means no downtime at all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "candor/model.hpp"

namespace candor {

constexpr int kUptimeDays = 90;

// The order statuses are ranked by, here and in the view model's group and overall status:
// operational 0, under_maintenance 1, degraded_performance 2, partial_outage 3, major_outage 4.
int status_severity(ComponentStatus s);

struct UptimeIncident {
  std::string id;
  std::string name;
};

struct UptimeDay {
  TimeMs day_start = 0;  // 00:00 UTC
  ComponentStatus worst = ComponentStatus::operational;
  std::vector<UptimeIncident> incidents;  // by start time
};

struct ComponentUptime {
  std::int64_t percent_hundredths = 10000;  // 9995 = 99.95 %
  std::vector<UptimeDay> days;             // kUptimeDays, oldest first, the last one today
};

// One span of time with a status for some components (see above); built once per snapshot.
struct UptimeSpan {
  std::vector<std::string> component_ids;  // groups already expanded to their children
  TimeMs start = 0;
  TimeMs end = 0;
  ComponentStatus status = ComponentStatus::operational;
  std::string id;     // empty: not listed among a day's incidents
  std::string name;
};

std::vector<UptimeSpan> uptime_spans(const Snapshot& snapshot, TimeMs now);

ComponentUptime component_uptime(const std::vector<UptimeSpan>& spans, const std::string& component_id,
                                 TimeMs now);

}  // namespace candor
