// The embeddable widget's view: a few hundred bytes instead of the whole snapshot, computed by
// the native core on the backend and by publish, so a host page never loads the wasm core.
// Times are absolute; the widget only formats them. Shape: web/widget/README-shape.md
// ("schema": "candor.widget/1").
#pragma once

#include <string>

#include "candor/engine.hpp"
#include "candor/model.hpp"

namespace candor {

std::string widget_view_json(const Snapshot& snapshot, Engine& engine, TimeMs now);
std::string widget_view_json(const Snapshot& snapshot, TimeMs now);

}  // namespace candor
