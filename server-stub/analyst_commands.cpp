// survival / estimate / waittime / replay: flags → core → JSON or a table. No server, no store.
#include "analyst_commands.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "candor/estimate.hpp"
#include "candor/history_csv.hpp"
#include "candor/queue.hpp"
#include "candor/replay.hpp"
#include "candor/survival.hpp"
#include "file_bytes.hpp"

namespace candor::cli {
namespace json = boost::json;

const char* const kAnalystHelp =
    R"(  candor survival --history FILE [--category C] [--now T] [--half-life DAYS] [--json]
  candor estimate --history FILE --category C [--impact I] [--stage S] --elapsed SECONDS
                  [--now T] [--target 0.9] [--min-samples N] [--half-life DAYS] [--json]
  candor waittime --calls-per-hour R --handle-seconds S --agents N --target-seconds T
                  [--queue-length Q] [--json]
  candor replay   --history FILE [--target 0.9] [--half-life DAYS] [--json]
)";

namespace {

constexpr int kOk = 0;
constexpr int kUsage = 2;

// Flags as --name value or --name=value; each command says which it accepts.
struct Flags {
  std::map<std::string, std::string> values;
  bool json = false;
};

struct Failure {
  std::string message;
};

std::optional<Failure> parse_flags(int argc, char** argv, const std::vector<std::string>& allowed, Flags& f) {
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      f.json = true;
      continue;
    }
    std::optional<std::string> value;
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    }
    bool known = false;
    for (const auto& a : allowed) known = known || arg == "--" + a;
    if (!known) return Failure{"unknown option " + arg};
    if (!value) {
      if (i + 1 >= argc) return Failure{arg + " needs a value"};
      value = argv[++i];
    }
    f.values[arg.substr(2)] = *value;
  }
  return std::nullopt;
}

std::optional<Failure> require(const Flags& f, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (!f.values.count(n)) return Failure{std::string("--") + n + " is required"};
  return std::nullopt;
}

// A finite number in [min, max]; the message says which flag and what was expected.
std::optional<Failure> number(const Flags& f, const char* name, double min, double max, double& out) {
  auto it = f.values.find(name);
  if (it == f.values.end()) return std::nullopt;
  const std::string& s = it->second;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v < min || v > max) {
    std::ostringstream msg;
    msg << "--" << name << " must be a number from " << min << " to " << max << ", got \"" << s << "\"";
    return Failure{msg.str()};
  }
  out = v;
  return std::nullopt;
}

std::optional<Failure> whole(const Flags& f, const char* name, double min, double max, double& out) {
  if (auto e = number(f, name, min, max, out)) return e;
  if (f.values.count(name) && std::floor(out) != out)
    return Failure{std::string("--") + name + " must be a whole number, got \"" + f.values.at(name) + "\""};
  return std::nullopt;
}

std::optional<Failure> instant(const Flags& f, const char* name, TimeMs& out) {
  auto it = f.values.find(name);
  if (it == f.values.end()) return std::nullopt;
  Result<TimeMs> t = parse_iso8601(it->second);
  if (!t) return Failure{std::string("--") + name + ": " + t.error().detail};
  out = t.value();
  return std::nullopt;
}

std::optional<Failure> load_history(const Flags& f, std::vector<PastIncident>& out) {
  const std::string& path = f.values.at("history");
  const std::optional<std::string> text = candor::server::read_file_bytes(path);
  if (!text) return Failure{"--history: cannot read " + path};
  Result<std::vector<PastIncident>> r = read_history_csv(*text);
  if (!r) return Failure{path + ": " + error_to_text(r.error())};
  out = std::move(r).value();
  return std::nullopt;
}

TimeMs wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Integral values as integers (readable JSON), others as doubles, absent as null.
json::value num(double v) {
  if (std::floor(v) == v && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}
json::value num(const std::optional<double>& v) { return v ? num(*v) : json::value(nullptr); }

std::string fixed(const std::optional<double>& v, int digits) {
  if (!v) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, *v);
  return buf;
}

void print(const json::value& v) { std::cout << json::serialize(v) << "\n"; }

std::optional<Failure> survival(const Flags& f) {
  if (auto e = require(f, {"history"})) return *e;
  TimeMs now = wall_clock_ms();
  double half_life = 0;
  if (auto e = instant(f, "now", now)) return *e;
  if (auto e = number(f, "half-life", 0, 1e6, half_life)) return *e;
  std::vector<PastIncident> history;
  if (auto e = load_history(f, history)) return *e;
  const auto category = f.values.find("category");
  std::vector<Observation> obs;
  for (const auto& p : history) {
    if (category != f.values.end() && p.category != category->second) continue;
    if (p.started_at >= now) continue;  // not yet begun at "now"
    Observation o;
    o.event = p.resolved_at && *p.resolved_at <= now;
    o.duration_s = static_cast<double>((o.event ? *p.resolved_at : now) - p.started_at) / 1000;
    if (half_life > 0) o.weight = std::exp2(-static_cast<double>(now - p.started_at) / kDayMs / half_life);
    obs.push_back(o);
  }
  const SurvivalCurve c = kaplan_meier(std::move(obs));
  if (f.json) {
    json::array table;
    for (const auto& r : c.rows)
      table.push_back(json::object{{"t_s", num(r.t_s)}, {"at_risk", num(r.at_risk)}, {"events", num(r.events)},
                                   {"censored", num(r.censored)}, {"survival", num(r.survival)}, {"std_err", num(r.std_err)}});
    print(json::object{{"n", num(c.n)}, {"events", num(c.events)}, {"median_s", num(c.median())}, {"table", std::move(table)}});
    return std::nullopt;
  }
  std::printf("n = %s, events = %s, median = %s s\n", fixed(c.n, half_life > 0 ? 2 : 0).c_str(),
              fixed(c.events, half_life > 0 ? 2 : 0).c_str(), fixed(c.median(), 0).c_str());
  std::printf("%12s %10s %8s %9s %9s %9s\n", "t_s", "at_risk", "events", "censored", "survival", "std_err");
  for (const auto& r : c.rows)
    std::printf("%12s %10s %8s %9s %9s %9s\n", fixed(r.t_s, 0).c_str(), fixed(r.at_risk, half_life > 0 ? 2 : 0).c_str(),
                fixed(r.events, half_life > 0 ? 2 : 0).c_str(), fixed(r.censored, half_life > 0 ? 2 : 0).c_str(),
                fixed(r.survival, 4).c_str(), fixed(r.std_err, 4).c_str());
  return std::nullopt;
}

std::optional<Failure> estimate(const Flags& f) {
  if (auto e = require(f, {"history", "category", "elapsed"})) return *e;
  TimeMs now = wall_clock_ms();
  double elapsed = 0, min_samples = 20;
  EstimateOptions o;
  Impact impact = Impact::minor;
  IncidentStatus stage = IncidentStatus::investigating;
  if (auto e = instant(f, "now", now)) return *e;
  if (auto e = whole(f, "elapsed", 0, 1e10, elapsed)) return *e;
  if (auto e = number(f, "target", 0.5, 0.99, o.target)) return *e;
  if (auto e = whole(f, "min-samples", 1, 1e6, min_samples)) return *e;
  if (auto e = number(f, "half-life", 0, 1e6, o.half_life_days)) return *e;
  o.min_samples = static_cast<int>(min_samples);
  if (f.values.count("impact") && (!from_string(f.values.at("impact"), impact) || impact == Impact::maintenance))
    return Failure{"--impact must be none, minor, major or critical, got \"" + f.values.at("impact") + "\""};
  if (f.values.count("stage") && !from_string(f.values.at("stage"), stage))
    return Failure{"--stage must be investigating, identified or monitoring, got \"" + f.values.at("stage") + "\""};
  std::vector<PastIncident> history;
  if (auto e = load_history(f, history)) return *e;
  const auto el = static_cast<std::int64_t>(elapsed);
  const Estimate est = estimate_remaining(history, f.values.at("category"), impact, stage, el, now, o);
  if (!est.available) return Failure{"no resolved items in the history to estimate from"};
  const std::int64_t likely_s = (round_up_human(now + est.remaining_p50_s * kSecondMs, now) - now) / 1000;
  const std::int64_t latest_s = (round_up_human(now + est.remaining_target_s * kSecondMs, now) - now) / 1000;
  if (f.json) {
    print(json::object{{"basis", json::object{{"n", est.basis.n}, {"level", est.basis.level}}},
                       {"remaining_p50_s", est.remaining_p50_s},
                       {"remaining_p80_s", est.remaining_p80_s},
                       {"remaining_p90_s", est.remaining_p90_s},
                       {"promise", json::object{{"likely_s", likely_s}, {"latest_s", latest_s}}},
                       {"beyond_history", est.beyond_history}});
    return std::nullopt;
  }
  const std::string window =
      est.basis.lookback_days > 0 ? "the last " + std::to_string(est.basis.lookback_days) + " days" : "the whole history";
  std::printf("based on %d similar items (%s, %s)\n", est.basis.n, est.basis.level.c_str(), window.c_str());
  std::printf("remaining  p50 %lld s   p80 %lld s   p90 %lld s\n", static_cast<long long>(est.remaining_p50_s),
              static_cast<long long>(est.remaining_p80_s), static_cast<long long>(est.remaining_p90_s));
  std::printf("promise    most likely in %lld s, at the latest in %lld s\n", static_cast<long long>(likely_s),
              static_cast<long long>(latest_s));
  if (est.beyond_history)
    std::printf("beyond history: longer than %d%% of similar items; window widened\n", est.longer_than_pct);
  return std::nullopt;
}

std::optional<Failure> waittime(const Flags& f) {
  if (auto e = require(f, {"calls-per-hour", "handle-seconds", "agents", "target-seconds"})) return *e;
  QueueInput in;
  double agents = 0, queue = -1;
  if (auto e = number(f, "calls-per-hour", 0, 1e7, in.calls_per_hour)) return *e;
  if (auto e = number(f, "handle-seconds", 0.001, 1e7, in.handle_seconds)) return *e;
  if (auto e = whole(f, "agents", 0, 1e6, agents)) return *e;
  if (auto e = number(f, "target-seconds", 0, 1e7, in.target_seconds)) return *e;
  if (auto e = whole(f, "queue-length", 0, 1e6, queue)) return *e;
  in.agents = static_cast<int>(agents);
  if (queue >= 0) in.queue_length = static_cast<int>(queue);
  const QueueResult r = erlang_c(in);
  if (f.json) {
    print(json::object{{"traffic", r.traffic}, {"occupancy", r.occupancy}, {"p_wait", num(r.p_wait)},
                       {"asa_s", num(r.asa_s)}, {"service_level", num(r.service_level)},
                       {"wait_p50_s", num(r.wait_p50_s)}, {"wait_p90_s", num(r.wait_p90_s)}, {"stable", r.stable}});
    return std::nullopt;
  }
  std::printf("traffic        %s Erlangs (occupancy %s)\n", fixed(r.traffic, 3).c_str(), fixed(r.occupancy, 3).c_str());
  std::printf("stable         %s\n", r.stable ? "yes" : "no: arrivals exceed what the agents can answer");
  std::printf("p(wait)        %s\n", fixed(r.p_wait, 4).c_str());
  std::printf("ASA            %s s\n", fixed(r.asa_s, 1).c_str());
  std::printf("service level  %s within %s s\n", fixed(r.service_level, 4).c_str(), fixed(in.target_seconds, 0).c_str());
  std::printf("wait p50 / p90 %s s / %s s\n", fixed(r.wait_p50_s, 1).c_str(), fixed(r.wait_p90_s, 1).c_str());
  return std::nullopt;
}

std::optional<Failure> replay_command(const Flags& f) {
  if (auto e = require(f, {"history"})) return *e;
  EstimateOptions o;
  if (auto e = number(f, "target", 0.5, 0.99, o.target)) return *e;
  if (auto e = number(f, "half-life", 0, 1e6, o.half_life_days)) return *e;
  std::vector<PastIncident> history;
  if (auto e = load_history(f, history)) return *e;
  const ReplayResult r = replay(history, o);
  const auto score = [](const ReplayScore& s) {
    return json::object{{"coverage", s.coverage}, {"median_width_ratio", s.median_width_ratio}};
  };
  if (f.json) {
    print(json::object{{"items", r.items}, {"candor", score(r.candor)}, {"fixed_p90", score(r.fixed_p90)},
                       {"median_only", score(r.median_only)}});
    return std::nullopt;
  }
  std::printf("%d items replayed at target %.2f\n", r.items, o.target);
  std::printf("%-12s %9s %19s\n", "promise", "coverage", "median width ratio");
  for (const auto& [name, s] : {std::pair<const char*, ReplayScore>{"candor", r.candor}, {"fixed_p90", r.fixed_p90},
                                {"median_only", r.median_only}})
    std::printf("%-12s %9.3f %19.2f\n", name, s.coverage, s.median_width_ratio);
  return std::nullopt;
}

}  // namespace

bool is_analyst_command(std::string_view name) {
  return name == "survival" || name == "estimate" || name == "waittime" || name == "replay";
}

int run_analyst_command(int argc, char** argv) {
  const std::string name = argv[1];
  static const std::map<std::string, std::vector<std::string>> kFlags = {
      {"survival", {"history", "category", "now", "half-life"}},
      {"estimate", {"history", "category", "impact", "stage", "elapsed", "now", "target", "min-samples", "half-life"}},
      {"waittime", {"calls-per-hour", "handle-seconds", "agents", "target-seconds", "queue-length"}},
      {"replay", {"history", "target", "half-life"}},
  };
  Flags f;
  std::optional<Failure> failure = parse_flags(argc, argv, kFlags.at(name), f);
  if (!failure) {
    failure = name == "survival"   ? survival(f)
              : name == "estimate" ? estimate(f)
              : name == "waittime" ? waittime(f)
                                   : replay_command(f);
  }
  if (!failure) return kOk;
  // Bad input: one line on stderr, nothing on stdout.
  std::cerr << "candor " << name << ": " << failure->message << "\n";
  return kUsage;
}

}  // namespace candor::cli
