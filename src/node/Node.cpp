#include "node/Node.h"

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/TcpNetwork.h"
#include "node/AdminServer.h"
#include "node/RelayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerResolver.h"
#include "store/Database.h"
#include "util/Log.h"

#include <fmt/format.h>

#include <csignal>

namespace stellar
{

namespace
{
std::atomic<bool> gStopRequested{false};

extern "C" void
onStopSignal(int)
{
    gStopRequested = true;
}

RelayAppConfig
relayConfigFrom(Config const& c)
{
    RelayAppConfig r;
    auto const& pass = c.overlay.NETWORK_PASSPHRASE;
    r.networkID = crypto::sha256(std::span<uint8_t const>(reinterpret_cast<uint8_t const*>(pass.data()), pass.size()));
    for (auto const& v : c.QUORUM_VALIDATORS)
    {
        NodeID id;
        id.type(PUBLIC_KEY_TYPE_ED25519);
        id.ed25519() = *crypto::fromStrKeyPublic(v);
        r.quorumValidators.push_back(id);
    }
    r.ledgerProtocolVersion = c.overlay.LEDGER_PROTOCOL_VERSION;
    return r;
}
}

Node::Node(Config config, Clock& clock) : config_(std::move(config)), clock_(clock)
{
    setLogLevel("*", config_.LOG_LEVEL);
    db_ = Database::open(config_.DATABASE);
    network_ = std::make_unique<TcpNetwork>(clock_, config_.overlay.PEER_LISTEN_ADDRESS);
    resolver_ = makeSystemPeerResolver(clock_);
    app_ = std::make_unique<RelayApp>(relayConfigFrom(config_), clock_);
    overlay_ = std::make_unique<OverlayManager>(config_.overlay, *app_, clock_, *network_, *resolver_, *db_, metrics_);
}

Node::~Node() = default;

void
Node::start()
{
    try
    {
        overlay_->start();
    }
    catch (std::runtime_error const& e)
    {
        // The one way listening fails once the config parsed: the port is taken or not ours.
        throw ConfigError(fmt::format("PEER_PORT: {}", e.what()));
    }
    if (config_.HTTP_PORT != 0)
    {
        admin_ = std::make_unique<AdminServer>(*this);
        admin_->start(config_.PUBLIC_HTTP_PORT ? "0.0.0.0" : "127.0.0.1", config_.HTTP_PORT);
    }
}

void
Node::shutdown()
{
    if (admin_)
        admin_->stop();
    overlay_->shutdown();
}

uint16_t
Node::httpPort() const
{
    return admin_ ? admin_->port() : 0;
}

int
runNode(Config const& config)
{
    Clock clock{Clock::Mode::Real};
    Node node(config, clock);
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    node.start();
    // A periodic wake-up lets the loop notice a stop request promptly.
    Timer wake(clock);
    std::function<void()> rearm = [&] { wake.expiresAfter(std::chrono::milliseconds(200), rearm); };
    rearm();
    while (!gStopRequested)
        clock.crank(true);
    logger("Node").info("stopping");
    node.shutdown();
    // Give the goodbye ERROR_MSGs a moment to leave.
    clock.crankFor(std::chrono::milliseconds(300));
    return 0;
}

}
