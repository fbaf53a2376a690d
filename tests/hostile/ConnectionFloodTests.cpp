// Connection floods against a real node: thousands of TCP connections that
// never say HELLO. Pending slots (MAX_PENDING_CONNECTIONS) fill; each silent
// connection is closed by the authentication timeout (PEER_AUTHENTICATION_TIMEOUT,
// checked on the 5 s peer timer); an honest newcomer still gets in while they
// are open, because a new connection evicts the oldest silent pending one
// (stellar-core refuses newcomers until the timeout frees a slot).

#include "hostile/HostileNode.h"
#include "hostile/SilentCrowd.h"

#include <fmt/format.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{
// A silent connection costs the node its Peer and socket state, no read
// buffer: 2,000 of them stay well inside this (the node starts near 17 MB).
constexpr std::size_t CONNECTION_FLOOD_BOUND_KIB = 64 * 1024;
}

TEST_F(HostileNode, TwoThousandSilentConnectionsLeaveRoomForHonestPeers)
{
    startNode();
    SilentCrowd crowd(clock_, node_->peerPort(), 2000, /*reconnect=*/false);
    crowd.start();
    ASSERT_TRUE(clock_.crankUntil([&] { return crowd.connects() + crowd.failedDials() == 2000; }, 30s))
        << crowd.connects() << " connected";

    expectHealthy("while 2,000 silent connections are open", CONNECTION_FLOOD_BOUND_KIB);
    EXPECT_TRUE(newcomerGetsIn(5s)) << "an honest newcomer was kept out by silent connections";
    EXPECT_LE(node_->counter("overlay.inbound.pending"), 500);

    // The authentication timeout (2 s, checked every 5 s) closes each of
    // them. (The crowd cannot tell: connections the kernel never handed to
    // the node, past its accept queue, look open to the dialler for good.)
    EXPECT_TRUE(eventually([&] { return node_->counter("overlay.inbound.pending") == 0; }, 15s))
        << node_->counter("overlay.inbound.pending") << " still pending";
    expectHealthy("after the silent connections were closed", CONNECTION_FLOOD_BOUND_KIB);
    printFigures(fmt::format("2,000 silent connections ({} connected)", crowd.connects()));
}

TEST_F(HostileNode, SilentConnectionsReconnectingAsFastAsClosedLeaveRoomForHonestPeers)
{
    startNode();
    SilentCrowd crowd(clock_, node_->peerPort(), 2000, /*reconnect=*/true);
    crowd.start();
    auto until = clock_.now() + 20s;
    int rounds = 0, maxDials = 0;
    while (clock_.now() < until)
    {
        EXPECT_TRUE(honestPeersExchange()) << "round " << rounds;
        // At this churn (thousands of connects a second) the pending
        // slots turn over within tens of milliseconds: a newcomer whose HELLO
        // is slower than that is evicted in turn, and dials again as a
        // stellar-core peer would. It gets in within three dials.
        int dials = 0;
        bool in = false;
        while (!in && dials < 3)
        {
            ++dials;
            in = newcomerGetsIn(5s);
        }
        EXPECT_TRUE(in) << "round " << rounds << ": an honest newcomer failed three dials";
        maxDials = std::max(maxDials, dials);
        EXPECT_TRUE(adminAnswers()) << "round " << rounds;
        EXPECT_TRUE(residentUnder(CONNECTION_FLOOD_BOUND_KIB)) << "round " << rounds;
        ++rounds;
    }
    EXPECT_GT(crowd.closedByNode(), 2000u) << "the crowd was not churning";
    crowd.stop();
    expectHealthy("after the crowd left", CONNECTION_FLOOD_BOUND_KIB);
    printFigures(fmt::format("2,000 silent connections coming back as fast as closed ({} connects in 20 s, "
                             "{} closed by the node, {} given up by the crowd; a newcomer needed at most {} dials)",
                             crowd.connects(), crowd.closedByNode(), crowd.gaveUp(), maxDials));
}
