// The analyst subcommands: survival, estimate, waittime, replay. Pure core computations on
// files and flags; JSON on stdout with --json, a readable table otherwise; exit 2 on bad input.
#pragma once

#include <string_view>

namespace candor::cli {

bool is_analyst_command(std::string_view name);

// argv[1] is the subcommand. Returns the process exit code.
int run_analyst_command(int argc, char** argv);

// One line per subcommand for `candor --help`.
extern const char* const kAnalystHelp;

}  // namespace candor::cli
