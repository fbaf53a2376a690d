#include "util/Log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace stellar
{

namespace
{
struct Registry
{
    std::mutex mutex; // admin HTTP threads may log too
    std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
    spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    spdlog::level::level_enum defaultLevel = spdlog::level::info;
};

Registry&
registry()
{
    static Registry r;
    return r;
}

std::optional<spdlog::level::level_enum>
parseLevel(std::string_view level)
{
    auto l = spdlog::level::from_str(std::string(level));
    if (l == spdlog::level::off && level != "off")
        return std::nullopt;
    return l;
}
}

spdlog::logger&
logger(std::string_view partition)
{
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.loggers.find(partition);
    if (it == r.loggers.end())
    {
        auto l = std::make_shared<spdlog::logger>(std::string(partition), r.sink);
        l->set_level(r.defaultLevel);
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%e [%n %l] %v");
        it = r.loggers.emplace(std::string(partition), std::move(l)).first;
    }
    return *it->second;
}

bool
setLogLevel(std::string_view partition, std::string_view level)
{
    auto parsed = parseLevel(level);
    if (!parsed)
        return false;
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    if (partition == "*")
    {
        r.defaultLevel = *parsed;
        for (auto& [name, l] : r.loggers)
            l->set_level(*parsed);
        return true;
    }
    auto it = r.loggers.find(partition);
    if (it == r.loggers.end())
    {
        auto l = std::make_shared<spdlog::logger>(std::string(partition), r.sink);
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%e [%n %l] %v");
        it = r.loggers.emplace(std::string(partition), std::move(l)).first;
    }
    it->second->set_level(*parsed);
    return true;
}

std::string
sanitizeForLog(std::string_view text, std::size_t maxLength)
{
    std::string out;
    out.reserve(std::min(text.size(), maxLength));
    for (char c : text.substr(0, maxLength))
    {
        auto u = static_cast<unsigned char>(c);
        out.push_back(std::isalnum(u) || c == ' ' ? c : '*');
    }
    return out;
}

}
