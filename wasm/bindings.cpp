// Embind bindings: JSON strings in and out; the codec and the logic are the core's.
// Errors come back as {"error": {...}} JSON, which wasm/candor.js turns into CandorError.
#include <emscripten/bind.h>

#include <string>

#include "candor/codec.hpp"
#include "candor/view_model.hpp"

namespace {

// The snapshot most recently loaded; the page loads one, then asks for views as time passes.
candor::Snapshot& loaded() {
  static candor::Snapshot snapshot;
  return snapshot;
}

std::string load_snapshot(const std::string& json) {
  candor::Result<candor::Snapshot> r = candor::decode_snapshot(json);
  if (!r) return candor::error_to_json(r.error());
  loaded() = std::move(r).value();
  return "";
}

// Time crosses the boundary as double milliseconds (int64 would need WASM_BIGINT).
std::string view_model(double now_ms) { return candor::view_model_json(loaded(), static_cast<candor::TimeMs>(now_ms)); }

}  // namespace

EMSCRIPTEN_BINDINGS(candor) {
  emscripten::function("loadSnapshot", &load_snapshot);
  emscripten::function("viewModel", &view_model);
}
