// The HELLO/AUTH handshake against a real node: the happy path in both roles,
// and each way it fails, with the exact ERROR_MSG (code and text) stellar-core
// sends or the silent drop it does. In virtual time over the loopback, where
// every link takes 10 ms: a scripted peer dials at 0 and its connection is
// open at 10 ms, so what it sends at once reaches the node at 20 ms and the
// node's answer reaches it at 30 ms. Each test states the node's drop
// timeline and what the peer received and when. The last tests run the same
// failures over real TCP, one per way a connection ends (HandshakeTcp.*).

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/TcpNetwork.h"
#include "overlay/BanManager.h"
#include "overlay/PeerManager.h"
#include "support/LoopbackWorld.h"
#include "xdr/Codec.h"

#include <gtest/gtest.h>

using namespace stellar;
using namespace stellar::test;
using namespace std::chrono_literals;

namespace
{

using Arrivals = std::vector<Arrival>;

class Handshake : public ::testing::Test
{
  protected:
    LoopbackWorld world;
    TestNode* node = nullptr;

    void
    SetUp() override
    {
        world.link.latency = 10ms;
        node = &world.startedNode();
    }

    std::unique_ptr<ScriptedPeer>
    dial(ScriptedPeerOptions options = scriptedOptions())
    {
        return world.dial(*node, {}, std::move(options));
    }

    std::optional<ClockDuration>
    at(ClockDuration t) const
    {
        return t;
    }
};

// The frame body of `m` sent without a MAC (sequence 0, zero MAC), with
// `trailingBytes` more after it.
std::vector<uint8_t>
frameOf(StellarMessage const& m, std::size_t trailingBytes = 0)
{
    xdr::XdrWriter w;
    w.writeUint32(0); // AuthenticatedMessage v0
    w.writeUint64(0); // sequence
    xdr::encode(w, m);
    auto body = w.take();
    body.resize(body.size() + 32 + trailingBytes, 0); // a zero MAC, then the extra bytes
    return body;
}

}

// --- the happy path

// The responder answers HELLO at once and AUTH with AUTH, then (the node
// knows no peers: no PEERS) SEND_MORE_EXTENDED before GET_SCP_STATE (spec 8.3).
TEST_F(Handshake, InitiatorCompletesAndGetsSendMoreThenGetScpState)
{
    auto p = dial();
    p->sendHello();
    world.runUntil(30ms);
    p->sendAuth();
    p->sendInitialGrant();
    world.runUntil(1s);
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {50ms, AUTH}, {50ms, SEND_MORE_EXTENDED}, {50ms, GET_SCP_STATE}}));
    for (auto const& r : p->received())
        EXPECT_TRUE(r.macOk) << xdr::enumName(r.msg.type());
    auto sendMore = p->firstOf(SEND_MORE_EXTENDED)->sendMoreExtendedMessage();
    EXPECT_EQ(sendMore.numMessages, 200u);
    EXPECT_EQ(sendMore.numBytes, 300000u);
    EXPECT_EQ(p->firstOf(GET_SCP_STATE)->getSCPLedgerSeq(), node->app().minLedgerSeqToAskPeers());
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(node->overlay().inboundPendingCount(), 0u);
    EXPECT_EQ(node->drops(), DropLog{});
}

TEST_F(Handshake, ResponderSendsPeersRightAfterAuth)
{
    node->overlay().peerManager().ensureExists(addr("8.8.4.4:11625"));
    auto p = world.authenticatedPeer(*node);
    EXPECT_EQ(p->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, PEERS, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    auto peers = p->firstOf(PEERS)->peers();
    ASSERT_EQ(peers.size(), 1u);
    EXPECT_EQ(peers[0].ip.ipv4(), (std::array<uint8_t, 4>{8, 8, 4, 4}));
    EXPECT_EQ(peers[0].port, 11625u);
}

// The node dials at 0 and speaks first once the connection is open (10 ms):
// HELLO at 20 ms; the responder's HELLO is back at 30 ms, the node's AUTH at
// 40 ms; the responder's AUTH (and no PEERS) is back at 50 ms.
TEST_F(Handshake, NodeAsInitiatorAuthenticatesWithAResponder)
{
    auto& remote = world.remote();
    ASSERT_TRUE(node->overlay().connectTo(remote.address()));
    world.runUntil(1s);
    ASSERT_EQ(remote.connections.size(), 1u);
    EXPECT_EQ(remote.last().arrivals(),
              (Arrivals{{20ms, HELLO}, {40ms, AUTH}, {60ms, SEND_MORE_EXTENDED}, {60ms, GET_SCP_STATE}}));
    EXPECT_EQ(node->overlay().outboundAuthenticatedCount(), 1u);
    // A successful outbound AUTH resets the dial counter (E29).
    auto record = row(*node, remote.address());
    ASSERT_TRUE(record);
    EXPECT_EQ(record->numFailures, 0u);
    EXPECT_EQ(record->type, PeerType::OUTBOUND);
    EXPECT_EQ(node->drops(), DropLog{});
}

// --- refused at HELLO without a word: no HELLO back, the socket closes

// E02: the cert is checked against the receiver's network ID first.
TEST_F(Handshake, PeerOfAnotherNetworkFailsTheCertCheckSilently)
{
    auto opts = scriptedOptions();
    opts.networkPassphrase = "Some Other Network ; 2026";
    auto p = dial(opts);
    p->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::BadAuthCert}}));
    EXPECT_EQ(p->arrivals(), Arrivals{}); // not even a HELLO back
    EXPECT_EQ(p->closedAt(), at(30ms));
}

TEST_F(Handshake, BadCertSignatureIsDroppedSilently)
{
    auto p = dial();
    auto hello = p->makeHello();
    hello.cert.sig[0] ^= 1;
    p->sendHello(hello);
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::BadAuthCert}}));
    EXPECT_EQ(p->arrivals(), Arrivals{});
    EXPECT_EQ(p->closedAt(), at(30ms));
}

TEST_F(Handshake, ExpiredCertIsDroppedSilently)
{
    auto p = dial();
    auto hello = p->makeHello();
    hello.cert.expiration = 1000; // 1970
    p->sendHello(hello);
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::BadAuthCert}}));
    EXPECT_EQ(p->arrivals(), Arrivals{});
}

TEST_F(Handshake, BannedNodeIsDroppedSilentlyAtHello)
{
    auto p = dial();
    node->overlay().banManager().banNode(crypto::toStrKeyPublic(p->key().publicKey()));
    p->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::Banned}}));
    EXPECT_EQ(p->arrivals(), Arrivals{});
    EXPECT_EQ(p->closedAt(), at(30ms));
}

// Before HELLO only HELLO, AUTH and ERROR_MSG are taken; anything else ends
// the connection without a word.
TEST_F(Handshake, MessageBeforeHandshakeIsDroppedSilently)
{
    auto p = dial();
    StellarMessage m;
    m.type(GET_SCP_STATE);
    p->send(m, SendTweaks{.noMac = true});
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::MessageBeforeHandshake}}));
    EXPECT_EQ(node->dropEvents().back().reason, "received GET_SCP_STATE before completed handshake");
    EXPECT_EQ(p->arrivals(), Arrivals{});
    EXPECT_EQ(p->closedAt(), at(30ms));
}

// A frame longer than MAX_UNAUTH_MESSAGE_SIZE (4096) before AUTH is never
// read: the transport ends the stream ("error during read").
TEST_F(Handshake, OversizeFrameBeforeAuthIsDroppedSilently)
{
    auto p = dial();
    p->sendRawFrame(std::vector<uint8_t>(4097, 0));
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::ReadError}}));
    EXPECT_EQ(node->dropEvents().back().reason, "error during read");
    EXPECT_EQ(p->arrivals(), Arrivals{});
    EXPECT_EQ(p->closedAt(), at(30ms));
}

// --- refused after HELLO: the responder's HELLO, then ERR_CONF

TEST_F(Handshake, HelloClaimingAnotherNetworkGetsWrongNetworkPassphrase)
{
    auto p = dial();
    auto hello = p->makeHello();
    hello.networkID = crypto::sha256(crypto::asBytes("Some Other Network ; 2026"));
    p->sendHello(hello);
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::WrongNetwork}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {30ms, ERROR_MSG}})); // the responder answers HELLO first
    expectError(*p, ERR_CONF, "wrong network passphrase");
    EXPECT_EQ(p->closedAt(), at(30ms));
}

// stellar-core v25 (38..39) is refused by a node at 40..41.
TEST_F(Handshake, OverlayVersionOutOfRangeGetsWrongProtocolVersion)
{
    auto opts = scriptedOptions();
    opts.overlayVersion = 39;
    opts.overlayMinVersion = 38;
    auto p = dial(opts);
    p->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::WrongProtocolVersion}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {30ms, ERROR_MSG}}));
    expectError(*p, ERR_CONF, "wrong protocol version");
}

TEST_F(Handshake, IncoherentVersionRangeGetsWrongProtocolVersion)
{
    auto opts = scriptedOptions();
    opts.overlayVersion = 40;
    opts.overlayMinVersion = 41;
    auto p = dial(opts);
    p->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::WrongProtocolVersion}}));
    expectError(*p, ERR_CONF, "wrong protocol version");
}

TEST_F(Handshake, NewerPeerWhoseRangeOverlapsIsAccepted)
{
    auto opts = scriptedOptions();
    opts.overlayVersion = 42;
    opts.overlayMinVersion = 41;
    auto p = dial(opts);
    EXPECT_TRUE(p->handshake());
    world.runUntil(1s);
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 1u);
    EXPECT_EQ(node->drops(), DropLog{});
}

TEST_F(Handshake, OwnKeyGetsConnectingToSelf)
{
    auto p = dial(scriptedOptions(crypto::SecretKey::fromStrKeySeed(node->overlay().config().NODE_SEED)));
    p->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::ConnectingToSelf}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {30ms, ERROR_MSG}}));
    expectError(*p, ERR_CONF, "connecting to self");
}

// The second connection of a node already authenticated: its row is written
// (E02's order), then ERR_CONF with the first 5 characters of its key (E08).
TEST_F(Handshake, DuplicateOfAnAuthenticatedPeerGetsAlreadyConnected)
{
    auto key = crypto::SecretKey::random();
    auto first = world.authenticatedPeer(*node, scriptedOptions(key));
    world.runUntil(1s);
    auto second = dial(scriptedOptions(key));
    second->sendHello();
    world.runUntil(2s);
    auto shortId = crypto::toStrKeyPublic(key.publicKey()).substr(0, 5);
    EXPECT_EQ(node->drops(), (DropLog{{1020ms, DropCause::AlreadyConnected}}));
    EXPECT_EQ(second->arrivals(), (Arrivals{{1030ms, HELLO}, {1030ms, ERROR_MSG}}));
    expectError(*second, ERR_CONF, "already-connected peer: " + shortId);
    EXPECT_FALSE(first->closed());
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 1u);
}

TEST_F(Handshake, DuplicateOfAPendingPeerGetsAlreadyConnected)
{
    auto key = crypto::SecretKey::random();
    auto first = dial(scriptedOptions(key));
    first->sendHello();
    world.runUntil(30ms);
    auto second = dial(scriptedOptions(key));
    second->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{50ms, DropCause::AlreadyConnected}}));
    expectError(*second, ERR_CONF, "already-connected peer: " + crypto::toStrKeyPublic(key.publicKey()).substr(0, 5));
    EXPECT_FALSE(first->closed());
}

// --- refused at AUTH

// v27 order: the responder's AUTH goes out before the flag check (no PEERS:
// none known), and the peer never takes a slot.
TEST_F(Handshake, AuthFlagsOtherThan200GetFlowControlBytesDisabled)
{
    auto p = dial();
    p->sendHello();
    world.runUntil(30ms);
    p->sendAuth(100);
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{40ms, DropCause::FlowControlBytesDisabled}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {50ms, AUTH}, {50ms, ERROR_MSG}}));
    expectError(*p, ERR_CONF, "flow control bytes disabled");
    EXPECT_EQ(node->overlay().inboundAuthenticatedCount(), 0u);
}

TEST_F(Handshake, AuthBeforeHelloGetsOutOfOrderAuth)
{
    auto p = dial();
    p->sendAuth();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::OutOfOrderAuth}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, ERROR_MSG}}));
    expectError(*p, ERR_MISC, "out-of-order AUTH message");
}

// --- MACs and sequence numbers (spec 5.2): ERR_AUTH

TEST_F(Handshake, BadMacOnAuthGetsUnexpectedMac)
{
    auto p = dial();
    p->sendHello();
    world.runUntil(30ms);
    p->sendAuth(AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks{.corruptMac = true});
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{40ms, DropCause::UnexpectedMac}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {50ms, ERROR_MSG}}));
    expectError(*p, ERR_AUTH, "unexpected MAC");
    EXPECT_EQ(p->closedAt(), at(50ms));
}

TEST_F(Handshake, WrongSequenceGetsUnexpectedAuthSequence)
{
    auto p = dial();
    p->sendHello();
    world.runUntil(30ms);
    p->sendAuth(AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks{.sequenceOffset = 1});
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{40ms, DropCause::UnexpectedAuthSequence}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {50ms, ERROR_MSG}}));
    expectError(*p, ERR_AUTH, "unexpected auth sequence");
}

TEST_F(Handshake, ReplayedMessageAfterAuthGetsUnexpectedAuthSequence)
{
    auto p = world.authenticatedPeer(*node);
    world.runUntil(1s);
    StellarMessage m;
    m.type(GET_SCP_STATE);
    p->send(m);                                   // sequence 2 (AUTH was 0, the grant 1)
    p->send(m, SendTweaks{.sequenceOffset = -1}); // sequence 2 again
    world.runUntil(2s);
    EXPECT_EQ(node->drops(), (DropLog{{1010ms, DropCause::UnexpectedAuthSequence}}));
    expectError(*p, ERR_AUTH, "unexpected auth sequence");
}

// E04: from GOT_HELLO on every message is MAC-checked, and HELLO carries none.
TEST_F(Handshake, SecondHelloGetsUnexpectedMac)
{
    auto p = dial();
    p->sendHello();
    world.runUntil(30ms);
    p->sendHello();
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{40ms, DropCause::UnexpectedMac}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, HELLO}, {50ms, ERROR_MSG}}));
    expectError(*p, ERR_AUTH, "unexpected MAC");
}

// --- bytes that are not XDR (E07): ERR_DATA

// 4096 bytes is the largest frame read before AUTH; these are not an
// AuthenticatedMessage.
TEST_F(Handshake, FrameOf4096BytesBeforeAuthIsReadAndJudgedAsXdr)
{
    auto p = dial();
    p->sendRawFrame(std::vector<uint8_t>(4096, 0xff));
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::CorruptXdr}}));
    EXPECT_EQ(p->arrivals(), (Arrivals{{30ms, ERROR_MSG}}));
    expectError(*p, ERR_DATA, "received corrupt XDR");
}

// stellar-core v27 rejects bytes after the AuthenticatedMessage (v25 ignored them).
TEST_F(Handshake, TrailingBytesAfterTheMessageAreCorruptXdr)
{
    auto p = dial();
    StellarMessage m;
    m.type(GET_SCP_STATE);
    p->sendRawFrame(frameOf(m, /*trailingBytes=*/4));
    world.runUntil(1s);
    EXPECT_EQ(node->drops(), (DropLog{{20ms, DropCause::CorruptXdr}}));
    expectError(*p, ERR_DATA, "received corrupt XDR");
}

// --- after the handshake

// The remote's ERROR_MSG ends the connection; its text is escaped in the
// reason (E32).
TEST_F(Handshake, RemoteErrorEndsTheConnectionWithSanitisedText)
{
    auto p = world.authenticatedPeer(*node);
    world.runUntil(1s);
    StellarMessage m;
    m.type(ERROR_MSG);
    m.error().code = ERR_LOAD;
    m.error().msg = "go away\n\x1b[31m";
    p->send(m);
    world.runUntil(2s);
    EXPECT_EQ(node->drops(), (DropLog{{1010ms, DropCause::RemoteError}}));
    EXPECT_EQ(node->dropEvents().back().direction, DropDirection::REMOTE_DROPPED_US);
    // Control characters are escaped, the rest is kept as sent.
    EXPECT_EQ(node->dropEvents().back().reason, "ERR_LOAD (go away\\x0a\\x1b[31m)");
}

// Only the responder sends PEERS (spec 7.2).
TEST_F(Handshake, PeersFromTheInitiatorIsDropped)
{
    auto p = world.authenticatedPeer(*node);
    world.runUntil(1s);
    StellarMessage m;
    m.type(PEERS);
    p->send(m);
    world.runUntil(2s);
    EXPECT_EQ(node->drops(), (DropLog{{1010ms, DropCause::PeersFromInitiator}}));
    EXPECT_FALSE(p->firstError());
}

TEST_F(Handshake, ShutdownSendsErrMiscShutdown)
{
    auto p = world.authenticatedPeer(*node);
    world.runUntil(1s);
    node->overlay().shutdown();
    world.runUntil(2s);
    EXPECT_EQ(node->drops(), (DropLog{{1s, DropCause::Shutdown}}));
    expectError(*p, ERR_MISC, "shutdown");
    EXPECT_EQ(p->closedAt(), at(1010ms));
}

// --- over TCP on 127.0.0.1: one test per way a refused connection ends

namespace
{

class HandshakeTcp : public ::testing::Test
{
  protected:
    Clock clock{Clock::Mode::Real};
    TcpNetwork network{clock, "127.0.0.1"};
    TestNode node{clock, network, testOverlayConfig()};

    void
    SetUp() override
    {
        node.overlay().start();
    }

    std::unique_ptr<ScriptedPeer>
    dial(ScriptedPeerOptions options = scriptedOptions())
    {
        auto p = std::make_unique<ScriptedPeer>(clock, std::move(options));
        p->connect(network, "127.0.0.1", static_cast<uint16_t>(node.overlay().listeningPort()));
        EXPECT_TRUE(p->waitFor([&] { return p->connected(); }));
        return p;
    }

    // The node's drop causes, once `n` drops happened.
    std::vector<DropCause>
    dropCauses(std::size_t n)
    {
        EXPECT_TRUE(clock.crankUntil([&] { return node.drops().size() >= n; }, 5s));
        std::vector<DropCause> out;
        for (auto const& d : node.drops())
            out.push_back(d.cause);
        return out;
    }
};

}

// The handshake completes over a socket.
TEST_F(HandshakeTcp, InitiatorCompletes)
{
    auto p = dial();
    ASSERT_TRUE(p->handshake());
    ASSERT_TRUE(p->waitForType(GET_SCP_STATE));
    EXPECT_EQ(p->receivedTypes(), (std::vector<MessageType>{HELLO, AUTH, SEND_MORE_EXTENDED, GET_SCP_STATE}));
    EXPECT_EQ(node.overlay().inboundAuthenticatedCount(), 1u);
}

// Silent: not a byte back, then the socket closes.
TEST_F(HandshakeTcp, BadCertIsClosedWithoutAWord)
{
    auto opts = scriptedOptions();
    opts.networkPassphrase = "Some Other Network ; 2026";
    auto p = dial(opts);
    p->sendHello();
    EXPECT_EQ(dropCauses(1), (std::vector<DropCause>{DropCause::BadAuthCert}));
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty());
}

// After HELLO: the responder's HELLO, then ERROR_MSG, then the close.
TEST_F(HandshakeTcp, WrongNetworkGetsHelloThenErrConf)
{
    auto p = dial();
    auto hello = p->makeHello();
    hello.networkID = crypto::sha256(crypto::asBytes("Some Other Network ; 2026"));
    p->sendHello(hello);
    EXPECT_EQ(dropCauses(1), (std::vector<DropCause>{DropCause::WrongNetwork}));
    ASSERT_TRUE(p->waitClosed());
    EXPECT_EQ(p->receivedTypes(), (std::vector<MessageType>{HELLO, ERROR_MSG}));
    expectError(*p, ERR_CONF, "wrong network passphrase");
}

// A MAC that does not check: ERR_AUTH.
TEST_F(HandshakeTcp, BadMacGetsErrAuth)
{
    auto p = dial();
    p->sendHello();
    ASSERT_TRUE(p->waitForType(HELLO));
    p->sendAuth(AUTH_MSG_FLAG_FLOW_CONTROL_BYTES_REQUESTED, SendTweaks{.corruptMac = true});
    EXPECT_EQ(dropCauses(1), (std::vector<DropCause>{DropCause::UnexpectedMac}));
    ASSERT_TRUE(p->waitClosed());
    expectError(*p, ERR_AUTH, "unexpected MAC");
}

// A frame that is not XDR: ERR_DATA.
TEST_F(HandshakeTcp, CorruptFrameGetsErrData)
{
    auto p = dial();
    p->sendRawFrame(std::vector<uint8_t>(4096, 0xff));
    EXPECT_EQ(dropCauses(1), (std::vector<DropCause>{DropCause::CorruptXdr}));
    ASSERT_TRUE(p->waitClosed());
    expectError(*p, ERR_DATA, "received corrupt XDR");
}

// A frame too long to read: the stream ends, silently.
TEST_F(HandshakeTcp, OversizeFrameEndsTheStream)
{
    auto p = dial();
    p->sendRawFrame(std::vector<uint8_t>(4097, 0));
    EXPECT_EQ(dropCauses(1), (std::vector<DropCause>{DropCause::ReadError}));
    ASSERT_TRUE(p->waitClosed());
    EXPECT_TRUE(p->received().empty());
}
