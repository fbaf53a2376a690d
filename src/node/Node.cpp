#include "node/Node.h"

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/TcpNetwork.h"
#include "node/AdminServer.h"
#include "node/NodeCommands.h"
#include "node/QuorumSetUtils.h"
#include "node/RelayApp.h"
#include "node/StatusLine.h"
#include "overlay/OverlayManager.h"
#include "overlay/PeerResolver.h"
#include "store/Database.h"
#include "util/Log.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <csignal>
#include <fstream>

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

// core: Logging::init: stderr, and the file LOG_FILE_PATH names now.
void
openLogSinks(Config const& c, bool truncate)
{
    try
    {
        auto file = c.LOG_FILE_PATH.empty() ? "" : logFileName(c.LOG_FILE_PATH, std::time(nullptr));
        if (truncate && !file.empty())
            std::ofstream(file, std::ios::trunc);
        setLogSinks(file, c.LOG_COLOR);
    }
    catch (std::runtime_error const& e)
    {
        throw ConfigError(fmt::format("LOG_FILE_PATH: {}", e.what()));
    }
}

// Sinks and levels as the config says, then the one warning about the
// stellar-core keys this node does not use.
void
startLogging(Config const& c)
{
    openLogSinks(c, /*truncate=*/false);
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
    // core: Config::getExpectedLedgerCloseTimeTestingOverride
    if (c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING)
        r.expectedLedgerCloseTime = std::chrono::seconds(1);
    return r;
}
}

Node::Node(Config config, Clock& clock)
    : config_(std::move(config))
    , clock_(clock)
    , startedOn_(clock.systemNow())
    , metrics_(&clock)
    , metricsTimer_(clock)
    , statusTimer_(clock)
{
    startLogging(config_);
    db_ = Database::open(config_.DATABASE);
    network_ = std::make_unique<TcpNetwork>(clock_, config_.overlay.PEER_LISTEN_ADDRESS);
    resolver_ = makeSystemPeerResolver(clock_);
    app_ = std::make_unique<RelayApp>(relayConfigFrom(config_), clock_);
    overlay_ = std::make_unique<OverlayManager>(config_.overlay, *app_, clock_, *network_, *resolver_, *db_, metrics_);
    admin_ = std::make_unique<AdminServer>(clock_);
    addNodeCommands(*admin_, *this);
    statusLine_ = std::make_unique<StatusLine>(*this);
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
        try
        {
            admin_->start(config_.PUBLIC_HTTP_PORT ? "0.0.0.0" : "127.0.0.1", config_.HTTP_PORT);
        }
        catch (std::runtime_error const& e)
        {
            throw ConfigError(fmt::format("HTTP_PORT: {}", e.what()));
        }
    }
    runConfigCommands();
    tickMetrics();
    statusTimer_.expiresAfter(SUMMARY_LEDGERS * app_->expectedLedgerCloseTime(), [this] { logStatus(); });
}

// core: ApplicationImpl::applyCfgCommands. A command only stellar-core serves
// (upgrades, ...) is named and skipped, so that core's config still runs.
void
Node::runConfigCommands()
{
    for (auto const& command : config_.COMMANDS)
    {
        auto answer = admin_->handle(command);
        if (answer.status == 404)
            defaultLogger().warn("COMMANDS: \"{}\" is not a command this node serves: skipped", command);
        else
            defaultLogger().info("{} -> {}", command, answer.body);
    }
}

void
Node::tickMetrics()
{
    metrics_.tick();
    metricsTimer_.expiresAfter(Rates::TICK, [this] { tickMetrics(); });
}

void
Node::logStatus()
{
    logger("Overlay").info("{}", statusLine_->next());
    statusTimer_.expiresAfter(SUMMARY_LEDGERS * app_->expectedLedgerCloseTime(), [this] { logStatus(); });
}

void
Node::rotateLog()
{
    openLogSinks(config_, /*truncate=*/true);
}

void
Node::shutdown()
{
    stopping_ = true;
    metricsTimer_.cancel();
    statusTimer_.cancel();
    admin_->stop();
    overlay_->shutdown();
}

uint16_t
Node::httpPort() const
{
    return admin_->port();
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
