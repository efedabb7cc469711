// Boost.Beast over Asio, shaped like Beast's http_server_async example: the listener only
// accepts, a session only reads and writes, routes decide the answer (http_server.hpp).
#include "http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "log.hpp"

namespace candor::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using beast::error_code;

TimeMs wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string endpoint_text(const tcp::endpoint& ep) {
  const auto addr = ep.address();
  const std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return host + ":" + std::to_string(ep.port());
}

// Every failure that is not the peer simply going away is worth a line.
void fail(const error_code& ec, const char* what) {
  if (ec == net::error::operation_aborted) return;
  const bool routine = ec == beast::error::timeout || ec == net::error::connection_reset ||
                       ec == net::error::broken_pipe || ec == net::error::eof ||
                       ec == http::error::partial_message;  // the client left mid-request
  log(routine ? LogLevel::debug : LogLevel::warn, std::string(what) + ": " + ec.message());
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const ServerOptions& options, RouteContext& routes,
          std::shared_ptr<std::size_t> open_count)
      : stream_(std::move(socket)), options_(options), routes_(routes), open_count_(std::move(open_count)) {
    ++*open_count_;
    error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? std::string("?") : endpoint_text(ep);
    client_ = ec ? std::string() : ep.address().to_string();
  }

  ~Session() { --*open_count_; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() {
    // Start on the session's strand (the listener accepted it onto one).
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
  }

 private:
  void do_read() {
    parser_.emplace();  // a fresh parser per request: limits apply per message
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
    stream_.expires_after(options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit) return reply_error(413, "Request body too large", ec);
    if (ec == http::error::header_limit) return reply_error(431, "Request headers too large", ec);
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::partial_message) {
      return reply_error(400, "Malformed request", ec);
    }
    if (ec) return fail(ec, ("read " + peer_).c_str());

    started_ = std::chrono::steady_clock::now();
    http::request<http::string_body>& in = parser_->get();
    Request req;
    req.method = std::string(in.method_string());
    req.target = std::string(in.target());
    for (const auto& field : in) req.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    req.body = std::move(in.body());
    req.client = client_;
    method_ = req.method;
    target_ = req.target;

    const TimeMs now = wall_clock_ms();  // the one clock read for this request
    send(handle_request(routes_, req, now), in.version(), in.keep_alive());
  }

  // Answers a request that could not be parsed, then closes: the stream position is lost.
  void reply_error(int status, const char* detail, const error_code& ec) {
    started_ = std::chrono::steady_clock::now();
    method_ = "-";
    target_ = ec.message();
    send(error_response(status, detail), 11, false);
  }

  void send(Response out, unsigned version, bool keep_alive) {
    response_ = {};
    response_.version(version);
    response_.result(static_cast<unsigned>(out.status));
    for (Header& h : out.headers) response_.insert(h.name, std::move(h.value));
    response_.body() = std::move(out.body);
    // Beast writes the body as given; Content-Length is ours so HEAD can announce the GET size.
    if (out.status != 204 && out.status != 304) response_.content_length(out.content_length);
    response_.keep_alive(keep_alive);
    body_bytes_ = response_.body().size();
    stream_.expires_after(options_.write_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this(), response_.keep_alive()));
  }

  void on_write(bool keep_alive, error_code ec, std::size_t) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_);
    if (log_enabled(LogLevel::info)) {
      log(LogLevel::info, peer_ + " " + method_ + " " + target_ + " " + std::to_string(response_.result_int()) + " " +
                              std::to_string(body_bytes_) + " B " + std::to_string(us.count()) + " us");
    }
    if (ec) return fail(ec, ("write " + peer_).c_str());
    if (!keep_alive) return do_close();
    response_ = {};  // free the body before waiting for the next request
    do_read();
  }

  void do_close() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);  // a graceful close; errors are moot here
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  const ServerOptions& options_;
  RouteContext& routes_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;  // alive until async_write completes
  std::string peer_;
  std::string method_;
  std::string client_;  // the peer's address, for per-client limits
  std::shared_ptr<std::size_t> open_count_;  // the listener's count of open sessions
  std::string target_;
  std::size_t body_bytes_ = 0;
  std::chrono::steady_clock::time_point started_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const ServerOptions& options, RouteContext& routes)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), retry_(ioc), options_(options), routes_(routes) {}

  // Binds and listens; on failure returns a message for the command line.
  std::string listen(const tcp::endpoint& endpoint) {
    error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    return ec ? ec.message() : std::string();
  }

  std::uint16_t port() const {
    error_code ec;
    return acceptor_.local_endpoint(ec).port();
  }

  void run() { do_accept(); }

  void stop() {
    error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
  }

 private:
  void do_accept() {
    // Each connection gets its own strand, so adding io threads later stays safe.
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Typically EMFILE: back off briefly instead of spinning on a failing accept.
      fail(ec, "accept");
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](error_code wait_ec) {
        if (!wait_ec) self->do_accept();
      });
      return;
    }
    if (*open_count_ >= options_.max_connections) {
      // Refused politely: a short 503 into the fresh socket's empty send buffer, then close.
      static constexpr std::string_view kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain\r\n"
          "Content-Length: 21\r\nConnection: close\r\n\r\nToo many connections\n";
      error_code write_ec;
      socket.non_blocking(true, write_ec);
      net::write(socket, net::buffer(kBusy.data(), kBusy.size()), write_ec);
      socket.shutdown(tcp::socket::shutdown_send, write_ec);
      log(LogLevel::warn, "refused a connection: " + std::to_string(*open_count_) + " open (--max-connections)");
      return do_accept();
    }
    std::make_shared<Session>(std::move(socket), options_, routes_, open_count_)->run();
    do_accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  const ServerOptions& options_;
  RouteContext& routes_;
  // Shared with the sessions, which may outlive the listener while the io_context winds down.
  // One io thread: a plain count is enough.
  std::shared_ptr<std::size_t> open_count_ = std::make_shared<std::size_t>(0);
};

}  // namespace

int serve_http(const ServerOptions& options, RouteContext& routes) {
  net::io_context ioc{1};

  // Numeric addresses and names such as "localhost" alike; the first result is used.
  tcp::resolver resolver(ioc);
  error_code ec;
  const auto results = resolver.resolve(options.host, std::to_string(options.port),
                                        tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    std::cerr << "candor: cannot resolve host \"" << options.host << "\": " << (ec ? ec.message() : "no address")
              << "\n";
    return 1;
  }
  const tcp::endpoint endpoint = results.begin()->endpoint();

  auto listener = std::make_shared<Listener>(ioc, options, routes);
  if (const std::string err = listener->listen(endpoint); !err.empty()) {
    std::cerr << "candor: cannot listen on " << endpoint_text(endpoint) << ": " << err << "\n";
    return 1;
  }

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const error_code& wait_ec, int signal_number) {
    if (wait_ec) return;
    log(LogLevel::info, std::string("received ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
    listener->stop();
    // Open keep-alive sessions are abandoned here and closed as the io_context is destroyed.
    ioc.stop();
  });

  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  // The machine-read line: stdout, exactly this, flushed now (tests wait for it).
  std::cout << "Candor serving at http://" << host << ":" << listener->port() << "/" << std::endl;
  log(LogLevel::info, "listening on " + endpoint_text(tcp::endpoint(endpoint.address(), listener->port())));
  if (options.on_listening) options.on_listening(listener->port());

  // The periodic tick runs on this thread between requests, so it never races a write.
  net::steady_timer tick_timer(ioc);
  std::function<void()> schedule_tick = [&] {
    tick_timer.expires_after(options.tick_interval);
    tick_timer.async_wait([&](const error_code& tick_ec) {
      if (tick_ec) return;
      options.tick();
      schedule_tick();
    });
  };
  if (options.tick) schedule_tick();

  listener->run();
  ioc.run();
  log(LogLevel::info, "stopped");
  return 0;
}

}  // namespace candor::server
