// The snapshot codec: round trips, an independent parser (nlohmann/json) as oracle, and
// malformed or wrongly typed input rejected with the field and what was expected.
#include "candor/codec.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_files.hpp"

using namespace candor;

namespace {

std::string golden_snapshot() {
  std::string text;
  EXPECT_TRUE(candor_test::read_file(candor_test::data_path("golden/snapshot.json"), text));
  return text;
}

// Replaces the value at a JSON pointer in the golden snapshot, through nlohmann so the
// mutation does not depend on the codec under test.
std::string mutated(const std::string& pointer, const nlohmann::json& value) {
  nlohmann::json doc = nlohmann::json::parse(golden_snapshot());
  doc[nlohmann::json::json_pointer(pointer)] = value;
  return doc.dump();
}

Error decode_error(const std::string& text) {
  Result<Snapshot> r = decode_snapshot(text);
  EXPECT_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST(Codec, RoundTripIsAFixedPoint) {
  Result<Snapshot> first = decode_snapshot(golden_snapshot());
  ASSERT_TRUE(first.ok()) << error_to_text(first.error());
  const std::string encoded = encode_snapshot(first.value());
  Result<Snapshot> second = decode_snapshot(encoded);
  ASSERT_TRUE(second.ok()) << error_to_text(second.error());
  EXPECT_EQ(encode_snapshot(second.value()), encoded);
}

TEST(Codec, EncodedDocumentReadsTheSameThroughNlohmann) {
  const nlohmann::json original = nlohmann::json::parse(golden_snapshot());
  const nlohmann::json ours = nlohmann::json::parse(encode_snapshot(decode_snapshot(golden_snapshot()).value()));
  // Same keys and values everywhere, numbers compared as numbers (Boost writes 3E1 for 30.0).
  EXPECT_EQ(ours, original) << "diff: " << nlohmann::json::diff(original, ours).dump();
  EXPECT_TRUE(ours["incidents"][1]["promise"].is_null());  // absent is written as null, never left out
  EXPECT_EQ(ours["channels"][0]["calls_per_hour"].get<double>(), 30.0);
}

TEST(Codec, CaseRoundTrip) {
  Case c;
  c.id = "case1";
  c.customer_name = "Åsa Ünal";
  c.title = "Invoice shows the wrong VAT";
  c.category = "billing";
  c.stage = CaseStage::waiting_on_customer;
  c.opened_at = 1700000000000;
  c.updated_at = 1700000360000;
  c.next_follow_up_at = 1700003600000;
  c.waiting_on_customer_for = "a copy of the invoice";
  c.updates = {{"u1", CaseStage::received, "We got it.", 1700000000000}};
  const std::string text = encode_case(c);
  Result<Case> back = decode_case(text);
  ASSERT_TRUE(back.ok()) << error_to_text(back.error());
  EXPECT_EQ(encode_case(back.value()), text);
  EXPECT_EQ(nlohmann::json::parse(text)["customer_name"], "Åsa Ünal");
  EXPECT_TRUE(nlohmann::json::parse(text)["resolved_at"].is_null());
}

TEST(Codec, RejectsMalformedJson) {
  for (const char* bad : {"", "{", "{\"version\": 1,}", "[1, 2", "{} extra", "nul"}) {
    Error e = decode_error(bad);
    EXPECT_EQ(e.code, errc::parse_error) << bad;
    EXPECT_NE(e.detail.find("invalid JSON at byte"), std::string::npos) << e.detail;
  }
  EXPECT_EQ(decode_error("\"\xff\xfe\"").code, errc::parse_error);  // invalid UTF-8
  EXPECT_EQ(decode_error(std::string(100, '[') + std::string(100, ']')).code, errc::parse_error);  // too deep
}

TEST(Codec, WrongTypesNameTheFieldAndTheExpectation) {
  struct Case {
    std::string pointer;
    nlohmann::json value;
    errc code;
    std::string detail;
  };
  const Case cases[] = {
      {"/version", "17", errc::wrong_type, "expected an integer, got a string"},
      {"/version", -1, errc::invalid_value, "expected an integer from 0"},
      {"/version", 1.5, errc::invalid_value, "expected an integer"},
      {"/page/name", 5, errc::wrong_type, "expected a string, got a number"},
      {"/components/1/status", "broken", errc::invalid_value,
       "expected one of operational|degraded_performance|partial_outage|major_outage|under_maintenance"},
      {"/components/1/group", "yes", errc::wrong_type, "expected true or false"},
      {"/incidents/0/impact", "severe", errc::invalid_value, "none|minor|major|critical|maintenance"},
      {"/incidents/0/started_at", "last tuesday", errc::invalid_value, "ISO-8601"},
      {"/incidents/0/started_at", nullptr, errc::wrong_type, "got null"},
      {"/incidents/0/components", "cmpapi000001", errc::wrong_type, "expected an array"},
      {"/incidents/0/incident_updates/1/status", "fixed", errc::invalid_value, "investigating|identified"},
      {"/channels/0/calls_per_hour", -3, errc::invalid_value, "expected a number from"},
      {"/channels/0/open_intervals/0", nlohmann::json::array({"2026-03-04T17:00:00Z", "2026-03-04T07:00:00Z"}),
       errc::invalid_value, "sorted"},
      {"/history/3/stages/0/duration_s", -5, errc::invalid_value, "expected an integer from 0"},
      {"/history/3/resolved_at", "2000-01-01T00:00:00Z", errc::invalid_value, "must not be before started_at"},
  };
  for (const auto& c : cases) {
    Error e = decode_error(mutated(c.pointer, c.value));
    EXPECT_EQ(e.code, c.code) << c.pointer << ": " << error_to_text(e);
    EXPECT_EQ(e.path, c.pointer) << error_to_text(e);
    EXPECT_NE(e.detail.find(c.detail), std::string::npos) << c.pointer << ": " << e.detail;
  }
}

TEST(Codec, MissingAndUnknownFields) {
  nlohmann::json doc = nlohmann::json::parse(golden_snapshot());
  doc["incidents"][0].erase("category");
  Error e = decode_error(doc.dump());
  EXPECT_EQ(e.code, errc::missing_field);
  EXPECT_EQ(e.path, "/incidents/0/category");

  Error u = decode_error(mutated("/components/0/colour", "red"));
  EXPECT_EQ(u.code, errc::unknown_field);
  EXPECT_EQ(u.path, "/components/0/colour");
  EXPECT_NE(u.detail.find("allowed here: id, name, status"), std::string::npos) << u.detail;

  EXPECT_EQ(decode_error("[]").path, "/");
  EXPECT_EQ(decode_error("[]").code, errc::wrong_type);
}

TEST(Codec, ThemeIsCheckedOnTheWayIn) {
  // The theme reaches CSS and href/src: a snapshot can't smuggle a script URL past the rules.
  struct Case {
    std::string pointer;
    nlohmann::json value;
    errc code;
  };
  const Case cases[] = {
      {"/page/theme/accent", "red", errc::invalid_value},
      {"/page/theme/accent", 5, errc::wrong_type},
      {"/page/theme/logo_url", "javascript:alert(1)", errc::invalid_value},
      {"/page/theme/links/0/url", "data:text/html,x", errc::invalid_value},
      {"/page/theme/links/1/label", "", errc::invalid_value},
      {"/page/theme/links/1/label", nullptr, errc::wrong_type},
      {"/page/theme/links/0/target", "_blank", errc::unknown_field},
  };
  for (const auto& c : cases) {
    Error e = decode_error(mutated(c.pointer, c.value));
    EXPECT_EQ(e.code, c.code) << c.pointer << ": " << error_to_text(e);
    EXPECT_EQ(e.path, c.pointer) << error_to_text(e);
  }
  const Snapshot s = decode_snapshot(golden_snapshot()).value();
  EXPECT_EQ(s.page.theme.accent, "#0b6e4f");
  ASSERT_EQ(s.page.theme.links.size(), 2u);
  EXPECT_EQ(s.page.theme.links[1].label, "Kontakt oss");
}

TEST(Codec, HistoryIdsAreOptional) {
  // The backend's public snapshot sends history ids as ""; a snapshot without the key reads
  // too. Written back, the key is always there (older cores require it), empty or not.
  nlohmann::json doc = nlohmann::json::parse(golden_snapshot());
  ASSERT_FALSE(doc["history"].empty());
  doc["history"][0]["id"] = "keep-me";
  doc["history"][1].erase("id");
  Result<Snapshot> r = decode_snapshot(doc.dump());
  ASSERT_TRUE(r.ok()) << error_to_text(r.error());
  EXPECT_EQ(r.value().history[0].id, "keep-me");
  EXPECT_TRUE(r.value().history[1].id.empty());
  const nlohmann::json back = nlohmann::json::parse(encode_snapshot(r.value()));
  EXPECT_EQ(back["history"][0]["id"], "keep-me");
  EXPECT_EQ(back["history"][1]["id"], "");
  EXPECT_EQ(back["history"][1]["category"], doc["history"][1]["category"]);
}

TEST(Codec, OlderSnapshotsWithoutThemeOrUptimeHistoryStillDecode) {
  nlohmann::json doc = nlohmann::json::parse(golden_snapshot());
  doc["page"].erase("theme");
  doc.erase("uptime_history");
  Result<Snapshot> r = decode_snapshot(doc.dump());
  ASSERT_TRUE(r.ok()) << error_to_text(r.error());
  EXPECT_TRUE(r.value().page.theme.accent.empty());
  EXPECT_TRUE(r.value().uptime_history.empty());
  // Written back, both are always there: unset theme fields as null, the history as [].
  const nlohmann::json back = nlohmann::json::parse(encode_snapshot(r.value()));
  EXPECT_TRUE(back["page"]["theme"]["accent"].is_null());
  EXPECT_TRUE(back["page"]["theme"]["logo_url"].is_null());
  EXPECT_EQ(back["page"]["theme"]["links"], nlohmann::json::array());
  EXPECT_EQ(back["uptime_history"], nlohmann::json::array());
}

TEST(Codec, UptimeHistoryEntries) {
  const Snapshot s = decode_snapshot(golden_snapshot()).value();
  ASSERT_EQ(s.uptime_history.size(), 2u);
  EXPECT_EQ(s.uptime_history[1].impact, Impact::maintenance);
  EXPECT_EQ(s.uptime_history[1].component_ids, std::vector<std::string>{"grpdata00001"});
  Error e = decode_error(mutated("/uptime_history/0/resolved_at", "2026-01-15T00:00:00Z"));
  EXPECT_EQ(e.path, "/uptime_history/0/resolved_at");
  EXPECT_EQ(e.code, errc::invalid_value);
  EXPECT_EQ(decode_error(mutated("/uptime_history/0/updates", nlohmann::json::array())).code, errc::unknown_field);
}
