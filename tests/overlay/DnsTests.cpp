// DNS re-resolution of KNOWN_PEERS and PREFERRED_PEERS (G7, E26) with the
// injected ScriptedResolver: the first lookup starts with the first tick at
// 2 s; each answer is taken in by the next tick, which sets the next lookup
// 600 s later, or retryCount * 10 s later after a failed name while backing
// off. Resolved addresses are stored like config peers (G5) and resolved
// preferred addresses are what isPreferred and the extra pending slots look at.

#include "support/LoopbackWorld.h"
#include "overlay/PeerManager.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

std::vector<ClockDuration>
seconds(std::initializer_list<int> values)
{
    std::vector<ClockDuration> out;
    for (int v : values)
        out.push_back(std::chrono::seconds(v));
    return out;
}

// The gap between a lookup and the one after it, in whole seconds.
std::vector<long> gaps(std::vector<ClockDuration> const& times)
{
    std::vector<long> out;
    for (std::size_t i = 1; i < times.size(); ++i)
        out.push_back(std::chrono::duration_cast<std::chrono::seconds>(times[i] - times[i - 1]).count());
    return out;
}

}

// The answer of the 2 s lookup is taken in by the 5 s tick, so the next
// lookup is at 605 s; its answer, posted at 605 s, is taken in by the 608 s
// tick (the 605 s tick fires before the posted answer runs), so 1208 s.
TEST(Dns, G7_NameIsLookedUpAgainSixHundredSecondsAfterItsAnswer)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = {"seed.example.org:11625"};
    auto& node = world.node(config);
    node.resolver().names["seed.example.org"] = "127.0.7.1";
    node.overlay().start();
    world.runUntil(2s - 1ms);
    EXPECT_EQ(node.resolver().rounds, 0);
    world.runUntil(604s);
    EXPECT_EQ(node.resolver().roundTimes, seconds({2}));
    world.runUntil(605s);
    EXPECT_EQ(node.resolver().roundTimes, seconds({2, 605}));
    world.runUntil(1300s);
    EXPECT_EQ(node.resolver().roundTimes, seconds({2, 605, 1208}));
}

// G5 for names: the first answer is stored like a config peer at startup
// (HARD_RESET, OUTBOUND), and the tick that takes it in dials it.
TEST(Dns, G5_G7_ResolvedKnownPeerIsStoredAndDialled)
{
    LoopbackWorld world;
    auto& seed = world.remote();
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = {"seed.example.org"};
    auto& node = world.node(config);
    node.resolver().names["seed.example.org"] = seed.address().ip();
    node.overlay().peerManager().store(seed.address(),
                                       PeerRecord{.nextAttempt = std::chrono::time_point_cast<SystemTimePoint::duration>(
                                                      world.clock.systemNow() + 1h),
                                                  .numFailures = 9,
                                                  .type = PeerType::INBOUND});
    node.overlay().start();
    world.runUntil(4s);
    EXPECT_TRUE(seed.connections.empty());
    world.runUntil(5s);
    ASSERT_EQ(seed.connections.size(), 1u);
    EXPECT_EQ(node.overlay().outboundAuthenticatedCount(), 1u);
    auto r = row(node, seed.address());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->type, PeerType::OUTBOUND);
    EXPECT_EQ(r->numFailures, 0u); // HARD_RESET, dialled, reset by the AUTH
}

// E26: while a name fails, lookups come retryCount * 10 s after each answer
// is taken in (10 s, 20 s, 30 s, ...); once the delay would pass 600 s the
// backoff ends for good and lookups come every 600 s.
TEST(Dns, G7_FailingNameIsRetriedEveryTenSecondsTimesTheRetryCountUpTo600)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = {"gone.example.org"};
    auto& node = world.node(config);
    node.overlay().start();
    world.runUntil(10h);
    auto const& times = node.resolver().roundTimes;
    // Lookup at 2 s, answer taken in at 5 s, retry 10 s later at 15 s; answer
    // taken in at 17 s, retry at 37 s; at 38 s, retry at 68 s; ...
    ASSERT_GE(times.size(), 4u);
    EXPECT_EQ(std::vector<ClockDuration>(times.begin(), times.begin() + 4), seconds({2, 15, 37, 68}));
    auto g = gaps(times);
    // Retry k (k = 1..60) waits 10k s after its answer is taken in, which is
    // at most one 3 s tick after the lookup.
    ASSERT_GE(g.size(), 62u);
    for (long k = 1; k <= 60; ++k)
    {
        EXPECT_GT(g[k - 1], 10 * k) << "retry " << k;
        EXPECT_LE(g[k - 1], 10 * k + 3) << "retry " << k;
    }
    // 610 s > 600 s: no more backoff, every 600 s from then on.
    for (std::size_t i = 60; i < g.size(); ++i)
    {
        EXPECT_GT(g[i], 600) << "lookup " << i + 1;
        EXPECT_LE(g[i], 603) << "lookup " << i + 1;
    }
}

// E26: the first lookup without errors turns the backoff off for good: a name
// that fails later is only looked up again after 600 s.
TEST(Dns, G7_AfterOneCleanRoundFailuresWaitTheFullPeriod)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.KNOWN_PEERS = {"flaky.example.org"};
    auto& node = world.node(config);
    node.resolver().names["flaky.example.org"] = "127.0.7.2";
    node.overlay().start();
    world.runUntil(3s);
    node.resolver().names.clear(); // from now on the name fails
    world.runUntil(2000s);
    EXPECT_EQ(node.resolver().roundTimes, seconds({2, 605, 1208, 1811}));
    EXPECT_EQ(node.metrics().counterValue("overlay.dns.resolve"), 4);
}

// G5/G7: a preferred peer given by name is preferred at the address the name
// resolves to: once the answer is in, a node connecting from that address
// evicts a non-preferred peer from the only inbound slot.
TEST(Dns, G5_G7_ResolvedPreferredAddressIsPreferred)
{
    LoopbackWorld world;
    auto config = testOverlayConfig();
    config.PREFERRED_PEERS = {"friend.example.org"};
    config.MAX_ADDITIONAL_PEER_CONNECTIONS = 1;
    auto& node = world.node(config);
    node.resolver().names["friend.example.org"] = "127.0.8.1";
    node.overlay().start();
    world.runUntil(5s); // the answer is taken in
    auto stranger = world.authenticatedPeer(node);
    auto friendPeer = world.dial(node, "127.0.8.1");
    ASSERT_TRUE(friendPeer->handshake());
    world.runUntil(6s);
    ASSERT_TRUE(stranger->firstError());
    EXPECT_EQ(stranger->firstError()->code, ERR_LOAD);
    EXPECT_EQ(errorTextOf(*stranger), "preferred peer selected instead");
    EXPECT_FALSE(friendPeer->closed());
    EXPECT_EQ(node.overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(row(node, addr("127.0.8.1:11625"))->type, PeerType::PREFERRED);
}
