// libFuzzer target: the snapshot codec. Any input decodes or is rejected with an error value
// (never a crash); a decoded snapshot re-encodes to a fixed point: decode(encode(s)) encodes
// to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "candor/codec.hpp"
#include "candor/view_model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  candor::Result<candor::Snapshot> first = candor::decode_snapshot(text);
  if (!first) {
    if (first.error().code == candor::errc::ok || first.error().detail.empty()) std::abort();  // an error must say why
    return 0;
  }
  const std::string encoded = candor::encode_snapshot(first.value());
  candor::Result<candor::Snapshot> second = candor::decode_snapshot(encoded);
  if (!second) std::abort();  // what we write, we must read
  if (candor::encode_snapshot(second.value()) != encoded) std::abort();
  // The view model of any valid snapshot, at its own time and a day later.
  (void)candor::view_model_json(second.value(), second.value().generated_at);
  (void)candor::view_model_json(second.value(), second.value().generated_at + candor::kDayMs);
  return 0;
}
