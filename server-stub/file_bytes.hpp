// A whole file's bytes: what the server reads of its web root, catalogs, exports and
// histories. nullopt when it cannot be opened or a read fails part way (the caller names
// the file in its own error).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace candor::server {

std::optional<std::string> read_file_bytes(const std::filesystem::path& path);

}  // namespace candor::server
