// Enumeration names: one table per enum, read both ways.
#include "candor/model.hpp"

#include <array>

namespace candor {
namespace {

template <class E, std::size_t N>
const char* name_of(const std::array<const char*, N>& names, E v) {
  const auto i = static_cast<std::size_t>(v);
  return i < N ? names[i] : "unknown";
}

template <class E, std::size_t N>
bool value_of(const std::array<const char*, N>& names, std::string_view s, E& out) {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) {
      out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

// Order matches the enum declarations in model.hpp.
constexpr std::array<const char*, 5> kComponentStatus = {"operational", "degraded_performance", "partial_outage",
                                                         "major_outage", "under_maintenance"};
constexpr std::array<const char*, 5> kIncidentStatus = {"investigating", "identified", "monitoring", "resolved",
                                                        "postmortem"};
constexpr std::array<const char*, 5> kImpact = {"none", "minor", "major", "critical", "maintenance"};
constexpr std::array<const char*, 4> kMaintenanceStatus = {"scheduled", "in_progress", "verifying", "completed"};
constexpr std::array<const char*, 4> kChannelKind = {"chat", "phone", "email", "form"};
constexpr std::array<const char*, 5> kCaseStage = {"received", "investigating", "waiting_on_customer", "in_progress",
                                                   "resolved"};

}  // namespace

const char* to_string(ComponentStatus v) { return name_of(kComponentStatus, v); }
const char* to_string(IncidentStatus v) { return name_of(kIncidentStatus, v); }
const char* to_string(Impact v) { return name_of(kImpact, v); }
const char* to_string(MaintenanceStatus v) { return name_of(kMaintenanceStatus, v); }
const char* to_string(ChannelKind v) { return name_of(kChannelKind, v); }
const char* to_string(CaseStage v) { return name_of(kCaseStage, v); }

bool from_string(std::string_view s, ComponentStatus& out) { return value_of(kComponentStatus, s, out); }
bool from_string(std::string_view s, IncidentStatus& out) { return value_of(kIncidentStatus, s, out); }
bool from_string(std::string_view s, Impact& out) { return value_of(kImpact, s, out); }
bool from_string(std::string_view s, MaintenanceStatus& out) { return value_of(kMaintenanceStatus, s, out); }
bool from_string(std::string_view s, ChannelKind& out) { return value_of(kChannelKind, s, out); }
bool from_string(std::string_view s, CaseStage& out) { return value_of(kCaseStage, s, out); }

}  // namespace candor
