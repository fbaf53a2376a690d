#include "simulation/SimNode.h"

#include "store/Database.h"

#include <fmt/format.h>

namespace stellar::simulation
{

SimNode::SimNode(Clock& clock, std::unique_ptr<Network> network, OverlayConfig config, SimNodeOptions options)
    : SimNode(clock, *network, std::move(config), std::move(options))
{
    ownedNetwork_ = std::move(network);
}

SimNode::SimNode(Clock& clock, Network& network, OverlayConfig config, SimNodeOptions options)
    : network_(network)
    , timeZero_(options.timeZero.value_or(clock.now()))
    , ip_(std::move(options.ip))
    , db_(Database::open(options.databaseUrl))
    , resolver_(clock, timeZero_)
{
    if (options.configureApp)
        options.configureApp(app_);
    if (options.makeApp)
        ownApp_ = options.makeApp(clock, metrics_);
    overlay_ = std::make_unique<OverlayManager>(std::move(config), application(), clock, network_, resolver_, *db_, metrics_);
    overlay_->onDrop([this](OverlayManager::DropEvent const& e) {
        drops_.push_back({e.at - timeZero_, e.cause});
        events_.push_back(e);
    });
}

SimNode::~SimNode()
{
    // The overlay's peers hold transports of the network: they go first.
    overlay_.reset();
}

PeerBareAddress
SimNode::address() const
{
    auto port = overlay_->listeningPort() ? overlay_->listeningPort() : overlay_->config().PEER_PORT;
    return PeerBareAddress::parse(fmt::format("{}:{}", ip_, port)).value();
}

}
