// Load shedding with ERR_LOAD in its three places (G11): no authenticated
// slot ("peer rejected"), a preferred peer evicting a non-preferred one
// ("preferred peer selected instead"), and the out-of-sync rotation (G8,
// "random disconnect due to out of sync"); an ERR_LOAD we receive is not a
// failure of its sender; every ERROR_MSG text fits in 100 bytes (G15).
// Virtual time over the loopback; each test asserts the ERROR_MSG (code and
// text) the remote received and the node's drop timeline.

#include "crypto/StrKey.h"
#include "overlay/BanManager.h"
#include "support/LoopbackWorld.h"
#include "overlay/Peer.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

OverlayConfig
oneInboundSlot()
{
    auto c = testOverlayConfig();
    c.MAX_ADDITIONAL_PEER_CONNECTIONS = 1;
    return c;
}

}

// --- "peer rejected"

// E33: the responder sends AUTH (and PEERS) before judging; then ERR_LOAD.
TEST(LoadShedding, G11_InboundPeerWithoutASlotGetsPeerRejected)
{
    LoopbackWorld world;
    auto& node = world.node(oneInboundSlot());
    node.overlay().start();
    auto first = world.authenticatedPeer(node);
    world.runUntil(1s);
    auto second = world.dial(node);
    ASSERT_TRUE(second->handshake());
    world.runUntil(1s + 1ms);
    expectError(*second, ERR_LOAD, "peer rejected");
    EXPECT_EQ(second->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, PEERS, ERROR_MSG}));
    EXPECT_TRUE(second->closed());
    EXPECT_FALSE(first->closed());
    EXPECT_EQ(node.drops(), (DropLog{{1s, DropCause::PeerRejected}}));
    EXPECT_EQ(node.overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(node.metrics().counterValue("overlay.inbound.reject"), 1);
}

TEST(LoadShedding, G11_OutboundPeerBeyondTheTargetGetsPeerRejected)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.TARGET_PEER_CONNECTIONS = 1;
    auto& node = world.node(config);
    auto& a = world.remote();
    auto& b = world.remote();
    node.overlay().connectTo(a.address());
    node.overlay().connectTo(b.address());
    world.runUntil(1s);
    EXPECT_EQ(node.overlay().outboundAuthenticatedCount(), 1u);
    ASSERT_EQ(a.connections.size() + b.connections.size(), 2u);
    auto errors = a.errorsReceived();
    auto more = b.errorsReceived();
    errors.insert(errors.end(), more.begin(), more.end());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, ERR_LOAD);
    EXPECT_EQ(errors[0].msg, "peer rejected");
    EXPECT_EQ(node.drops(), (DropLog{{0s, DropCause::PeerRejected}}));
    EXPECT_EQ(node.metrics().counterValue("overlay.outbound.cancel"), 1);
}

// PREFERRED_PEERS_ONLY: a non-preferred peer is refused even with free slots.
TEST(LoadShedding, G11_PreferredPeersOnlyRejectsEveryoneElse)
{
    LoopbackWorld world;
    auto key = crypto::SecretKey::random();
    auto config = testOverlayConfig();
    config.PREFERRED_PEERS_ONLY = true;
    config.PREFERRED_PEER_KEYS = {crypto::toStrKeyPublic(key.publicKey())};
    auto& node = world.node(config);
    node.overlay().start();
    auto stranger = world.dial(node);
    ASSERT_TRUE(stranger->handshake());
    auto friendPeer = world.authenticatedPeer(node, scriptedOptions(key));
    world.runUntil(1s);
    expectError(*stranger, ERR_LOAD, "peer rejected");
    EXPECT_FALSE(friendPeer->closed());
    EXPECT_EQ(node.overlay().inboundAuthenticatedCount(), 1u);
}

// --- "preferred peer selected instead"

TEST(LoadShedding, G11_PreferredKeyEvictsANonPreferredPeer)
{
    LoopbackWorld world;
    auto key = crypto::SecretKey::random();
    auto config = oneInboundSlot();
    config.PREFERRED_PEER_KEYS = {crypto::toStrKeyPublic(key.publicKey())};
    auto& node = world.node(config);
    node.overlay().start();
    auto stranger = world.authenticatedPeer(node);
    world.runUntil(1s);
    auto friendPeer = world.authenticatedPeer(node, scriptedOptions(key));
    world.runUntil(1s + 1ms);
    expectError(*stranger, ERR_LOAD, "preferred peer selected instead");
    EXPECT_TRUE(stranger->closed());
    EXPECT_FALSE(friendPeer->closed());
    EXPECT_EQ(node.drops(), (DropLog{{1s, DropCause::PreferredPeerSelected}}));
    ASSERT_EQ(node.overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(*node.overlay().inboundAuthenticatedPeers().front()->peerID(), friendPeer->nodeID());
}

// A preferred peer finds no non-preferred one to evict: it is rejected too.
TEST(LoadShedding, G11_PreferredPeerIsRejectedWhenOnlyPreferredPeersHoldTheSlots)
{
    LoopbackWorld world;
    auto k1 = crypto::SecretKey::random();
    auto k2 = crypto::SecretKey::random();
    auto config = oneInboundSlot();
    config.PREFERRED_PEER_KEYS = {crypto::toStrKeyPublic(k1.publicKey()), crypto::toStrKeyPublic(k2.publicKey())};
    auto& node = world.node(config);
    node.overlay().start();
    auto first = world.authenticatedPeer(node, scriptedOptions(k1));
    auto second = world.dial(node, {}, scriptedOptions(k2));
    ASSERT_TRUE(second->handshake());
    world.runUntil(1s);
    expectError(*second, ERR_LOAD, "peer rejected");
    EXPECT_FALSE(first->closed());
}

// --- G11: an ERR_LOAD we receive is not a failure

// A full stellar-core node answers our AUTH with its AUTH, then ERR_LOAD
// "peer rejected" (E33). Twelve such refusals (past the ban threshold of 10)
// count nothing against it: no failures, no ban, and numfailures back at 0
// (its AUTH reset the backoff, E29).
TEST(LoadShedding, G11_ErrLoadReceivedIsNotAFailureOfItsSender)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    auto& full = world.remote();
    full.answers.errorAfterAuth = std::pair{ERR_LOAD, std::string("peer rejected")};
    for (int i = 0; i < 12; ++i)
    {
        world.runUntil(std::chrono::seconds(i));
        ASSERT_TRUE(node.overlay().connectTo(full.address()));
        world.runUntil(std::chrono::seconds(i) + 1ms);
    }
    ASSERT_EQ(node.drops().size(), 12u);
    for (auto const& e : node.dropEvents())
    {
        EXPECT_EQ(e.cause, DropCause::RemoteError);
        EXPECT_EQ(e.reason, "ERR_LOAD (peer rejected)");
        EXPECT_EQ(e.stateBefore, PeerState::GOT_AUTH);
    }
    EXPECT_EQ(node.overlay().banManager().failureCount(full.strKey()), 0u);
    EXPECT_FALSE(node.overlay().banManager().isBanned(full.strKey()));
    EXPECT_EQ(row(node, full.address())->numFailures, 0u);
    EXPECT_EQ(node.metrics().counterValue("overlay.failure.counted"), 0);
}

// --- G15: one drop function, text cut to 100 bytes at a character boundary

// "dropped by user: " (17 bytes) and 60 two-byte characters make 137 bytes;
// byte 100 would split a character, so 99 bytes go out. The remote decodes
// the message (an XDR string<100>) without complaint.
TEST(LoadShedding, G15_ErrorTextOnTheWireIsCutTo100BytesAtACharacterBoundary)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    node.overlay().start();
    auto peer = world.authenticatedPeer(node);
    std::string detail;
    for (int i = 0; i < 60; ++i)
        detail += "\xC3\xA9"; // é
    node.overlay().inboundAuthenticatedPeers().front()->drop(DropCause::DroppedByUser, detail);
    world.runUntil(1s);
    auto err = peer->firstError();
    ASSERT_TRUE(err);
    EXPECT_EQ(err->msg.size(), 99u);
    EXPECT_EQ(err->msg, "dropped by user: " + detail.substr(0, 82));
    EXPECT_TRUE(peer->closed());
}

// --- G8: out-of-sync rotation

namespace
{

// A node with 8 outbound slots filled by scripted remotes (2 of them
// preferred) and one inbound peer, so that its target is the full 8.
struct FullNode
{
    LoopbackWorld world;
    TestNode* node = nullptr;
    std::vector<ScriptedRemote*> remotes;
    std::unique_ptr<ScriptedPeer> inbound;

    explicit FullNode(int reachable = 8)
    {
        std::vector<std::string> known, preferred;
        for (int i = 0; i < 8; ++i)
        {
            auto& r = world.remote();
            remotes.push_back(&r);
            (i < 2 ? preferred : known).push_back(r.address().toString());
        }
        for (int i = reachable; i < 8; ++i)
            remotes[i]->network().stopListening();
        auto config = testOverlayConfig();
        config.KNOWN_PEERS = known;
        config.PREFERRED_PEERS = preferred;
        node = &world.node(config);
        node->app().synced = false; // out of sync from the start
        node->overlay().start();
        inbound = world.dial(*node);
        EXPECT_TRUE(inbound->handshake());
        answer(*inbound, pingAnswersOnly());
    }

    bool
    isPreferred(ScriptedRemote const* r) const
    {
        return r == remotes[0] || r == remotes[1];
    }

    // Remotes whose connection received the rotation's ERR_LOAD.
    std::vector<ScriptedRemote*>
    rotated() const
    {
        std::vector<ScriptedRemote*> out;
        for (auto* r : remotes)
            for (auto const& e : r->errorsReceived())
                if (e.code == ERR_LOAD && e.msg == "random disconnect due to out of sync")
                    out.push_back(r);
        return out;
    }
};

}

// The 2 s tick notices the node is out of sync; from 8 s on every outbound
// slot is taken. The first tick more than 60 s after 2 s is at 65 s (E27:
// strictly greater, on 3 s ticks): exactly one non-preferred outbound peer
// gets ERR_LOAD, and none before. The next rotation comes at the first tick
// more than 60 s later: 128 s.
TEST(OutOfSync, G8_G11_FullNodeDropsOneRandomNonPreferredOutboundPeerAfter60s)
{
    FullNode f;
    f.world.runUntil(8s);
    ASSERT_EQ(f.node->overlay().outboundAuthenticatedCount(), 8u);
    f.world.runUntil(65s - 1ms);
    EXPECT_TRUE(f.node->drops().empty());
    EXPECT_TRUE(f.rotated().empty());
    f.world.runUntil(65s);
    EXPECT_EQ(f.node->drops(), (DropLog{{65s, DropCause::RandomDisconnectOutOfSync}}));
    ASSERT_EQ(f.rotated().size(), 1u);
    EXPECT_FALSE(f.isPreferred(f.rotated()[0]));
    // The same tick refills the freed slot (core: the outbound step follows
    // the drop); here the only address not connected is the one just dropped.
    EXPECT_EQ(f.node->overlay().outboundAuthenticatedCount(), 8u);
    EXPECT_EQ(f.rotated()[0]->connections.size(), 2u);
    f.world.runUntil(128s - 1ms);
    EXPECT_EQ(f.rotated().size(), 1u);
    f.world.runUntil(128s);
    EXPECT_EQ(f.node->drops(),
              (DropLog{{65s, DropCause::RandomDisconnectOutOfSync}, {128s, DropCause::RandomDisconnectOutOfSync}}));
    for (auto* r : f.rotated())
        EXPECT_FALSE(f.isPreferred(r));
}

// E27: no rotation while an outbound slot is free (one known peer is down).
// The only drops are the dials of the peer that is down, spaced by the
// backoff of its growing failure count (random, fixed by the world's seed).
TEST(OutOfSync, G8_NoRotationWhileAnOutboundSlotIsFree)
{
    FullNode f(/*reachable=*/7);
    f.world.runUntil(300s);
    EXPECT_EQ(f.node->overlay().outboundAuthenticatedCount(), 7u);
    EXPECT_EQ(f.node->drops(), (DropLog{{2s, DropCause::ConnectFailed},
                                        {11s, DropCause::ConnectFailed},
                                        {38s, DropCause::ConnectFailed},
                                        {53s, DropCause::ConnectFailed},
                                        {128s, DropCause::ConnectFailed},
                                        {242s, DropCause::ConnectFailed}}));
    EXPECT_TRUE(f.rotated().empty());
}

// No rotation while in sync; getting back in sync restarts the 60 s wait.
TEST(OutOfSync, G8_BackInSyncRestartsTheWait)
{
    FullNode f;
    f.world.runUntil(50s);
    f.node->app().synced = true;
    f.world.runUntil(60s); // the ticks at 53, 56, 59 s see it in sync
    f.node->app().synced = false;
    // Noticed at 62 s; the first tick more than 60 s later is 125 s.
    f.world.runUntil(125s - 1ms);
    EXPECT_TRUE(f.rotated().empty());
    f.world.runUntil(125s);
    EXPECT_EQ(f.node->drops(), (DropLog{{125s, DropCause::RandomDisconnectOutOfSync}}));
}

// Preferred peers are never rotated out: with only preferred outbound peers
// nothing is dropped.
TEST(OutOfSync, G8_PreferredOutboundPeersAreNeverRotated)
{
    LoopbackWorld world;
    std::vector<std::string> preferred;
    for (int i = 0; i < 3; ++i)
        preferred.push_back(world.remote().address().toString());
    auto config = testOverlayConfig();
    config.PREFERRED_PEERS = preferred;
    auto& node = world.node(config);
    node.app().synced = false;
    node.overlay().start();
    world.runUntil(5s);
    ASSERT_EQ(node.overlay().outboundAuthenticatedCount(), 3u); // full: the target is 3 without inbound peers
    world.runUntil(400s);
    EXPECT_TRUE(node.drops().empty());
}
