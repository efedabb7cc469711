// libFuzzer target: the history CSV reader, and the estimate over whatever it accepts.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "candor/estimate.hpp"
#include "candor/history_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  candor::Result<std::vector<candor::PastIncident>> r = candor::read_history_csv(text);
  if (!r) {
    if (r.error().path.rfind("line ", 0) != 0) std::abort();  // every CSV error names its line
    return 0;
  }
  if (r.value().empty()) return 0;
  const candor::PastIncident& first = r.value().front();
  const candor::TimeMs now = first.started_at + candor::kDayMs;
  const candor::Estimate e =
      candor::estimate_remaining(r.value(), first.category, first.impact, candor::IncidentStatus::investigating, 600, now);
  if (e.available && (e.remaining_p50_s < 60 || e.remaining_p50_s > e.remaining_p90_s)) std::abort();
  return 0;
}
