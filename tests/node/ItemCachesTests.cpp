// The caches of the items SCP statements name (node/ItemCaches): a peer that
// names tx sets and quorum sets it serves makes the node keep them, so each
// cache is driven to its bound here.

#include "node/ItemCaches.h"

#include "crypto/SHA.h"
#include "overlay/TxSetFrame.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

using namespace stellar;

namespace
{
// An empty GENERALIZED_TX_SET, told apart by its previous ledger hash.
std::pair<Hash, StellarMessage>
txSet(uint32_t n)
{
    Hash previous{};
    previous[0] = static_cast<uint8_t>(n);
    previous[1] = static_cast<uint8_t>(n >> 8);
    auto built = makeGeneralizedTxSet(previous, {}, {}, TxSetLimits{});
    StellarMessage msg;
    msg.type(GENERALIZED_TX_SET);
    msg.generalizedTxSet() = built.txSet;
    return {built.hash, msg};
}

SCPQuorumSet
quorumSet(uint32_t n)
{
    SCPQuorumSet q;
    q.threshold = 1;
    q.validators.emplace_back();
    q.validators.back().type(PUBLIC_KEY_TYPE_ED25519);
    q.validators.back().ed25519()[0] = static_cast<uint8_t>(n);
    q.validators.back().ed25519()[1] = static_cast<uint8_t>(n >> 8);
    return q;
}
}

TEST(TxSetCache, HoldsAtMostMaxCountTheOldestLeavingFirst)
{
    TxSetCache cache(3, 1 << 20);
    for (uint32_t n = 0; n < 5; ++n)
        EXPECT_TRUE(cache.add(txSet(n).first, txSet(n).second));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_FALSE(cache.contains(txSet(0).first));
    EXPECT_FALSE(cache.contains(txSet(1).first));
    for (uint32_t n = 2; n < 5; ++n)
        EXPECT_EQ(*cache.find(txSet(n).first), txSet(n).second);
    EXPECT_FALSE(cache.add(txSet(4).first, txSet(4).second)); // already here
}

TEST(TxSetCache, HoldsAtMostMaxBytesTheOldestLeavingFirst)
{
    auto size = xdr::encodedSize(txSet(0).second);
    TxSetCache cache(100, size * 5 / 2);
    for (uint32_t n = 0; n < 10; ++n)
        cache.add(txSet(n).first, txSet(n).second);
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_LE(cache.bytes(), size * 5 / 2);
    EXPECT_TRUE(cache.contains(txSet(8).first));
    EXPECT_TRUE(cache.contains(txSet(9).first));
}

TEST(QuorumSetCache, HoldsAtMostQsetCacheSizeAndAlwaysTheNodesOwn)
{
    auto own = quorumSet(0xffff);
    auto ownHash = crypto::sha256(xdr::toBytes(own));
    QuorumSetCache cache(ownHash, own);
    constexpr uint32_t ADDED = QSET_CACHE_SIZE + 1000;
    for (uint32_t n = 0; n < ADDED; ++n)
    {
        auto q = quorumSet(n);
        cache.add(crypto::sha256(xdr::toBytes(q)), q);
    }
    std::size_t held = 0;
    for (uint32_t n = 0; n < ADDED; ++n)
        held += cache.contains(crypto::sha256(xdr::toBytes(quorumSet(n)))) ? 1 : 0;
    EXPECT_EQ(held, QSET_CACHE_SIZE);
    EXPECT_EQ(cache.find(ownHash), own);
}
