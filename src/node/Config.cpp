#include "node/Config.h"

#include "crypto/SecretKey.h"
#include "crypto/StrKey.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <arpa/inet.h>

#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

namespace stellar
{

namespace
{

using Setter = std::function<void(toml::node const&)>;

[[noreturn]] void
fail(std::string const& key, std::string const& what)
{
    throw ConfigError(fmt::format("{}: {}", key, what));
}

template <typename Int>
Int
readInt(std::string const& key, toml::node const& n, int64_t min, int64_t max)
{
    auto v = n.value_exact<int64_t>();
    if (!v)
        fail(key, fmt::format("expected an integer between {} and {}", min, max));
    if (*v < min || *v > max)
        fail(key, fmt::format("{} is out of range: expected an integer between {} and {}", *v, min, max));
    return static_cast<Int>(*v);
}

bool
readBool(std::string const& key, toml::node const& n)
{
    auto v = n.value_exact<bool>();
    if (!v)
        fail(key, "expected true or false");
    return *v;
}

std::string
readString(std::string const& key, toml::node const& n)
{
    auto v = n.value_exact<std::string>();
    if (!v)
        fail(key, "expected a string in double quotes");
    return *v;
}

double
readPositiveDouble(std::string const& key, toml::node const& n)
{
    auto v = n.value<double>();
    if (!v || !(*v > 0.0))
        fail(key, "expected a number greater than 0");
    return *v;
}

std::vector<std::string>
readStringList(std::string const& key, toml::node const& n)
{
    auto arr = n.as_array();
    if (!arr)
        fail(key, "expected a list of strings, like [\"a\", \"b\"]");
    std::vector<std::string> out;
    for (auto const& e : *arr)
    {
        auto s = e.value_exact<std::string>();
        if (!s)
            fail(key, "expected a list of strings, like [\"a\", \"b\"]");
        out.push_back(*s);
    }
    return out;
}

std::string
readPublicKey(std::string const& key, std::string const& value)
{
    if (!crypto::fromStrKeyPublic(value))
        fail(key, fmt::format("\"{}\" is not a public key: expected a strkey starting with 'G' (56 characters)",
                              value));
    return value;
}

// "host", "host:port" or "ip:port"; the port must be 1..65535.
std::string
readPeerAddress(std::string const& key, std::string const& value)
{
    auto colon = value.rfind(':');
    std::string host = colon == std::string::npos ? value : value.substr(0, colon);
    if (host.empty())
        fail(key, fmt::format("\"{}\" has no host: expected \"host\" or \"host:port\"", value));
    if (colon != std::string::npos)
    {
        auto portText = value.substr(colon + 1);
        bool digits = !portText.empty() && portText.size() <= 5 &&
                      portText.find_first_not_of("0123456789") == std::string::npos;
        long port = digits ? std::stol(portText) : 0;
        if (port < 1 || port > 65535)
            fail(key, fmt::format("\"{}\" has a bad port: expected \"host:port\" with a port from 1 to 65535", value));
    }
    return value;
}

std::map<std::string, Setter>
settersFor(Config& c)
{
    auto& o = c.overlay;
    auto u16 = [](uint16_t& field, int64_t min) {
        return [&field, min](std::string const& k, toml::node const& n) {
            field = readInt<uint16_t>(k, n, min, UINT16_MAX);
        };
    };
    auto u32 = [](uint32_t& field, int64_t min) {
        return [&field, min](std::string const& k, toml::node const& n) {
            field = readInt<uint32_t>(k, n, min, UINT32_MAX);
        };
    };
    auto seconds = [](std::chrono::seconds& field) {
        return [&field](std::string const& k, toml::node const& n) {
            field = std::chrono::seconds(readInt<int64_t>(k, n, 1, UINT16_MAX));
        };
    };
    auto millis = [](std::chrono::milliseconds& field) {
        return [&field](std::string const& k, toml::node const& n) {
            field = std::chrono::milliseconds(readInt<int64_t>(k, n, 1, INT32_MAX));
        };
    };
    auto flag = [](bool& field) {
        return [&field](std::string const& k, toml::node const& n) { field = readBool(k, n); };
    };

    std::map<std::string, std::function<void(std::string const&, toml::node const&)>> m;
    m["NETWORK_PASSPHRASE"] = [&](auto const& k, auto const& n) {
        o.NETWORK_PASSPHRASE = readString(k, n);
        if (o.NETWORK_PASSPHRASE.empty())
            fail(k, "must not be empty: expected the network's passphrase, e.g. \"Test SDF Network ; September 2015\"");
    };
    m["NODE_SEED"] = [&](auto const& k, auto const& n) {
        auto raw = readString(k, n);
        // stellar-core allows "SEED [name]"; the name is only a display alias.
        auto seed = raw.substr(0, raw.find(' '));
        if (!crypto::SecretKey::fromStrKeySeed(seed))
            fail(k, "is not a secret key: expected a strkey starting with 'S' (56 characters), e.g. from "
                    "`stellar-overlay gen-seed`");
        o.NODE_SEED = seed;
    };
    m["PEER_PORT"] = u16(o.PEER_PORT, 1);
    m["PEER_LISTEN_ADDRESS"] = [&](auto const& k, auto const& n) {
        o.PEER_LISTEN_ADDRESS = readString(k, n);
        in_addr parsed{};
        if (::inet_pton(AF_INET, o.PEER_LISTEN_ADDRESS.c_str(), &parsed) != 1)
            fail(k, fmt::format("\"{}\" is not an IPv4 address: expected e.g. \"0.0.0.0\" or \"127.0.0.1\"",
                                o.PEER_LISTEN_ADDRESS));
    };
    m["HTTP_PORT"] = u16(c.HTTP_PORT, 0);
    m["PUBLIC_HTTP_PORT"] = flag(c.PUBLIC_HTTP_PORT);
    m["DATABASE"] = [&](auto const& k, auto const& n) {
        c.DATABASE = readString(k, n);
        if (c.DATABASE.rfind("sqlite3://", 0) != 0 && c.DATABASE.rfind("postgresql://", 0) != 0)
            fail(k, fmt::format("\"{}\" is not supported: expected \"sqlite3://<file>\" or "
                                "\"postgresql://<connection string>\"",
                                c.DATABASE));
    };
    m["LOG_LEVEL"] = [&](auto const& k, auto const& n) {
        c.LOG_LEVEL = readString(k, n);
        static const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
        if (std::find(levels.begin(), levels.end(), c.LOG_LEVEL) == levels.end())
            fail(k, fmt::format("\"{}\" is not a level: expected one of trace, debug, info, warn, error, critical, off",
                                c.LOG_LEVEL));
    };
    m["KNOWN_PEERS"] = [&](auto const& k, auto const& n) {
        o.KNOWN_PEERS.clear();
        for (auto& p : readStringList(k, n))
            o.KNOWN_PEERS.push_back(readPeerAddress(k, p));
    };
    m["PREFERRED_PEERS"] = [&](auto const& k, auto const& n) {
        o.PREFERRED_PEERS.clear();
        for (auto& p : readStringList(k, n))
            o.PREFERRED_PEERS.push_back(readPeerAddress(k, p));
    };
    m["PREFERRED_PEER_KEYS"] = [&](auto const& k, auto const& n) {
        o.PREFERRED_PEER_KEYS.clear();
        for (auto& p : readStringList(k, n))
            o.PREFERRED_PEER_KEYS.push_back(readPublicKey(k, p));
    };
    m["SURVEYOR_KEYS"] = [&](auto const& k, auto const& n) {
        o.SURVEYOR_KEYS.clear();
        for (auto& p : readStringList(k, n))
            o.SURVEYOR_KEYS.push_back(readPublicKey(k, p));
    };
    m["QUORUM_VALIDATORS"] = [&](auto const& k, auto const& n) {
        c.QUORUM_VALIDATORS.clear();
        for (auto& p : readStringList(k, n))
            c.QUORUM_VALIDATORS.push_back(readPublicKey(k, p));
    };
    m["PREFERRED_PEERS_ONLY"] = flag(o.PREFERRED_PEERS_ONLY);
    m["ALLOW_LOCALHOST_FOR_TESTING"] = flag(o.ALLOW_LOCALHOST_FOR_TESTING);
    m["LEDGER_PROTOCOL_VERSION"] = u32(o.LEDGER_PROTOCOL_VERSION, 0);
    m["OVERLAY_PROTOCOL_VERSION"] = u32(o.OVERLAY_PROTOCOL_VERSION, 0);
    m["OVERLAY_PROTOCOL_MIN_VERSION"] = u32(o.OVERLAY_PROTOCOL_MIN_VERSION, 0);
    m["VERSION_STR"] = [&](auto const& k, auto const& n) {
        o.VERSION_STR = readString(k, n);
        if (o.VERSION_STR.size() > 100)
            fail(k, "is longer than 100 bytes: HELLO's versionStr is a string<100>");
    };
    m["TARGET_PEER_CONNECTIONS"] = u32(o.TARGET_PEER_CONNECTIONS, 1);
    m["MAX_ADDITIONAL_PEER_CONNECTIONS"] = [&](auto const& k, auto const& n) {
        o.MAX_ADDITIONAL_PEER_CONNECTIONS = readInt<int32_t>(k, n, -1, UINT16_MAX);
    };
    m["MAX_PENDING_CONNECTIONS"] = u32(o.MAX_PENDING_CONNECTIONS, 1);
    m["PEER_AUTHENTICATION_TIMEOUT"] = seconds(o.PEER_AUTHENTICATION_TIMEOUT);
    m["PEER_TIMEOUT"] = seconds(o.PEER_TIMEOUT);
    m["PEER_STRAGGLER_TIMEOUT"] = seconds(o.PEER_STRAGGLER_TIMEOUT);
    m["PEER_READING_CAPACITY"] = u32(o.PEER_READING_CAPACITY, 1);
    m["PEER_FLOOD_READING_CAPACITY"] = u32(o.PEER_FLOOD_READING_CAPACITY, 1);
    m["FLOW_CONTROL_SEND_MORE_BATCH_SIZE"] = u32(o.FLOW_CONTROL_SEND_MORE_BATCH_SIZE, 1);
    m["PEER_FLOOD_READING_CAPACITY_BYTES"] = u32(o.PEER_FLOOD_READING_CAPACITY_BYTES, 1);
    m["FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES"] = u32(o.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES, 1);
    m["OUTBOUND_TX_QUEUE_BYTE_LIMIT"] = u32(o.OUTBOUND_TX_QUEUE_BYTE_LIMIT, 1);
    m["FLOOD_OP_RATE_PER_LEDGER"] = [&](auto const& k, auto const& n) {
        o.FLOOD_OP_RATE_PER_LEDGER = readPositiveDouble(k, n);
    };
    m["FLOOD_SOROBAN_RATE_PER_LEDGER"] = [&](auto const& k, auto const& n) {
        o.FLOOD_SOROBAN_RATE_PER_LEDGER = readPositiveDouble(k, n);
    };
    m["FLOOD_DEMAND_PERIOD_MS"] = millis(o.FLOOD_DEMAND_PERIOD_MS);
    m["FLOOD_ADVERT_PERIOD_MS"] = millis(o.FLOOD_ADVERT_PERIOD_MS);
    m["FLOOD_DEMAND_BACKOFF_DELAY_MS"] = millis(o.FLOOD_DEMAND_BACKOFF_DELAY_MS);
    m["MAX_BATCH_WRITE_COUNT"] = u32(o.MAX_BATCH_WRITE_COUNT, 1);
    m["MAX_BATCH_WRITE_BYTES"] = u32(o.MAX_BATCH_WRITE_BYTES, 1);
    m["PEER_UNEXPLAINED_FLOOD_BUDGET"] = u32(o.PEER_UNEXPLAINED_FLOOD_BUDGET, 1);
    m["AUTO_BAN_FAILURE_THRESHOLD"] = u32(o.AUTO_BAN_FAILURE_THRESHOLD, 1);
    m["AUTO_BAN_DURATION"] = seconds(o.AUTO_BAN_DURATION);

    std::map<std::string, Setter> out;
    for (auto& [key, set] : m)
        out[key] = [key = key, set = std::move(set)](toml::node const& n) { set(key, n); };
    return out;
}

void
checkConsistency(Config const& c)
{
    auto const& o = c.overlay;
    if (o.NETWORK_PASSPHRASE.empty())
        throw ConfigError("NETWORK_PASSPHRASE: missing: every node needs the passphrase of the network it joins, "
                          "e.g. NETWORK_PASSPHRASE = \"Test SDF Network ; September 2015\"");
    if (o.OVERLAY_PROTOCOL_MIN_VERSION > o.OVERLAY_PROTOCOL_VERSION)
        throw ConfigError(fmt::format("OVERLAY_PROTOCOL_MIN_VERSION: {} is above OVERLAY_PROTOCOL_VERSION {}: "
                                      "expected min <= version",
                                      o.OVERLAY_PROTOCOL_MIN_VERSION, o.OVERLAY_PROTOCOL_VERSION));
    if (o.PEER_PORT == c.HTTP_PORT)
        throw ConfigError(fmt::format("HTTP_PORT: {} is also PEER_PORT: expected two different ports", c.HTTP_PORT));
}

}

Config
parseConfig(std::string_view text, std::string const& sourceName)
{
    toml::table table;
    try
    {
        table = toml::parse(text, std::string(sourceName));
    }
    catch (toml::parse_error const& e)
    {
        auto const& where = e.source().begin;
        throw ConfigError(fmt::format("{}:{}:{}: not valid TOML: {}", sourceName, where.line, where.column,
                                      e.description()));
    }

    Config c;
    auto setters = settersFor(c);
    for (auto const& [key, node] : table)
    {
        auto it = setters.find(std::string(key.str()));
        if (it == setters.end())
        {
            if (node.is_table())
                throw ConfigError(fmt::format("[{}]: unknown section: this node reads only top-level overlay keys",
                                              key.str()));
            throw ConfigError(fmt::format("{}: unknown key: see the configuration reference in README.md for the "
                                          "keys this node reads",
                                          key.str()));
        }
        it->second(node);
    }
    checkConsistency(c);
    return c;
}

Config
loadConfigFile(std::filesystem::path const& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw ConfigError(fmt::format("--conf {}: no such file: expected the path of a TOML configuration file",
                                      path.string()));
    std::ifstream in(path);
    if (!in || std::filesystem::is_directory(path, ec))
        throw ConfigError(fmt::format("--conf {}: cannot read the file: expected a readable TOML file", path.string()));
    std::stringstream ss;
    ss << in.rdbuf();
    return parseConfig(ss.str(), path.string());
}

std::string
renderConfig(Config const& c)
{
    auto const& o = c.overlay;
    auto list = [](std::vector<std::string> const& v) {
        std::string s = "[";
        for (std::size_t i = 0; i < v.size(); ++i)
            s += fmt::format("{}\"{}\"", i ? ", " : "", v[i]);
        return s + "]";
    };
    std::string s;
    s += fmt::format("NETWORK_PASSPHRASE = \"{}\"\n", o.NETWORK_PASSPHRASE);
    if (!o.NODE_SEED.empty())
        s += fmt::format("NODE_SEED = \"{}\"\n", o.NODE_SEED);
    s += fmt::format("PEER_PORT = {}\n", o.PEER_PORT);
    s += fmt::format("PEER_LISTEN_ADDRESS = \"{}\"\n", o.PEER_LISTEN_ADDRESS);
    s += fmt::format("HTTP_PORT = {}\n", c.HTTP_PORT);
    s += fmt::format("DATABASE = \"{}\"\n", c.DATABASE);
    s += fmt::format("LOG_LEVEL = \"{}\"\n", c.LOG_LEVEL);
    s += fmt::format("KNOWN_PEERS = {}\n", list(o.KNOWN_PEERS));
    s += fmt::format("PREFERRED_PEERS = {}\n", list(o.PREFERRED_PEERS));
    s += fmt::format("TARGET_PEER_CONNECTIONS = {}\n", o.TARGET_PEER_CONNECTIONS);
    s += fmt::format("ALLOW_LOCALHOST_FOR_TESTING = {}\n", o.ALLOW_LOCALHOST_FOR_TESTING ? "true" : "false");
    if (!c.QUORUM_VALIDATORS.empty())
        s += fmt::format("QUORUM_VALIDATORS = {}\n", list(c.QUORUM_VALIDATORS));
    return s;
}

}
