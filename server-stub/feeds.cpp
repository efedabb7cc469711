// Atom and iCalendar writers (feeds.hpp). Plain string building: both formats are small, and
// their escaping rules are the whole difficulty, so they are spelled out here.
#include "feeds.hpp"

#include <algorithm>
#include <vector>

#include "markup.hpp"

namespace candor::server {
namespace {

// 20260105T100211Z (RFC 5545 §3.3.5 form 2, UTC).
std::string ics_time(TimeMs t) {
  const std::string iso = format_iso8601(t);  // 2026-01-05T10:02:11.120Z
  std::string out;
  for (char c : iso.substr(0, 19))
    if (c != '-' && c != ':') out += c;
  return out + "Z";
}

std::string link_to(const Page& p, const std::string& id) { return p.url + "/i/" + id; }

}  // namespace

std::string encode_atom(const Snapshot& s) {
  std::vector<const Incident*> xs;
  for (const Incident& x : s.incidents) xs.push_back(&x);
  std::stable_sort(xs.begin(), xs.end(), [](const Incident* a, const Incident* b) {
    if (a->updated_at != b->updated_at) return a->updated_at > b->updated_at;
    return a->id > b->id;
  });
  TimeMs updated = s.page.updated_at;
  for (const Incident* x : xs) updated = std::max(updated, x->updated_at);

  // Ids are URNs: permanent and absolute even when the page has no canonical URL.
  const std::string urn = "urn:candor:" + s.page.id;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <id>" + escape_markup(urn + ":history") + "</id>\n";
  out += "  <title>" + escape_markup(s.page.name + " status history") + "</title>\n";
  out += "  <updated>" + format_iso8601(updated) + "</updated>\n";
  out += "  <author><name>" + escape_markup(s.page.name) + "</name></author>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + escape_markup(s.page.url + std::string(kAtomPath)) +
         "\"/>\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + escape_markup(s.page.url + "/") + "\"/>\n";
  for (const Incident* x : xs) {
    out += "  <entry>\n";
    out += "    <id>" + escape_markup(urn + ":incident:" + x->id) + "</id>\n";
    out += "    <title>" + escape_markup(x->name) + "</title>\n";
    out += "    <published>" + format_iso8601(x->created_at) + "</published>\n";
    out += "    <updated>" + format_iso8601(x->updated_at) + "</updated>\n";
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + escape_markup(link_to(s.page, x->id)) + "\"/>\n";
    out += "    <category term=\"" + escape_markup(to_string(x->impact)) + "\" label=\"impact\"/>\n";
    // The updates newest first, as the status page shows them; plain text, so an update's
    // markup can never become the reader's markup.
    std::string text = std::string("Status: ") + to_string(x->status) + "\n";
    for (auto it = x->updates.rbegin(); it != x->updates.rend(); ++it)
      text += "\n" + format_iso8601(it->display_at) + " " + to_string(it->status) + ": " + it->body + "\n";
    out += "    <content type=\"text\">" + escape_markup(text) + "</content>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string ics_escape_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      // CONTROL characters are not allowed in TEXT (§3.3.11): dropped.
    } else {
      out += c;
    }
  }
  return out;
}

std::string ics_fold_line(std::string_view line) {
  // §3.1: lines SHOULD NOT be longer than 75 octets, excluding the CRLF; a continuation
  // starts with one space, which counts towards its 75.
  std::string out;
  std::size_t limit = 75, used = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xf0) len = 4;
    else if (c >= 0xe0) len = 3;
    else if (c >= 0xc0) len = 2;
    len = std::min(len, line.size() - i);
    if (used + len > limit) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, len));
    used += len;
    i += len;
  }
  return out + "\r\n";
}

std::string encode_ics(const Snapshot& s) {
  std::string out;
  auto line = [&](std::string_view name, std::string_view value) {
    out += ics_fold_line(std::string(name) + ":" + std::string(value));
  };
  line("BEGIN", "VCALENDAR");
  line("VERSION", "2.0");
  line("PRODID", "-//Candor//Status portal//EN");
  line("CALSCALE", "GREGORIAN");
  line("METHOD", "PUBLISH");
  line("X-WR-CALNAME", ics_escape_text(s.page.name + " maintenance"));
  for (const Maintenance& m : s.maintenances) {
    line("BEGIN", "VEVENT");
    line("UID", m.id + "@" + s.page.id + ".candor");
    line("DTSTAMP", ics_time(m.updated_at));
    line("DTSTART", ics_time(m.scheduled_for));
    line("DTEND", ics_time(std::max(m.scheduled_until, m.scheduled_for)));
    line("SUMMARY", ics_escape_text(m.name));
    std::string description;
    if (!m.updates.empty()) description = m.updates.back().body;
    std::string names;
    for (const std::string& id : m.component_ids)
      for (const Component& c : s.components)
        if (c.id == id) names += (names.empty() ? "" : ", ") + c.name;
    if (!names.empty()) description += (description.empty() ? "" : "\n\n") + std::string("Affects: ") + names;
    if (!description.empty()) line("DESCRIPTION", ics_escape_text(description));
    line("STATUS", "CONFIRMED");
    line("SEQUENCE", std::to_string(m.updates.empty() ? 0 : m.updates.size() - 1));
    line("LAST-MODIFIED", ics_time(m.updated_at));
    line("CATEGORIES", ics_escape_text(to_string(m.status)));
    if (!s.page.url.empty()) line("URL", link_to(s.page, m.id));
    line("TRANSP", "TRANSPARENT");
    line("END", "VEVENT");
  }
  line("END", "VCALENDAR");
  return out;
}

}  // namespace candor::server
