#pragma once
// Logging by partition, as stellar-core does ("Overlay", "Net", ...). Each
// partition has its own level so that an operator can turn one up alone.

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace stellar
{

// The logger of one partition, created on first use with the default level.
spdlog::logger& logger(std::string_view partition);

// Sets the level of one partition, or of all of them with partition "*".
// Returns false when `level` is not one of trace, debug, info, warn, error,
// critical, off.
bool setLogLevel(std::string_view partition, std::string_view level);

// Replaces text a peer sent us with something safe to print: keeps letters,
// digits and spaces, turns everything else into '*' (as stellar-core does
// with ERROR_MSG text), and caps the length.
std::string sanitizeForLog(std::string_view text, std::size_t maxLength = 100);

}
