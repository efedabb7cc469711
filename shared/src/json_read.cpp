// Implementation of the strict reader used by every decoder in the core.
#include "json_read.hpp"

#include <cmath>

namespace candor::detail {

namespace json = boost::json;

const char* kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "something else";
}

ObjectReader::ObjectReader(const json::value& v, std::string path, Error& err) : path_(std::move(path)), err_(err) {
  if (!ok()) return;
  obj_ = v.if_object();
  if (!obj_) err_ = Error{errc::wrong_type, path_.empty() ? "/" : path_, std::string("expected an object, got ") + kind_name(v)};
}

std::string ObjectReader::child(const char* key) const {
  // JSON pointer escaping (RFC 6901) for keys with '~' or '/'.
  std::string out = path_ + "/";
  for (const char* p = key; *p; ++p) {
    if (*p == '~') out += "~0";
    else if (*p == '/') out += "~1";
    else out += *p;
  }
  return out;
}

void ObjectReader::fail(errc code, const char* key, std::string detail) {
  if (!ok()) return;
  err_ = Error{code, child(key), std::move(detail)};
}

const json::value* ObjectReader::find(const char* key) {
  asked_.push_back(key);
  if (!ok() || !obj_) return nullptr;
  return obj_->if_contains(key);
}

const json::value* ObjectReader::require(const char* key) {
  const json::value* v = find(key);
  if (!ok() || !obj_) return nullptr;
  if (!v) fail(errc::missing_field, key, "required field is missing");
  return v;
}

void ObjectReader::string(const char* key, std::string& out) {
  const json::value* v = require(key);
  if (!v) return;
  if (const json::string* s = v->if_string()) out.assign(s->data(), s->size());
  else fail(errc::wrong_type, key, std::string("expected a string, got ") + kind_name(*v));
}

void ObjectReader::optional_string(const char* key, std::string& out) {
  const json::value* v = find(key);
  out.clear();
  if (!v || v->is_null()) return;
  if (const json::string* s = v->if_string()) out.assign(s->data(), s->size());
  else fail(errc::wrong_type, key, std::string("expected a string or null, got ") + kind_name(*v));
}

void ObjectReader::time(const char* key, TimeMs& out) {
  const json::value* v = require(key);
  if (!v) return;
  const json::string* s = v->if_string();
  if (!s) return fail(errc::wrong_type, key, std::string("expected an ISO-8601 date-time string, got ") + kind_name(*v));
  Result<TimeMs> t = parse_iso8601(std::string_view(s->data(), s->size()));
  if (!t) return fail(errc::invalid_value, key, t.error().detail);
  out = t.value();
}

void ObjectReader::optional_time(const char* key, std::optional<TimeMs>& out) {
  const json::value* v = find(key);
  out.reset();
  if (!v || v->is_null()) return;
  TimeMs t = 0;
  time(key, t);
  if (ok()) out = t;
}

namespace {
// Integers may arrive as int64, uint64 or an integral double (some encoders write 3.0).
bool as_integer(const json::value& v, std::int64_t& out) {
  if (const std::int64_t* i = v.if_int64()) {
    out = *i;
    return true;
  }
  if (const std::uint64_t* u = v.if_uint64()) {
    if (*u > static_cast<std::uint64_t>(INT64_MAX)) return false;
    out = static_cast<std::int64_t>(*u);
    return true;
  }
  if (const double* d = v.if_double()) {
    if (!std::isfinite(*d) || std::floor(*d) != *d || std::fabs(*d) > 9.0e15) return false;
    out = static_cast<std::int64_t>(*d);
    return true;
  }
  return false;
}
}  // namespace

void ObjectReader::int64(const char* key, std::int64_t& out, std::int64_t min, std::int64_t max) {
  const json::value* v = require(key);
  if (!v) return;
  std::int64_t i = 0;
  if (!v->is_number()) return fail(errc::wrong_type, key, std::string("expected an integer, got ") + kind_name(*v));
  if (!as_integer(*v, i) || i < min || i > max)
    return fail(errc::invalid_value, key,
                "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
  out = i;
}

void ObjectReader::int32(const char* key, int& out, int min, int max) {
  std::int64_t v = out;
  int64(key, v, min, max);
  if (ok()) out = static_cast<int>(v);
}

void ObjectReader::optional_int64(const char* key, std::optional<std::int64_t>& out, std::int64_t min,
                                  std::int64_t max) {
  const json::value* v = find(key);
  out.reset();
  if (!v || v->is_null()) return;
  std::int64_t i = 0;
  int64(key, i, min, max);
  if (ok()) out = i;
}

void ObjectReader::optional_int32(const char* key, std::optional<int>& out, int min, int max) {
  std::optional<std::int64_t> v;
  optional_int64(key, v, min, max);
  out.reset();
  if (v) out = static_cast<int>(*v);
}

void ObjectReader::number(const char* key, double& out, double min, double max) {
  const json::value* v = require(key);
  if (!v) return;
  if (!v->is_number()) return fail(errc::wrong_type, key, std::string("expected a number, got ") + kind_name(*v));
  const double d = v->is_double() ? v->get_double() : v->is_int64() ? static_cast<double>(v->get_int64())
                                                                      : static_cast<double>(v->get_uint64());
  if (!(d >= min && d <= max))
    return fail(errc::invalid_value, key,
                "expected a number from " + json::serialize(json::value(min)) + " to " + json::serialize(json::value(max)));
  out = d;
}

void ObjectReader::boolean(const char* key, bool& out) {
  const json::value* v = require(key);
  if (!v) return;
  if (const bool* b = v->if_bool()) out = *b;
  else fail(errc::wrong_type, key, std::string("expected true or false, got ") + kind_name(*v));
}

void ObjectReader::string_list(const char* key, std::vector<std::string>& out) {
  out.clear();
  array(key, [&](const json::value& v, const std::string& path) {
    if (const json::string* s = v.if_string()) out.emplace_back(s->data(), s->size());
    else if (ok()) err_ = Error{errc::wrong_type, path, std::string("expected a string, got ") + kind_name(v)};
  });
}

void ObjectReader::finish() {
  if (!ok() || !obj_) return;
  for (const auto& kv : *obj_) {
    bool known = false;
    for (const char* k : asked_) {
      if (kv.key() == k) {
        known = true;
        break;
      }
    }
    if (!known) {
      std::string allowed;
      for (const char* k : asked_) {
        if (!allowed.empty()) allowed += ", ";
        allowed += k;
      }
      std::string key(kv.key());
      err_ = Error{errc::unknown_field, path_ + "/" + key, "unknown field; allowed here: " + allowed};
      return;
    }
  }
}

bool parse_document(std::string_view text, json::value& out, Error& err) {
  // Depth and size limits keep hostile input cheap; 64 levels is far beyond any Candor document.
  json::parse_options opts;
  opts.max_depth = 64;
  json::parser parser(json::storage_ptr(), opts);
  boost::system::error_code ec;
  // write() consumes one whole document and reports trailing non-space bytes as an error.
  const std::size_t n = parser.write(text.data(), text.size(), ec);
  if (ec) {
    err = Error{errc::parse_error, "", "invalid JSON at byte " + std::to_string(n) + ": " + ec.message()};
    return false;
  }
  out = parser.release();
  return true;
}

}  // namespace candor::detail
