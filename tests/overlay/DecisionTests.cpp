// The overlay manager's decisions as values, without a node: who gets a slot
// (Admission), when a quiet or stuck connection goes (PeerTimeouts), when
// the out-of-sync rotation drops whom (OutOfSyncRotation), when DNS names are
// looked up again (ConfigPeers), and the flow-control numbers a peer starts
// from (FlowControlConfig). The timelines that use them run in the lifecycle
// tests (test_lifecycle).

#include "crypto/SecretKey.h"
#include "overlay/Admission.h"
#include "overlay/ConfigPeers.h"
#include "overlay/FlowControlConfig.h"
#include "overlay/OutOfSyncRotation.h"
#include "overlay/PeerTimeouts.h"
#include "simulation/Traffic.h"

#include <gtest/gtest.h>

#include <map>

using namespace stellar;
using simulation::fakeNodeID;
using namespace std::chrono_literals;

namespace
{

ClockTime const T0 = ClockTime{} + 1000s;

// A peer that read, wrote and had its last write queued at `t`.
PeerActivity
activeAt(ClockTime t, bool authenticated = true)
{
    PeerActivity a;
    a.authenticated = authenticated;
    a.lastRead = a.lastWrite = a.enqueueTimeOfLastWrite = t;
    return a;
}

}

// --- Admission (spec 10.2, 10.4, E25, G11)

TEST(Admission, E25_InboundConnectionsTakePendingSlotsAndTwoMoreForPossiblyPreferredAddresses)
{
    auto at = [](int ms) { return ClockTime{} + std::chrono::milliseconds(ms); };
    std::vector<PendingConnection> one{{at(1), false}};
    std::vector<PendingConnection> two{{at(1), false}, {at(2), false}};
    std::vector<PendingConnection> three{{at(1), false}, {at(2), false}, {at(3), false}};
    std::vector<PendingConnection> four{{at(1), false}, {at(2), false}, {at(3), false}, {at(4), false}};
    EXPECT_EQ(admitInbound(one, 2, false), Admission{Accept{}});
    EXPECT_EQ(admitInbound(two, 2, true), Admission{Accept{}});
    EXPECT_EQ(admitInbound(three, 2, true), Admission{Accept{}});
    // Full: the newcomer takes the slot of the one that waited longest.
    EXPECT_EQ(admitInbound(two, 2, false), Admission{AcceptEvictingPending{0}});
    EXPECT_EQ(admitInbound(four, 2, true), Admission{AcceptEvictingPending{0}});
}

// Beyond stellar-core: a full house evicts the connection that has waited
// longest without saying HELLO; when every one has said HELLO, the one that
// has waited longest.
TEST(Admission, ANewcomerEvictsTheOldestSilentPendingConnectionFirst)
{
    auto at = [](int ms) { return ClockTime{} + std::chrono::milliseconds(ms); };
    std::vector<PendingConnection> mixed{{at(1), true}, {at(3), false}, {at(2), true}, {at(4), false}};
    EXPECT_EQ(admitInbound(mixed, 4, false), Admission{AcceptEvictingPending{1}});
    std::vector<PendingConnection> spoken{{at(3), true}, {at(1), true}, {at(2), true}};
    EXPECT_EQ(admitInbound(spoken, 3, false), Admission{AcceptEvictingPending{1}});
    EXPECT_EQ(admitInbound({}, 0, false), Admission{Refuse{DropCause::PendingInboundFull}});
}

TEST(Admission, G11_AFreeSlotIsTakenAndAFullHouseRefusesWithPeerRejected)
{
    std::vector<SlotHolder> one{{fakeNodeID(1), false}};
    EXPECT_EQ(admitAuthenticated(false, one, 2, false), Admission{Accept{}});
    EXPECT_EQ(admitAuthenticated(false, one, 1, false), Admission{Refuse{DropCause::PeerRejected}});
    // PREFERRED_PEERS_ONLY: free slots or not, only preferred peers get one.
    EXPECT_EQ(admitAuthenticated(false, one, 2, true), Admission{Refuse{DropCause::PeerRejected}});
    EXPECT_EQ(admitAuthenticated(true, one, 2, true), Admission{Accept{}});
}

TEST(Admission, G11_APreferredPeerEvictsTheFirstNonPreferredHolder)
{
    std::vector<SlotHolder> full{{fakeNodeID(1), true}, {fakeNodeID(2), false}, {fakeNodeID(3), false}};
    EXPECT_EQ(admitAuthenticated(true, full, 3, false), Admission{AcceptEvicting{fakeNodeID(2)}});
    std::vector<SlotHolder> allPreferred{{fakeNodeID(1), true}, {fakeNodeID(2), true}};
    EXPECT_EQ(admitAuthenticated(true, allPreferred, 2, false), Admission{Refuse{DropCause::PeerRejected}});
    EXPECT_EQ(admitAuthenticated(false, full, 3, false), Admission{Refuse{DropCause::PeerRejected}});
}

// --- PeerTimeouts (spec 4.6, G2, E05, E23)

TEST(TimeoutCause, G2_IdleMeansNeitherReadNorWrittenForTheTimeoutOfTheState)
{
    OverlayConfig config; // 2 s before AUTH, 30 s after
    auto a = activeAt(T0, /*authenticated=*/false);
    EXPECT_EQ(timeoutCause(a, T0 + 2s - 1ms, config), std::nullopt);
    EXPECT_EQ(timeoutCause(a, T0 + 2s, config), DropCause::IdleTimeout);
    a.lastRead = T0 + 1s; // a read resets it
    EXPECT_EQ(timeoutCause(a, T0 + 2s, config), std::nullopt);
    a.authenticated = true;
    EXPECT_EQ(timeoutCause(a, T0 + 31s - 1ms, config), std::nullopt);
    EXPECT_EQ(timeoutCause(a, T0 + 31s, config), DropCause::IdleTimeout);
    config.PEER_AUTHENTICATION_TIMEOUT = 7s;
    a.authenticated = false;
    EXPECT_EQ(timeoutCause(a, T0 + 8s - 1ms, config), std::nullopt);
    EXPECT_EQ(timeoutCause(a, T0 + 8s, config), DropCause::IdleTimeout);
}

TEST(TimeoutCause, E05_NoOutboundCapacityForSixtySecondsComesBetweenIdleAndStraggling)
{
    OverlayConfig config;
    auto const now = T0 + 200s;
    auto a = activeAt(now);
    a.noOutboundCapacitySince = now - 60s + 1ms;
    EXPECT_EQ(timeoutCause(a, now, config), std::nullopt);
    a.noOutboundCapacitySince = now - 60s;
    EXPECT_EQ(timeoutCause(a, now, config), DropCause::NoOutboundCapacityTimeout);
    a.enqueueTimeOfLastWrite = now - 120s; // straggling too: the capacity rule comes first
    EXPECT_EQ(timeoutCause(a, now, config), DropCause::NoOutboundCapacityTimeout);
    a.noOutboundCapacitySince.reset();
    EXPECT_EQ(timeoutCause(a, now, config), DropCause::Straggling);
    a.lastRead = a.lastWrite = now - 30s; // and idle: idle comes first
    EXPECT_EQ(timeoutCause(a, now, config), DropCause::IdleTimeout);
}

TEST(TimeoutCause, E23_StragglingFollowsTheEnqueueTimeOfTheLastWrite)
{
    OverlayConfig config;
    auto const now = T0 + 500s;
    auto a = activeAt(now);
    a.enqueueTimeOfLastWrite = now - 120s + 1ms;
    EXPECT_EQ(timeoutCause(a, now, config), std::nullopt);
    a.enqueueTimeOfLastWrite = now - 120s;
    EXPECT_EQ(timeoutCause(a, now, config), DropCause::Straggling);
}

// --- OutOfSyncRotation (spec 10.7, G8, E27)

TEST(OutOfSyncRotation, E27_RotationComesAtTheFirstFullTickMoreThanSixtySecondsAfterTheLast)
{
    OutOfSyncRotation r;
    EXPECT_FALSE(r.onTick(/*synced=*/false, /*full=*/true, T0)); // noticed
    EXPECT_FALSE(r.onTick(false, true, T0 + 60s));               // not more than 60 s
    EXPECT_FALSE(r.onTick(false, false, T0 + 63s));              // not full
    EXPECT_TRUE(r.onTick(false, true, T0 + 66s));
    EXPECT_FALSE(r.onTick(false, true, T0 + 126s));
    EXPECT_TRUE(r.onTick(false, true, T0 + 127s));
    EXPECT_FALSE(r.onTick(true, true, T0 + 200s)); // in sync: the wait starts again
    EXPECT_FALSE(r.onTick(false, true, T0 + 203s));
    EXPECT_FALSE(r.onTick(false, true, T0 + 263s));
    EXPECT_TRUE(r.onTick(false, true, T0 + 264s));
}

TEST(OutOfSyncRotation, G8_TheVictimIsAUniformlyRandomNonPreferredPeer)
{
    std::vector<SlotHolder> peers{{fakeNodeID(1), true}, {fakeNodeID(2), false}, {fakeNodeID(3), false}, {fakeNodeID(4), true}};
    std::mt19937_64 random{7};
    std::map<uint8_t, int> picked;
    for (int i = 0; i < 1000; ++i)
        ++picked[pickOutboundPeerToDrop(peers, random)->ed25519()[0]];
    EXPECT_EQ(picked.size(), 2u);
    EXPECT_GT(picked[2], 400);
    EXPECT_GT(picked[3], 400);
    std::vector<SlotHolder> preferredOnly{{fakeNodeID(1), true}};
    EXPECT_EQ(pickOutboundPeerToDrop(preferredOnly, random), std::nullopt);
}

// --- ConfigPeers: DNS backoff (G7, E26)

TEST(DnsBackoff, E26_RetriesWaitTenSecondsTimesTheirNumberUntilThatPasses600)
{
    ResolveBackoff b;
    for (uint32_t k = 1; k <= 60; ++k)
    {
        auto next = nextPeerResolution(b, /*roundHadErrors=*/true);
        EXPECT_EQ(next.delay, std::chrono::seconds(10 * k));
        b = next.backoff;
    }
    auto last = nextPeerResolution(b, true); // 610 s > 600 s: backoff ends for good
    EXPECT_EQ(last.delay, 600s);
    EXPECT_FALSE(last.backoff.active);
    EXPECT_EQ(nextPeerResolution(last.backoff, true).delay, 600s);
}

TEST(DnsBackoff, E26_OneCleanRoundEndsTheBackoffForGood)
{
    auto clean = nextPeerResolution(ResolveBackoff{}, false);
    EXPECT_EQ(clean, (NextResolution{600s, ResolveBackoff{.active = false}}));
    EXPECT_EQ(nextPeerResolution(clean.backoff, true).delay, 600s);
}

TEST(ConfigPeers, G5_LiteralAddressesAreTakenAndNamesLeftForTheResolver)
{
    auto got = literalAddresses({"1.2.3.4", "5.6.7.8:999", "seed.example.org", "1.2.3.4.5"});
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].toString(), "1.2.3.4:11625");
    EXPECT_EQ(got[1].toString(), "5.6.7.8:999");
}

// --- FlowControlConfig (spec 8.3)

TEST(FlowControlConfig, BytesAreDerivedFromTheLargestTransactionWhenBothSettingsAreZero)
{
    OverlayConfig c;
    EXPECT_EQ(flowControlBytesTotal(c, 102400), 300000u);
    EXPECT_EQ(flowControlBytesBatch(c), 100000u);
    EXPECT_EQ(flowControlBytesTotal(c, 200000), 300000u);
    EXPECT_EQ(flowControlBytesTotal(c, 200001), 300001u); // a batch plus one largest transaction
    c.PEER_FLOOD_READING_CAPACITY_BYTES = 500000;
    c.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 50000;
    EXPECT_EQ(flowControlBytesTotal(c, 200001), 500000u);
    EXPECT_EQ(flowControlBytesBatch(c), 50000u);
    auto s = flowControlSettings(c, 1000);
    EXPECT_EQ(s.peerFloodReadingCapacity, 200u);
    EXPECT_EQ(s.peerReadingCapacity, 201u);
    EXPECT_EQ(s.sendMoreBatchSize, 40u);
    EXPECT_EQ(s.floodReadingCapacityBytes, 500000u);
    EXPECT_EQ(s.sendMoreBatchSizeBytes, 50000u);
    EXPECT_EQ(s.outboundTxQueueByteLimit, 3u * 1024 * 1024);
}
