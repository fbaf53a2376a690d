// Many nodes in one process, in virtual time with fixed seeds (and one run
// over TCP): topologies, determinism, and the flooding scenarios for
// pull-mode transactions, push-mode SCP messages and a slow reader. Every
// assertion is on counters the nodes keep.

#include "simulation/FloodObserver.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "support/ScriptedPeer.h"
#include "util/Random.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <iostream>
#include <set>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

std::vector<uint32_t>
degrees(std::vector<Edge> const& edges, std::size_t n)
{
    std::vector<uint32_t> d(n);
    for (auto const& [a, b] : edges)
    {
        ++d[a];
        ++d[b];
    }
    return d;
}

// --- topologies

TEST(Topology, ShapesHaveTheirEdges)
{
    EXPECT_EQ(makeEdges(Topology::pair(), 2), (std::vector<Edge>{{0, 1}}));
    EXPECT_EQ(makeEdges(Topology::line(), 4), (std::vector<Edge>{{0, 1}, {1, 2}, {2, 3}}));
    EXPECT_EQ(makeEdges(Topology::ring(), 3), (std::vector<Edge>{{0, 1}, {1, 2}, {2, 0}}));
    EXPECT_EQ(makeEdges(Topology::fullMesh(), 5).size(), 10u);
    auto cw = makeEdges(Topology::coreAndWatchers(4, 2), 10);
    EXPECT_EQ(cw.size(), 6u + 6u * 2u);
    for (auto const& [a, b] : cw)
        EXPECT_TRUE(b < 4) << a << "->" << b; // everyone dials into the core
    EXPECT_THROW(makeEdges(Topology::pair(), 3), std::invalid_argument);
    EXPECT_THROW(makeEdges(Topology::randomRegular(3), 5), std::invalid_argument); // 15 stubs
}

TEST(Topology, RandomRegularGraphIsSimpleRegularAndFixedBySeed)
{
    reseedRandom(42);
    auto edges = makeEdges(Topology::randomRegular(8), 64);
    EXPECT_EQ(edges.size(), 64u * 8u / 2u);
    for (auto d : degrees(edges, 64))
        EXPECT_EQ(d, 8u);
    std::set<std::pair<std::size_t, std::size_t>> unique;
    for (auto const& [a, b] : edges)
    {
        EXPECT_NE(a, b);
        unique.insert({std::min(a, b), std::max(a, b)});
    }
    EXPECT_EQ(unique.size(), edges.size());
    reseedRandom(42);
    EXPECT_EQ(makeEdges(Topology::randomRegular(8), 64), edges);
}

TEST(Simulation, EveryTopologyConnects)
{
    for (auto [topology, n] : std::vector<std::pair<Topology, std::size_t>>{{Topology::pair(), 2},
                                                                            {Topology::line(), 5},
                                                                            {Topology::ring(), 5},
                                                                            {Topology::fullMesh(), 5},
                                                                            {Topology::randomRegular(3), 8},
                                                                            {Topology::coreAndWatchers(3, 2), 7}})
    {
        SimulationOptions o;
        o.nodes = n;
        o.topology = topology;
        Simulation sim{o};
        ASSERT_TRUE(sim.connectAll(10s)) << topology.name();
        for (std::size_t i = 0; i < n; ++i)
            EXPECT_EQ(sim.node(i).overlay().authenticatedPeers().size(), degrees(sim.edges(), n)[i])
                << topology.name() << " node " << i;
    }
}

// --- push mode

// An SCP message accepted by a node's application reaches every node once:
// along a line it must be relayed by each node in turn.
TEST(SimulationScp, MessageRelayedAlongALineReachesTheEnd)
{
    SimulationOptions o;
    o.nodes = 6;
    o.topology = Topology::line();
    o.link.latency = 10ms;
    Simulation sim{o};
    ASSERT_TRUE(sim.connectAll());
    FloodObserver flood{sim};
    flood.emitEnvelope(0, makeNomination(sim.node(0).nodeID(), 10, 1));
    ASSERT_TRUE(sim.crankUntil([&] { return flood.allEnvelopesEverywhere(); }, 5s));
    // Exactly one copy per hop: never back to the sender.
    EXPECT_EQ(sim.counterSum("overlay.recv.scp-message"), 5);
    EXPECT_EQ(sim.node(0).counter("overlay.recv.scp-message"), 0);
    EXPECT_EQ(percentile(flood.envelopeLatencies(), 100), ClockDuration(50ms));
}

// 200 SCP messages from 10 origin nodes reach every node exactly
// once per node, in a random 8-regular network of 64 nodes.
TEST(SimulationScp, TwoHundredMessagesFromTenOriginsReachEveryNodeOnce)
{
    SimulationOptions o;
    o.nodes = 64;
    o.seed = 3;
    o.topology = Topology::randomRegular(8);
    o.link.latency = 20ms;
    Simulation sim{o};
    ASSERT_TRUE(sim.connectAll());
    FloodObserver flood{sim};
    for (uint64_t m = 0; m < 200; ++m)
    {
        auto origin = static_cast<std::size_t>(m % 10) * 6;
        flood.emitEnvelope(origin, makeNomination(sim.node(origin).nodeID(), 10, m));
        sim.crankFor(5ms);
    }
    ASSERT_TRUE(sim.crankUntil([&] { return flood.allEnvelopesEverywhere(); }, 10s));
    EXPECT_EQ(flood.envelopesEverywhere(), 200u);
    EXPECT_EQ(flood.maxAcceptancesOfOneEnvelope(), 1u);
    // Push mode: each node gets a message from several peers before they
    // learn it has it, but never more often than it has peers.
    auto perNode = flood.envelopesPerItemPerNode();
    std::cout << fmt::format("SCP push, 64 nodes, 8-regular: {:.2f} copies per message per node, p50 {} ms, "
                             "p99 {} ms\n",
                             perNode, percentile(flood.envelopeLatencies(), 50) / 1ms,
                             percentile(flood.envelopeLatencies(), 99) / 1ms);
    EXPECT_GE(perNode, 1.0);
    EXPECT_LE(perNode, 8.0);
    for (std::size_t i = 0; i < sim.size(); ++i)
        EXPECT_TRUE(sim.node(i).drops().empty()) << "node " << i;
}

// --- pull mode

struct PullRun
{
    double bodiesPerTxPerNode = 0;
    std::size_t everywhere = 0;
    ClockDuration p50{}, p99{}, elapsed{};
    int64_t messagesWritten = 0;
};

PullRun
runPullMode(std::size_t nodes, uint32_t degree, std::size_t txs, uint64_t seed, ClockDuration spacing)
{
    SimulationOptions o;
    o.nodes = nodes;
    o.seed = seed;
    o.topology = Topology::randomRegular(degree);
    o.link.latency = 20ms;
    Simulation sim{o};
    EXPECT_TRUE(sim.connectAll());
    FloodObserver flood{sim};
    auto start = sim.clock().now();
    for (uint64_t t = 0; t < txs; ++t)
    {
        auto origin = static_cast<std::size_t>(randomUniform(0, nodes - 1));
        flood.submitTransaction(origin, makeTransaction(seed * 1000000 + t));
        sim.crankFor(spacing);
    }
    EXPECT_TRUE(sim.crankUntil([&] { return flood.allTransactionsEverywhere(); }, 30s));
    PullRun r;
    r.everywhere = flood.transactionsEverywhere();
    r.bodiesPerTxPerNode = flood.transactionBodiesPerItemPerNode();
    r.p50 = percentile(flood.transactionLatencies(), 50);
    r.p99 = percentile(flood.transactionLatencies(), 99);
    r.elapsed = sim.clock().now() - start;
    r.messagesWritten = sim.counterSum("overlay.message.write");
    EXPECT_EQ(flood.maxAcceptancesOfOneTransaction(), 1u);
    for (std::size_t i = 0; i < sim.size(); ++i)
        EXPECT_EQ(sim.node(i).drops(), DropLog{}) << "node " << i;
    return r;
}

// In a random 8-regular network of 64 nodes, 2,000 transactions
// submitted at random nodes reach every node, and pull mode keeps the bodies
// each node receives near one per transaction (push mode would send about
// one per peer: 8).
TEST(SimulationPull, TwoThousandTransactionsReachAll64NodesWithFewDuplicates)
{
    auto r = runPullMode(64, 8, 2000, 7, 2ms);
    std::cout << fmt::format("pull mode, 64 nodes, 8-regular, 2000 tx: {:.3f} bodies per tx per node, latency p50 "
                             "{} ms p99 {} ms\n",
                             r.bodiesPerTxPerNode, r.p50 / 1ms, r.p99 / 1ms);
    EXPECT_EQ(r.everywhere, 2000u);
    EXPECT_GE(r.bodiesPerTxPerNode, 1.0);
    EXPECT_LT(r.bodiesPerTxPerNode, 1.5);
}

TEST(SimulationPull, SmallNetworkPullModeIsDeterministicForASeed)
{
    auto a = runPullMode(16, 4, 200, 11, 5ms);
    auto b = runPullMode(16, 4, 200, 11, 5ms);
    EXPECT_EQ(a.everywhere, 200u);
    EXPECT_EQ(a.messagesWritten, b.messagesWritten);
    EXPECT_EQ(a.bodiesPerTxPerNode, b.bodiesPerTxPerNode);
    EXPECT_EQ(a.p99, b.p99);
    EXPECT_LT(a.bodiesPerTxPerNode, 1.5);
}

// --- over TCP

TEST(SimulationTcp, RingOfFourFloodsTransactionsAndScpOverRealSockets)
{
    SimulationOptions o;
    o.nodes = 4;
    o.topology = Topology::ring();
    o.transport = TransportKind::Tcp;
    Simulation sim{o};
    ASSERT_TRUE(sim.connectAll(10s));
    FloodObserver flood{sim};
    for (uint64_t t = 0; t < 50; ++t)
        flood.submitTransaction(t % 4, makeTransaction(t));
    for (uint64_t m = 0; m < 10; ++m)
        flood.emitEnvelope(m % 4, makeNomination(sim.node(m % 4).nodeID(), 10, m));
    ASSERT_TRUE(sim.crankUntil([&] { return flood.allTransactionsEverywhere() && flood.allEnvelopesEverywhere(); },
                               10s));
    EXPECT_EQ(flood.maxAcceptancesOfOneTransaction(), 1u);
}

}
