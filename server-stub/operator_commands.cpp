// Operator subcommands (operator_commands.hpp). The HTTP client is a few lines of POSIX
// sockets (HTTP/1.1, one request, Connection: close): Beast stays in http_server.cpp alone.
#include "operator_commands.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "operator_api.hpp"
#include "statuspage_import.hpp"
#include "store.hpp"

namespace candor::cli {
namespace {

namespace json = boost::json;
using server::Store;

constexpr int kOk = 0, kFailure = 1, kUsage = 2;

// --name value pairs (repeatable) and positional words.
struct Args {
  std::vector<std::string> words;
  std::multimap<std::string, std::string> flags;
  std::string error;

  std::optional<std::string> get(const std::string& name) const {
    auto it = flags.find(name);
    if (it == flags.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [a, b] = flags.equal_range(name); a != b; ++a) out.push_back(a->second);
    return out;
  }
};

Args parse_args(int argc, char** argv, int from) {
  Args a;
  for (int i = from; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      if (i + 1 >= argc) {
        a.error = s + " needs a value";
        return a;
      }
      a.flags.emplace(s.substr(2), argv[++i]);
    } else {
      a.words.push_back(std::move(s));
    }
  }
  return a;
}

TimeMs now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int usage(const std::string& message) {
  std::cerr << "candor: " << message << "\n" << kOperatorHelp;
  return kUsage;
}

int token_command(const Args& a) {
  const std::string action = a.words.size() > 1 ? a.words[1] : "";
  const auto db = a.get("db");
  if (!db) return usage("token " + action + " needs --db FILE");
  auto opened = Store::open(*db, Store::OpenMode::existing_only);
  if (!opened) {
    std::cerr << "candor token: " << opened.error().path << ": " << opened.error().detail << "\n";
    return kFailure;
  }
  Store& store = *opened.value();
  if (action == "create") {
    auto t = server::create_operator_token(store, a.get("scope").value_or("write"), now_ms());
    if (!t) {
      std::cerr << "candor token create: " << t.error().path << ": " << t.error().detail << "\n";
      return t.error().path == "--scope" ? kUsage : kFailure;
    }
    // The secret is shown this once; only its hash is stored.
    std::cout << t.value().secret << "\n";
    std::cerr << "token id " << t.value().id << " (revoke with `candor token revoke " << t.value().id
              << " --db " << *db << "`); store the token now, it is not shown again\n";
    return kOk;
  }
  if (action == "revoke") {
    if (a.words.size() < 3) return usage("token revoke needs the token id (tok_...)");
    auto r = store.revoke_token(a.words[2], now_ms());
    if (!r) {
      std::cerr << "candor token revoke: " << r.error().detail << "\n";
      return kFailure;
    }
    if (!r.value()) {
      std::cerr << "candor token revoke: no active token has the id " << a.words[2] << "\n";
      return kFailure;
    }
    std::cout << "revoked " << a.words[2] << "\n";
    return kOk;
  }
  return usage("token needs create or revoke");
}

// ---------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client for http:// URLs.

struct HttpResult {
  int status = 0;
  std::string body;
  std::string error;  // transport failure
};

HttpResult http_call(const std::string& url, const std::string& method, const std::string& path,
                     const std::string& body, const std::string& token) {
  HttpResult out;
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) {
    out.error = "--url must start with http:// (put a TLS proxy in front for https)";
    return out;
  }
  std::string hostport = url.substr(kScheme.size());
  if (auto slash = hostport.find('/'); slash != std::string::npos) hostport.resize(slash);
  std::string host = hostport, port = "80";
  if (auto colon = hostport.rfind(':'); colon != std::string::npos && hostport.find(']') == std::string::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || res == nullptr) {
    out.error = "cannot resolve " + host;
    return out;
  }
  int fd = -1;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    if (fd >= 0) close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  if (fd < 0) {
    out.error = "cannot connect to " + hostport;
    return out;
  }
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + hostport +
                    "\r\nConnection: close\r\nAccept: application/json\r\nContent-Type: application/json\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (std::size_t sent = 0; sent < req.size();) {
    const ssize_t n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      out.error = "connection closed while sending";
      return out;
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string resp;
  char buf[8192];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) resp.append(buf, static_cast<std::size_t>(n));
  close(fd);
  const auto head_end = resp.find("\r\n\r\n");
  if (resp.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos || resp.size() < 12) {
    out.error = "not an HTTP response";
    return out;
  }
  out.status = std::atoi(resp.c_str() + 9);
  out.body = resp.substr(head_end + 4);  // Connection: close, so the body runs to the end
  return out;
}

int call_api(const Args& a, const std::string& method, const std::string& path, const json::object& body) {
  const auto url = a.get("url");
  if (!url) return usage("--url URL is needed (e.g. --url http://127.0.0.1:8080)");
  const char* token = std::getenv("CANDOR_TOKEN");
  if (token == nullptr || *token == '\0') return usage("set CANDOR_TOKEN to an operator token (candor token create)");
  const HttpResult r = http_call(*url, method, path, json::serialize(body), token);
  if (!r.error.empty()) {
    std::cerr << "candor: " << r.error << "\n";
    return kFailure;
  }
  if (r.status < 200 || r.status > 299) {
    std::cerr << "candor: HTTP " << r.status << ": " << r.body << "\n";
    return kFailure;
  }
  std::cout << r.body << "\n";
  return kOk;
}

void copy_flag(const Args& a, json::object& o, const char* name, const char* key = nullptr) {
  if (auto v = a.get(name)) o[key ? key : name] = *v;
}

int incident_command(const Args& a) {
  const std::string action = a.words.size() > 1 ? a.words[1] : "";
  json::object o;
  if (action == "open") {
    for (const char* f : {"name", "impact", "category", "status", "message", "next_update_at"}) copy_flag(a, o, f);
    json::array components;
    for (const std::string& c : a.all("component")) components.emplace_back(c);
    o["components"] = std::move(components);
    return call_api(a, "POST", "/api/v1/incidents", o);
  }
  if (action != "update" && action != "resolve") return usage("incident needs open, update or resolve");
  if (a.words.size() < 3) return usage("incident " + action + " needs the incident id");
  copy_flag(a, o, "message");
  if (action == "resolve") return call_api(a, "POST", "/api/v1/incidents/" + a.words[2] + "/resolve", o);
  for (const char* f : {"status", "impact", "next_update_at"}) copy_flag(a, o, f);
  return call_api(a, "POST", "/api/v1/incidents/" + a.words[2] + "/updates", o);
}

int import_command(const Args& a) {
  if (a.words.size() < 3 || a.words[1] != "statuspage") return usage("import statuspage DIR --db FILE");
  const auto db = a.get("db");
  if (!db) return usage("import statuspage needs --db FILE");
  // Read and check everything before the store is touched: a bad file changes nothing.
  auto data = server::read_statuspage_export(a.words[2]);
  if (!data) {
    std::cerr << "candor import: " << data.error().path << ": " << data.error().detail << "\n";
    return kFailure;
  }
  auto opened = Store::open(*db, Store::OpenMode::create_if_missing);
  if (!opened) {
    std::cerr << "candor import: " << opened.error().path << ": " << opened.error().detail << "\n";
    return kFailure;
  }
  auto done = opened.value()->import_statuspage(data.value(), now_ms());
  if (!done) {
    std::cerr << "candor import: " << done.error().path << ": " << done.error().detail << " (nothing was imported)\n";
    return kFailure;
  }
  const auto& d = data.value();
  if (!done.value()) {
    std::cout << "already imported; nothing changed\n";
  } else {
    std::cout << "imported " << d.components.size() << " components, " << d.incidents.size() << " incidents, "
              << d.maintenances.size() << " maintenances, " << d.history.size() << " history rows\n";
  }
  return kOk;
}

int case_command(const Args& a) {
  if (a.words.size() >= 3 && (a.words[1] == "update" || a.words[1] == "resolve")) {
    json::object o;
    for (const char* f : {"stage", "message"}) copy_flag(a, o, f);
    copy_flag(a, o, "next-follow-up-at", "next_follow_up_at");
    copy_flag(a, o, "waiting-for", "waiting_on_customer_for");
    return call_api(a, "POST", "/api/v1/cases/" + a.words[2] + (a.words[1] == "update" ? "/updates" : "/resolve"), o);
  }
  if (a.words.size() < 2 || a.words[1] != "open") return usage("case open --customer-name N --title T --category C");
  json::object o;
  copy_flag(a, o, "customer-name", "customer_name");
  for (const char* f : {"title", "category", "stage", "message"}) copy_flag(a, o, f);
  copy_flag(a, o, "next-follow-up-at", "next_follow_up_at");
  const auto url = a.get("url");
  if (!url) return usage("--url URL is needed (e.g. --url http://127.0.0.1:8080)");
  const char* token = std::getenv("CANDOR_TOKEN");
  if (token == nullptr || *token == '\0') return usage("set CANDOR_TOKEN to an operator token (candor token create)");
  const HttpResult r = http_call(*url, "POST", "/api/v1/cases", json::serialize(o), token);
  if (!r.error.empty() || r.status != 201) {
    std::cerr << "candor: " << (r.error.empty() ? "HTTP " + std::to_string(r.status) + ": " + r.body : r.error) << "\n";
    return kFailure;
  }
  // The customer's private link: printed once, its token is stored only as a hash. A page
  // with no canonical URL gives a relative link: put the portal's address in front.
  boost::system::error_code ec;
  const json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("link")) {
    std::cerr << "candor: unexpected answer: " << r.body << "\n";
    return kFailure;
  }
  std::string link(v.at("link").as_string());
  if (link.rfind("http", 0) != 0) link = *url + link;
  std::cout << link << "\n";
  return kOk;
}

int maintenance_command(const Args& a) {
  const std::string action = a.words.size() > 1 ? a.words[1] : "";
  json::object o;
  copy_flag(a, o, "message");
  if (action == "schedule") {
    copy_flag(a, o, "name");
    copy_flag(a, o, "scheduled-for", "scheduled_for");
    copy_flag(a, o, "scheduled-until", "scheduled_until");
    json::array components;
    for (const std::string& c : a.all("component")) components.emplace_back(c);
    o["components"] = std::move(components);
    return call_api(a, "POST", "/api/v1/maintenances", o);
  }
  if (action != "start" && action != "complete") return usage("maintenance needs schedule, start or complete");
  if (a.words.size() < 3) return usage("maintenance " + action + " needs the maintenance id");
  return call_api(a, "POST", "/api/v1/maintenances/" + a.words[2] + "/" + action, o);
}

int channel_command(const Args& a) {
  if (a.words.size() < 3 || a.words[1] != "set") return usage("channel set ID [--agents N] [--calls-per-hour R] ...");
  json::object o;
  for (const auto& [flag, key] : {std::pair{"agents", "agents"}, std::pair{"calls-per-hour", "calls_per_hour"},
                                  std::pair{"handle-seconds", "handle_seconds"},
                                  std::pair{"target-seconds", "target_seconds"},
                                  std::pair{"queue-length", "queue_length"}}) {
    auto v = a.get(flag);
    if (!v) continue;
    char* end = nullptr;
    const double d = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0') return usage(std::string("--") + flag + " must be a number");
    if (d == static_cast<double>(static_cast<std::int64_t>(d))) {
      o[key] = static_cast<std::int64_t>(d);
    } else {
      o[key] = d;
    }
  }
  // Hours are checked here with the server's own parsers, so a typo fails before any request;
  // the server checks them again. "none" clears the hours or the holidays.
  if (auto zone = a.get("time-zone")) {
    if (!server::is_known_time_zone(*zone))
      return usage("--time-zone \"" + *zone + "\" is not an IANA time zone name (e.g. Europe/Oslo)");
    o["time_zone"] = *zone;
  }
  for (const auto& [flag, key] : {std::pair{"hours", "hours"}, std::pair{"holiday", "holidays"}}) {
    const std::vector<std::string> given = a.all(flag);
    if (given.empty()) continue;
    json::array items;
    const bool clear = given.size() == 1 && given[0] == "none";
    for (const std::string& g : clear ? std::vector<std::string>() : given) {
      const Error e = std::string_view(flag) == "hours" ? server::parse_weekly_hours(g).error()
                                                        : server::parse_holiday(g).error();
      if (e.code != errc::ok) return usage(std::string("--") + flag + " " + e.detail);
      items.emplace_back(g);
    }
    o[key] = std::move(items);
  }
  return call_api(a, "PATCH", "/api/v1/channels/" + a.words[2], o);
}

// `candor page set`: --url is the server (as everywhere); the page's own address is
// --page-url. An empty value clears (--accent "" is the portal's own colour again), and the
// --link flags replace the header's links whole (--link "" alone removes them).
int page_command(const Args& a) {
  if (a.words.size() < 2 || a.words[1] != "set")
    return usage("page set --url URL [--name N] [--accent #rrggbb] [--logo-url U] [--link LABEL=URL]...");
  json::object o;
  copy_flag(a, o, "name");
  copy_flag(a, o, "time-zone", "time_zone");
  for (const auto& [flag, key] : {std::pair{"page-url", "url"}, std::pair{"accent", "accent"},
                                  std::pair{"logo-url", "logo_url"}}) {
    if (auto v = a.get(flag)) o[key] = v->empty() ? json::value(nullptr) : json::value(*v);
  }
  const std::vector<std::string> links = a.all("link");
  if (!links.empty()) {
    json::array list;
    for (const std::string& l : links) {
      if (l.empty() && links.size() == 1) break;
      const auto eq = l.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == l.size())
        return usage("--link must be LABEL=URL, e.g. --link \"Help centre=https://help.example.com\"; got \"" + l + "\"");
      list.push_back(json::object{{"label", l.substr(0, eq)}, {"url", l.substr(eq + 1)}});
    }
    o["links"] = std::move(list);
  }
  if (o.empty()) return usage("page set needs at least one of --name, --page-url, --time-zone, --accent, --logo-url, --link");
  return call_api(a, "PATCH", "/api/v1/page", o);
}

int component_command(const Args& a) {
  if (a.words.size() < 3 || a.words[1] != "set") return usage("component set ID --status S");
  json::object o;
  copy_flag(a, o, "status");
  return call_api(a, "PATCH", "/api/v1/components/" + a.words[2], o);
}

}  // namespace

const char* const kOperatorHelp =
    R"(  candor token create --db FILE [--scope write|read-reports]
  candor token revoke ID --db FILE
  candor incident open --url URL --name N --impact I --category C --message M
                       [--status S] [--component ID]... [--next-update-at T]
  candor incident update ID --url URL --status S --message M [--impact I]
  candor incident resolve ID --url URL [--message M]
  candor component set ID --url URL --status S
  candor page set --url URL [--name N] [--page-url U] [--time-zone Z] [--accent #rrggbb]
                  [--logo-url U] [--link LABEL=URL]...
                  (the page's name and theme; "" clears a value, --link replaces all links)
  candor maintenance schedule --url URL --name N --scheduled-for T --scheduled-until T
                              [--component ID]... [--message M]
  candor maintenance start|complete ID --url URL [--message M]
  candor channel set ID --url URL [--agents N] [--calls-per-hour R] [--handle-seconds S]
                     [--target-seconds T] [--queue-length Q] [--time-zone Z]
                     [--hours "DAYS HH:MM-HH:MM"]... [--holiday YYYY-MM-DD[=Name]]...
                     (DAYS: mon..sun, a range mon-fri or a list mon,wed,fri-sun; a close
                     at or before the open runs past midnight; --hours and --holiday
                     replace the stored ones, "none" clears them)
                     (these and case open read the operator token from CANDOR_TOKEN)
  candor import statuspage DIR --db FILE
                   (summary.json, incidents.json, scheduled-maintenances.json; idempotent)
  candor case open --url URL --customer-name N --title T --category C [--message M]
                   (prints the customer's private link once)
  candor case update ID --url URL --stage S --message M [--waiting-for W]
  candor case resolve ID --url URL [--message M]
)";

bool is_operator_command(std::string_view name) {
  return name == "token" || name == "incident" || name == "component" || name == "case" || name == "import" ||
         name == "maintenance" || name == "channel" || name == "page";
}

int run_operator_command(int argc, char** argv) {
  Args a = parse_args(argc, argv, 1);
  if (!a.error.empty()) return usage(a.error);
  // --next-update-at reads better on a command line; the API's field is next_update_at.
  if (auto v = a.get("next-update-at")) a.flags.emplace("next_update_at", *v);
  const std::string& cmd = a.words.at(0);
  if (cmd == "token") return token_command(a);
  if (cmd == "incident") return incident_command(a);
  if (cmd == "case") return case_command(a);
  if (cmd == "import") return import_command(a);
  if (cmd == "maintenance") return maintenance_command(a);
  if (cmd == "channel") return channel_command(a);
  if (cmd == "page") return page_command(a);
  return component_command(a);
}

}  // namespace candor::cli
