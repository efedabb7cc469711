// `candor subscriber export|delete`: a subscriber's personal data on request (issue 10).
// export prints, as JSON, everything stored about them (the subscriber row, the components
// they follow, their deliveries' keys, states and times); delete removes the row, its
// components and its pending deliveries (sent ones keep no address), then says what it
// removed. Both work on the store file directly, like `candor token`.
#pragma once

#include <iosfwd>
#include <string_view>

namespace candor::cli {

bool is_subscriber_command(std::string_view name);

// argv[1] is "subscriber". Exit code: 0 done, 1 nothing matched or the store failed, 2 usage.
int run_subscriber_command(int argc, char** argv);
// The same, writing to the given streams (tests).
int run_subscriber_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace candor::cli
