// The `candor` command line: dispatches subcommands (analyst ones to analyst_commands.cpp),
// parses the server's flags, opens the store, and hands over to the HTTP server. Exit codes: 0 ok or clean shutdown, 1 runtime failure, 2 usage error.
#include <unistd.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <fstream>
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
#include "case_promises.hpp"
#include "delivery_worker.hpp"
#include "demo_data.hpp"
#include "http_server.hpp"
#include "customer_api.hpp"
#include "log.hpp"
#include "operator_api.hpp"
#include "operator_commands.hpp"
#include "subscriber_commands.hpp"
#include "portal_cache.hpp"
#include "prerender.hpp"
#include "publish.hpp"
#include "routes.hpp"
#include "sha256.hpp"
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
               [--public-url URL] [--smtp URL --mail-from ADDR [--smtp-starttls]
               [--smtp-user NAME --smtp-password-file FILE]] [--mail-per-domain-per-minute N]
               [--maintenance-reminder MINUTES] [--webhook-allow-private]
  candor publish OUTDIR --db FILE [--base-path P] [--web DIR]
{analyst}{operator}  candor subscriber export|delete --db FILE (--email ADDR | --id SUB_ID)
  candor --help | --version

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
  subscriber export|delete
            A subscriber's personal data on request: export prints everything stored
            about them as JSON; delete removes them, what they follow and what is
            queued for them (exit 1 when nothing matched).

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

Subscriptions (serve; demo takes all but --smtp* and --mail-from): a background worker
sends what subscribers asked for, email through an SMTP relay and signed webhooks
(Standard Webhooks), retrying for a day. Without --smtp, email subscriptions are not
offered and queued email waits.
  --public-url URL   the portal's address as customers reach it, for links in messages
                     (default: the page's URL if set, else http://HOST:PORT)
  --smtp URL         the relay: smtp://host[:port] (plain or, with --smtp-starttls, upgraded)
                     or smtps://host[:port] (TLS from the start)
  --smtp-starttls    refuse to send unless the relay offers STARTTLS
  --smtp-user NAME   log in to the relay as NAME, with the password read from
  --smtp-password-file FILE  (its first line; never give a password on the command line)
  --mail-from ADDR   the sender address of every message (required with --smtp)
  --mail-per-domain-per-minute N  messages per recipient domain (or webhook host) and
                     minute; more wait (default 120; 0 = no limit)
  --maintenance-reminder MINUTES  remind subscribers this long before a maintenance
                     starts (default 60)
  --webhook-allow-private  let webhooks reach loopback, private and link-local addresses
                     (refused by default: a subscriber could aim them at your network)

Once listening, the first line on stdout is "Candor serving at http://HOST:PORT/"; a demo
that has just created its store adds the link of its open customer case on the second.
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
  // Subscriptions (delivery_worker.hpp).
  std::string public_url;  // empty: http://HOST:PORT once bound
  std::string smtp_url;
  bool smtp_starttls = false;
  std::string smtp_user;
  std::string smtp_password_file;
  std::string mail_from;
  std::uint64_t mail_per_domain_per_minute = 120;
  std::uint64_t maintenance_reminder_minutes = 60;
  bool webhook_allow_private = false;
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

// --public-url: an absolute http(s) URL without query or fragment (paths are kept: the
// portal may live under one). nullopt when fine, else what is wrong.
std::optional<std::string> check_public_url(const std::string& url) {
  const bool http = url.rfind("http://", 0) == 0, https = url.rfind("https://", 0) == 0;
  if (!http && !https) return "--public-url must start with http:// or https://";
  const std::string rest = url.substr(http ? 7 : 8);
  if (rest.empty() || rest.front() == '/') return "--public-url has no host";
  if (url.find_first_of("?#@ \t\r\n\"<>") != std::string::npos)
    return "--public-url must have no query, fragment, credentials or spaces";
  return std::nullopt;
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
    // Switches without a value.
    if ((arg == "--smtp-starttls" && o.command == "serve") ||
        (arg == "--webhook-allow-private" && (o.command == "serve" || o.command == "demo"))) {
      (arg == "--smtp-starttls" ? o.smtp_starttls : o.webhook_allow_private) = true;
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
                       (arg == "--base-path" && (o.command == "serve" || o.command == "publish")) ||
                       ((arg == "--public-url" || arg == "--maintenance-reminder" ||
                         arg == "--mail-per-domain-per-minute") &&
                        (o.command == "serve" || o.command == "demo")) ||
                       ((arg == "--smtp" || arg == "--smtp-user" || arg == "--smtp-password-file" ||
                         arg == "--mail-from") &&
                        o.command == "serve");
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
    } else if (arg == "--public-url") {
      if (auto e = check_public_url(*v)) return UsageError{prefix + *e};
      o.public_url = *v;
      while (!o.public_url.empty() && o.public_url.back() == '/') o.public_url.pop_back();
    } else if (arg == "--smtp") {
      if (auto ok = check_smtp_url(*v); !ok) return UsageError{prefix + "--smtp " + ok.error().detail};
      o.smtp_url = *v;
    } else if (arg == "--smtp-user") {
      if (v->empty() || v->find_first_of("\r\n") != std::string::npos)
        return UsageError{prefix + "--smtp-user must be a non-empty name on one line"};
      o.smtp_user = *v;
    } else if (arg == "--smtp-password-file") {
      if (v->empty()) return UsageError{prefix + "--smtp-password-file must not be empty"};
      o.smtp_password_file = *v;
    } else if (arg == "--mail-from") {
      if (auto ok = check_mail_from(*v); !ok) return UsageError{prefix + "--mail-from " + ok.error().detail};
      o.mail_from = *v;
    } else if (arg == "--mail-per-domain-per-minute") {
      if (!parse_uint(*v, 1000000, o.mail_per_domain_per_minute))
        return UsageError{prefix + "--mail-per-domain-per-minute must be 0 (no limit) to 1000000"};
    } else if (arg == "--maintenance-reminder") {
      if (!parse_uint(*v, 10080, o.maintenance_reminder_minutes) || o.maintenance_reminder_minutes == 0)
        return UsageError{prefix + "--maintenance-reminder must be 1 to 10080 minutes (a week)"};
    } else if (arg == "--log-level") {
      if (!parse_log_level(*v, o.log_level))
        return UsageError{prefix + "--log-level must be debug, info, warn or error"};
    }
  }
  if (o.help) return std::nullopt;
  if ((o.command == "serve" || o.command == "publish") && o.db.empty()) return UsageError{prefix + "--db FILE is required"};
  if (o.command == "publish" && o.publish_to.empty()) return UsageError{prefix + "OUTDIR is required"};
  if (o.command == "demo" && o.db.empty()) o.db = kDefaultDemoDb;
  // The relay's settings only make sense together.
  if (o.smtp_url.empty() && (o.smtp_starttls || !o.smtp_user.empty() || !o.smtp_password_file.empty() || !o.mail_from.empty()))
    return UsageError{prefix + "--smtp-starttls, --smtp-user, --smtp-password-file and --mail-from need --smtp URL"};
  if (!o.smtp_url.empty() && o.mail_from.empty()) return UsageError{prefix + "--smtp needs --mail-from ADDR (the sender)"};
  if (o.smtp_user.empty() != o.smtp_password_file.empty())
    return UsageError{prefix + "--smtp-user and --smtp-password-file go together"};
  if (o.smtp_starttls && o.smtp_url.rfind("smtps://", 0) == 0)
    return UsageError{prefix + "--smtp-starttls is for smtp:// (smtps:// is TLS from the start)"};
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

// The SMTP password: the file's first line (a trailing CR/LF is not part of it). A file that
// others may read is used with a warning rather than refused: container secret mounts are
// often mode 0644 inside a directory only the service can reach.
Result<std::string> read_password_file(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return Error{errc::invalid_value, "", "cannot be read (does it exist?)"};
  if (!S_ISREG(st.st_mode)) return Error{errc::invalid_value, "", "is not a regular file"};
  if (st.st_mode & (S_IRGRP | S_IROTH))
    log(LogLevel::warn, "--smtp-password-file " + path + " is readable by other users (chmod 600 it)");
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line)) return Error{errc::invalid_value, "", "cannot be read or is empty"};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return Error{errc::invalid_value, "", "has an empty first line"};
  return line;
}

// Builds the demo in FILE.tmp-PID and renames it into place, so an interrupted run never
// leaves a half-written store that a later `candor demo` would serve. `case_token` gets the
// open demo case's token: only its hash is stored, so this run is the one that can print it.
int create_demo_store(const Options& o, std::string& case_token) {
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
  std::size_t case_count = 0;
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
    // The cases, then the open one's promise, as the server's case write would make it.
    const std::vector<DemoCase> cases = make_demo_cases(o.seed, now);
    case_count = cases.size();
    for (const DemoCase& d : cases) {
      auto saved = store.value()->create_case(d.c, sha256_bytes(d.token));
      if (!saved) {
        std::cerr << "candor demo: " << describe(saved.error()) << "\n";
        return kExitFailure;
      }
      if (!d.c.resolved_at) case_token = d.token;
    }
    auto promised = refresh_open_case_promises(*store.value(), now);
    if (!promised) {
      std::cerr << "candor demo: " << describe(promised.error()) << "\n";
      return kExitFailure;
    }
  }  // closed: the WAL is checkpointed into the file before it moves
  fs::rename(tmp, o.db, ec);
  if (ec) {
    std::cerr << "candor demo: cannot move " << tmp << " to " << o.db << ": " << ec.message() << "\n";
    return kExitFailure;
  }
  log(LogLevel::info, "created demo store " + o.db + " (seed " + std::to_string(o.seed) + ", " +
                          std::to_string(content.value().snapshot.history.size()) + " past incidents, " +
                          std::to_string(case_count) + " support cases)");
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
  std::string demo_case_token;  // set when this run created the demo store
  if (o.command == "demo") {
    std::error_code ec;
    if (!fs::exists(o.db, ec)) {
      if (const int rc = create_demo_store(o, demo_case_token); rc != kExitOk) return rc;
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
  auto first = cache.get(wall_clock_ms());
  if (!first) {
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

  // Subscriptions: the delivery worker, on its own connection, started once the port is
  // known (links default to http://HOST:PORT); stopped before the store closes.
  DeliveryWorkerOptions delivery;
  if (!o.smtp_url.empty()) {
    SmtpOptions smtp;
    smtp.url = o.smtp_url;
    smtp.starttls = o.smtp_starttls;
    smtp.user = o.smtp_user;
    smtp.from = o.mail_from;
    if (!o.smtp_password_file.empty()) {
      auto password = read_password_file(o.smtp_password_file);
      if (!password) {
        std::cerr << "candor " << o.command << ": --smtp-password-file " << o.smtp_password_file << ": "
                  << password.error().detail << "\n";
        return kExitFailure;
      }
      smtp.password = std::move(password).value();
    }
    delivery.smtp = std::move(smtp);
    routes.mail_enabled = true;
  }
  const Snapshot* snapshot = first.value()->snapshot.get();
  if (delivery.smtp && snapshot) delivery.smtp->from_name = snapshot->page.name;
  delivery.db = o.db;
  delivery.webhook.allow_private = o.webhook_allow_private;
  delivery.web_root = routes.web_root;
  delivery.per_domain_per_minute = static_cast<int>(o.mail_per_domain_per_minute);
  delivery.reminder_before_ms = static_cast<TimeMs>(o.maintenance_reminder_minutes) * kMinuteMs;
  delivery.clock = wall_clock_ms;
  delivery.message.page_name = snapshot ? snapshot->page.name : "";
  const std::string page_url = snapshot ? snapshot->page.url : "";
  init_delivery_transport();
  std::unique_ptr<DeliveryWorker> worker;
  server.on_listening = [&](std::uint16_t port) {
    const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    delivery.message.public_url = !o.public_url.empty() ? o.public_url
                                  : !page_url.empty()   ? page_url
                                                        : "http://" + host + ":" + std::to_string(port);
    worker = std::make_unique<DeliveryWorker>(std::move(delivery));
    // The second line on stdout, after "Candor serving at": the demo customer's private case,
    // at --public-url when one is given (where readers reach this server), else right here.
    if (!demo_case_token.empty()) {
      std::string base = !o.public_url.empty() ? o.public_url : "http://" + host + ":" + std::to_string(port);
      while (!base.empty() && base.back() == '/') base.pop_back();
      std::cout << "A customer's private case page: " << base << "/#/case/" << demo_case_token << std::endl;
    }
  };
  return serve_http(server, routes);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && candor::cli::is_analyst_command(argv[1])) return candor::cli::run_analyst_command(argc, argv);
    if (argc >= 2 && candor::cli::is_operator_command(argv[1])) return candor::cli::run_operator_command(argc, argv);
    if (argc >= 2 && candor::cli::is_subscriber_command(argv[1])) return candor::cli::run_subscriber_command(argc, argv);
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
