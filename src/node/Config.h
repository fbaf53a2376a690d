#pragma once
// A node's configuration file: stellar-core's format (TOML) and key names with
// core's defaults, so that a whole stellar-core config runs unchanged. What
// core keys an overlay node does not use is listed in ConfigKeys.h; the quorum
// part ([QUORUM_SET], [[HOME_DOMAINS]], [[VALIDATORS]]) in QuorumConfig.h.
// Unknown keys and bad values are refused with one sentence that names the
// key and says what is expected.

#include "node/ConfigValues.h"
#include "node/NodeNames.h"
#include "overlay/OverlayConfig.h"
#include "xdr/StellarXdr.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stellar
{

struct Config
{
    OverlayConfig overlay;
    std::string DATABASE = "sqlite3://stellar-overlay.db";
    uint16_t HTTP_PORT = 11626;    // 0 disables the admin HTTP server
    bool PUBLIC_HTTP_PORT = false; // false: admin HTTP listens on 127.0.0.1 only

    // Logging. LOG_LEVEL is ours (core takes the level from --ll only).
    std::string LOG_LEVEL = "info";
    // core's default writes stellar-core-{datetime:...}.log; ours logs to
    // stderr only unless a path is given. "{datetime:%Y-%m-%d_%H-%M-%S}" in
    // the path is replaced by the local start time, as core does.
    std::string LOG_FILE_PATH;
    bool LOG_COLOR = false;

    // Identity and quorum, as core reads them.
    bool NODE_IS_VALIDATOR = false;
    std::string NODE_HOME_DOMAIN;
    bool UNSAFE_QUORUM = false;
    int32_t FAILURE_SAFETY = -1; // -1: computed from the quorum set, as core does
    // From [QUORUM_SET], or generated from [[VALIDATORS]]; no validators and
    // threshold 0 when the config has no quorum (a local network).
    SCPQuorumSet QUORUM_SET;
    NodeNames NODE_NAMES; // names from NODE_NAMES, NODE_SEED, [[VALIDATORS]], "G... name" entries

    // Testing: the ledger clock runs with 1 s ledgers (core:
    // Config::getExpectedLedgerCloseTimeTestingOverride).
    bool ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING = false;
    // Testing: the ledger clock upgrades the ledger's maxTxSetSize to this
    // (core: the Config field of this name, which its tests set; not a key
    // of core's file).
    std::optional<uint32_t> TESTING_UPGRADE_MAX_TX_SET_SIZE;

    // Admin commands run at start, as core runs them (ApplicationImpl::applyCfgCommands).
    std::vector<std::string> COMMANDS;

    // The stellar-core keys the file holds that this node does not use (the
    // start-up warning lists them once).
    std::vector<std::string> ignoredCoreKeys;

    bool hasQuorumSet() const { return !QUORUM_SET.validators.empty() || !QUORUM_SET.innerSets.empty(); }
    // The quorum set the config gives, or nullopt when it gives none.
    std::optional<SCPQuorumSet> quorumSet() const
    {
        return hasQuorumSet() ? std::optional<SCPQuorumSet>(QUORUM_SET) : std::nullopt;
    }
};

// Throws ConfigError.
Config parseConfig(std::string_view toml, std::string const& sourceName);
Config loadConfigFile(std::filesystem::path const& path);

// The config file of a node with the given settings, for the CLI's local
// network and for tests that start real processes.
std::string renderConfig(Config const& config);

// The log file name LOG_FILE_PATH gives at `now` (core: Logging::init);
// throws ConfigError when the pattern cannot be formatted.
std::string logFileName(std::string const& pattern, std::time_t now);

}
