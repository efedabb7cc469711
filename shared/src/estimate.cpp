// Similar-item selection with back-off, and the conditional remaining-time quantiles.
#include "candor/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace candor {
namespace {

// The stages a past item went through. Items without stage detail count as having gone
// through investigating only (every incident starts there).
unsigned stage_bits(const PastIncident& p) {
  if (p.stages.empty()) return 1u << static_cast<unsigned>(IncidentStatus::investigating);
  unsigned bits = 0;
  for (const auto& s : p.stages) bits |= 1u << static_cast<unsigned>(s.stage);
  return bits;
}

double weight_for(TimeMs started_at, TimeMs now, const EstimateOptions& o) {
  if (!(o.half_life_days > 0)) return 1;
  const double age_days = static_cast<double>(day_start(now) - started_at) / static_cast<double>(kDayMs);
  return std::exp2(-age_days / o.half_life_days);
}

}  // namespace

int HistoryFacts::category_id(std::string_view name) const {
  for (std::size_t i = 0; i < categories.size(); ++i)
    if (categories[i] == name) return static_cast<int>(i);
  return -1;
}

namespace {
// Names to small ids ("component-12" -> 3). A history has a few dozen distinct names and up
// to 100,000 items, so this runs once per item: an open-addressing table of (hash, id) with
// the names' bytes compared only on a hash match. (std::unordered_map's out-of-line string
// hash and node chase were most of the time spent indexing a history.)
class Interner {
 public:
  explicit Interner(std::vector<std::string>& names) : names_(names), slots_(64) {}

  int operator()(std::string_view name) {
    const std::uint32_t hash = hash_of(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot slot = slots_[i];
      if (slot.id < 0) return add(i, hash, name);
      if (slot.hash == hash && names_[static_cast<std::size_t>(slot.id)] == name) return slot.id;
    }
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    int id = -1;
  };

  // FNV-1a over 4-byte words (then the tail), mixed at the end: short names, few of them.
  static std::uint32_t hash_of(std::string_view s) {
    std::uint32_t h = 2166136261u ^ static_cast<std::uint32_t>(s.size());
    std::size_t i = 0;
    for (; i + 4 <= s.size(); i += 4) {
      std::uint32_t w;
      std::memcpy(&w, s.data() + i, 4);
      h = (h ^ w) * 16777619u;
    }
    for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 16777619u;
    return h ^ (h >> 15);
  }

  int add(std::size_t at, std::uint32_t hash, std::string_view name) {
    const int id = static_cast<int>(names_.size());
    names_.emplace_back(name);
    slots_[at] = {hash, id};
    if (names_.size() * 2 > slots_.size()) {  // keep it at most half full
      std::vector<Slot> old(slots_.size() * 2);
      old.swap(slots_);
      const std::size_t mask = slots_.size() - 1;
      for (const Slot& s : old) {
        if (s.id < 0) continue;
        std::size_t i = s.hash & mask;
        while (slots_[i].id >= 0) i = (i + 1) & mask;
        slots_[i] = s;
      }
    }
    return id;
  }

  std::vector<std::string>& names_;
  std::vector<Slot> slots_;
};
}  // namespace

HistoryFacts index_history(const std::vector<PastIncident>& history) {
  HistoryFacts f;
  Interner categories(f.categories), kinds(f.obstacle_kinds);
  f.items.resize(history.size());
  f.details.resize(history.size());
  for (std::size_t i = 0; i < history.size(); ++i) {
    const PastIncident& p = history[i];
    f.items[i] = {p.started_at, p.resolved_at ? *p.resolved_at : INT64_MAX, categories(p.category), p.impact,
                  stage_bits(p), static_cast<std::uint32_t>(i)};
    ItemDetail& d = f.details[i];
    d.obstacles_begin = static_cast<std::uint32_t>(f.obstacles.size());
    for (const auto& o : p.obstacles) f.obstacles.push_back({kinds(o.kind), o.delay_s});
    d.obstacles_end = static_cast<std::uint32_t>(f.obstacles.size());
    for (const auto& st : p.stages)
      if (static_cast<int>(st.stage) < 3) d.stage_s[static_cast<int>(st.stage)] = st.duration_s;
  }
  return f;
}

namespace {
TimeMs oldest_start(TimeMs now, int lookback_days) {
  return lookback_days > 0 ? day_start(now) - lookback_days * kDayMs : INT64_MIN;
}
}  // namespace

EstimateOptions with_effective_lookback(const HistoryFacts& facts, TimeMs now, const EstimateOptions& o) {
  EstimateOptions window = o;
  if (o.lookback_days <= 0) return window;
  const TimeMs oldest = oldest_start(now, o.lookback_days);
  int n = 0;
  for (const ItemFacts& p : facts.items)
    if (p.started_at >= oldest && p.started_at < now && ++n >= o.min_samples) return window;
  window.lookback_days = 0;
  return window;
}

const char* to_string(SimilarLevel level) {
  static const char* const kNames[] = {"category+impact+stage", "category+impact", "category", "all"};
  return kNames[static_cast<int>(level)];
}

Similar similar_at_level(const HistoryFacts& facts, const std::vector<std::size_t>* candidates, SimilarLevel level,
                         int category, Impact impact, IncidentStatus stage, TimeMs now, const EstimateOptions& o) {
  const TimeMs oldest = oldest_start(now, o.lookback_days);
  const int l = static_cast<int>(level);
  const unsigned stage_bit = 1u << static_cast<unsigned>(stage);
  Similar s;
  s.basis.level = to_string(level);
  s.basis.lookback_days = o.lookback_days;
  const std::size_t count = candidates ? candidates->size() : facts.items.size();
  s.observations.reserve(count);
  s.items.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t index = candidates ? (*candidates)[k] : k;
    const ItemFacts& p = facts.items[index];
    if (p.started_at >= now || p.started_at < oldest) continue;
    if (l <= 2 && p.category != category) continue;
    if (l <= 1 && p.impact != impact) continue;
    if (l == 0 && !(p.stages & stage_bit)) continue;
    Observation ob;
    ob.weight = weight_for(p.started_at, now, o);
    ob.event = p.resolved_at <= now;
    ob.duration_s = static_cast<double>((ob.event ? p.resolved_at : now) - p.started_at) / 1000.0;
    s.observations.push_back(ob);
    s.items.push_back(index);
  }
  s.basis.n = static_cast<int>(s.observations.size());
  return s;
}

Similar select_similar(const std::vector<PastIncident>& history, std::string_view category, Impact impact,
                       IncidentStatus stage, TimeMs now, const EstimateOptions& o) {
  const HistoryFacts facts = index_history(history);
  const int id = facts.category_id(category);
  const EstimateOptions window = with_effective_lookback(facts, now, o);
  Similar best;
  for (int l = 0; l < kSimilarLevels; ++l) {
    Similar s = similar_at_level(facts, nullptr, static_cast<SimilarLevel>(l), id, impact, stage, now, window);
    if (s.basis.n >= o.min_samples) return s;
    if (l == 0 || s.basis.n > best.basis.n) best = std::move(s);
  }
  return best;  // fewer than min_samples everywhere: the widest match that had any
}

Estimate estimate_from_curve(const SurvivalCurve& curve, const Basis& basis, std::int64_t elapsed_s,
                             const EstimateOptions& o) {
  Estimate est;
  est.basis = basis;
  if (curve.events <= 0) return est;  // nothing has ever ended: no honest estimate
  est.available = true;

  const double e = static_cast<double>(std::max<std::int64_t>(0, elapsed_s));
  est.longer_than_pct = static_cast<int>(std::floor((1 - curve.at(e)) * 100 + 1e-9));

  // Conditioning point: `e` itself while enough similar items lasted that long; past that, the
  // last well-supported time t*, with the remaining time scaled by e / t* (heavy tails: the
  // longer something has lasted, the longer it is likely to go on). Never NaN, never negative.
  double t_star = e;
  double scale = 1;
  if (curve.at_risk_after(e) < o.min_at_risk || !(curve.at(e) > 0)) {
    est.beyond_history = true;
    // Rows leaving at least min_at_risk at risk after them form a prefix (at risk only falls);
    // t* is the last of them before e, or 0.
    const auto& rows = curve.rows;
    const auto supported = std::partition_point(rows.begin(), rows.end(), [&](const SurvivalRow& r) {
      return r.at_risk - r.events - r.censored >= o.min_at_risk;
    });
    const auto before_e = std::lower_bound(rows.begin(), supported, e, [](const SurvivalRow& r, double t) { return r.t_s < t; });
    t_star = before_e == rows.begin() ? 0 : std::prev(before_e)->t_s;
    scale = t_star > 0 ? e / t_star : 1;
  }
  // S(t*) and the rows after t* are the same for every quantile: found once.
  const auto& rows = curve.rows;
  const double s_star = curve.at(t_star);
  const auto after = std::upper_bound(rows.begin(), rows.end(), t_star, [](double t, const SurvivalRow& r) { return t < r.t_s; });
  const auto remaining = [&](double q) -> std::int64_t {
    std::optional<double> x = SurvivalCurve::conditional_quantile_from(after, rows.end(), s_star, t_star, q);
    // The curve never falls that far (heavy censoring): use the longest observed remaining time.
    if (!x) x = std::max(0.0, curve.rows.back().t_s - t_star);
    // Scaled from a tiny t* the product can pass any integer: bounded before the cast.
    return static_cast<std::int64_t>(std::min(std::ceil(*x * scale), static_cast<double>(kMaxRemainingS)));
  };
  est.remaining_p50_s = remaining(0.5);
  est.remaining_p80_s = std::max(est.remaining_p50_s, remaining(0.8));
  est.remaining_p90_s = std::max(est.remaining_p80_s, remaining(0.9));
  est.remaining_target_s = std::max(est.remaining_p50_s, remaining(o.target));
  if (est.beyond_history) {
    // Widen: at least as long again as it has already lasted, at the target level.
    est.remaining_target_s =
        std::max<std::int64_t>(est.remaining_target_s, static_cast<std::int64_t>(std::min(e, static_cast<double>(kMaxRemainingS))));
    est.remaining_p90_s = std::max(est.remaining_p90_s, est.remaining_target_s);
  }
  // A floor of one minute: "any moment now" is not a promise anyone can keep.
  for (std::int64_t* v : {&est.remaining_p50_s, &est.remaining_p80_s, &est.remaining_p90_s, &est.remaining_target_s})
    *v = std::max<std::int64_t>(*v, 60);
  return est;
}

Estimate estimate_remaining(const std::vector<PastIncident>& history, std::string_view category, Impact impact,
                            IncidentStatus stage, std::int64_t elapsed_s, TimeMs now, const EstimateOptions& o) {
  Similar similar = select_similar(history, category, impact, stage, now, o);
  const SurvivalCurve curve = kaplan_meier(std::move(similar.observations));
  return estimate_from_curve(curve, similar.basis, elapsed_s, o);
}

namespace {

TimeMs human_step(TimeMs ahead) {
  if (ahead <= kHourMs) return 5 * kMinuteMs;
  if (ahead <= 6 * kHourMs) return 15 * kMinuteMs;
  if (ahead <= 2 * kDayMs) return kHourMs;
  return 6 * kHourMs;
}

TimeMs round_up_to(TimeMs at, TimeMs step) {
  TimeMs q = at / step;  // floor division that works before 1970 too
  if (q * step > at) --q;
  return q * step == at ? at : (q + 1) * step;
}

}  // namespace

TimeMs round_up_human(TimeMs at, TimeMs now) {
  // Rounding up can cross into a coarser band (5:55 h → 6:05 h); round again at that band's
  // step so that the result is a fixed point. Each step divides the next, so this ends.
  TimeMs r = round_up_to(at, human_step(at - now));
  for (TimeMs step = human_step(r - now); r % step != 0; step = human_step(r - now)) r = round_up_to(r, step);
  return r;
}

}  // namespace candor
