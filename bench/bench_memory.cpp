// What a peer costs a node in resident memory, printed as a table. Not a
// test: nothing here asserts a figure.
//
//   bench_memory [peers, default 500] [--json FILE]
//
// A real `stellar-overlay run` process (default limits, but room for the
// peers: MAX_ADDITIONAL_PEER_CONNECTIONS and MAX_PENDING_CONNECTIONS raised)
// takes authenticated peers from this program over TCP on 127.0.0.1, 100 at
// a time; they stay idle (the node pings each every 5 s). Then as many
// connections that never say HELLO. After each step the node's VmRSS is read
// from /proc. The limits that bound each figure are in src/util/Limits.h.

#include "BenchSupport.h"
#include "hostile/HostileSupport.h"
#include "hostile/SilentCrowd.h"
#include "net/RecordMark.h"
#include "net/TcpNetwork.h"
#include "support/NodeProcess.h"
#include "util/Limits.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

// Lets the node settle (pings answered, buffers returned) before a reading.
std::size_t
settledResidentKiB(Clock& clock, NodeProcess& node)
{
    clock.crankFor(2s);
    return residentMemory(node.process().pid()).nowKiB;
}

void
row(char const* what, std::size_t count, std::size_t kib, std::size_t baseKib)
{
    double per = count ? static_cast<double>(kib - std::min(kib, baseKib)) / static_cast<double>(count) : 0.0;
    std::printf("%-34s %8zu %12zu %14.1f\n", what, count, kib, per);
}

}

int
main(int argc, char** argv)
{
    std::size_t peers = argc > 1 && argv[1][0] != '-' ? std::strtoul(argv[1], nullptr, 10) : 500;
    setLogLevel("*", "off");
    raiseOpenFileLimit();
    TempDir dir("so-bench-memory");
    NodeProcessOptions options;
    options.name = "node";
    options.logLevel = "warn";
    options.extraConfig = fmt::format("MAX_ADDITIONAL_PEER_CONNECTIONS = {}\nMAX_PENDING_CONNECTIONS = {}\n",
                                      peers + 10, peers + 100);
    NodeProcess node(dir.path(), options);
    if (!node.waitReady())
    {
        std::fprintf(stderr, "the node did not start:\n%s\n", node.process().describe().c_str());
        return 1;
    }
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};

    std::printf("%-34s %8s %12s %14s\n", "state", "peers", "rss KiB", "KiB per peer");
    auto base = settledResidentKiB(clock, node);
    row("started, no peer", 0, base, base);

    std::vector<std::unique_ptr<HonestPeer>> honest;
    std::size_t authenticatedKib = base;
    while (honest.size() < peers)
    {
        auto batch = std::min<std::size_t>(100, peers - honest.size());
        for (std::size_t i = 0; i < batch; ++i)
        {
            honest.push_back(
                std::make_unique<HonestPeer>(clock, options.networkPassphrase, crypto::SecretKey::random()));
            if (!honest.back()->connect(network, "127.0.0.1", node.peerPort(), 10s))
            {
                std::fprintf(stderr, "peer %zu could not authenticate\n", honest.size());
                return 1;
            }
        }
        authenticatedKib = settledResidentKiB(clock, node);
        row("idle authenticated peers", honest.size(), authenticatedKib, base);
    }

    SilentCrowd silent(clock, node.peerPort(), peers, /*reconnect=*/false);
    silent.start();
    clock.crankUntil([&] { return silent.connects() + silent.failedDials() == peers; }, 30s);
    // Measured at once: the authentication timeout closes them within 5 s.
    clock.crankFor(500ms);
    auto pendingKib = residentMemory(node.process().pid()).nowKiB;
    row("+ silent connections (pending)", silent.open(), pendingKib, authenticatedKib);
    silent.stop();
    honest.clear();
    auto afterKib = settledResidentKiB(clock, node);
    row("all gone", 0, afterKib, base);
    bench::Figures figures;
    figures.add("rss_kib_per_idle_peer", double(authenticatedKib - std::min(authenticatedKib, base)) / double(peers));
    figures.add("rss_kib_node_with_idle_peers", double(authenticatedKib));
    figures.writeIfAsked(argc, argv);
    std::printf("\nbounds (src/util/Limits.h): a pending connection holds at most MAX_UNAUTH_MESSAGE_SIZE (%zu) "
                "bytes of frame, an authenticated peer at most FRAME_BODY_RESERVE (%zu) ahead of what arrived; "
                "no read buffer per connection (one READ_BUFFER_SIZE per thread)\n",
                MAX_UNAUTH_MESSAGE_SIZE, FRAME_BODY_RESERVE);
    return 0;
}
