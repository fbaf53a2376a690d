// Flow control, pull mode and per-peer limits at one node, against a scripted
// remote over the in-memory loopback in virtual time: what the remote sees on
// the wire, what the node's application was asked, and the node's drops.

#include "net/LoopbackNetwork.h"
#include "overlay/Peer.h"
#include "simulation/Traffic.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

class PeerFlow : public ::testing::Test
{
  protected:
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork nodeNet{hub};
    LoopbackNetwork peerNet{hub};
    std::unique_ptr<TestNode> node;
    std::unique_ptr<ScriptedPeer> remote;

    void
    start(std::function<void(OverlayConfig&)> const& tweak = {})
    {
        auto cfg = testOverlayConfig(DEFAULT_PEER_PORT);
        if (tweak)
            tweak(cfg);
        node = std::make_unique<TestNode>(clock, nodeNet, cfg);
        node->overlay().start();
        ScriptedPeerOptions o;
        o.networkPassphrase = TEST_NETWORK_PASSPHRASE;
        o.initialGrant = std::nullopt; // each test grants what it needs
        remote = std::make_unique<ScriptedPeer>(clock, o);
        remote->connect(peerNet, nodeNet.localIp(), DEFAULT_PEER_PORT);
        ASSERT_TRUE(remote->handshake());
        ASSERT_TRUE(clock.crankUntil([&] { return node->overlay().inboundAuthenticatedCount() == 1; }, 5s));
        ASSERT_TRUE(remote->waitForType(GET_SCP_STATE));
    }

    Peer&
    nodeSide()
    {
        return *node->overlay().authenticatedPeers().at(0);
    }

    void
    grant(uint32_t messages, uint32_t bytes)
    {
        StellarMessage m;
        m.type(SEND_MORE_EXTENDED);
        m.sendMoreExtendedMessage().numMessages = messages;
        m.sendMoreExtendedMessage().numBytes = bytes;
        remote->send(m);
    }

    std::size_t
    received(MessageType type) const
    {
        std::size_t n = 0;
        for (auto const& r : remote->received())
            n += r.msg.type() == type;
        return n;
    }

    std::vector<SendMoreExtended>
    sendMores() const
    {
        std::vector<SendMoreExtended> out;
        for (auto const& r : remote->received())
            if (r.msg.type() == SEND_MORE_EXTENDED)
                out.push_back(r.msg.sendMoreExtendedMessage());
        return out;
    }

    ClockDuration
    now() const
    {
        return clock.now() - ClockTime{};
    }

    // The node's drops, but for its promotion dials (E30): from the first
    // tick on it dials the remote's listening address, where nothing listens.
    DropLog
    drops() const
    {
        DropLog out;
        for (auto const& d : node->drops())
            if (d.cause != DropCause::ConnectFailed)
                out.push_back(d);
        return out;
    }

    // Cranks `d` while the remote keeps the connection from going idle (it
    // reads nothing else from us): a DONT_HAVE every 5 s.
    void
    crankAlive(ClockDuration d)
    {
        auto end = clock.now() + d;
        while (clock.now() + 5s < end)
        {
            StellarMessage m;
            m.type(DONT_HAVE);
            m.dontHave().type = TX_SET;
            remote->send(m);
            clock.crankFor(5s);
        }
        clock.crankFor(end - clock.now());
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
    EXPECT_TRUE(drops().empty());
}

TEST_F(PeerFlow, FloodMessageBeyondTheGrantDropsThePeer)
{
    start();
    // The node granted 200 messages; nothing is processed before the burst
    // is read, so the 201st finds no credit.
    for (uint64_t i = 0; i < 201; ++i)
        remote->send(scpMessage(makeNomination(remote->nodeID(), 10, i)));
    auto at = now();
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(drops(), (DropLog{{at, DropCause::FloodAtCapacity}}));
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
    clock.crankFor(1s);
    EXPECT_EQ(sendMores().size(), 1u + 5u);
    EXPECT_TRUE(drops().empty());
}

TEST_F(PeerFlow, ZeroByteSendMoreExtendedDropsThePeer)
{
    start();
    grant(10, 0);
    auto at = now();
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(drops(), (DropLog{{at, DropCause::InvalidSendMoreExtended}}));
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
    auto at = now();
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(drops(), (DropLog{{at, DropCause::LegacySendMore}}));
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
    ASSERT_TRUE(remote->waitFor([&] { return received(DONT_HAVE) == 260; }));
    EXPECT_EQ(node->metrics().timer("overlay.connection.read-throttle").count(), 1u);
    EXPECT_FALSE(nodeSide().flowControl().isThrottled());
}

// --- outbound flow control

TEST_F(PeerFlow, FloodMessagesLeaveOnlyWithinTheMessageGrant)
{
    start();
    for (uint64_t i = 0; i < 20; ++i)
        node->overlay().broadcastSCPEnvelope(makeNomination(node->nodeID(), 10, i));
    clock.crankFor(1s);
    EXPECT_EQ(received(SCP_MESSAGE), 0u); // the remote granted nothing yet
    grant(5, 100000);
    clock.crankFor(1s);
    EXPECT_EQ(received(SCP_MESSAGE), 5u);
    grant(3, 100000);
    clock.crankFor(1s);
    EXPECT_EQ(received(SCP_MESSAGE), 8u);
    EXPECT_EQ(nodeSide().flowControl().outboundQueues()[0].size(), 12u);
}

TEST_F(PeerFlow, FloodMessagesLeaveOnlyWithinTheByteGrant)
{
    start();
    auto env = makeNomination(node->nodeID(), 10, 0);
    auto size = static_cast<uint32_t>(xdr::encodedSize(scpMessage(env)));
    for (uint64_t i = 0; i < 10; ++i)
        node->overlay().broadcastSCPEnvelope(makeNomination(node->nodeID(), 10, i));
    grant(100, size * 5 / 2); // room for two and a half
    clock.crankFor(1s);
    EXPECT_EQ(received(SCP_MESSAGE), 2u);
    EXPECT_EQ(nodeSide().flowControl().byteCapacity().outbound(), size / 2);
}

// --- pull mode at one node

TEST_F(PeerFlow, AnAdvertisedTransactionIsDemandedThenAcceptedAndNotAdvertisedBack)
{
    start();
    grant(200, 300000);
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
    clock.crankFor(2s);
    EXPECT_EQ(received(FLOOD_ADVERT), 0u); // the remote told us: it is not told back
    EXPECT_EQ(received(FLOOD_DEMAND), 1u); // and it is never demanded twice
}

TEST_F(PeerFlow, ADemandIsAnsweredWithTheTransactionsHeldAndNothingElse)
{
    start();
    grant(200, 300000);
    auto held = makeTransaction(1);
    node->app().txs.emplace(fullHash(held), held);
    StellarMessage demand;
    demand.type(FLOOD_DEMAND);
    demand.floodDemand().txHashes = {fullHash(makeTransaction(2)), fullHash(held)};
    remote->send(demand);
    ASSERT_TRUE(remote->waitForType(TRANSACTION));
    clock.crankFor(2s);
    ASSERT_EQ(received(TRANSACTION), 1u);
    EXPECT_EQ(remote->firstOf(TRANSACTION)->transaction(), held);
}

// --- per-peer limits

TEST_F(PeerFlow, G16_GetScpStateIsAnsweredTenTimesPerFixedWindow)
{
    start();
    grant(200, 300000); // else the node drops the remote at 60 s (E05)
    auto ask = [&] {
        StellarMessage m;
        m.type(GET_SCP_STATE);
        m.getSCPLedgerSeq() = 5;
        remote->send(m);
    };
    for (int i = 0; i < 12; ++i)
        ask();
    clock.crankFor(1s);
    EXPECT_EQ(node->app().scpStateRequests.size(), 10u); // the rest ignored, silently
    EXPECT_TRUE(drops().empty());
    // E06: a fixed window of expectedLedgerCloseTime * 12 = 60 s from its start (t = 0).
    crankAlive(ClockTime{} + 59s - clock.now());
    ask();
    clock.crankFor(500ms);
    EXPECT_EQ(node->app().scpStateRequests.size(), 10u);
    clock.crankFor(1s);
    ask();
    clock.crankFor(500ms);
    EXPECT_EQ(node->app().scpStateRequests.size(), 11u);
    EXPECT_TRUE(drops().empty());
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
    clock.crankFor(2s);
    EXPECT_EQ(received(DONT_HAVE), 300u); // 60 s * QUERY_RESPONSE_MULTIPLIER
    EXPECT_TRUE(drops().empty());
}

TEST_F(PeerFlow, G16_RepeatedAdvertsBeyondTheBudgetGetErrLoad)
{
    start([](OverlayConfig& c) { c.PEER_UNEXPLAINED_FLOOD_BUDGET = 5; });
    StellarMessage advert;
    advert.type(FLOOD_ADVERT);
    advert.floodAdvert().txHashes = {fullHash(makeTransaction(1))};
    for (int i = 0; i < 6; ++i) // the first is news; five repeats are within the budget
        remote->send(advert);
    clock.crankFor(1s);
    EXPECT_TRUE(drops().empty());
    remote->send(advert);
    auto at = now();
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(drops(), (DropLog{{at, DropCause::UnexplainedFloodTraffic}}));
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
    clock.crankFor(1s);
    remote->send(demand); // two more
    clock.crankFor(1s);
    EXPECT_TRUE(drops().empty());
    remote->send(demand);
    auto at = now();
    ASSERT_TRUE(remote->waitClosed());
    EXPECT_EQ(drops(), (DropLog{{at, DropCause::UnexplainedFloodTraffic}}));
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
    clock.crankFor(2s);
    EXPECT_TRUE(drops().empty());
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
