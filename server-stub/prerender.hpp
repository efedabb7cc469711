// The no-JavaScript overview: the portal's index.html with <main> filled in by the server
// from the same snapshot and the same core (overall_status) the live page uses, so a reader
// without JavaScript, a crawler or a slow phone sees the current status and the active
// incidents in the first response. main.js replaces it with the live view once the core runs.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "candor/error.hpp"
#include "candor/model.hpp"

namespace candor::server {

// One message catalog (web/i18n/<lang>.json: a flat object of id → text with {name}
// placeholders), as the web build copies it next to index.html.
class Catalog {
 public:
  static Result<Catalog> parse(std::string_view json);
  // The text for `id` with each {key} replaced by its value; the id itself when missing,
  // so a gap shows up in the page instead of an empty element.
  std::string text(const std::string& id, const std::map<std::string, std::string>& params = {}) const;
  std::string lang = "en";

 private:
  std::map<std::string, std::string> messages_;
};

// `index_html` with the page name in <title> and the header, and <main id="main">'s loading
// note replaced by the overall status, the active incidents (stage, impact, latest update) and
// the maintenances in progress or scheduled, as of `now`. Every text is HTML-escaped. An
// index.html without the expected <main id="main"> is returned unchanged.
std::string prerender_index(std::string_view index_html, const Snapshot& snapshot, TimeMs now, const Catalog& catalog);

// The pre-rendered index.html for a web root, rebuilt when the snapshot (by address: the
// portal cache makes a new one per version) or the files change. Thread-safe.
class PrerenderCache {
 public:
  struct Page {
    std::string html;
    std::string etag;  // strong, quotes included
  };
  // nullopt when web_root has no index.html or en catalog (then serve the file as it is).
  std::shared_ptr<const Page> get(const std::filesystem::path& web_root, const std::shared_ptr<const Snapshot>& snapshot,
                                  TimeMs now);

 private:
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::filesystem::file_time_type index_mtime_{}, catalog_mtime_{};
  std::shared_ptr<const Page> page_;
};

}  // namespace candor::server
