// Time-sliced surveys across whole simulated networks in virtual time: the
// surveyor reaches every node, sees every edge, and reports the counters each
// node really moved by (spec 11; core: SurveyManager).

#include "crypto/StrKey.h"
#include "overlay/SurveyManager.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "support/SurveyDriver.h"

#include <gtest/gtest.h>

#include <iostream>
#include <set>

using namespace stellar;
using namespace stellar::simulation;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

NodeID
idOf(crypto::SecretKey const& key)
{
    NodeID id;
    id.ed25519() = key.publicKey();
    return id;
}

// Every node's application closes a ledger every 5 s, as the test ledger
// clock makes a network do: the survey limits count per ledger.
class LedgerCloser
{
  public:
    explicit LedgerCloser(Simulation& sim) : sim_(sim), timer_(sim.clock()) { arm(); }

  private:
    void
    arm()
    {
        timer_.expiresAfter(5s, [this] {
            for (std::size_t i = 0; i < sim_.size(); ++i)
                ++sim_.node(i).app().tracking;
            arm();
        });
    }
    Simulation& sim_;
    Timer timer_;
};

bool
allIn(Simulation& sim, SurveyPhase phase)
{
    for (std::size_t i = 0; i < sim.size(); ++i)
        if (sim.node(i).overlay().surveyManager().data().phase() != phase)
            return false;
    return true;
}

// Collects for `collect` with SCP and transaction traffic from every node,
// then stops; every node ends up reporting.
void
collectWithTraffic(Simulation& sim, SurveyManager& surveyor, ClockDuration collect)
{
    ASSERT_TRUE(surveyor.broadcastStartSurveyCollecting(42));
    ASSERT_TRUE(sim.crankUntil([&] { return allIn(sim, SurveyPhase::COLLECTING); }, 10s));
    auto seconds = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(collect).count());
    for (uint64_t i = 0; i < seconds; ++i)
    {
        auto& node = sim.node(i % sim.size());
        node.overlay().broadcastSCPEnvelope(makeNomination(node.nodeID(), node.app().tracking, i));
        node.overlay().broadcastTransaction(makeTransaction(i));
        sim.crankFor(1s);
    }
    ASSERT_TRUE(surveyor.broadcastStopSurveyCollecting());
    ASSERT_TRUE(sim.crankUntil([&] { return allIn(sim, SurveyPhase::REPORTING); }, 10s));
}

Crank
crankOf(Simulation& sim)
{
    return [&sim](std::function<bool()> const& done, ClockDuration timeout) { return sim.crankUntil(done, timeout); };
}

using EdgeSet = std::set<std::pair<std::string, std::string>>;

std::string
name(NodeID const& id)
{
    return crypto::toStrKeyPublic(id.ed25519());
}

}

TEST(SurveySimulation, TwentyTwoNodesAllAnswerWithEveryEdgeAndTheCountersEachNodeMoved)
{
    constexpr uint64_t SEED = 3;
    SimulationOptions o;
    o.nodes = 22;
    o.seed = SEED;
    o.topology = Topology::randomRegular(4);
    // No SURVEYOR_KEYS: node 0 may survey because it is in every node's transitive quorum (E15).
    o.configureApp = [](std::size_t, ScriptedApp& app) { app.quorum = {idOf(simulationNodeKey(SEED, 0))}; };
    Simulation sim(o);
    ASSERT_TRUE(sim.connectAll());
    LedgerCloser closer(sim);
    CounterRecorder recorder;
    for (std::size_t i = 0; i < sim.size(); ++i)
        recorder.attach(sim.node(i));
    auto& surveyor = sim.node(0).overlay().surveyManager();

    collectWithTraffic(sim, surveyor, 2min);
    ASSERT_TRUE(surveyor.startSurveyReporting());
    auto survey = walkSurvey(surveyor, sim.node(0).nodeID(), crankOf(sim));

    // Every node answered, none badly.
    EXPECT_EQ(survey.size(), sim.size());
    EXPECT_TRUE(surveyor.results().badResponseNodes.empty());

    // Every edge of the real topology, seen from both ends, and no other.
    EdgeSet real, fromOutbound, fromInbound;
    for (std::size_t i = 0; i < sim.size(); ++i)
        for (auto const& p : sim.node(i).overlay().outboundAuthenticatedPeers())
            real.insert({name(sim.node(i).nodeID()), name(*p->peerID())});
    for (auto const& [a, b] : sim.edges())
        EXPECT_TRUE(real.count({name(sim.node(a).nodeID()), name(sim.node(b).nodeID())}));
    EXPECT_EQ(real.size(), sim.edges().size());
    for (auto const& [id, n] : survey)
    {
        for (auto const& p : n.outboundPeers)
            fromOutbound.insert({name(id), name(p.peerStats.id)});
        for (auto const& p : n.inboundPeers)
            fromInbound.insert({name(p.peerStats.id), name(id)});
        EXPECT_EQ(n.node.totalInboundPeerCount + n.node.totalOutboundPeerCount, 4u);
        EXPECT_EQ(n.node.addedAuthenticatedPeers, 0u);
        EXPECT_EQ(n.node.droppedAuthenticatedPeers, 0u);
        EXPECT_EQ(n.node.lostSyncCount, 0u);
        EXPECT_EQ(n.requests, 1);
    }
    EXPECT_EQ(fromOutbound, real);
    EXPECT_EQ(fromInbound, real);

    // The counters each node reported are what its peers' counters moved by
    // over its collecting phase, message for message and byte for byte.
    uint64_t floodMessages = 0;
    for (auto const& [id, n] : survey)
    {
        auto const& deltas = recorder.deltas(id);
        for (auto const* list : {&n.inboundPeers, &n.outboundPeers})
            for (auto const& p : *list)
            {
                SCOPED_TRACE(name(id) + " -> " + name(p.peerStats.id));
                ASSERT_TRUE(deltas.count(p.peerStats.id));
                EXPECT_EQ(countersOf(p.peerStats), deltas.at(p.peerStats.id));
                EXPECT_GT(p.peerStats.messagesRead, 0u);
                EXPECT_GE(p.peerStats.secondsConnected, 120u);
                EXPECT_EQ(p.peerStats.versionStr.rfind("stellar-overlay simulation node ", 0), 0u);
                floodMessages += p.peerStats.uniqueFloodMessageRecv;
            }
    }
    // Each of the 120 envelopes reached every other node once, and adverts more.
    EXPECT_GT(floodMessages, 120u * (sim.size() - 1));
    std::cout << "surveyed " << survey.size() << " nodes and " << fromOutbound.size() << " edges; "
              << floodMessages << " unique flood messages reported; survey done at "
              << std::chrono::duration_cast<std::chrono::seconds>(sim.elapsed()).count() << " s of virtual time\n";
}

TEST(SurveySimulation, ANodeWithThirtyInboundPeersIsSurveyedInTwoPages)
{
    constexpr uint64_t SEED = 5;
    SimulationOptions o;
    o.nodes = 31;
    o.seed = SEED;
    o.topology = Topology::coreAndWatchers(1, 1); // 30 watchers each dial node 0
    o.configureApp = [](std::size_t, ScriptedApp& app) { app.quorum = {idOf(simulationNodeKey(SEED, 1))}; };
    Simulation sim(o);
    ASSERT_TRUE(sim.connectAll());
    LedgerCloser closer(sim);
    auto& surveyor = sim.node(1).overlay().surveyManager();

    collectWithTraffic(sim, surveyor, 40s);
    ASSERT_TRUE(surveyor.startSurveyReporting());
    auto survey = walkSurvey(surveyor, sim.node(1).nodeID(), crankOf(sim));

    EXPECT_EQ(survey.size(), sim.size());
    auto const& hub = survey.at(sim.node(0).nodeID());
    EXPECT_EQ(hub.node.totalInboundPeerCount, 30u);
    EXPECT_EQ(hub.requests, 2); // 25 peers, then 5 from index 25
    ASSERT_EQ(hub.inboundPeers.size(), 30u);
    std::set<std::string> inbound;
    for (auto const& p : hub.inboundPeers)
        inbound.insert(name(p.peerStats.id));
    std::set<std::string> watchers;
    for (std::size_t i = 1; i < sim.size(); ++i)
        watchers.insert(name(sim.node(i).nodeID()));
    EXPECT_EQ(inbound, watchers);
}
