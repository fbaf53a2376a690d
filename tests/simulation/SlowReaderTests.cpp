// The slow reader, in virtual time: a peer of node 0 that granted 10
// messages once and never grants again, while node 1 floods through node 0.
// It never receives more than it granted; node 0's queues for it shed as
// stellar-core v27.1.0 sheds them (TRANSACTION whole on the count limit,
// FLOOD_ADVERT whole on the hash limit, SCP only by slot); and node 0 drops it
// for "idle timeout (no new flood requests)" PEER_SEND_MODE_IDLE_TIMEOUT after
// the last flood message that found no credit (E05: a blocked send restarts
// that clock, so a peer that keeps being sent work is never dropped by it).

#include "simulation/FloodObserver.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

class SlowReader : public ::testing::Test
{
  protected:
    Simulation sim{[] {
        SimulationOptions o;
        o.nodes = 2;
        o.topology = Topology::pair();
        o.link.latency = 10ms;
        o.configureApp = [](std::size_t, ScriptedApp& app) { app.maxTxSetOps = 50; };
        return o;
    }()};
    std::unique_ptr<LoopbackNetwork> readerNet;
    std::unique_ptr<test::ScriptedPeer> reader;

    void
    runTo(ClockDuration t)
    {
        sim.crankFor(t - sim.elapsed());
    }

    void
    connectReader()
    {
        readerNet = std::make_unique<LoopbackNetwork>(sim.hub());
        readerNet->setLinkOptions(LinkOptions{.latency = 10ms});
        test::ScriptedPeerOptions o;
        o.networkPassphrase = SIMULATION_PASSPHRASE;
        o.initialGrant = SendMoreExtended{10, 300000}; // and never again
        // A live peer: it answers pings, so only flow control can drop it.
        reader = test::dialFrom(*readerNet, sim.clock(), sim.node(0), o);
        reader->onMessage = [this](StellarMessage const& msg) {
            if (msg.type() != GET_SCP_QUORUMSET)
                return;
            StellarMessage answer;
            answer.type(DONT_HAVE);
            answer.dontHave().type = SCP_QUORUMSET;
            answer.dontHave().reqHash = msg.qSetHash();
            reader->send(answer);
        };
        ASSERT_TRUE(reader->handshake());
    }

    std::size_t
    floodReceived(uint64_t* bytes = nullptr) const
    {
        std::size_t n = 0;
        for (auto const& r : reader->received())
            if (isFloodMessage(r.msg.type()))
            {
                ++n;
                if (bytes)
                    *bytes += xdr::encodedSize(r.msg);
            }
        return n;
    }
};

TEST_F(SlowReader, NeverGetsMoreThanItGrantedQueuesShedAndItIsDroppedSixtySecondsAfterTheLastBlockedSend)
{
    ASSERT_TRUE(sim.connectAll());
    runTo(1s);
    connectReader();
    FloodObserver flood{sim};
    auto& node0 = sim.node(0);

    // 30 SCP messages through node 0: 10 fit the grant, 20 wait.
    runTo(2s);
    for (uint64_t i = 0; i < 30; ++i)
        flood.emitEnvelope(1, makeNomination(sim.node(1).nodeID(), 10, i));
    // 120 transactions node 0 pulls from node 1 and advertises to the reader:
    // more hashes than lastMaxTxSetSizeOps (50) wait, so the advert queue goes
    // whole. (One every 20 ms: node 0 demands at most 12 per 200 ms round
    // with these limits, and keeps at most 50 advertised hashes waiting.)
    runTo(3s);
    std::vector<TransactionEnvelope> txs;
    for (uint64_t i = 0; i < 120; ++i)
    {
        txs.push_back(makeTransaction(i));
        flood.submitTransaction(1, txs.back());
        sim.crankFor(20ms);
    }
    ASSERT_TRUE(sim.crankUntil([&] { return node0.app().txs.size() == 120; }, 5s));
    // The reader demands 60 of them: the 51st TRANSACTION queued is over the
    // count limit, and the whole TRANSACTION queue goes.
    runTo(10s);
    StellarMessage demand;
    demand.type(FLOOD_DEMAND);
    for (std::size_t i = 0; i < 60; ++i)
        demand.floodDemand().txHashes.push_back(fullHash(txs[i]));
    reader->send(demand);
    runTo(15s);
    EXPECT_EQ(node0.counter("overlay.outbound-queue.drop-tx"), 51);
    EXPECT_GT(node0.counter("overlay.outbound-queue.drop-advert"), 0);
    EXPECT_EQ(node0.counter("overlay.outbound-queue.drop-scp"), 0); // never in bulk

    // The ledger moves on: the 20 waiting slot-10 messages fall out of the
    // remembered slots when the next SCP message is queued.
    runTo(19s);
    node0.app().tracking = 30;
    sim.node(1).app().tracking = 30;
    // Flood messages every 30 s keep hitting the block: each restarts the
    // no-capacity clock (E05), so the reader stays.
    for (auto t : {20s, 50s, 80s, 110s})
    {
        runTo(t);
        flood.emitEnvelope(1, makeNomination(sim.node(1).nodeID(), 30, 100 + t.count()));
    }
    runTo(115s);
    EXPECT_EQ(node0.counter("overlay.outbound-queue.drop-scp"), 20);
    EXPECT_EQ(node0.overlay().inboundAuthenticatedCount(), 1u);

    // The last blocked send was at 110.01 s (10 ms of latency from node 1);
    // the reader's 5 s checks run from its accept at 1.01 s, so the first
    // check 60 s later is the one at 171.01 s.
    runTo(200s);
    EXPECT_EQ(node0.drops(), (DropLog{{171010ms, DropCause::NoOutboundCapacityTimeout}}));
    EXPECT_TRUE(reader->closed());

    uint64_t bytes = 0;
    EXPECT_EQ(floodReceived(&bytes), 10u); // exactly what it granted, never more
    EXPECT_LE(bytes, 300000u);
    EXPECT_TRUE(sim.node(1).drops().empty());
}

}
