// feeds.cpp: RFC 5545 TEXT escaping and line folding, and Atom's XML escaping.
#include "feeds.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

namespace {

using namespace candor;
using namespace candor::server;
using candor_test::utc;

TEST(Feeds, IcsTextEscaping) {
  // RFC 5545 §3.3.11: backslash, semicolon and comma are escaped; newlines become \n.
  EXPECT_EQ(ics_escape_text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
  EXPECT_EQ(ics_escape_text(std::string("bell\x07") + "tab\t"), "belltab\t");
}

TEST(Feeds, IcsFoldsAt75OctetsWithoutSplittingCharacters) {
  EXPECT_EQ(ics_fold_line("SUMMARY:short"), "SUMMARY:short\r\n");
  const std::string long_line = "DESCRIPTION:" + std::string(100, 'x');
  const std::string folded = ics_fold_line(long_line);
  EXPECT_EQ(folded, "DESCRIPTION:" + std::string(63, 'x') + "\r\n " + std::string(37, 'x') + "\r\n");
  // "ø" is two octets: a fold never lands between them.
  std::string norsk = "SUMMARY:";
  for (int i = 0; i < 60; ++i) norsk += "\xc3\xb8";
  const std::string f = ics_fold_line(norsk);
  std::size_t start = 0;
  while (start < f.size()) {
    const std::size_t end = f.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    const unsigned char first = static_cast<unsigned char>(f[start == 0 ? 0 : start + 1]);
    EXPECT_NE(first & 0xc0, 0x80) << "a continuation starts mid-character";
    start = end + 2;
  }
  std::string unfolded;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    if (f.compare(i, 2, "\r\n") == 0) break;
    unfolded += f[i];
  }
  EXPECT_EQ(unfolded, norsk);
}

Snapshot sample() {
  Snapshot s;
  s.page = {"abc123def456", "Acme & Co", "https://status.acme.test", "Etc/UTC", utc(2026, 1, 5, 10), {}};
  Incident x;
  x.id = "inc000000001";
  x.name = "<script>alert(1)</script>";
  x.created_at = x.started_at = x.updated_at = utc(2026, 1, 5, 9);
  x.updates.push_back({"u1", IncidentStatus::investigating, "a < b && c", x.created_at, x.created_at});
  s.incidents.push_back(x);
  Maintenance m;
  m.id = "mnt000000001";
  m.name = "DB upgrade; phase 1, part 2";
  m.scheduled_for = utc(2026, 1, 6, 22);
  m.scheduled_until = utc(2026, 1, 6, 23, 30);
  m.updated_at = utc(2026, 1, 5, 8);
  s.maintenances.push_back(m);
  return s;
}

TEST(Feeds, AtomEscapesEverything) {
  const std::string atom = encode_atom(sample());
  EXPECT_EQ(atom.find("<script>"), std::string::npos);
  EXPECT_NE(atom.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"), std::string::npos);
  EXPECT_NE(atom.find("a &lt; b &amp;&amp; c"), std::string::npos);
  EXPECT_NE(atom.find("<id>urn:candor:abc123def456:incident:inc000000001</id>"), std::string::npos);
  EXPECT_NE(atom.find("href=\"https://status.acme.test/i/inc000000001\""), std::string::npos);
  EXPECT_NE(atom.find("<updated>2026-01-05T10:00:00.000Z</updated>"), std::string::npos);
}

TEST(Feeds, IcsEventsInUtc) {
  const std::string ics = encode_ics(sample());
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(ics.find("DTSTART:20260106T220000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND:20260106T233000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:DB upgrade\\; phase 1\\, part 2\r\n"), std::string::npos);
  EXPECT_NE(ics.find("UID:mnt000000001@abc123def456.candor\r\n"), std::string::npos);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
}

}  // namespace
