// libFuzzer target: arbitrary frames from one remote to a node's Peer, over
// the in-memory loopback on a virtual clock. Whatever arrives, before or after
// a real handshake, with or without a valid MAC, the node must not crash,
// leak, or keep the connection in its peer lists once the remote hangs up.
//
// Link needs: so_test_support (TestNode, ScriptedPeer), which brings the
// overlay, net, store (SQLite in memory), xdr, crypto and util libraries.
//
// Input layout: byte 0 = mode; then chunks, each a 2-byte big-endian length
// and that many bytes (a short last chunk takes what is left).
//   mode bit 0: do a correct HELLO/AUTH handshake first (as initiator);
//   mode bit 1: each chunk is the XDR of a StellarMessage (any bytes) that
//               the remote frames with the next sequence and a valid MAC,
//               so the fuzzer reaches the decoder and every handler; when
//               clear, each chunk is a whole frame body, sent as is.
//   mode bit 2: one second of virtual time passes between chunks (timers).

#include "FuzzNodeHarness.h"
#include "crypto/SecretKey.h"
#include "net/LoopbackNetwork.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"
#include "util/Log.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

using namespace stellar;
using namespace stellar::test;
using namespace stellar::fuzz;

namespace
{

struct Harness
{
    Clock clock{Clock::Mode::Virtual};
    LoopbackHub hub{clock};
    LoopbackNetwork nodeNetwork{hub};
    LoopbackNetwork remoteNetwork{hub};
    std::unique_ptr<TestNode> node;
    uint16_t port = 0;
    uint64_t inputs = 0;
    std::vector<crypto::SecretKey> identities;

    Harness()
    {
        quietUnlessReplaying();
        auto config = fuzzNodeConfig("fuzz_handshake");
        node = std::make_unique<TestNode>(clock, nodeNetwork, config);
        node->overlay().start();
        port = static_cast<uint16_t>(node->overlay().listeningPort());
        identities = remoteKeys("fuzz_handshake");
    }
};

Harness&
harness()
{
    // Built once and never destroyed: every input reuses the node.
    static Harness* h = new Harness();
    return *h;
}

}

extern "C" int
LLVMFuzzerTestOneInput(uint8_t const* data, std::size_t size)
{
    if (size < 1)
        return 0;
    auto& h = harness();
    uint8_t const mode = data[0];
    bool const doHandshake = (mode & 1) != 0;
    bool const macChunks = (mode & 2) != 0;
    bool const advanceTime = (mode & 4) != 0;

    {
        ScriptedPeerOptions options;
        options.networkPassphrase = TEST_NETWORK_PASSPHRASE;
        options.key = h.identities[h.inputs++ % IDENTITIES];
        ScriptedPeer remote(h.clock, options);
        remote.connect(h.remoteNetwork, h.nodeNetwork.localIp(), h.port);
        if (!remote.waitFor([&] { return remote.connected() || remote.closed(); }) || remote.closed())
            return 0;
        if (doHandshake)
            check(remote.handshake());

        std::size_t offset = 1;
        while (offset < size && !remote.closed())
        {
            std::size_t length = offset + 2 <= size ? (std::size_t{data[offset]} << 8 | data[offset + 1]) : 0;
            offset = std::min(offset + 2, size);
            length = std::min(length, size - offset);
            std::span<uint8_t const> chunk(data + offset, length);
            offset += length;
            if (macChunks)
                remote.sendMessageBytes(chunk);
            else
                remote.sendRawFrame(std::vector<uint8_t>(chunk.begin(), chunk.end()));
            h.clock.crankFor(advanceTime ? std::chrono::seconds(1) : std::chrono::milliseconds(1));
        }
        remote.close();
        // Let the node see the end of stream and drop the peer.
        h.clock.crankFor(std::chrono::milliseconds(10));
    }
    auto& overlay = h.node->overlay();
    check(overlay.inboundPendingCount() == 0 && overlay.inboundAuthenticatedCount() == 0);
    // Dropped peers linger 5 s for their last ERROR_MSG and go at the next
    // 3 s tick. The ticks meanwhile add a few failed dials of their own (the
    // remote's HELLO address is an INBOUND row: promotion, E30), so after 9 s
    // only those from the last few seconds may remain.
    if (overlay.droppedCount() > 64)
    {
        h.clock.crankFor(std::chrono::seconds(9));
        check(overlay.droppedCount() < 16);
    }
    return 0;
}
