#include "node/Node.h"

#include "crypto/SHA.h"
#include "crypto/StrKey.h"
#include "net/TcpNetwork.h"
#include "node/AdminServer.h"
#include "node/HerderCommands.h"
#include "node/NodeCommands.h"
#include "node/QuorumSetUtils.h"
#include "node/RelayApp.h"
#include "node/StatusLine.h"
#include "node/SurveyCommands.h"
#include "node/TestLedgerClock.h"
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

// A validator whose quorum set lets it close ledgers alone is the network's
// test ledger clock; any other validator, having no SCP, follows as a
// watcher. Throws ConfigError on the public and test networks.
std::optional<crypto::SecretKey>
ledgerClockKey(Config const& c)
{
    if (!c.NODE_IS_VALIDATOR || c.overlay.NODE_SEED.empty())
        return std::nullopt;
    auto key = crypto::SecretKey::fromStrKeySeed(c.overlay.NODE_SEED);
    NodeID self;
    self.type(PUBLIC_KEY_TYPE_ED25519);
    self.ed25519() = key->publicKey();
    if (!isQuorumSlice(c.QUORUM_SET, {self}))
    {
        defaultLogger().warn("NODE_IS_VALIDATOR: this node has no SCP and its QUORUM_SET needs other validators to "
                             "close a ledger, so it follows them as a watcher");
        return std::nullopt;
    }
    if (auto refusal = ledgerClockRefusal(c.overlay.NETWORK_PASSPHRASE))
        throw ConfigError(*refusal);
    return key;
}


RelayHooks
relayHooks(OverlayManager& overlay)
{
    RelayHooks h;
    h.broadcastEnvelope = [&overlay](SCPEnvelope const& env) { overlay.broadcastSCPEnvelope(env); };
    h.broadcastTransaction = [&overlay](TransactionEnvelope const& tx, Hash const& fullHash) {
        overlay.broadcastTransaction(tx, fullHash);
    };
    h.askForScpState = [&overlay](uint32_t fromLedger) {
        // core: HerderImpl::getMoreSCPState asks two random peers.
        auto peers = overlay.randomAuthenticatedPeers();
        for (std::size_t i = 0; i < peers.size() && i < 2; ++i)
            peers[i]->sendGetScpState(fromLedger);
    };
    return h;
}
}

RelayAppConfig
relayConfigFrom(Config const& c)
{
    RelayAppConfig r;
    auto const& pass = c.overlay.NETWORK_PASSPHRASE;
    r.networkID = crypto::sha256(std::span<uint8_t const>(reinterpret_cast<uint8_t const*>(pass.data()), pass.size()));
    r.quorumSet = c.QUORUM_SET;
    r.ledgerClockKey = ledgerClockKey(c);
    r.ledgerProtocolVersion = c.overlay.LEDGER_PROTOCOL_VERSION;
    // core: Herder's expected ledger close time, 5 s; 1 s with
    // ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING (Config::getExpectedLedgerCloseTime).
    r.expectedLedgerCloseTime =
        c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(5000);
    r.checkpointFrequency =
        c.ARTIFICIALLY_ACCELERATE_TIME_FOR_TESTING ? ACCELERATED_CHECKPOINT_FREQUENCY : CHECKPOINT_FREQUENCY;
    r.upgradeMaxTxSetSize = c.TESTING_UPGRADE_MAX_TX_SET_SIZE;
    return r;
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
    app_ = std::make_unique<RelayApp>(relayConfigFrom(config_), clock_, metrics_);
    overlay_ = std::make_unique<OverlayManager>(config_.overlay, *app_, clock_, *network_, *resolver_, *db_, metrics_);
    app_->setHooks(relayHooks(*overlay_));
    admin_ = std::make_unique<AdminServer>(clock_);
    addNodeCommands(*admin_, *this);
    addHerderCommands(*admin_, *this);
    addSurveyCommands(*admin_, *this);
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
    app_->start();
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
