#pragma once
// A standalone node: the overlay over real TCP, the relay application, the
// database and the admin HTTP server, on one event loop.

#include "node/Config.h"
#include "util/Clock.h"
#include "util/Metrics.h"

#include <atomic>
#include <memory>

namespace stellar
{

class AdminServer;
class Database;
class OverlayManager;
class PeerResolver;
class RelayApp;
class TcpNetwork;

class Node
{
  public:
    // Throws ConfigError / DatabaseError with one sentence when the node
    // cannot be built from `config`.
    Node(Config config, Clock& clock);
    ~Node();

    void start();
    void shutdown();

    Config const& config() const { return config_; }
    OverlayManager& overlay() { return *overlay_; }
    RelayApp& app() { return *app_; }
    MetricsRegistry& metrics() { return metrics_; }
    Database& database() { return *db_; }
    Clock& clock() { return clock_; }
    uint16_t httpPort() const;

  private:
    Config config_;
    Clock& clock_;
    MetricsRegistry metrics_;
    std::unique_ptr<Database> db_;
    std::unique_ptr<TcpNetwork> network_;
    std::unique_ptr<PeerResolver> resolver_;
    std::unique_ptr<RelayApp> app_;
    std::unique_ptr<OverlayManager> overlay_;
    std::unique_ptr<AdminServer> admin_;
};

// Runs a node until SIGINT or SIGTERM; returns the process exit code.
int runNode(Config const& config);

}
