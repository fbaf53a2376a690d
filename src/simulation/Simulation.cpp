#include "simulation/Simulation.h"

#include "crypto/SHA.h"
#include "net/TcpNetwork.h"
#include "overlay/PeerManager.h"
#include "overlay/PeerResolver.h"
#include "store/Database.h"
#include "util/Random.h"

#include <fmt/format.h>

namespace stellar::simulation
{

namespace
{

constexpr char const* SIMULATION_PASSPHRASE = "stellar-overlay simulation ; 2026";

// Every name is an address already: nothing to resolve.
class LiteralResolver : public PeerResolver
{
  public:
    explicit LiteralResolver(Clock& clock) : clock_(clock) {}
    void
    resolve(std::vector<std::string> known, std::vector<std::string> preferred,
            std::function<void(Result)> done) override
    {
        Result r;
        for (auto const& k : known)
            if (auto a = PeerBareAddress::parse(k, DEFAULT_PEER_PORT))
                r.known.push_back(*a);
        for (auto const& p : preferred)
            if (auto a = PeerBareAddress::parse(p, DEFAULT_PEER_PORT))
                r.preferred.push_back(*a);
        clock_.post([done = std::move(done), r] { done(r); });
    }

  private:
    Clock& clock_;
};

}

crypto::SecretKey
simulationNodeKey(uint64_t seed, std::size_t index)
{
    auto text = fmt::format("stellar-overlay simulation node {} of seed {}", index, seed);
    return crypto::SecretKey::fromSeed(crypto::sha256(crypto::asBytes(text)));
}

SimNode::SimNode(Clock& clock, ClockTime start, std::unique_ptr<Network> network, OverlayConfig config,
                 std::function<void(ScriptedApp&)> const& configureApp)
    : clock_(clock)
    , start_(start)
    , network_(std::move(network))
    , db_(Database::open("sqlite3://:memory:"))
    , resolver_(std::make_unique<LiteralResolver>(clock))
    , address_(*PeerBareAddress::parse("0.0.0.0:1"))
{
    if (configureApp)
        configureApp(app_);
    overlay_ = std::make_unique<OverlayManager>(std::move(config), app_, clock_, *network_, *resolver_, *db_,
                                                metrics_);
    overlay_->onDrop([this](OverlayManager::DropEvent const& e) {
        drops_.push_back(DropRecord{e.at - start_, e.cause, e.address ? e.address->toString() : "?"});
    });
}

SimNode::~SimNode()
{
    overlay_.reset();
}

void
SimNode::start(std::string const& ip)
{
    overlay_->start();
    address_ = *PeerBareAddress::parse(fmt::format("{}:{}", ip, overlay_->listeningPort()));
}

Simulation::Simulation(SimulationOptions options) : options_(std::move(options))
{
    reseedRandom(options_.seed);
    bool tcp = options_.transport == TransportKind::Tcp;
    clock_ = std::make_unique<Clock>(tcp ? Clock::Mode::Real : Clock::Mode::Virtual);
    start_ = clock_->now();
    if (!tcp)
        hub_ = std::make_unique<LoopbackHub>(*clock_);
    edges_ = makeEdges(options_.topology, options_.nodes);

    // Every node may hold all its topology links; nothing else is dialled:
    // PEERS entries (127.x) are ignored without ALLOW_LOCALHOST_FOR_TESTING.
    std::vector<uint32_t> outDegree(options_.nodes), inDegree(options_.nodes);
    for (auto const& [a, b] : edges_)
    {
        ++outDegree[a];
        ++inDegree[b];
    }
    for (std::size_t i = 0; i < options_.nodes; ++i)
    {
        OverlayConfig c;
        c.NETWORK_PASSPHRASE = SIMULATION_PASSPHRASE;
        c.NODE_SEED = simulationNodeKey(options_.seed, i).strKeySeed();
        c.PEER_PORT = tcp ? 0 : DEFAULT_PEER_PORT;
        c.PEER_LISTEN_ADDRESS = "127.0.0.1";
        c.ALLOW_LOCALHOST_FOR_TESTING = false;
        c.MAX_ADDITIONAL_PEER_CONNECTIONS = static_cast<int32_t>(std::max<uint32_t>(inDegree[i], 8));
        c.TARGET_PEER_CONNECTIONS = std::max<uint32_t>(outDegree[i], 1);
        // TARGET is capped at MAX_ADDITIONAL / 3 + 3 (E31): keep room for it.
        c.MAX_ADDITIONAL_PEER_CONNECTIONS =
            std::max<int32_t>(c.MAX_ADDITIONAL_PEER_CONNECTIONS, 3 * static_cast<int32_t>(outDegree[i]));
        c.VERSION_STR = fmt::format("stellar-overlay simulation node {}", i);
        if (options_.configure)
            options_.configure(i, c);

        std::unique_ptr<Network> network;
        std::string ip = "127.0.0.1";
        if (tcp)
            network = std::make_unique<TcpNetwork>(*clock_, "127.0.0.1");
        else
        {
            auto loopback = std::make_unique<LoopbackNetwork>(*hub_);
            loopback->setLinkOptions(options_.link);
            ip = loopback->localIp();
            network = std::move(loopback);
        }
        std::function<void(ScriptedApp&)> configureApp;
        if (options_.configureApp)
            configureApp = [this, i](ScriptedApp& app) { options_.configureApp(i, app); };
        nodes_.push_back(std::make_unique<SimNode>(*clock_, start_, std::move(network), std::move(c), configureApp));
        nodes_.back()->start(ip);
    }
}

Simulation::~Simulation()
{
    // Nodes first (their transports go with their peers), then the hub, the
    // clock. No goodbye ERROR_MSGs: nobody would read them.
    nodes_.clear();
    hub_.reset();
}

bool
Simulation::connected(std::size_t i, std::size_t j) const
{
    auto const& a = *nodes_.at(i);
    auto const& b = *nodes_.at(j);
    for (auto const& p : const_cast<SimNode&>(a).overlay().authenticatedPeers())
        if (p->peerID() && *p->peerID() == b.nodeID())
            return true;
    return false;
}

bool
Simulation::connectAll(ClockDuration timeout)
{
    for (auto const& [a, b] : edges_)
        node(a).overlay().connectTo(node(b).address());
    bool ok = crankUntil(
        [&] {
            for (auto const& [a, b] : edges_)
                if (!connected(a, b) || !connected(b, a))
                    return false;
            return true;
        },
        timeout);
    // The tick would promote every inbound peer, dialling it although it is
    // connected (E30), and each dial ends in "already-connected peer": churn
    // that is no part of the topology. Rows typed OUTBOUND are not promoted,
    // and connected ones are not dialled.
    for (auto& n : nodes_)
        for (auto const& p : n->overlay().inboundAuthenticatedPeers())
            n->overlay().peerManager().update(p->address(), PeerType::OUTBOUND, PreferredTypeKnown::NO);
    return ok;
}

bool
Simulation::crankUntil(std::function<bool()> const& done, ClockDuration timeout)
{
    return clock_->crankUntil(done, timeout);
}

void
Simulation::crankFor(ClockDuration d)
{
    clock_->crankFor(d);
}

int64_t
Simulation::counterSum(std::string_view name) const
{
    int64_t sum = 0;
    for (auto const& n : nodes_)
        sum += n->counter(name);
    return sum;
}

}
