// The overlay tick (G1) and the steps that run with its first call:
// the config peers stored (G5), dead peers purged (G6); the order of the tick's dialling
// (preferred, outbound with a slot kept for promotion, promotion of inbound
// rows, G13) and its batch limit; promotion retyping a row (E30). Virtual time
// over the loopback; dials to addresses where nothing listens fail at once,
// and the `peers` table shows which addresses were dialled (every dial
// increases numfailures first, E29).

#include "support/LoopbackWorld.h"
#include "overlay/PeerManager.h"
#include "store/TestDatabases.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

PeerRecord
record(TestNode& node, uint32_t numFailures, PeerType type, ClockDuration untilNextAttempt = 0s)
{
    auto when = std::chrono::time_point_cast<SystemTimePoint::duration>(node.overlay().clock().systemNow() +
                                                                        untilNextAttempt);
    return PeerRecord{.nextAttempt = when, .numFailures = numFailures, .type = type};
}

int64_t
ticks(TestNode& node)
{
    return node.metrics().counterValue("overlay.tick");
}

// How many of `addresses` have been dialled exactly once.
int
dialledOnce(TestNode& node, std::vector<PeerBareAddress> const& addresses)
{
    int n = 0;
    for (auto const& a : addresses)
        if (auto r = row(node, a); r && r->numFailures == 1)
            ++n;
    return n;
}

std::vector<PeerBareAddress>
addresses(std::string const& prefix, int count)
{
    std::vector<PeerBareAddress> out;
    for (int i = 1; i <= count; ++i)
        out.push_back(addr(fmt::format("{}{}:{}", prefix, i, WORLD_PEER_PORT)));
    return out;
}

}

// core: OverlayManagerImpl::start arms the first tick at 2 s; each tick
// re-arms itself PEER_AUTHENTICATION_TIMEOUT + 1 s later.
TEST(Tick, G1_FirstTickAtTwoSecondsThenEveryThree)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    node.overlay().start();
    world.runUntil(2s - 1ms);
    EXPECT_EQ(ticks(node), 0);
    world.runUntil(2s);
    EXPECT_EQ(ticks(node), 1);
    world.runUntil(5s - 1ms);
    EXPECT_EQ(ticks(node), 1);
    world.runUntil(5s);
    EXPECT_EQ(ticks(node), 2);
    world.runUntil(62s);
    EXPECT_EQ(ticks(node), 21); // 2, 5, ..., 62
}

TEST(Tick, G1_PeriodFollowsPeerAuthenticationTimeout)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.PEER_AUTHENTICATION_TIMEOUT = 4s;
    auto& node = world.node(config);
    node.overlay().start();
    world.runUntil(2s);
    EXPECT_EQ(ticks(node), 1);
    world.runUntil(7s - 1ms);
    EXPECT_EQ(ticks(node), 1);
    world.runUntil(7s);
    EXPECT_EQ(ticks(node), 2);
}

TEST(Tick, G1_ShutdownStopsTheTick)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    node.overlay().start();
    world.runUntil(5s);
    node.overlay().shutdown();
    world.runUntil(60s);
    EXPECT_EQ(ticks(node), 2);
}

// G5: KNOWN_PEERS become OUTBOUND rows and PREFERRED_PEERS PREFERRED rows
// with HARD_RESET (no failures, dialable now) at the first tick, whatever the
// table said before; the tick then dials them at once.
TEST(Tick, G5_ConfigPeersAreStoredWithHardResetAtTheFirstTick)
{
    LoopbackWorld world;
    auto known = addr("127.0.1.1:11625");
    auto preferred = addr("127.0.1.2:11625");
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = {known.toString()};
    config.PREFERRED_PEERS = {preferred.toString()};
    auto& node = world.node(config);
    auto& peers = node.overlay().peerManager();
    peers.store(known, record(node, 7, PeerType::INBOUND, 1h));
    peers.store(preferred, record(node, 3, PeerType::OUTBOUND, 1h));

    node.overlay().start();
    world.runUntil(2s - 1ms);
    EXPECT_EQ(row(node, known)->numFailures, 7u);
    world.runUntil(2s);
    // HARD_RESET to 0, then the dial's INCREASE: 1.
    EXPECT_EQ(row(node, known)->type, PeerType::OUTBOUND);
    EXPECT_EQ(row(node, known)->numFailures, 1u);
    EXPECT_EQ(row(node, preferred)->type, PeerType::PREFERRED);
    EXPECT_EQ(row(node, preferred)->numFailures, 1u);
    EXPECT_EQ(node.metrics().counterValue("overlay.outbound.attempt"), 2);
}

// G5, ours: literal addresses are stored at 2 s and are not reset again when
// the first DNS round (which also returns them) is taken in at 5 s. A known
// peer that accepts and stays silent holds its pending slot until 7 s.
TEST(Tick, G5_LiteralConfigPeersAreNotResetAgainByTheFirstDnsRound)
{
    LoopbackWorld world;
    auto& silent = world.remote();
    silent.answers.handshake = false;
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = {silent.address().toString()};
    auto& node = world.node(config);
    node.overlay().start();
    world.runUntil(2s);
    EXPECT_EQ(row(node, silent.address())->numFailures, 1u);
    world.runUntil(6s);
    EXPECT_EQ(node.resolver().rounds, 1);
    EXPECT_EQ(row(node, silent.address())->numFailures, 1u); // not HARD_RESET to 0 at 5 s
    EXPECT_EQ(silent.connections.size(), 1u);
    world.runUntil(7s);
    EXPECT_EQ(node.drops(), (DropLog{{7s, DropCause::IdleTimeout}}));
}

// G6: rows with REALLY_DEAD_NUM_FAILURES_CUTOFF (120) failures or more are
// deleted at the first tick; 119 stays.
TEST(Tick, G6_PeersWith120FailuresArePurgedAtTheFirstTick)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    auto& peers = node.overlay().peerManager();
    peers.store(addr("8.8.8.1:11625"), record(node, 120, PeerType::OUTBOUND, 1h));
    peers.store(addr("8.8.8.2:11625"), record(node, 500, PeerType::INBOUND, 1h));
    peers.store(addr("8.8.8.3:11625"), record(node, 119, PeerType::OUTBOUND, 1h));
    node.overlay().start();
    world.runUntil(2s - 1ms);
    EXPECT_TRUE(row(node, addr("8.8.8.1:11625")));
    world.runUntil(2s);
    EXPECT_FALSE(row(node, addr("8.8.8.1:11625")));
    EXPECT_FALSE(row(node, addr("8.8.8.2:11625")));
    ASSERT_TRUE(row(node, addr("8.8.8.3:11625")));
    EXPECT_EQ(row(node, addr("8.8.8.3:11625"))->numFailures, 119u);
}

// G6 across a restart, on each database backend: the node that wrote the
// rows stops; a node started on the same database purges them at 2 s.
class Restart : public BackendTest
{
};

TEST_P(Restart, G6_PeerWith120FailuresIsGoneAfterRestart)
{
    LoopbackWorld world;
    auto dead = addr("8.8.4.4:11625");
    auto alive = addr("8.8.4.5:11625");
    {
        auto& first = world.node(testOverlayConfig(), "127.0.0.1", testDb().url());
        first.overlay().start();
        world.runUntil(3s);
        first.overlay().peerManager().store(dead, record(first, 120, PeerType::OUTBOUND, 1h));
        first.overlay().peerManager().store(alive, record(first, 3, PeerType::OUTBOUND, 1h));
        first.overlay().shutdown();
        world.remove(first);
    }
    auto& second = world.node(testOverlayConfig(), "127.0.0.1", testDb().url());
    EXPECT_TRUE(row(second, dead));
    second.overlay().start();
    world.runUntil(5s);
    EXPECT_FALSE(row(second, dead));
    EXPECT_TRUE(row(second, alive));
}
INSTANTIATE_BACKENDS(Restart);

// E21: every removed peer also purges dead rows with its IP, on any port.
TEST(Tick, G6_RemovingAPeerPurgesDeadRowsOfItsIp)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    node.overlay().start();
    auto ip = std::string("127.0.2.1");
    node.overlay().peerManager().store(addr(ip + ":9999"), record(node, 130, PeerType::OUTBOUND));
    node.overlay().peerManager().store(addr("127.0.2.2:9999"), record(node, 130, PeerType::OUTBOUND));
    auto peer = world.dial(node, ip);
    world.runUntil(1s);
    peer->close();
    world.runUntil(2s - 1ms); // before the first tick's purge of every dead row
    EXPECT_EQ(node.drops(), (DropLog{{1s, DropCause::ReadError}}));
    EXPECT_FALSE(row(node, addr(ip + ":9999")));
    EXPECT_TRUE(row(node, addr("127.0.2.2:9999")));
}

// G1 order and G13: preferred rows first (a slot is a free one or one a
// non-preferred peer holds), then OUTBOUND rows leaving one pending slot for
// promotion, then INBOUND rows (promotion). With 4 outbound pending slots
// (MAX_PENDING_CONNECTIONS 36 -> ceil(36 * 8 / 72)) and 3 authenticated
// slots (no inbound peer yet): 2 preferred, 1 outbound, 1 promotion.
TEST(Tick, G1_G13_DialsPreferredThenOutboundThenPromotesInbound)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.MAX_PENDING_CONNECTIONS = 36;
    ASSERT_EQ(config.maxOutboundPendingConnections(), 4u);
    auto& node = world.node(config);
    auto preferred = addresses("127.0.3.", 2);
    auto outbound = addresses("127.0.4.", 10);
    auto inbound = addresses("127.0.5.", 10);
    auto& peers = node.overlay().peerManager();
    for (auto const& a : preferred)
        peers.store(a, record(node, 0, PeerType::PREFERRED));
    for (auto const& a : outbound)
        peers.store(a, record(node, 0, PeerType::OUTBOUND));
    for (auto const& a : inbound)
        peers.store(a, record(node, 0, PeerType::INBOUND));

    node.overlay().start();
    world.runUntil(2s);
    EXPECT_EQ(dialledOnce(node, preferred), 2);
    EXPECT_EQ(dialledOnce(node, outbound), 1);
    EXPECT_EQ(dialledOnce(node, inbound), 1);
    EXPECT_EQ(node.metrics().counterValue("overlay.outbound.attempt"), 4);
}

// At most MAX_PEERS_TO_CONNECT_PER_TICK (50) candidates per query, even with
// 56 pending slots free (core: getPeersToConnectTo).
TEST(Tick, G1_AtMostFiftyCandidatesPerQuery)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    ASSERT_EQ(node.overlay().config().maxOutboundPendingConnections(), 56u);
    auto inbound = addresses("127.0.6.", 100);
    for (auto const& a : inbound)
        node.overlay().peerManager().store(a, record(node, 0, PeerType::INBOUND));
    node.overlay().start();
    world.runUntil(2s);
    EXPECT_EQ(dialledOnce(node, inbound), 50);
    EXPECT_EQ(node.metrics().counterValue("overlay.outbound.attempt"), 50);
}

// E30: promotion dials an INBOUND row even while that node is connected to
// us; the new connection is a duplicate and both ends drop it, but the HELLO
// exchange has already retyped the row OUTBOUND, which is what promotion
// really does.
TEST(Tick, G13_PromotionRetypesAConnectedInboundPeerOutbound)
{
    LoopbackWorld world;
    auto& a = world.node(testOverlayConfig());
    auto configB = testOverlayConfig();
    configB.KNOWN_PEERS = {a.address().toString()};
    auto& b = world.node(configB);
    a.overlay().start();
    b.overlay().start();
    world.runUntil(2s);
    ASSERT_EQ(a.overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(row(a, b.address())->type, PeerType::INBOUND);
    world.runUntil(5s);
    EXPECT_EQ(row(a, b.address())->type, PeerType::OUTBOUND);
    EXPECT_EQ(a.drops(), (DropLog{{5s, DropCause::AlreadyConnected}}));
    EXPECT_EQ(b.drops(), (DropLog{{5s, DropCause::AlreadyConnected}}));
    EXPECT_EQ(a.overlay().inboundAuthenticatedCount(), 1u); // the first connection stays
    EXPECT_EQ(b.overlay().outboundAuthenticatedCount(), 1u);
}
