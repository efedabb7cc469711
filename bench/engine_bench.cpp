// Engine speed: 1,000 open items against 100,000 history records. Prints one line of JSON
// (ms): decode of the snapshot JSON; a full recompute (the engine built from the history,
// then the promise step for every open item); a tick (the same data one minute later: every
// item's promise step again, engine kept); and a page's view model (three active incidents,
// engine warm).
// The first run is reported apart ("cold": in wasm, V8 runs it mostly in its baseline
// compiler, Liftoff, before hot functions are tiered up to TurboFan); the others give the
// median ("warm", the steady state a page that ticks every minute lives in) and the minimum.
// Wall time and this thread's CPU time are both kept: on a shared machine a busy neighbour
// inflates the wall time, not the CPU time (in wasm under Node the CPU time is the process's,
// which includes V8's background compiles).
// Built natively and to wasm from this one file; bench/engine.sh runs both and prints a table.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "candor/codec.hpp"
#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif
#include "candor/portal.hpp"
#include "candor/promise.hpp"

using namespace candor;

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

#ifdef __EMSCRIPTEN__
// Emscripten's clock_gettime has no CPU-time clocks; Node's process.cpuUsage() is the nearest.
EM_JS(double, cpu_ms, (), { return process.cpuUsage().user / 1000; });
#else
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
#endif

// Wall and CPU time of each run of one measure.
struct Timings {
  std::vector<double> wall, cpu;
  double t0 = 0, c0 = 0;
  void start() {
    t0 = now_ms();
    c0 = cpu_ms();
  }
  void stop() {
    wall.push_back(now_ms() - t0);
    cpu.push_back(cpu_ms() - c0);
  }
};

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

// Over the warm runs (all but the first), or the one run there is.
double median(const std::vector<double>& all) {
  std::vector<double> v(all.size() > 1 ? all.begin() + 1 : all.begin(), all.end());
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
double minimum(const std::vector<double>& all) {
  return *std::min_element(all.size() > 1 ? all.begin() + 1 : all.begin(), all.end());
}

}  // namespace

int main(int argc, char** argv) {
  const int history_n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int open_n = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int runs = std::max(1, argc > 3 ? std::atoi(argv[3]) : 7);
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

  Timings decode, full, tick, view;
  int changed = 0;
  for (int r = 0; r < runs; ++r) {
    if (!skip_decode && r < 3) {  // 30 MB of JSON takes seconds in wasm: three runs say enough
      decode.start();
      if (!decode_snapshot(json)) return 1;
      decode.stop();
    }

    full.start();
    Engine engine(snapshot.history);
    changed = 0;
    for (std::size_t i = 0; i < snapshot.incidents.size(); ++i)
      changed += promise_step(engine, snapshot.incidents[i], stored[i], now).changed;
    full.stop();

    tick.start();
    for (std::size_t i = 0; i < snapshot.incidents.size(); ++i)
      promise_step(engine, snapshot.incidents[i], stored[i], now + kMinuteMs);
    tick.stop();

    Portal portal;
    portal.load(page);
    portal.view_model_json(now);
    view.start();
    portal.view_model_json(now + kMinuteMs);
    view.stop();
  }
  const auto med = [](const std::vector<double>& v) { return v.empty() ? 0.0 : median(v); };
  std::printf("{\"history\": %d, \"open\": %d, \"runs\": %d, \"snapshot_bytes\": %zu, \"decode_ms\": %.2f, "
              "\"full_cold_ms\": %.2f, \"full_ms\": %.2f, \"full_min_ms\": %.2f, \"full_cpu_ms\": %.2f, "
              "\"tick_cold_ms\": %.3f, \"tick_ms\": %.3f, \"tick_min_ms\": %.3f, \"tick_cpu_ms\": %.3f, "
              "\"page_view_ms\": %.3f, \"page_view_cpu_ms\": %.3f, \"promises_changed\": %d}\n",
              history_n, open_n, runs, json.size(), med(decode.wall), full.wall[0], median(full.wall),
              minimum(full.wall), median(full.cpu), tick.wall[0], median(tick.wall), minimum(tick.wall),
              median(tick.cpu), median(view.wall), median(view.cpu), changed);
  return 0;
}
