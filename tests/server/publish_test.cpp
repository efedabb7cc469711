// `candor publish` (publish.hpp): the tree's contents, determinism, compressed copies that
// decompress to the originals, the atomic swap and what a failed publish leaves behind.
#include "publish.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <brotli/decode.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "candor/codec.hpp"
#include "demo_store.hpp"
#include "gunzip.hpp"
#include "statuspage.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace candor;
using namespace candor::server;
using candor_test::TempDir;
using candor_test::gunzip;

namespace {

constexpr TimeMs kNow = 1795500000000;  // 2026-11-24T06:00:00Z

// A built portal in miniature: what publish needs from `npm run build`.
void write_web_root(const TempDir& dir) {
  dir.write("web/index.html",
            "<!doctype html>\n<html lang=\"en\">\n<head><title>Service status</title></head>\n<body>\n"
            "<h1 class=\"site-title\" id=\"site-title\">Service status</h1>\n"
            "<main id=\"main\" tabindex=\"-1\">\n<p class=\"loading\">Loading</p>\n"
            "<noscript><p>Needs JavaScript.</p></noscript>\n</main>\n</body>\n</html>\n");
  dir.write("web/i18n/en.json",
            R"json({"app.title": "{name} status", "overall.operational": "All systems are operational.",
                "overall.partial_outage": "Some systems are partly unavailable.",
                "overall.major_outage": "Some systems are unavailable.",
                "overall.degraded_performance": "Some systems are slower than usual.",
                "overall.under_maintenance": "Some systems are under scheduled maintenance.",
                "overall.updated": "Updated {time} ({relative})", "incidents.heading": "Active incidents",
                "incidents.none": "There are no active incidents.", "maintenance.heading": "Scheduled maintenance",
                "maintenance.window": "{start} – {end}", "history.count": {"one": "# incident", "other": "# incidents"}})json");
  dir.write("web/main-ABCDEFGH.js", "console.log('portal');\n");
  dir.write("web/candor_core-QRSTUVWX.wasm", std::string("\0asm\1\0\0\0", 8) + std::string(4000, 'x'));
  dir.write("web/widget.js", "(()=>{})();\n");
  dir.write("web/embed.html", "<!doctype html><title>embed</title>\n");
  dir.write("web/.secret", "never published\n");
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file under `root` (relative path → bytes): two trees are equal when these are.
std::map<std::string, std::string> tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out[e.path().lexically_relative(root).generic_string()] = read(e.path());
  }
  return out;
}


std::string unbrotli(const std::string& in) {
  std::string out(std::size_t{16} << 20, '\0');
  std::size_t size = out.size();
  EXPECT_EQ(BrotliDecoderDecompress(in.size(), reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                                    reinterpret_cast<std::uint8_t*>(out.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}

struct Fixture {
  TempDir dir;
  std::unique_ptr<Store> store = candor_test::open_demo_store(dir, kNow - 10 * kMinuteMs);
  PublishOptions options{dir.path() / "out", dir.path() / "web", "/status/"};
  Fixture() { write_web_root(dir); }
};

}  // namespace

TEST(PublishBasePath, IsNormalisedAndChecked) {
  EXPECT_EQ(normalize_base_path("/").value(), "/");
  EXPECT_EQ(normalize_base_path("status").value(), "/status/");
  EXPECT_EQ(normalize_base_path("/status").value(), "/status/");
  EXPECT_EQ(normalize_base_path("/a/b-c_d.e~/").value(), "/a/b-c_d.e~/");
  for (const char* bad : {"/a b/", "/a//b/", "/../x/", "/./", "/a?b", "/a#b", "/a\"b", "/%2e/"}) {
    const auto r = normalize_base_path(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().path, "--base-path");
    }
  }
}

TEST(Publish, WritesEveryPathTheBackendServes) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  auto report = publish(*f.store, f.options, kNow);
  ASSERT_TRUE(report.ok()) << report.error().path << ": " << report.error().detail;
  const auto files = tree(f.options.out_dir);
  for (const char* path :
       {"index.html", "api/v1/portal.json", "api/v1/widget.json", "api/v2/summary.json", "api/v2/status.json",
        "api/v2/components.json", "api/v2/incidents.json", "api/v2/incidents/unresolved.json",
        "api/v2/scheduled-maintenances.json", "api/v2/scheduled-maintenances/upcoming.json",
        "api/v2/scheduled-maintenances/active.json", "api/v1/subscriptions/options.json", "history.atom",
        "maintenance.ics", "widget.js",
        "main-ABCDEFGH.js", "candor_core-QRSTUVWX.wasm", "i18n/en.json", "_headers", "_hosting/nginx.conf",
        "_hosting/README.md"}) {
    EXPECT_EQ(files.count(path), 1u) << path;
  }
  EXPECT_EQ(files.count(".secret"), 0u) << "dot-files are never published";
  EXPECT_EQ(report.value().files, files.size() - 2 * std::count_if(files.begin(), files.end(), [](const auto& kv) {
                                                      return kv.first.size() > 3 && kv.first.substr(kv.first.size() - 3) == ".gz";
                                                    }));

  // The snapshot is the store's, computed as of the report's instant, and decodes.
  const auto snapshot = decode_snapshot(files.at("api/v1/portal.json"));
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().detail;
  EXPECT_EQ(snapshot.value().version, report.value().version);
  EXPECT_EQ(snapshot.value().generated_at, report.value().as_of);
  // The Statuspage documents are the backend's encoder on that snapshot.
  EXPECT_EQ(files.at("api/v2/summary.json"), encode_statuspage(snapshot.value(), StatuspageDocument::summary));

  // The entry page carries the status without JavaScript, escaped, in place of "Loading".
  const std::string& html = files.at("index.html");
  EXPECT_NE(html.find("Northwind Cloud status</title>"), std::string::npos);
  EXPECT_EQ(html.find("<p class=\"loading\">"), std::string::npos);
  EXPECT_NE(html.find("<noscript>"), std::string::npos);
  EXPECT_NE(html.find("data-prerendered-version=\"" + std::to_string(report.value().version) + "\""), std::string::npos);
}

TEST(Publish, CompressedCopiesDecompressToTheOriginals) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  ASSERT_TRUE(publish(*f.store, f.options, kNow).ok());
  const auto files = tree(f.options.out_dir);
  int checked = 0;
  for (const auto& [path, bytes] : files) {
    const bool text = path.find(".json") != std::string::npos || path.find(".html") != std::string::npos ||
                      path.find(".wasm") != std::string::npos || path.find(".atom") != std::string::npos;
    if (!text || path.substr(path.size() - 3) == ".gz" || path.substr(path.size() - 3) == ".br") continue;
    ASSERT_EQ(files.count(path + ".gz"), 1u) << path;
    ASSERT_EQ(files.count(path + ".br"), 1u) << path;
    EXPECT_EQ(gunzip(files.at(path + ".gz")), bytes) << path;
    EXPECT_EQ(unbrotli(files.at(path + ".br")), bytes) << path;
    ++checked;
  }
  EXPECT_GE(checked, 14);  // index.html, the wasm, en.json, 2 api/v1 + 8 api/v2 documents, history.atom
  EXPECT_EQ(files.count("_headers.gz"), 0u) << "host configuration is not compressed";
}

TEST(Publish, UnchangedDataGivesTheSameBytesAndTimes) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  auto first = publish(*f.store, f.options, kNow);
  ASSERT_TRUE(first.ok());
  const auto before = tree(f.options.out_dir);
  const auto mtime_before = fs::last_write_time(f.options.out_dir / "api/v1/portal.json");
  // Later the same day, with nothing written: nothing may differ, not even an mtime (nginx's
  // ETag is mtime and size).
  auto second = publish(*f.store, f.options, kNow + 3 * kHourMs);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().as_of, first.value().as_of);
  EXPECT_TRUE(tree(f.options.out_dir) == before);
  EXPECT_EQ(fs::last_write_time(f.options.out_dir / "api/v1/portal.json"), mtime_before);
}

TEST(Publish, IsComputedAsOfTheLastChangeOrTheDaysStart) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  auto same_day = publish(*f.store, f.options, kNow);
  ASSERT_TRUE(same_day.ok());
  EXPECT_LE(same_day.value().as_of, kNow);
  EXPECT_GE(same_day.value().as_of, kNow - 10 * kMinuteMs - kDayMs);
  // Two days later with no write: as of that day's start, never earlier.
  const TimeMs later = kNow + 2 * kDayMs + 5 * kHourMs;
  auto next = publish(*f.store, f.options, later);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next.value().as_of, later - later % kDayMs);
}

TEST(Publish, AFailedPublishLeavesThePreviousTreeAlone) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  ASSERT_TRUE(publish(*f.store, f.options, kNow).ok());
  const auto before = tree(f.options.out_dir);

  PublishOptions broken = f.options;
  broken.web_root = f.dir.path() / "no-such-web";
  auto failed = publish(*f.store, broken, kNow + kMinuteMs);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().detail.find("npm run build"), std::string::npos) << failed.error().detail;
  EXPECT_TRUE(tree(f.options.out_dir) == before);

  fs::remove(f.dir.path() / "web/i18n/en.json");
  failed = publish(*f.store, f.options, kNow + kMinuteMs);
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(tree(f.options.out_dir) == before);
  // No temporary tree is left beside it.
  for (const auto& e : fs::directory_iterator(f.dir.path()))
    EXPECT_EQ(e.path().filename().string().find(".out.publish-"), std::string::npos) << e.path();
}

TEST(Publish, CleansUpATreeLeftByAKilledPublishAndRefusesAConcurrentOne) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  const fs::path stale = f.dir.path() / ".out.publish-999999";
  f.dir.write(".out.publish-999999/api/v1/portal.json", "{half");
  ASSERT_TRUE(publish(*f.store, f.options, kNow).ok());
  EXPECT_FALSE(fs::exists(stale));

  // Another process holds the lock: this publish must not touch the tree.
  const int fd = ::open((f.dir.path() / ".out.publish.lock").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  const pid_t child = ::fork();
  if (child == 0) {  // a separate process, as flock locks are per open file description
    const int own = ::open((f.dir.path() / ".out.publish.lock").c_str(), O_RDWR);
    ::flock(own, LOCK_EX);
    ::sleep(3);
    ::_exit(0);
  }
  ::usleep(300000);
  auto refused = publish(*f.store, f.options, kNow);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ::close(fd);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail.find("another publish"), std::string::npos);
}

TEST(Publish, HostConfigurationNamesTheBasePathAndEveryHashedFile) {
  Fixture f;
  ASSERT_NE(f.store, nullptr);
  ASSERT_TRUE(publish(*f.store, f.options, kNow).ok());
  const std::string nginx = read(f.options.out_dir / "_hosting/nginx.conf");
  EXPECT_NE(nginx.find("location /status/ {"), std::string::npos);
  EXPECT_NE(nginx.find("alias " + (fs::absolute(f.options.out_dir) / "").string() + ";"), std::string::npos);
  EXPECT_NE(nginx.find("application/wasm wasm;"), std::string::npos);
  EXPECT_NE(nginx.find("immutable"), std::string::npos);
  EXPECT_NE(nginx.find("'wasm-unsafe-eval'"), std::string::npos);
  EXPECT_NE(nginx.find("location = /status/embed.html {"), std::string::npos);
  EXPECT_NE(nginx.find("frame-ancestors *"), std::string::npos);
  // The embed page's own block repeats every header (nginx drops inherited add_header lines there).
  const auto embed_location = nginx.find("location = /status/embed.html {");
  const std::string embed_conf = nginx.substr(embed_location, nginx.find('}', embed_location) - embed_location);
  EXPECT_NE(embed_conf.find("add_header Origin-Agent-Cluster \"?1\" always;"), std::string::npos) << embed_conf;

  // _headers: one complete block per file, so hosts that merge matching rules never mix two.
  const std::string headers = read(f.options.out_dir / "_headers");
  EXPECT_NE(headers.find("/status/main-ABCDEFGH.js\n  Cache-Control: public, max-age=31536000, immutable\n"), std::string::npos)
      << headers;
  EXPECT_NE(headers.find("/status/api/v1/portal.json\n  Cache-Control: public, max-age=5, stale-while-revalidate=30\n"),
            std::string::npos);
  EXPECT_NE(headers.find("/status/\n  Cache-Control: no-cache\n"), std::string::npos);
  const auto wasm = headers.find("/status/candor_core-QRSTUVWX.wasm\n");
  ASSERT_NE(wasm, std::string::npos);
  EXPECT_NE(headers.find("  Content-Type: application/wasm\n", wasm), std::string::npos);
  const auto embed = headers.find("/status/embed.html\n");
  ASSERT_NE(embed, std::string::npos);
  const auto embed_end = headers.find("\n/", embed + 1);
  const std::string embed_block = headers.substr(embed, embed_end - embed);
  EXPECT_NE(embed_block.find("frame-ancestors *"), std::string::npos) << embed_block;
  EXPECT_EQ(embed_block.find("frame-ancestors 'self'"), std::string::npos);
  EXPECT_NE(embed_block.find("  Origin-Agent-Cluster: ?1\n"), std::string::npos) << "its own process where a host frames it";
  std::size_t blocks = 0;
  for (std::size_t at = 0; (at = headers.find("\n/status/", at)) != std::string::npos; ++at) ++blocks;
  const auto files = tree(f.options.out_dir);
  const auto plain = std::count_if(files.begin(), files.end(), [](const auto& kv) {
    const std::string& p = kv.first;
    return p.substr(p.size() - 3) != ".gz" && p.substr(p.size() - 3) != ".br" && p != "_headers" && p.rfind("_hosting/", 0) != 0;
  });
  EXPECT_EQ(blocks + 1, static_cast<std::size_t>(plain) + 1) << "the base path's block plus one per file";
  // Nothing inside the portal names an origin or the base path: it works anywhere.
  for (const char* path : {"index.html", "api/v1/widget.json"}) {
    const std::string body = read(f.options.out_dir / path);
    EXPECT_EQ(body.find("/status/"), std::string::npos) << path;
  }
}
