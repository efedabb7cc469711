// Reading test data: natively from the source tree, in wasm through NODERAWFS.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace candor_test {

inline bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

inline std::string data_path(const std::string& name) { return std::string(CANDOR_TEST_DATA) + "/" + name; }

}  // namespace candor_test
