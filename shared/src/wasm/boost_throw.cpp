// With BOOST_NO_EXCEPTIONS Boost calls these instead of throwing. The core reports errors
// as values before Boost could throw, so reaching here is a bug: stop at once.
#include <boost/throw_exception.hpp>

#include <cstdlib>
#include <exception>

namespace boost {
void throw_exception(std::exception const&) { std::abort(); }
void throw_exception(std::exception const&, boost::source_location const&) { std::abort(); }
}  // namespace boost
