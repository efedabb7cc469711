// A store failure as the one HTTP answer every API gives for it. A fault that clears (the
// file read-only, the disk full, the store busy) is a 503 with Retry-After, so operators'
// tools and customers' browsers retry rather than give up; anything else is a 500. Either
// way nothing was changed, and the detail (file names, SQLite's words) goes to the log only.
#pragma once

#include <string_view>

#include "candor/error.hpp"
#include "http_message.hpp"
#include "store.hpp"

namespace candor::server {

// Seconds a client should wait before retrying, by kind: a busy store frees up within a
// second or so; a read-only file or a full disk waits for an operator.
constexpr int kRetryAfterBusyS = 1;
constexpr int kRetryAfterFaultS = 30;

// `what` names the operation for the log ("create incident").
Response store_failure_response(std::string_view what, const Error& e);

}  // namespace candor::server
