// Strict, path-tracking reading of Boost.JSON values into model fields. The first error
// wins and later reads become no-ops, so decoders read straight through without branching.
#pragma once

#include <boost/json.hpp>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "candor/error.hpp"
#include "candor/model.hpp"
#include "candor/time.hpp"

namespace candor::detail {

const char* kind_name(const boost::json::value& v);

// "a|b|c" for an enum whose to_string answers "unknown" past its last value.
template <class E>
std::string enum_choices() {
  std::string out;
  for (int i = 0;; ++i) {
    const char* name = to_string(static_cast<E>(i));
    if (std::strcmp(name, "unknown") == 0) break;
    if (!out.empty()) out += '|';
    out += name;
  }
  return out;
}

class ObjectReader {
 public:
  // `err` is shared by every reader of one document.
  ObjectReader(const boost::json::value& v, std::string path, Error& err);

  bool ok() const { return err_.code == errc::ok; }
  const std::string& path() const { return path_; }

  void string(const char* key, std::string& out);
  void optional_string(const char* key, std::string& out);  // null or absent → ""
  void time(const char* key, TimeMs& out);
  void optional_time(const char* key, std::optional<TimeMs>& out);
  void int64(const char* key, std::int64_t& out, std::int64_t min, std::int64_t max);
  void int32(const char* key, int& out, int min, int max);
  void optional_int64(const char* key, std::optional<std::int64_t>& out, std::int64_t min, std::int64_t max);
  void optional_int32(const char* key, std::optional<int>& out, int min, int max);
  void number(const char* key, double& out, double min, double max);
  void boolean(const char* key, bool& out);
  void string_list(const char* key, std::vector<std::string>& out);

  template <class E>
  void enumeration(const char* key, E& out) {
    const boost::json::value* v = require(key);
    if (!v) return;
    const boost::json::string* s = v->if_string();
    if (!s) return fail(errc::wrong_type, key, std::string("expected a string, got ") + kind_name(*v));
    if (!from_string(std::string_view(s->data(), s->size()), out))
      fail(errc::invalid_value, key, "expected one of " + enum_choices<E>() + ", got \"" + std::string(*s) + "\"");
  }

  // Calls each(element, element_path) for every element of a required array.
  template <class F>
  void array(const char* key, F each) {
    const boost::json::value* v = require(key);
    if (!v) return;
    const boost::json::array* a = v->if_array();
    if (!a) return fail(errc::wrong_type, key, std::string("expected an array, got ") + kind_name(*v));
    for (std::size_t i = 0; i < a->size() && ok(); ++i) each((*a)[i], child(key) + "/" + std::to_string(i));
  }

  // A nested object that may be null or absent: each(value, path) runs only when present.
  template <class F>
  bool optional_object(const char* key, F each) {
    const boost::json::value* v = find(key);
    if (!v || v->is_null() || !ok()) return false;
    if (!v->is_object()) {
      fail(errc::wrong_type, key, std::string("expected an object or null, got ") + kind_name(*v));
      return false;
    }
    each(*v, child(key));
    return ok();
  }

  template <class F>
  void object(const char* key, F each) {
    const boost::json::value* v = require(key);
    if (!v) return;
    each(*v, child(key));
  }

  // Rejects any key no read above asked for.
  void finish();

  std::string child(const char* key) const;
  void fail(errc code, const char* key, std::string detail);

 private:
  const boost::json::value* find(const char* key);     // absent → nullptr, no error
  const boost::json::value* require(const char* key);  // absent → missing_field

  const boost::json::object* obj_ = nullptr;
  std::string path_;
  Error& err_;
  std::vector<const char*> asked_;
};

// Parses text into a value; a syntax error becomes errc::parse_error with its offset.
bool parse_document(std::string_view text, boost::json::value& out, Error& err);

}  // namespace candor::detail
