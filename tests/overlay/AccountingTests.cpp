// Connection accounting (G12): pending and authenticated counts per direction
// that are exact through every transition, exposed as metrics with
// stellar-core's names; MAX_PENDING_CONNECTIONS split between directions
// (E31); inbound space checked before anything is allocated, with 2 extra
// pending slots for addresses of preferred peers (E25); the outbound target
// held at 3 while nobody is connected to us.

#include "crypto/StrKey.h"
#include "support/LoopbackWorld.h"
#include "overlay/OverlayConfig.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

// {inbound pending, inbound authenticated, outbound pending, outbound authenticated}
struct Counts
{
    std::size_t inPending = 0, inAuthenticated = 0, outPending = 0, outAuthenticated = 0;
    friend bool operator==(Counts const&, Counts const&) = default;
    friend std::ostream&
    operator<<(std::ostream& os, Counts const& c)
    {
        return os << "{in pending " << c.inPending << ", in auth " << c.inAuthenticated << ", out pending "
                  << c.outPending << ", out auth " << c.outAuthenticated << "}";
    }
};

// The lists, the gauges and the meters must tell one story: for each
// direction, established - dropped = pending + authenticated. (Core's
// "reject" / "cancel" meters also count refusals after AUTH, so attempts are
// not established + rejected.)
void
expectCounts(TestNode& node, Counts expected)
{
    auto& o = node.overlay();
    auto m = [&](std::string const& name) { return static_cast<std::size_t>(node.metrics().counterValue(name)); };
    Counts lists{o.inboundPendingCount(), o.inboundAuthenticatedCount(), o.outboundPendingCount(),
                 o.outboundAuthenticatedCount()};
    EXPECT_EQ(lists, expected);
    Counts gauges{m("overlay.inbound.pending"), m("overlay.inbound.authenticated"), m("overlay.outbound.pending"),
                  m("overlay.outbound.authenticated")};
    EXPECT_EQ(gauges, expected);
    EXPECT_EQ(m("overlay.connection.pending"), expected.inPending + expected.outPending);
    EXPECT_EQ(m("overlay.connection.authenticated"), expected.inAuthenticated + expected.outAuthenticated);
    for (std::string dir : {"inbound", "outbound"})
    {
        auto live = dir == "inbound" ? expected.inPending + expected.inAuthenticated
                                     : expected.outPending + expected.outAuthenticated;
        EXPECT_EQ(m("overlay." + dir + ".establish") - m("overlay." + dir + ".drop"), live) << dir;
    }
    EXPECT_EQ(m("overlay.outbound.attempt"), m("overlay.outbound.establish"));
}

// Every drop the node recorded, refusals at accept included, is counted in
// overlay.drop.<cause>, and nothing else is.
void
expectDropMetricsMatchTheDropLog(TestNode& node)
{
    for (auto const& row : dropCauseTable())
    {
        auto logged = std::count_if(node.dropEvents().begin(), node.dropEvents().end(),
                                    [&](auto const& e) { return e.cause == row.cause; });
        EXPECT_EQ(node.metrics().counterValue(fmt::format("overlay.drop.{}", row.metric)), logged) << row.metric;
    }
}

}

// Every transition, in order: accept, handshake, dial, authenticate, refuse
// at auth, evict, drop, remote close, failed dial, shutdown.
TEST(Accounting, G12_CountsAreExactThroughEveryTransition)
{
    LoopbackWorld world;
    auto preferredKey = crypto::SecretKey::random();
    auto config = testOverlayConfig();
    config.MAX_ADDITIONAL_PEER_CONNECTIONS = 1;
    config.PREFERRED_PEER_KEYS = {crypto::toStrKeyPublic(preferredKey.publicKey())};
    auto& node = world.node(config);
    node.overlay().start(); // no tick runs before 2 s: every transition below is ours
    expectCounts(node, {});

    auto a = world.dial(node);
    world.runUntil(10ms);
    expectCounts(node, {/*in*/ 1, 0, /*out*/ 0, 0});
    ASSERT_TRUE(a->handshake());
    expectCounts(node, {/*in*/ 0, 1, /*out*/ 0, 0});

    auto& r = world.remote();
    node.overlay().connectTo(r.address());
    expectCounts(node, {/*in*/ 0, 1, /*out*/ 1, 0});
    world.runUntil(20ms);
    expectCounts(node, {/*in*/ 0, 1, /*out*/ 0, 1});

    auto b = world.dial(node); // no inbound slot left: ERR_LOAD "peer rejected" after AUTH
    ASSERT_TRUE(b->handshake());
    world.runUntil(30ms);
    EXPECT_EQ(errorTextOf(*b), "peer rejected");
    expectCounts(node, {/*in*/ 0, 1, /*out*/ 0, 1});

    auto c = world.dial(node, {}, scriptedOptions(preferredKey)); // evicts a
    ASSERT_TRUE(c->handshake());
    world.runUntil(40ms);
    EXPECT_EQ(errorTextOf(*a), "preferred peer selected instead");
    expectCounts(node, {/*in*/ 0, 1, /*out*/ 0, 1});

    c->close(); // the remote goes away
    world.runUntil(50ms);
    expectCounts(node, {/*in*/ 0, 0, /*out*/ 0, 1});

    node.overlay().connectTo(addr("127.0.9.9:11625")); // nothing listens there
    expectCounts(node, {/*in*/ 0, 0, /*out*/ 1, 1});
    world.runUntil(60ms);
    expectCounts(node, {/*in*/ 0, 0, /*out*/ 0, 1});

    auto d = world.dial(node);
    world.runUntil(70ms);
    expectCounts(node, {/*in*/ 1, 0, /*out*/ 0, 1});
    node.overlay().shutdown();
    world.runUntil(80ms);
    expectCounts(node, {});
    EXPECT_EQ(errorTextOf(*d), "shutdown");
    EXPECT_EQ(errorTextOf(r.last()), "shutdown");
    // Inbound: a, b, c, d; b refused after AUTH; a evicted, c gone, b and d
    // dropped. Outbound: r and the failed dial.
    auto m = [&](std::string const& name) { return node.metrics().counterValue(name); };
    EXPECT_EQ(m("overlay.inbound.attempt"), 4);
    EXPECT_EQ(m("overlay.inbound.establish"), 4);
    EXPECT_EQ(m("overlay.inbound.reject"), 1);
    EXPECT_EQ(m("overlay.inbound.drop"), 4);
    EXPECT_EQ(m("overlay.outbound.attempt"), 2);
    EXPECT_EQ(m("overlay.outbound.establish"), 2);
    EXPECT_EQ(m("overlay.outbound.cancel"), 0);
    EXPECT_EQ(m("overlay.outbound.drop"), 2);
    EXPECT_EQ(node.drops(), (DropLog{{20ms, DropCause::PeerRejected},
                                     {30ms, DropCause::PreferredPeerSelected},
                                     {40ms, DropCause::ReadError},
                                     {50ms, DropCause::ConnectFailed},
                                     {70ms, DropCause::Shutdown},
                                     {70ms, DropCause::Shutdown}}));
    expectDropMetricsMatchTheDropLog(node);
}

// E31: stellar-core's Config::adjust numbers.
TEST(Accounting, G12_PendingConnectionsAreSplitBetweenDirections)
{
    OverlayConfig c;
    EXPECT_EQ(c.maxAdditionalPeerConnections(), 64u); // TARGET 8 * 8
    EXPECT_EQ(c.targetPeerConnections(), 8u);
    EXPECT_EQ(c.maxOutboundPendingConnections(), 56u); // ceil(500 * 8 / 72)
    EXPECT_EQ(c.maxInboundPendingConnections(), 444u);
    c.TARGET_PEER_CONNECTIONS = 100;
    c.MAX_ADDITIONAL_PEER_CONNECTIONS = 30;
    EXPECT_EQ(c.targetPeerConnections(), 13u); // capped at 30 / 3 + 3
}

// With 2 inbound pending slots (MAX_PENDING_CONNECTIONS 3 leaves
// 3 - ceil(3 * 8 / 72) = 2), a third connection still gets in: the pending
// connection that waited longest without a word is closed for it, silently,
// and its drop is in the drop log and overlay.drop.pending-inbound-evicted
// (beyond stellar-core, which refuses the newcomer, E25). Addresses of
// preferred peers get POSSIBLY_PREFERRED_EXTRA (2) more slots first.
TEST(Accounting, G12_ANewcomerTakesTheSlotOfTheOldestSilentPendingConnection)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.MAX_PENDING_CONNECTIONS = 3;
    config.PREFERRED_PEERS = {"127.0.10.1:11625"};
    ASSERT_EQ(config.maxInboundPendingConnections(), 2u);
    auto& node = world.node(config);
    node.overlay().start();
    auto p1 = world.dial(node);
    world.runUntil(1ms);
    auto p2 = world.dial(node);
    world.runUntil(2ms);
    expectCounts(node, {/*in*/ 2, 0, /*out*/ 0, 0});
    auto p3 = world.dial(node);
    world.runUntil(3ms);
    EXPECT_TRUE(p1->closed());
    EXPECT_TRUE(p1->received().empty());
    EXPECT_FALSE(p2->closed());
    EXPECT_FALSE(p3->closed());
    EXPECT_EQ(node.drops(), (DropLog{{2ms, DropCause::PendingInboundEvicted}}));
    EXPECT_EQ(node.dropEvents().back().reason, "evicted for a newer pending connection");
    expectCounts(node, {/*in*/ 2, 0, /*out*/ 0, 0});
    EXPECT_EQ(node.metrics().counterValue("overlay.drop.pending-inbound-evicted"), 1);

    // The preferred address may use 2 more pending slots; a third evicts p2.
    std::vector<std::unique_ptr<ScriptedPeer>> fromFriend;
    for (int i = 0; i < 3; ++i)
        fromFriend.push_back(world.dial(node, "127.0.10.1"));
    world.runUntil(4ms);
    EXPECT_FALSE(fromFriend[0]->closed());
    EXPECT_FALSE(fromFriend[1]->closed());
    EXPECT_FALSE(fromFriend[2]->closed());
    EXPECT_TRUE(p2->closed());
    expectCounts(node, {/*in*/ 4, 0, /*out*/ 0, 0});
    EXPECT_EQ(node.drops(),
              (DropLog{{2ms, DropCause::PendingInboundEvicted}, {3ms, DropCause::PendingInboundEvicted}}));
    EXPECT_EQ(node.metrics().counterValue("overlay.drop.pending-inbound-evicted"), 2);
    expectDropMetricsMatchTheDropLog(node);
}

// Spec 10.2: while no node is connected to us the outbound target is 3
// (OverlayManager::MIN_INBOUND_FACTOR); the first inbound peer lifts it to
// TARGET_PEER_CONNECTIONS at the next tick.
TEST(Accounting, G12_OutboundTargetIsThreeWhileThereAreNoInboundPeers)
{
    LoopbackWorld world;
    std::vector<std::string> known;
    for (int i = 0; i < 10; ++i)
        known.push_back(world.remote().address().toString());
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = known;
    auto& node = world.node(config);
    node.overlay().start();
    world.runUntil(9s);
    EXPECT_EQ(node.overlay().outboundAuthenticatedCount(), 3u);
    auto in = world.authenticatedPeer(node);
    answer(*in, pingAnswersOnly());
    world.runUntil(11s - 1ms);
    EXPECT_EQ(node.overlay().outboundAuthenticatedCount(), 3u);
    world.runUntil(11s);
    EXPECT_EQ(node.overlay().outboundAuthenticatedCount(), 8u);
}
