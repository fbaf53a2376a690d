// Interop with @stellarbeat/js-stellar-node-connector 7.0.1, an independent
// implementation of the overlay handshake and of message authentication,
// against a real `stellar-overlay run` process over TCP on 127.0.0.1.
//
// In both roles: the handshake completes; what our node sends after AUTH
// (PEERS from the responder, SEND_MORE_EXTENDED, GET_SCP_STATE) passes the
// connector's sequence and MAC checks and decodes there; what the connector
// sends passes ours (a GET_SCP_QUORUMSET is answered with DONT_HAVE, the
// node's /peers and /metrics show the traffic and no drop), and a connector
// message whose MAC we corrupt is refused with core's ERR_AUTH.
//
// Versions: the connector is told (OVERLAY_VERSION, OVERLAY_MIN_VERSION) to
// speak stellar-core v27.1.0's overlay range 40..41, which is our default;
// v25's 38..39 would be refused by v27.1.0 peers (docs/spec-differences.md, "From v25 to v27.1.0").

#include "ConnectorPeer.h"

#include "crypto/SecretKey.h"
#include "support/NodeProcess.h"
#include "xdr/LedgerProtocol.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

constexpr char const* NETWORK = "stellar-overlay test network ; 2026";

class ConnectorInterop : public ::testing::Test
{
  protected:
    TempDir dir{"so-connector"};
    crypto::SecretKey connectorKey = crypto::SecretKey::random();
    std::unique_ptr<NodeProcess> node;
    std::unique_ptr<ConnectorPeer> connector;

    ConnectorSettings
    settings() const
    {
        ConnectorSettings s;
        s.network = NETWORK;
        s.privateKey = connectorKey.strKeySeed();
        return s;
    }

    void
    startNode(NodeProcessOptions options = {})
    {
        options.networkPassphrase = NETWORK;
        node = std::make_unique<NodeProcess>(dir.path(), options);
        ASSERT_TRUE(node->waitReady()) << node->process().describe();
    }

    void
    TearDown() override
    {
        if (!HasFailure())
            return;
        if (node)
            std::cerr << node->process().describe();
        if (connector)
            std::cerr << connector->describe();
    }

    static StellarMessage
    getScpQuorumSet(uint8_t fill)
    {
        StellarMessage m;
        m.type(GET_SCP_QUORUMSET);
        m.qSetHash().fill(fill);
        return m;
    }

    static bool
    isDontHaveFor(StellarMessage const& m, uint8_t fill)
    {
        Hash h;
        h.fill(fill);
        return m.type() == DONT_HAVE && m.dontHave().type == SCP_QUORUMSET && m.dontHave().reqHash == h;
    }

    // The connector asks for a quorum set nobody has: its message must pass
    // our MAC check to be answered with DONT_HAVE, and our answer must pass its.
    void
    exchangeQuorumSetRequest(uint8_t fill)
    {
        connector->send(getScpQuorumSet(fill));
        ASSERT_TRUE(connector->waitFor([fill](StellarMessage const& m) { return isDontHaveFor(m, fill); }));
        EXPECT_EQ(connector->errors(), std::vector<std::string>{});
    }
};

std::vector<MessageType>
firstTypes(std::vector<MessageType> types, std::size_t n)
{
    types.resize(std::min(types.size(), n));
    return types;
}

TEST_F(ConnectorInterop, ConnectorDialsOurNode_HandshakeAndAuthenticatedMessagesBothWays)
{
    // A known address for PEERS: on 127.0.0.0/8 (which core's sender does not
    // filter, E09), where nothing listens.
    auto knownPeer = "127.0.0.1:" + std::to_string(unusedTcpPort());
    NodeProcessOptions options;
    options.knownPeers = {knownPeer};
    startNode(options);
    // KNOWN_PEERS enter the database with the first tick, 2 s after start (E21).
    ASSERT_TRUE(eventually([&] { return node->counter("overlay.tick") >= 1; }, 10s));

    connector = ConnectorPeer::dial(dir.path(), settings(), "127.0.0.1", node->peerPort());
    ASSERT_TRUE(connector->waitForType(GET_SCP_STATE));

    // The handshake, as the connector saw it.
    EXPECT_EQ(connector->connectedTo(), node->publicKey());
    auto info = *connector->remoteNodeInfo();
    EXPECT_EQ(info["overlayVersion"], 41);
    EXPECT_EQ(info["overlayMinVersion"], 40);
    EXPECT_EQ(info["ledgerVersion"], xdr::LEDGER_PROTOCOL_VERSION); // the default follows the build's XDR (27)
    EXPECT_EQ(info["versionString"], "stellar-overlay 0.1.0");

    // The responder's order: HELLO, AUTH, PEERS, then SEND_MORE_EXTENDED before GET_SCP_STATE.
    EXPECT_EQ(firstTypes(connector->receivedTypes(), 5),
              (std::vector<MessageType>{HELLO, AUTH, PEERS, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    auto peers = connector->firstOf(PEERS)->peers();
    ASSERT_EQ(peers.size(), 1u);
    EXPECT_EQ(peers[0].ip.type(), IPv4);
    EXPECT_EQ(peers[0].ip.ipv4(), (std::array<uint8_t, 4>{127, 0, 0, 1}));
    EXPECT_EQ("127.0.0.1:" + std::to_string(peers[0].port), knownPeer);
    auto sendMore = connector->firstOf(SEND_MORE_EXTENDED)->sendMoreExtendedMessage();
    EXPECT_EQ(sendMore.numMessages, 200u);   // PEER_FLOOD_READING_CAPACITY
    EXPECT_EQ(sendMore.numBytes, 300000u);   // core's initial PEER_FLOOD_READING_CAPACITY_BYTES
    EXPECT_EQ(connector->firstOf(GET_SCP_STATE)->getSCPLedgerSeq(), 1u); // no ledger tracked yet

    // The connector's messages pass our MAC checks.
    exchangeQuorumSetRequest(0xAB);
    exchangeQuorumSetRequest(0xCD);

    // Our node's view: one authenticated inbound peer, the connector.
    auto inbound = node->authenticated("inbound");
    ASSERT_EQ(inbound.size(), 1u) << node->peers().dump(2);
    EXPECT_EQ(inbound[0]["id"], connectorKey.strKeyPublic());
    EXPECT_EQ(inbound[0]["olver"], 41);
    EXPECT_EQ(inbound[0]["ver"], "js-stellar-node-connector 7.0.1");
    // The connector's HELLO always says it listens on 11625 (its Connection
    // ignores LISTENING_PORT), and the address takes HELLO's port.
    EXPECT_EQ(inbound[0]["address"], "127.0.0.1:11625");
    // HELLO, AUTH, SEND_MORE_EXTENDED and two GET_SCP_QUORUMSET.
    EXPECT_GE(inbound[0]["message_read"].get<int64_t>(), 5);
    EXPECT_EQ(node->counter("overlay.recv.hello"), 1);
    EXPECT_EQ(node->counter("overlay.recv.auth"), 1);
    EXPECT_EQ(node->counter("overlay.recv.send-more"), 1);
    EXPECT_EQ(node->counter("overlay.recv.get-scp-qset"), 2);
    EXPECT_EQ(node->counter("overlay.send.peers"), 1);
    EXPECT_EQ(node->counter("overlay.send.dont-have"), 2);
    EXPECT_EQ(node->counter("overlay.inbound.authenticated"), 1);
    EXPECT_EQ(node->counter("overlay.inbound.drop"), 0);
    EXPECT_EQ(node->counter("overlay.drop.unexpected-mac"), 0);
    EXPECT_EQ(node->counter("overlay.drop.unexpected-auth-sequence"), 0);

    // The connector hangs up: the node notices and says why.
    connector->close();
    ASSERT_TRUE(connector->waitClosed());
    ASSERT_TRUE(eventually([&] { return node->authenticated("inbound").empty(); }, 10s));
    EXPECT_EQ(node->counter("overlay.inbound.drop"), 1);
    auto shortId = connectorKey.strKeyPublic().substr(0, 5);
    EXPECT_NE(node->log().find("authenticated " + shortId + "@127.0.0.1:11625 (inbound, overlay 40..41)"),
              std::string::npos);
    EXPECT_NE(node->log().find("dropping " + shortId + "@127.0.0.1:11625: error during read"), std::string::npos);
}

TEST_F(ConnectorInterop, ConnectorMessageWithWrongMacGetsErrAuthUnexpectedMac)
{
    startNode();
    connector = ConnectorPeer::dial(dir.path(), settings(), "127.0.0.1", node->peerPort());
    ASSERT_TRUE(connector->waitForType(GET_SCP_STATE));
    exchangeQuorumSetRequest(0x01);

    connector->tamperNextMac();
    connector->send(getScpQuorumSet(0x02));
    ASSERT_TRUE(connector->waitForType(ERROR_MSG));
    auto error = connector->firstOf(ERROR_MSG)->error();
    EXPECT_EQ(error.code, ERR_AUTH);
    EXPECT_EQ(error.msg, "unexpected MAC");
    EXPECT_TRUE(connector->waitClosed());
    EXPECT_EQ(node->counter("overlay.drop.unexpected-mac"), 1);
    EXPECT_EQ(node->counter("overlay.recv.get-scp-qset"), 1);
    EXPECT_TRUE(node->authenticated("inbound").empty());
}

TEST_F(ConnectorInterop, OurNodeDialsConnectorAcceptor_HandshakeAndAuthenticatedMessagesBothWays)
{
    connector = ConnectorPeer::accept(dir.path(), settings());
    ASSERT_TRUE(eventually([&] { return connector->listeningPort().has_value() || connector->closed(); }, 15s));
    auto port = connector->listeningPort();
    ASSERT_TRUE(port.has_value());

    startNode();
    auto reply = node->adminText("connect?peer=127.0.0.1&port=" + std::to_string(*port));
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->first, 200);
    EXPECT_EQ(reply->second, "Connect to: 127.0.0.1:" + std::to_string(*port));

    ASSERT_TRUE(connector->waitForType(GET_SCP_STATE));
    EXPECT_EQ(connector->connectedTo(), node->publicKey());
    // The initiator sends no PEERS.
    EXPECT_EQ(firstTypes(connector->receivedTypes(), 4),
              (std::vector<MessageType>{HELLO, AUTH, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    EXPECT_EQ(connector->firstOf(AUTH)->auth().flags, 200u);
    auto sendMore = connector->firstOf(SEND_MORE_EXTENDED)->sendMoreExtendedMessage();
    EXPECT_EQ(sendMore.numMessages, 200u);
    EXPECT_EQ(sendMore.numBytes, 300000u);

    exchangeQuorumSetRequest(0x5A);

    auto outbound = node->authenticated("outbound");
    ASSERT_EQ(outbound.size(), 1u) << node->peers().dump(2);
    EXPECT_EQ(outbound[0]["id"], connectorKey.strKeyPublic());
    EXPECT_EQ(outbound[0]["olver"], 41);
    EXPECT_EQ(node->counter("overlay.outbound.authenticated"), 1);
    EXPECT_EQ(node->counter("overlay.recv.auth"), 1);
    EXPECT_EQ(node->counter("overlay.recv.send-more"), 1);
    EXPECT_EQ(node->counter("overlay.recv.get-scp-qset"), 1);
    EXPECT_EQ(node->counter("overlay.send.dont-have"), 1);
    EXPECT_EQ(node->counter("overlay.send.peers"), 0);
    EXPECT_EQ(node->counter("overlay.outbound.drop"), 0);
    auto shortId = connectorKey.strKeyPublic().substr(0, 5);
    EXPECT_NE(node->log().find("authenticated " + shortId + "@127.0.0.1:11625 (outbound, overlay 40..41)"),
              std::string::npos);
}

}
