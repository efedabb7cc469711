// libFuzzer target: the business-hours resolver (server-stub/business_hours.cpp). Bytes pick a
// zone, weekly openings (including overnight and malformed ones), holidays (including
// malformed dates) and a window; any input is resolved or rejected with an error value, and
// what is resolved is sorted, disjoint, non-empty intervals that overlap the window.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "business_hours.hpp"

namespace {

// Zones with DST in both hemispheres, odd offsets, no DST, and names that do not exist.
const char* const kZones[] = {"Europe/Oslo", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                              "Pacific/Chatham", "Etc/UTC", "America/Santiago", "Not/A_Zone", "", "../etc/passwd"};

struct Bytes {
  const std::uint8_t* p;
  std::size_t n;
  unsigned next(unsigned mod) {
    if (n == 0) return 0;
    --n;
    return mod ? *p++ % mod : *p++;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace candor;
  Bytes b{data, size};
  const char* zone = kZones[b.next(sizeof kZones / sizeof *kZones)];
  server::BusinessHours hours;
  for (unsigned k = 0, count = b.next(12); k < count; ++k) {
    const int open = static_cast<int>(b.next(0) * 12 + b.next(12)) - 24;  // some negative
    const int length = static_cast<int>(b.next(0) * 12) - 60;             // some empty or reversed
    hours.weekly.push_back({static_cast<int>(b.next(9)), open, open + length});
  }
  for (unsigned k = 0, count = b.next(6); k < count; ++k) {
    char date[16];
    const unsigned year = 2024 + b.next(4), month = b.next(14), day = b.next(33);  // some invalid
    std::snprintf(date, sizeof date, "%04u-%02u-%02u", year, month, day);
    hours.holidays.push_back({b.next(5) == 0 ? std::string("not a date") : std::string(date), "holiday"});
  }
  const TimeMs from = 1704067200000LL + static_cast<TimeMs>(b.next(0)) * 7 * kDayMs / 4;  // 2024 onwards
  const TimeMs to = from + static_cast<TimeMs>(b.next(60)) * kDayMs;
  Result<std::vector<Interval>> r = server::resolve_open_intervals(zone, hours, from, to);
  if (!r) {
    if (r.error().path.empty() || r.error().detail.empty()) std::abort();  // an error says where and why
    return 0;
  }
  const std::vector<Interval>& v = r.value();
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].end <= v[i].start) std::abort();                    // non-empty
    if (i > 0 && v[i].start <= v[i - 1].end) std::abort();       // sorted, disjoint, merged
    if (v[i].end <= from || v[i].start >= to) std::abort();      // overlaps the window
  }
  return 0;
}
