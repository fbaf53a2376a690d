#pragma once
// A standalone node: the overlay over real TCP, the relay application, the
// database and the admin HTTP server, on one event loop. It also keeps the
// metrics' rates current (every Rates::TICK) and logs the status line every
// SUMMARY_LEDGERS expected ledger closes.

#include "node/Config.h"
#include "util/Clock.h"
#include "util/Metrics.h"

#include <atomic>
#include <memory>

namespace stellar
{

class AdminServer;
class Database;
class StatusLine;
class OverlayManager;
class PeerResolver;
class RelayApp;
struct RelayAppConfig;
class TcpNetwork;

// What the relay application takes from the node's config (network, quorum
// set, ledger clock key, expected ledger close time).
RelayAppConfig relayConfigFrom(Config const& c);

class Node
{
  public:
    // Throws ConfigError / DatabaseError with one sentence when the node
    // cannot be built from `config`.
    Node(Config config, Clock& clock);
    ~Node();

    // Commands can be added to admin() until start().
    void start();
    void shutdown();

    Config const& config() const { return config_; }
    OverlayManager& overlay() { return *overlay_; }
    RelayApp& app() { return *app_; }
    MetricsRegistry& metrics() { return metrics_; }
    Database& database() { return *db_; }
    Clock& clock() { return clock_; }
    AdminServer& admin() { return *admin_; }
    uint16_t httpPort() const;
    SystemTimePoint startedOn() const { return startedOn_; }
    bool stopping() const { return stopping_; }
    // core: Logging::rotate: reopens LOG_FILE_PATH (a new file when the name
    // has a {datetime}, else the same one, truncated).
    void rotateLog();

  private:
    void runConfigCommands();
    void tickMetrics();
    void logStatus();

    Config config_;
    Clock& clock_;
    SystemTimePoint startedOn_;
    bool stopping_ = false;
    MetricsRegistry metrics_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<TcpNetwork> network_;
    std::unique_ptr<PeerResolver> resolver_;
    std::unique_ptr<RelayApp> app_;
    std::unique_ptr<OverlayManager> overlay_;
    std::unique_ptr<AdminServer> admin_;
    std::unique_ptr<StatusLine> statusLine_;
    Timer metricsTimer_, statusTimer_;
};

// Runs a node until SIGINT or SIGTERM; returns the process exit code.
int runNode(Config const& config);

}
