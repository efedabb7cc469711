// `candor publish`: the whole portal as static files, so any static host or CDN can serve a
// status page to a million readers with no origin server in their way. The tree has the
// backend's paths (index.html, api/v1/portal.json, api/v1/widget.json, api/v2/*.json,
// history.atom, maintenance.ics, widget.js, the hashed bundle and wasm), each also as .gz and
// .br, plus host configuration examples (_headers, _hosting/nginx.conf, _hosting/README.md).
//
// Deterministic: the tree is a function of the store's data and the UTC day. Everything is
// computed "as of" the later of the last change in the data and the start of today (open
// hours are resolved for the coming weeks from that day), every file's mtime is that
// instant, and compression carries no timestamps; so re-publishing unchanged data changes no
// byte (and no nginx ETag).
//
// Atomic: the tree is written beside OUTDIR and swapped in with one rename(2)
// (renameat2 RENAME_EXCHANGE when OUTDIR exists), so a reader sees the old tree or the new
// one, never a mixture; a publish that fails or is killed leaves the previous tree serving.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "candor/error.hpp"
#include "candor/time.hpp"

namespace candor::server {

class Store;

struct PublishOptions {
  std::filesystem::path out_dir;   // replaced as a whole
  std::filesystem::path web_root;  // the built portal (npm run build)
  std::string base_path = "/";     // where the tree will be served: "/" or "/status/"
};

struct PublishReport {
  std::int64_t version = 0;  // the snapshot version published
  TimeMs as_of = 0;          // the instant everything was computed for
  std::size_t files = 0;     // without the compressed copies
  std::uint64_t bytes = 0;   // their total size
  std::uint64_t gzip_bytes = 0;
  std::uint64_t brotli_bytes = 0;
};

// A base path as given on the command line, checked and normalised to start and end with
// '/' ("status" → "/status/"); an error for anything that is not a plain URL path.
Result<std::string> normalize_base_path(std::string_view base_path);

// The files of a publish, path relative to OUTDIR → bytes (compressed copies not included).
// Exposed for tests; publish() writes them.
Result<std::map<std::string, std::string>> publish_files(Store& store, const PublishOptions& options, TimeMs now,
                                                         TimeMs* as_of = nullptr, std::int64_t* version = nullptr);

// Writes the tree and swaps it into place. Fails (leaving OUTDIR as it was) when the store or
// web root cannot be read, another publish of the same OUTDIR is running, or a write fails.
Result<PublishReport> publish(Store& store, const PublishOptions& options, TimeMs now);

}  // namespace candor::server
