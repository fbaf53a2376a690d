#include "util/Log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace stellar
{

namespace
{
// core: Logging::init's pattern; %^..%$ is the part a colour sink colours.
constexpr char const* PATTERN = "%Y-%m-%dT%H:%M:%S.%e [%^%n %l%$] %v";

struct Registry
{
    std::mutex mutex; // admin HTTP threads may log too
    std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_sink_mt>()};
    spdlog::level::level_enum globalLevel = spdlog::level::info;
    std::map<std::string, spdlog::level::level_enum, std::less<>> partitionLevels;

    spdlog::logger&
    get(std::string_view partition)
    {
        auto it = loggers.find(partition);
        if (it == loggers.end())
        {
            auto l = std::make_shared<spdlog::logger>(std::string(partition), sinks.begin(), sinks.end());
            l->set_pattern(PATTERN);
            l->flush_on(spdlog::level::trace); // a log file is read while the node runs
            auto level = partitionLevels.find(partition);
            l->set_level(level == partitionLevels.end() ? globalLevel : level->second);
            it = loggers.emplace(std::string(partition), std::move(l)).first;
        }
        return *it->second;
    }
};

Registry&
registry()
{
    static Registry r;
    return r;
}

bool
iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The length of the valid UTF-8 sequence at the start of `s` that is not a
// control character (U+0080..U+009F), or 0.
std::size_t
printableUtf8Length(std::string_view s)
{
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    std::size_t len = b(0) >= 0xF0 && b(0) <= 0xF4 ? 4 : b(0) >= 0xE0 ? 3 : b(0) >= 0xC2 && b(0) < 0xE0 ? 2 : 0;
    if (len == 0 || s.size() < len)
        return 0;
    for (std::size_t i = 1; i < len; ++i)
        if ((b(i) & 0xC0) != 0x80)
            return 0;
    if (len == 2 && b(0) == 0xC2 && b(1) < 0xA0)
        return 0; // C1 controls
    if ((len == 3 && b(0) == 0xE0 && b(1) < 0xA0) || (len == 4 && b(0) == 0xF0 && b(1) < 0x90) ||
        (len == 4 && b(0) == 0xF4 && b(1) >= 0x90))
        return 0; // overlong or beyond U+10FFFF
    return len;
}
}

spdlog::logger&
logger(std::string_view partition)
{
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    return r.get(partition);
}

std::optional<spdlog::level::level_enum>
parseLogLevel(std::string_view text)
{
    static constexpr std::pair<std::string_view, spdlog::level::level_enum> NAMES[]{
        {"fatal", spdlog::level::critical}, {"critical", spdlog::level::critical}, {"error", spdlog::level::err},
        {"warning", spdlog::level::warn},   {"warn", spdlog::level::warn},         {"info", spdlog::level::info},
        {"debug", spdlog::level::debug},    {"trace", spdlog::level::trace},       {"off", spdlog::level::off}};
    for (auto const& [name, level] : NAMES)
        if (iequals(text, name))
            return level;
    return std::nullopt;
}

std::string
levelName(spdlog::level::level_enum level)
{
    switch (level)
    {
    case spdlog::level::critical: return "Fatal";
    case spdlog::level::err: return "Error";
    case spdlog::level::warn: return "Warning";
    case spdlog::level::info: return "Info";
    case spdlog::level::debug: return "Debug";
    case spdlog::level::trace: return "Trace";
    default: return "Off";
    }
}

void
setLogLevel(spdlog::level::level_enum level, std::optional<std::string_view> partition)
{
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    if (!partition)
    {
        r.globalLevel = level;
        r.partitionLevels.clear();
        for (auto& [name, l] : r.loggers)
            l->set_level(level);
        return;
    }
    r.partitionLevels[std::string(*partition)] = level;
    r.get(*partition).set_level(level);
}

bool
setLogLevel(std::string_view partition, std::string_view level)
{
    auto parsed = parseLogLevel(level);
    if (!parsed)
        return false;
    setLogLevel(*parsed, partition == "*" ? std::nullopt : std::optional(partition));
    return true;
}

spdlog::level::level_enum
logLevelOf(std::string_view partition)
{
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.partitionLevels.find(partition);
    return it == r.partitionLevels.end() ? r.globalLevel : it->second;
}

std::optional<std::string_view>
normalizePartition(std::string_view partition)
{
    for (auto p : LOG_PARTITIONS)
        if (iequals(p, partition))
            return p;
    return std::nullopt;
}

void
setLogSinks(std::string const& filePath, bool color)
{
    std::vector<spdlog::sink_ptr> sinks;
    if (color)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::always));
    else
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    if (!filePath.empty())
    {
        try
        {
            sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(filePath, /*truncate=*/false));
        }
        catch (spdlog::spdlog_ex const&)
        {
            throw std::runtime_error(fmt::format("could not open log file {}, check access rights", filePath));
        }
    }
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    r.sinks = sinks;
    for (auto& [name, l] : r.loggers)
    {
        l->sinks() = sinks;
        l->set_pattern(PATTERN);
    }
}

std::string
sanitizeForLog(std::string_view text, std::size_t maxLength)
{
    text = text.substr(0, maxLength);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();)
    {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F)
        {
            if (c == '\\')
                out += '\\';
            out += static_cast<char>(c);
            ++i;
        }
        else if (auto len = c >= 0x80 ? printableUtf8Length(text.substr(i)) : 0)
        {
            out.append(text.substr(i, len));
            i += len;
        }
        else
        {
            out += fmt::format("\\x{:02x}", c);
            ++i;
        }
    }
    return out;
}

}
