// One log sink for the server: stderr only, because stdout carries the machine-read
// "Candor serving at" line and nothing else.
#pragma once

#include <string>
#include <string_view>

namespace candor::server {

enum class LogLevel { debug, info, warn, error };

bool parse_log_level(std::string_view text, LogLevel& out);
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);

// Writes "<UTC time> <level> <message>\n" with one write(2), so lines from
// different threads never interleave. Control characters in `message` are escaped:
// request targets are attacker-controlled and must not forge log lines.
void log(LogLevel level, std::string_view message);

}  // namespace candor::server
