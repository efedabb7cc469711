// routes.cpp and static_files.cpp through handle_request: a real store and web root on
// disk, no sockets.
#include "prerender.hpp"
#include "routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "candor/codec.hpp"
#include "demo_data.hpp"
#include "gzip.hpp"
#include "mime.hpp"
#include "portal_cache.hpp"
#include "static_files.hpp"
#include "store.hpp"
#include "demo_store.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace {

using namespace candor::server;
using candor::TimeMs;
using candor_test::TempDir;
using candor_test::utc;

const TimeMs kNow = utc(2026, 3, 20, 12, 0, 0);

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = dir_.path() / "web";
    dir_.write("web/index.html", "<!doctype html><title>Candor</title>");
    dir_.write("web/app.mjs", "export const x = 1;\n");
    dir_.write("web/candor_core.wasm", std::string("\0asm\1\0\0\0", 8));
    dir_.write("web/style.css", "body{}");
    dir_.write("web/docs/index.html", "<p>docs</p>");
    dir_.write("web/.env", "SECRET=1");
    dir_.write("secret.txt", "outside the web root");

    store_ = candor_test::open_demo_store(dir_, kNow);
    ASSERT_NE(store_, nullptr);
    cache_ = std::make_unique<PortalCache>(*store_);
    ctx_.portal = cache_.get();
    ctx_.web_root = web_;
  }

  Response get(std::string target, std::string method = "GET", std::vector<Header> headers = {}) {
    Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.headers = std::move(headers);
    return handle_request(ctx_, req, kNow);
  }

  static void expect_security_headers(const Response& r) {
    EXPECT_EQ(r.header("Content-Security-Policy"), kContentSecurityPolicy) << "status " << r.status;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r.header("Origin-Agent-Cluster"), "?1");
  }

  TempDir dir_;
  std::filesystem::path web_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<PortalCache> cache_;
  RouteContext ctx_;
};

TEST_F(RoutesTest, StaticFilesAreGzippedWhenAcceptedWithTheirOwnEtag) {
  std::string script;
  for (int i = 0; i < 400; ++i) script += "export const line" + std::to_string(i) + " = 'same words again';\n";
  dir_.write("web/big.js", script);
  const Response plain = get("/big.js");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, script);
  EXPECT_EQ(plain.header("Content-Encoding"), "");
  EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");
  const Response gz = get("/big.js", "GET", {{"Accept-Encoding", "br, gzip"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_LT(gz.body.size(), script.size() / 4);
  EXPECT_EQ(std::string(gz.header("ETag")), gzip_etag(plain.header("ETag")));
  EXPECT_EQ(get("/big.js", "GET", {{"Accept-Encoding", "gzip"}, {"If-None-Match", std::string(gz.header("ETag"))}}).status, 304);
  // The identity tag does not validate the gzip representation, nor the other way round.
  EXPECT_EQ(get("/big.js", "GET", {{"Accept-Encoding", "gzip"}, {"If-None-Match", std::string(plain.header("ETag"))}}).status, 200);
  // Small files and images go as they are.
  EXPECT_EQ(get("/app.mjs", "GET", {{"Accept-Encoding", "gzip"}}).header("Content-Encoding"), "");
}

TEST_F(RoutesTest, ErrorBodiesStayValidJsonWhateverThePath) {
  // A hostile target with bytes that are not UTF-8 and a quote: the 404 still parses as JSON.
  const Response r = get("/api/v1/\xff\xfe\"x.json");
  EXPECT_EQ(r.status, 404);
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  EXPECT_EQ(doc.at("error").at("code").as_string(), "not_found");
  EXPECT_EQ(doc.at("error").at("path").as_string(), "/api/v1/??\"x.json");
}

TEST_F(RoutesTest, WidgetViewIsSmallCacheableAndFromTheCore) {
  const Response r = get("/api/v1/widget.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  const auto doc = boost::json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("schema").as_string(), "candor.widget/1");
  EXPECT_EQ(doc.at("incidents").as_array().size(), 1u);  // the demo's active incident
  EXPECT_LT(r.body.size(), 4000u);  // against a snapshot of ~200 KB
  const Response again = get("/api/v1/widget.json", "GET", {{"If-None-Match", std::string(r.header("ETag"))}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(get("/api/v1/widget.json", "POST").status, 405);
}

TEST_F(RoutesTest, PortalIsTheEncodedSnapshot) {
  const Response r = get("/api/v1/portal.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=5, stale-while-revalidate=30");
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(r.content_length, r.body.size());
  expect_security_headers(r);
  auto snapshot = store_->load_snapshot(kNow);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(r.body, candor::encode_snapshot(snapshot.value()));
  const std::string etag(r.header("ETag"));
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag.rfind("\"1-", 0), 0u) << etag;  // carries the version
}

TEST_F(RoutesTest, PortalAnswers304ForItsETag) {
  const std::string etag(get("/api/v1/portal.json").header("ETag"));
  for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const Response r = get("/api/v1/portal.json", "GET", {{"If-None-Match", inm}});
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.header("ETag"), etag);
    expect_security_headers(r);
  }
  EXPECT_EQ(get("/api/v1/portal.json", "GET", {{"If-None-Match", "\"1-0000000000000000\""}}).status, 200);
}

TEST_F(RoutesTest, PortalETagIsStableUntilTheStoreChanges) {
  const std::string first(get("/api/v1/portal.json").header("ETag"));
  EXPECT_EQ(get("/api/v1/portal.json").header("ETag"), first);
  auto content = make_demo_content(43, kNow);
  ASSERT_TRUE(store_->replace_contents(content.value()).ok());
  const std::string second(get("/api/v1/portal.json").header("ETag"));
  EXPECT_NE(second, first);
  EXPECT_EQ(second.rfind("\"2-", 0), 0u) << second;
}

TEST_F(RoutesTest, HeadHasTheHeadersButNoBody) {
  const Response full = get("/api/v1/portal.json");
  const Response head = get("/api/v1/portal.json", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.content_length, full.body.size());
  EXPECT_EQ(head.header("ETag"), full.header("ETag"));

  const Response index_head = get("/", "HEAD");
  EXPECT_EQ(index_head.status, 200);
  EXPECT_TRUE(index_head.body.empty());
  EXPECT_EQ(index_head.content_length, get("/").body.size());
}

TEST_F(RoutesTest, ApiErrorsAreJson) {
  const Response missing = get("/api/v1/nope.json");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("Content-Type"), "application/json");
  EXPECT_EQ(missing.body, R"({"error":{"code":"not_found","path":"/api/v1/nope.json","detail":"no such endpoint"}})");
  expect_security_headers(missing);

  const Response post = get("/api/v1/portal.json", "POST");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD, OPTIONS");
  expect_security_headers(post);

  const Response preflight = get("/api/v1/portal.json", "OPTIONS");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), "*");
  EXPECT_NE(preflight.header("Access-Control-Allow-Headers").find("If-None-Match"), std::string_view::npos);
}

TEST_F(RoutesTest, HostileTargetsCannotBreakTheErrorJson) {
  const Response r = get("/api/\"}\x01\xff");
  EXPECT_EQ(r.status, 404);
  boost::system::error_code ec;
  boost::json::parse(r.body, ec);
  EXPECT_FALSE(ec) << r.body;
  EXPECT_EQ(r.body.find('\x01'), std::string::npos);
  EXPECT_NE(r.body.find(R"(\"})"), std::string::npos);
}

TEST_F(RoutesTest, NoStoreMeans503) {
  ctx_.portal = nullptr;
  EXPECT_EQ(get("/api/v1/portal.json").status, 503);
}

TEST_F(RoutesTest, StaticFilesWithTheirTypes) {
  const Response index = get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>Candor</title>");
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  expect_security_headers(index);
  EXPECT_TRUE(index.header("Access-Control-Allow-Origin").empty());

  EXPECT_EQ(get("/index.html?v=3").body, index.body);
  EXPECT_EQ(get("/app.mjs").header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/style.css").header("Content-Type"), "text/css; charset=utf-8");
  const Response wasm = get("/candor_core.wasm");
  EXPECT_EQ(wasm.status, 200);
  EXPECT_EQ(wasm.header("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm.body.size(), 8u);
  EXPECT_EQ(get("/docs/").body, "<p>docs</p>");
}

TEST_F(RoutesTest, StaticFilesRevalidateWithETags) {
  const Response first = get("/app.mjs");
  const std::string etag(first.header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first.header("Cache-Control"), "no-cache");
  const Response again = get("/app.mjs", "GET", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(RoutesTest, HashedBundlesAreImmutable) {
  dir_.write("web/main-DVCKVEPX.js", "//");
  dir_.write("web/styles-FS52OPZ4.css.map", "{}");
  EXPECT_EQ(get("/main-DVCKVEPX.js").header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/styles-FS52OPZ4.css.map").header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/candor_core.wasm").header("Cache-Control"), "no-cache");  // fixed name
  EXPECT_EQ(get("/index.html").header("Cache-Control"), "no-cache");
}

TEST_F(RoutesTest, DirectoryWithoutSlashRedirects) {
  const Response r = get("/docs?lang=nb");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.header("Location"), "/docs/?lang=nb");
}

TEST_F(RoutesTest, UnknownPathsAre404) {
  const Response r = get("/nope.js");
  EXPECT_EQ(r.status, 404);
  expect_security_headers(r);
  EXPECT_EQ(get("/.env").status, 404);           // dot-files are never served
  EXPECT_EQ(get("/docs/missing/").status, 404);
}

TEST_F(RoutesTest, TraversalIsRejected) {
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/docs/..%2f..%2fsecret.txt",
                             "/docs/../../secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "/./index.html",
                             "/%00index.html", "/%zz", "/%4", "secret.txt", "*"}) {
    const Response r = get(target);
    EXPECT_GE(r.status, 400) << target;
    EXPECT_LT(r.status, 500) << target;
    EXPECT_EQ(r.body.find("outside the web root"), std::string::npos) << target;
    expect_security_headers(r);
  }
  // Double encoding decodes once only: "%252e%252e" is a file literally named "%2e%2e".
  EXPECT_EQ(get("/%252e%252e/secret.txt").status, 404);
}

TEST_F(RoutesTest, SymlinksOutOfTheRootAreNotFollowed) {
  std::filesystem::create_symlink(dir_.path() / "secret.txt", web_ / "link.txt");
  EXPECT_EQ(get("/link.txt").status, 404);
}

TEST_F(RoutesTest, OnlyGetAndHeadOnStaticPaths) {
  for (const char* m : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    const Response r = get("/index.html", m);
    EXPECT_EQ(r.status, 405) << m;
    EXPECT_EQ(r.header("Allow"), "GET, HEAD");
    expect_security_headers(r);
  }
}

TEST_F(RoutesTest, MissingWebRootServesTheApiOnly) {
  ctx_.web_root = dir_.path() / "not-built-yet";
  EXPECT_EQ(get("/").status, 404);
  EXPECT_EQ(get("/api/v1/portal.json").status, 200);
}

TEST(ErrorResponse, CarriesTheSecurityHeaders) {
  const Response r = error_response(413, "Request body too large");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("Content-Security-Policy"), kContentSecurityPolicy);
  EXPECT_EQ(r.content_length, r.body.size());
}

TEST(SafeRelativePath, DecodesAndNormalises) {
  EXPECT_EQ(safe_relative_path("/"), "index.html");
  EXPECT_EQ(safe_relative_path("/a/b.js"), "a/b.js");
  EXPECT_EQ(safe_relative_path("/a//b.js"), "a/b.js");
  EXPECT_EQ(safe_relative_path("/a/"), "a/index.html");
  EXPECT_EQ(safe_relative_path("/caf%C3%A9.html"), "caf\xC3\xA9.html");
  EXPECT_EQ(safe_relative_path("/a%20b"), "a b");
  EXPECT_EQ(safe_relative_path("/..."), "...");  // a name, not a dot segment
  EXPECT_FALSE(safe_relative_path("/a/../b"));
  EXPECT_FALSE(safe_relative_path("/a/%2e%2e/b"));
  EXPECT_FALSE(safe_relative_path("/a%2fb"));
  EXPECT_FALSE(safe_relative_path("/a%"));
  EXPECT_FALSE(safe_relative_path("relative"));
}

TEST(IfNoneMatch, WeakComparisonOverALists) {
  EXPECT_TRUE(if_none_match_matches("\"a\"", "\"a\""));
  EXPECT_TRUE(if_none_match_matches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(if_none_match_matches(" \"x\" , \"a\" ", "\"a\""));
  EXPECT_TRUE(if_none_match_matches("*", "\"a\""));
  EXPECT_FALSE(if_none_match_matches("\"b\"", "\"a\""));
  EXPECT_FALSE(if_none_match_matches("", "\"a\""));
}

TEST(Mime, TheTypesBrowsersInsistOn) {
  EXPECT_EQ(mime_type("x/core.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("i.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("i.png"), "image/png");
  EXPECT_EQ(mime_type("favicon.ico"), "image/vnd.microsoft.icon");
  EXPECT_EQ(mime_type("site.webmanifest"), "application/manifest+json");
  EXPECT_EQ(mime_type("data.json"), "application/json");
  EXPECT_EQ(mime_type("README"), "application/octet-stream");
  EXPECT_EQ(mime_type("dir.v2/file"), "application/octet-stream");
}

}  // namespace

namespace {

// With a pre-render cache, "/" and "/index.html" carry the current status for readers
// without JavaScript; the page revalidates, 304s on its ETag, and changes with the data.
TEST_F(RoutesTest, TheEntryPageIsPreRenderedWhenTheCatalogIsThere) {
  PrerenderCache prerender;
  ctx_.prerender = &prerender;
  // Without a catalog the file is served as it is.
  Response plain = get("/");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, "<!doctype html><title>Candor</title>");

  dir_.write("web/index.html",
             "<!doctype html>\n<html lang=\"en\"><head><title>Service status</title></head><body>"
             "<main id=\"main\" tabindex=\"-1\"><p class=\"loading\">Loading</p></main></body></html>\n");
  dir_.write("web/i18n/en.json", R"({"app.title": "{name} status", "overall.partial_outage": "Some systems are partly unavailable.",
      "overall.operational": "All systems are operational.", "incidents.heading": "Active incidents"})");
  for (const char* path : {"/", "/index.html"}) {
    const Response r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.header("Cache-Control"), "no-cache");
    expect_security_headers(r);
    EXPECT_NE(r.body.find("<title>Northwind Cloud status</title>"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("id=\"overall-static\">Some systems are partly unavailable.</p>"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("Loading"), std::string::npos);
  }
  const Response first = get("/");
  EXPECT_EQ(get("/", "GET", {{"If-None-Match", std::string(first.header("ETag"))}}).status, 304);
  const Response head = get("/", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  // Other pages are files, untouched.
  EXPECT_EQ(get("/docs/index.html").body, "<p>docs</p>");
}

}  // namespace

namespace {

TEST_F(RoutesTest, OnlyTheEmbedPageMayBeFramedByOtherSites) {
  dir_.write("web/embed.html", "<!doctype html><title>embed</title>");
  const Response embed = get("/embed.html");
  ASSERT_EQ(embed.status, 200);
  EXPECT_EQ(embed.header("Content-Security-Policy"), kEmbedContentSecurityPolicy);
  EXPECT_NE(embed.header("Content-Security-Policy").find("frame-ancestors *;"), std::string_view::npos);
  EXPECT_NE(get("/").header("Content-Security-Policy").find("frame-ancestors 'self';"), std::string_view::npos);
  // The two policies differ in frame-ancestors only.
  std::string relaxed(kEmbedContentSecurityPolicy);
  relaxed.replace(relaxed.find("frame-ancestors *"), 17, "frame-ancestors 'self'");
  EXPECT_EQ(relaxed, kContentSecurityPolicy);
}

}  // namespace
