// The no-JavaScript overview (prerender.hpp).
#include "prerender.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "candor/view_model.hpp"
#include "file_bytes.hpp"
#include "markup.hpp"
#include "portal_cache.hpp"

namespace candor::server {
namespace {

namespace json = boost::json;

// Stand-ins for elements inside a catalog sentence: private-use characters (U+E000, U+E001),
// which no catalog holds and escaping leaves alone; with_elements() puts the markup in.
constexpr const char* kMarkA = "\xEE\x80\x80";
constexpr const char* kMarkB = "\xEE\x80\x81";

std::string with_elements(std::string escaped, const std::string& a, const std::string& b) {
  for (const auto& [mark, markup] : {std::pair{std::string_view(kMarkA), &a}, std::pair{std::string_view(kMarkB), &b}}) {
    for (auto p = escaped.find(mark); p != std::string::npos; p = escaped.find(mark, p + markup->size()))
      escaped.replace(p, mark.size(), *markup);
  }
  return escaped;
}

// "2026-11-24 14:05 UTC" inside a <time> element: the reader's zone is unknown without
// JavaScript, so the time says which zone it is in.
std::string time_element(TimeMs t) {
  const std::string iso = format_iso8601(t);  // 2026-11-24T14:05:00.000Z
  return "<time datetime=\"" + iso + "\">" + iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC</time>";
}

// A sentence whose "({relative})" part needs the reader's clock, with that part left out:
// "Updated 14:05 UTC ()" becomes "Updated 14:05 UTC".
std::string without_relative(std::string sentence) {
  for (const std::string_view empty : {" ()", "()"}) {
    if (const auto p = sentence.find(empty); p != std::string::npos) sentence.erase(p, empty.size());
  }
  return sentence;
}

// The published promise and the promised next update, as facts with their times: the window
// while it still holds at rendering (a missed one is replaced by the server's next promise
// step, which makes a new snapshot and so a new page).
std::string outlook(const Incident& i, TimeMs now, const Catalog& c) {
  std::string out;
  if (i.promise && now <= i.promise->latest_at) {
    out += "<p class=\"prerender__eta\"><strong>" + escape_markup(c.text("incident.eta.heading")) + "</strong> " +
           with_elements(escape_markup(c.text("incident.eta.window", {{"likely", kMarkA}, {"latest", kMarkB}})),
                         time_element(i.promise->likely_at), time_element(i.promise->latest_at)) +
           " " +
           with_elements(escape_markup(c.text("incident.eta.published", {{"time", kMarkA}})),
                         time_element(i.promise->published_at), "") +
           "</p>";
  }
  if (i.next_update_at) {
    out += "<p class=\"prerender__next\">" +
           without_relative(with_elements(
               escape_markup(c.text("incident.next.due", {{"time", kMarkA}, {"relative", kMarkB}})),
               time_element(*i.next_update_at), "")) +
           "</p>";
  }
  return out;
}

bool active(const Incident& i) {
  return i.status != IncidentStatus::resolved && i.status != IncidentStatus::postmortem;
}

std::string incidents_section(const Snapshot& s, TimeMs now, const Catalog& c) {
  std::vector<const Incident*> open;
  for (const Incident& i : s.incidents) {
    if (active(i)) open.push_back(&i);
  }
  // The most severe first, then the newest: what the live overview shows on top.
  std::stable_sort(open.begin(), open.end(), [](const Incident* a, const Incident* b) {
    if (a->impact != b->impact) return a->impact > b->impact;
    return a->started_at > b->started_at;
  });
  std::string out = "<section class=\"section\" aria-labelledby=\"prerender-incidents\"><h2 id=\"prerender-incidents\">" +
                    escape_markup(c.text("incidents.heading")) + "</h2>";
  if (open.empty()) return out + "<p>" + escape_markup(c.text("incidents.none")) + "</p></section>";
  out += "<ul class=\"cards\">";
  for (const Incident* i : open) {
    out += "<li class=\"card impact--" + std::string(to_string(i->impact)) + "\"><h3>" + escape_markup(i->name) + "</h3><p>" +
           escape_markup(c.text(std::string("stage.") + to_string(i->status))) + " · " +
           escape_markup(c.text(std::string("impact.") + to_string(i->impact))) + "</p>";
    if (!i->updates.empty()) {
      const IncidentUpdate& u = i->updates.back();
      out += "<p>" + escape_markup(u.body) + "</p><p>" + time_element(u.display_at) + "</p>";
    }
    out += outlook(*i, now, c) + "</li>";
  }
  return out + "</ul></section>";
}

std::string maintenances_section(const Snapshot& s, TimeMs now, const Catalog& c) {
  std::vector<const Maintenance*> shown;
  for (const Maintenance& m : s.maintenances) {
    if (m.status != MaintenanceStatus::completed && m.scheduled_until > now) shown.push_back(&m);
  }
  if (shown.empty()) return {};
  std::stable_sort(shown.begin(), shown.end(),
                   [](const Maintenance* a, const Maintenance* b) { return a->scheduled_for < b->scheduled_for; });
  std::string out = "<section class=\"section\" aria-labelledby=\"prerender-maintenance\"><h2 id=\"prerender-maintenance\">" +
                    escape_markup(c.text("maintenance.heading")) + "</h2><ul class=\"cards\">";
  for (const Maintenance* m : shown) {
    // The window's two times are elements, so they are put in after escaping the sentence.
    const std::string filled =
        with_elements(escape_markup(c.text("maintenance.window", {{"start", kMarkA}, {"end", kMarkB}})),
                      time_element(m->scheduled_for), time_element(m->scheduled_until));
    out += "<li class=\"card\"><h3>" + escape_markup(m->name) + "</h3><p>" +
           escape_markup(c.text(std::string("maintenance.status.") + to_string(m->status))) + "</p><p>" + filled + "</p></li>";
  }
  return out + "</ul></section>";
}

// Replaces the element that starts at `open_tag` up to its closing tag (not nested: the page's
// <title> and <h1> hold text only) with `inner` as its content.
void replace_content(std::string& html, std::string_view open_tag, std::string_view close_tag, const std::string& inner) {
  const auto start = html.find(open_tag);
  if (start == std::string::npos) return;
  const auto content = html.find('>', start);
  if (content == std::string::npos) return;
  const auto end = html.find(close_tag, content);
  if (end == std::string::npos) return;
  html.replace(content + 1, end - content - 1, inner);
}

}  // namespace

Result<Catalog> Catalog::parse(std::string_view text) {
  std::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error{errc::parse_error, "", ec.message()};
  const json::object* o = v.if_object();
  if (o == nullptr) return Error{errc::wrong_type, "", "a catalog is a JSON object of message ids to texts"};
  Catalog c;
  for (const auto& [key, value] : *o) {
    // A message is a string, or plural forms keyed by Intl.PluralRules category; the
    // pre-render uses no counts, so it keeps the "other" form.
    const json::string* s = value.if_string();
    if (const json::object* forms = value.if_object(); s == nullptr && forms != nullptr) {
      if (const json::value* other = forms->if_contains("other")) s = other->if_string();
    }
    if (s == nullptr)
      return Error{errc::wrong_type, "/" + std::string(key), "a message is a string or an object of plural forms with \"other\""};
    c.messages_.emplace(std::string(key), std::string(*s));
  }
  return c;
}

std::string Catalog::text(const std::string& id, const std::map<std::string, std::string>& params) const {
  const auto it = messages_.find(id);
  if (it == messages_.end()) return id;
  const std::string& pattern = it->second;
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i);
      if (close != std::string::npos) {
        const auto p = params.find(pattern.substr(i + 1, close - i - 1));
        if (p != params.end()) {
          out += p->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string prerender_index(std::string_view index_html, const Snapshot& s, TimeMs now, const Catalog& c) {
  std::string html(index_html);
  const std::string_view main_open = "<main id=\"main\"";
  const auto main_at = html.find(main_open);
  const auto main_end = main_at == std::string::npos ? std::string::npos : html.find("</main>", main_at);
  if (main_end == std::string::npos) return html;

  const Overall overall = overall_status(s, now);
  const std::string status = to_string(overall.status);
  std::string inner = "\n<div class=\"prerendered\" data-prerendered-version=\"" + std::to_string(s.version) + "\">";
  inner += "<section class=\"hero status--" + status + "\" aria-labelledby=\"overall-static\"><div class=\"hero__text\">";
  inner += "<p class=\"hero__sentence\" id=\"overall-static\">" + escape_markup(c.text("overall." + status)) + "</p>";
  const std::string meta = without_relative(with_elements(
      escape_markup(c.text("overall.updated", {{"time", kMarkA}, {"relative", kMarkB}})), time_element(s.generated_at), ""));
  inner += "<p class=\"hero__meta\">" + meta + "</p></div></section>";
  inner += incidents_section(s, now, c);
  inner += maintenances_section(s, now, c);
  inner += "</div>\n";
  // Keep the <noscript> note: without JavaScript the page does not update by itself.
  const auto content = html.find('>', main_at) + 1;
  const std::string old_inner = html.substr(content, main_end - content);
  const auto ns = old_inner.find("<noscript>");
  const auto ns_end = old_inner.find("</noscript>");
  if (ns != std::string::npos && ns_end != std::string::npos)
    inner += "      " + old_inner.substr(ns, ns_end + 11 - ns) + "\n    ";
  html.replace(content, main_end - content, inner);

  if (!s.page.name.empty()) {
    const std::string title = escape_markup(c.text("app.title", {{"name", s.page.name}}));
    replace_content(html, "<title", "</title>", title);
    replace_content(html, "<h1 class=\"site-title\"", "</h1>", title);
  }
  const std::string_view lang_attr = "<html lang=\"";
  if (const auto at = html.find(lang_attr); at != std::string::npos) {
    const auto value = at + lang_attr.size();
    if (const auto quote = html.find('"', value); quote != std::string::npos) html.replace(value, quote - value, c.lang);
  }
  return html;
}

std::shared_ptr<const PrerenderCache::Page> PrerenderCache::get(const std::filesystem::path& web_root,
                                                                 const std::shared_ptr<const Snapshot>& snapshot,
                                                                 TimeMs now) {
  const auto index_path = web_root / "index.html";
  const auto catalog_path = web_root / "i18n" / "en.json";
  std::error_code ec1, ec2;
  const auto index_mtime = std::filesystem::last_write_time(index_path, ec1);
  const auto catalog_mtime = std::filesystem::last_write_time(catalog_path, ec2);
  if (ec1 || ec2 || snapshot == nullptr) return nullptr;

  std::lock_guard<std::mutex> lock(mutex_);
  if (page_ && snapshot_ == snapshot && index_mtime_ == index_mtime && catalog_mtime_ == catalog_mtime) return page_;
  const auto index = read_file_bytes(index_path);
  const auto catalog_text = read_file_bytes(catalog_path);
  if (!index || !catalog_text) return nullptr;
  auto catalog = Catalog::parse(*catalog_text);
  if (!catalog) return nullptr;
  auto page = std::make_shared<Page>();
  page->html = prerender_index(*index, *snapshot, now, catalog.value());
  page->etag = "\"html-" + std::to_string(snapshot->version) + "-" + fnv1a_hex(page->html) + "\"";
  snapshot_ = snapshot;
  index_mtime_ = index_mtime;
  catalog_mtime_ = catalog_mtime;
  page_ = std::move(page);
  return page_;
}

}  // namespace candor::server
