// What the HTTP API suites share: the demo store on disk, its portal cache, a route context
// over both, a write and a read-reports operator token, and one way to build a request. Each
// suite adds the calls and checks of its own API.
#pragma once

#include <memory>
#include <string>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "demo_store.hpp"
#include "operator_api.hpp"
#include "portal_cache.hpp"
#include "routes.hpp"
#include "store.hpp"
#include "temp_dir.hpp"
#include "test_time.hpp"

namespace candor_test {

// The demo store's "now" in every API suite: 2026-03-20T12:00:00Z.
constexpr candor::TimeMs kApiNow = 1774008000000;

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_demo_store(dir_, kApiNow);
    ASSERT_NE(store_, nullptr);
    cache_ = std::make_unique<candor::server::PortalCache>(*store_);
    ctx_.portal = cache_.get();
    ctx_.store = store_.get();
    auto w = candor::server::create_operator_token(*store_, "write", kApiNow);
    ASSERT_TRUE(w.ok());
    write_token_ = w.value().secret;
    auto r = candor::server::create_operator_token(*store_, "read-reports", kApiNow);
    ASSERT_TRUE(r.ok());
    reports_token_ = r.value().secret;
  }

  // A request as the server parses it; `token` "" sends no Authorization, `content_type` ""
  // no Content-Type.
  static candor::server::Request request(std::string method, std::string target, std::string body,
                                         const std::string& token = "", std::string client = "192.0.2.1",
                                         const std::string& content_type = "application/json") {
    candor::server::Request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    req.client = std::move(client);
    if (!content_type.empty()) req.headers.push_back({"Content-Type", content_type});
    if (!token.empty()) req.headers.push_back({"Authorization", "Bearer " + token});
    return req;
  }

  static boost::json::value body(const candor::server::Response& r) { return boost::json::parse(r.body); }
  static std::string error_code(const candor::server::Response& r) {
    return std::string(body(r).at("error").at("code").as_string());
  }
  static std::string error_path(const candor::server::Response& r) {
    return std::string(body(r).at("error").at("path").as_string());
  }

  TempDir dir_;
  std::unique_ptr<candor::server::Store> store_;
  std::unique_ptr<candor::server::PortalCache> cache_;
  candor::server::RouteContext ctx_;
  std::string write_token_, reports_token_;
};

}  // namespace candor_test
