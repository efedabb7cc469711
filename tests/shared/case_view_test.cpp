// The case page's view model: the pipeline, the live late and missed parts, and the estimate
// from past cases (checked against values worked out by hand from the definitions).
#include "candor/case_view.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "candor/codec.hpp"
#include "past_cases.hpp"

using namespace candor;

namespace {

const TimeMs kOpened = parse_iso8601("2026-03-02T09:00:00Z").value();

Case base_case() {
  Case c;
  c.id = "case00000001";
  c.customer_name = "Ada Lovelace";
  c.title = "Invoice shows the wrong VAT";
  c.category = "Billing";
  c.stage = CaseStage::investigating;
  c.opened_at = kOpened;
  c.updated_at = kOpened + kHourMs;
  c.updates = {{"cu1", CaseStage::received, "We have received your request.", kOpened},
               {"cu2", CaseStage::investigating, "Looking into it.", kOpened + kHourMs}};
  return c;
}

nlohmann::json view(const Case& c, TimeMs now, Engine* past = nullptr) {
  return nlohmann::json::parse(case_view_json(c, past, now))["case"];
}

std::vector<std::string> pipeline(const nlohmann::json& v, std::vector<std::string>* states = nullptr) {
  std::vector<std::string> stages;
  for (const auto& s : v["stages"]) {
    stages.push_back(s["stage"]);
    if (states) states->push_back(s["state"]);
  }
  return stages;
}

}  // namespace

TEST(CaseView, FieldsUpdatesNewestFirstAndPipelineWithoutWaiting) {
  const Case c = base_case();
  const TimeMs now = kOpened + 2 * kHourMs;
  const nlohmann::json doc = nlohmann::json::parse(case_view_json(c, nullptr, now));
  EXPECT_EQ(doc["now"], "2026-03-02T11:00:00.000Z");
  const nlohmann::json& v = doc["case"];
  EXPECT_EQ(v["id"], "case00000001");
  EXPECT_EQ(v["customer_name"], "Ada Lovelace");
  EXPECT_EQ(v["category"], "Billing");
  EXPECT_EQ(v["stage"], "investigating");
  EXPECT_EQ(v["opened_at"], "2026-03-02T09:00:00.000Z");
  EXPECT_TRUE(v["resolved_at"].is_null());
  EXPECT_EQ(v["elapsed_s"], 2 * 3600);
  ASSERT_EQ(v["updates"].size(), 2u);
  EXPECT_EQ(v["updates"][0]["id"], "cu2");  // newest first
  EXPECT_EQ(v["updates"][0]["stage"], "investigating");
  EXPECT_EQ(v["updates"][1]["created_at"], "2026-03-02T09:00:00.000Z");
  // Never waited on the customer: that detour is not drawn.
  std::vector<std::string> states;
  EXPECT_EQ(pipeline(v, &states), (std::vector<std::string>{"received", "investigating", "in_progress", "resolved"}));
  EXPECT_EQ(states, (std::vector<std::string>{"done", "now", "next", "next"}));
  EXPECT_TRUE(v["waiting_on_customer_for"].is_null());
  EXPECT_TRUE(v["next_follow_up"].is_null());
  EXPECT_TRUE(v["promise"].is_null());
  EXPECT_TRUE(v["estimate"].is_null());  // no past cases given
  EXPECT_FALSE(v["feedback_allowed"].get<bool>());
}

TEST(CaseView, WaitingOnTheCustomerSaysForWhatAndStaysInThePipelineAfterwards) {
  Case c = base_case();
  c.stage = CaseStage::waiting_on_customer;
  c.waiting_on_customer_for = "a copy of the invoice";
  c.updates.push_back({"cu3", CaseStage::waiting_on_customer, "Could you send us the invoice?", kOpened + 2 * kHourMs});
  nlohmann::json v = view(c, kOpened + 3 * kHourMs);
  std::vector<std::string> states;
  EXPECT_EQ(pipeline(v, &states),
            (std::vector<std::string>{"received", "investigating", "waiting_on_customer", "in_progress", "resolved"}));
  EXPECT_EQ(states, (std::vector<std::string>{"done", "done", "now", "next", "next"}));
  EXPECT_EQ(v["waiting_on_customer_for"], "a copy of the invoice");

  // They answered; we work on it. The detour stays drawn (done), the request is gone.
  c.stage = CaseStage::in_progress;
  c.updates.push_back({"cu4", CaseStage::in_progress, "Thanks, fixing it.", kOpened + 4 * kHourMs});
  v = view(c, kOpened + 5 * kHourMs);
  states.clear();
  EXPECT_EQ(pipeline(v, &states).size(), 5u);
  EXPECT_EQ(states, (std::vector<std::string>{"done", "done", "done", "now", "next"}));
  EXPECT_TRUE(v["waiting_on_customer_for"].is_null());
}

TEST(CaseView, LateFollowUpAndMissedPromiseAreLive) {
  Case c = base_case();
  c.next_follow_up_at = kOpened + 3 * kHourMs;
  Promise p;
  p.published_at = kOpened + kHourMs;
  p.likely_at = kOpened + 4 * kHourMs;
  p.latest_at = kOpened + 6 * kHourMs;
  p.basis_n = 25;
  p.basis_level = "category";
  p.revision = 1;
  c.promise = p;

  nlohmann::json v = view(c, kOpened + 2 * kHourMs);
  EXPECT_EQ(v["next_follow_up"]["at"], "2026-03-02T12:00:00.000Z");
  EXPECT_FALSE(v["next_follow_up"]["late"].get<bool>());
  EXPECT_EQ(v["next_follow_up"]["late_by_s"], 0);
  EXPECT_EQ(v["promise"]["likely_at"], "2026-03-02T13:00:00.000Z");
  EXPECT_EQ(v["promise"]["latest_at"], "2026-03-02T15:00:00.000Z");
  EXPECT_EQ(v["promise"]["published_at"], "2026-03-02T10:00:00.000Z");
  EXPECT_EQ(v["promise"]["revision"], 1);
  EXPECT_FALSE(v["promise"]["missed"].get<bool>());

  // 6 h 25 min after opening: the follow-up (due at 3 h) is 3 h 25 min late, the promise
  // (latest 6 h) missed by 25 min.
  v = view(c, kOpened + 6 * kHourMs + 25 * kMinuteMs);
  EXPECT_TRUE(v["next_follow_up"]["late"].get<bool>());
  EXPECT_EQ(v["next_follow_up"]["late_by_s"], 3 * 3600 + 25 * 60);
  EXPECT_TRUE(v["promise"]["missed"].get<bool>());
  EXPECT_EQ(v["promise"]["missed_by_s"], 25 * 60);
}

TEST(CaseView, ResolvedCaseIsDoneTakesFeedbackAndJudgesThePromiseAtResolution) {
  Case c = base_case();
  c.stage = CaseStage::resolved;
  c.resolved_at = kOpened + 5 * kHourMs;
  c.updated_at = *c.resolved_at;
  c.next_follow_up_at = kOpened + 3 * kHourMs;  // past, but nothing is owed any more
  Promise p;
  p.published_at = kOpened;
  p.likely_at = kOpened + 2 * kHourMs;
  p.latest_at = kOpened + 4 * kHourMs;
  c.promise = p;
  const nlohmann::json v = view(c, kOpened + 10 * kDayMs);
  std::vector<std::string> states;
  pipeline(v, &states);
  EXPECT_EQ(states, (std::vector<std::string>{"done", "done", "done", "done"}));
  EXPECT_TRUE(v["feedback_allowed"].get<bool>());
  EXPECT_TRUE(v["next_follow_up"].is_null());
  EXPECT_EQ(v["elapsed_s"], 5 * 3600);  // opened to resolved, not to now
  // Resolved 1 h after the latest promised time; ten days later it is still missed by 1 h.
  EXPECT_TRUE(v["promise"]["missed"].get<bool>());
  EXPECT_EQ(v["promise"]["missed_by_s"], 3600);
}

// With no censoring the Kaplan–Meier estimate is the empirical survival function (Kaplan &
// Meier 1958, §2): over durations 1..25 h, S(k h) = 1 − k/25. Quantile q of the time left
// after e = 2 h is the smallest x with S(2 h + x) / S(2 h) ≤ 1 − q, S(2 h) = 23/25:
//   q = 0.5: (25 − k)/23 ≤ 0.5 ⇔ k ≥ 13.5 → k = 14, x = 12 h;
//   q = 0.8: (25 − k)/23 ≤ 0.2 ⇔ k ≥ 20.4 → k = 21, x = 19 h;
//   q = 0.9: (25 − k)/23 ≤ 0.1 ⇔ k ≥ 22.7 → k = 23, x = 21 h.
TEST(CaseView, EstimateFromPastCasesOfTheCategory) {
  const TimeMs now = kOpened + 2 * kHourMs;
  const std::vector<PastIncident> history = case_history(candor_test::billing_cases(now));
  Engine engine(history);
  const nlohmann::json v = view(base_case(), now, &engine);
  const nlohmann::json& e = v["estimate"];
  ASSERT_FALSE(e.is_null());
  EXPECT_EQ(e["basis"]["n"], 25);
  EXPECT_EQ(e["basis"]["level"], "category");
  EXPECT_EQ(e["remaining_p50_s"], 12 * 3600);
  EXPECT_EQ(e["remaining_p80_s"], 19 * 3600);
  EXPECT_EQ(e["remaining_p90_s"], 21 * 3600);
  // 11:00 + 12 h, already on the hour (the granularity for 6 h to 2 days ahead).
  EXPECT_EQ(e["likely_at"], "2026-03-02T23:00:00.000Z");
  EXPECT_EQ(e["latest_at"], "2026-03-03T08:00:00.000Z");
  EXPECT_FALSE(e["beyond_history"].get<bool>());
  EXPECT_EQ(e["longer_than_pct"], 8);  // 2 of 25 lasted 2 h or less
  EXPECT_TRUE(e["stages"].empty());
  EXPECT_TRUE(e["operator_estimate"].is_null());

  // Another category has no past cases of its own: the basis says all cases were used.
  Case other = base_case();
  other.category = "Shipping";
  EXPECT_EQ(view(other, now, &engine)["estimate"]["basis"]["level"], "all");
}

TEST(CaseView, CaseJsonRoundTripGivesTheSameView) {
  Case c = base_case();
  c.next_follow_up_at = kOpened + 3 * kHourMs;
  const Result<Case> back = decode_case(encode_case(c));
  ASSERT_TRUE(back.ok()) << back.error().detail;
  const TimeMs now = kOpened + 4 * kHourMs;
  EXPECT_EQ(case_view_json(back.value(), nullptr, now), case_view_json(c, nullptr, now));
}
