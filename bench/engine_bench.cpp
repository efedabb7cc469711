// Engine speed: 1,000 open items against 100,000 history records. Prints one line of JSON
// with the median of several runs (ms): decode of the snapshot JSON; a full recompute (the
// engine built from the history, then the promise step for every open item); a tick (the
// same data one minute later: every item's promise step again, engine kept); and a page's
// view model (three active incidents, engine warm).
// Built natively and to wasm from this one file; bench/engine.sh runs both and prints a table.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "candor/codec.hpp"
#include "candor/portal.hpp"
#include "candor/promise.hpp"

using namespace candor;

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Seeded, log-normal durations per category and impact (Box–Muller on mt19937_64, whose
// output is standardised, so native and wasm benchmark the same data).
Snapshot make_snapshot(int history_n, int open_n, TimeMs now) {
  std::mt19937_64 rng(1234);
  const auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0; };
  const auto normal = [&] { return std::sqrt(-2 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); };
  const Impact impacts[] = {Impact::none, Impact::minor, Impact::major, Impact::critical};
  Snapshot s;
  s.version = 1;
  s.generated_at = now;
  s.page = {"benchpage0001", "Bench", "", "Etc/UTC", now};
  for (int i = 0; i < history_n; ++i) {
    PastIncident p;
    p.id = "h" + std::to_string(i);
    const int c = static_cast<int>(rng() % 20);
    p.category = "component-" + std::to_string(c);
    p.impact = impacts[rng() % 4];
    p.started_at = now - static_cast<TimeMs>(uniform() * 730 * kDayMs) - kDayMs;
    std::int64_t total = 0;
    for (IncidentStatus st : {IncidentStatus::investigating, IncidentStatus::identified, IncidentStatus::monitoring}) {
      const auto d = static_cast<std::int64_t>(std::exp(6.5 + 0.05 * c + 0.9 * normal()));
      p.stages.push_back({st, d});
      total += d;
    }
    if (rng() % 7 == 0) p.obstacles.push_back({"third_party", static_cast<std::int64_t>(std::exp(7 + 0.5 * normal()))});
    p.resolved_at = p.started_at + total * kSecondMs;
    s.history.push_back(std::move(p));
  }
  for (int i = 0; i < open_n; ++i) {
    Incident inc;
    inc.id = "open" + std::to_string(i);
    inc.name = "Open incident " + std::to_string(i);
    inc.category = "component-" + std::to_string(rng() % 20);
    inc.impact = impacts[rng() % 4];
    inc.status = static_cast<IncidentStatus>(rng() % 3);
    inc.started_at = inc.created_at = inc.updated_at = now - static_cast<TimeMs>(rng() % (6 * kHourMs));
    inc.next_update_at = now + kHourMs;
    s.incidents.push_back(std::move(inc));
  }
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int history_n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int open_n = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 7;
  const bool skip_decode = argc > 4 && std::string(argv[4]) == "skip-decode";  // for profiling the engine alone
  const TimeMs now = 1793000000000;  // a fixed instant in 2026: same data every run
  const Snapshot snapshot = make_snapshot(history_n, open_n, now);
  const std::string json = encode_snapshot(snapshot);

  // The promises each item already has (what the store holds before a recompute).
  std::vector<std::optional<Promise>> stored;
  {
    Engine warm(snapshot.history);
    for (const auto& inc : snapshot.incidents) stored.push_back(promise_step(warm, inc, std::nullopt, now - kMinuteMs).promise);
  }
  Snapshot page = snapshot;
  page.incidents.resize(3);

  std::vector<double> decode, full, tick, view;
  int changed = 0;
  for (int r = 0; r < runs; ++r) {
    double t0 = now_ms();
    if (!skip_decode && !decode_snapshot(json)) return 1;
    decode.push_back(now_ms() - t0);

    t0 = now_ms();
    Engine engine(snapshot.history);
    changed = 0;
    for (std::size_t i = 0; i < snapshot.incidents.size(); ++i)
      changed += promise_step(engine, snapshot.incidents[i], stored[i], now).changed;
    full.push_back(now_ms() - t0);

    t0 = now_ms();
    for (std::size_t i = 0; i < snapshot.incidents.size(); ++i)
      promise_step(engine, snapshot.incidents[i], stored[i], now + kMinuteMs);
    tick.push_back(now_ms() - t0);

    Portal portal;
    portal.load(page);
    portal.view_model_json(now);
    t0 = now_ms();
    portal.view_model_json(now + kMinuteMs);
    view.push_back(now_ms() - t0);
  }
  std::printf("{\"history\": %d, \"open\": %d, \"snapshot_bytes\": %zu, \"decode_ms\": %.2f, \"full_ms\": %.2f, "
              "\"tick_ms\": %.3f, \"page_view_ms\": %.3f, \"promises_changed\": %d}\n",
              history_n, open_n, json.size(), median(decode), median(full), median(tick), median(view), changed);
  return 0;
}
