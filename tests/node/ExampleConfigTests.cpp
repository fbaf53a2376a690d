// The public network example reads as the README says: its passphrase, its
// known peers, and a nested quorum set of six organizations.

#include "node/Config.h"
#include "node/QuorumSetUtils.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace stellar;

TEST(ExampleConfigs, PubnetFollowsFiveOfSixOrganizationsEachByMajority)
{
    char const* dir = std::getenv("SO_SOURCE_DIR");
    auto c = loadConfigFile(std::filesystem::path(dir ? dir : ".") / "examples/pubnet.toml");
    EXPECT_EQ(c.overlay.NETWORK_PASSPHRASE, "Public Global Stellar Network ; September 2015");
    EXPECT_EQ(c.overlay.KNOWN_PEERS.size(), 11u);
    EXPECT_EQ(c.overlay.KNOWN_PEERS.front(), "core-live-a.stellar.org:11625");
    EXPECT_TRUE(c.ignoredCoreKeys.empty());
    EXPECT_FALSE(c.NODE_IS_VALIDATOR);
    auto const& q = c.QUORUM_SET;
    EXPECT_EQ(q.threshold, 5u);
    EXPECT_TRUE(q.validators.empty());
    ASSERT_EQ(q.innerSets.size(), 6u);
    std::size_t validators = 0;
    for (auto const& org : q.innerSets)
    {
        validators += org.validators.size();
        EXPECT_EQ(org.threshold, org.validators.size() == 5 ? 3u : 2u);
    }
    EXPECT_EQ(validators, 20u);
    EXPECT_EQ(allNodes(q).size(), 20u);
    EXPECT_EQ(quorumSetInsanity(q, /*extraChecks=*/true), std::nullopt);
}
