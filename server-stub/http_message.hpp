// Beast-free request and response values: routes are plain functions over these, so they
// compile in a second and are tested without sockets. Only http_server.cpp converts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace candor::server {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // origin-form, e.g. "/api/v1/portal.json?x=1"
  std::vector<Header> headers;
  std::string body;
  std::string client;  // the peer's IP address ("" when unknown), for per-client limits

  // First header with this name (ASCII case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;  // empty for HEAD, 304 and 204
  // What Content-Length announces: the GET body size, also for HEAD. Ignored for 204/304.
  std::size_t content_length = 0;

  std::string_view header(std::string_view name) const;
  void set_header(std::string name, std::string value);  // replaces an existing one
};

// A short text/plain answer (errors, redirects) that no cache keeps.
Response text_response(int status, std::string body);

bool iequals(std::string_view a, std::string_view b);

// RFC 9110 §13.1.2 If-None-Match: weak comparison against a list of entity tags, or "*".
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

// The reason phrase is Beast's business; this is for logs and error bodies.
const char* status_text(int status);

}  // namespace candor::server
