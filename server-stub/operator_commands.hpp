// The operator subcommands: `candor token create|revoke` work on the store file;
// `candor incident open|update|resolve` and `candor component set` drive the operator API of
// a running server over HTTP (--url, token from CANDOR_TOKEN).
#pragma once

#include <string_view>

namespace candor::cli {

bool is_operator_command(std::string_view name);

// argv[1] is the subcommand. Returns the process exit code (0 ok, 1 failure, 2 usage).
int run_operator_command(int argc, char** argv);

// Lines for `candor --help`.
extern const char* const kOperatorHelp;

}  // namespace candor::cli
