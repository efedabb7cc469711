// Keeping a snapshot and the engine built on its history together.
#include "candor/portal.hpp"

#include "candor/codec.hpp"
#include "candor/view_model.hpp"

namespace candor {

Error Portal::load(std::string_view snapshot_json) {
  Result<Snapshot> r = decode_snapshot(snapshot_json);
  if (!r) return r.error();
  load(std::move(r).value());
  return {};
}

void Portal::load(Snapshot snapshot) {
  engine_.reset();  // it refers to the history about to be replaced
  snapshot_ = std::move(snapshot);
  engine_ = std::make_unique<Engine>(snapshot_.history);
}

std::string Portal::view_model_json(TimeMs now) {
  if (!engine_) load(Snapshot{});
  return candor::view_model_json(snapshot_, *engine_, now);
}

}  // namespace candor
