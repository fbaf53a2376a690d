// The HELLO/AUTH handshake against a real node over TCP on 127.0.0.1: the
// happy path in both roles, and each way it fails, with the exact ERROR_MSG
// (code and text) stellar-core sends or the silent drop it does.

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/TcpNetwork.h"
#include "overlay/BanManager.h"
#include "overlay/PeerManager.h"
#include "support/ScriptedPeer.h"
#include "support/TestNode.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

class Handshake : public ::testing::Test
{
  protected:
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};
    std::unique_ptr<TestNode> node;

    void
    SetUp() override
    {
        node = std::make_unique<TestNode>(clock, network, testOverlayConfig());
        node->overlay().start();
    }

    ScriptedPeerOptions
    options() const
    {
        ScriptedPeerOptions o;
        o.networkPassphrase = TEST_NETWORK_PASSPHRASE;
        return o;
    }

    std::unique_ptr<ScriptedPeer>
    dial(ScriptedPeerOptions opts)
    {
        auto p = std::make_unique<ScriptedPeer>(clock, std::move(opts));
        p->connect(network, "127.0.0.1", static_cast<uint16_t>(node->overlay().listeningPort()));
        EXPECT_TRUE(p->waitFor([&] { return p->connected(); }));
        return p;
    }

    bool
    waitForDrop(std::size_t n = 1)
    {
        return clock.crankUntil([&] { return node->drops().size() >= n; }, 5s);
    }

    DropCause
    lastDrop() const
    {
        return node->drops().back().cause;
    }

    // The remote saw exactly this ERROR_MSG, then the connection closed.
    void
    expectErrorThenClose(ScriptedPeer& p, ErrorCode code, std::string const& text)
    {
        ASSERT_TRUE(p.waitClosed());
        auto err = p.firstError();
        ASSERT_TRUE(err.has_value()) << "no ERROR_MSG received";
        EXPECT_EQ(err->code, code);
        EXPECT_EQ(err->msg, text);
    }
};

TEST_F(Handshake, InitiatorCompletesAndGetsSendMoreThenGetScpState)
{
    auto p = dial(options());
    ASSERT_TRUE(p->handshake());
    ASSERT_TRUE(p->waitForType(GET_SCP_STATE));
    // HELLO, AUTH, then (no PEERS: the node knows none) SEND_MORE_EXTENDED before GET_SCP_STATE.
    EXPECT_EQ(p->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    for (auto const& r : p->received())
        EXPECT_TRUE(r.macOk) << xdr::enumName(r.msg.type());
    auto sendMore = p->firstOf(SEND_MORE_EXTENDED)->sendMoreExtendedMessage();
    EXPECT_EQ(sendMore.numMessages, 200u);
    EXPECT_EQ(sendMore.numBytes, 300000u);
    EXPECT_EQ(p->firstOf(GET_SCP_STATE)->getSCPLedgerSeq(), node->app().minLedgerSeqToAskPeers());
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(node->overlay().inboundPendingCount(), 0u);
    EXPECT_TRUE(node->drops().empty());
}

TEST_F(Handshake, ResponderSendsPeersRightAfterAuth)
{
    auto known = *PeerBareAddress::parse("8.8.4.4:11625");
    node->overlay().peerManager().ensureExists(known);
    auto p = dial(options());
    ASSERT_TRUE(p->handshake());
    ASSERT_TRUE(p->waitForType(GET_SCP_STATE));
    EXPECT_EQ(p->receivedTypes(),
              (std::vector<MessageType>{HELLO, AUTH, PEERS, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    auto peers = p->firstOf(PEERS)->peers();
    ASSERT_EQ(peers.size(), 1u);
    EXPECT_EQ(peers[0].ip.ipv4(), (std::array<uint8_t, 4>{8, 8, 4, 4}));
    EXPECT_EQ(peers[0].port, 11625u);
}

TEST_F(Handshake, NodeAsInitiatorAuthenticatesWithAResponder)
{
    std::unique_ptr<ScriptedPeer> remote;
    TcpNetwork remoteNet{clock, "127.0.0.1"};
    auto port = remoteNet.listen(0, [&](std::unique_ptr<Transport> t) { remote->adopt(std::move(t)); });
    auto opts = options();
    opts.listeningPort = port; // HELLO's port names the row the node updates
    remote = std::make_unique<ScriptedPeer>(clock, opts);
    ASSERT_TRUE(node->overlay().connectTo(*PeerBareAddress::parse("127.0.0.1:" + std::to_string(port))));
    // The node speaks first: HELLO; we answer HELLO; it sends AUTH; we answer AUTH (and no PEERS).
    ASSERT_TRUE(remote->waitForType(HELLO));
    remote->sendHello();
    ASSERT_TRUE(remote->waitForType(AUTH));
    remote->sendAuth();
    ASSERT_TRUE(remote->waitForType(GET_SCP_STATE));
    EXPECT_EQ(remote->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    EXPECT_EQ(node->overlay().outboundAuthenticatedCount(), 1u);
    // A successful outbound AUTH resets the dial counter (E29).
    auto record = node->overlay().peerManager().load(*PeerBareAddress::parse("127.0.0.1:" + std::to_string(port)));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->numFailures, 0u);
    EXPECT_EQ(record->type, PeerType::OUTBOUND);
}

TEST_F(Handshake, PeerOfAnotherNetworkFailsTheCertCheckSilently)
{
    // E02: the cert is checked against the receiver's network ID first.
    auto opts = options();
    opts.networkPassphrase = "Some Other Network ; 2026";
    auto p = dial(opts);
    p->sendHello();
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::BadAuthCert);
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty()); // not even a HELLO back
}

TEST_F(Handshake, HelloClaimingAnotherNetworkGetsWrongNetworkPassphrase)
{
    auto p = dial(options());
    auto hello = p->makeHello();
    hello.networkID = crypto::sha256(crypto::asBytes("Some Other Network ; 2026"));
    p->sendHello(hello);
    expectErrorThenClose(*p, ERR_CONF, "wrong network passphrase");
    EXPECT_EQ(p->receivedTypes().front(), HELLO); // the responder answers HELLO first
    EXPECT_EQ(lastDrop(), DropCause::WrongNetwork);
}

TEST_F(Handshake, OverlayVersionOutOfRangeGetsWrongProtocolVersion)
{
    // stellar-core v25 (38..39) is refused by a node at 40..41.
    auto opts = options();
    opts.overlayVersion = 39;
    opts.overlayMinVersion = 38;
    auto p = dial(opts);
    p->sendHello();
    expectErrorThenClose(*p, ERR_CONF, "wrong protocol version");
    EXPECT_EQ(lastDrop(), DropCause::WrongProtocolVersion);
}

TEST_F(Handshake, IncoherentVersionRangeGetsWrongProtocolVersion)
{
    auto opts = options();
    opts.overlayVersion = 40;
    opts.overlayMinVersion = 41;
    auto p = dial(opts);
    p->sendHello();
    expectErrorThenClose(*p, ERR_CONF, "wrong protocol version");
}

TEST_F(Handshake, NewerPeerWhoseRangeOverlapsIsAccepted)
{
    auto opts = options();
    opts.overlayVersion = 42;
    opts.overlayMinVersion = 41;
    auto p = dial(opts);
    EXPECT_TRUE(p->handshake());
}

TEST_F(Handshake, OwnKeyGetsConnectingToSelf)
{
    auto opts = options();
    opts.key = crypto::SecretKey::fromStrKeySeed(node->overlay().config().NODE_SEED);
    auto p = dial(opts);
    p->sendHello();
    expectErrorThenClose(*p, ERR_CONF, "connecting to self");
    EXPECT_EQ(lastDrop(), DropCause::ConnectingToSelf);
}

TEST_F(Handshake, BadCertSignatureIsDroppedSilently)
{
    auto p = dial(options());
    auto hello = p->makeHello();
    hello.cert.sig[0] ^= 1;
    p->sendHello(hello);
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::BadAuthCert);
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty());
}

TEST_F(Handshake, ExpiredCertIsDroppedSilently)
{
    auto p = dial(options());
    auto hello = p->makeHello();
    hello.cert.expiration = 1000; // 1970
    p->sendHello(hello);
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::BadAuthCert);
}

TEST_F(Handshake, BannedNodeIsDroppedSilentlyAtHello)
{
    auto p = dial(options());
    node->overlay().banManager().banNode(crypto::toStrKeyPublic(p->key().publicKey()));
    p->sendHello();
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::Banned);
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty());
}

TEST_F(Handshake, BadMacOnAuthGetsUnexpectedMac)
{
    auto p = dial(options());
    p->sendHello();
    ASSERT_TRUE(p->waitForType(HELLO));
    p->sendAuth(AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks{.corruptMac = true});
    expectErrorThenClose(*p, ERR_AUTH, "unexpected MAC");
    EXPECT_EQ(lastDrop(), DropCause::UnexpectedMac);
}

TEST_F(Handshake, WrongSequenceGetsUnexpectedAuthSequence)
{
    auto p = dial(options());
    p->sendHello();
    ASSERT_TRUE(p->waitForType(HELLO));
    p->sendAuth(AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks{.sequenceOffset = 1});
    expectErrorThenClose(*p, ERR_AUTH, "unexpected auth sequence");
    EXPECT_EQ(lastDrop(), DropCause::UnexpectedAuthSequence);
}

TEST_F(Handshake, ReplayedMessageAfterAuthGetsUnexpectedAuthSequence)
{
    auto p = dial(options());
    ASSERT_TRUE(p->handshake());
    StellarMessage m;
    m.type(GET_SCP_STATE);
    p->send(m);                                     // sequence 1
    p->send(m, SendTweaks{.sequenceOffset = -1}); // sequence 1 again
    expectErrorThenClose(*p, ERR_AUTH, "unexpected auth sequence");
}

TEST_F(Handshake, SecondHelloGetsUnexpectedMac)
{
    // E04: from GOT_HELLO on every message is MAC-checked, and HELLO carries none.
    auto p = dial(options());
    p->sendHello();
    ASSERT_TRUE(p->waitForType(HELLO));
    p->sendHello();
    expectErrorThenClose(*p, ERR_AUTH, "unexpected MAC");
}

TEST_F(Handshake, AuthFlagsOtherThan200GetFlowControlBytesDisabled)
{
    auto p = dial(options());
    p->sendHello();
    ASSERT_TRUE(p->waitForType(HELLO));
    p->sendAuth(100);
    expectErrorThenClose(*p, ERR_CONF, "flow control bytes disabled");
    // v27 order: the responder's AUTH went out before the flag check, no PEERS (none known).
    EXPECT_EQ(p->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, ERROR_MSG}));
    EXPECT_EQ(lastDrop(), DropCause::FlowControlBytesDisabled);
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 0u); // never took a slot
}

TEST_F(Handshake, AuthBeforeHelloGetsOutOfOrderAuth)
{
    auto p = dial(options());
    p->sendAuth();
    expectErrorThenClose(*p, ERR_MISC, "out-of-order AUTH message");
}

TEST_F(Handshake, MessageBeforeHandshakeIsDroppedSilently)
{
    auto p = dial(options());
    StellarMessage m;
    m.type(GET_SCP_STATE);
    p->send(m, SendTweaks{.noMac = true});
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::MessageBeforeHandshake);
    EXPECT_EQ(node->dropEvents().back().reason, "received GET_SCP_STATE before completed handshake");
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty());
}

TEST_F(Handshake, OversizeFrameBeforeAuthIsDroppedSilently)
{
    auto p = dial(options());
    p->sendRawFrame(std::vector<uint8_t>(4097, 0));
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::ReadError);
    EXPECT_EQ(node->dropEvents().back().reason, "error during read");
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty());
}

TEST_F(Handshake, FrameOf4096BytesBeforeAuthIsReadAndJudgedAsXdr)
{
    auto p = dial(options());
    p->sendRawFrame(std::vector<uint8_t>(4096, 0xff));
    expectErrorThenClose(*p, ERR_DATA, "received corrupt XDR");
    EXPECT_EQ(lastDrop(), DropCause::CorruptXdr);
}

TEST_F(Handshake, TrailingBytesAfterTheMessageAreCorruptXdr)
{
    // stellar-core v27 rejects bytes after the AuthenticatedMessage (v25 ignored them).
    auto p = dial(options());
    StellarMessage m;
    m.type(GET_SCP_STATE);
    xdr::XdrWriter w;
    w.writeUint32(0);
    w.writeUint64(0);
    xdr::encode(w, m);
    auto body = w.take();
    body.resize(body.size() + 32 + 4, 0);
    p->sendRawFrame(body);
    expectErrorThenClose(*p, ERR_DATA, "received corrupt XDR");
}

TEST_F(Handshake, DuplicateOfAnAuthenticatedPeerGetsAlreadyConnected)
{
    auto key = crypto::SecretKey::random();
    auto opts = options();
    opts.key = key;
    auto first = dial(opts);
    ASSERT_TRUE(first->handshake());
    auto second = dial(opts);
    second->sendHello();
    auto shortId = crypto::toStrKeyPublic(key.publicKey()).substr(0, 5);
    expectErrorThenClose(*second, ERR_CONF, "already-connected peer: " + shortId);
    EXPECT_EQ(lastDrop(), DropCause::AlreadyConnected);
    EXPECT_FALSE(first->closed());
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 1u);
}

TEST_F(Handshake, DuplicateOfAPendingPeerGetsAlreadyConnected)
{
    auto opts = options();
    opts.key = crypto::SecretKey::random();
    auto first = dial(opts);
    first->sendHello();
    ASSERT_TRUE(first->waitForType(HELLO));
    auto second = dial(opts);
    second->sendHello();
    auto shortId = crypto::toStrKeyPublic(opts.key->publicKey()).substr(0, 5);
    expectErrorThenClose(*second, ERR_CONF, "already-connected peer: " + shortId);
}

TEST_F(Handshake, RemoteErrorEndsTheConnectionWithSanitisedText)
{
    auto p = dial(options());
    ASSERT_TRUE(p->handshake());
    StellarMessage m;
    m.type(ERROR_MSG);
    m.error().code = ERR_LOAD;
    m.error().msg = "go away\n\x1b[31m";
    p->send(m);
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::RemoteError);
    EXPECT_EQ(node->dropEvents().back().direction, DropDirection::REMOTE_DROPPED_US);
    // Control characters are escaped, the rest is kept as sent.
    EXPECT_EQ(node->dropEvents().back().reason, "ERR_LOAD (go away\\x0a\\x1b[31m)");
}

TEST_F(Handshake, PeersFromTheInitiatorIsDropped)
{
    auto p = dial(options());
    ASSERT_TRUE(p->handshake());
    StellarMessage m;
    m.type(PEERS);
    p->send(m);
    ASSERT_TRUE(waitForDrop());
    EXPECT_EQ(lastDrop(), DropCause::PeersFromInitiator);
}

TEST_F(Handshake, ShutdownSendsErrMiscShutdown)
{
    auto p = dial(options());
    ASSERT_TRUE(p->handshake());
    node->overlay().shutdown();
    expectErrorThenClose(*p, ERR_MISC, "shutdown");
}

}
