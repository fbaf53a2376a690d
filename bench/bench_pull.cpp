// Pull-mode efficiency in a 7-node full mesh (the shape of supercluster's
// max-TPS test), in virtual time over the in-memory loopback with
// stellar-core's default periods and limits: counts, the same every run for
// a seed. Printed, and written with --json FILE; nothing is asserted.
//
//   transactions  20,000 unique 200-byte transactions submitted at random
//                 nodes at a fixed rate, run until quiet; per node: TRANSACTION
//                 bodies received per unique transaction, overlay bytes read
//                 per unique transaction, the share delivered
//   SCP           the same mesh of relay nodes (the standalone node's
//                 application) behind the test ledger clock: each follower
//                 hears the clock's EXTERNALIZE from the clock and from each
//                 other follower; Ed25519 verifications (scp.envelope.validsig
//                 and invalidsig) per unique envelope
//
//   bench_pull [--txs N] [--rate TX_PER_S] [--json FILE]

#include "BenchSupport.h"

#include "node/RelayApp.h"
#include "node/RelayTestSupport.h"
#include "simulation/FloodObserver.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"
#include "util/Log.h"
#include "util/Random.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

constexpr std::size_t NODES = 7;

void
transactions(std::size_t count, double rate, bench::Figures& figures)
{
    SimulationOptions o;
    o.nodes = NODES;
    o.seed = 11;
    o.topology = Topology::fullMesh();
    o.link.latency = 20ms;
    Simulation sim{o};
    if (!sim.connectAll())
        throw std::runtime_error("the mesh did not connect");
    FloodObserver flood{sim};
    std::vector<int64_t> bytesBefore;
    for (std::size_t i = 0; i < NODES; ++i)
        bytesBefore.push_back(sim.node(i).counter("overlay.byte.read"));
    auto spacing = std::chrono::duration_cast<ClockDuration>(std::chrono::duration<double>(1.0 / rate));
    auto wallStart = bench::Wall::now();
    for (std::size_t t = 0; t < count; ++t)
    {
        flood.submitTransaction(static_cast<std::size_t>(randomUniform(0, NODES - 1)), makeTransaction(t, 200));
        sim.crankFor(spacing);
    }
    sim.crankUntil([&] { return flood.allTransactionsEverywhere(); }, 60s);
    sim.crankFor(10s); // quiet: whatever is still in flight arrives and is counted
    double unique = double(count);
    double maxBytes = 0, sumBytes = 0;
    for (std::size_t i = 0; i < NODES; ++i)
    {
        auto b = double(sim.node(i).counter("overlay.byte.read") - bytesBefore[i]) / unique;
        maxBytes = std::max(maxBytes, b);
        sumBytes += b;
    }
    double delivery = double(flood.transactionsEverywhere()) / unique;
    std::cout << fmt::format("\n7-node full mesh, {} unique 200-byte transactions at {:.0f}/s at random nodes, core's "
                             "default periods and limits, 20 ms links ({:.0f} s wall)\n",
                             count, rate, bench::seconds(bench::Wall::now() - wallStart));
    std::cout << fmt::format("bodies received per unique transaction per node: {:.3f}\n",
                             flood.transactionBodiesPerItemPerNode());
    std::cout << fmt::format("overlay bytes read per unique transaction per node: mean {:.0f}, most {:.0f} "
                             "({:.2f}x the 252-byte frame)\n",
                             sumBytes / NODES, maxBytes, maxBytes / 252.0);
    std::cout << fmt::format("delivered to every node: {} of {} ({:.2f}%)\n", flood.transactionsEverywhere(), count,
                             100 * delivery);
    figures.add("pull_bodies_per_tx", flood.transactionBodiesPerItemPerNode());
    figures.add("pull_bytes_per_tx", maxBytes);
    figures.add("pull_bytes_per_tx_mean", sumBytes / NODES);
    figures.add("pull_delivery", delivery);
}

// Every node dials all the others (a full mesh).
OverlayConfig
meshOverlayConfig()
{
    auto c = test::testOverlayConfig();
    c.TARGET_PEER_CONNECTIONS = NODES - 1;
    c.MAX_ADDITIONAL_PEER_CONNECTIONS = 3 * NODES;
    return c;
}

void
envelopes(bench::Figures& figures)
{
    test::LoopbackWorld world;
    auto clockKey = test::validatorKey(1);
    auto config = [&](std::optional<crypto::SecretKey> key) {
        RelayAppConfig c;
        c.networkID = test::networkIdOf(test::TEST_NETWORK_PASSPHRASE);
        c.quorumSet = test::quorumSetOf(1, {clockKey});
        c.ledgerClockKey = std::move(key);
        c.expectedLedgerCloseTime = 5000ms; // core's EXP_LEDGER_TIMESPAN_SECONDS
        return c;
    };
    std::vector<std::unique_ptr<test::RelayNode>> nodes;
    nodes.push_back(std::make_unique<test::RelayNode>(world, meshOverlayConfig(), config(clockKey)));
    for (std::size_t i = 1; i < NODES; ++i)
    {
        nodes.push_back(std::make_unique<test::RelayNode>(world, meshOverlayConfig(), config(std::nullopt)));
        for (std::size_t j = 0; j < i; ++j)
            nodes[i]->node->overlay().connectTo(nodes[j]->node->address());
    }
    constexpr uint32_t LEDGERS = 60;
    world.runUntil(world.elapsed() + 5000ms * LEDGERS + 2500ms);
    auto closed = nodes[0]->app->trackingLedgerSeq() - 1; // ledger 2 is the first the clock closes
    double worst = 0, sum = 0;
    std::size_t heard = 0;
    for (std::size_t i = 1; i < NODES; ++i)
    {
        auto n = nodes[i]->node;
        auto verifications = n->counter("scp.envelope.validsig") + n->counter("scp.envelope.invalidsig");
        auto perEnvelope = double(verifications) / double(closed);
        worst = std::max(worst, perEnvelope);
        sum += perEnvelope;
        heard = std::max<std::size_t>(heard, std::size_t(n->counter("overlay.recv.scp-message")));
    }
    std::cout << fmt::format("\nSCP: 7 relay nodes in a full mesh, the test ledger clock closing {} ledgers (one "
                             "EXTERNALIZE each, every follower hearing each up to 6 times: at most {} SCP_MESSAGEs "
                             "read by one follower)\n",
                             closed, heard);
    std::cout << fmt::format("Ed25519 verifications per unique envelope per follower: mean {:.2f}, most {:.2f}\n",
                             sum / double(NODES - 1), worst);
    figures.add("scp_verifies_per_envelope", worst);
    figures.add("scp_envelopes_read_per_unique", double(heard) / double(closed));
}

}

int
main(int argc, char** argv)
{
    setLogLevel("*", "warn");
    try
    {
        bench::Figures figures;
        transactions(std::stoul(bench::option(argc, argv, "--txs", "20000")),
                     std::stod(bench::option(argc, argv, "--rate", "150")), figures);
        envelopes(figures);
        figures.addPeakMemory("bench_pull");
        figures.writeIfAsked(argc, argv);
        return 0;
    }
    catch (std::exception const& e)
    {
        std::cerr << "bench_pull: " << e.what() << "\n";
        return 1;
    }
}
