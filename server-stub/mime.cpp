// The extension table behind mime_type() (mime.hpp).
#include "mime.hpp"

#include <cctype>
#include <string>

namespace candor::server {

std::string_view mime_type(std::string_view path) {
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  // Text types carry a charset: the portal is UTF-8 and must not be sniffed as Latin-1.
  static constexpr Entry kTable[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},   // RFC 9239: text/javascript for .js and .mjs
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"wasm", "application/wasm"},               // required by WebAssembly.instantiateStreaming
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/vnd.microsoft.icon"},
      {"webmanifest", "application/manifest+json"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
  };
  const auto slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "application/octet-stream";
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Entry& e : kTable) {
    if (e.ext == ext) return e.type;
  }
  return "application/octet-stream";
}

}  // namespace candor::server
