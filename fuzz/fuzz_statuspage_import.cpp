// libFuzzer target: the Statuspage v2 import reader (statuspage_import.cpp), which reads files a
// customer brings from another vendor. Input: summary.json, incidents.json and
// scheduled-maintenances.json separated by NUL bytes; a missing part is an empty but valid
// document, so that the fuzzer spends its time inside one file rather than on "not JSON".
// Any input is read or rejected with an error that names the file (never a crash), and what is
// read keeps the reader's promises: no link to an unknown component (the store's foreign keys),
// no maintenance ending before it starts, no history item resolved before it started, no
// negative stage duration, a SHA-256 digest.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "statuspage_import.hpp"

namespace {

constexpr std::string_view kDir = "fuzz-export";

// The input cut at NUL bytes; once it runs out, each further part is its fallback.
class Parts {
 public:
  explicit Parts(std::string_view in) : rest_(in) {}
  std::string next(std::string_view fallback) {
    if (done_) return std::string(fallback);
    const std::size_t end = rest_.find('\0');
    if (end == std::string_view::npos) {
      done_ = true;
      return std::string(rest_);
    }
    std::string out(rest_.substr(0, end));
    rest_.remove_prefix(end + 1);
    return out;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace candor;
  Parts in(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string summary = in.next(R"({"page":{"id":"p","name":"P","updated_at":"2026-01-01T00:00:00Z"},"components":[]})");
  const std::string incidents = in.next(R"({"incidents":[]})");
  const std::string maintenances = in.next(R"({"scheduled_maintenances":[]})");

  const Result<server::StatuspageImport> r =
      server::read_statuspage_texts(std::string(kDir), summary, incidents, maintenances);
  if (!r) {
    // An error must say which file, where and why.
    if (r.error().code == errc::ok || r.error().detail.empty()) std::abort();
    if (r.error().path.rfind(std::string(kDir) + "/", 0) != 0) std::abort();
    return 0;
  }
  const server::StatuspageImport& x = r.value();
  std::set<std::string> components;
  for (const Component& c : x.components) components.insert(c.id);
  for (const Incident& i : x.incidents) {
    for (const std::string& id : i.component_ids) {
      if (!components.count(id)) std::abort();  // would break the store's foreign keys
    }
  }
  for (const Maintenance& m : x.maintenances) {
    if (m.scheduled_until < m.scheduled_for) std::abort();
    for (const std::string& id : m.component_ids) {
      if (!components.count(id)) std::abort();
    }
  }
  for (const PastIncident& h : x.history) {
    if (!h.resolved_at || *h.resolved_at < h.started_at) std::abort();
    for (const StageDuration& s : h.stages) {
      if (s.duration_s < 0) std::abort();
    }
  }
  if (x.digest.size() != 64 || x.digest.find_first_not_of("0123456789abcdef") != std::string::npos) std::abort();
  return 0;
}
