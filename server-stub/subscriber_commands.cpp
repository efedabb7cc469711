// `candor subscriber export|delete` (subscriber_commands.hpp).
#include "subscriber_commands.hpp"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "candor/time.hpp"
#include "store.hpp"

namespace candor::cli {
namespace {

namespace json = boost::json;
using server::Store;
using server::Subscriber;

constexpr int kOk = 0, kFailure = 1, kUsage = 2;
constexpr std::string_view kUsageLine =
    "usage: candor subscriber export|delete --db FILE (--email ADDR | --id SUB_ID)";

json::value time_json(const std::optional<TimeMs>& t) {
  if (!t) return nullptr;
  return json::value(format_iso8601(*t));
}

json::object subscriber_json(const Subscriber& s, const std::vector<server::DeliveryRecord>& deliveries) {
  json::object o;
  o["id"] = s.id;
  o["kind"] = s.kind;
  o["address"] = s.address;
  o["language"] = s.language;
  o["all_components"] = s.all_components;
  json::array comps;
  for (const std::string& c : s.components) comps.emplace_back(c);
  o["components"] = std::move(comps);
  o["case_id"] = s.case_id ? json::value(*s.case_id) : json::value(nullptr);
  // The webhook's signing secret is theirs too; present or not, say so without printing it
  // to a terminal that may be logged.
  o["has_secret"] = !s.secret.empty();
  o["created_at"] = format_iso8601(s.created_at);
  o["confirmed_at"] = time_json(s.confirmed_at);
  o["disabled_at"] = time_json(s.disabled_at);
  o["disabled_reason"] = s.disabled_at ? json::value(s.disabled_reason) : json::value(nullptr);
  json::array ds;
  for (const server::DeliveryRecord& d : deliveries) {
    json::object x;
    x["key"] = d.key;
    x["event_type"] = d.event_type;
    x["state"] = d.state;
    x["attempts"] = d.attempts;
    x["created_at"] = format_iso8601(d.created_at);
    x["next_attempt_at"] = format_iso8601(d.next_attempt_at);
    x["sent_at"] = time_json(d.sent_at);
    x["last_error"] = d.last_error.empty() ? json::value(nullptr) : json::value(d.last_error);
    ds.push_back(std::move(x));
  }
  o["deliveries"] = std::move(ds);
  return o;
}

}  // namespace

bool is_subscriber_command(std::string_view name) { return name == "subscriber"; }

int run_subscriber_command(int argc, char** argv) { return run_subscriber_command(argc, argv, std::cout, std::cerr); }

int run_subscriber_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  if (argc < 3) {
    err << "candor subscriber: missing action\n" << kUsageLine << "\n";
    return kUsage;
  }
  const std::string action = argv[2];
  if (action != "export" && action != "delete") {
    err << "candor subscriber: unknown action \"" << action << "\"\n" << kUsageLine << "\n";
    return kUsage;
  }
  std::optional<std::string> db, email, id;
  for (int i = 3; i < argc; ++i) {
    const std::string flag = argv[i];
    std::optional<std::string>* slot = flag == "--db" ? &db : flag == "--email" ? &email : flag == "--id" ? &id : nullptr;
    if (slot == nullptr) {
      err << "candor subscriber " << action << ": unknown option " << flag << "\n" << kUsageLine << "\n";
      return kUsage;
    }
    if (i + 1 >= argc || std::string(argv[i + 1]).empty()) {
      err << "candor subscriber " << action << ": " << flag << " needs a value\n";
      return kUsage;
    }
    if (*slot) {
      err << "candor subscriber " << action << ": " << flag << " given twice\n";
      return kUsage;
    }
    *slot = argv[++i];
  }
  if (!db) {
    err << "candor subscriber " << action << ": --db FILE is required\n" << kUsageLine << "\n";
    return kUsage;
  }
  if (email.has_value() == id.has_value()) {
    err << "candor subscriber " << action << ": give exactly one of --email ADDR or --id SUB_ID\n";
    return kUsage;
  }
  auto store = Store::open(*db, Store::OpenMode::existing_only);
  if (!store) {
    err << "candor subscriber " << action << ": " << error_to_text(store.error()) << "\n";
    return kFailure;
  }
  Store& st = *store.value();
  std::vector<Subscriber> found;
  if (id) {
    auto s = st.find_subscriber(*id);
    if (!s) {
      err << "candor subscriber " << action << ": " << error_to_text(s.error()) << "\n";
      return kFailure;
    }
    if (s.value()) found.push_back(*s.value());
  } else {
    auto s = st.find_subscribers_by_address(*email);
    if (!s) {
      err << "candor subscriber " << action << ": " << error_to_text(s.error()) << "\n";
      return kFailure;
    }
    found = std::move(s.value());
  }
  if (found.empty()) {
    // The address is not echoed: the terminal or a log may be kept.
    err << "candor subscriber " << action << ": no subscriber matched\n";
    return kFailure;
  }
  if (action == "export") {
    json::array all;
    for (const Subscriber& s : found) {
      auto d = st.subscriber_deliveries(s.id);
      if (!d) {
        err << "candor subscriber export: " << error_to_text(d.error()) << "\n";
        return kFailure;
      }
      all.push_back(subscriber_json(s, d.value()));
    }
    json::object doc;
    doc["subscribers"] = std::move(all);
    out << json::serialize(doc) << "\n";
    return kOk;
  }
  for (const Subscriber& s : found) {
    auto before = st.subscriber_deliveries(s.id);
    if (!before) {
      err << "candor subscriber delete: " << error_to_text(before.error()) << "\n";
      return kFailure;
    }
    std::size_t pending = 0;
    for (const auto& d : before.value()) pending += d.state == "pending" ? 1 : 0;
    auto del = st.delete_subscriber(s.id);
    if (!del) {
      err << "candor subscriber delete: " << error_to_text(del.error()) << "\n";
      return kFailure;
    }
    out << "deleted " << s.id << " (" << s.kind << ", " << (s.all_components ? std::size_t{0} : s.components.size())
        << " followed components, " << pending << " pending deliveries; "
        << before.value().size() - pending << " past deliveries kept without the address)\n";
  }
  return kOk;
}

}  // namespace candor::cli
