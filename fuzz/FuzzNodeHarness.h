#pragma once
// What the fuzz targets that run a node (fuzz_handshake, fuzz_node) share:
// the invariant check, quiet logs, the node's config and the remotes' keys.

#include "crypto/SecretKey.h"
#include "support/TestNode.h"
#include "util/Log.h"

#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

namespace stellar::fuzz
{

// A broken invariant stops the run and keeps the input that broke it.
inline void
check(bool condition)
{
    if (!condition)
        __builtin_trap();
}

// Silent unless replaying a finding: FUZZ_LOG=debug <target> <input>.
inline void
quietUnlessReplaying()
{
    auto const* level = std::getenv("FUZZ_LOG");
    setLogLevel("*", level ? level : "off");
}

// The node's config. Its own key is fixed (from `target`) so that runs repeat
// as far as crypto allows; automatic bans are off, since they would lock the
// remotes' fixed keys out after a few failing inputs
// (tests/overlay/AutoBanTests.cpp covers them).
inline OverlayConfig
fuzzNodeConfig(std::string const& target)
{
    auto config = test::testOverlayConfig();
    config.NODE_SEED = crypto::SecretKey::fromNetworkSeed(target + " node").strKeySeed();
    config.AUTO_BAN_FAILURE_THRESHOLD = 0;
    return config;
}

// Enough keys that one input's remote has left the node's peer lists before
// its key comes round again. They are made once, not per input.
inline constexpr std::size_t IDENTITIES = 16;

inline std::vector<crypto::SecretKey>
remoteKeys(std::string const& target)
{
    std::vector<crypto::SecretKey> keys;
    for (std::size_t i = 0; i < IDENTITIES; ++i)
        keys.push_back(crypto::SecretKey::fromNetworkSeed(target + " remote " + std::to_string(i)));
    return keys;
}

}
