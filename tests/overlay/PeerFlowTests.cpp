// Flow control, pull mode and per-peer limits at one node, against a scripted
// remote over the in-memory loopback in virtual time: what the remote sees on
// the wire, what the node's application was asked, and the node's drops.

#include "overlay/Peer.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"
#include "util/Limits.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

#include <set>

using namespace stellar;
using namespace stellar::test;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

// One started node and one authenticated scripted peer that has granted
// nothing yet: each test grants what it needs.
class PeerFlow : public ::testing::Test
{
  protected:
    LoopbackWorld world;
    TestNode* node = nullptr;
    std::unique_ptr<ScriptedPeer> remote;

    void
    start(std::function<void(OverlayConfig&)> const& tweak = {})
    {
        auto cfg = testOverlayConfig();
        if (tweak)
            tweak(cfg);
        node = &world.startedNode(cfg);
        auto options = scriptedOptions();
        options.initialGrant = std::nullopt;
        remote = world.authenticatedPeer(*node, options);
    }

    Peer&
    nodeSide()
    {
        return *node->overlay().authenticatedPeers().at(0);
    }

    std::vector<SendMoreExtended>
    sendMores() const
    {
        std::vector<SendMoreExtended> out;
        for (auto const& m : remote->allOf(SEND_MORE_EXTENDED))
            out.push_back(m.sendMoreExtendedMessage());
        return out;
    }

    // Cranks `d` while the remote keeps the connection from going idle (it
    // reads nothing else from us): a DONT_HAVE every 5 s.
    void
    crankAlive(ClockDuration d)
    {
        auto end = world.clock.now() + d;
        while (world.clock.now() + 5s < end)
        {
            StellarMessage m;
            m.type(DONT_HAVE);
            m.dontHave().type = TX_SET;
            remote->send(m);
            world.clock.crankFor(5s);
        }
        world.clock.crankFor(end - world.clock.now());
    }
};

// --- inbound flow control

TEST_F(PeerFlow, G9_CapacityIsRestoredAfterTheApplicationThrows)
{
    start();
    node->app().onTransaction = [](TransactionEnvelope const&, Hash const&) {
        throw std::runtime_error("application bug");
    };
    auto txBytes = xdr::encodedSize(transactionMessage(makeTransaction(0)));
    for (uint64_t i = 0; i < 40; ++i)
        remote->send(transactionMessage(makeTransaction(i)));
    ASSERT_TRUE(remote->waitFor([&] { return sendMores().size() == 2; }));
    // Every throwing message still gave its credit back: the node returns
    // the whole batch, and its reading capacity is back at the limit.
    EXPECT_EQ(sendMores()[1].numMessages, 40u);
    EXPECT_EQ(sendMores()[1].numBytes, 40 * txBytes);
    auto const& fc = nodeSide().flowControl();
    EXPECT_EQ(fc.messageCapacity().local(), fc.messageCapacity().limits());
    EXPECT_EQ(fc.byteCapacity().local(), fc.byteCapacity().limits());
    EXPECT_EQ(node->metrics().counterValue("overlay.error.message-processing"), 40);
    EXPECT_TRUE(node->drops().empty());
}

TEST_F(PeerFlow, FloodMessageBeyondTheGrantDropsThePeer)
{
    start();
    // The node granted 200 messages; nothing is processed before the burst
    // is read, so the 201st finds no credit.
    for (uint64_t i = 0; i < 201; ++i)
        remote->send(scpMessage(makeNomination(remote->nodeID(), 10, i)));
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(node->drops(), (DropLog{{0s, DropCause::FloodAtCapacity}}));
    EXPECT_EQ(node->dropEvents().at(0).reason, "unexpected flood message, peer at capacity");
    EXPECT_FALSE(remote->firstError().has_value()); // stellar-core drops without a word
}

TEST_F(PeerFlow, TwoHundredFloodMessagesInOneBurstAreWithinTheGrant)
{
    start();
    for (uint64_t i = 0; i < 200; ++i)
        remote->send(scpMessage(makeNomination(remote->nodeID(), 10, i)));
    ASSERT_TRUE(remote->waitFor([&] { return node->app().receivedEnvelopes.size() == 200; }));
    // Five batches of 40 came back.
    world.clock.crankFor(1s);
    EXPECT_EQ(sendMores().size(), 1u + 5u);
    EXPECT_TRUE(node->drops().empty());
}

TEST_F(PeerFlow, ZeroByteSendMoreExtendedDropsThePeer)
{
    start();
    remote->grant(10, 0);
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(node->drops(), (DropLog{{0s, DropCause::InvalidSendMoreExtended}}));
    EXPECT_EQ(node->dropEvents().at(0).reason, "invalid message SEND_MORE_EXTENDED");
    EXPECT_FALSE(remote->firstError().has_value());
}

TEST_F(PeerFlow, LegacySendMoreDropsThePeer)
{
    start();
    StellarMessage legacy;
    legacy.type(SEND_MORE);
    legacy.sendMoreMessage().numMessages = 10;
    remote->send(legacy);
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(node->drops(), (DropLog{{0s, DropCause::LegacySendMore}}));
    EXPECT_EQ(node->dropEvents().at(0).reason, "unexpected message type SEND_MORE");
}

TEST_F(PeerFlow, ReadingPausesAtPeerReadingCapacityAndEveryMessageIsStillAnswered)
{
    start();
    // 260 queries in one burst: reading stops at 201 unprocessed messages and
    // resumes once the node has worked through them.
    for (int i = 0; i < 260; ++i)
    {
        StellarMessage q;
        q.type(GET_SCP_QUORUMSET);
        q.qSetHash().fill(static_cast<uint8_t>(i));
        q.qSetHash()[1] = static_cast<uint8_t>(i >> 8);
        remote->send(q);
    }
    ASSERT_TRUE(remote->waitFor([&] { return remote->count(DONT_HAVE) == 260; }));
    EXPECT_EQ(node->metrics().timer("overlay.connection.read-throttle").count(), 1u);
    EXPECT_FALSE(nodeSide().flowControl().isThrottled());
}

// --- outbound flow control

TEST_F(PeerFlow, FloodMessagesLeaveOnlyWithinTheMessageGrant)
{
    start();
    for (uint64_t i = 0; i < 20; ++i)
        node->overlay().broadcastSCPEnvelope(makeNomination(node->nodeID(), 10, i));
    world.clock.crankFor(1s);
    EXPECT_EQ(remote->count(SCP_MESSAGE), 0u); // the remote granted nothing yet
    remote->grant(5, 100000);
    world.clock.crankFor(1s);
    EXPECT_EQ(remote->count(SCP_MESSAGE), 5u);
    remote->grant(3, 100000);
    world.clock.crankFor(1s);
    EXPECT_EQ(remote->count(SCP_MESSAGE), 8u);
    EXPECT_EQ(nodeSide().flowControl().outboundQueues()[0].size(), 12u);
}

TEST_F(PeerFlow, FloodMessagesLeaveOnlyWithinTheByteGrant)
{
    start();
    auto env = makeNomination(node->nodeID(), 10, 0);
    auto size = static_cast<uint32_t>(xdr::encodedSize(scpMessage(env)));
    for (uint64_t i = 0; i < 10; ++i)
        node->overlay().broadcastSCPEnvelope(makeNomination(node->nodeID(), 10, i));
    remote->grant(100, size * 5 / 2); // room for two and a half
    world.clock.crankFor(1s);
    EXPECT_EQ(remote->count(SCP_MESSAGE), 2u);
    EXPECT_EQ(nodeSide().flowControl().byteCapacity().outbound(), size / 2);
}

// E40: transactions leave the last credit of the remote's grant unused, and
// an SCP message queued behind them reaches the remote within the same grant.
TEST_F(PeerFlow, E40_AnScpMessageQueuedBehindATransactionFloodLeavesWithinTheSameGrant)
{
    start();
    StellarMessage demand;
    demand.type(FLOOD_DEMAND);
    for (uint64_t i = 0; i < 300; ++i)
    {
        auto tx = makeTransaction(i);
        node->app().txs.emplace(fullHash(tx), tx);
        demand.floodDemand().txHashes.push_back(fullHash(tx));
    }
    remote->send(demand);
    world.clock.crankFor(100ms);
    EXPECT_EQ(remote->count(TRANSACTION), 0u); // nothing granted yet
    remote->grant(200, 300000);                // stellar-core's first grant, and the only one
    world.clock.crankFor(100ms);
    EXPECT_EQ(remote->count(TRANSACTION), 200u - SCP_RESERVED_MESSAGES);

    node->overlay().broadcastSCPEnvelope(makeNomination(node->nodeID(), 10, 1));
    world.clock.crankFor(100ms);
    EXPECT_EQ(remote->count(SCP_MESSAGE), 1u);
    EXPECT_EQ(remote->count(TRANSACTION), 200u - SCP_RESERVED_MESSAGES);
    EXPECT_EQ(nodeSide().flowControl().messageCapacity().outbound(), SCP_RESERVED_MESSAGES - 1);
    EXPECT_TRUE(node->drops().empty());
}

// --- pull mode at one node

TEST_F(PeerFlow, AnAdvertisedTransactionIsDemandedThenAcceptedAndNotAdvertisedBack)
{
    start();
    remote->grant(200, 300000);
    auto tx = makeTransaction(7);
    StellarMessage advert;
    advert.type(FLOOD_ADVERT);
    advert.floodAdvert().txHashes = {fullHash(tx)};
    remote->send(advert);
    // The next demand round (every FLOOD_DEMAND_PERIOD_MS) asks for it.
    ASSERT_TRUE(remote->waitForType(FLOOD_DEMAND, 1s));
    EXPECT_EQ(remote->firstOf(FLOOD_DEMAND)->floodDemand().txHashes, (TxDemandVector{fullHash(tx)}));
    remote->send(transactionMessage(tx));
    ASSERT_TRUE(remote->waitFor([&] { return node->app().txs.count(fullHash(tx)) == 1; }));
    world.clock.crankFor(2s);
    EXPECT_EQ(remote->count(FLOOD_ADVERT), 0u); // the remote told us: it is not told back
    EXPECT_EQ(remote->count(FLOOD_DEMAND), 1u); // and it is never demanded twice
}

TEST_F(PeerFlow, ADemandIsAnsweredWithTheTransactionsHeldAndNothingElse)
{
    start();
    remote->grant(200, 300000);
    auto held = makeTransaction(1);
    node->app().txs.emplace(fullHash(held), held);
    StellarMessage demand;
    demand.type(FLOOD_DEMAND);
    demand.floodDemand().txHashes = {fullHash(makeTransaction(2)), fullHash(held)};
    remote->send(demand);
    ASSERT_TRUE(remote->waitForType(TRANSACTION));
    world.clock.crankFor(2s);
    ASSERT_EQ(remote->count(TRANSACTION), 1u);
    EXPECT_EQ(remote->firstOf(TRANSACTION)->transaction(), held);
}

// --- per-peer limits

TEST_F(PeerFlow, G16_GetScpStateIsAnsweredTenTimesPerFixedWindow)
{
    start();
    remote->grant(200, 300000); // else the node drops the remote at 60 s (E05)
    auto ask = [&] {
        StellarMessage m;
        m.type(GET_SCP_STATE);
        m.getSCPLedgerSeq() = 5;
        remote->send(m);
    };
    for (int i = 0; i < 12; ++i)
        ask();
    world.clock.crankFor(1s);
    EXPECT_EQ(node->app().scpStateRequests.size(), 10u); // the rest ignored, silently
    EXPECT_TRUE(node->drops().empty());
    // E06: a fixed window of expectedLedgerCloseTime * 12 = 60 s from its start (t = 0).
    crankAlive(59s - world.elapsed());
    ask();
    world.clock.crankFor(500ms);
    EXPECT_EQ(node->app().scpStateRequests.size(), 10u);
    world.clock.crankFor(1s);
    ask();
    world.clock.crankFor(500ms);
    EXPECT_EQ(node->app().scpStateRequests.size(), 11u);
    EXPECT_TRUE(node->drops().empty());
}

TEST_F(PeerFlow, G16_GetScpQuorumSetIsAnswered300TimesPerWindow)
{
    start();
    for (int i = 0; i < 310; ++i)
    {
        StellarMessage q;
        q.type(GET_SCP_QUORUMSET);
        q.qSetHash().fill(static_cast<uint8_t>(i));
        q.qSetHash()[1] = static_cast<uint8_t>(i >> 8);
        remote->send(q);
    }
    world.clock.crankFor(2s);
    EXPECT_EQ(remote->count(DONT_HAVE), 300u); // 60 s * QUERY_RESPONSE_MULTIPLIER
    EXPECT_TRUE(node->drops().empty());
}

TEST_F(PeerFlow, G16_RepeatedAdvertsBeyondTheBudgetGetErrLoad)
{
    start([](OverlayConfig& c) { c.PEER_UNEXPLAINED_FLOOD_BUDGET = 5; });
    StellarMessage advert;
    advert.type(FLOOD_ADVERT);
    advert.floodAdvert().txHashes = {fullHash(makeTransaction(1))};
    for (int i = 0; i < 6; ++i) // the first is news; five repeats are within the budget
        remote->send(advert);
    world.clock.crankFor(1s);
    EXPECT_TRUE(node->drops().empty());
    remote->send(advert);
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(node->drops(), (DropLog{{1s, DropCause::UnexplainedFloodTraffic}}));
    ASSERT_TRUE(remote->firstError());
    EXPECT_EQ(remote->firstError()->code, ERR_LOAD);
    EXPECT_EQ(remote->firstError()->msg, "too much unexplained flood traffic");
}

TEST_F(PeerFlow, G16_RepeatedDemandsBeyondTheBudgetGetErrLoad)
{
    start([](OverlayConfig& c) { c.PEER_UNEXPLAINED_FLOOD_BUDGET = 3; });
    StellarMessage demand;
    demand.type(FLOOD_DEMAND);
    demand.floodDemand().txHashes = {fullHash(makeTransaction(1)), fullHash(makeTransaction(1))};
    remote->send(demand); // one repeat inside the message
    world.clock.crankFor(1s);
    remote->send(demand); // two more
    world.clock.crankFor(1s);
    EXPECT_TRUE(node->drops().empty());
    remote->send(demand);
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(node->drops(), (DropLog{{2s, DropCause::UnexplainedFloodTraffic}}));
    EXPECT_EQ(remote->firstError()->code, ERR_LOAD);
}

TEST_F(PeerFlow, G16_DistinctAdvertsNeverCountAgainstTheBudget)
{
    start([](OverlayConfig& c) { c.PEER_UNEXPLAINED_FLOOD_BUDGET = 1; });
    for (uint64_t i = 0; i < 100; ++i)
    {
        StellarMessage advert;
        advert.type(FLOOD_ADVERT);
        advert.floodAdvert().txHashes = {fullHash(makeTransaction(i))};
        remote->send(advert);
    }
    world.clock.crankFor(2s);
    EXPECT_TRUE(node->drops().empty());
}

// --- spec 8.9: numbers that cannot work stop the node at startup

std::string
flowConfigError(std::function<void(OverlayConfig&)> const& tweak, uint32_t maxTxSize = 102400)
{
    OverlayConfig c;
    tweak(c);
    try
    {
        c.checkFlowControl(maxTxSize);
    }
    catch (std::invalid_argument const& e)
    {
        return e.what();
    }
    return "";
}

TEST(FlowControlConfig, EachConstraintOfSpec89IsOneSentenceNamingTheKey)
{
    EXPECT_EQ(flowConfigError([](OverlayConfig&) {}), "");
    EXPECT_EQ(flowConfigError([](OverlayConfig& c) { c.FLOW_CONTROL_SEND_MORE_BATCH_SIZE = 201; }),
              "FLOW_CONTROL_SEND_MORE_BATCH_SIZE: 201 is above PEER_FLOOD_READING_CAPACITY (200): expected a batch "
              "no larger than the capacity it gives back");
    EXPECT_EQ(flowConfigError([](OverlayConfig& c) { c.PEER_READING_CAPACITY = 200; }),
              "PEER_READING_CAPACITY: 200 is not above PEER_FLOOD_READING_CAPACITY (200): expected at least one "
              "message of room for non-flood traffic");
    EXPECT_EQ(flowConfigError([](OverlayConfig& c) {
                  c.PEER_FLOOD_READING_CAPACITY_BYTES = 50000;
                  c.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 60000;
              }).rfind("FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES: 60000 is above PEER_FLOOD_READING_CAPACITY_BYTES", 0),
              0u);
    EXPECT_EQ(flowConfigError([](OverlayConfig& c) {
                  c.PEER_FLOOD_READING_CAPACITY_BYTES = 200000;
                  c.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 100000;
              }).rfind("PEER_FLOOD_READING_CAPACITY_BYTES: 200000 minus FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES "
                       "(100000) is below the largest transaction (102400 bytes)",
                       0),
              0u);
    // Only one byte key set: the other is 0, not derived (as in stellar-core).
    EXPECT_NE(flowConfigError([](OverlayConfig& c) { c.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 1000; }), "");
    EXPECT_EQ(flowConfigError([](OverlayConfig& c) {
                  c.PEER_FLOOD_READING_CAPACITY_BYTES = 300000;
                  c.FLOW_CONTROL_SEND_MORE_BATCH_SIZE_BYTES = 100000;
              }),
              "");
}

TEST(FlowControlConfig, TheOverlayRefusesToStartOnABadFlowControlConfig)
{
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork net{hub};
    auto cfg = testOverlayConfig(DEFAULT_PEER_PORT);
    cfg.PEER_READING_CAPACITY = 100;
    EXPECT_THROW(TestNode(clock, net, cfg), std::invalid_argument);
}

}

// Bytes received, split as core splits them (OverlayManagerImpl::recordMessageMetric):
// a flood message or a fetched item counts as unique the first time the node
// sees its bytes, from any peer, and as duplicate after; other messages count
// in neither.
TEST(RecvBytes, FloodAndFetchBytesAreUniqueOnceThenDuplicate)
{
    LoopbackWorld world;
    auto& node = world.startedNode();
    auto a = world.authenticatedPeer(node);
    auto b = world.authenticatedPeer(node);

    auto scp = scpMessage(makeNomination(a->nodeID(), 10, 1));
    StellarMessage qset;
    qset.type(SCP_QUORUMSET);
    qset.qSet().threshold = 1;
    qset.qSet().validators.push_back(a->nodeID());
    StellarMessage dontHave;
    dontHave.type(DONT_HAVE);
    dontHave.dontHave().type = TX_SET;

    a->send(scp);
    b->send(scp);
    a->send(qset);
    a->send(qset);
    b->send(dontHave);
    world.runUntil(1s);

    auto scpBytes = static_cast<int64_t>(xdr::encodedSize(scp));
    auto qsetBytes = static_cast<int64_t>(xdr::encodedSize(qset));
    EXPECT_EQ(node.counter("overlay.flood.unique-recv"), scpBytes);
    EXPECT_EQ(node.counter("overlay.flood.duplicate-recv"), scpBytes);
    EXPECT_EQ(node.counter("overlay.fetch.unique-recv"), qsetBytes);
    EXPECT_EQ(node.counter("overlay.fetch.duplicate-recv"), qsetBytes);
}

// --- the socket's queue to a remote that grants much and reads nothing

namespace
{
// A nomination by node `n` for `slot` whose one value is 10,000 bytes.
SCPEnvelope
bigNomination(uint32_t n, uint64_t slot)
{
    NodeID node;
    node.type(PUBLIC_KEY_TYPE_ED25519);
    node.ed25519()[0] = static_cast<uint8_t>(n);
    node.ed25519()[1] = static_cast<uint8_t>(n >> 8);
    auto env = makeNomination(node, slot, slot);
    env.statement.pledges.nominate().votes[0].resize(10'000, static_cast<uint8_t>(n));
    return env;
}

// The bytes of the flood messages handed to the socket and not yet written.
uint64_t
bytesAtTheSocket(FlowControl const& fc)
{
    uint64_t out = 0;
    for (auto const& queue : fc.outboundQueues())
        for (auto const& queued : queue)
            out += queued.beingSent ? queued.bytes : 0;
    return out;
}
}

// The remote grants a gigabyte, then nothing it is sent leaves the node (the
// link is corked) while 40 ledgers of big envelopes are flooded, 10 per slot.
// The node hands the socket PEER_FLOOD_WRITE_QUEUE_BYTES (one message over at
// most); the rest waits in the SCP queue, where the envelopes of forgotten
// slots are shed (core's rule). When the link opens, the remote gets what the
// socket held and the slots still remembered, and nothing else.
TEST_F(PeerFlow, FloodToAPeerThatDoesNotReadWaitsInTheQueuesWithinTheBound)
{
    start();
    remote->grant(1'000'000, 1'000'000'000);
    world.clock.crankFor(100ms);
    world.networkOf(*node).setLinkOptions(LinkOptions{.corked = true});
    constexpr uint32_t PER_SLOT = 10;
    constexpr uint64_t FIRST = 10, LAST = 49;
    auto size = xdr::encodedSize(scpMessage(bigNomination(0, FIRST)));
    for (auto slot = FIRST; slot <= LAST; ++slot)
    {
        node->app().tracking = static_cast<uint32_t>(slot);
        for (uint32_t n = 0; n < PER_SLOT; ++n)
            node->overlay().broadcastSCPEnvelope(bigNomination(n, slot));
        world.clock.crankFor(10ms);
        EXPECT_LE(bytesAtTheSocket(nodeSide().flowControl()), PEER_FLOOD_WRITE_QUEUE_BYTES + size) << "slot " << slot;
    }
    auto atSocket = bytesAtTheSocket(nodeSide().flowControl()) / size;
    auto const& scpQueue = nodeSide().flowControl().outboundQueues()[0];
    auto remembered = LAST + 1 - node->app().minLedgerSeqToRemember();
    EXPECT_EQ(scpQueue.size(), atSocket + remembered * PER_SLOT);
    auto shed = (LAST - FIRST + 1) * PER_SLOT - scpQueue.size();
    EXPECT_EQ(node->counter("overlay.outbound-queue.drop-scp"), static_cast<int64_t>(shed));

    world.networkOf(*node).setLinkOptions(LinkOptions{});
    world.clock.crankFor(1s);
    EXPECT_FALSE(remote->closed());
    EXPECT_EQ(remote->count(SCP_MESSAGE), atSocket + remembered * PER_SLOT);
    std::set<uint64_t> slots;
    for (auto const& m : remote->allOf(SCP_MESSAGE))
        slots.insert(m.envelope().statement.slotIndex);
    // The socket took the first slots; then the remembered ones, none between.
    auto firstRemembered = LAST + 1 - remembered;
    for (auto slot = FIRST + (atSocket + PER_SLOT - 1) / PER_SLOT; slot < firstRemembered; ++slot)
        EXPECT_FALSE(slots.count(slot)) << "slot " << slot << " should have been shed";
    EXPECT_TRUE(slots.count(LAST));
}
