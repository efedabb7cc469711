// Inflating a gzip member in tests, with zlib directly: the check on what gzip_compress and
// `candor publish` write must not go through the code under test.
#pragma once

#include <zlib.h>

#include <string>

#include <gtest/gtest.h>

namespace candor_test {

// Up to 16 MiB of output: ample for the test files.
inline std::string gunzip(const std::string& gz) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(std::size_t{16} << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

}  // namespace candor_test
