#pragma once
// A node's configuration file (TOML). Keys are stellar-core's names with
// stellar-core's defaults, so the overlay part of a stellar-core config can be
// reused. Unknown keys and bad values are refused with one sentence that
// names the key and says what is expected.

#include "overlay/OverlayConfig.h"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stellar
{

class ConfigError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

struct Config
{
    OverlayConfig overlay;
    std::string DATABASE = "sqlite3://stellar-overlay.db";
    uint16_t HTTP_PORT = 11626;        // 0 disables the admin HTTP server
    bool PUBLIC_HTTP_PORT = false;     // false: admin HTTP listens on 127.0.0.1 only
    std::string LOG_LEVEL = "info";    // ours: default level of every log partition
    // The validators whose SCP messages define "in sync" for the relay
    // application and whose quorum authorises surveys (core: QUORUM_SET
    // VALIDATORS); "G..." strkeys.
    std::vector<std::string> QUORUM_VALIDATORS;
};

// Throws ConfigError.
Config parseConfig(std::string_view toml, std::string const& sourceName);
Config loadConfigFile(std::filesystem::path const& path);

// The config file of a node with the given settings, for the CLI's local
// network and for tests that start real processes.
std::string renderConfig(Config const& config);

}
