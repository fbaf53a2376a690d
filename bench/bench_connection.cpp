// One connection between two processes over TCP on 127.0.0.1, each process
// one node with its own event loop (the receiver is a fork of the sender):
// real handshake, real flow control, pull mode with the flood budget raised
// so that it does not bind (maxTxSetSizeOps 1,000,000, FLOOD_DEMAND_PERIOD_MS
// 20). Figures, printed and written with --json FILE; nothing is asserted.
//
//   throughput   N 200-byte transactions submitted at the sender as fast as
//                its loop takes them; delivered per second at the receiver,
//                alternated with a round of the crypto-only receive loop (the
//                MAC check, flood key and transaction hash of the same frames,
//                one core) so that both rates see the same machine load
//   wire bytes   what both nodes read (record marks included), per
//                delivered transaction: the body, its advert and demand, and
//                the flow-control grants
//   scp latency  a SCP_MESSAGE's trip from the sender's broadcast to the
//                receiver's application (CLOCK_MONOTONIC is one clock for
//                both processes), idle and while a transaction flood keeps
//                200 or more transactions queued at the sender
//   syscalls     the throughput workload under strace -f -c at two counts;
//                read and write family calls per 1,000 delivered
//
//   bench_connection [--rounds R] [--json FILE]
//   bench_connection --workload N       one throughput round (what strace runs)

#include "BenchSupport.h"

#include "crypto/BLAKE2.h"
#include "crypto/SHA.h"
#include "simulation/Simulation.h"
#include "simulation/Traffic.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

constexpr std::size_t TX_BYTES = 200;
constexpr std::size_t SCP_SAMPLES = 400;
// The scripted application tracks ledger 10: envelopes for it are current.
constexpr uint64_t SCP_SLOT = 10;

int64_t
monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(bench::Wall::now().time_since_epoch()).count();
}

// Each process's node; different seeds, different node identities.
SimulationOptions
oneNode(uint64_t seed)
{
    SimulationOptions o;
    o.nodes = 1;
    o.seed = seed;
    o.topology = Topology::line();
    o.transport = TransportKind::Tcp;
    o.configureApp = [](std::size_t, ScriptedApp& app) {
        app.maxTxSetOps = 1'000'000;
        app.sorobanMaxTxCount = 0;
    };
    o.configure = [](std::size_t, OverlayConfig& c) { c.FLOOD_DEMAND_PERIOD_MS = 20ms; };
    return o;
}

// What the receiving process reports when it has everything it waited for,
// in memory both processes share: the sender looks at `ready` between turns
// of its loop without a system call, so that the system-call count is the
// connection's alone.
struct ReceiverReport
{
    std::atomic<int> ready{0};
    int64_t doneNs = 0;
    int64_t bytesRead = 0;
    int64_t arrivalsNs[2 * SCP_SAMPLES] = {};
};

// The receiving process: one node that accepts the sender's connection,
// counts transactions and notes when each SCP envelope reaches the
// application, then fills `report`.
[[noreturn]] void
receiver(int portOut, ReceiverReport& report, std::size_t txs, std::size_t envelopes)
{
    Simulation sim{oneNode(2)};
    std::size_t gotTx = 0, gotScp = 0;
    auto& app = sim.node(0).app();
    app.onAcceptedTransaction = [&](Hash const&) { ++gotTx; };
    // Envelope i votes for makeNomination's value i.
    std::map<Value, std::size_t> idOf;
    for (std::size_t i = 0; i < 2 * SCP_SAMPLES; ++i)
        idOf[makeNomination(sim.node(0).nodeID(), SCP_SLOT, i).statement.pledges.nominate().votes.at(0)] = i;
    app.onAcceptedEnvelope = [&](SCPEnvelope const& env) {
        auto id = idOf.find(env.statement.pledges.nominate().votes.at(0));
        if (id != idOf.end())
            report.arrivalsNs[id->second] = monotonicNs();
        ++gotScp;
    };
    uint16_t port = sim.node(0).address().port();
    if (::write(portOut, &port, sizeof port) != sizeof port)
        std::_Exit(2);
    Timer wake{sim.clock()};
    std::function<void()> rearm = [&] { wake.expiresAfter(1ms, rearm); };
    rearm();
    bool ok = sim.crankUntil([&] { return gotTx >= txs && gotScp >= envelopes; }, 60s);
    report.doneNs = monotonicNs();
    report.bytesRead = sim.node(0).counter("overlay.byte.read");
    if (!ok)
        std::_Exit(3);
    report.ready.store(1, std::memory_order_release);
    std::_Exit(0);
}

struct Pair
{
    int fromReceiver[2] = {-1, -1};
    ReceiverReport* shared = nullptr;
    pid_t child = -1;
    std::unique_ptr<Simulation> sim;
    Peer::pointer peer;

    Pair(std::size_t txs, std::size_t envelopes)
    {
        if (::pipe(fromReceiver) != 0)
            throw std::runtime_error("pipe failed");
        void* memory = ::mmap(nullptr, sizeof(ReceiverReport), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            throw std::runtime_error("mmap failed");
        shared = new (memory) ReceiverReport;
        child = ::fork();
        if (child == 0)
        {
            ::close(fromReceiver[0]);
            receiver(fromReceiver[1], *shared, txs, envelopes);
        }
        uint16_t port = 0;
        if (::read(fromReceiver[0], &port, sizeof port) != sizeof port)
            throw std::runtime_error("the receiving process did not start");
        sim = std::make_unique<Simulation>(oneNode(1));
        sim->node(0).overlay().connectTo(*PeerBareAddress::fromIPv4({127, 0, 0, 1}, port));
        sim->crankUntil([&] { return !sim->node(0).overlay().authenticatedPeers().empty(); }, 10s);
        auto peers = sim->node(0).overlay().authenticatedPeers();
        if (peers.empty())
            throw std::runtime_error("the two processes did not authenticate");
        peer = peers.front();
    }

    ~Pair()
    {
        peer.reset();
        sim.reset();
        for (int fd : {fromReceiver[0], fromReceiver[1]})
            if (fd >= 0)
                ::close(fd);
        if (child > 0)
            ::waitpid(child, nullptr, 0);
        ::munmap(shared, sizeof(ReceiverReport));
    }

    // The receiver's report once it is complete.
    ReceiverReport const*
    pollReport() const
    {
        return shared->ready.load(std::memory_order_acquire) ? shared : nullptr;
    }

    // Transactions and envelopes queued at the sender for this connection.
    std::size_t
    queuedTransactions() const
    {
        auto const& fc = peer->flowControl();
        return fc.outboundQueues()[1].size() + fc.advertQueueTxHashCount();
    }
};

struct ThroughputResult
{
    double msgsPerSecond = 0;
    double wireBytesPerTx = 0;
};

void
submit(Simulation& sim, TransactionEnvelope const& tx)
{
    auto& n = sim.node(0);
    auto hash = fullHash(tx);
    if (n.app().recvTransaction(tx, hash) == OverlayApp::TxStatus::Accepted)
        n.overlay().broadcastTransaction(tx, hash);
}

ThroughputResult
throughput(std::vector<TransactionEnvelope> const& txs)
{
    Pair pair(txs.size(), 0);
    auto& sim = *pair.sim;
    Timer wake{sim.clock()};
    std::function<void()> rearm = [&] { wake.expiresAfter(1ms, rearm); };
    rearm();
    auto bytesBefore = sim.node(0).counter("overlay.byte.read");
    auto start = monotonicNs();
    std::size_t next = 0;
    ReceiverReport const* report = nullptr;
    sim.crankUntil(
        [&] {
            for (std::size_t i = 0; i < 50 && next < txs.size(); ++i)
                submit(sim, txs[next++]);
            report = pair.pollReport();
            return report != nullptr;
        },
        60s);
    if (!report)
        throw std::runtime_error("the receiver did not get every transaction within 60 s");
    double secs = double(report->doneNs - start) / 1e9;
    auto bytes = sim.node(0).counter("overlay.byte.read") - bytesBefore + report->bytesRead;
    return {double(txs.size()) / secs, double(bytes) / double(txs.size())};
}

// The same frames a receiver would check, only the cryptography: HMAC over
// sequence || message, BLAKE2b-256 of the message, SHA-256 of the envelope.
double
cryptoOnlyRate(std::vector<std::vector<uint8_t>> const& frames)
{
    crypto::Bytes32 key{};
    key[0] = 7;
    crypto::HmacSha256Key const prepared{key};
    std::size_t sink = 0;
    auto start = bench::Wall::now();
    for (auto const& f : frames)
    {
        std::span<uint8_t const> b(f);
        crypto::Bytes32 mac;
        std::copy(b.end() - 32, b.end(), mac.begin());
        sink += prepared.verify(mac, b.subspan(4, b.size() - 36)) ? 1 : 0;
        sink += crypto::blake2b256(b.subspan(12, b.size() - 44))[0];
        sink += crypto::sha256(b.subspan(16, b.size() - 48))[0];
    }
    auto secs = bench::seconds(bench::Wall::now() - start);
    if (sink == 0xdeadbeef)
        std::cout << "";
    return double(frames.size()) / secs;
}

// AuthenticatedMessage v0 bodies (v, sequence, message, mac) of the
// transactions, as they come off the wire; the MACs are not valid, which
// costs the check the same.
std::vector<std::vector<uint8_t>>
framesOf(std::vector<TransactionEnvelope> const& txs)
{
    std::vector<std::vector<uint8_t>> frames;
    for (std::size_t i = 0; i < txs.size(); ++i)
    {
        xdr::XdrWriter w;
        w.writeUint32(0);
        w.writeUint64(i);
        xdr::encode(w, transactionMessage(txs[i]));
        auto bytes = w.take();
        bytes.resize(bytes.size() + 32, 0xab);
        frames.push_back(std::move(bytes));
    }
    return frames;
}

struct Latency
{
    std::vector<double> idleUs, loadedUs;
    double meanQueued = 0;
    std::size_t minQueued = 0;
};

// SCP_SAMPLES envelopes one every 2 ms on an idle connection, then as many
// while a flood of transactions is submitted faster than the connection
// drains it.
Latency
scpLatency(std::vector<TransactionEnvelope> const& txs)
{
    // The receiver waits for the envelopes only: what it reports is their arrival.
    Pair pair(0, 2 * SCP_SAMPLES);
    auto& sim = *pair.sim;
    Timer wake{sim.clock()};
    std::function<void()> rearm = [&] { wake.expiresAfter(1ms, rearm); };
    rearm();
    auto from = sim.node(0).nodeID();
    std::vector<int64_t> sentNs(2 * SCP_SAMPLES);
    auto emit = [&](std::size_t id) {
        auto env = makeNomination(from, SCP_SLOT, id);
        sentNs[id] = monotonicNs();
        if (sim.node(0).app().recvSCPEnvelope(env) == OverlayApp::EnvelopeStatus::Ready)
            sim.node(0).overlay().broadcastSCPEnvelope(env);
    };
    Latency result;
    result.minQueued = SIZE_MAX;
    std::size_t id = 0, next = 0;
    auto lastEmit = bench::Wall::now();
    ReceiverReport const* report = nullptr;
    double queuedSum = 0;
    sim.crankUntil(
        [&] {
            bool loaded = id >= SCP_SAMPLES;
            if (loaded)
                for (std::size_t i = 0; i < 50 && next < txs.size(); ++i)
                    submit(sim, txs[next++]);
            // Loaded samples wait until the flood has built a queue.
            bool ready = !loaded || pair.queuedTransactions() >= 200 || next == txs.size();
            if (id < 2 * SCP_SAMPLES && ready && bench::Wall::now() - lastEmit >= 2ms)
            {
                if (loaded)
                {
                    auto q = pair.queuedTransactions();
                    queuedSum += double(q);
                    result.minQueued = std::min(result.minQueued, q);
                }
                emit(id++);
                lastEmit = bench::Wall::now();
            }
            report = pair.pollReport();
            return report != nullptr;
        },
        60s);
    if (!report)
        throw std::runtime_error("the receiver did not get every envelope within 60 s");
    for (std::size_t i = 0; i < 2 * SCP_SAMPLES; ++i)
        (i < SCP_SAMPLES ? result.idleUs : result.loadedUs).push_back(double(report->arrivalsNs[i] - sentNs[i]) / 1e3);
    result.meanQueued = queuedSum / double(SCP_SAMPLES);
    return result;
}

// read and write family calls of `self --workload n` (both processes).
std::optional<std::pair<double, double>>
straceCalls(std::string const& self, std::size_t n)
{
    auto out = fmt::format("/tmp/so-bench-strace.{}", ::getpid());
    auto cmd = fmt::format("strace -f -c -o {} -e trace=read,write,readv,writev,recvmsg,sendmsg,recvfrom,sendto "
                           "{} --workload {} > /dev/null 2>&1",
                           out, self, n);
    if (std::system(cmd.c_str()) != 0)
        return std::nullopt;
    std::ifstream in(out);
    std::string line;
    double reads = 0, writes = 0;
    while (std::getline(in, line))
    {
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string s; fields >> s;)
            f.push_back(s);
        // % time, seconds, usecs/call, calls, [errors], syscall
        if (f.size() < 5 || f[0].find_first_not_of("0123456789.") != std::string::npos)
            continue;
        auto name = f.back();
        double calls = std::stod(f[3]);
        if (name == "read" || name == "readv" || name == "recvmsg" || name == "recvfrom")
            reads += calls;
        else if (name == "write" || name == "writev" || name == "sendmsg" || name == "sendto")
            writes += calls;
    }
    std::remove(out.c_str());
    return std::make_pair(reads, writes);
}

std::vector<TransactionEnvelope>
transactions(std::size_t n, uint64_t first)
{
    std::vector<TransactionEnvelope> txs;
    for (std::size_t i = 0; i < n; ++i)
        txs.push_back(makeTransaction(first + i, TX_BYTES));
    return txs;
}

int
run(std::string const& self, int rounds, bench::Figures& figures)
{
    constexpr std::size_t N = 20'000;
    auto txs = transactions(N, 0);
    auto frames = framesOf(txs);
    std::cout << "\nOne connection, two processes over TCP on 127.0.0.1 (" << N << " 200-byte transactions a round)\n";
    std::cout << fmt::format("{:<8} {:>14} {:>18} {:>8} {:>12} {:>12} {:>12}\n", "round", "delivered/s",
                             "crypto-only/s", "ratio", "wire B/tx", "scp idle p50", "loaded p99");
    for (int r = 0; r < rounds; ++r)
    {
        auto t = throughput(txs);
        auto c = cryptoOnlyRate(frames);
        auto lat = scpLatency(transactions(60'000, N));
        figures.add("tcp_msgs_per_s", t.msgsPerSecond);
        figures.add("tcp_crypto_only_msgs_per_s", c);
        figures.add("tcp_ratio_to_crypto_only", t.msgsPerSecond / c);
        figures.add("wire_bytes_per_200b_tx", t.wireBytesPerTx);
        figures.add("scp_p50_idle_us", bench::percentile(lat.idleUs, 50));
        figures.add("scp_p99_idle_us", bench::percentile(lat.idleUs, 99));
        figures.add("scp_p50_loaded_us", bench::percentile(lat.loadedUs, 50));
        figures.add("scp_p99_loaded_us", bench::percentile(lat.loadedUs, 99));
        figures.add("scp_loaded_least_queued_txs", double(lat.minQueued));
        std::cout << fmt::format("{:<8} {:>14.0f} {:>18.0f} {:>8.2f} {:>12.1f} {:>9.0f} us {:>9.0f} us  (queued at "
                                 "the sender while loaded: mean {:.0f}, least {})\n",
                                 r + 1, t.msgsPerSecond, c, t.msgsPerSecond / c, t.wireBytesPerTx,
                                 bench::percentile(lat.idleUs, 50), bench::percentile(lat.loadedUs, 99),
                                 lat.meanQueued, lat.minQueued);
    }

    constexpr std::size_t S1 = 5'000, S2 = 15'000;
    auto small = straceCalls(self, S1);
    auto large = straceCalls(self, S2);
    if (!small || !large)
    {
        std::cerr << "bench_connection: strace failed (is strace installed?)\n";
        return 1;
    }
    double reads = (large->first - small->first) * 1000.0 / double(S2 - S1);
    double writes = (large->second - small->second) * 1000.0 / double(S2 - S1);
    std::cout << fmt::format("System calls per 1,000 delivered transactions, both processes (strace -f -c, "
                             "(calls({}) - calls({})) / {}): read family {:.1f}, write family {:.1f}\n",
                             S2, S1, S2 - S1, reads, writes);
    figures.add("syscalls_per_1000_msgs", reads + writes);
    figures.add("read_syscalls_per_1000_msgs", reads);
    figures.add("write_syscalls_per_1000_msgs", writes);
    return 0;
}

}

int
main(int argc, char** argv)
{
    setLogLevel("*", "warn");
    std::string mode = argc > 1 ? argv[1] : "";
    try
    {
        if (mode == "--workload" && argc == 3)
        {
            auto r = throughput(transactions(std::stoul(argv[2]), 0));
            std::cout << r.msgsPerSecond << "\n";
            return 0;
        }
        bench::Figures figures;
        int rc = run(argv[0], std::stoi(bench::option(argc, argv, "--rounds", "3")), figures);
        figures.addPeakMemory("bench_connection");
        figures.writeIfAsked(argc, argv);
        return rc;
    }
    catch (std::exception const& e)
    {
        std::cerr << "bench_connection: " << e.what() << "\n";
        return 1;
    }
}
