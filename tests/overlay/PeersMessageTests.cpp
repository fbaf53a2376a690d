// PEERS (spec 7.2, E09, E33): only the responder sends it, once, right after
// its AUTH, with at most 50 addresses of at most 10 failures (each sent with
// numFailures 0, as core writes it), OUTBOUND and PREFERRED rows first, never a private address nor the recipient's own;
// received addresses are filtered (bad port, IPv6, private, our own address
// as the sender sees it, localhost unless ALLOW_LOCALHOST_FOR_TESTING) and
// stored as fresh INBOUND rows; a second PEERS ends the connection.

#include "overlay/BanManager.h"
#include "support/LoopbackWorld.h"
#include "overlay/PeerManager.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

void
storeRow(TestNode& node, std::string const& address, uint32_t failures, PeerType type)
{
    auto now = std::chrono::time_point_cast<SystemTimePoint::duration>(node.overlay().clock().systemNow());
    node.overlay().peerManager().store(addr(address),
                                       PeerRecord{.nextAttempt = now, .numFailures = failures, .type = type});
}

PeerAddress
peerAddress(std::array<uint8_t, 4> ip, uint32_t port, uint32_t numFailures = 0)
{
    PeerAddress a;
    a.ip.type(IPv4);
    a.ip.ipv4() = ip;
    a.port = port;
    a.numFailures = numFailures;
    return a;
}

std::string
text(PeerAddress const& a)
{
    auto const& ip = a.ip.ipv4();
    return fmt::format("{}.{}.{}.{}:{}", ip[0], ip[1], ip[2], ip[3], a.port);
}

}

TEST(PeersMessage, ResponderSendsAtMostFiftyGoodPublicAddressesRightAfterAuth)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    for (int i = 1; i <= 60; ++i)
        storeRow(node, fmt::format("1.2.3.{}:11625", i), i % 11, PeerType::OUTBOUND);
    for (int i = 1; i <= 5; ++i)
        storeRow(node, fmt::format("1.2.4.{}:11625", i), 11, PeerType::OUTBOUND);
    for (int i = 1; i <= 20; ++i)
        storeRow(node, fmt::format("1.2.5.{}:11625", i), 0, PeerType::INBOUND);
    storeRow(node, "10.0.0.1:11625", 0, PeerType::OUTBOUND);
    storeRow(node, "172.16.0.1:11625", 0, PeerType::OUTBOUND);
    storeRow(node, "192.168.1.1:11625", 0, PeerType::OUTBOUND);
    node.overlay().start();
    auto peer = world.authenticatedPeer(node);
    ASSERT_TRUE(peer->waitForType(GET_SCP_STATE));
    EXPECT_EQ(peer->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, PEERS, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    auto peers = peer->firstOf(PEERS)->peers();
    ASSERT_EQ(peers.size(), 50u);
    std::set<std::string> seen;
    for (auto const& a : peers)
    {
        auto t = text(a);
        EXPECT_TRUE(t.starts_with("1.2.3.")) << t; // OUTBOUND rows first, none failing more than 10 times
        EXPECT_EQ(a.numFailures, 0u); // core writes 0 whatever the row holds (PeerManager's toXdr)
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 50u);
}

// The recipient's own address is never sent back to it, and an empty list is
// not sent at all (E09).
TEST(PeersMessage, RecipientIsNotToldAboutItselfAndAnEmptyListIsNotSent)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    node.overlay().start();
    auto peer = world.dial(node, "127.0.20.1");
    storeRow(node, "127.0.20.1:11625", 0, PeerType::OUTBOUND);
    ASSERT_TRUE(peer->handshake());
    ASSERT_TRUE(peer->waitForType(GET_SCP_STATE));
    EXPECT_EQ(peer->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, SEND_MORE_EXTENDED, GET_SCP_STATE}));
}

// The initiator never sends PEERS, whatever it knows.
TEST(PeersMessage, InitiatorSendsNoPeers)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    storeRow(node, "1.2.3.4:11625", 0, PeerType::OUTBOUND);
    auto& remote = world.remote();
    node.overlay().connectTo(remote.address());
    world.runUntil(1s);
    ASSERT_EQ(node.overlay().outboundAuthenticatedCount(), 1u);
    EXPECT_EQ(remote.last().receivedTypes(),
              (std::vector<MessageType>{HELLO, AUTH, SEND_MORE_EXTENDED, GET_SCP_STATE}));
}

// What a responder tells us is stored as new INBOUND rows with no failures
// (its failure counts are not taken), after core's receive-side filters. The
// "self" filter compares with the sender's IP and our PEER_PORT (E09).
TEST(PeersMessage, ReceivedAddressesAreFilteredAndStoredAsFreshInboundRows)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    auto& node = world.node(config);
    auto& remote = world.remote();
    auto remoteIp = remote.address().ipv4Bytes();
    PeerAddress v6;
    v6.ip.type(IPv6);
    v6.port = 11625;
    remote.answers.peersAfterAuth = std::vector<PeerAddress>{
        peerAddress({1, 2, 3, 4}, 11625, 7),   // stored, its 7 failures ignored
        peerAddress({5, 6, 7, 8}, 0),          // bad port
        peerAddress({5, 6, 7, 8}, 70000),      // bad port
        v6,                                    // IPv6
        peerAddress({10, 1, 1, 1}, 11625),     // private
        peerAddress({192, 168, 0, 1}, 11625),  // private
        peerAddress(remoteIp, WORLD_PEER_PORT), // "self": the sender's IP with our port
        peerAddress(remoteIp, 4000),            // the sender's IP with another port: kept
        peerAddress({127, 0, 30, 1}, 11625),    // localhost: kept (ALLOW_LOCALHOST_FOR_TESTING)
    };
    node.overlay().connectTo(remote.address());
    world.runUntil(1s);
    ASSERT_EQ(node.overlay().outboundAuthenticatedCount(), 1u);
    std::set<std::string> rows;
    for (auto const& [a, r] : node.overlay().peerManager().loadAll())
    {
        rows.insert(a.toString());
        if (a != remote.address())
        {
            EXPECT_EQ(r.type, PeerType::INBOUND) << a.toString();
            EXPECT_EQ(r.numFailures, 0u) << a.toString();
        }
    }
    auto remoteIpText = remote.address().ip();
    EXPECT_EQ(rows, (std::set<std::string>{"1.2.3.4:11625", remoteIpText + ":4000", "127.0.30.1:11625",
                                            remote.address().toString()}));
}

TEST(PeersMessage, LocalhostAddressesAreDroppedUnlessAllowedForTesting)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.ALLOW_LOCALHOST_FOR_TESTING = false;
    auto& node = world.node(config);
    auto& remote = world.remote();
    remote.answers.peersAfterAuth =
        std::vector<PeerAddress>{peerAddress({127, 0, 30, 1}, 11625), peerAddress({1, 2, 3, 4}, 11625)};
    node.overlay().connectTo(remote.address());
    world.runUntil(1s);
    EXPECT_FALSE(row(node, addr("127.0.30.1:11625")));
    EXPECT_TRUE(row(node, addr("1.2.3.4:11625")));
}

// At most one PEERS per connection: the second is a protocol failure.
TEST(PeersMessage, SecondPeersMessageEndsTheConnection)
{
    LoopbackWorld world;
    auto& node = world.node(testOverlayConfig());
    auto& remote = world.remote();
    remote.answers.peersAfterAuth = std::vector<PeerAddress>{peerAddress({1, 2, 3, 4}, 11625)};
    node.overlay().connectTo(remote.address());
    world.runUntil(1s);
    StellarMessage again;
    again.type(PEERS);
    again.peers().push_back(peerAddress({1, 2, 3, 5}, 11625));
    remote.last().send(again);
    world.runUntil(2s);
    EXPECT_EQ(node.drops(), (DropLog{{1s, DropCause::TooManyPeersMessages}}));
    EXPECT_EQ(node.dropEvents().back().reason, "too many msgs PEERS");
    EXPECT_FALSE(row(node, addr("1.2.3.5:11625")));
    EXPECT_EQ(node.overlay().banManager().failureCount(remote.strKey()), 1u);
}
