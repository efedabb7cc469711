// RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into PastIncident rows.
#include "candor/history_csv.hpp"

#include <array>

namespace candor {
namespace {

// Splits one record starting at `pos`; advances `pos` past its line end. Quoted fields may
// hold commas, quotes ("") and line breaks. Returns false on an unterminated quote.
bool next_record(std::string_view text, std::size_t& pos, std::vector<std::string>& fields, std::size_t& lines) {
  fields.clear();
  std::string field;
  bool quoted = false, was_quoted = false;
  lines = 1;
  while (pos < text.size()) {
    const char ch = text[pos++];
    if (quoted) {
      if (ch == '"') {
        if (pos < text.size() && text[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++lines;
        field += ch;
      }
    } else if (ch == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      fields.push_back(std::move(field));
      return true;
    } else {
      field += ch;
    }
  }
  if (quoted) return false;
  fields.push_back(std::move(field));
  return true;
}

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace

Result<std::vector<PastIncident>> read_history_csv(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  constexpr std::array<const char*, 5> kRequired = {"id", "category", "impact", "started_at", "resolved_at"};
  std::array<int, 5> col{-1, -1, -1, -1, -1};

  std::size_t pos = 0, line = 1, span = 1;
  std::vector<std::string> fields;
  if (text.empty() || !next_record(text, pos, fields, span))
    return Error{errc::parse_error, "line 1", "expected a header row naming id,category,impact,started_at,resolved_at"};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = trim(fields[i]);
    for (std::size_t k = 0; k < kRequired.size(); ++k)
      if (name == kRequired[k]) col[k] = static_cast<int>(i);
  }
  for (std::size_t k = 0; k < kRequired.size(); ++k)
    if (col[k] < 0)
      return Error{errc::missing_field, "line 1, column " + std::string(kRequired[k]),
                   std::string("the header must name the column \"") + kRequired[k] + "\""};
  const std::size_t width = fields.size();
  line += span;

  std::vector<PastIncident> rows;
  while (pos < text.size()) {
    const std::size_t this_line = line;
    if (!next_record(text, pos, fields, span))
      return Error{errc::parse_error, "line " + std::to_string(this_line), "unterminated quoted field"};
    line += span;
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
    const auto where = [&](int k) { return "line " + std::to_string(this_line) + ", column " + kRequired[k]; };
    if (fields.size() != width)
      return Error{errc::parse_error, "line " + std::to_string(this_line),
                   "expected " + std::to_string(width) + " fields like the header, got " + std::to_string(fields.size())};
    PastIncident p;
    p.id = trim(fields[col[0]]);
    if (p.id.empty()) return Error{errc::missing_field, where(0), "expected a non-empty id"};
    p.category = trim(fields[col[1]]);
    if (p.category.empty()) return Error{errc::missing_field, where(1), "expected a non-empty category"};
    const std::string impact = trim(fields[col[2]]);
    if (!from_string(impact, p.impact) || p.impact == Impact::maintenance)
      return Error{errc::invalid_value, where(2), "expected one of none|minor|major|critical, got \"" + impact + "\""};
    Result<TimeMs> started = parse_iso8601(trim(fields[col[3]]));
    if (!started) return Error{errc::invalid_value, where(3), started.error().detail};
    p.started_at = started.value();
    const std::string resolved = trim(fields[col[4]]);
    if (!resolved.empty()) {
      Result<TimeMs> r = parse_iso8601(resolved);
      if (!r) return Error{errc::invalid_value, where(4), r.error().detail};
      if (r.value() < p.started_at)
        return Error{errc::invalid_value, where(4), "expected a time not before started_at, got " + resolved};
      p.resolved_at = r.value();
    }
    rows.push_back(std::move(p));
  }
  return rows;
}

}  // namespace candor
