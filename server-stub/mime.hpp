// File extension → Content-Type for the portal's static files. Browsers refuse module
// scripts and streaming wasm compilation without the exact types, so this is not cosmetic.
#pragma once

#include <string_view>

namespace candor::server {

// By the extension of `path` (case-insensitive); application/octet-stream when unknown.
std::string_view mime_type(std::string_view path);

}  // namespace candor::server
