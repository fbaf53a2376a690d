#include "node/Config.h"

#include "crypto/SecretKey.h"
#include "node/ConfigKeys.h"
#include "node/QuorumConfig.h"
#include "util/Log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <arpa/inet.h>

#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace stellar
{

namespace
{

using Setter = std::function<void(std::string const& key, toml::node const&)>;

// The keys with a setter here are the top-level keys this node reads. The
// ones that refer to named nodes ($name) or to tables are read after these,
// in core's order (Config::processConfig): names first, then [[VALIDATORS]],
// then PREFERRED_PEER_KEYS and SURVEYOR_KEYS, then [QUORUM_SET].
std::map<std::string, Setter, std::less<>>
settersFor(Config& c)
{
    auto& o = c.overlay;
    auto u16 = [](uint16_t& field, int64_t min) {
        return [&field, min](std::string const& k, toml::node const& n) {
            field = static_cast<uint16_t>(readInt(k, n, min, UINT16_MAX));
        };
    };
    auto u32 = [](uint32_t& field, int64_t min) {
        return [&field, min](std::string const& k, toml::node const& n) {
            field = static_cast<uint32_t>(readInt(k, n, min, UINT32_MAX));
        };
    };
    auto seconds = [](std::chrono::seconds& field) {
        return [&field](std::string const& k, toml::node const& n) {
            field = std::chrono::seconds(readInt(k, n, 1, UINT16_MAX));
        };
    };
    auto millis = [](std::chrono::milliseconds& field) {
        return [&field](std::string const& k, toml::node const& n) {
            field = std::chrono::milliseconds(readInt(k, n, 1, INT32_MAX));
        };
    };
    auto flag = [](bool& field) {
        return [&field](std::string const& k, toml::node const& n) { field = readBool(k, n); };
    };
    auto peers = [](std::vector<std::string>& field) {
        return [&field](std::string const& k, toml::node const& n) {
            field.clear();
            for (auto& p : readStringList(k, n))
                field.push_back(readPeerAddress(k, p));
        };
    };

    std::map<std::string, Setter, std::less<>> m;
    m["NETWORK_PASSPHRASE"] = [&](auto const& k, auto const& n) {
        o.NETWORK_PASSPHRASE = readString(k, n);
        if (o.NETWORK_PASSPHRASE.empty())
            failConfig(k, "must not be empty: expected the network's passphrase, e.g. \"Test SDF Network ; September "
                          "2015\"");
    };
    m["NODE_SEED"] = [&](auto const& k, auto const& n) {
        // core: "SEED [name]"; the name is an alias of our own key ("$self").
        std::istringstream words(readString(k, n));
        std::string seed, name;
        words >> seed >> name;
        auto key = crypto::SecretKey::fromStrKeySeed(seed);
        if (!key)
            failConfig(k, "is not a secret key: expected a strkey starting with 'S' (56 characters), e.g. from "
                          "`stellar-overlay gen-seed`");
        o.NODE_SEED = seed;
        if (!name.empty())
            if (auto refused = c.NODE_NAMES.add(key->strKeyPublic(), name))
                failConfig(k, *refused);
    };
    m["NODE_NAMES"] = [&](auto const& k, auto const& n) {
        for (auto const& entry : readStringList(k, n))
            readNodeID(k, entry, c.NODE_NAMES);
    };
    m["NODE_IS_VALIDATOR"] = flag(c.NODE_IS_VALIDATOR);
    m["NODE_HOME_DOMAIN"] = [&](auto const& k, auto const& n) { c.NODE_HOME_DOMAIN = readString(k, n); };
    m["UNSAFE_QUORUM"] = flag(c.UNSAFE_QUORUM);
    m["FAILURE_SAFETY"] = [&](auto const& k, auto const& n) {
        c.FAILURE_SAFETY = static_cast<int32_t>(readInt(k, n, -1, INT32_MAX - 1));
    };
    m["ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING"] = flag(c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING);
    m["TESTING_UPGRADE_MAX_TX_SET_SIZE"] = [&](auto const& k, auto const& n) {
        c.TESTING_UPGRADE_MAX_TX_SET_SIZE = static_cast<uint32_t>(readInt(k, n, 1, UINT32_MAX));
    };
    m["PEER_PORT"] = u16(o.PEER_PORT, 1);
    m["PEER_LISTEN_ADDRESS"] = [&](auto const& k, auto const& n) {
        o.PEER_LISTEN_ADDRESS = readString(k, n);
        in_addr parsed{};
        if (::inet_pton(AF_INET, o.PEER_LISTEN_ADDRESS.c_str(), &parsed) != 1)
            failConfig(k, fmt::format("\"{}\" is not an IPv4 address: expected e.g. \"0.0.0.0\" or \"127.0.0.1\"",
                                      o.PEER_LISTEN_ADDRESS));
    };
    m["HTTP_PORT"] = u16(c.HTTP_PORT, 0);
    m["PUBLIC_HTTP_PORT"] = flag(c.PUBLIC_HTTP_PORT);
    m["DATABASE"] = [&](auto const& k, auto const& n) {
        c.DATABASE = readString(k, n);
        if (c.DATABASE.rfind("sqlite3://", 0) != 0 && c.DATABASE.rfind("postgresql://", 0) != 0)
            failConfig(k, fmt::format("\"{}\" is not supported: expected \"sqlite3://<file>\" or "
                                      "\"postgresql://<connection string>\"",
                                      c.DATABASE));
    };
    m["LOG_LEVEL"] = [&](auto const& k, auto const& n) {
        c.LOG_LEVEL = readString(k, n);
        if (!parseLogLevel(c.LOG_LEVEL))
            failConfig(k, fmt::format("\"{}\" is not a level: expected {}", c.LOG_LEVEL, LOG_LEVELS_EXPECTED));
    };
    m["LOG_FILE_PATH"] = [&](auto const& k, auto const& n) {
        c.LOG_FILE_PATH = readString(k, n);
        logFileName(c.LOG_FILE_PATH, 0); // refuse a bad pattern now, not at start
    };
    m["LOG_COLOR"] = flag(c.LOG_COLOR);
    m["COMMANDS"] = [&](auto const& k, auto const& n) { c.COMMANDS = readStringList(k, n); };
    m["KNOWN_PEERS"] = peers(o.KNOWN_PEERS);
    m["PREFERRED_PEERS"] = peers(o.PREFERRED_PEERS);
    m["PREFERRED_PEERS_ONLY"] = flag(o.PREFERRED_PEERS_ONLY);
    m["ALLOW_LOCALHOST_FOR_TESTING"] = flag(o.ALLOW_LOCALHOST_FOR_TESTING);
    m["LEDGER_PROTOCOL_VERSION"] = u32(o.LEDGER_PROTOCOL_VERSION, 0);
    m["OVERLAY_PROTOCOL_VERSION"] = u32(o.OVERLAY_PROTOCOL_VERSION, 0);
    m["OVERLAY_PROTOCOL_MIN_VERSION"] = u32(o.OVERLAY_PROTOCOL_MIN_VERSION, 0);
    m["VERSION_STR"] = [&](auto const& k, auto const& n) {
        o.VERSION_STR = readString(k, n);
        if (o.VERSION_STR.size() > 100)
            failConfig(k, "is longer than 100 bytes: HELLO's versionStr is a string<100>");
    };
    m["TARGET_PEER_CONNECTIONS"] = u32(o.TARGET_PEER_CONNECTIONS, 1);
    m["MAX_ADDITIONAL_PEER_CONNECTIONS"] = [&](auto const& k, auto const& n) {
        o.MAX_ADDITIONAL_PEER_CONNECTIONS = static_cast<int32_t>(readInt(k, n, -1, UINT16_MAX));
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
    return m;
}

// Read after the setters, in this order (see settersFor).
constexpr std::array<std::string_view, 5> LATER_KEYS{"HOME_DOMAINS", "VALIDATORS", "PREFERRED_PEER_KEYS",
                                                     "SURVEYOR_KEYS", "QUORUM_SET"};

void
readNodeIDList(toml::table const& t, std::string const& key, Config& c, std::vector<std::string>& out)
{
    if (auto n = t.get(key))
    {
        out.clear();
        for (auto const& v : readStringList(key, *n))
            out.push_back(readNodeID(key, v, c.NODE_NAMES));
    }
}

std::set<std::string>
historyArchives(toml::table const& t)
{
    std::set<std::string> names;
    if (auto n = t.get("HISTORY"))
    {
        auto history = n->as_table();
        if (!history)
            failConfig("HISTORY", "expected [HISTORY.name] tables with get, put and mkdir commands");
        for (auto const& [name, archive] : *history)
        {
            if (!archive.is_table())
                failConfig("HISTORY." + std::string(name.str()), "expected a [HISTORY.name] table");
            names.insert(std::string(name.str()));
        }
    }
    return names;
}

// [[VALIDATORS]], then the keys that may name them, then [QUORUM_SET] (core's order).
void
readQuorum(toml::table const& t, Config& c)
{
    QuorumConfigInput in;
    in.quorumSet = t.get("QUORUM_SET");
    in.homeDomains = t.get("HOME_DOMAINS");
    in.validators = t.get("VALIDATORS");
    in.historyArchives = historyArchives(t);
    in.nodeIsValidator = c.NODE_IS_VALIDATOR;
    c.overlay.NODE_IS_VALIDATOR = c.NODE_IS_VALIDATOR; // surveys report it
    in.nodeHomeDomain = c.NODE_HOME_DOMAIN;
    if (!c.overlay.NODE_SEED.empty())
        in.self = nodeIDFromStrKey(crypto::SecretKey::fromStrKeySeed(c.overlay.NODE_SEED)->strKeyPublic());
    in.unsafeQuorum = c.UNSAFE_QUORUM;
    in.failureSafety = c.FAILURE_SAFETY;
    auto result = readValidatorsConfig(in, c.NODE_NAMES);
    readNodeIDList(t, "PREFERRED_PEER_KEYS", c, c.overlay.PREFERRED_PEER_KEYS);
    readNodeIDList(t, "SURVEYOR_KEYS", c, c.overlay.SURVEYOR_KEYS);
    readQuorumSetConfig(in, c.NODE_NAMES, result);
    c.QUORUM_SET = result.quorumSet;
    c.FAILURE_SAFETY = result.failureSafety;
    // core: validators' addresses come after the configured peers.
    auto& o = c.overlay;
    o.KNOWN_PEERS.insert(o.KNOWN_PEERS.end(), result.knownPeers.begin(), result.knownPeers.end());
    o.PREFERRED_PEERS.insert(o.PREFERRED_PEERS.end(), result.preferredPeers.begin(), result.preferredPeers.end());
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

std::string
logFileName(std::string const& pattern, std::time_t now)
{
    try
    {
        std::tm local{};
        ::localtime_r(&now, &local);
        return fmt::format(fmt::runtime(pattern), fmt::arg("datetime", local));
    }
    catch (fmt::format_error const& e)
    {
        throw ConfigError(fmt::format("LOG_FILE_PATH: \"{}\" is not a file name pattern ({}): expected a path, "
                                      "optionally with {{datetime:%Y-%m-%d_%H-%M-%S}} for the start time",
                                      pattern, e.what()));
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
        // The description may quote the offending text, line break included
        // (ConfigError keeps it on one line).
        auto const& where = e.source().begin;
        throw ConfigError(fmt::format("{}:{}:{}: not valid TOML: {}", sourceName, where.line, where.column,
                                      e.description()));
    }

    Config c;
    auto setters = settersFor(c);
    std::vector<std::string_view> keysRead(LATER_KEYS.begin(), LATER_KEYS.end());
    for (auto const& [key, set] : setters)
        keysRead.push_back(key);
    c.ignoredCoreKeys = checkKeys(table, keysRead);

    for (auto const& [key, node] : table)
        if (auto it = setters.find(key.str()); it != setters.end())
            it->second(it->first, node);
    readQuorum(table, c);
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
    if (c.NODE_IS_VALIDATOR)
        s += "NODE_IS_VALIDATOR = true\n";
    if (c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING)
        s += "ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = true\n";
    if (c.TESTING_UPGRADE_MAX_TX_SET_SIZE)
        s += fmt::format("TESTING_UPGRADE_MAX_TX_SET_SIZE = {}\n", *c.TESTING_UPGRADE_MAX_TX_SET_SIZE);
    if (c.UNSAFE_QUORUM)
        s += "UNSAFE_QUORUM = true\n";
    if (c.hasQuorumSet())
    {
        // Only a flat quorum set is rendered (what the local network writes).
        std::vector<std::string> keys;
        for (auto const& v : c.QUORUM_SET.validators)
            keys.push_back(strKeyOf(v));
        // core rounds n * percent / 100 up: the largest percent that gives this threshold.
        auto percent = keys.empty() ? 0 : c.QUORUM_SET.threshold * 100 / keys.size();
        s += fmt::format("\n[QUORUM_SET]\nTHRESHOLD_PERCENT = {}\nVALIDATORS = {}\n", percent, list(keys));
    }
    return s;
}

}
