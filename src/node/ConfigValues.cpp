#include "node/ConfigValues.h"

#include "util/Log.h"

#include <fmt/format.h>

#include <sstream>

namespace stellar
{

ConfigError::ConfigError(std::string const& what) : std::runtime_error(sanitizeForLog(what, what.size()))
{
}

void
failConfig(std::string const& key, std::string const& what)
{
    throw ConfigError(fmt::format("{}: {}", key, what));
}

int64_t
readInt(std::string const& key, toml::node const& n, int64_t min, int64_t max)
{
    auto v = n.value_exact<int64_t>();
    if (!v)
        failConfig(key, fmt::format("expected an integer between {} and {}", min, max));
    if (*v < min || *v > max)
        failConfig(key, fmt::format("{} is out of range: expected an integer between {} and {}", *v, min, max));
    return *v;
}

bool
readBool(std::string const& key, toml::node const& n)
{
    auto v = n.value_exact<bool>();
    if (!v)
        failConfig(key, "expected true or false");
    return *v;
}

std::string
readString(std::string const& key, toml::node const& n)
{
    auto v = n.value_exact<std::string>();
    if (!v)
        failConfig(key, "expected a string in double quotes");
    return *v;
}

double
readPositiveDouble(std::string const& key, toml::node const& n)
{
    auto v = n.value<double>();
    if (!v || !(*v > 0.0))
        failConfig(key, "expected a number greater than 0");
    return *v;
}

std::vector<std::string>
readStringList(std::string const& key, toml::node const& n)
{
    auto arr = n.as_array();
    if (!arr)
        failConfig(key, "expected a list of strings, like [\"a\", \"b\"]");
    std::vector<std::string> out;
    for (auto const& e : *arr)
    {
        auto s = e.value_exact<std::string>();
        if (!s)
            failConfig(key, "expected a list of strings, like [\"a\", \"b\"]");
        out.push_back(*s);
    }
    return out;
}

std::string
readPeerAddress(std::string const& key, std::string const& value)
{
    auto colon = value.rfind(':');
    std::string host = colon == std::string::npos ? value : value.substr(0, colon);
    if (host.empty())
        failConfig(key, fmt::format("\"{}\" has no host: expected \"host\" or \"host:port\"", value));
    if (colon != std::string::npos)
    {
        auto portText = value.substr(colon + 1);
        bool digits = !portText.empty() && portText.size() <= 5 &&
                      portText.find_first_not_of("0123456789") == std::string::npos;
        long port = digits ? std::stol(portText) : 0;
        if (port < 1 || port > 65535)
            failConfig(key,
                       fmt::format("\"{}\" has a bad port: expected \"host:port\" with a port from 1 to 65535", value));
    }
    return value;
}

std::string
readNodeID(std::string const& key, std::string const& value, NodeNames& names)
{
    if (!value.empty() && value[0] == '$')
    {
        auto id = names.resolve(value);
        if (!id)
            failConfig(key, fmt::format("\"{}\" is not a known name: expected \"G...\" or \"$name\" where name was "
                                        "given by NODE_SEED, NODE_NAMES, a [[VALIDATORS]] NAME or a \"G... name\" "
                                        "entry",
                                        value));
        return strKeyOf(*id);
    }
    std::istringstream words(value);
    std::string strKey, name;
    words >> strKey >> name;
    if (!nodeIDFromStrKey(strKey))
        failConfig(key, fmt::format("\"{}\" is not a public key: expected a strkey starting with 'G' (56 "
                                    "characters), optionally followed by a name, or \"$name\"",
                                    value));
    if (!name.empty())
        if (auto refused = names.add(strKey, name))
            failConfig(key, fmt::format("\"{}\": {}", value, *refused));
    return strKey;
}

}
