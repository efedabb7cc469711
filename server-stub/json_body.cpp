// Free functions of json_body.hpp.
#include "json_body.hpp"

#include <boost/json/serialize.hpp>

namespace candor::server {

namespace json = boost::json;

Response json_response(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  r.headers.push_back({"Content-Type", "application/json"});
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

Response json_error(int status, std::string_view code, std::string_view path, std::string_view detail) {
  // Paths and details may quote a hostile request: bytes that are not valid UTF-8 become '?',
  // so the error body is always valid JSON.
  const auto safe = [](std::string_view s) {
    std::string out(s);
    if (!valid_utf8(out))
      for (char& c : out)
        if (static_cast<unsigned char>(c) >= 0x80) c = '?';
    return out;
  };
  json::object e;
  e["code"] = safe(code);
  e["path"] = safe(path);
  e["detail"] = safe(detail);
  json::object o;
  o["error"] = std::move(e);
  return json_response(status, o);
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    const unsigned char c = p[i];
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (p[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

}  // namespace candor::server
