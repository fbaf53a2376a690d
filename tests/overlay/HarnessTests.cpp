// The virtual-time harness itself (tests/support/README.md): the example the
// README gives, and the rule that keeps failed dials out of timelines.

#include "support/LoopbackWorld.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

// The README's example, as it stands there.
TEST(LoopbackWorld, ReadmeExample)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto silent = world.dial(node);
    auto peer = world.authenticatedPeer(node);
    world.runUntil(5s);
    EXPECT_EQ(node.drops(), (DropLog{{5s, DropCause::IdleTimeout}}));
    EXPECT_EQ(silent->closedAt(), std::optional<ClockDuration>(5s));
    EXPECT_EQ(peer->arrivals(), (std::vector<Arrival>{{0s, HELLO},
                                                      {0s, AUTH},
                                                      {0s, SEND_MORE_EXTENDED},
                                                      {0s, GET_SCP_STATE},
                                                      {5s, GET_SCP_QUORUMSET}}));
}

// A dialer's HELLO address is an INBOUND row the tick would promote (E30) by
// dialling it, where nothing listens; the world keeps the node from dialling
// it, and leaves the row's type and failures as the node wrote them.
TEST(LoopbackWorld, ADialerIsNeverDialledBack)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto peer = world.authenticatedPeer(node);
    answer(*peer, pingAnswersOnly());
    world.runUntil(600s);
    EXPECT_EQ(node.drops(), DropLog{});
    EXPECT_EQ(node.metrics().counterValue("overlay.outbound.attempt"), 0);
    auto address = node.overlay().inboundAuthenticatedPeers().at(0)->address();
    ASSERT_TRUE(row(node, address));
    EXPECT_EQ(row(node, address)->type, PeerType::INBOUND);
    EXPECT_EQ(row(node, address)->numFailures, 0u);
}
