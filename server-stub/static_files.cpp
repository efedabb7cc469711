// Safe path resolution and file responses for the web directory (static_files.hpp).
#include "static_files.hpp"

#include <fstream>
#include <map>
#include <mutex>
#include <iterator>
#include <system_error>
#include <vector>

#include "gzip.hpp"
#include "mime.hpp"

namespace candor::server {
namespace {

namespace fs = std::filesystem;

// Anything larger is not part of a portal build; refuse rather than buffer it.
constexpr std::uintmax_t kMaxFileBytes = 32u * 1024 * 1024;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string hex(std::uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  return out;
}

// True when `p` (canonical) is `root` (canonical) or inside it.
bool within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

// esbuild's "[name]-[hash]" output (web/build.mjs): eight characters of upper-case base32
// before the extension. Such a name never changes content, so it may be cached for good.
bool content_hashed(std::string_view rel) {
  const auto slash = rel.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  const auto dot = name.find('.');
  if (dot == std::string_view::npos || dot < 9 || name[dot - 9] != '-') return false;
  for (std::size_t i = dot - 8; i < dot; ++i) {
    const char c = name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::optional<std::string> safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string> segments;
  std::string segment;
  auto end_segment = [&]() -> bool {
    if (segment == "." || segment == "..") return false;
    if (!segment.empty()) segments.push_back(std::move(segment));
    segment.clear();
    return true;
  };
  for (std::size_t i = 1; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (!end_segment()) return std::nullopt;
      continue;
    }
    if (c == '%') {
      if (i + 2 >= path.size()) return std::nullopt;  // needs two hex digits
      const int hi = hex_value(path[i + 1]), lo = hex_value(path[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
      // Decoded separators would let "%2e%2e%2f" smuggle a ".." segment past the split.
      if (c == '/' || c == '\\' || c == '\0') return std::nullopt;
    } else if (c == '\\' || c == '\0') {
      return std::nullopt;
    }
    segment += c;
  }
  const bool trailing_slash = segment.empty();
  if (!end_segment()) return std::nullopt;
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out += '/';
    out += s;
  }
  if (trailing_slash) out += out.empty() ? "index.html" : "/index.html";
  return out;
}

namespace {

// Text, scripts, JSON, SVG and wasm shrink well; images and fonts are compressed already.
bool compressible(std::string_view type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("application/javascript", 0) == 0 || type.rfind("image/svg+xml", 0) == 0 ||
         type == "application/wasm" || type.rfind("application/manifest+json", 0) == 0;
}

// Each file version (path and ETag) is compressed once; a build has a few dozen files.
std::optional<std::string> gzipped(const std::string& key, const std::string& body) {
  static std::mutex mutex;
  static std::map<std::string, std::string> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::optional<std::string> gz = gzip_compress(body);
  if (!gz) return std::nullopt;
  if (cache.size() >= 256) cache.clear();  // old builds' entries: start over
  return cache.emplace(key, std::move(*gz)).first->second;
}

}  // namespace

Response serve_static(const fs::path& root, const Request& req, std::string_view request_path,
                      std::string_view query) {
  const std::optional<std::string> rel = safe_relative_path(request_path);
  if (!rel) return text_response(400, "Bad request path\n");
  // Dot-files (.git, .env ...) are never part of a build: treat them as absent.
  if ((*rel)[0] == '.' || rel->find("/.") != std::string::npos) return text_response(404, "Not found\n");

  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return text_response(404, "Not found\n");
  const fs::path resolved = fs::canonical(canonical_root / fs::u8path(*rel), ec);
  if (ec || !within(canonical_root, resolved)) return text_response(404, "Not found\n");

  const fs::file_status st = fs::status(resolved, ec);
  if (ec) return text_response(404, "Not found\n");
  if (fs::is_directory(st)) {
    // "/docs" → "/docs/" so that the page's relative links resolve inside the directory.
    Response r = text_response(301, "Moved\n");
    std::string location(request_path);
    location += '/';
    if (!query.empty()) location += "?" + std::string(query);
    r.headers.push_back({"Location", std::move(location)});
    return r;
  }
  if (!fs::is_regular_file(st)) return text_response(404, "Not found\n");

  const std::uintmax_t size = fs::file_size(resolved, ec);
  if (ec || size > kMaxFileBytes) return text_response(404, "Not found\n");
  const auto mtime = fs::last_write_time(resolved, ec);
  if (ec) return text_response(404, "Not found\n");
  // Like nginx: size and modification time, which change whenever a build rewrites the file.
  const std::string etag = "\"" + hex(size) + "-" +
                           hex(static_cast<std::uint64_t>(mtime.time_since_epoch().count())) + "\"";

  Response r;
  const std::string_view type = mime_type(*rel);
  r.headers.push_back({"Content-Type", std::string(type)});
  // Hashed bundles are immutable; everything else (index.html, the wasm core) revalidates
  // on every use, which the ETag turns into a 304.
  r.headers.push_back({"Cache-Control", content_hashed(*rel) ? "public, max-age=31536000, immutable" : "no-cache"});
  // The gzip representation, like the API's documents, has its own ETag ("<tag>-gz").
  const bool gzip = compressible(type) && size >= kGzipMinBytes && accepts_gzip(req.header("Accept-Encoding"));
  if (compressible(type)) r.headers.push_back({"Vary", "Accept-Encoding"});
  const std::string tag = gzip ? gzip_etag(etag) : etag;
  r.headers.push_back({"ETag", tag});
  const std::string_view inm = req.header("If-None-Match");
  if (!inm.empty() && if_none_match_matches(inm, tag)) {
    r.status = 304;
    return r;
  }
  std::ifstream in(resolved, std::ios::binary);
  if (!in) return text_response(404, "Not found\n");
  r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return text_response(500, "Read error\n");
  if (gzip) {
    if (std::optional<std::string> gz = gzipped(resolved.string() + "\n" + etag, r.body)) {
      r.body = std::move(*gz);
      r.headers.push_back({"Content-Encoding", "gzip"});
    } else {
      for (Header& h : r.headers)  // zlib failed: the identity body, under its own tag
        if (h.name == "ETag") h.value = etag;
    }
  }
  r.status = 200;
  return r;
}

}  // namespace candor::server
