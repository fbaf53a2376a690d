// Instructions per message on the two per-message paths of one connection,
// counted by valgrind --tool=callgrind (deterministic, unlike time on a
// shared machine), each beside a reference: a loop of only the cryptography
// that path cannot avoid, built against the same crypto library.
//
//   inbound   pre-built authenticated 200-byte TRANSACTION frames, cut from
//             one byte stream by the FrameReader a TCP connection uses and
//             handed to the node's Peer: MAC check, decode, flood key,
//             transaction hash, flow-control accounting, Floodgate record,
//             the application's duplicate check, SEND_MORE_EXTENDED back
//   outbound  200-byte TRANSACTION messages given to the Peer as flood
//             messages: flow-control queue, encode, MAC, the transport's
//             write queue, the written frames leaving the queue
//
// No socket is involved: the node's transport is the in-memory loopback,
// and what the node sends back never arrives during the measurement (the
// virtual clock does not move). Each workload runs at two message counts;
// the difference of the instruction totals divided by the difference of the
// counts is the cost of one message, free of setup.
//
//   bench_msgpath [--rounds R] [--json FILE]   the four workloads under
//                                      callgrind, R times (default 3), a table
//   bench_msgpath --workload W N       one workload (what callgrind runs):
//                                      rx, tx, rx-ref, tx-ref

#include "BenchSupport.h"

#include "crypto/BLAKE2.h"
#include "crypto/SHA.h"
#include "net/FrameReader.h"
#include "net/RecordMark.h"
#include "simulation/Traffic.h"
#include "support/LoopbackWorld.h"
#include "util/Log.h"

#include <fmt/format.h>
#include <valgrind/callgrind.h>

#include <iostream>
#include <stdexcept>

using namespace stellar;
using namespace stellar::simulation;
using namespace std::chrono_literals;

namespace
{

constexpr std::size_t TX_BYTES = 200;
// Messages between two turns of the event loop, as a socket read or a
// flood batch delivers them.
constexpr std::size_t SLICE = 40;

// One node and one authenticated remote over the loopback. The link takes
// 1 ms, so that nothing the node sends reaches the remote while the clock
// stands still.
struct Connection
{
    test::LoopbackWorld world;
    test::TestNode* node = nullptr;
    std::unique_ptr<test::ScriptedPeer> remote;
    Peer::pointer peer; // the node's side

    Connection()
    {
        world.link = LinkOptions{.latency = 1ms};
        node = &world.startedNode();
        node->app().maxTxSetOps = 1'000'000; // no outbound queue trimming
        auto options = test::scriptedOptions();
        // Credit for everything the outbound workload sends.
        options.initialGrant = SendMoreExtended{1'000'000, 1'000'000'000};
        remote = world.authenticatedPeer(*node, options);
        world.runUntil(world.elapsed() + 1s);
        auto peers = node->overlay().authenticatedPeers();
        if (peers.size() != 1)
            throw std::runtime_error("the remote did not authenticate");
        peer = peers.front();
    }

    // Runs what is ready now (posted work, due timers) until nothing is.
    void
    settle()
    {
        while (world.clock.crank(/*block=*/false) > 0)
        {
        }
    }
};

std::vector<uint8_t>
wireStream(std::vector<std::vector<uint8_t>> const& bodies)
{
    std::vector<uint8_t> stream;
    for (auto const& b : bodies)
    {
        auto mark = encodeRecordMark(static_cast<uint32_t>(b.size()));
        stream.insert(stream.end(), mark.begin(), mark.end());
        stream.insert(stream.end(), b.begin(), b.end());
    }
    return stream;
}

void
inbound(std::size_t n)
{
    Connection c;
    std::vector<std::vector<uint8_t>> bodies;
    for (std::size_t i = 0; i < n; ++i)
        bodies.push_back(c.remote->frameBody(transactionMessage(makeTransaction(i, TX_BYTES))));
    auto stream = wireStream(bodies);
    auto before = c.node->app().txs.size();

    CALLGRIND_START_INSTRUMENTATION;
    FrameReader reader(MAX_MESSAGE_SIZE);
    std::span<uint8_t const> rest(stream);
    std::size_t frames = 0;
    while (!rest.empty())
    {
        auto step = reader.consume(rest);
        rest = rest.subspan(step.consumed);
        if (step.status != FrameReader::Status::FrameReady)
            continue;
        c.peer->onFrame(reader.takeFrame());
        if (++frames % SLICE == 0)
            c.settle();
    }
    c.settle();
    CALLGRIND_STOP_INSTRUMENTATION;

    if (c.peer->isClosing() || c.node->app().txs.size() - before != n)
        throw std::runtime_error("the node did not accept every transaction");
}

void
outbound(std::size_t n)
{
    Connection c;
    std::vector<OutboundMessage> messages;
    for (std::size_t i = 0; i < n; ++i)
        messages.push_back(std::make_shared<StellarMessage const>(transactionMessage(makeTransaction(i, TX_BYTES))));
    auto before = c.peer->messagesWritten();

    CALLGRIND_START_INSTRUMENTATION;
    for (std::size_t i = 0; i < n; ++i)
    {
        c.peer->sendMessage(messages[i]);
        if ((i + 1) % SLICE == 0)
            c.settle();
    }
    c.settle();
    CALLGRIND_STOP_INSTRUMENTATION;

    if (c.peer->isClosing() || c.peer->messagesWritten() - before != n)
        throw std::runtime_error("the node did not write every transaction");
}

// The same frames as `inbound`, but only what the path must compute: the
// MAC over sequence || message (the key made ready once), the flood key (BLAKE2b-256 of the message)
// and the transaction's full hash (SHA-256 of the envelope).
void
inboundReference(std::size_t n)
{
    Connection c;
    std::vector<std::vector<uint8_t>> bodies;
    for (std::size_t i = 0; i < n; ++i)
        bodies.push_back(c.remote->frameBody(transactionMessage(makeTransaction(i, TX_BYTES))));
    crypto::Bytes32 key{};
    key[0] = 1;
    crypto::HmacSha256Key const prepared{key}; // once per connection, as the path does
    std::size_t valid = 0;

    CALLGRIND_START_INSTRUMENTATION;
    for (auto const& body : bodies)
    {
        std::span<uint8_t const> b(body);
        crypto::Bytes32 mac;
        std::copy(b.end() - 32, b.end(), mac.begin());
        valid += prepared.verify(mac, b.subspan(4, b.size() - 36)) ? 1 : 0;
        auto floodKey = crypto::blake2b256(b.subspan(12, b.size() - 44));
        auto fullHash = crypto::sha256(b.subspan(16, b.size() - 48));
        valid += floodKey[0] == fullHash[0] ? 1 : 0;
    }
    CALLGRIND_STOP_INSTRUMENTATION;
    std::cout << valid << "\n";
}

// The MAC each outbound message needs, over sequence || message, with the
// key made ready once.
void
outboundReference(std::size_t n)
{
    std::vector<std::vector<uint8_t>> inputs;
    for (std::size_t i = 0; i < n; ++i)
    {
        xdr::XdrWriter w;
        w.writeUint64(i);
        xdr::encode(w, transactionMessage(makeTransaction(i, TX_BYTES)));
        inputs.push_back(w.take());
    }
    crypto::Bytes32 key{};
    key[0] = 1;
    crypto::HmacSha256Key const prepared{key};
    uint8_t sink = 0;

    CALLGRIND_START_INSTRUMENTATION;
    for (auto const& input : inputs)
        sink ^= prepared.mac(input)[0];
    CALLGRIND_STOP_INSTRUMENTATION;
    std::cout << int(sink) << "\n";
}

struct Row
{
    std::string workload, key;
};

int
table(std::string const& self, int rounds, bench::Figures& figures)
{
    constexpr std::size_t N1 = 500, N2 = 1500;
    std::cout << "\nInstructions per 200-byte TRANSACTION (valgrind --tool=callgrind, (I(" << N2 << ") - I(" << N1
              << ")) / " << (N2 - N1) << ")\n";
    std::cout << fmt::format("{:<6} {:>12} {:>12} {:>8} {:>12} {:>12} {:>8}\n", "round", "inbound", "reference",
                             "ratio", "outbound", "reference", "ratio");
    for (int r = 0; r < rounds; ++r)
    {
        std::map<std::string, double> perMessage;
        for (auto const& row : {Row{"rx", "rx_insn_per_msg"}, Row{"rx-ref", "rx_insn_reference"},
                                Row{"tx", "tx_insn_per_msg"}, Row{"tx-ref", "tx_insn_reference"}})
        {
            auto small = bench::callgrindInstructions(self, {"--workload", row.workload, std::to_string(N1)});
            auto large = bench::callgrindInstructions(self, {"--workload", row.workload, std::to_string(N2)});
            if (!small || !large)
            {
                std::cerr << "bench_msgpath: callgrind failed for " << row.workload << " (is valgrind installed?)\n";
                return 1;
            }
            perMessage[row.key] = (*large - *small) / double(N2 - N1);
            figures.add(row.key, perMessage[row.key]);
        }
        auto rx = perMessage["rx_insn_per_msg"], rxRef = perMessage["rx_insn_reference"];
        auto tx = perMessage["tx_insn_per_msg"], txRef = perMessage["tx_insn_reference"];
        std::cout << fmt::format("{:<6} {:>12.0f} {:>12.0f} {:>8.2f} {:>12.0f} {:>12.0f} {:>8.2f}\n", r + 1, rx, rxRef,
                                 rx / rxRef, tx, txRef, tx / txRef);
    }
    std::cout << "(inbound: frame to application; its reference: HMAC check, BLAKE2b-256 flood key, SHA-256 of the "
                 "envelope. outbound: flood queue to write queue; its reference: the HMAC)\n";
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
        if (mode == "--workload" && argc == 4)
        {
            std::string w = argv[2];
            auto n = std::stoul(argv[3]);
            if (w == "rx")
                inbound(n);
            else if (w == "tx")
                outbound(n);
            else if (w == "rx-ref")
                inboundReference(n);
            else if (w == "tx-ref")
                outboundReference(n);
            else
                throw std::invalid_argument("unknown workload '" + w + "': expected rx, tx, rx-ref or tx-ref");
            return 0;
        }
        bench::Figures figures;
        int rc = table(argv[0], std::stoi(bench::option(argc, argv, "--rounds", "3")), figures);
        figures.writeIfAsked(argc, argv);
        return rc;
    }
    catch (std::exception const& e)
    {
        std::cerr << "bench_msgpath: " << e.what() << "\n";
        return 1;
    }
}
