// The `candor` command line: dispatches subcommands (analyst ones to analyst_commands.cpp),
// parses the server's flags, opens the store, and hands over to the HTTP server. Exit codes: 0 ok or clean shutdown, 1 runtime failure, 2 usage error.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "analyst_commands.hpp"
#include "auto_publish.hpp"
#include "demo_data.hpp"
#include "http_server.hpp"
#include "customer_api.hpp"
#include "log.hpp"
#include "operator_api.hpp"
#include "operator_commands.hpp"
#include "portal_cache.hpp"
#include "prerender.hpp"
#include "publish.hpp"
#include "routes.hpp"
#include "store.hpp"

#ifndef CANDOR_VERSION
#define CANDOR_VERSION "dev"
#endif

namespace fs = std::filesystem;
using namespace candor;
using namespace candor::server;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr const char* kDefaultDemoDb = "candor-demo.db";

const char* const kHelp =
    R"(candor - the Candor status portal server

Usage:
  candor demo  [--host H] [--port N] [--db FILE] [--web DIR] [--seed N] [--log-level L]
               [--read-timeout S] [--reads-per-minute N] [--writes-per-minute N]
  candor serve --db FILE [--host H] [--port N] [--web DIR] [--log-level L] [--read-timeout S]
               [--reads-per-minute N] [--writes-per-minute N] [--publish-to DIR [--base-path P]]
  candor publish OUTDIR --db FILE [--base-path P] [--web DIR]
{analyst}{operator}  candor --help | --version

Subcommands:
  demo      Create a demo store for "Northwind Cloud" if FILE does not exist (default
            candor-demo.db in the current directory; timestamps relative to now,
            generated from --seed, default 42), then serve it.
  serve     Serve an existing store. With --publish-to, also keep a static publish of it
            in DIR, re-published a moment after each write.
  publish   Write the whole portal as static files into OUTDIR (replaced atomically):
            index.html pre-rendered, api/v1/*.json, api/v2/*.json, history.atom,
            maintenance.ics, the hashed bundle and wasm, .gz and .br copies, and host
            configuration examples (_headers, _hosting/nginx.conf, _hosting/README.md).
            The same data gives the same bytes. Prints a summary line.
  survival, estimate, waittime, replay
            Analyst commands: the core's computations on a history CSV or queue
            figures, printed as a table or, with --json, as JSON. No store, no server.

Options:
  --host H           address or name to listen on (default 127.0.0.1)
  --port N           TCP port, 0 = any free port (default 8080)
  --db FILE          the SQLite store
  --web DIR          the built portal (default: the web directory beside bin/, or the
                     build tree's web/ that `npm run build` fills)
  --seed N           demo generator seed (demo only; ignored when the store exists)
  --log-level L      debug | info | warn | error (default info); the log goes to stderr,
                     one line per request at info
  --read-timeout S   seconds a client has to send a whole request, and that an idle
                     keep-alive connection is kept (default 30)
  --max-connections N  open connections at once; more are answered 503 and closed
                     (default 1024)
  --reads-per-minute N   GET/HEAD requests per client address and minute before a 429
                     with Retry-After (default 6000; 0 = no limit). Behind a reverse
                     proxy every client has the proxy's address: raise it or use 0
  --writes-per-minute N  operator writes per client address and minute (default 600;
                     0 = no limit); customers' feedback and reports: 10 a minute
  --publish-to DIR   (serve) keep a static publish in DIR, as `candor publish` writes it
  --base-path P      (publish, --publish-to) the URL path the static files will be served
                     under, for the host configuration examples (default /)

Once listening, the first line on stdout is "Candor serving at http://HOST:PORT/".
SIGINT or SIGTERM stops the server cleanly (exit 0).

Endpoints:
  GET /api/v1/portal.json   the portal snapshot (JSON; ETag, If-None-Match)
  GET /api/v2/*.json        the same as Statuspage API v2 (summary, status, components, ...)
  GET /history.atom, /maintenance.ics   feeds
  POST|PATCH /api/v1/...    operator writes (bearer token; see README) and customer feedback
  GET /...                  the portal's static files
)";

struct Options {
  std::string command;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string db;
  std::string web;
  std::uint64_t seed = kDefaultDemoSeed;
  bool seed_given = false;
  LogLevel log_level = LogLevel::info;
  std::uint64_t read_timeout_s = 30;
  std::uint64_t max_connections = 1024;
  std::uint64_t reads_per_minute = kReadsPerMinute;
  std::uint64_t writes_per_minute = kOperatorWritesPerMinute;
  std::string publish_to;       // serve: also publish here; publish: OUTDIR
  std::string base_path = "/";
  bool help = false;
};

// A usage error: one line on stderr, exit 2.
struct UsageError {
  std::string message;
};

bool parse_uint(std::string_view s, std::uint64_t max, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (max - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

std::optional<UsageError> parse_options(int argc, char** argv, Options& o) {
  if (argc < 2) return UsageError{"candor: missing subcommand (try: candor --help)"};
  o.command = argv[1];
  if (o.command == "--help" || o.command == "-h" || o.command == "help") {
    o.help = true;
    return std::nullopt;
  }
  if (o.command != "demo" && o.command != "serve" && o.command != "publish" && o.command != "--version")
    return UsageError{"candor: unknown subcommand \"" + o.command + "\" (try: candor --help)"};
  const std::string prefix = "candor " + o.command + ": ";

  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    // publish's one positional argument: OUTDIR.
    if (o.command == "publish" && (arg.empty() || arg.front() != '-')) {
      if (!o.publish_to.empty()) return UsageError{prefix + "one OUTDIR only (got \"" + o.publish_to + "\" and \"" + arg + "\")"};
      o.publish_to = arg;
      continue;
    }
    std::optional<std::string> value;
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    }
    auto take = [&]() -> std::optional<std::string> {
      if (value) return value;
      if (i + 1 < argc) return std::string(argv[++i]);
      return std::nullopt;
    };
    const bool known = arg == "--host" || arg == "--port" || arg == "--db" || arg == "--web" ||
                       arg == "--log-level" || arg == "--read-timeout" || arg == "--max-connections" ||
                       arg == "--reads-per-minute" || arg == "--writes-per-minute" ||
                       (arg == "--seed" && o.command == "demo") ||
                       (arg == "--publish-to" && o.command == "serve") ||
                       (arg == "--base-path" && (o.command == "serve" || o.command == "publish"));
    if (o.command == "publish" && known && arg != "--db" && arg != "--web" && arg != "--base-path" && arg != "--log-level")
      return UsageError{prefix + "unknown option " + arg};
    if (!known || o.command == "--version") return UsageError{prefix + "unknown option " + arg};
    const std::optional<std::string> v = take();
    if (!v) return UsageError{prefix + arg + " needs a value"};
    if (arg == "--host") {
      if (v->empty()) return UsageError{prefix + "--host must not be empty"};
      o.host = *v;
    } else if (arg == "--port") {
      std::uint64_t port = 0;
      if (!parse_uint(*v, 65535, port)) return UsageError{prefix + "--port must be 0 to 65535, got \"" + *v + "\""};
      o.port = static_cast<std::uint16_t>(port);
    } else if (arg == "--db") {
      if (v->empty()) return UsageError{prefix + "--db must not be empty"};
      o.db = *v;
    } else if (arg == "--web") {
      if (v->empty()) return UsageError{prefix + "--web must not be empty"};
      o.web = *v;
    } else if (arg == "--seed") {
      if (!parse_uint(*v, UINT64_MAX, o.seed)) return UsageError{prefix + "--seed must be a non-negative integer"};
      o.seed_given = true;
    } else if (arg == "--read-timeout") {
      if (!parse_uint(*v, 86400, o.read_timeout_s) || o.read_timeout_s == 0)
        return UsageError{prefix + "--read-timeout must be 1 to 86400 seconds"};
    } else if (arg == "--max-connections") {
      if (!parse_uint(*v, 1000000, o.max_connections) || o.max_connections == 0)
        return UsageError{prefix + "--max-connections must be 1 to 1000000"};
    } else if (arg == "--reads-per-minute" || arg == "--writes-per-minute") {
      std::uint64_t& n = arg == "--reads-per-minute" ? o.reads_per_minute : o.writes_per_minute;
      if (!parse_uint(*v, 100000000, n)) return UsageError{prefix + arg + " must be 0 (no limit) to 100000000"};
    } else if (arg == "--publish-to") {
      if (v->empty()) return UsageError{prefix + "--publish-to must not be empty"};
      o.publish_to = *v;
    } else if (arg == "--base-path") {
      auto base = normalize_base_path(*v);
      if (!base) return UsageError{prefix + base.error().detail};
      o.base_path = base.value();
    } else if (arg == "--log-level") {
      if (!parse_log_level(*v, o.log_level))
        return UsageError{prefix + "--log-level must be debug, info, warn or error"};
    }
  }
  if (o.help) return std::nullopt;
  if ((o.command == "serve" || o.command == "publish") && o.db.empty()) return UsageError{prefix + "--db FILE is required"};
  if (o.command == "publish" && o.publish_to.empty()) return UsageError{prefix + "OUTDIR is required"};
  if (o.command == "demo" && o.db.empty()) o.db = kDefaultDemoDb;
  return std::nullopt;
}

// The web directory: beside bin/ in an installed layout (PREFIX/bin/candor, PREFIX/web),
// or the build tree's web/ (build/native/bin/candor → build/web). The first that exists
// wins; the build-tree one is the fallback so the warning names where `npm run build` writes.
fs::path default_web_root() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fs::path("web");
  const fs::path bin_parent = exe.parent_path().parent_path();
  const fs::path beside_bin = bin_parent / "web";
  const fs::path build_tree = bin_parent.parent_path() / "web";
  if (fs::is_directory(beside_bin, ec)) return beside_bin;
  return build_tree;
}

TimeMs wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string describe(const Error& e) { return e.path.empty() ? e.detail : e.path + ": " + e.detail; }

// Builds the demo in FILE.tmp-PID and renames it into place, so an interrupted run never
// leaves a half-written store that a later `candor demo` would serve.
int create_demo_store(const Options& o) {
  const std::string tmp = o.db + ".tmp-" + std::to_string(::getpid());
  auto remove_tmp = [&tmp] {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(tmp + suffix, ignored);
  };
  // Whatever happens below, no temporary file outlives this function.
  struct Cleanup {
    decltype(remove_tmp)& f;
    ~Cleanup() { f(); }
  } cleanup{remove_tmp};
  remove_tmp();
  std::error_code ec;

  const TimeMs now = wall_clock_ms();
  auto content = make_demo_content(o.seed, now);
  if (!content) {
    std::cerr << "candor demo: cannot generate demo data: " << describe(content.error()) << "\n";
    return kExitFailure;
  }
  {
    auto store = Store::open(tmp, Store::OpenMode::create_if_missing);
    if (!store) {
      std::cerr << "candor demo: " << describe(store.error()) << "\n";
      return kExitFailure;
    }
    auto version = store.value()->replace_contents(content.value());
    if (!version) {
      std::cerr << "candor demo: " << describe(version.error()) << "\n";
      return kExitFailure;
    }
  }  // closed: the WAL is checkpointed into the file before it moves
  fs::rename(tmp, o.db, ec);
  if (ec) {
    std::cerr << "candor demo: cannot move " << tmp << " to " << o.db << ": " << ec.message() << "\n";
    return kExitFailure;
  }
  log(LogLevel::info, "created demo store " + o.db + " (seed " + std::to_string(o.seed) + ", " +
                          std::to_string(content.value().snapshot.history.size()) + " past incidents)");
  return kExitOk;
}

fs::path web_root_of(const Options& o) {
  return (o.web.empty() ? default_web_root() : fs::path(o.web)).lexically_normal();
}

int run_publish(const Options& o) {
  auto opened = Store::open(o.db, Store::OpenMode::existing_only);
  if (!opened) {
    std::cerr << "candor publish: " << describe(opened.error()) << "\n";
    return kExitFailure;
  }
  PublishOptions p{o.publish_to, web_root_of(o), o.base_path};
  const auto started = std::chrono::steady_clock::now();
  auto report = publish(*opened.value(), p, wall_clock_ms());
  if (!report) {
    std::cerr << "candor publish: " << describe(report.error()) << "\n";
    return kExitFailure;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  const PublishReport& r = report.value();
  std::cout << "published version " << r.version << " as of " << format_iso8601(r.as_of) << " to " << o.publish_to << ": "
            << r.files << " files, " << r.bytes << " bytes (" << r.gzip_bytes << " gzip, " << r.brotli_bytes
            << " brotli) in " << ms << " ms\n";
  return kExitOk;
}

int run(const Options& o) {
  set_log_level(o.log_level);
  if (o.command == "publish") return run_publish(o);
  if (o.command == "demo") {
    std::error_code ec;
    if (!fs::exists(o.db, ec)) {
      if (const int rc = create_demo_store(o); rc != kExitOk) return rc;
    } else {
      log(LogLevel::info, "using the existing store " + o.db);
      if (o.seed_given) log(LogLevel::warn, "--seed is ignored: " + o.db + " already exists (delete it to regenerate)");
    }
  }

  auto opened = Store::open(o.db, Store::OpenMode::existing_only);
  if (!opened) {
    std::cerr << "candor " << o.command << ": " << describe(opened.error()) << "\n";
    return kExitFailure;
  }
  std::unique_ptr<Store> store = std::move(opened).value();
  PortalCache cache(*store);
  // Fail now rather than on the first request if the store cannot be read.
  if (auto first = cache.get(wall_clock_ms()); !first) {
    std::cerr << "candor " << o.command << ": " << describe(first.error()) << "\n";
    return kExitFailure;
  }

  RouteContext routes;
  routes.portal = &cache;
  routes.store = store.get();
  RateLimiter limiter(kCustomerWritesPerMinute, kMinuteMs);
  routes.limiter = &limiter;
  RateLimiter read_limiter(static_cast<int>(o.reads_per_minute), kMinuteMs);
  RateLimiter operator_limiter(static_cast<int>(o.writes_per_minute), kMinuteMs);
  if (o.reads_per_minute > 0) routes.read_limiter = &read_limiter;
  if (o.writes_per_minute > 0) routes.operator_limiter = &operator_limiter;
  routes.web_root = web_root_of(o);
  PrerenderCache prerender;
  routes.prerender = &prerender;
  std::error_code ec;
  if (!fs::is_directory(routes.web_root, ec)) {
    log(LogLevel::warn, "web directory " + routes.web_root.string() +
                            " does not exist (run `npm run build`); serving the API only");
  } else {
    log(LogLevel::info, "web directory " + routes.web_root.string());
  }

  ServerOptions server;
  server.host = o.host;
  server.port = o.port;
  server.read_timeout = std::chrono::seconds(o.read_timeout_s);
  server.max_connections = static_cast<std::size_t>(o.max_connections);
  // Promises move with time as well as with writes: re-run the promise step for open items.
  server.tick = [&] {
    OperatorContext op{store.get(), &cache};
    auto changed = run_promise_tick(op, wall_clock_ms());
    if (!changed) {
      log(LogLevel::error, "promise tick: " + changed.error().path + ": " + changed.error().detail);
    } else if (changed.value() > 0) {
      log(LogLevel::info, "promise tick: " + std::to_string(changed.value()) + " promise(s) revised");
    }
  };
  std::unique_ptr<AutoPublisher> publisher;
  if (!o.publish_to.empty()) {
    AutoPublishOptions ap;
    ap.db = o.db;
    ap.publish = PublishOptions{o.publish_to, routes.web_root, o.base_path};
    ap.clock = wall_clock_ms;
    publisher = std::make_unique<AutoPublisher>(std::move(ap));
  }
  return serve_http(server, routes);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && candor::cli::is_analyst_command(argv[1])) return candor::cli::run_analyst_command(argc, argv);
    if (argc >= 2 && candor::cli::is_operator_command(argv[1])) return candor::cli::run_operator_command(argc, argv);
    Options o;
    if (auto err = parse_options(argc, argv, o)) {
      std::cerr << err->message << "\n";
      return kExitUsage;
    }
    if (o.help) {
      std::string help = kHelp;
      help.replace(help.find("{analyst}"), 9, candor::cli::kAnalystHelp);
      help.replace(help.find("{operator}"), 10, candor::cli::kOperatorHelp);
      std::cout << help;
      return kExitOk;
    }
    if (o.command == "--version") {
      std::cout << "candor " << CANDOR_VERSION << "\n";
      return kExitOk;
    }
    return run(o);
  } catch (const std::exception& e) {
    // Nothing is expected to throw (errors are values); this is the last line of defence.
    std::cerr << "candor: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
}
