#include "simulation/Simulation.h"

#include "crypto/SHA.h"
#include "net/TcpNetwork.h"
#include "overlay/PeerManager.h"
#include "util/Random.h"

#include <fmt/format.h>

namespace stellar::simulation
{

crypto::SecretKey
simulationNodeKey(uint64_t seed, std::size_t index)
{
    auto text = fmt::format("stellar-overlay simulation node {} of seed {}", index, seed);
    return crypto::SecretKey::fromSeed(crypto::sha256(crypto::asBytes(text)));
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
        SimNodeOptions nodeOptions;
        nodeOptions.timeZero = start_;
        nodeOptions.ip = ip;
        if (options_.configureApp)
            nodeOptions.configureApp = [this, i](ScriptedApp& app) { options_.configureApp(i, app); };
        nodes_.push_back(std::make_unique<SimNode>(*clock_, std::move(network), std::move(c), std::move(nodeOptions)));
        nodes_.back()->overlay().start();
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
    for (auto const& p : a.overlay().authenticatedPeers())
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
