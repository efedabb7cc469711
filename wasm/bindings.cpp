// Embind bindings: JSON strings in and out; the codec and the logic are the core's.
// Errors come back as {"error": {...}} JSON, which wasm/candor.js turns into CandorError.
#include <emscripten/bind.h>

#include <string>

#include "candor/case_view.hpp"
#include "candor/codec.hpp"
#include "candor/portal.hpp"

namespace {

// The page's one portal: it loads a snapshot, then asks for views as time passes.
candor::Portal& portal() {
  static candor::Portal p;
  return p;
}

std::string load_snapshot(const std::string& json) {
  const candor::Error e = portal().load(json);
  return e.code == candor::errc::ok ? std::string() : candor::error_to_json(e);
}

// Time crosses the boundary as double milliseconds (int64 would need WASM_BIGINT).
std::string view_model(double now_ms) { return portal().view_model_json(static_cast<candor::TimeMs>(now_ms)); }

// A customer's case page: the case JSON as GET /api/v1/cases/{token}.json returns it, viewed
// at `now_ms`. No history of past cases reaches the browser, so its estimate is null; the
// promise the server stored is shown with its live late and missed parts.
std::string case_view_model(const std::string& case_json, double now_ms) {
  const candor::Result<candor::Case> c = candor::decode_case(case_json);
  if (!c) return candor::error_to_json(c.error());
  return candor::case_view_json(c.value(), nullptr, static_cast<candor::TimeMs>(now_ms));
}

}  // namespace

EMSCRIPTEN_BINDINGS(candor) {
  emscripten::function("loadSnapshot", &load_snapshot);
  emscripten::function("viewModel", &view_model);
  emscripten::function("caseViewModel", &case_view_model);
}
