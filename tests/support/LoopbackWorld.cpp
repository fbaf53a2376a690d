#include "support/LoopbackWorld.h"

#include "crypto/StrKey.h"
#include "overlay/PeerManager.h"
#include "util/Random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace stellar::test
{

ScriptedPeerOptions
scriptedOptions(std::optional<crypto::SecretKey> key)
{
    ScriptedPeerOptions o;
    o.networkPassphrase = TEST_NETWORK_PASSPHRASE;
    o.key = key ? *key : crypto::SecretKey::random();
    o.listeningPort = WORLD_PEER_PORT;
    return o;
}

void
answer(ScriptedPeer& peer, Answers answers)
{
    peer.onMessage = [&peer, answers](StellarMessage const& msg) {
        switch (msg.type())
        {
        case HELLO:
            if (answers.handshake)
                peer.sendHello();
            break;
        case AUTH:
            if (!answers.handshake)
                break;
            peer.sendAuth(answers.authFlags);
            if (answers.peersAfterAuth)
            {
                StellarMessage peers;
                peers.type(PEERS);
                peers.peers() = *answers.peersAfterAuth;
                peer.send(peers);
            }
            if (answers.errorAfterAuth)
            {
                StellarMessage err;
                err.type(ERROR_MSG);
                err.error().code = answers.errorAfterAuth->first;
                err.error().msg = answers.errorAfterAuth->second;
                peer.send(err);
                peer.close();
                break;
            }
            peer.sendInitialGrant();
            break;
        case GET_SCP_QUORUMSET:
            if (answers.pings)
            {
                StellarMessage dontHave;
                dontHave.type(DONT_HAVE);
                dontHave.dontHave().type = SCP_QUORUMSET;
                dontHave.dontHave().reqHash = msg.qSetHash();
                peer.send(dontHave);
            }
            break;
        default:
            break;
        }
    };
}

Answers
pingAnswersOnly()
{
    Answers a;
    a.handshake = false;
    return a;
}

ScriptedRemote::ScriptedRemote(LoopbackWorld& world, std::string const& ip, ScriptedPeerOptions options)
    : world_(world), options_(std::move(options)), network_(std::make_unique<LoopbackNetwork>(world.hub, ip))
{
    network_->setLinkOptions(world.link);
    options_.timeZero = world.start;
    network_->listen(WORLD_PEER_PORT, [this](std::unique_ptr<Transport> transport) {
        connections.push_back(std::make_unique<ScriptedPeer>(world_.clock, options_));
        auto& peer = *connections.back();
        answer(peer, answers);
        peer.adopt(std::move(transport));
    });
}

PeerBareAddress
ScriptedRemote::address() const
{
    return addr(network_->localIp() + ":" + std::to_string(WORLD_PEER_PORT));
}

NodeID
ScriptedRemote::nodeID() const
{
    NodeID id;
    id.type(PUBLIC_KEY_TYPE_ED25519);
    id.ed25519() = options_.key->publicKey();
    return id;
}

std::string
ScriptedRemote::strKey() const
{
    return strKeyOf(nodeID());
}

std::vector<Error>
ScriptedRemote::errorsReceived() const
{
    std::vector<Error> out;
    for (auto const& c : connections)
        if (auto e = c->firstError())
            out.push_back(*e);
    return out;
}

LoopbackWorld::LoopbackWorld(uint64_t seed)
{
    reseedRandom(seed);
}

LoopbackWorld::~LoopbackWorld()
{
    // Nodes first (their transports belong to the networks), then scripted
    // remotes, then the networks; the hub and the clock outlive them all.
    nodes_.clear();
    remotes_.clear();
    networks_.clear();
}

void
LoopbackWorld::runUntil(ClockDuration t)
{
    auto target = start + t;
    if (clock.now() < target)
        clock.crankFor(target - clock.now());
    while (clock.crank(false) > 0)
    {
    }
}

bool
LoopbackWorld::runUntil(std::function<bool()> const& done, ClockDuration deadline)
{
    auto target = start + deadline;
    if (clock.now() >= target)
        return done();
    return clock.crankUntil(done, target - clock.now());
}

LoopbackNetwork&
LoopbackWorld::network(std::string ip)
{
    networks_.push_back(std::make_unique<LoopbackNetwork>(hub, std::move(ip)));
    networks_.back()->setLinkOptions(link);
    return *networks_.back();
}

TestNode&
LoopbackWorld::node(OverlayConfig config, std::string ip, std::string const& databaseUrl)
{
    TestNodeOptions options;
    options.databaseUrl = databaseUrl;
    return place(std::move(config), std::move(ip), std::move(options));
}

TestNode&
LoopbackWorld::node(OverlayConfig config,
                    std::function<std::unique_ptr<OverlayApp>(Clock&, MetricsRegistry&)> makeApp)
{
    TestNodeOptions options;
    options.makeApp = std::move(makeApp);
    return place(std::move(config), {}, std::move(options));
}

TestNode&
LoopbackWorld::place(OverlayConfig config, std::string ip, TestNodeOptions options)
{
    auto& net = network(std::move(ip));
    config.PEER_PORT = WORLD_PEER_PORT;
    options.timeZero = start;
    options.ip = net.localIp();
    nodes_.push_back({&net, std::make_unique<TestNode>(clock, net, std::move(config), std::move(options))});
    return *nodes_.back().node;
}

TestNode&
LoopbackWorld::startedNode(OverlayConfig config)
{
    auto& n = node(std::move(config));
    n.overlay().start();
    return n;
}

ScriptedRemote&
LoopbackWorld::remote(std::string ip, ScriptedPeerOptions options)
{
    if (ip.empty())
        ip = hub.allocateIp();
    remotes_.push_back(std::make_unique<ScriptedRemote>(*this, ip, std::move(options)));
    return *remotes_.back();
}

std::unique_ptr<ScriptedPeer>
LoopbackWorld::dial(TestNode& node, std::string ip, ScriptedPeerOptions options)
{
    options.timeZero = start;
    return dialFrom(network(std::move(ip)), clock, node, std::move(options));
}

std::unique_ptr<ScriptedPeer>
LoopbackWorld::authenticatedPeer(TestNode& node, ScriptedPeerOptions options)
{
    auto peer = dial(node, {}, std::move(options));
    auto const id = peer->nodeID();
    auto held = [&] {
        for (auto const& p : node.overlay().authenticatedPeers())
            if (p->peerID() && *p->peerID() == id)
                return true;
        return false;
    };
    EXPECT_TRUE(peer->handshake());
    EXPECT_TRUE(peer->waitFor([&] { return held() && peer->firstOf(GET_SCP_STATE).has_value(); }));
    return peer;
}

std::unique_ptr<ScriptedPeer>
dialFrom(LoopbackNetwork& from, Clock& clock, TestNode& node, ScriptedPeerOptions options)
{
    auto listening = PeerBareAddress::parse(from.localIp() + ":" + std::to_string(options.listeningPort));
    auto peer = std::make_unique<ScriptedPeer>(clock, std::move(options));
    // The node has written the row of our HELLO address when its HELLO comes
    // back: its next attempt moves a year away (see the header).
    peer->onHelloReceived = [&clock, &node, listening] {
        auto& peers = node.overlay().peerManager();
        auto record = listening ? peers.load(*listening) : std::nullopt;
        if (!record)
            return;
        record->nextAttempt =
            std::chrono::time_point_cast<SystemTimePoint::duration>(clock.systemNow() + std::chrono::hours(24 * 365));
        peers.store(*listening, *record);
    };
    auto to = node.address();
    peer->connect(from, to.ip(), to.port());
    return peer;
}

void
LoopbackWorld::remove(TestNode& node)
{
    std::erase_if(nodes_, [&](PlacedNode const& p) { return p.node.get() == &node; });
}

LoopbackNetwork&
LoopbackWorld::networkOf(TestNode const& node)
{
    for (auto const& p : nodes_)
        if (p.node.get() == &node)
            return *p.network;
    throw std::logic_error("not a node of this world");
}

std::string
errorTextOf(ScriptedPeer const& peer)
{
    auto e = peer.firstError();
    return e ? e->msg : std::string("<no ERROR_MSG>");
}

void
expectError(ScriptedPeer const& peer, ErrorCode code, std::string const& text)
{
    auto err = peer.firstError();
    ASSERT_TRUE(err.has_value()) << "no ERROR_MSG received";
    EXPECT_EQ(err->code, code);
    EXPECT_EQ(err->msg, text);
}

std::string
strKeyOf(NodeID const& id)
{
    return crypto::toStrKeyPublic(id.ed25519());
}

PeerBareAddress
addr(std::string_view text)
{
    return PeerBareAddress::parse(text).value();
}

std::optional<PeerRecord>
row(TestNode& node, PeerBareAddress const& address)
{
    return node.overlay().peerManager().load(address);
}

}
