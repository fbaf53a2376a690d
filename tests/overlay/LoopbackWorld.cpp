#include "overlay/LoopbackWorld.h"

#include "crypto/StrKey.h"
#include "overlay/PeerManager.h"
#include "util/Random.h"

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
    return *networks_.back();
}

TestNode&
LoopbackWorld::node(OverlayConfig config, std::string ip, std::string const& databaseUrl)
{
    auto& net = network(std::move(ip));
    config.PEER_PORT = WORLD_PEER_PORT;
    nodes_.push_back({&net, std::make_unique<TestNode>(clock, net, std::move(config), databaseUrl)});
    return *nodes_.back().node;
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
    auto& net = network(std::move(ip));
    auto peer = std::make_unique<ScriptedPeer>(clock, std::move(options));
    auto to = address(node);
    peer->connect(net, to.ip(), to.port());
    return peer;
}

void
LoopbackWorld::remove(TestNode& node)
{
    std::erase_if(nodes_, [&](PlacedNode const& p) { return p.node.get() == &node; });
}

PeerBareAddress
LoopbackWorld::address(TestNode const& node) const
{
    for (auto const& p : nodes_)
        if (p.node.get() == &node)
            return addr(p.network->localIp() + ":" + std::to_string(WORLD_PEER_PORT));
    throw std::logic_error("not a node of this world");
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

DropLog
withoutFailedDials(DropLog const& log)
{
    DropLog out;
    for (auto const& e : log)
        if (e.cause != DropCause::ConnectFailed)
            out.push_back(e);
    return out;
}

}
