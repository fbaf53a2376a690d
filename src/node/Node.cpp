#include "node/Node.h"

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/TcpNetwork.h"
#include "node/AdminServer.h"
#include "node/QuorumSetUtils.h"
#include "node/RelayApp.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerResolver.h"
#include "store/Database.h"
#include "util/Log.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

// Sinks and levels as the config says, then the one warning about the
// stellar-core keys this node does not use.
void
startLogging(Config const& c)
{
    try
    {
        setLogSinks(c.LOG_FILE_PATH.empty() ? "" : logFileName(c.LOG_FILE_PATH, std::time(nullptr)), c.LOG_COLOR);
    }
    catch (std::runtime_error const& e)
    {
        throw ConfigError(fmt::format("LOG_FILE_PATH: {}", e.what()));
    }
    setLogLevel("*", c.LOG_LEVEL);
    if (!c.ignoredCoreKeys.empty())
        defaultLogger().warn("ignoring stellar-core keys an overlay node does not use: {}",
                             fmt::join(c.ignoredCoreKeys, ", "));
}

RelayAppConfig
relayConfigFrom(Config const& c)
{
    RelayAppConfig r;
    auto const& pass = c.overlay.NETWORK_PASSPHRASE;
    r.networkID = crypto::sha256(std::span<uint8_t const>(reinterpret_cast<uint8_t const*>(pass.data()), pass.size()));
    for (auto const& v : allNodes(c.QUORUM_SET))
        r.quorumValidators.push_back(v);
    r.ledgerProtocolVersion = c.overlay.LEDGER_PROTOCOL_VERSION;
    return r;
}
}

Node::Node(Config config, Clock& clock) : config_(std::move(config)), clock_(clock)
{
    startLogging(config_);
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
    defaultLogger().info("stopping");
    node.shutdown();
    // Give the goodbye ERROR_MSGs a moment to leave.
    clock.crankFor(std::chrono::milliseconds(300));
    return 0;
}

}
