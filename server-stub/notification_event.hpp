// The notification events an operator write causes (incident created/updated/resolved,
// component status, maintenance scheduled/started/completed, case updated/resolved), built
// next to the write and appended by the store in the write's own transaction. Each payload is
// what the message needs at send time: names, status, the update's text, the ETA window and
// the next-update promise, the promise it replaced when revised or missed, the components and
// the page's time zone. Keys are unique per cause, so a retried write appends nothing new.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "candor/model.hpp"
#include "store.hpp"

namespace candor::server {

// Every type a subscriber may hear of; the webhook `type` field. Who receives which is
// decided in Store::expand_events: webhooks get every public type; email subscribers all but
// component.updated (an incident carries component changes); case subscribers only case.*;
// subscription.confirm goes to its one (email) subscriber.
extern const std::vector<std::string> kNotificationEventTypes;

// After an operator's write of `x` (created: the first write of the incident). `before` is the
// incident as it was (nullopt for a new one); `snapshot` gives component names and the zone.
NotificationEvent incident_event(const Incident& x, const std::optional<Incident>& before, const Snapshot& snapshot);
// The promise step revised an open incident's promise without an operator update.
NotificationEvent promise_revised_event(const Incident& x, const std::optional<Promise>& before, const Snapshot& snapshot);
// nullopt when the component already had this status (nothing changed to tell).
std::optional<NotificationEvent> component_event(const std::string& component_id, ComponentStatus status, TimeMs now,
                                                 const Snapshot& snapshot);
// nullopt for a status no one is told about (verifying).
std::optional<NotificationEvent> maintenance_event(const Maintenance& m, const Snapshot& snapshot);
NotificationEvent case_event(const std::string& case_id, const CaseUpdate& u, const std::optional<TimeMs>& next_follow_up_at,
                             const std::string& waiting_on_customer_for, const std::string& time_zone);

}  // namespace candor::server
