// Fetching and serving items between relay applications, in virtual time over
// the in-memory loopback: a chain of nodes behind one test ledger clock,
// where each node has only its neighbours to fetch each ledger's tx set and
// quorum set from, and a scripted peer that asks a node for its SCP state
// and then for the items those statements name.

#include "node/RelayApp.h"
#include "node/RelayTestSupport.h"
#include "overlay/PendingEnvelopes.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
// Its one outbound peer: the chain stays a chain.
OverlayConfig
chainOverlayConfig()
{
    auto c = testOverlayConfig();
    c.TARGET_PEER_CONNECTIONS = 1;
    return c;
}

RelayAppConfig
relayConfig(SCPQuorumSet const& qset, std::optional<crypto::SecretKey> clockKey = std::nullopt)
{
    RelayAppConfig c;
    c.networkID = networkIdOf(TEST_NETWORK_PASSPHRASE);
    c.quorumSet = qset;
    c.ledgerClockKey = std::move(clockKey);
    c.expectedLedgerCloseTime = 1000ms;
    return c;
}

// The clock alone satisfies it, and it is not the clock's own quorum set
// (the one its statements name): the followers fetch that one.
SCPQuorumSet
followersQuorumSet(crypto::SecretKey const& clockKey)
{
    return quorumSetOf(1, {clockKey, validatorKey(9)});
}

}

// The clock closes a ledger a second; node 1 hears it directly, node 2
// through node 1, node 3 through node 2. Each envelope waits at each node for
// its tx set (and, the first time, the clock's quorum set), fetched from the
// neighbour that sent the envelope, and is flooded on once they are there.
// A payment submitted at node 3 reaches the clock, goes into a ledger and
// leaves every pool.
TEST(RelayFetch, EveryNodeOfAChainFetchesEachLedgersTxSetAndQuorumSet)
{
    LoopbackWorld world;
    auto clockKey = validatorKey(1);
    RelayNode clockNode(world, chainOverlayConfig(), relayConfig(quorumSetOf(1, {clockKey}), clockKey));
    std::vector<std::unique_ptr<RelayNode>> chain;
    for (int i = 0; i < 3; ++i)
    {
        chain.push_back(
            std::make_unique<RelayNode>(world, chainOverlayConfig(), relayConfig(followersQuorumSet(clockKey))));
        chain.back()->overlay().connectTo(i == 0 ? clockNode.address() : chain[i - 1]->address());
    }
    world.runUntil(2500ms); // ledgers 2 and 3 closed (ledger n at n - 1 seconds)
    ASSERT_EQ(chain[2]->app->trackingLedgerSeq(), 3u);
    auto payment = payments(1).front();
    ASSERT_EQ(chain[2]->app->submitTransaction(payment.envelope).code, RelayApp::AddResultCode::ADD_STATUS_PENDING);
    world.runUntil(11500ms); // ledgers up to 12

    EXPECT_EQ(clockNode.app->trackingLedgerSeq(), 12u);
    for (auto const& n : chain)
    {
        EXPECT_EQ(n->app->trackingLedgerSeq(), 12u);
        // Eleven ledgers, 2 to 12: eleven tx sets fetched, the quorum set once.
        EXPECT_EQ(n->timerCount("overlay.fetch.txset"), 11u);
        EXPECT_EQ(n->timerCount("overlay.fetch.qset"), 1u);
        EXPECT_EQ(n->timerCount("scp.fetch.envelope"), 11u);
        // Each envelope's signature checked once: not again when the overlay
        // gave it back with its tx set.
        EXPECT_EQ(n->counter("scp.envelope.validsig"), 11);
        EXPECT_EQ(n->counter("scp.pending.fetching"), 0);
        EXPECT_EQ(n->app->pooledTransactions(), 0u);
        EXPECT_GT(n->counter("overlay.fetch.unique-recv"), 0);
    }
    // The payment went into one of the ledgers.
    EXPECT_EQ(clockNode.app->pooledTransactions(), 0u);
    EXPECT_EQ(clockNode.counter("overlay.flood.tx-accepted"), 1);
}

// GET_SCP_STATE: the latest statement of each node for each slot from the
// one asked, ascending; then each tx set and quorum set they name is there to
// be fetched.
TEST(RelayFetch, ScpStateIsTheLatestStatementsAndTheItemsTheyNameCanBeFetched)
{
    LoopbackWorld world;
    auto clockKey = validatorKey(1);
    auto qset = quorumSetOf(1, {clockKey});
    RelayNode clockNode(world, chainOverlayConfig(), relayConfig(qset, clockKey));
    RelayNode follower(world, chainOverlayConfig(), relayConfig(followersQuorumSet(clockKey)));
    follower.overlay().connectTo(clockNode.address());
    world.runUntil(5500ms); // ledgers 2 to 6
    ASSERT_EQ(follower.app->trackingLedgerSeq(), 6u);

    auto peer = world.authenticatedPeer(*follower.node);
    StellarMessage getState;
    getState.type(GET_SCP_STATE);
    getState.getSCPLedgerSeq() = 4;
    peer->send(getState);
    world.runUntil(5600ms);

    std::vector<SCPEnvelope> state;
    for (auto const& m : peer->allOf(SCP_MESSAGE))
        state.push_back(m.envelope());
    ASSERT_EQ(state.size(), 3u); // slots 4, 5 and 6: the clock's EXTERNALIZE of each
    for (std::size_t i = 0; i < state.size(); ++i)
    {
        EXPECT_EQ(state[i].statement.slotIndex, 4 + i);
        EXPECT_EQ(state[i].statement.nodeID, nodeIdOf(clockKey));
        EXPECT_EQ(state[i].statement.pledges.type(), SCP_ST_EXTERNALIZE);
    }

    for (auto const& env : state)
    {
        auto const& ext = env.statement.pledges.externalize();
        auto txSetHash = xdr::fromBytes<StellarValue>(ext.commit.value).txSetHash;
        peer->send(simulation::itemRequest(GET_TX_SET, txSetHash));
        peer->send(simulation::itemRequest(GET_SCP_QUORUMSET, ext.commitQuorumSetHash));
    }
    world.runUntil(5700ms);
    auto sets = peer->allOf(GENERALIZED_TX_SET);
    auto qsets = peer->allOf(SCP_QUORUMSET);
    ASSERT_EQ(sets.size(), 3u);
    ASSERT_EQ(qsets.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
    {
        auto const& ext = state[i].statement.pledges.externalize();
        EXPECT_EQ(txSetContentsHash(sets[i]), xdr::fromBytes<StellarValue>(ext.commit.value).txSetHash);
        EXPECT_EQ(qsets[i].qSet(), qset);
    }
    EXPECT_EQ(peer->count(DONT_HAVE), 0u);
}

// core: HerderImpl::sendSCPStateToPeer. The newest checkpoint's slot (64,
// the first ledger of the checkpoint holding ledger 79) is kept after the
// slots before it are forgotten; when it lies before the slots kept in
// sequence, GET_SCP_STATE sends the rest at once and it exactly
// SEND_LATEST_CHECKPOINT_DELAY later, whichever ledger was asked.
TEST(RelayFetch, TheNewestCheckpointsStatementsComeTwoSecondsAfterTheRest)
{
    LoopbackWorld world;
    auto clockKey = validatorKey(1);
    RelayNode clockNode(world, chainOverlayConfig(), relayConfig(quorumSetOf(1, {clockKey}), clockKey));
    RelayNode follower(world, chainOverlayConfig(), relayConfig(followersQuorumSet(clockKey)));
    follower.overlay().connectTo(clockNode.address());
    world.runUntil(78500ms); // ledgers 2 to 79
    ASSERT_EQ(follower.app->trackingLedgerSeq(), 79u);
    EXPECT_EQ(follower.app->delayedCheckpointSlot(), std::optional<uint32_t>(64));

    auto peer = world.authenticatedPeer(*follower.node);
    StellarMessage getState;
    getState.type(GET_SCP_STATE);
    getState.getSCPLedgerSeq() = 70;
    peer->send(getState);
    world.runUntil(78500ms + SEND_LATEST_CHECKPOINT_DELAY + 100ms);

    std::vector<std::pair<uint64_t, ClockDuration>> slots; // the answer, and the checkpoint's part of it
    for (auto const& r : peer->received())
        if (r.msg.type() == SCP_MESSAGE && r.msg.envelope().statement.slotIndex < 80)
            slots.emplace_back(r.msg.envelope().statement.slotIndex, r.at);
    ASSERT_EQ(slots.size(), 11u); // 70 to 79, then 64
    for (std::size_t i = 0; i < 10; ++i)
        EXPECT_EQ(slots[i].first, 70 + i);
    EXPECT_EQ(slots[10].first, 64u);
    EXPECT_EQ(slots[10].second - slots[0].second, SEND_LATEST_CHECKPOINT_DELAY);
}
