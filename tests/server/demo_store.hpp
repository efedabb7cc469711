// A real SQLite store in a test's directory, filled with the seeded demo at `now`: the
// starting point of the route, operator and customer API tests.
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "demo_data.hpp"
#include "store.hpp"
#include "temp_dir.hpp"

namespace candor_test {

// Null (with a test failure recorded) when the store cannot be created or filled.
inline std::unique_ptr<candor::server::Store> open_demo_store(const TempDir& dir, candor::TimeMs now) {
  using candor::server::Store;
  auto opened = Store::open(dir.file("portal.db"), Store::OpenMode::create_if_missing);
  if (!opened.ok()) {
    ADD_FAILURE() << opened.error().detail;
    return nullptr;
  }
  std::unique_ptr<Store> store = std::move(opened).value();
  auto content = candor::server::make_demo_content(42, now);
  if (!content.ok() || !store->replace_contents(content.value()).ok()) {
    ADD_FAILURE() << "the demo could not be written to the store";
    return nullptr;
  }
  return store;
}

}  // namespace candor_test
