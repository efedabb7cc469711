// Subscriber messages rendered at send time (notification_message.hpp).
#include "notification_message.hpp"

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <date/tz.h>

#include "candor/time.hpp"
#include "file_bytes.hpp"
#include "markup.hpp"

namespace candor::server {

namespace json = boost::json;

const std::vector<std::string>& mail_languages() {
  static const std::vector<std::string> kLanguages = {"en", "tr", "ru", "nb"};
  return kLanguages;
}

Result<MailCatalogs> MailCatalogs::parse(const std::map<std::string, std::string>& json_by_language) {
  MailCatalogs out;
  std::map<std::string, std::set<std::string>> keys;
  for (const std::string& lang : mail_languages()) {
    const auto it = json_by_language.find(lang);
    if (it == json_by_language.end()) return Error{errc::missing_field, "/" + lang, "no mail catalog for " + lang};
    std::error_code ec;
    json::value v = json::parse(it->second, ec);
    if (ec) return Error{errc::parse_error, "/" + lang, "mail catalog " + lang + ": " + ec.message()};
    if (!v.is_object()) return Error{errc::wrong_type, "/" + lang, "mail catalog " + lang + ": not a JSON object"};
    for (const auto& [k, value] : v.as_object()) {
      if (!value.is_string())
        return Error{errc::wrong_type, "/" + lang + "/" + std::string(k), "a mail message is a string"};
      keys[lang].insert(std::string(k));
    }
    auto c = Catalog::parse(it->second);
    if (!c) return Error{c.error().code, "/" + lang + c.error().path, c.error().detail};
    c.value().lang = lang;
    out.catalogs_.emplace(lang, std::move(c.value()));
  }
  // Every language says everything English says: a missing text would show its id in a mail.
  for (const std::string& lang : mail_languages()) {
    for (const std::string& k : keys["en"])
      if (!keys[lang].count(k))
        return Error{errc::missing_field, "/" + lang + "/" + k, "mail catalog " + lang + " lacks " + k};
    for (const std::string& k : keys[lang])
      if (!keys["en"].count(k))
        return Error{errc::unknown_field, "/" + lang + "/" + k, "mail catalog " + lang + " has " + k + ", English does not"};
  }
  return out;
}

Result<MailCatalogs> MailCatalogs::load(const std::filesystem::path& web_root) {
  std::map<std::string, std::string> texts;
  for (const std::string& lang : mail_languages()) {
    const std::filesystem::path file = web_root / "i18n" / "mail" / (lang + ".json");
    std::optional<std::string> text = read_file_bytes(file);
    if (!text) return Error{errc::missing_field, file.string(), "cannot read the mail catalog"};
    texts[lang] = std::move(*text);
  }
  auto c = parse(texts);
  if (!c) return Error{c.error().code, (web_root / "i18n" / "mail").string() + c.error().path, c.error().detail};
  return c;
}

const Catalog& MailCatalogs::get(const std::string& language) const {
  const auto it = catalogs_.find(language);
  if (it != catalogs_.end()) return it->second;
  static const Catalog kEmpty;
  const auto en = catalogs_.find("en");
  return en != catalogs_.end() ? en->second : kEmpty;
}

namespace {

std::string base_url(const std::string& public_url) {
  std::string u = public_url;
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

const date::time_zone* zone_or_null(const std::string& name) {
  try {  // date::locate_zone throws for an unknown name; the store checked the page's zone
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// "16:30" on the day of the message, "2026-11-25 16:30" on another: local to the page's zone.
std::string local_time(TimeMs t, TimeMs reference, const date::time_zone* zone) {
  using namespace std::chrono;
  const auto to_local = [&](TimeMs ms) {
    const date::sys_time<milliseconds> sys{milliseconds{ms}};
    return zone ? zone->to_local(sys) : date::local_time<milliseconds>{sys.time_since_epoch()};
  };
  const auto lt = to_local(t);
  const auto day = date::floor<date::days>(lt);
  const auto hm = date::hh_mm_ss<minutes>(date::floor<minutes>(lt - day));
  char clock[6];
  std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(hm.hours().count()),
                static_cast<int>(hm.minutes().count()));
  if (day == date::floor<date::days>(to_local(reference))) return clock;
  const date::year_month_day ymd{day};
  char full[24];
  std::snprintf(full, sizeof full, "%04d-%02u-%02u %s", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), clock);
  return full;
}

std::string str(const json::object& o, std::string_view key) {
  if (const json::value* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
  return {};
}

std::optional<TimeMs> time_of(const json::object& o, std::string_view key) {
  if (const json::value* v = o.if_contains(key); v && v->is_int64()) return v->as_int64();
  return std::nullopt;
}

// The message built as paragraphs and links, then written out twice (text and HTML), so
// both parts always carry the same facts and the same links.
struct Message {
  struct Block {
    std::string text;
    std::string link;  // empty: a paragraph; else a link with `text` as its label
    bool quote = false;
  };
  std::vector<Block> blocks;
  void para(std::string t) {
    if (!t.empty()) blocks.push_back({std::move(t), {}, false});
  }
  void quote(std::string t) {
    if (!t.empty()) blocks.push_back({std::move(t), {}, true});
  }
  void link(std::string label, std::string url) { blocks.push_back({std::move(label), std::move(url), false}); }

  std::string text() const {
    std::string out;
    for (const Block& b : blocks) {
      if (!b.link.empty()) out += b.text + ":\n" + b.link + "\n\n";
      else if (b.quote) out += "> " + b.text + "\n\n";
      else out += b.text + "\n\n";
    }
    return out;
  }
  std::string html(const std::string& lang, const std::string& title) const {
    // Plain, image-free HTML with inline-free markup: readable in any client, and nothing
    // remote to load (so no tracking and nothing a spam filter holds against us).
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + escape_markup(lang) +
                      "\"><head><meta charset=\"utf-8\"><title>" + escape_markup(title) + "</title></head><body>\n";
    for (const Block& b : blocks) {
      if (!b.link.empty())
        out += "<p><a href=\"" + escape_markup(b.link) + "\">" + escape_markup(b.text) + "</a></p>\n";
      else if (b.quote)
        out += "<blockquote><p>" + escape_markup(b.text) + "</p></blockquote>\n";
      else
        out += "<p>" + escape_markup(b.text) + "</p>\n";
    }
    return out + "</body></html>\n";
  }
};

std::string component_names(const json::object& p) {
  std::string names;
  if (const json::value* v = p.if_contains("components"); v && v->is_array())
    for (const json::value& c : v->as_array()) {
      std::string name = c.is_object() ? str(c.as_object(), "name") : (c.is_string() ? std::string(c.as_string()) : "");
      if (name.empty()) continue;
      if (!names.empty()) names += ", ";
      names += name;
    }
  return names;
}

}  // namespace

Result<OutgoingEmail> compose_email(const DueDelivery& d, const MessageContext& ctx, const MailCatalogs& catalogs) {
  std::error_code ec;
  json::value v = json::parse(d.event_payload, ec);
  if (ec || !v.is_object())
    return Error{errc::parse_error, d.key, "the event payload is not a JSON object"};
  const json::object& p = v.as_object();
  const Catalog& c = catalogs.get(d.language);
  const std::string base = base_url(ctx.public_url);
  const std::string page = ctx.page_name.empty() ? base : ctx.page_name;
  const std::string zone_name = str(p, "time_zone").empty() ? "Etc/UTC" : str(p, "time_zone");
  const date::time_zone* zone = zone_or_null(zone_name);
  const TimeMs at = time_of(p, "at").value_or(d.event_at);
  auto when = [&](TimeMs t) { return local_time(t, at, zone); };
  const std::string manage_url = base + "/#/subscription/" + d.manage_token;
  const std::string unsubscribe_url = base + "/api/v1/subscriptions/" + d.manage_token + "/unsubscribe";
  const std::string name = str(p, "name");

  OutgoingEmail mail;
  Message m;
  bool times_shown = false;
  const std::string& type = d.event_type;
  if (type == "subscription.confirm") {
    const std::string token = str(p, "confirm_token");
    if (token.empty()) return Error{errc::missing_field, d.key + "/confirm_token", "a confirmation needs its token"};
    mail.subject = c.text("mail.subject.confirm", {{"page", page}});
    m.para(c.text("mail.confirm.intro", {{"page", page}}));
    m.link(c.text("mail.confirm.action"), base + "/#/subscription/confirm/" + token);
    m.para(c.text("mail.confirm.ignore"));
  } else if (type.rfind("incident.", 0) == 0) {
    mail.subject = c.text("mail.subject." + type, {{"page", page}, {"name", name}});
    m.para(c.text("mail." + type, {{"name", name}}));
    m.para(c.text("mail.status", {{"status", c.text("mail.incidentStatus." + str(p, "status"))}}));
    m.quote(str(p, "message"));
    if (const std::string names = component_names(p); !names.empty())
      m.para(c.text("mail.affected", {{"components", names}}));
    if (const json::value* prev = p.if_contains("previous_promise"); prev && prev->is_object()) {
      const json::value* eta = p.if_contains("eta");
      const json::value* before = prev->as_object().if_contains("latest_at");
      const json::value* after = eta && eta->is_object() ? eta->as_object().if_contains("latest_at") : nullptr;
      const json::value* missed = prev->as_object().if_contains("missed");
      if (before && after && before->is_int64() && after->is_int64()) {
        const TimeMs said = before->as_int64(), now_expected = after->as_int64();
        const char* id = missed && missed->is_bool() && missed->as_bool() ? "mail.promise.missed"
                         : now_expected < said                          ? "mail.promise.earlier"
                                                                        : "mail.promise.revised";
        m.para(c.text(id, {{"before", when(said)}, {"after", when(now_expected)}}));
        times_shown = true;
      }
    }
    if (const json::value* eta = p.if_contains("eta"); eta && eta->is_object()) {
      const auto likely = time_of(eta->as_object(), "likely_at"), latest = time_of(eta->as_object(), "latest_at");
      if (likely && latest) {
        m.para(c.text("mail.eta", {{"likely", when(*likely)}, {"latest", when(*latest)}}));
        times_shown = true;
      }
    }
    if (const auto next = time_of(p, "next_update_at")) {
      m.para(c.text("mail.nextUpdate", {{"time", when(*next)}}));
      times_shown = true;
    }
    const std::string incident_url = base + "/#/incident/" + str(p, "incident_id");
    m.link(c.text("mail.viewIncident"), incident_url);
    // After resolution, the portal's one-click "how did we do?" is on the incident page.
    if (type == "incident.resolved") m.link(c.text("mail.feedback"), incident_url);
  } else if (type == "component.updated") {
    const std::string status = c.text("mail.componentStatus." + str(p, "status"));
    mail.subject = c.text("mail.subject.component.updated", {{"page", page}, {"name", name}, {"status", status}});
    m.para(c.text("mail.component.updated", {{"name", name}, {"status", status}}));
    m.link(c.text("mail.viewPage"), base + "/");
  } else if (type.rfind("maintenance.", 0) == 0) {
    mail.subject = c.text("mail.subject." + type, {{"page", page}, {"name", name}});
    m.para(c.text("mail." + type, {{"name", name}}));
    m.quote(str(p, "message"));
    const auto start = time_of(p, "scheduled_for"), end = time_of(p, "scheduled_until");
    if (start && end) {
      m.para(c.text("mail.maintenance.window", {{"start", when(*start)}, {"end", when(*end)}}));
      times_shown = true;
    }
    if (const std::string names = component_names(p); !names.empty())
      m.para(c.text("mail.affected", {{"components", names}}));
    m.link(c.text("mail.viewMaintenance"), base + "/#/maintenance/" + str(p, "maintenance_id"));
  } else if (type == "case.updated" || type == "case.resolved") {
    mail.subject = c.text("mail.subject." + type, {{"page", page}});
    m.para(c.text("mail." + type));
    m.para(c.text("mail.status", {{"status", c.text("mail.caseStage." + str(p, "stage"))}}));
    m.quote(str(p, "message"));
    if (str(p, "stage") == "waiting_on_customer" && !str(p, "waiting_on_customer_for").empty())
      m.para(c.text("mail.case.waiting", {{"what", str(p, "waiting_on_customer_for")}}));
    if (const auto next = time_of(p, "next_update_at")) {
      m.para(c.text("mail.nextUpdate", {{"time", when(*next)}}));
      times_shown = true;
    }
    // The case's link is a capability stored only hashed: the customer has it, we do not.
    m.para(c.text("mail.case.link"));
  } else {
    return Error{errc::invalid_value, d.key + "/type", "no email for event type " + type};
  }
  if (times_shown) m.para(c.text("mail.timesIn", {{"zone", zone_name}}));
  m.para(c.text("mail.footer.why", {{"page", page}}));
  m.link(c.text("mail.footer.manage"), manage_url);
  m.link(c.text("mail.footer.unsubscribe"), unsubscribe_url);

  mail.text = m.text();
  mail.html = m.html(c.lang, mail.subject);
  if (type != "subscription.confirm") {
    // RFC 8058: a mail client's one-click unsubscribe POSTs this URL with
    // "List-Unsubscribe=One-Click"; RFC 2369 wants the angle brackets.
    mail.headers.push_back({"List-Unsubscribe", "<" + unsubscribe_url + ">"});
    mail.headers.push_back({"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"});
  }
  mail.headers.push_back({"Content-Language", c.lang});
  return mail;
}

namespace {

// Webhook receivers get times as ISO 8601 (UTC), as Statuspage's API sends them.
void iso_times(json::value& v) {
  if (json::object* o = v.if_object()) {
    for (auto& [k, x] : *o) {
      const std::string_view key = k;
      const bool is_time = (key.size() > 3 && key.substr(key.size() - 3) == "_at") || key == "scheduled_for" ||
                           key == "scheduled_until";
      if (is_time && x.is_int64()) x = format_iso8601(x.as_int64());
      else iso_times(x);
    }
  } else if (json::array* a = v.if_array()) {
    for (json::value& x : *a) iso_times(x);
  }
}

}  // namespace

Result<std::string> compose_webhook_body(const DueDelivery& d, const MessageContext& ctx) {
  std::error_code ec;
  json::value data = json::parse(d.event_payload, ec);
  if (ec || !data.is_object()) return Error{errc::parse_error, d.key, "the event payload is not a JSON object"};
  data.as_object().erase("at");
  iso_times(data);
  const std::string base = base_url(ctx.public_url);
  json::object& o = data.as_object();
  if (const json::value* id = o.if_contains("incident_id"); id && id->is_string())
    o["url"] = base + "/#/incident/" + std::string(id->as_string());
  else if (const json::value* mid = o.if_contains("maintenance_id"); mid && mid->is_string())
    o["url"] = base + "/#/maintenance/" + std::string(mid->as_string());
  // Standard Webhooks: {"type", "timestamp", "data"}.
  json::object body;
  body["type"] = d.event_type;
  body["timestamp"] = format_iso8601(d.event_at);
  body["data"] = std::move(data);
  return json::serialize(body);
}

}  // namespace candor::server
