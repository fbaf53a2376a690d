// Flow control and flooding figures, printed as tables. Not a test:
// nothing here asserts a time.
//
//   bench_flow                 everything below
//   bench_flow --tcp           two nodes over TCP on 127.0.0.1: transactions per
//                              second through the full pull-mode path (200-byte
//                              transactions), SCP messages per second, and CPU
//                              instructions per delivered message (the same
//                              workload re-run under valgrind --tool=callgrind,
//                              counting only the delivery phase)
//   bench_flow --sim           64 nodes, random 8-regular, in simulated time:
//                              sustained transactions per second, duplicates per
//                              transaction per node, propagation latency
//   bench_flow --workload tx|scp N     one TCP workload (what callgrind runs)

#include "BenchSupport.h"
#include "simulation/FloodObserver.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "util/Log.h"
#include "util/Random.h"

#include <fmt/format.h>
#include <valgrind/callgrind.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

using bench::seconds;
using bench::Wall;

long
ms(ClockDuration d)
{
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

// Ledger limits high enough, and demand rounds short enough, that the
// protocol's flood budget (advert and demand sizes, spec 9.3, 9.5) is not what
// limits a pair of nodes: the figures then measure our code. With
// stellar-core's defaults (1,000 ops per 5 s ledger) a peer pulls at most 88
// transactions per 200 ms demand round, 440 per second, and keeps at most
// 1,000 advertised hashes waiting: beyond that, hashes are shed by design.
void
raiseLimits(std::size_t, ScriptedApp& app)
{
    app.maxTxSetOps = 1000000;
    app.sorobanMaxTxCount = 0;
}

void
shortDemandRounds(std::size_t, OverlayConfig& c)
{
    c.FLOOD_DEMAND_PERIOD_MS = std::chrono::milliseconds(20);
}

struct TcpResult
{
    std::size_t delivered = 0;
    double wallSeconds = 0;
};

// Node 0 gets `count` items, node 1 must accept them all; returns the wall
// time of that delivery phase. Under callgrind only this phase is counted.
// `perSecond` paces the feed (0: as fast as the nodes take it).
TcpResult
runTcpWorkload(std::string const& kind, std::size_t count, bool limitsRaised, double perSecond = 0)
{
    SimulationOptions o;
    o.nodes = 2;
    o.topology = Topology::pair();
    o.transport = TransportKind::Tcp;
    if (limitsRaised)
    {
        o.configureApp = raiseLimits;
        o.configure = shortDemandRounds;
    }
    Simulation sim{o};
    if (!sim.connectAll(10s))
        throw std::runtime_error("the two nodes did not connect");
    FloodObserver flood{sim};
    // Build the payloads first: their cost is not the overlay's.
    std::vector<TransactionEnvelope> txs;
    std::vector<SCPEnvelope> envs;
    for (std::size_t i = 0; i < count; ++i)
    {
        if (kind == "tx")
            txs.push_back(makeTransaction(i, 200));
        else
            envs.push_back(makeNomination(sim.node(0).nodeID(), 10, i));
    }
    // A timer keeps the real clock's crank from sleeping past our feed.
    Timer wake{sim.clock()};
    std::function<void()> rearm = [&] { wake.expiresAfter(1ms, rearm); };
    rearm();

    CALLGRIND_START_INSTRUMENTATION;
    auto start = Wall::now();
    std::size_t next = 0;
    auto done = [&] {
        // Feed in slices so that sending and receiving interleave; a paced
        // feed submits what is due by now.
        std::size_t due = count;
        if (perSecond > 0)
            due = std::min<std::size_t>(count, static_cast<std::size_t>(seconds(Wall::now() - start) * perSecond) + 1);
        for (std::size_t i = 0; i < 50 && next < due; ++i, ++next)
        {
            if (kind == "tx")
                flood.submitTransaction(0, txs[next]);
            else
                flood.emitEnvelope(0, envs[next]);
        }
        return kind == "tx" ? flood.allTransactionsEverywhere() && next == count
                            : flood.allEnvelopesEverywhere() && next == count;
    };
    bool ok = sim.crankUntil(done, 120s);
    auto wall = Wall::now() - start;
    CALLGRIND_STOP_INSTRUMENTATION;
    if (!ok)
        throw std::runtime_error("not everything was delivered within 120 s");
    return TcpResult{count, seconds(wall)};
}

// Instructions per message of `bench_flow --workload kind count` under callgrind.
std::optional<double>
instructionsPerMessage(std::string const& self, std::string const& kind, std::size_t count)
{
    auto total = bench::callgrindInstructions(self, {"--workload", kind, std::to_string(count)});
    if (!total)
        return std::nullopt;
    return *total / static_cast<double>(count);
}

void
tcpTable(std::string const& self)
{
    std::cout << "\nTwo nodes over TCP on 127.0.0.1 (one process; both nodes' work counted)\n";
    std::cout << fmt::format("{:<52} {:>10} {:>12} {:>16}\n", "workload", "messages", "per second",
                             "instr/message");
    struct Row
    {
        std::string name, kind;
        std::size_t count;
        bool raised;
        double pace;
    };
    for (auto const& row : {Row{"TRANSACTION 200 B, pull, core's limits, 400/s offered", "tx", 3000, false, 400},
                            Row{"TRANSACTION 200 B, pull, limits raised", "tx", 20000, true, 0},
                            Row{"SCP_MESSAGE (push)", "scp", 20000, false, 0}})
    {
        auto r = runTcpWorkload(row.kind, row.count, row.raised, row.pace);
        std::string instr = "-";
        if (row.raised || row.kind == "scp")
            if (auto i = instructionsPerMessage(self, row.kind, 2000))
                instr = fmt::format("{:.0f}", *i);
        std::cout << fmt::format("{:<52} {:>10} {:>12.0f} {:>16}\n", row.name, r.delivered,
                                 static_cast<double>(r.delivered) / r.wallSeconds, instr);
    }
    std::cout << "(limits raised: maxTxSetSizeOps 1,000,000 and FLOOD_DEMAND_PERIOD_MS 20, so that the flood budget "
                 "does not bind; instructions: valgrind --tool=callgrind over 2,000 messages, delivery phase only, "
                 "both nodes; perf's instruction counter is not available here)\n";
}

void
simulationTable()
{
    std::cout << "\n64 nodes, random 8-regular, 20 ms links, simulated time (core's default limits: 1,000 ops per 5 s "
                 "ledger)\n";
    std::cout << fmt::format("{:>14} {:>8} {:>12} {:>14} {:>10} {:>10} {:>10} {:>10}\n", "offered tx/s", "txs",
                             "delivered", "sustained tx/s", "dups/tx", "p50 ms", "p90 ms", "p99 ms");
    for (double rate : {100.0, 400.0, 800.0, 1600.0})
    {
        SimulationOptions o;
        o.nodes = 64;
        o.seed = 7;
        o.topology = Topology::randomRegular(8);
        o.link.latency = 20ms;
        Simulation sim{o};
        sim.connectAll();
        FloodObserver flood{sim};
        std::size_t const txs = 2000;
        auto spacing = std::chrono::duration_cast<ClockDuration>(std::chrono::duration<double>(1.0 / rate));
        auto wallStart = Wall::now();
        auto start = sim.clock().now();
        for (std::size_t t = 0; t < txs; ++t)
        {
            flood.submitTransaction(static_cast<std::size_t>(randomUniform(0, 63)), makeTransaction(t));
            sim.crankFor(spacing);
        }
        // Sustained: delivered everywhere, over the span from the first
        // submission to the last delivery (crankUntil stops right there).
        sim.crankUntil([&] { return flood.allTransactionsEverywhere(); }, 30s);
        auto lat = flood.transactionLatencies();
        double span = std::chrono::duration<double>(sim.clock().now() - start).count();
        std::cout << fmt::format("{:>14.0f} {:>8} {:>12} {:>14.0f} {:>10.3f} {:>10} {:>10} {:>10}   ({:.1f} s wall)\n",
                                 rate, txs, flood.transactionsEverywhere(),
                                 static_cast<double>(flood.transactionsEverywhere()) / span,
                                 flood.transactionBodiesPerItemPerNode(), ms(percentile(lat, 50)),
                                 ms(percentile(lat, 90)), ms(percentile(lat, 99)),
                                 seconds(Wall::now() - wallStart));
    }
    std::cout << "(dups/tx: TRANSACTION bodies each node received per transaction; push mode would be near 8)\n";
}

}

int
main(int argc, char** argv)
{
    setLogLevel("*", "warn");
    std::string mode = argc > 1 ? argv[1] : "";
    try
    {
        if (mode == "--workload" && argc == 4)
        {
            auto r = runTcpWorkload(argv[2], std::stoul(argv[3]), /*limitsRaised=*/std::string(argv[2]) == "tx");
            std::cout << r.delivered << "\n";
            return 0;
        }
        std::string self = argv[0];
        if (mode.empty() || mode == "--tcp")
            tcpTable(self);
        if (mode.empty() || mode == "--sim")
            simulationTable();
    }
    catch (std::exception const& e)
    {
        std::cerr << "bench_flow: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
