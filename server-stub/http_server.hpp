// The network front: listener, keep-alive sessions, timeouts and signals. The only file
// that includes Boost.Beast/Asio (about 11 s to compile), so everything else stays fast.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "routes.hpp"

namespace candor::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = any free port
  // A request (headers and body) must arrive within this; idle keep-alive connections
  // are closed after it too. Slow clients cannot hold a connection open.
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::size_t body_limit = 64 * 1024;  // the API is read-only; nothing legitimate is bigger
  std::size_t header_limit = 16 * 1024;
  // Connections open at once; one more is answered "503, Retry-After: 1" and closed, so a
  // flood cannot exhaust file descriptors and a client learns why.
  std::size_t max_connections = 1024;
  // Called every tick_interval on the server's thread (the periodic promise step); empty = none.
  std::function<void()> tick;
  std::chrono::seconds tick_interval{60};
  // Called once with the bound port after the "Candor serving at" line (port 0 picks one),
  // before the first request; empty = none. serve uses it for links' default public URL.
  std::function<void(std::uint16_t port)> on_listening;
};

// Binds, writes "Candor serving at http://HOST:PORT/" (the bound port) as the first line
// on stdout and flushes it, then serves on this thread until SIGINT or SIGTERM. Returns
// the process exit code: 0 after a signal, 1 when it cannot listen.
int serve_http(const ServerOptions& options, RouteContext& routes);

}  // namespace candor::server
