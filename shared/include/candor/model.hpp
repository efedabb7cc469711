// The domain model: what a status portal knows. Names follow Statuspage API v2
// (../shared/specs/statuspage-v2.md) wherever it has one; the rest are Candor's own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "candor/time.hpp"

namespace candor {

enum class ComponentStatus { operational, degraded_performance, partial_outage, major_outage, under_maintenance };
// The incident's status is also its stage in Candor's pipeline.
enum class IncidentStatus { investigating, identified, monitoring, resolved, postmortem };
enum class Impact { none, minor, major, critical, maintenance };
enum class MaintenanceStatus { scheduled, in_progress, verifying, completed };
// Live channels are answered in a queue (Erlang C); asynchronous ones by first-response history.
enum class ChannelKind { chat, phone, email, form };
// Candor's own: a customer's support case, stage by stage.
enum class CaseStage { received, investigating, waiting_on_customer, in_progress, resolved };

// Each enum has exactly these two functions; from_string returns false for an unknown name.
const char* to_string(ComponentStatus v);
const char* to_string(IncidentStatus v);
const char* to_string(Impact v);
const char* to_string(MaintenanceStatus v);
const char* to_string(ChannelKind v);
const char* to_string(CaseStage v);
bool from_string(std::string_view s, ComponentStatus& out);
bool from_string(std::string_view s, IncidentStatus& out);
bool from_string(std::string_view s, Impact& out);
bool from_string(std::string_view s, MaintenanceStatus& out);
bool from_string(std::string_view s, ChannelKind& out);
bool from_string(std::string_view s, CaseStage& out);

// The operator's theming of the portal (candor/theme.hpp checks it): an empty string is
// "not set", and the portal falls back to its own look.
struct PageLink {
  std::string label;
  std::string url;  // https:// or a relative path
};
struct PageTheme {
  std::string accent;    // "#rrggbb" (lower case), or empty
  std::string logo_url;  // https:// or a relative path, or empty
  std::vector<PageLink> links;  // the page header's links, in order
};

struct Page {
  std::string id;
  std::string name;
  std::string url;                  // canonical, no trailing slash; may be empty (relative portal)
  std::string time_zone = "Etc/UTC";  // IANA name, for display defaults only
  TimeMs updated_at = 0;
  PageTheme theme;
};

struct Component {
  std::string id;
  std::string name;
  ComponentStatus status = ComponentStatus::operational;
  std::string description;  // empty = none
  std::string group_id;     // empty = top level
  bool group = false;       // a group container (Statuspage has two levels only)
  int position = 1;         // order within its parent, from 1
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// One entry of an incident's or a maintenance's timeline; they differ only in their statuses.
template <class Status>
struct TimelineUpdate {
  std::string id;
  Status status{};
  std::string body;
  TimeMs created_at = 0;
  TimeMs display_at = 0;
};
using IncidentUpdate = TimelineUpdate<IncidentStatus>;
using MaintenanceUpdate = TimelineUpdate<MaintenanceStatus>;

// A published resolution promise. It is state, not a per-viewer computation: the backend
// computes it with the native core on each write and tick, stores it, and every viewer sees it.
struct Promise {
  TimeMs published_at = 0;
  TimeMs likely_at = 0;   // "most likely by"
  TimeMs latest_at = 0;   // "at the latest by" (meets the target reliability)
  IncidentStatus stage = IncidentStatus::investigating;  // the stage it was made in
  int basis_n = 0;        // similar items it was based on
  std::string basis_level;  // category+impact+stage | category+impact | category | all
  int revision = 0;       // 0 for the first promise, +1 each time it is changed
  // When this promise replaced one that was already broken: that one's latest time, so the
  // page can say "we said 16:30; now expected by 18:00" instead of changing it silently.
  std::optional<TimeMs> missed_latest_at;
};

// What could get in the way, or what a customer can do meanwhile, as the operator wrote it.
struct Note {
  std::string title;
  std::string body;
};

struct Incident {
  std::string id;
  std::string name;
  IncidentStatus status = IncidentStatus::investigating;
  Impact impact = Impact::minor;
  std::string category;  // what history calls it, e.g. "API" or "Git Operations"
  std::vector<std::string> component_ids;
  TimeMs created_at = 0;
  TimeMs started_at = 0;
  TimeMs updated_at = 0;
  std::optional<TimeMs> monitoring_at;
  std::optional<TimeMs> resolved_at;
  std::optional<TimeMs> next_update_at;            // promised next update
  std::optional<std::int64_t> operator_estimate_s;  // operator's own remaining-time guess, at updated_at
  std::vector<Note> obstacles;
  std::vector<Note> workarounds;
  std::vector<IncidentUpdate> updates;  // oldest first
  std::optional<Promise> promise;
};

struct Maintenance {
  std::string id;
  std::string name;
  MaintenanceStatus status = MaintenanceStatus::scheduled;
  std::vector<std::string> component_ids;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  TimeMs scheduled_for = 0;
  TimeMs scheduled_until = 0;
  std::vector<MaintenanceUpdate> updates;  // oldest first
};

// [start, end) in UTC; the backend resolves business hours and holidays into these.
struct Interval {
  TimeMs start = 0;
  TimeMs end = 0;
};

// One message an asynchronous channel (email, form) received: how long it waited for its
// first response, counted in the channel's open hours (the backend resolves them with the
// time-zone database, as it does open_intervals). Unanswered at the snapshot: the open time
// it has waited so far, a right-censored observation.
struct FirstResponse {
  TimeMs received_at = 0;
  std::int64_t open_s = 0;
  bool answered = true;
};

struct Channel {
  std::string id;
  std::string name;
  ChannelKind kind = ChannelKind::chat;
  std::string time_zone = "Etc/UTC";  // where its hours are kept (IANA)
  int agents = 0;                  // live channels
  double calls_per_hour = 0;       // arrival rate
  double handle_seconds = 0;       // average handle time
  std::optional<int> queue_length;  // waiting now, when known
  double target_seconds = 60;      // service-level target "answered within T"
  std::optional<std::int64_t> first_response_p50_s;  // async channels, from their history
  std::optional<std::int64_t> first_response_p90_s;
  // Async channels: recent first responses; when any was answered, the wait comes from them
  // (Kaplan–Meier, candor/first_response.hpp) instead of the two figures above.
  std::vector<FirstResponse> first_responses;
  std::vector<Interval> open_intervals;  // sorted, disjoint, covering the coming weeks
};

// What delayed a past incident: a stage it went through, and how long that added.
struct Obstacle {
  std::string kind;  // e.g. third_party, rollback, escalation
  std::int64_t delay_s = 0;
};

struct StageDuration {
  IncidentStatus stage = IncidentStatus::investigating;
  std::int64_t duration_s = 0;
};

// One row of the history the engine learns from. An open item has no resolved_at.
struct PastIncident {
  std::string id;
  std::string category;
  Impact impact = Impact::minor;
  TimeMs started_at = 0;
  std::optional<TimeMs> resolved_at;
  std::vector<StageDuration> stages;  // in order; may be empty when unknown
  std::vector<Obstacle> obstacles;
};

struct CaseUpdate {
  std::string id;
  CaseStage stage = CaseStage::received;
  std::string body;
  TimeMs created_at = 0;
};

// A customer's private support case, read at a capability link; never in the public snapshot.
struct Case {
  std::string id;
  std::string customer_name;
  std::string title;
  std::string category;
  CaseStage stage = CaseStage::received;
  TimeMs opened_at = 0;
  TimeMs updated_at = 0;
  std::optional<TimeMs> resolved_at;
  std::optional<TimeMs> next_follow_up_at;
  std::string waiting_on_customer_for;  // what we need from them, when stage is waiting_on_customer
  std::vector<CaseUpdate> updates;      // oldest first
  std::optional<Promise> promise;
};

// How many promises of one kind were kept in the last 90 days (computed by the backend's
// native core from its promise records when it builds the snapshot).
struct TrackRecordKind {
  std::string kind;  // resolution | next_update | first_response
  int kept = 0;
  int broken = 0;
};

// An incident or a maintenance of the last 90 days that touched components and is older
// than the snapshot's own lists (incidents and maintenances stay there 30 days): only what
// the uptime bars need (candor/uptime.hpp). A maintenance has impact `maintenance` and its
// window as [started_at, resolved_at].
struct UptimeEvent {
  std::string id;
  std::string name;
  Impact impact = Impact::minor;
  std::vector<std::string> component_ids;
  TimeMs started_at = 0;
  std::optional<TimeMs> resolved_at;
};

// Everything the public portal renders, as /api/v1/portal.json carries it.
struct Snapshot {
  std::int64_t version = 0;  // increases with every change
  TimeMs generated_at = 0;
  Page page;
  std::vector<Component> components;  // groups and their children, by position
  std::vector<Incident> incidents;    // active and recent
  std::vector<Maintenance> maintenances;
  std::vector<Channel> channels;
  std::vector<PastIncident> history;
  std::vector<TrackRecordKind> track_record;
  std::vector<UptimeEvent> uptime_history;  // see UptimeEvent; absent from older snapshots
};

}  // namespace candor
