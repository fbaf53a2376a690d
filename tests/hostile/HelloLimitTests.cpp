// HELLO with every field at the limit its XDR type allows, against a real
// node over real sockets (HostileNode). Within the limits the node answers as
// stellar-core's Peer::recvHello does: it accepts what core accepts (a
// 100-byte versionStr, versions at UINT32_MAX as long as the ranges overlap)
// and refuses the rest with core's ERR_CONF text; one byte past a limit is
// not a HELLO at all (ERR_DATA "received corrupt XDR", core's TCPPeer).

#include "hostile/HostileNode.h"

#include "xdr/Codec.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

constexpr std::size_t HELLO_BOUND_KIB = 64 * 1024;
constexpr std::size_t VERSION_STR_LIMIT = 100; // Hello.versionStr: string<100>

ScriptedPeerOptions
atTheLimits()
{
    ScriptedPeerOptions o;
    o.networkPassphrase = NodeProcessOptions{}.networkPassphrase;
    o.versionStr = std::string(VERSION_STR_LIMIT, 'v');
    o.ledgerVersion = std::numeric_limits<uint32_t>::max();
    o.overlayVersion = std::numeric_limits<uint32_t>::max();
    o.listeningPort = 65535;
    return o;
}

// The node's answer to one HELLO: the first ERROR_MSG, if it closed on us.
std::optional<Error>
refusal(Clock& clock, Network& network, uint16_t port, std::function<void(Hello&)> const& change)
{
    ScriptedPeer peer(clock, atTheLimits());
    peer.connect(network, "127.0.0.1", port);
    if (!peer.waitFor([&] { return peer.connected() || peer.closed(); }, 10s) || peer.closed())
        return std::nullopt;
    auto hello = peer.makeHello();
    change(hello);
    peer.sendHello(hello);
    if (!peer.waitClosed(10s))
        return std::nullopt;
    return peer.firstError();
}

}

TEST_F(HostileNode, HelloWithEveryFieldAtItsXdrLimitGetsCoresAnswer)
{
    startNode();
    // Every field at its largest: accepted, and the 100-byte version string
    // is what the node shows for the peer.
    {
        ScriptedPeer peer(clock_, atTheLimits());
        peer.connect(network_, "127.0.0.1", node_->peerPort());
        ASSERT_TRUE(peer.handshake(10s)) << "a HELLO at the limits was refused";
        auto peers = node_->admin("peers?fullkeys=true");
        ASSERT_TRUE(peers);
        auto const& inbound = (*peers)["authenticated_peers"]["inbound"];
        auto it = std::find_if(inbound.begin(), inbound.end(),
                               [&](auto const& p) { return p["ver"] == std::string(VERSION_STR_LIMIT, 'v'); });
        EXPECT_NE(it, inbound.end()) << peers->dump();
        peer.close();
    }

    // At the limits core refuses, with core's words.
    auto port = node_->peerPort();
    struct Case
    {
        std::string what;
        std::function<void(Hello&)> change;
        std::string text;
    };
    std::vector<Case> cases = {
        {"listeningPort INT32_MAX", [](Hello& h) { h.listeningPort = std::numeric_limits<int32_t>::max(); },
         "bad address"},
        {"listeningPort INT32_MIN", [](Hello& h) { h.listeningPort = std::numeric_limits<int32_t>::min(); },
         "bad address"},
        {"overlayMinVersion UINT32_MAX",
         [](Hello& h) { h.overlayMinVersion = std::numeric_limits<uint32_t>::max(); }, "wrong protocol version"},
        {"overlayVersion 0", [](Hello& h) { h.overlayVersion = 0; }, "wrong protocol version"},
    };
    for (auto const& c : cases)
    {
        auto error = refusal(clock_, network_, port, c.change);
        ASSERT_TRUE(error) << c.what << ": no ERROR_MSG before the close";
        EXPECT_EQ(error->code, ERR_CONF) << c.what;
        EXPECT_EQ(error->msg, c.text) << c.what;
    }

    // One byte past the limit: a 101-byte versionStr is not a HELLO.
    {
        ScriptedPeer peer(clock_, atTheLimits());
        peer.connect(network_, "127.0.0.1", port);
        ASSERT_TRUE(peer.waitFor([&] { return peer.connected(); }, 10s));
        StellarMessage m;
        m.type(HELLO);
        m.hello() = peer.makeHello();
        auto bytes = xdr::toBytes(m);
        // After the message type, three versions and the network ID: the
        // string's length word and its 100 bytes (no padding). Make it 101
        // bytes, padded to 104.
        constexpr std::size_t LENGTH_AT = 4 + 3 * 4 + 32;
        ASSERT_EQ(bytes.at(LENGTH_AT + 3), VERSION_STR_LIMIT);
        bytes[LENGTH_AT + 3] = VERSION_STR_LIMIT + 1;
        auto end = bytes.begin() + LENGTH_AT + 4 + VERSION_STR_LIMIT;
        bytes.insert(end, {'v', 0, 0, 0});
        peer.sendMessageBytes(bytes);
        ASSERT_TRUE(peer.waitClosed(10s)) << "a 101-byte versionStr was not refused";
        auto error = peer.firstError();
        ASSERT_TRUE(error);
        EXPECT_EQ(error->code, ERR_DATA);
        EXPECT_EQ(error->msg, "received corrupt XDR");
    }
    expectHealthy("after HELLOs at and past the XDR limits", HELLO_BOUND_KIB);
    printFigures("HELLOs with every field at its XDR limit");
}
