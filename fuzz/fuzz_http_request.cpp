// libFuzzer target: the HTTP request path after parsing — routing, validation, operator and
// customer writes, the store — over a real SQLite store filled with the demo, with a valid
// operator token so that writes get past authentication. Input: "METHOD TARGET\n", header
// lines "Name: value\n", an empty line, then the body. Every answer must be a real status
// with the security headers, and every JSON error body must parse.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "customer_api.hpp"
#include "demo_data.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "sha256.hpp"
#include "store.hpp"

namespace {

constexpr candor::TimeMs kNow = 1793000000000;  // fixed: runs are repeatable
constexpr std::string_view kToken = "cnd_fuzzing-operator-token";

struct World {
  std::unique_ptr<candor::server::Store> store;
  std::unique_ptr<candor::server::PortalCache> cache;
  std::unique_ptr<candor::server::RateLimiter> limiter;
  candor::server::RouteContext ctx;
};

World& world() {
  static World* w = [] {
    auto* made = new World;
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("candor-fuzz-http-" + std::to_string(static_cast<long>(::getpid())));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = candor::server::Store::open((dir / "fuzz.db").string(), candor::server::Store::OpenMode::create_if_missing);
    if (!opened) std::abort();
    made->store = std::move(opened).value();
    auto content = candor::server::make_demo_content(42, kNow);
    if (!content || !made->store->replace_contents(content.value())) std::abort();
    if (!made->store->add_token({"fuzz", candor::server::sha256_bytes(kToken), "write"}, kNow)) std::abort();
    made->cache = std::make_unique<candor::server::PortalCache>(*made->store);
    made->limiter = std::make_unique<candor::server::RateLimiter>(1000000, 60000);
    made->ctx.portal = made->cache.get();
    made->ctx.store = made->store.get();
    made->ctx.limiter = made->limiter.get();
    made->ctx.web_root = dir / "web";  // absent: static paths answer 404
    return made;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace candor::server;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto line = [&in]() {
    const std::size_t end = in.find('\n');
    std::string_view l = in.substr(0, end);
    in = end == std::string_view::npos ? std::string_view() : in.substr(end + 1);
    return l;
  };
  Request req;
  const std::string_view first = line();
  const std::size_t space = first.find(' ');
  req.method = std::string(first.substr(0, space));
  req.target = space == std::string_view::npos ? "/" : std::string(first.substr(space + 1));
  if (req.target.empty() || req.target[0] != '/') req.target.insert(0, "/");
  for (std::string_view h = line(); !h.empty(); h = line()) {
    const std::size_t colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers.push_back({std::string(h.substr(0, colon)), std::string(value)});
  }
  // Half the inputs carry the operator's token, so that writes reach validation and the store.
  if (size % 2 == 0) req.headers.push_back({"Authorization", "Bearer " + std::string(kToken)});
  req.body = std::string(in);
  req.client = "198.51.100.7";

  const Response r = handle_request(world().ctx, req, kNow);
  if (r.status < 100 || r.status > 599) std::abort();
  if (r.header("Content-Security-Policy").empty() || r.header("X-Content-Type-Options") != "nosniff") std::abort();
  // HEAD answers carry the headers but no body (finish() in routes.cpp), so only GETs and
  // writes have an error body to check.
  if (req.method != "HEAD" && r.status >= 400 && r.header("Content-Type").rfind("application/json", 0) == 0 &&
      r.header("Content-Encoding").empty()) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(r.body, ec);
    if (ec || !v.is_object() || !v.as_object().contains("error")) std::abort();
  }
  return 0;
}
