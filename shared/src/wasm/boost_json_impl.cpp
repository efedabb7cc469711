// Boost.JSON compiled header-only into the wasm core (no Boost library is linked there).
#include <boost/json/src.hpp>
