// The backend's side of a customer case's promise (candor::case_promise_step): run on each
// case write and on the periodic tick, against the company's earlier cases, and stored, so
// the case page shows the same window every time it is opened and the track record counts it.
#pragma once

#include <string>

#include "store.hpp"
#include "candor/error.hpp"
#include "candor/time.hpp"

namespace candor::server {

// The case's promise step at `now`, stored (Store::save_case_promise). A resolved case gets
// no new promise, but its pending promise records are fulfilled. Returns whether a new
// promise was published; false also when there is no such case.
Result<bool> refresh_case_promise(Store& store, const std::string& case_id, TimeMs now);

// The same for every open case (the tick): how many got a new promise.
Result<int> refresh_open_case_promises(Store& store, TimeMs now);

}  // namespace candor::server
