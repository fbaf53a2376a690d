#pragma once
// Logging by partition, as stellar-core does: core's partition names
// ("Overlay", "Database", "Herder", ...) plus "default" for the program
// itself, each with its own level so that an operator can turn one up alone.
// Lines look like core's: "2026-01-02T03:04:05.678 [Overlay info] text".

#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace stellar
{

// core: util/LogPartitions.def
inline constexpr std::array<std::string_view, 15> LOG_PARTITIONS{
    "Fs", "SCP", "Bucket", "Database", "History", "Process", "Ledger", "Overlay",
    "Herder", "Tx", "LoadGen", "Work", "Invariant", "Perf", "Test"};

// The logger of one partition, created on first use with the global level.
spdlog::logger& logger(std::string_view partition);
// The program's own logger (core: DEFAULT_LOG).
inline spdlog::logger& defaultLogger() { return logger("default"); }

// A level as LOG_LEVEL, --ll and the admin `ll` accept it: core's names in any
// case (fatal, error, warning, info, debug, trace), spdlog's warn and
// critical, and off. nullopt for anything else.
std::optional<spdlog::level::level_enum> parseLogLevel(std::string_view text);
inline constexpr char const* LOG_LEVELS_EXPECTED = "fatal, error, warning, info, debug, trace or off";
// core: Logging::getStringFromLL ("Fatal", "Error", "Warning", "Info", "Debug", "Trace"; ours: "Off").
std::string levelName(spdlog::level::level_enum level);

// core: Logging::setLogLevel: with no partition, sets every partition and
// forgets per-partition levels.
void setLogLevel(spdlog::level::level_enum level, std::optional<std::string_view> partition = std::nullopt);
// The same from text: partition "*" for all; false when `level` is not a level.
bool setLogLevel(std::string_view partition, std::string_view level);
spdlog::level::level_enum logLevelOf(std::string_view partition);
// core: Logging::normalizePartition: the partition's own spelling, matched
// without regard to case; nullopt when it is not one of LOG_PARTITIONS.
std::optional<std::string_view> normalizePartition(std::string_view partition);

// Where lines go: stderr always (coloured levels with `color`), and the file
// `filePath` too when it is not empty (opened for appending, as core does).
// Throws std::runtime_error when the file cannot be opened.
void setLogSinks(std::string const& filePath, bool color);

// Text a peer sent us, made safe to print: control characters (and invalid
// UTF-8 bytes) become \xNN and a backslash becomes \\, everything else is
// kept as sent; at most `maxLength` bytes of input are shown.
std::string sanitizeForLog(std::string_view text, std::size_t maxLength = 100);

}
