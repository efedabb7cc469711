// Accept-Encoding parsing and zlib's deflate with a gzip wrapper (gzip.hpp).
#include "gzip.hpp"

#include <zlib.h>

#include <cstdlib>

#include "http_message.hpp"

namespace candor::server {

bool accepts_gzip(std::string_view header) {
  bool gzip = false, star = false, gzip_listed = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const auto semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
    while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
    bool allowed = true;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      const auto q = params.find("q=");
      if (q != std::string_view::npos) {
        // "q=0", "q=0.0", "q=0.000" refuse; anything else above zero allows.
        std::string_view v = params.substr(q + 2);
        bool nonzero = false;
        for (char c : v) {
          if (c >= '1' && c <= '9') nonzero = true;
          if (c != '0' && c != '.' && (c < '1' || c > '9')) break;
        }
        allowed = nonzero;
      }
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip_listed = true;
      gzip = allowed;
    } else if (coding == "*") {
      star = allowed;
    }
  }
  return gzip_listed ? gzip : star;
}

std::optional<std::string> gzip_compress(std::string_view bytes, int level) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t n = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(n);
  return out;
}

std::string gzip_etag(std::string_view etag) {
  if (etag.size() >= 2 && etag.back() == '"') return std::string(etag.substr(0, etag.size() - 1)) + "-gz\"";
  return std::string(etag) + "-gz";
}

}  // namespace candor::server
