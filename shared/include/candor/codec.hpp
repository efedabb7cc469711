// The one JSON codec for the model (Boost.JSON). Decoding is strict: a wrong type, an
// unknown enum value or an unknown field is an Error naming the JSON pointer and what
// was expected. Encoding always writes every key (null where absent).
#pragma once

#include <string>
#include <string_view>

#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor {

Result<Snapshot> decode_snapshot(std::string_view json);
std::string encode_snapshot(const Snapshot& snapshot);

Result<Case> decode_case(std::string_view json);
std::string encode_case(const Case& c);

}  // namespace candor
