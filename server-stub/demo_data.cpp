// The demo portal generator (demo_data.hpp): "Northwind Cloud", a small SaaS company.
//
// The model
// ---------
// Randomness: std::mt19937_64 (its output sequence is fixed by the C++ standard) and our
// own transforms on top — uniform doubles from the top 53 bits, Box–Muller normals,
// rejection-sampled integers. No std::*_distribution: their algorithms are
// implementation-defined, so they would make the bytes differ between standard libraries.
// Every draw happens in a fixed order, so (seed, now) fully determines the output.
//
// History: kHistoryCount past incidents with start times uniform over the two years
// before `now` (sorted; none may still be open at `now`). For each one:
//   category  ~ categorical(kCategories[].weight)
//   impact    ~ categorical(none 0.08, minor 0.52, major 0.30, critical 0.10)
//   each stage s in (investigating, identified, monitoring):
//     duration_s = LogNormal(ln(median_min[s] * 60 * impact_factor), sigma[s])
//     with impact_factor none 0.6, minor 1.0, major 1.3, critical 1.6, and at least 60 s.
//   with probability 0.15 one obstacle, kind ~ categorical(kObstacles[].weight), whose
//     delay_s = LogNormal(ln(median_min * 60), sigma) is added to the stage it happens in.
//   resolved_at = started_at + sum(stage durations)  (obstacle delays included).
// Log-normal with sigma 0.6–1.3 is heavy-tailed (mean/median = e^(sigma²/2) ≈ 1.2–2.3), as
// real incident durations are: most are short, a few take many hours.
//
// Per-category stage medians (minutes) and sigmas:
//                   weight  investigating  identified   monitoring
//   API              0.24     18 / 0.9      35 / 1.0     30 / 0.7
//   Web app          0.20     12 / 0.8      25 / 0.9     20 / 0.6
//   Webhooks         0.16     22 / 1.0      45 / 1.1     40 / 0.8
//   Database         0.12     25 / 1.0      60 / 1.2     45 / 0.8
//   Email delivery   0.16     30 / 1.1      70 / 1.2     90 / 0.9
//   SMS              0.12     35 / 1.1      80 / 1.3     60 / 0.9
// Obstacles:      weight  stage          median / sigma
//   third_party    0.45   identified     50 min / 0.9   (waiting on a provider)
//   rollback       0.30   monitoring     25 min / 0.7   (the fix made it worse)
//   escalation     0.25   investigating  40 min / 0.8   (paging another team)
//
// Promise records (the track record), for incidents resolved in the last 120 days:
//   resolution   made when the incident was identified (after the investigating stage):
//                the core's own promise_step over this history as it stood then (incidents
//                still open then, itself included, count as censored at their age; later
//                ones are unseen), fulfilled at resolved_at;
//                posted incidents carry it, so their pages say whether it was kept.
//   next_update  one per update interval (candor::next_update_interval by impact) while the
//                incident is open; 95% are fulfilled 0–30% of an interval early, the rest
//                late by LogNormal(ln 6 min, 0.8). The next promise is made when one is fulfilled.
//   first_response  6 emails a day for 100 days, answered after LogNormal(ln 3 h, 0.857)
//                (p50 3 h, p90 9 h, as the email channel says), promised within 12 h (~5% broken).
// The active incident's resolution promise is the core's own: candor::promise_step over
// this history at `now`, exactly what the backend's tick would publish.
//
// Posted incidents: every major or critical history row that ended in the last 90 days
// becomes a resolved incident on the component its category names (the same id, times
// and impact), titled by category, with an update at each stage it went through. Those
// resolved in the last 30 days are in the snapshot; older ones are archived, so the store
// hands them out only as the uptime bars' history. Minor ones stay in the history only:
// what a company would post, and the cold load stays small.
//
// Support cases (make_demo_cases, a stream of its own): 300 opened over the last year, in
// four categories (billing, accounts, integrations, data export; weights .35/.25/.25/.15),
// each taking LogNormal(ln median, sigma) with medians 18, 5, 30 and 40 h (sigma .9, .8,
// 1.0, .7) and at least 10 min; those not resolved by now are dropped. They are the history
// a new case's window comes from. One more is open: a billing case three hours old,
// being looked into, a follow-up promised in two hours; `candor demo` prints its link.
//
// The live state: one Webhooks incident (major, identified, started 47 min ago, two
// updates, next update promised in 11 min, one obstacle and one workaround), one database
// maintenance in two days, and three support channels (chat in Oslo with Norwegian public
// holidays, phone in New York, email around the clock).
#include "demo_data.hpp"

#include <date/date.h>

#include "candor/promise.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <string>

namespace candor::server {
namespace {

constexpr int kHistoryCount = 640;
constexpr int kDemoPastCases = 300;
constexpr TimeMs kHistoryYearsMs = 730 * kDayMs;
constexpr double kObstacleProbability = 0.15;
constexpr double kTwoPi = 6.283185307179586476925286766559;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform on the open interval (0, 1): never 0, so log() below is safe.
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1p-53; }

  // Standard normal by Box–Muller (one of the pair; the other is dropped for simplicity).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  }

  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

  // Uniform integer in [0, n) without modulo bias.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do {
      x = engine_();
    } while (x >= limit);
    return x % n;
  }

  template <std::size_t N>
  std::size_t pick(const std::array<double, N>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double u = uniform() * total;
    for (std::size_t i = 0; i < N; ++i) {
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    return N - 1;
  }

  // A Statuspage-like id: 12 characters of [a-z0-9].
  std::string id() {
    static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s(12, 'a');
    for (char& c : s) c = kAlphabet[below(36)];
    return s;
  }

 private:
  std::mt19937_64 engine_;
};

struct StageModel {
  double median_min;
  double sigma;
};

struct CategoryModel {
  const char* name;
  double weight;
  std::array<StageModel, 3> stages;  // investigating, identified, monitoring
};

constexpr std::array<CategoryModel, 6> kCategories = {{
    {"API", 0.24, {{{18, 0.9}, {35, 1.0}, {30, 0.7}}}},
    {"Web app", 0.20, {{{12, 0.8}, {25, 0.9}, {20, 0.6}}}},
    {"Webhooks", 0.16, {{{22, 1.0}, {45, 1.1}, {40, 0.8}}}},
    {"Database", 0.12, {{{25, 1.0}, {60, 1.2}, {45, 0.8}}}},
    {"Email delivery", 0.16, {{{30, 1.1}, {70, 1.2}, {90, 0.9}}}},
    {"SMS", 0.12, {{{35, 1.1}, {80, 1.3}, {60, 0.9}}}},
}};

constexpr std::array<IncidentStatus, 3> kStages = {IncidentStatus::investigating, IncidentStatus::identified,
                                                   IncidentStatus::monitoring};
constexpr std::array<Impact, 4> kImpacts = {Impact::none, Impact::minor, Impact::major, Impact::critical};
constexpr std::array<double, 4> kImpactWeights = {0.08, 0.52, 0.30, 0.10};
constexpr std::array<double, 4> kImpactFactor = {0.6, 1.0, 1.3, 1.6};

struct ObstacleModel {
  const char* kind;
  std::size_t stage;  // index into kStages
  double median_min;
  double sigma;
};
constexpr std::array<ObstacleModel, 3> kObstacles = {{
    {"third_party", 1, 50, 0.9},
    {"rollback", 2, 25, 0.7},
    {"escalation", 0, 40, 0.8},
}};
constexpr std::array<double, 3> kObstacleWeights = {0.45, 0.30, 0.25};

template <class T, std::size_t N>
std::array<double, N> weights_of(const std::array<T, N>& items) {
  std::array<double, N> w{};
  for (std::size_t i = 0; i < N; ++i) w[i] = items[i].weight;
  return w;
}

std::string format_date(date::year_month_day ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

// Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) algorithm.
date::sys_days easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return date::sys_days{date::year{y} / month / day};
}

std::vector<PastIncident> make_history(Rng& rng, TimeMs now) {
  std::vector<PastIncident> out;
  out.reserve(kHistoryCount);
  for (int n = 0; n < kHistoryCount; ++n) {
    PastIncident p;
    const CategoryModel& cat = kCategories[rng.pick(weights_of(kCategories))];
    const std::size_t impact = rng.pick(kImpactWeights);
    p.category = cat.name;
    p.impact = kImpacts[impact];
    std::array<std::int64_t, 3> durations{};
    for (std::size_t s = 0; s < kStages.size(); ++s) {
      const double median_s = cat.stages[s].median_min * 60.0 * kImpactFactor[impact];
      durations[s] = std::max<std::int64_t>(60, std::llround(rng.lognormal(median_s, cat.stages[s].sigma)));
    }
    if (rng.uniform() < kObstacleProbability) {
      const ObstacleModel& ob = kObstacles[rng.pick(kObstacleWeights)];
      const std::int64_t delay = std::max<std::int64_t>(60, std::llround(rng.lognormal(ob.median_min * 60.0, ob.sigma)));
      durations[ob.stage] += delay;
      p.obstacles.push_back(Obstacle{ob.kind, delay});
    }
    std::int64_t total_s = 0;
    for (std::size_t s = 0; s < kStages.size(); ++s) {
      p.stages.push_back(StageDuration{kStages[s], durations[s]});
      total_s += durations[s];
    }
    // Whole seconds, within the two years, and resolved before now.
    const TimeMs offset = static_cast<TimeMs>(rng.uniform() * static_cast<double>(kHistoryYearsMs));
    TimeMs start = (now - kHistoryYearsMs + offset) / kSecondMs * kSecondMs;
    const TimeMs latest_start = now - total_s * kSecondMs - kHourMs;
    start = std::min(start, latest_start / kSecondMs * kSecondMs);
    p.started_at = start;
    p.resolved_at = start + total_s * kSecondMs;
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PastIncident& a, const PastIncident& b) { return a.started_at < b.started_at; });
  for (PastIncident& p : out) p.id = rng.id();  // drawn after sorting, in time order
  return out;
}

// When a past incident reached "identified" and "monitoring" (its first two stages ended).
TimeMs identified_at(const PastIncident& p) { return p.started_at + p.stages[0].duration_s * kSecondMs; }
TimeMs monitoring_at(const PastIncident& p) { return identified_at(p) + p.stages[1].duration_s * kSecondMs; }

// The promise the backend would have published when a past incident was identified.
std::optional<Promise> promise_when_identified(Engine& engine, const PastIncident& p) {
  Incident x;
  x.id = p.id;
  x.status = IncidentStatus::identified;
  x.impact = p.impact;
  x.category = p.category;
  x.created_at = x.started_at = p.started_at;
  x.updated_at = identified_at(p);
  const PromiseDecision d = promise_step(engine, x, std::nullopt, identified_at(p));
  if (d.reason == PromiseReason::no_history) return std::nullopt;
  return d.promise;
}

struct DemoPromises {
  std::vector<PromiseRecord> records;
  std::map<std::string, Promise> resolution_by_incident;  // past incident id -> its promise
};

DemoPromises make_promise_records(Rng& rng, const std::vector<PastIncident>& history, TimeMs now) {
  DemoPromises demo;
  std::vector<PromiseRecord>& out = demo.records;
  Engine engine(history);
  const TimeMs since = now - 120 * kDayMs;
  for (const PastIncident& p : history) {
    if (!p.resolved_at || *p.resolved_at < since) continue;
    const TimeMs resolved = *p.resolved_at;
    if (std::optional<Promise> promise = promise_when_identified(engine, p)) {
      out.push_back(PromiseRecord{PromiseKind::resolution, promise->published_at, promise->latest_at, resolved});
      demo.resolution_by_incident.emplace(p.id, *promise);
    }
    // Next updates, back to back until the incident is resolved.
    const TimeMs interval = next_update_interval(p.impact);
    for (TimeMs made = p.started_at; made < resolved;) {
      const TimeMs promised = made + interval;
      TimeMs fulfilled;
      if (rng.uniform() < 0.95) {
        fulfilled = promised - static_cast<TimeMs>(rng.uniform() * 0.3 * static_cast<double>(interval));
      } else {
        fulfilled = promised + std::llround(rng.lognormal(6.0 * 60, 0.8)) * kSecondMs;
      }
      fulfilled = std::min(std::max(fulfilled, made + kMinuteMs), resolved);  // resolving is the last update
      out.push_back(PromiseRecord{PromiseKind::next_update, made, promised, fulfilled});
      made = fulfilled;
      if (fulfilled == resolved) break;
    }
  }
  // First responses to email, received at random times over the last 100 days.
  for (int day = 100; day >= 1; --day) {
    for (int k = 0; k < 6; ++k) {
      const TimeMs made = now - day * kDayMs + static_cast<TimeMs>(rng.uniform() * static_cast<double>(kDayMs));
      const TimeMs answered = made + std::llround(rng.lognormal(3.0 * 3600, 0.857)) * kSecondMs;
      out.push_back(PromiseRecord{PromiseKind::first_response, made, made + 12 * kHourMs,
                                  answered <= now ? std::optional<TimeMs>(answered) : std::nullopt});
    }
  }
  return demo;
}

// How a posted past incident is titled, by category (the component of the same name).
const char* past_title(const std::string& category) {
  if (category == "API") return "Elevated API error rates";
  if (category == "Web app") return "Dashboard slow or unavailable";
  if (category == "Webhooks") return "Delayed webhook deliveries";
  if (category == "Database") return "Database failover";
  if (category == "Email delivery") return "Delayed email delivery";
  return "Text messages failing in some countries";
}

// The posted incidents of the last 90 days (see the model above), newest first.
std::vector<Incident> posted_incidents(Rng& rng, const std::vector<PastIncident>& history, const DemoPromises& promises,
                                       const std::vector<Component>& components, TimeMs now) {
  std::vector<Incident> out;
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    const PastIncident& p = *it;
    if (!p.resolved_at || *p.resolved_at < now - 90 * kDayMs) break;  // sorted by start
    if (p.impact != Impact::major && p.impact != Impact::critical) continue;
    Incident x;
    x.id = p.id;
    x.name = past_title(p.category);
    x.status = IncidentStatus::resolved;
    x.impact = p.impact;
    x.category = p.category;
    for (const Component& c : components)
      if (!c.group && c.name == p.category) x.component_ids = {c.id};
    x.created_at = x.started_at = p.started_at;
    x.updated_at = *p.resolved_at;
    x.resolved_at = p.resolved_at;
    x.monitoring_at = monitoring_at(p);
    x.updates = {IncidentUpdate{rng.id(), IncidentStatus::investigating, "We are looking into this.", p.started_at,
                                p.started_at},
                 IncidentUpdate{rng.id(), IncidentStatus::identified, "We have found the cause and are working on a fix.",
                                identified_at(p), identified_at(p)},
                 IncidentUpdate{rng.id(), IncidentStatus::monitoring, "A fix is in place and we are monitoring it.",
                                *x.monitoring_at, *x.monitoring_at},
                 IncidentUpdate{rng.id(), IncidentStatus::resolved, "This incident has been resolved.",
                                *p.resolved_at, *p.resolved_at}};
    if (auto found = promises.resolution_by_incident.find(p.id); found != promises.resolution_by_incident.end())
      x.promise = found->second;
    out.push_back(std::move(x));
  }
  return out;
}

Component component(Rng& rng, const char* name, const char* description, const std::string& group_id, bool group,
                    int position, TimeMs created_at) {
  Component c;
  c.id = rng.id();
  c.name = name;
  c.description = description;
  c.group_id = group_id;
  c.group = group;
  c.position = position;
  c.created_at = created_at;
  c.updated_at = created_at;
  return c;
}

}  // namespace

std::vector<Holiday> norwegian_public_holidays(int year) {
  using date::days;
  const date::sys_days easter = easter_sunday(year);
  const date::year y{year};
  struct Entry {
    date::sys_days day;
    const char* name;
  };
  std::vector<Entry> entries = {
      {date::sys_days{y / 1 / 1}, "New Year's Day"},
      {easter - days{3}, "Maundy Thursday"},
      {easter - days{2}, "Good Friday"},
      {easter, "Easter Sunday"},
      {easter + days{1}, "Easter Monday"},
      {date::sys_days{y / 5 / 1}, "Labour Day"},
      {date::sys_days{y / 5 / 17}, "Constitution Day"},
      {easter + days{39}, "Ascension Day"},
      {easter + days{49}, "Whit Sunday"},
      {easter + days{50}, "Whit Monday"},
      {date::sys_days{y / 12 / 25}, "Christmas Day"},
      {date::sys_days{y / 12 / 26}, "Boxing Day"},
  };
  // Constitution Day can coincide with Ascension or Whit Monday; keep one entry per date.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.day < b.day; });
  std::vector<Holiday> out;
  for (const Entry& e : entries) {
    std::string d = format_date(date::year_month_day{e.day});
    if (!out.empty() && out.back().date == d) {
      out.back().name += std::string(" / ") + e.name;
    } else {
      out.push_back(Holiday{std::move(d), e.name});
    }
  }
  return out;
}

Result<PortalContent> make_demo_content(std::uint64_t seed, TimeMs now) {
  Rng rng(seed);
  PortalContent content;
  Snapshot& s = content.snapshot;
  s.version = 0;
  s.generated_at = now;

  const TimeMs minute = kMinuteMs;
  const TimeMs created = (now - 900 * kDayMs) / kDayMs * kDayMs;  // the company set up its page ~2.5 years ago

  // ----- page
  s.page.id = rng.id();
  s.page.name = "Northwind Cloud";
  s.page.url = "";  // relative: the demo is served from wherever it runs
  s.page.time_zone = "Europe/Oslo";

  // ----- components: groups, each followed by its children
  Component platform = component(rng, "Platform", "Everything your integration talks to", "", true, 1, created);
  Component api = component(rng, "API", "REST API and SDK endpoints", platform.id, false, 1, created);
  Component web = component(rng, "Web app", "The dashboard at app.northwind.example", platform.id, false, 2, created);
  Component hooks = component(rng, "Webhooks", "Event deliveries to your endpoints", platform.id, false, 3, created);
  Component data = component(rng, "Data", "Where your records live", "", true, 2, created);
  Component db = component(rng, "Database", "Primary and replica clusters", data.id, false, 1, created);
  Component backups = component(rng, "Backups", "Nightly snapshots and point-in-time recovery", data.id, false, 2, created);
  Component comms = component(rng, "Communication", "Messages we send on your behalf", "", true, 3, created);
  Component email = component(rng, "Email delivery", "Transactional email", comms.id, false, 1, created);
  Component sms = component(rng, "SMS", "Text messages in 40 countries", comms.id, false, 2, created);

  // ----- the active incident
  Incident inc;
  inc.id = rng.id();
  inc.name = "Delayed webhook deliveries";
  inc.status = IncidentStatus::identified;
  inc.impact = Impact::major;
  inc.category = "Webhooks";
  inc.component_ids = {hooks.id};
  inc.started_at = now - 47 * minute;
  inc.created_at = now - 44 * minute;
  IncidentUpdate first;
  first.id = rng.id();
  first.status = IncidentStatus::investigating;
  first.body =
      "We are investigating delayed webhook deliveries to some customer endpoints. Events are queued, "
      "none have been lost.";
  first.created_at = first.display_at = now - 44 * minute;
  IncidentUpdate second;
  second.id = rng.id();
  second.status = IncidentStatus::identified;
  second.body =
      "The delay comes from a degraded message queue in our primary region after a network fault at our "
      "cloud provider. We are moving webhook workers to the secondary region; deliveries are catching up.";
  second.created_at = second.display_at = now - 19 * minute;
  inc.updates = {first, second};
  inc.updated_at = second.created_at;
  inc.next_update_at = second.created_at + 30 * minute;
  inc.operator_estimate_s = 45 * 60;
  inc.obstacles = {Note{"Waiting on our cloud provider",
                        "The network fault in the primary region is on our provider's side. Until it is fixed, "
                        "webhooks run from the secondary region at reduced capacity."}};
  inc.workarounds = {Note{"Poll the Events API",
                          "If you need events sooner, GET /v1/events?since=<time> returns every event, including "
                          "those still queued for delivery."}};
  hooks.status = ComponentStatus::partial_outage;
  hooks.updated_at = first.created_at;
  platform.status = ComponentStatus::partial_outage;  // a group shows its worst child
  platform.updated_at = first.created_at;

  // ----- the upcoming maintenance: in two days, on the hour, for one hour
  Maintenance mnt;
  mnt.id = rng.id();
  mnt.name = "Database storage upgrade";
  mnt.status = MaintenanceStatus::scheduled;
  mnt.component_ids = {db.id, backups.id};
  mnt.scheduled_for = (now + 2 * kDayMs + kHourMs - 1) / kHourMs * kHourMs;
  mnt.scheduled_until = mnt.scheduled_for + kHourMs;
  mnt.created_at = mnt.updated_at = now - 3 * kDayMs;
  MaintenanceUpdate announce;
  announce.id = rng.id();
  announce.status = MaintenanceStatus::scheduled;
  announce.body =
      "We will move the primary database cluster to faster storage. Reads stay available; writes may pause "
      "for up to two minutes during the switch-over.";
  announce.created_at = announce.display_at = mnt.created_at;
  mnt.updates = {announce};

  s.components = {platform, api, web, hooks, data, db, backups, comms, email, sms};
  s.incidents = {inc};
  s.maintenances = {mnt};
  s.page.updated_at = inc.updated_at;

  // ----- support channels
  auto weekdays = [](int open_minute, int close_minute) {
    std::vector<WeeklyHours> w;
    for (int d = 1; d <= 5; ++d) w.push_back(WeeklyHours{d, open_minute, close_minute});
    return w;
  };
  Channel chat;
  chat.id = rng.id();
  chat.name = "Live chat";
  chat.kind = ChannelKind::chat;
  chat.time_zone = "Europe/Oslo";
  chat.agents = 4;
  chat.calls_per_hour = 30;
  chat.handle_seconds = 360;
  chat.queue_length = 3;
  chat.target_seconds = 60;
  BusinessHours chat_hours{weekdays(8 * 60, 18 * 60), {}};
  // Holidays for the year ahead (and the past week, harmlessly).
  const auto today = date::year_month_day{date::floor<date::days>(date::sys_time<std::chrono::milliseconds>{
      std::chrono::milliseconds{now}})};
  const std::string from_date = format_date(date::year_month_day{date::sys_days{today} - date::days{7}});
  const std::string to_date = format_date(date::year_month_day{date::sys_days{today} + date::days{366}});
  for (int y = static_cast<int>(today.year()); y <= static_cast<int>(today.year()) + 1; ++y) {
    for (Holiday& h : norwegian_public_holidays(y)) {
      if (h.date >= from_date && h.date <= to_date) chat_hours.holidays.push_back(std::move(h));
    }
  }

  Channel phone;
  phone.id = rng.id();
  phone.name = "Phone";
  phone.kind = ChannelKind::phone;
  phone.time_zone = "America/New_York";
  phone.agents = 2;
  phone.calls_per_hour = 12;
  phone.handle_seconds = 420;
  phone.queue_length = 1;
  phone.target_seconds = 120;
  BusinessHours phone_hours{weekdays(9 * 60, 17 * 60), {}};

  Channel mail;
  mail.id = rng.id();
  mail.name = "Email";
  mail.kind = ChannelKind::email;
  mail.time_zone = "Etc/UTC";
  mail.target_seconds = 12 * 3600;  // the first-response promise: "answered within 12 hours"
  mail.first_response_p50_s = 3 * 3600;
  mail.first_response_p90_s = 9 * 3600;
  BusinessHours mail_hours;
  for (int d = 1; d <= 7; ++d) mail_hours.weekly.push_back(WeeklyHours{d, 0, 24 * 60});

  s.channels = {chat, phone, mail};
  content.channel_hours = {chat_hours, phone_hours, mail_hours};
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    auto intervals = resolve_open_intervals(s.channels[i].time_zone, content.channel_hours[i], now,
                                            now + kOpenIntervalHorizonMs);
    if (!intervals) return intervals.error();
    s.channels[i].open_intervals = std::move(intervals).value();
  }

  // ----- two years of history, the promises kept and broken in it, and the live promise
  s.history = make_history(rng, now);
  DemoPromises promises = make_promise_records(rng, s.history, now);
  content.promise_records = promises.records;
  Incident& live = s.incidents[0];
  live.promise = promise_step(s.history, live, std::nullopt, now).promise;
  const TimeMs interval = next_update_interval(live.impact);
  content.promise_records.push_back(  // kept: the identified update came within the hour
      PromiseRecord{PromiseKind::next_update, first.created_at, first.created_at + interval, second.created_at});
  content.promise_records.push_back(PromiseRecord{PromiseKind::next_update, second.created_at, *live.next_update_at, {}});
  content.promise_records.push_back(
      PromiseRecord{PromiseKind::resolution, live.promise->published_at, live.promise->latest_at, {}});
  s.track_record = track_record(content.promise_records, now, kTrackRecordWindowMs);
  // Past incidents after the live one (tests and the widget read incidents[0] as live).
  for (Incident& x : posted_incidents(rng, s.history, promises, s.components, now)) {
    if (*x.resolved_at >= now - kRecentWindowMs) {
      s.incidents.push_back(std::move(x));
      continue;
    }
    // As Store::load_snapshot gives it back: oldest first.
    s.uptime_history.insert(s.uptime_history.begin(),
                            UptimeEvent{x.id, x.name, x.impact, x.component_ids, x.started_at, x.resolved_at});
    content.archived_incidents.insert(content.archived_incidents.begin(), std::move(x));
  }
  return content;
}

namespace {

std::string hex_id(Rng& rng, int bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(2 * bytes), '0');
  for (char& c : s) c = kHex[rng.below(16)];
  return s;
}

struct CaseCategoryModel {
  const char* category;
  double weight;
  double median_h;
  double sigma;
  std::array<const char*, 3> titles;
};

// What customers write in about, and how long each kind takes (the demo's case history).
const std::array<CaseCategoryModel, 4> kCaseCategories{{
    {"billing", 0.35, 18, 0.9, {"Invoice shows the wrong VAT rate", "Charged twice this month", "Change the billing address"}},
    {"accounts", 0.25, 5, 0.8, {"Cannot add a second admin", "Locked out after a password reset", "Transfer workspace ownership"}},
    {"integrations", 0.25, 30, 1.0, {"Webhook signature does not verify", "SSO login loops back to the start", "API key rejected after rotation"}},
    {"data export", 0.15, 40, 0.7, {"Export of last year's events is empty", "CSV export cuts off long fields", "Need a full account export"}},
}};

const std::array<const char*, 8> kCustomerNames{"Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
                                                "Barbara Liskov", "Donald Knuth", "Frances Allen", "Ken Thompson"};

}  // namespace

std::vector<DemoCase> make_demo_cases(std::uint64_t seed, TimeMs now) {
  Rng rng(seed ^ 0x6361736573ULL);  // its own stream: adding cases leaves the portal's draws alone
  std::vector<DemoCase> out;
  const auto weights = weights_of(kCaseCategories);
  for (int k = 0; k < kDemoPastCases; ++k) {
    const CaseCategoryModel& m = kCaseCategories[rng.pick(weights)];
    Case c;
    c.id = hex_id(rng, 6);
    c.customer_name = kCustomerNames[rng.below(kCustomerNames.size())];
    c.title = m.titles[rng.below(m.titles.size())];
    c.category = m.category;
    c.opened_at = now - 365 * kDayMs + static_cast<TimeMs>(rng.uniform() * static_cast<double>(365 * kDayMs));
    const TimeMs took = std::max<TimeMs>(10 * kMinuteMs, std::llround(rng.lognormal(m.median_h * 3600, m.sigma)) * kSecondMs);
    const TimeMs working = c.opened_at + took * 3 / 10;
    const std::string token = hex_id(rng, 16);  // never shown: these cases are history
    if (c.opened_at + took >= now) continue;  // still open: not history, and not part of the demo
    c.resolved_at = c.updated_at = c.opened_at + took;
    c.stage = CaseStage::resolved;
    c.updates = {CaseUpdate{hex_id(rng, 6), CaseStage::received, "We have received your request.", c.opened_at},
                 CaseUpdate{hex_id(rng, 6), CaseStage::in_progress, "We are working on it.", working},
                 CaseUpdate{hex_id(rng, 6), CaseStage::resolved, "This is done. Thank you for your patience.",
                            *c.resolved_at}};
    out.push_back(DemoCase{std::move(c), token});
  }
  // The open one, whose private link `candor demo` prints.
  Case c;
  c.id = hex_id(rng, 6);
  c.customer_name = "Ada Lovelace";
  c.title = "Invoice shows the wrong VAT rate";
  c.category = "billing";
  c.opened_at = now - 3 * kHourMs;
  c.updated_at = c.opened_at + 40 * kMinuteMs;
  c.stage = CaseStage::investigating;
  c.next_follow_up_at = now + 2 * kHourMs;
  c.updates = {CaseUpdate{hex_id(rng, 6), CaseStage::received, "We have received your request.", c.opened_at},
               CaseUpdate{hex_id(rng, 6), CaseStage::investigating,
                          "We are checking which VAT rate applies to your account and why the invoice shows another.",
                          c.updated_at}};
  out.push_back(DemoCase{std::move(c), hex_id(rng, 16)});
  return out;
}

}  // namespace candor::server
