// JSON request bodies checked strictly, and JSON responses: the envelope (size, UTF-8,
// syntax, depth, an object, known keys only) and field checks whose failures are 4xx
// answers naming the field, what was wrong and what is allowed. Shared by every write.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "candor/model.hpp"
#include "http_message.hpp"

namespace candor::server {

// Bodies above this are refused with 413 (the HTTP front enforces its own limit as well).
constexpr std::size_t kMaxWriteBodyBytes = 32 * 1024;
// JSON nested deeper than this is refused: no request needs more than 3 levels.
constexpr unsigned kMaxJsonDepth = 8;
constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxMessageChars = 10000;

Response json_response(int status, const boost::json::value& body);
// {"error": {"code", "path", "detail"}}, the core's error shape; `path` is a JSON pointer
// into the request body ("" for the body as a whole) or the request path.
Response json_error(int status, std::string_view code, std::string_view path, std::string_view detail);
// RFC 3629 UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s);
std::size_t utf8_chars(std::string_view s);

namespace json_body_detail {
namespace json = boost::json;
// A request body checked field by field. Every check that fails sets the one error (the
// first), so handlers validate everything, then look once.
class Body {
 public:
  // Parses and checks the envelope: size, UTF-8, JSON, depth, an object, known keys only.
  static std::pair<Body, std::optional<Response>> parse(const Request& req, std::vector<std::string_view> allowed) {
    Body b;
    if (req.body.size() > kMaxWriteBodyBytes)
      return {b, json_error(413, "too_large", "", "the body is " + std::to_string(req.body.size()) +
                                                 " bytes; at most " + std::to_string(kMaxWriteBodyBytes) + " are allowed")};
    const std::string_view type = req.header("Content-Type");
    if (!type.empty() && type.substr(0, 16) != "application/json")
      return {b, json_error(415, "unsupported_media_type", "", "send the body as application/json")};
    std::string_view text = req.body;
    if (text.empty()) text = "{}";
    if (!valid_utf8(text)) return {b, json_error(400, "bad_utf8", "", "the body is not valid UTF-8")};
    json::parse_options opts;
    opts.max_depth = kMaxJsonDepth;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec, {}, opts);
    if (ec == json::error::too_deep)
      return {b, json_error(400, "too_deep", "", "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                                " levels is not allowed")};
    if (ec) return {b, json_error(400, "parse_error", "", "the body is not JSON: " + ec.message())};
    if (!v.is_object()) return {b, json_error(400, "wrong_type", "", "the body must be a JSON object")};
    b.o_ = std::move(v.as_object());
    for (const auto& kv : b.o_) {
      if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return {b, json_error(400, "unknown_field", "/" + std::string(kv.key()),
                         "unknown field \"" + std::string(kv.key()) + "\"; allowed: " + list)};
      }
    }
    return {std::move(b), std::nullopt};
  }

  bool has(std::string_view key) const { return o_.contains(key) && !o_.at(key).is_null(); }
  bool present(std::string_view key) const { return o_.contains(key); }  // null included

  // A string of 1..max_chars characters (after trimming nothing: operators' text is kept as written).
  std::string text(std::string_view key, bool required, std::size_t max_chars) {
    if (!has(key)) {
      if (required) fail("missing_field", key, "required: a string of 1 to " + std::to_string(max_chars) + " characters");
      return {};
    }
    const json::value& v = o_.at(key);
    if (!v.is_string()) {
      fail("wrong_type", key, "must be a string");
      return {};
    }
    std::string s(v.as_string());
    const std::size_t n = utf8_chars(s);
    if (n == 0 || n > max_chars)
      fail("invalid_value", key, "has " + std::to_string(n) + " characters; 1 to " + std::to_string(max_chars) + " are allowed");
    return s;
  }

  // One of an enumeration, given by its candor::from_string.
  template <class E>
  std::optional<E> enumerated(std::string_view key, bool required, const std::vector<E>& allowed) {
    std::string names;
    for (E e : allowed) names += (names.empty() ? "" : ", ") + std::string(to_string(e));
    if (!has(key)) {
      if (required) fail("missing_field", key, "required: one of " + names);
      return std::nullopt;
    }
    const json::value& v = o_.at(key);
    E out{};
    if (v.is_string() && from_string(std::string_view(v.as_string()), out) &&
        std::find(allowed.begin(), allowed.end(), out) != allowed.end())
      return out;
    fail("invalid_value", key, (v.is_string() ? "\"" + std::string(v.as_string()) + "\"" : std::string("a ") + kind(v)) +
                                   " is not allowed; use one of " + names);
    return std::nullopt;
  }

  std::optional<TimeMs> time(std::string_view key, TimeMs now) {
    if (!has(key)) return std::nullopt;
    const json::value& v = o_.at(key);
    if (v.is_string()) {
      auto t = parse_iso8601(std::string_view(v.as_string()));
      if (t && t.value() > now) return t.value();
      if (t) {
        fail("invalid_value", key, "must be in the future");
        return std::nullopt;
      }
    }
    fail("invalid_value", key, "must be an ISO-8601 date-time with a zone, e.g. 2026-01-05T10:30:00Z");
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
    if (!has(key)) return std::nullopt;
    const json::value& v = o_.at(key);
    // Huge numbers parse as doubles (or uint64): refused like any other out-of-range value.
    if (v.is_int64() && v.as_int64() >= lo && v.as_int64() <= hi) return v.as_int64();
    fail("invalid_value", key, "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }

  std::optional<double> number(std::string_view key, double lo, double hi) {
    if (!has(key)) return std::nullopt;
    const json::value& v = o_.at(key);
    const double d = v.is_int64() ? static_cast<double>(v.as_int64()) : v.is_double() ? v.as_double() : -1e308;
    if ((v.is_int64() || v.is_double()) && d >= lo && d <= hi) return d;
    fail("invalid_value", key, "must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return std::nullopt;
  }

  std::vector<std::string> string_list(std::string_view key, const std::vector<std::string>& allowed) {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const json::value& v = o_.at(key);
    if (!v.is_array()) {
      fail("wrong_type", key, "must be an array of component ids");
      return out;
    }
    const json::array& a = v.as_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string at = std::string(key) + "/" + std::to_string(i);
      if (!a[i].is_string()) {
        fail("wrong_type", at, "must be a component id (a string)");
        continue;
      }
      std::string id(a[i].as_string());
      if (std::find(allowed.begin(), allowed.end(), id) == allowed.end()) {
        fail("invalid_value", at, "no component has the id \"" + id + "\"; see GET /api/v2/components.json");
      } else if (std::find(out.begin(), out.end(), id) != out.end()) {
        fail("invalid_value", at, "component \"" + id + "\" is listed twice");
      } else {
        out.push_back(std::move(id));
      }
    }
    return out;
  }

  // An array of at most `max_items` strings of 1..max_chars characters; nullopt if absent.
  std::optional<std::vector<std::string>> strings(std::string_view key, std::size_t max_items, std::size_t max_chars) {
    if (!has(key)) return std::nullopt;
    const json::value& v = o_.at(key);
    std::vector<std::string> out;
    if (!v.is_array() || v.as_array().size() > max_items) {
      fail("wrong_type", key, "must be an array of at most " + std::to_string(max_items) + " strings");
      return out;
    }
    for (std::size_t i = 0; i < v.as_array().size(); ++i) {
      const json::value& item = v.as_array()[i];
      const std::string at = std::string(key) + "/" + std::to_string(i);
      if (!item.is_string() || item.as_string().empty() || utf8_chars(std::string_view(item.as_string())) > max_chars) {
        fail("invalid_value", at, "must be a string of 1 to " + std::to_string(max_chars) + " characters");
        continue;
      }
      out.emplace_back(item.as_string());
    }
    return out;
  }

  // A field's value that passed the type checks but not the caller's own (a 400 naming it).
  void invalid(std::string_view key, std::string detail) { fail("invalid_value", key, std::move(detail)); }

  // True when `key` holds a JSON object (a field that takes either a list or a map).
  bool is_object(std::string_view key) const { return has(key) && o_.at(key).is_object(); }

  // {"component id": "status", ...}: statuses to set, in the order given. Ids must be in
  // `allowed`; statuses are Statuspage's component statuses.
  std::vector<std::pair<std::string, ComponentStatus>> component_statuses(std::string_view key,
                                                                         const std::vector<std::string>& allowed) {
    std::vector<std::pair<std::string, ComponentStatus>> out;
    if (!has(key)) return out;
    const json::value& v = o_.at(key);
    if (!v.is_object()) {
      fail("wrong_type", key, "must be an object {\"component id\": \"status\"}");
      return out;
    }
    std::string names;
    for (ComponentStatus st : {ComponentStatus::operational, ComponentStatus::degraded_performance,
                               ComponentStatus::partial_outage, ComponentStatus::major_outage,
                               ComponentStatus::under_maintenance})
      names += (names.empty() ? "" : ", ") + std::string(to_string(st));
    for (const auto& kv : v.as_object()) {
      const std::string id(kv.key());
      const std::string at = std::string(key) + "/" + id;
      ComponentStatus st{};
      if (std::find(allowed.begin(), allowed.end(), id) == allowed.end()) {
        fail("invalid_value", at, "no component has the id \"" + id + "\"; see GET /api/v2/components.json");
      } else if (!kv.value().is_string() || !from_string(std::string_view(kv.value().as_string()), st)) {
        fail("invalid_value", at, "must be a component status: one of " + names);
      } else {
        out.emplace_back(id, st);
      }
    }
    return out;
  }

  // [{"title", "body"}] notes: obstacles and workarounds.
  std::optional<std::vector<Note>> notes(std::string_view key) {
    if (!has(key)) return std::nullopt;
    const json::value& v = o_.at(key);
    std::vector<Note> out;
    if (!v.is_array() || v.as_array().size() > 20) {
      fail("wrong_type", key, "must be an array of at most 20 {\"title\", \"body\"} objects");
      return out;
    }
    for (std::size_t i = 0; i < v.as_array().size(); ++i) {
      const json::value& n = v.as_array()[i];
      const std::string at = std::string(key) + "/" + std::to_string(i);
      if (!n.is_object()) {
        fail("wrong_type", at, "must be an object {\"title\", \"body\"}");
        continue;
      }
      Note note;
      for (const auto& kv : n.as_object()) {
        const bool known = kv.key() == "title" || kv.key() == "body";
        if (!known) {
          fail("unknown_field", at + "/" + std::string(kv.key()), "unknown field; allowed: title, body");
        } else if (!kv.value().is_string() || kv.value().as_string().empty() ||
                   utf8_chars(std::string_view(kv.value().as_string())) > kMaxNameChars * 5) {
          fail("invalid_value", at + "/" + std::string(kv.key()), "must be a non-empty string of at most 1000 characters");
        } else {
          (kv.key() == "title" ? note.title : note.body) = std::string(kv.value().as_string());
        }
      }
      if (note.title.empty()) fail("missing_field", at + "/title", "required: a non-empty string");
      out.push_back(std::move(note));
    }
    return out;
  }

  const std::optional<Response>& failure() const { return failure_; }

 private:
  static const char* kind(const json::value& v) {
    switch (v.kind()) {
      case json::kind::bool_: return "boolean";
      case json::kind::array: return "array";
      case json::kind::object: return "object";
      case json::kind::string: return "string";
      case json::kind::null: return "null";
      default: return "number";
    }
  }
  void fail(std::string_view code, std::string_view key, std::string detail) {
    if (failure_) return;
    std::string path(key);
    if (path.empty() || path.front() != '/') path = "/" + path;
    const std::string field = path.substr(1);
    failure_ = json_error(400, code, path, field + ": " + detail);
  }
  json::object o_;
  std::optional<Response> failure_;
};

}  // namespace json_body_detail

using json_body_detail::Body;

}  // namespace candor::server
