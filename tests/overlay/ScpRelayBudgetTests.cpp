// What peers may make the node remember of a slot (E38, overlay/ScpRelayShares):
// each new envelope is charged to the peer that sent it first, at most
// PEER_SCP_SLOT_BUDGET per peer and slot, MAX_RELAYED_SCP_ENVELOPES in all.
// One node against scripted peers in virtual time; the application is the
// scripted one, which accepts every envelope it has not accepted before (as
// a node without a quorum set accepts any validly signed one).

#include "overlay/Peer.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"
#include "util/Limits.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;
using simulation::fakeNodeID;
using simulation::makeNomination;
using simulation::scpMessage;

namespace
{
constexpr uint64_t SLOT = 10; // the scripted application tracks ledger 10

class ScpRelayBudget : public ::testing::Test
{
  protected:
    LoopbackWorld world;
    TestNode& node = world.startedNode();

    // A peer that grants the node enough credit to flood it everything (one
    // that does not would have the node shed its queue, a cost of its own).
    std::unique_ptr<ScriptedPeer>
    grantingPeer()
    {
        auto options = scriptedOptions();
        options.initialGrant = SendMoreExtended{1'000'000, 1'000'000'000};
        return world.authenticatedPeer(node, options);
    }

    // `peer` sends nominations of `signer` for `slot`, ids [first, first +
    // count), in batches the node's flow-control credit covers.
    void
    sendNominations(ScriptedPeer& peer, uint8_t signer, uint64_t slot, uint64_t first, uint64_t count)
    {
        for (uint64_t i = 0; i < count; ++i)
        {
            peer.send(scpMessage(makeNomination(fakeNodeID(signer), slot, first + i)));
            if (i % 100 == 99)
                world.runUntil(world.elapsed() + 50ms);
        }
        world.runUntil(world.elapsed() + 50ms);
    }

    // The distinct envelopes of `signer` the application was given.
    std::size_t
    givenToApp(uint8_t signer) const
    {
        std::set<Hash> distinct;
        for (auto const& env : node.app().receivedEnvelopes)
            if (env.statement.nodeID == fakeNodeID(signer))
                distinct.insert(crypto::sha256(xdr::toBytes(env)));
        return distinct.size();
    }

    // The node's side of its connection to `peer`.
    Peer const&
    nodeSideOf(ScriptedPeer const& peer) const
    {
        for (auto const& p : node.overlay().authenticatedPeers())
            if (p->peerID() == peer.nodeID())
                return *p;
        throw std::logic_error("not connected");
    }
};

// The distinct envelopes of `signer` and `slot` flooded to `peer`.
std::size_t
floodedOf(ScriptedPeer const& peer, uint8_t signer, uint64_t slot)
{
    std::set<Hash> distinct;
    for (auto const& r : peer.received())
        if (r.msg.type() == SCP_MESSAGE && r.msg.envelope().statement.nodeID == fakeNodeID(signer) &&
            r.msg.envelope().statement.slotIndex == slot)
            distinct.insert(crypto::sha256(xdr::toBytes(r.msg.envelope())));
    return distinct.size();
}
}

// M sends PEER_SCP_SLOT_BUDGET + 100 distinct envelopes for one slot: the
// first PEER_SCP_SLOT_BUDGET are accepted and flooded, the last 100 never
// reach the application nor anyone else, and M stays connected (core drops
// what it will not process silently). H's envelopes for the same slot are
// all accepted and flooded, and M's for the next slot count afresh.
TEST_F(ScpRelayBudget, E38_APeerAtItsSlotBudgetIsDroppedUnreadAndHonestEnvelopesStillFlood)
{
    auto m = world.authenticatedPeer(node), h = grantingPeer(), o = grantingPeer();
    world.runUntil(1s);
    constexpr uint64_t OVER = 100;
    sendNominations(*m, 2, SLOT, 0, PEER_SCP_SLOT_BUDGET + OVER);
    EXPECT_FALSE(m->closed());
    EXPECT_EQ(givenToApp(2), PEER_SCP_SLOT_BUDGET);
    EXPECT_EQ(floodedOf(*o, 2, SLOT), PEER_SCP_SLOT_BUDGET);
    EXPECT_EQ(node.counter("overlay.flood.scp-over-budget"), static_cast<int64_t>(OVER));

    // A copy of one that was dropped, from M again: dropped again.
    m->send(scpMessage(makeNomination(fakeNodeID(2), SLOT, PEER_SCP_SLOT_BUDGET)));
    world.runUntil(world.elapsed() + 50ms);
    EXPECT_EQ(node.counter("overlay.flood.scp-over-budget"), static_cast<int64_t>(OVER + 1));

    constexpr uint64_t HONEST = 50;
    sendNominations(*h, 1, SLOT, 0, HONEST);
    EXPECT_EQ(givenToApp(1), HONEST);
    EXPECT_EQ(floodedOf(*o, 1, SLOT), HONEST);
    EXPECT_EQ(floodedOf(*m, 1, SLOT), HONEST);

    // The dropped one, from H: new to the node, within H's share.
    h->send(scpMessage(makeNomination(fakeNodeID(2), SLOT, PEER_SCP_SLOT_BUDGET)));
    sendNominations(*m, 2, SLOT + 1, 0, 1);
    EXPECT_EQ(floodedOf(*o, 2, SLOT), PEER_SCP_SLOT_BUDGET + 1);
    EXPECT_EQ(floodedOf(*o, 2, SLOT + 1), 1u);
    EXPECT_EQ(node.counter("overlay.flood.scp-over-budget"), static_cast<int64_t>(OVER + 1));
    EXPECT_EQ(node.counter("overlay.memory.scp-relayed"), static_cast<int64_t>(PEER_SCP_SLOT_BUDGET + HONEST + 2));
    EXPECT_TRUE(node.app().forgottenEnvelopes.empty());
}

// M fills the node's bound: its full share in each of enough slots. Each
// envelope H sends then makes the largest share (one of M's) let go of its
// oldest: the node holds MAX_RELAYED_SCP_ENVELOPES still, the application
// is told to forget exactly M's oldest, and H's envelopes are accepted and
// flooded. A copy of one M's forgotten envelopes is judged again.
TEST_F(ScpRelayBudget, E38_AtTheNodesBoundTheLargestShareForgetsItsOldestAndHonestEnvelopesStillFlood)
{
    static_assert(MAX_RELAYED_SCP_ENVELOPES % PEER_SCP_SLOT_BUDGET == 0);
    constexpr uint64_t SLOTS = MAX_RELAYED_SCP_ENVELOPES / PEER_SCP_SLOT_BUDGET;
    static_assert(SLOTS <= SLOT);
    auto m = world.authenticatedPeer(node), h = grantingPeer(), o = grantingPeer();
    world.runUntil(1s);
    for (uint64_t slot = SLOT - SLOTS + 1; slot <= SLOT; ++slot)
        sendNominations(*m, 2, slot, slot * 100'000, PEER_SCP_SLOT_BUDGET);
    EXPECT_EQ(node.counter("overlay.memory.scp-relayed"), static_cast<int64_t>(MAX_RELAYED_SCP_ENVELOPES));
    EXPECT_EQ(node.counter("overlay.flood.scp-over-budget"), 0);
    EXPECT_TRUE(node.app().forgottenEnvelopes.empty());

    constexpr uint64_t HONEST = 50;
    sendNominations(*h, 1, SLOT, 0, HONEST);
    EXPECT_EQ(givenToApp(1), HONEST);
    EXPECT_EQ(floodedOf(*o, 1, SLOT), HONEST);
    EXPECT_EQ(node.counter("overlay.memory.scp-relayed"), static_cast<int64_t>(MAX_RELAYED_SCP_ENVELOPES));
    EXPECT_EQ(node.counter("overlay.flood.scp-forgotten"), static_cast<int64_t>(HONEST));
    // The largest share is one of M's slots; it lets go of its oldest, in order.
    auto const& forgotten = node.app().forgottenEnvelopes;
    ASSERT_EQ(forgotten.size(), HONEST);
    std::set<Hash> ofM;
    for (uint64_t slot = SLOT - SLOTS + 1; slot <= SLOT; ++slot)
        for (uint64_t i = 0; i < HONEST; ++i)
            ofM.insert(crypto::sha256(xdr::toBytes(makeNomination(fakeNodeID(2), slot, slot * 100'000 + i))));
    EXPECT_TRUE(std::all_of(forgotten.begin(), forgotten.end(), [&](Hash const& x) { return ofM.count(x) != 0; }));

    // A copy of the first one forgotten is new again: given to the
    // application, accepted and flooded a second time.
    auto copies = std::count_if(node.app().receivedEnvelopes.begin(), node.app().receivedEnvelopes.end(),
                                [&](SCPEnvelope const& e) { return crypto::sha256(xdr::toBytes(e)) == forgotten[0]; });
    EXPECT_EQ(copies, 1);
    SCPEnvelope first;
    for (auto const& e : node.app().receivedEnvelopes)
        if (crypto::sha256(xdr::toBytes(e)) == forgotten[0])
            first = e;
    m->send(scpMessage(first));
    world.runUntil(world.elapsed() + 50ms);
    EXPECT_EQ(node.app().acceptedEnvelopes.count(forgotten[0]), 1u);
    EXPECT_EQ(node.counter("overlay.memory.scp-relayed"), static_cast<int64_t>(MAX_RELAYED_SCP_ENVELOPES));
    EXPECT_FALSE(m->closed());
    EXPECT_FALSE(h->closed());
}

// The node's bound in flight toward a peer that granted 200 messages and
// nothing more: M sends its full share in each of enough slots, every one a
// nomination of one key and no two comparable, so none supersedes another
// and all wait in the SCP queue to S. Trimming that queue on each message
// looks at a bounded number of queued messages (core scans the whole queue:
// the square of 50,000 in all), S gets exactly the first 200 and is still
// connected, and O, which grants enough, gets them all. The wall time is
// printed, not asserted. Then S's queue meets its own bound (E41).
TEST_F(ScpRelayBudget, FloodingTheBoundToAPeerThatGrantsSlowlyCostsLinearTrimmingWork)
{
    constexpr uint64_t SLOTS = MAX_RELAYED_SCP_ENVELOPES / PEER_SCP_SLOT_BUDGET;
    auto m = grantingPeer(), s = world.authenticatedPeer(node), o = grantingPeer();
    world.runUntil(1s);
    ASSERT_EQ(s->count(SCP_MESSAGE), 0u);
    auto began = std::chrono::steady_clock::now();
    for (uint64_t slot = SLOT - SLOTS + 1; slot <= SLOT; ++slot)
        sendNominations(*m, 2, slot, slot * 100'000, PEER_SCP_SLOT_BUDGET);
    auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    EXPECT_EQ(node.counter("overlay.memory.scp-relayed"), static_cast<int64_t>(MAX_RELAYED_SCP_ENVELOPES));
    EXPECT_EQ(floodedOf(*o, 2, SLOT), PEER_SCP_SLOT_BUDGET);
    EXPECT_EQ(o->count(SCP_MESSAGE), MAX_RELAYED_SCP_ENVELOPES);

    // S got the first 200 flooded, in order; the rest waits for its grant.
    ASSERT_EQ(s->count(SCP_MESSAGE), 200u);
    auto toS = s->allOf(SCP_MESSAGE);
    constexpr uint64_t FIRST_SLOT = SLOT - SLOTS + 1;
    for (uint64_t i = 0; i < 200; ++i)
        EXPECT_EQ(toS[i].envelope(), makeNomination(fakeNodeID(2), FIRST_SLOT, FIRST_SLOT * 100'000 + i)) << i;
    EXPECT_FALSE(s->closed());
    EXPECT_EQ(node.counter("overlay.outbound-queue.drop-scp"), 0);
    auto const& fc = nodeSideOf(*s).flowControl();
    EXPECT_EQ(fc.outboundQueues()[0].size(), MAX_RELAYED_SCP_ENVELOPES - 200);
    auto examined = fc.scpTrimExamined();
    std::cout << "[ figures  ] " << MAX_RELAYED_SCP_ENVELOPES << " envelopes flooded, one peer granting 200: " << wall.count()
              << " ms wall, " << examined << " queued messages examined by the SCP queue's trimming\n";
    EXPECT_LE(examined, (MAX_SUPERSEDE_CHECKS + 1) * MAX_RELAYED_SCP_ENVELOPES);

    // E41: P's new envelopes make the node forget as many of M's (E38),
    // which still wait to S, and are queued to S as well: S's waiting queue
    // stops at PEER_SCP_QUEUE_LIMIT, its oldest going, and S stays.
    constexpr uint64_t MORE = 1'100;
    auto p = grantingPeer();
    world.runUntil(world.elapsed() + 1s);
    sendNominations(*p, 3, SLOT, 0, MORE);
    EXPECT_EQ(node.counter("overlay.flood.scp-forgotten"), static_cast<int64_t>(MORE));
    EXPECT_EQ(floodedOf(*o, 3, SLOT), MORE);
    EXPECT_EQ(fc.scpWaiting(), PEER_SCP_QUEUE_LIMIT);
    EXPECT_EQ(fc.scpShed(), MORE - 200);
    EXPECT_EQ(node.counter("overlay.outbound-queue.drop-scp"), static_cast<int64_t>(MORE - 200));
    EXPECT_EQ(s->count(SCP_MESSAGE), 200u);
    EXPECT_FALSE(s->closed());
}
