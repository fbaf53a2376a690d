// libFuzzer target: arbitrary bytes as a node's configuration file, through
// the parser `stellar-overlay run --conf` uses (node/Config). Whatever the
// file holds, the parser must either return a Config or throw ConfigError
// whose text is one line (an operator reads one sentence naming the key and
// what is expected); any other exception, crash or hang is a bug.
//
// Link needs: so_node (Config), which brings toml++ and the overlay's config.

#include "node/Config.h"
#include "util/Log.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    stellar::setLogLevel("*", "off"); // the parser may warn about keys it ignores
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(uint8_t const* data, std::size_t size)
{
    std::string_view text(reinterpret_cast<char const*>(data), size);
    try
    {
        (void)stellar::parseConfig(text, "fuzz.toml");
    }
    catch (stellar::ConfigError const& e)
    {
        std::string_view what = e.what();
        if (what.empty() || what.find('\n') != std::string_view::npos)
            std::abort();
    }
    return 0;
}
