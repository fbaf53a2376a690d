#pragma once
// The quorum part of a stellar-core config, read and checked as core's
// Config::processConfig does:
//  - [QUORUM_SET]: THRESHOLD_PERCENT (default 67), VALIDATORS, and inner sets
//    as sub-tables ([QUORUM_SET.NAME]), at most 4 levels deep (Config::loadQset);
//  - [[HOME_DOMAINS]] (HOME_DOMAIN, QUALITY) and [[VALIDATORS]] (NAME,
//    HOME_DOMAIN, QUALITY, PUBLIC_KEY, ADDRESS, HISTORY): the quorum set is
//    generated from quality levels (Config::generateQuorumSet): one inner set
//    per home domain, simple majority inside it; each quality level needs a
//    byzantine majority of its entries plus the next lower level as one entry;
//    CRITICAL needs all. ADDRESS entries become KNOWN_PEERS, or
//    PREFERRED_PEERS for our own NODE_HOME_DOMAIN;
//  - core's validation (Config::validateConfig and friends): FAILURE_SAFETY,
//    UNSAFE_QUORUM, thresholds, archives that must block every quorum.

#include "node/ConfigValues.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stellar
{

enum class ValidatorQuality
{
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
};

struct ValidatorEntry
{
    std::string name;
    std::string homeDomain;
    ValidatorQuality quality = ValidatorQuality::LOW;
    NodeID key;
    bool hasHistory = false;
};

// The inputs and outputs of the quorum part of the config.
struct QuorumConfigInput
{
    toml::node const* quorumSet = nullptr;   // [QUORUM_SET]
    toml::node const* homeDomains = nullptr; // [[HOME_DOMAINS]]
    toml::node const* validators = nullptr;  // [[VALIDATORS]]
    std::set<std::string> historyArchives;   // names in [HISTORY.*]
    bool nodeIsValidator = false;
    std::string nodeHomeDomain;
    std::optional<NodeID> self; // from NODE_SEED, when set
    bool unsafeQuorum = false;
    int32_t failureSafety = -1;
};

struct QuorumConfigResult
{
    SCPQuorumSet quorumSet; // threshold 0 and no entries: no quorum configured
    std::vector<ValidatorEntry> validators;
    std::vector<std::string> knownPeers;     // [[VALIDATORS]] ADDRESS of other home domains
    std::vector<std::string> preferredPeers; // [[VALIDATORS]] ADDRESS of NODE_HOME_DOMAIN
    int32_t failureSafety = -1;              // computed when the config leaves it at -1
};

// Throws ConfigError with one sentence. In core's order: first the
// validators (which name keys), then the caller reads what may use those
// names (PREFERRED_PEER_KEYS, SURVEYOR_KEYS), then the quorum set.
QuorumConfigResult readValidatorsConfig(QuorumConfigInput const& in, NodeNames& names);
void readQuorumSetConfig(QuorumConfigInput const& in, NodeNames& names, QuorumConfigResult& result);

// core: Config::generateQuorumSet (normalized).
SCPQuorumSet generateQuorumSet(std::vector<ValidatorEntry> const& validators);

std::string toString(ValidatorQuality q);

}
